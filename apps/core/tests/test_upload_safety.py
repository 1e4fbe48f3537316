"""Uploads are judged by their content: no SVG, HTML or script whatever the name, photos
drawn again without their metadata (the phone's GPS position), sizes bounded, stored under
random names, served only through a policy-checked view with nosniff and a disposition."""

from io import BytesIO

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse
from PIL import Image

from apps.cases.models import Attachment
from apps.core.errors import DomainError
from apps.core.uploads import MAX_BYTES, UploadedDocument, store_documents, without_metadata
from tests_support.factories import make_answered_case
from tests_support.images import image_bytes

HOSTILE = {
    "gambar.svg": b'<svg xmlns="http://www.w3.org/2000/svg"><script>alert(1)</script></svg>',
    "foto.jpg": b"<html><body><script>alert(document.cookie)</script></body></html>",
    "laporan.pdf": b"<?xml version='1.0'?><svg onload='alert(1)'/>",
    "surat.png": b"#!/bin/sh\nrm -rf /\n",
    "data.xlsx": b"MZ\x90\x00\x03\x00\x00\x00 a Windows program",
    # A real PNG signature followed by a page: the header lies, Pillow cannot draw it.
    "logo.png": b"\x89PNG\r\n\x1a\n<html><script>alert(1)</script></html>",
    "foto2.jpg": b"\xff\xd8\xff\xe0\x00\x10JFIF\x00<script>alert(1)</script>",
}


@pytest.mark.parametrize("name", HOSTILE)
def test_scripts_pages_and_svg_are_refused_whatever_their_name(name):
    upload = SimpleUploadedFile(name, HOSTILE[name], content_type="image/png")
    with pytest.raises(DomainError, match=name.replace(".", r"\.")):
        UploadedDocument.check(upload)


def test_a_file_over_the_limit_is_refused_before_it_is_read():
    big = SimpleUploadedFile("besar.pdf", b"%PDF-1.4\n" + b"0" * MAX_BYTES)
    with pytest.raises(DomainError, match="10 MB"):
        UploadedDocument.check(big)


@pytest.mark.parametrize("fmt,mime", [("JPEG", "image/jpeg"), ("PNG", "image/png")])
def test_photos_lose_their_location_and_stand_upright(fmt, mime):
    raw = image_bytes(fmt, size=(64, 48), with_gps=True)
    assert Image.open(BytesIO(raw)).getexif().get_ifd(0x8825)  # the phone's position
    document = UploadedDocument.check(SimpleUploadedFile("foto", raw, content_type=mime))
    assert document.content_type == mime
    cleaned = Image.open(BytesIO(document.file.read()))
    assert cleaned.format == fmt
    exif = cleaned.getexif()
    assert not exif.get_ifd(0x8825) and 0x0110 not in exif and 0x0112 not in exif
    assert cleaned.size == (48, 64)  # orientation 6 applied: it stands upright
    assert b"Phone X" not in document.file.open().read()


def test_a_decompression_bomb_is_refused(monkeypatch):
    monkeypatch.setattr("apps.core.uploads.MAX_PIXELS", 1000)
    upload = SimpleUploadedFile("bom.png", image_bytes("PNG", size=(100, 100)))
    with pytest.raises(DomainError, match="piksel|pixels"):
        without_metadata(upload, "image/png", name="bom.png")


@pytest.mark.django_db
def test_an_attachment_is_stored_under_a_random_name_and_served_as_a_download(login, users):
    case = make_answered_case()
    raw = image_bytes("JPEG", with_gps=True)
    upload = SimpleUploadedFile("../../etc/passwd.jpg.html", raw, content_type="text/html")
    (attachment,) = store_documents(Attachment, [upload], uploaded_by=users["desa-inan"], case=case)
    assert attachment.file.name.rsplit("/", 1)[-1] == attachment.token
    assert "passwd" not in attachment.file.name and ".." not in attachment.file.name
    client = login("desa-inan")
    url = reverse("cases:attachment", args=[case.pk, attachment.token])
    served = client.get(url)
    assert served.status_code == 200
    assert served["Content-Type"] == "image/jpeg"
    assert served["X-Content-Type-Options"] == "nosniff"
    assert "sandbox" in served["Content-Security-Policy"]
    disposition = served["Content-Disposition"]
    assert disposition.split(";")[0] in ("inline", "attachment") and "filename" in disposition
    assert ".html" not in disposition  # the offered name never lies about the type
    body = b"".join(served.streaming_content)
    assert not Image.open(BytesIO(body)).getexif().get_ifd(0x8825)
    # Another village's official does not get it; visitors are sent to log in.
    assert login("desa-bungin").get(url).status_code == 404
    client.logout()
    assert client.get(url).status_code == 302


def test_no_uploaded_file_has_a_public_url():
    from django.conf import settings
    from django.urls import resolve
    from django.urls.exceptions import Resolver404

    assert settings.MEDIA_URL is None or settings.MEDIA_URL == "/_test-media/"
    with pytest.raises(Resolver404):
        resolve("/_test-media/cases/x")
