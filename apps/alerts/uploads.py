"""Photos of an incident, checked by their content, not their name."""

from __future__ import annotations

from dataclasses import dataclass

import filetype
from django.core.files.uploadedfile import UploadedFile
from django.utils.translation import gettext as _

from apps.core.errors import DomainError
from apps.core.uploads import without_metadata

MAX_BYTES = 10 * 1024 * 1024
MAX_MEGABYTES = MAX_BYTES // (1024 * 1024)
MAX_PHOTOS = 5
ALLOWED = {"image/jpeg": "JPEG", "image/png": "PNG"}
ALLOWED_LABEL = "JPEG, PNG"


@dataclass
class Photo:
    file: UploadedFile
    name: str
    content_type: str
    size: int

    @classmethod
    def check(cls, upload: UploadedFile) -> Photo:
        name = (upload.name or "foto").rsplit("/", 1)[-1]
        if upload.size > MAX_BYTES:
            raise DomainError(
                _("“%(name)s” is larger than %(size)s MB.") % {"name": name, "size": MAX_MEGABYTES},
                field="photos",
            )
        upload.seek(0)
        head = upload.read(8192)
        upload.seek(0)
        kind = filetype.guess(head)
        if kind is None or kind.mime not in ALLOWED:
            raise DomainError(
                _("“%(name)s” is not a photo we accept. Accepted: %(types)s, up to %(size)s MB.")
                % {"name": name, "types": ALLOWED_LABEL, "size": MAX_MEGABYTES},
                field="photos",
            )
        clean = without_metadata(upload, kind.mime, name=name, field="photos")
        return cls(file=clean, name=name, content_type=kind.mime, size=clean.size)


def check_photos(uploads) -> list[Photo]:
    uploads = list(uploads or [])
    if len(uploads) > MAX_PHOTOS:
        raise DomainError(
            _("Send at most %(count)s photos at once.") % {"count": MAX_PHOTOS}, field="photos"
        )
    return [u if isinstance(u, Photo) else Photo.check(u) for u in uploads]
