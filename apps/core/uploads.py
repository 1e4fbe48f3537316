"""Checking uploaded documents by their content, not their name; keeping a form whose sender
chose too many files."""

from __future__ import annotations

import secrets
from dataclasses import dataclass
from io import BytesIO

import filetype
from django.core.exceptions import TooManyFilesSent
from django.core.files.base import ContentFile
from django.core.files.uploadedfile import UploadedFile
from django.core.files.uploadhandler import FileUploadHandler
from django.http.multipartparser import MultiPartParser, exhaust
from django.utils.translation import gettext as _

from apps.core.errors import DomainError

MAX_BYTES = 10 * 1024 * 1024
MAX_MEGABYTES = MAX_BYTES // (1024 * 1024)
MAX_FILES = 5  # per form: a phone sends a few photos and documents, not an archive
ALLOWED = {
    "application/pdf": "PDF",
    "image/jpeg": "JPEG",
    "image/png": "PNG",
    "application/vnd.openxmlformats-officedocument.wordprocessingml.document": "DOCX",
    "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet": "XLSX",
}
ALLOWED_LABEL = "PDF, JPEG, PNG, DOCX, XLSX"
IMAGE_FORMATS = {"image/jpeg": "JPEG", "image/png": "PNG"}
# A phone photo has 12 to 24 megapixels (50 MP phones save binned 12 MP photos by default);
# far more is a decompression bomb, not a photo, and would hold the worker's memory.
MAX_PIXELS = 40_000_000


def without_metadata(upload, mime: str, *, name: str, field: str = "attachments"):
    """A photo drawn again from its pixels alone: EXIF (the phone's GPS position, its
    serial number, the time), XMP and text chunks are left behind; the orientation the
    phone recorded is applied first, so the photo still stands upright. Anything Pillow
    cannot read as that image type is refused, whatever its first bytes claimed."""
    from PIL import Image, ImageOps, UnidentifiedImageError

    unreadable = DomainError(
        _("“%(name)s” could not be read as a JPEG or PNG image.") % {"name": name}, field=field
    )
    upload.seek(0)
    try:
        with Image.open(upload, formats=[IMAGE_FORMATS[mime]]) as image:
            if image.width * image.height > MAX_PIXELS:
                raise DomainError(
                    _("“%(name)s” has too many pixels for a photo.") % {"name": name},
                    field=field,
                )
            image.load()
            upright = ImageOps.exif_transpose(image)
            out = BytesIO()
            if mime == "image/jpeg":
                if upright.mode not in ("RGB", "L"):
                    upright = upright.convert("RGB")
                upright.save(out, "JPEG", quality=88, optimize=True)
            else:
                upright.save(out, "PNG", optimize=True)
    except DomainError:
        raise
    except (UnidentifiedImageError, Image.DecompressionBombError, OSError, ValueError) as error:
        raise unreadable from error
    finally:
        upload.seek(0)
    return ContentFile(out.getvalue(), name=name)


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
        if kind.mime in IMAGE_FORMATS:
            clean = without_metadata(upload, kind.mime, name=name)
            return cls(file=clean, name=name, content_type=kind.mime, size=clean.size)
        return cls(file=upload, name=name, content_type=kind.mime, size=upload.size)


class _FieldsKeptParser(MultiPartParser):
    """Django's parser, except that a request with more files than
    DATA_UPLOAD_MAX_NUMBER_FILES keeps what arrived before the limit: every field (our forms
    put the file input last) and the files up to the limit. The rest is read and dropped, so
    the limit still bounds what is stored."""

    def _parse(self):
        try:
            return super()._parse()
        except TooManyFilesSent:
            exhaust(self._input_data)
            self._post._mutable = False
            return self._post, self._files


class FieldsKeptUploadHandler(FileUploadHandler):
    """First of FILE_UPLOAD_HANDLERS. Choosing too many files used to end in a bare
    "Bad Request (400)" (raised while the CSRF check reads the form) and lost the form; now
    the view gets the fields and more files than its form accepts, and the form says what
    to change (`DocumentsField`: at most MAX_FILES, fewer than the request limit)."""

    def handle_raw_input(self, input_data, META, content_length, boundary, encoding=None):
        others = [h for h in self.request.upload_handlers if h is not self]
        return _FieldsKeptParser(META, input_data, others, encoding).parse()

    def receive_data_chunk(self, raw_data, start):  # never reached: the parse is above
        return raw_data

    def file_complete(self, file_size):
        return None


def store_documents(model, uploads, *, uploaded_by, **owner) -> list:
    """Check (by content) and store each upload as a `model` row of the owner given as
    keyword (`case=`, `follow_up=`, `incident=`…). The stored name is a random token, so it
    says nothing about the content; the files are served through a policy-checked view."""
    stored = []
    for upload in uploads or []:
        # Raw uploads are checked here; a document a domain already checked (an
        # `UploadedDocument`, the alerts' `Photo`) is stored as it is.
        document = UploadedDocument.check(upload) if isinstance(upload, UploadedFile) else upload
        item = model(
            token=secrets.token_hex(16),
            original_name=document.name[:200],
            content_type=document.content_type,
            size=document.size,
            uploaded_by=uploaded_by,
            **owner,
        )
        item.file.save(item.token, document.file, save=False)
        item.save()
        stored.append(item)
    return stored
