"""A citizen's photo, checked by its content and re-encoded before it is kept.

Re-encoding with Pillow (already installed for WeasyPrint) keeps the pixels and nothing
else: no EXIF block, so no GPS position, camera serial or time. The photo is turned upright
first (phones store the rotation in EXIF) and shrunk to at most MAX_SIDE pixels a side."""

from __future__ import annotations

import io
import warnings

import filetype
from django.core.files.base import ContentFile
from django.utils.translation import gettext as _
from PIL import Image, ImageOps

from apps.core.errors import DomainError

MAX_BYTES = 5 * 1024 * 1024
MAX_MEGABYTES = MAX_BYTES // (1024 * 1024)
MAX_PIXELS = 40_000_000  # refuse decompression bombs well below Pillow's own limit
MAX_SIDE = 2048
ALLOWED = {"image/jpeg", "image/png", "image/webp"}
ALLOWED_LABEL = "JPEG, PNG, WebP"


def clean_photo(upload) -> ContentFile:
    """A JPEG without metadata, or a DomainError on the `photo` field saying what to send."""
    name = (getattr(upload, "name", "") or "foto").rsplit("/", 1)[-1]
    refused = DomainError(
        _("“%(name)s” is not a photo we accept. Accepted: %(types)s, up to %(size)s MB.")
        % {"name": name, "types": ALLOWED_LABEL, "size": MAX_MEGABYTES},
        field="photo",
    )
    if upload.size > MAX_BYTES:
        raise DomainError(
            _("“%(name)s” is larger than %(size)s MB.") % {"name": name, "size": MAX_MEGABYTES},
            field="photo",
        )
    upload.seek(0)
    kind = filetype.guess(upload.read(8192))
    upload.seek(0)
    if kind is None or kind.mime not in ALLOWED:
        raise refused
    try:
        with warnings.catch_warnings():
            warnings.simplefilter("error", Image.DecompressionBombWarning)
            with Image.open(upload) as image:
                if image.width * image.height > MAX_PIXELS:
                    raise refused
                image.load()
                upright = ImageOps.exif_transpose(image)
                upright.thumbnail((MAX_SIDE, MAX_SIDE))
                out = io.BytesIO()
                # A fresh image: nothing of the original's info (EXIF, XMP, ICC, comments).
                clean = Image.new("RGB", upright.size, "white")
                clean.paste(upright.convert("RGBA"), mask=upright.convert("RGBA"))
                clean.save(out, format="JPEG", quality=85, optimize=True)
    except DomainError:
        raise
    except (OSError, ValueError, Image.DecompressionBombError, Image.DecompressionBombWarning):
        raise refused from None
    return ContentFile(out.getvalue())
