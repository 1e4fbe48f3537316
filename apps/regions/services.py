"""Importing the Kemendagri region codes (`kode,nama,tingkat,kode_induk`)."""

from __future__ import annotations

import csv
import gzip
import io
from dataclasses import dataclass
from pathlib import Path

from django.db import transaction
from django.utils.translation import gettext as _

from apps.core.errors import DomainError

from .models import Region, RegionLevel

LEVELS = {choice.value for choice in RegionLevel}
BATCH = 2000


@dataclass
class ImportResult:
    created: int = 0
    updated: int = 0
    unchanged: int = 0

    @property
    def total(self) -> int:
        return self.created + self.updated + self.unchanged


def _open(path: Path):
    if path.suffix == ".gz":
        return io.TextIOWrapper(gzip.open(path, "rb"), encoding="utf-8-sig", newline="")
    return path.open(encoding="utf-8-sig", newline="")


def _read_rows(path: Path) -> list[tuple[str, str, str, str]]:
    rows = []
    with _open(path) as handle:
        reader = csv.DictReader(handle)
        missing = {"kode", "nama", "tingkat", "kode_induk"} - set(reader.fieldnames or [])
        if missing:
            raise DomainError(
                _("The file lacks the columns: %(columns)s.")
                % {"columns": ", ".join(sorted(missing))}
            )
        for line, row in enumerate(reader, start=2):
            code = (row["kode"] or "").strip()
            name = (row["nama"] or "").strip()
            level = (row["tingkat"] or "").strip().lower()
            parent = (row["kode_induk"] or "").strip()
            if not code or not name:
                raise DomainError(_("Line %(line)d: code and name are required.") % {"line": line})
            if level not in LEVELS:
                raise DomainError(
                    _("Line %(line)d: unknown level “%(level)s”.") % {"line": line, "level": level}
                )
            rows.append((code, name, level, parent))
    return rows


@transaction.atomic
def regions_import(*, path: Path) -> ImportResult:
    """Insert or update every region in the file, keyed by code (idempotent).

    Rows are written parents first (by the depth of their code) in batches, so the national
    file of ~92,000 rows imports in seconds on SQLite.
    """
    rows = _read_rows(Path(path))
    result = ImportResult()
    existing = {
        code: (pk, name, level, parent_id)
        for pk, code, name, level, parent_id in Region.objects.values_list(
            "pk", "code", "name", "level", "parent_id"
        )
    }
    ids = {code: values[0] for code, values in existing.items()}
    rows.sort(key=lambda row: (row[0].count("."), row[0]))

    depth = None
    pending_create: list[Region] = []
    pending_update: list[Region] = []

    def flush():
        if pending_create:
            Region.objects.bulk_create(pending_create, batch_size=BATCH)
            created_codes = [r.code for r in pending_create]
            for i in range(0, len(created_codes), BATCH):
                ids.update(
                    Region.objects.filter(code__in=created_codes[i : i + BATCH]).values_list(
                        "code", "pk"
                    )
                )
            pending_create.clear()
        if pending_update:
            Region.objects.bulk_update(
                pending_update, ["name", "level", "parent"], batch_size=BATCH
            )
            pending_update.clear()

    for code, name, level, parent_code in rows:
        row_depth = code.count(".")
        if row_depth != depth:
            flush()  # the parents of the next depth must have ids
            depth = row_depth
        parent_id = None
        if parent_code:
            parent_id = ids.get(parent_code)
            if parent_id is None:
                raise DomainError(
                    _(
                        "Region %(code)s names parent %(parent)s, which is neither in the file "
                        "nor in the database."
                    )
                    % {"code": code, "parent": parent_code}
                )
        if code in existing:
            pk, old_name, old_level, old_parent = existing[code]
            if (old_name, old_level, old_parent) == (name, level, parent_id):
                result.unchanged += 1
                continue
            pending_update.append(
                Region(pk=pk, code=code, name=name, level=level, parent_id=parent_id)
            )
            result.updated += 1
        else:
            pending_create.append(Region(code=code, name=name, level=level, parent_id=parent_id))
            result.created += 1
    flush()
    return result
