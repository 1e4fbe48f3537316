"""A backup restores: the demo office with every domain's data and uploaded files goes into an
archive, the installation is emptied, the archive is restored, and every table's rows, the
content of the key tables and every file are the same as before."""

import hashlib
import io
import shutil
import tarfile
from pathlib import Path

import pytest
from django.conf import settings
from django.core.files.uploadedfile import SimpleUploadedFile
from django.core.management import call_command
from django.core.management.base import CommandError
from django.db import connection

from apps.accounts.demo import demo_seed
from apps.core import backups
from apps.offices.models import Office
from tests_support.factories import membership_of

PDF = b"%PDF-1.4\n1 0 obj<<>>endobj\ntrailer<<>>\n%%EOF\n"
KEY_TABLES = (
    "accounts_user",
    "cases_case",
    "cases_comment",
    "cases_attachment",
    "follow_ups_followup",
    "offices_auditlog",
    "meetings_meeting",
    "village_reports_submission",
    "village_reports_submissionfile",
    "notifications_outboxemail",
)


def _content_hash(table: str) -> str:
    digest = hashlib.sha256()
    with connection.cursor() as cursor:
        cursor.execute(f"SELECT * FROM {connection.ops.quote_name(table)} ORDER BY 1")
        for row in cursor.fetchall():
            digest.update(repr(row).encode())
    return digest.hexdigest()


def _state():
    with connection.cursor() as cursor:
        counts = backups.table_counts(cursor)
    hashes = {table: _content_hash(table) for table in KEY_TABLES}
    files = backups.media_files(Path(settings.MEDIA_ROOT))
    return counts, hashes, files


def _empty_installation():
    call_command("flush", "--no-input", verbosity=0)
    shutil.rmtree(settings.MEDIA_ROOT, ignore_errors=True)
    Path(settings.MEDIA_ROOT).mkdir(parents=True)


@pytest.fixture
def media_root(settings, tmp_path):
    settings.MEDIA_ROOT = str(tmp_path / "media")
    Path(settings.MEDIA_ROOT).mkdir()
    return Path(settings.MEDIA_ROOT)


@pytest.mark.slow
@pytest.mark.django_db(transaction=True)
def test_a_backup_restores_every_row_and_every_file_into_an_empty_installation(
    media_root, tmp_path
):
    if connection.vendor == "postgresql":
        try:
            backups.pg_tool("pg_dump"), backups.pg_tool("pg_restore")
        except backups.BackupError as error:
            pytest.skip(str(error))
    from apps.cases import services as cases

    office = Office.objects.get(region__code="63.11.07")
    demo_seed(office=office)  # every domain: cases, follow-ups, meetings, reports, alerts
    official = membership_of("desa-inan")
    case = cases.case_submit(
        acting=official,
        category=office.categories.get(name="Keuangan desa"),
        urgency="sedang",
        title="Laporan dengan lampiran",
        description="Lampiran terlampir.",
        attachments=[SimpleUploadedFile("bukti.pdf", PDF)],
    ).case
    cases.comment_add(acting=official, case=case, body="Mohon segera.")
    counts, hashes, files = _state()
    for table in KEY_TABLES:
        assert counts[table] > 0, f"the demo leaves {table} empty: the test would prove nothing"
    assert len(files) >= 2

    call_command("backup", "--output-dir", str(tmp_path / "backups"), verbosity=0)
    (archive,) = (tmp_path / "backups").glob("ruko-backup-*.tar")
    with tarfile.open(archive) as tar:
        names = set(tar.getnames())
    assert "manifest.json" in names and {f"media/{name}" for name in files} <= names

    with pytest.raises(CommandError, match="not empty"):
        call_command("restore", str(archive), verbosity=0)

    _empty_installation()
    assert backups.installation_is_empty()
    assert _state()[0]["cases_case"] == 0

    call_command("restore", str(archive), verbosity=0)
    after_counts, after_hashes, after_files = _state()
    assert after_counts == counts
    assert after_hashes == hashes
    assert after_files == files

    # A restore over data needs --force; a damaged archive is refused before anything changes.
    with pytest.raises(CommandError, match="not empty"):
        call_command("restore", str(archive), verbosity=0)
    damaged = tmp_path / "damaged.tar"
    with tarfile.open(archive) as source, tarfile.open(damaged, "w") as target:
        for member in source.getmembers():
            data = source.extractfile(member).read()
            if member.name.startswith("media/"):
                data = data + b"x"
                member.size = len(data)
            target.addfile(member, io.BytesIO(data))
    with pytest.raises(CommandError, match="checksum"):
        call_command("restore", str(damaged), "--force", verbosity=0)
    assert _state() == (counts, hashes, files)
