"""Checking uploaded documents by their content, not their name."""

from __future__ import annotations

from dataclasses import dataclass

import filetype
from django.core.files.uploadedfile import UploadedFile
from django.utils.translation import gettext as _

from apps.core.errors import DomainError

MAX_BYTES = 10 * 1024 * 1024
MAX_FILES = 5  # per form: a phone sends a few photos and documents, not an archive
ALLOWED = {
    "application/pdf": "PDF",
    "image/jpeg": "JPEG",
    "image/png": "PNG",
    "application/vnd.openxmlformats-officedocument.wordprocessingml.document": "DOCX",
    "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet": "XLSX",
}
ALLOWED_LABEL = "PDF, JPEG, PNG, DOCX, XLSX"


@dataclass
class UploadedDocument:
    file: UploadedFile
    name: str
    content_type: str
    size: int

    @classmethod
    def check(cls, upload: UploadedFile) -> UploadedDocument:
        name = (upload.name or "lampiran").rsplit("/", 1)[-1]
        if upload.size > MAX_BYTES:
            raise DomainError(
                _("“%(name)s” is larger than 10 MB.") % {"name": name}, field="attachments"
            )
        upload.seek(0)
        head = upload.read(8192)
        upload.seek(0)
        kind = filetype.guess(head)
        if kind is None or kind.mime not in ALLOWED:
            raise DomainError(
                _("“%(name)s” is not an accepted file. Accepted: %(types)s, up to 10 MB each.")
                % {"name": name, "types": ALLOWED_LABEL},
                field="attachments",
            )
        return cls(file=upload, name=name, content_type=kind.mime, size=upload.size)
