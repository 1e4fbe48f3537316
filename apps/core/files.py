"""Serving uploaded files after a policy check."""

import filetype
from django.http import FileResponse

SAFE_INLINE = {"image/png", "image/jpeg", "application/pdf"}


def private_file_response(field_file, *, download_name: str | None = None, content_type=None):
    """Stream an upload with a type sniffed from its content. Only images and PDF are shown
    inline; everything else downloads. A sandbox CSP and nosniff keep a disguised file from
    running as a page of ours."""
    handle = field_file.open("rb")
    head = handle.read(8192)
    handle.seek(0)
    kind = filetype.guess(head)
    mime = content_type or (kind.mime if kind else "application/octet-stream")
    inline = mime in SAFE_INLINE
    if download_name:  # keep the person's name, but never an extension that lies
        stem = download_name.rsplit(".", 1)[0][:100] or "berkas"
        download_name = f"{stem}.{kind.extension}" if kind else stem
    response = FileResponse(
        handle, content_type=mime, as_attachment=not inline, filename=download_name or None
    )
    response["Content-Security-Policy"] = "sandbox; default-src 'none'; img-src 'self'"
    response["X-Content-Type-Options"] = "nosniff"
    response["Cache-Control"] = "private, max-age=300"
    return response
