"""The Indonesian catalogue is complete: every string is translated, none is fuzzy, and the
compiled .mo matches the .po."""

import shutil
import subprocess
import sys
from pathlib import Path

import polib
import pytest
from django.conf import settings

PO = Path(settings.BASE_DIR) / "locale" / "id" / "LC_MESSAGES" / "django.po"


def test_every_string_of_the_id_catalogue_is_translated_and_none_is_fuzzy():
    catalogue = polib.pofile(str(PO))
    untranslated = [e.msgid for e in catalogue.untranslated_entries()]
    fuzzy = [e.msgid for e in catalogue.fuzzy_entries()]
    assert not untranslated, f"untranslated: {untranslated[:10]}"
    assert not fuzzy, f"fuzzy: {fuzzy[:10]}"
    assert len(catalogue.translated_entries()) > 100


def test_the_compiled_catalogue_matches_the_source():
    source = polib.pofile(str(PO))
    compiled = polib.mofile(str(PO.with_suffix(".mo")))

    def entries(items):
        return {(e.msgctxt, e.msgid): e.msgstr or str(e.msgstr_plural) for e in items if e.msgid}

    assert entries(source.translated_entries()) == entries(compiled), (
        "the .mo is stale: run `make messages`"
    )


@pytest.mark.skipif(shutil.which("xgettext") is None, reason="needs GNU gettext (xgettext)")
def test_every_string_in_the_code_is_in_the_catalogue(tmp_path):
    """Extract the strings afresh, in a copy of the source tree (makemessages writes next to
    the sources it reads), and compare: nothing may lack a translation."""
    root = Path(settings.BASE_DIR)
    copy = tmp_path / "src"
    ignore = shutil.ignore_patterns(
        ".venv", "var", ".git", "node_modules", "__pycache__", "data", "tests_support", "*.mo"
    )
    for name in ("apps", "config", "templates", "locale"):
        shutil.copytree(root / name, copy / name, ignore=ignore)
    shutil.copy(root / "manage.py", copy / "manage.py")
    subprocess.run(
        [sys.executable, "manage.py", "makemessages", "-l", "id", "--no-location"],
        cwd=copy,
        check=True,
        capture_output=True,
        env={
            "PATH": "/usr/bin:/bin",
            "DJANGO_SETTINGS_MODULE": "config.settings.test",
            "RUKO_LOCALE_DIR": str(copy / "locale"),
        },
    )
    fresh = polib.pofile(str(copy / "locale" / "id" / "LC_MESSAGES" / "django.po"))
    missing = [e.msgid for e in fresh.untranslated_entries() + fresh.fuzzy_entries()]
    assert not missing, f"strings without an Indonesian translation: {missing[:15]}"
