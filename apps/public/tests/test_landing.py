"""The public page explains RUKO PARSEL and stays small enough for weak mobile data."""

import gzip
import re
from pathlib import Path

import pytest
from django.contrib.staticfiles import finders

FIRST_LOAD_BUDGET = 60 * 1024  # bytes, gzip-compressed, HTML + CSS + JS + icons


def first_load_bytes(client, path):
    """Compressed size of a page and every static asset it links, as a browser's first load."""
    page = client.get(path)
    total = len(gzip.compress(page.content))
    assets = set(re.findall(r'(?:href|src)="/static/([^"]+)"', page.text))
    for asset in assets:
        found = finders.find(asset)
        assert found, asset
        total += len(gzip.compress(Path(found).read_bytes()))
    return page, assets, total


@pytest.mark.django_db
def test_landing_page_explains_ruko_parsel_in_indonesian(client):
    page = client.get("/")
    assert page.status_code == 200
    text = page.text
    for words in [
        "Rumah Koordinasi Paringin Selatan",
        "Tujuan",
        "Manfaat",
        "Tahapan",
        "Dasar hukum",
        "Undang-Undang Nomor 6 Tahun 2014",
        "Peraturan Bupati Balangan Nomor 72 Tahun 2021",
        "Kelurahan Batu Piring",
        "Desa Inan",
    ]:
        assert words in text, words
    assert 'href="/masuk/"' in text


@pytest.mark.django_db
@pytest.mark.parametrize("username", [None, "camat", "desa-inan"])
def test_first_load_stays_under_60_kb_and_uses_no_outside_resources(login, client, username):
    if username:
        client = login(username)
    page, assets, total = first_load_bytes(client, "/beranda/" if username else "/")
    assert page.status_code == 200
    assert total < FIRST_LOAD_BUDGET, f"{total} bytes"
    # htmx comes only with the pages that use it (from our static files, never a CDN)
    assert not any("htmx" in a for a in assets), assets
    assert not re.search(r'(?:href|src)="(?:https?:)?//', page.text), "no CDN or web font"
