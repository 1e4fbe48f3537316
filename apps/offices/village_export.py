"""Everything the office holds about one village, in one ZIP (a handover: a new village
head, a village moving to another kecamatan, a request for its data).

`offices` is below the domains, so it names none of them: each domain registers what it
holds about a village in its AppConfig.ready() (`register_village_export`). The ZIP has one
`<part>.json` per domain (Django's JSON serialisation: every field, foreign keys as ids), with
the audit history of each exported record in the same file, the uploaded files under
`files/`, and `manifest.json` (the village, the time, the records per part and each file's
SHA-256).
"""

from __future__ import annotations

import hashlib
import json
import zipfile
from collections.abc import Callable, Iterable
from dataclasses import dataclass, field
from itertools import chain

from django.core import serializers
from django.db import transaction
from django.db.models import QuerySet

from apps.core import clock

from .audit import audit_record
from .models import AuditLog, Village


@dataclass(frozen=True)
class VillageExportPart:
    """What one domain holds about a village: querysets of its records, and the uploaded
    files among them."""

    records: Callable[[Village], Iterable[QuerySet]]
    files: Callable[[Village], Iterable] = field(default=lambda village: ())


_parts: dict[str, VillageExportPart] = {}


def register_village_export(name: str, part: VillageExportPart) -> None:
    _parts[name] = part


def village_export_parts() -> dict[str, VillageExportPart]:
    return dict(sorted(_parts.items()))


def _history(objects: list) -> list[AuditLog]:
    by_type: dict[str, list[str]] = {}
    for obj in objects:
        by_type.setdefault(obj._meta.label_lower, []).append(str(obj.pk))
    entries = []
    for target_type, ids in by_type.items():
        entries += AuditLog.objects.filter(target_type=target_type, target_id__in=ids).order_by(
            "created_at", "id"
        )
    return entries


def village_export_write(*, village: Village, stream) -> dict:
    """Write the ZIP of one village to `stream` (a binary file); returns the manifest."""
    manifest = {
        "village": {"id": village.pk, "name": village.name, "code": village.region.code},
        "office": village.office.name,
        "created": clock.now().isoformat(),
        "parts": {},
        "files": {},
    }
    with zipfile.ZipFile(stream, "w", compression=zipfile.ZIP_DEFLATED) as archive:
        for name, part in village_export_parts().items():
            objects = list(chain.from_iterable(part.records(village)))
            history = _history(objects)
            archive.writestr(
                f"{name}.json",
                serializers.serialize("json", objects + history, indent=1, ensure_ascii=False),
            )
            manifest["parts"][name] = {"records": len(objects), "history": len(history)}
            for stored in part.files(village):
                if not stored:
                    continue
                digest = hashlib.sha256()
                with stored.open("rb") as source, archive.open(f"files/{stored.name}", "w") as out:
                    for block in iter(lambda: source.read(1 << 20), b""):  # noqa: B023
                        digest.update(block)
                        out.write(block)
                manifest["files"][stored.name] = digest.hexdigest()
        archive.writestr("manifest.json", json.dumps(manifest, indent=1, ensure_ascii=False))
    return manifest


def village_export(*, actor, village: Village, stream) -> dict:
    """Write the export and audit it. Who may is the caller's question (offices is below the
    people: the page asks `accounts.policy.leads_office`, the command is the platform)."""
    manifest = village_export_write(village=village, stream=stream)
    with transaction.atomic():
        audit_record(
            actor=actor,
            office=village.office,
            action="offices.village.exported",
            target=village,
            new={name: part["records"] for name, part in manifest["parts"].items()},
        )
    return manifest
