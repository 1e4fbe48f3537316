"""A cheap phone on a weak 3G signal (issue 12): what the village's first pages weigh, and a
photo that goes up small. Real Chromium, as in test_browser.py.

The weight is what travels: each response of the page's first load (the page, its CSS, its
scripts, its images) compressed with gzip as the production server sends it (WhiteNoise
serves precompressed static files; the HTML is compressed by the web server)."""

import gzip
import re
from pathlib import Path

from django.conf import settings
from PIL import Image

from apps.cases.models import Case

from . import test_browser
from .test_browser import log_in

pytestmark = test_browser.pytestmark
browser = test_browser.browser
page = test_browser.page

BUDGET = 60 * 1024  # bytes, compressed, for the first load of a page
# Emulated slow 3G: 400 ms round trip, 400 kbit/s each way (Lighthouse's "slow 4G/3G" mix).
SLOW_3G = {
    "offline": False,
    "latency": 400,
    "downloadThroughput": 400 * 1000 / 8,
    "uploadThroughput": 400 * 1000 / 8,
}


def first_load(page, path):
    """Load `path` with an empty cache; the compressed bytes of every response, by URL."""
    cdp = page.context.new_cdp_session(page)
    cdp.send("Network.enable")
    cdp.send("Network.clearBrowserCache")
    weights = {}

    def weigh(response):
        if response.request.method == "GET" and response.status == 200:
            weights[response.url] = len(gzip.compress(response.body(), compresslevel=9))

    page.on("response", weigh)
    page.goto(page.base_url + path)
    page.wait_for_load_state("networkidle")
    page.remove_listener("response", weigh)
    return weights


def test_the_village_home_and_the_case_form_load_within_60_kb(page, capsys):
    log_in(page, "desa-inan")
    for path in ("/beranda/", "/permasalahan/baru/"):
        weights = first_load(page, path)
        total = sum(weights.values())
        with capsys.disabled():
            print(
                f"\nfirst load of {path}: {total / 1024:.1f} KB compressed in "
                f"{len(weights)} responses"
            )
        assert total <= BUDGET, weights
        if path == "/beranda/":  # htmx (16 KB compressed) only where a page uses it
            assert not any("htmx" in url for url in weights), weights


def test_htmx_comes_with_the_pages_that_use_it(page):
    log_in(page, "camat")
    weights = first_load(page, "/permasalahan/")
    assert any("htmx" in url for url in weights)


def test_every_page_with_htmx_attributes_loads_htmx():
    """A template that uses hx- attributes (itself or in what it includes) fills the htmx
    block of base.html; one that forgets would silently stop working."""
    sources = {}
    for root in [
        Path(settings.BASE_DIR) / "templates",
        *Path(settings.BASE_DIR).glob("apps/*/templates"),
    ]:
        for file in root.rglob("*.html"):
            sources[str(file.relative_to(root))] = file.read_text()
    includes = re.compile(r'{%\s*include\s+"([^"]+)"')
    extends = re.compile(r'{%\s*extends\s+"([^"]+)"')

    def uses(name, seen=()):
        source = sources.get(name, "")
        if name == "base.html" or name in seen:
            return False
        return " hx-" in source or any(uses(i, (*seen, name)) for i in includes.findall(source))

    def loads(name):
        source = sources.get(name, "")
        parent = extends.search(source)
        return "{% block htmx %}" in source or (
            parent is not None and parent.group(1) != "base.html" and loads(parent.group(1))
        )

    forgotten = [
        name
        for name, source in sources.items()
        if extends.search(source) and uses(name) and not loads(name)
    ]
    assert forgotten == []


def camera_photo(path: Path) -> int:
    """A 4000×3000 camera photo of about 3 MB with the place it was taken in its EXIF."""
    sky = Image.linear_gradient("L").resize((4000, 3000))
    grain = Image.effect_noise((4000, 3000), 40)
    image = Image.merge("RGB", (sky, Image.blend(sky, grain, 0.3), grain))
    exif = Image.Exif()
    exif[0x8825] = {1: "S", 2: (2.0, 21.0, 0.0), 3: "E", 4: (115.0, 27.0, 0.0)}  # GPS
    image.save(path, "JPEG", quality=92, exif=exif)
    return path.stat().st_size


def test_a_photo_goes_up_small_over_slow_3g(browser, live_server, office, tmp_path, capsys):
    photo = tmp_path / "jalan-rusak.jpg"
    size = camera_photo(photo)
    # Without the service worker: its own requests would not be slowed down by the page's
    # emulated network, and the upload is the same bytes either way.
    context = browser.new_context(viewport={"width": 360, "height": 740}, service_workers="block")
    context.set_default_timeout(10_000)
    page = context.new_page()
    page.base_url = live_server.url
    log_in(page, "desa-inan")
    page.goto(page.base_url + "/permasalahan/baru/")
    page.select_option("#id_category", label="Keuangan desa")
    page.fill("#id_title", "Jalan poros desa rusak")
    page.fill("#id_description", "Jalan poros desa rusak berat setelah banjir.")
    cdp = page.context.new_cdp_session(page)
    cdp.send("Network.enable")
    cdp.send("Network.emulateNetworkConditions", SLOW_3G)
    page.set_input_files("#id_attachments", str(photo))
    note = page.locator("#id_attachments_check")
    note.wait_for(state="visible")
    assert "Foto diperkecil" in note.inner_text()
    started = page.evaluate("performance.now()")
    with page.expect_navigation(timeout=120_000):  # a weak signal takes its time
        page.click("main form button[type=submit]", no_wait_after=True)
    seconds = (page.evaluate("performance.now()") - started) / 1000
    case = Case.objects.get(title="Jalan poros desa rusak")
    stored = case.attachments.get()
    with Image.open(stored.file.path) as image:
        assert max(image.size) <= 1600
        assert 0x8825 not in image.getexif()  # the place the photo was taken stays behind
    with capsys.disabled():
        print(
            f"\nphoto of {size / 1024:.0f} KB sent as {stored.size / 1024:.0f} KB; "
            f"submitted over slow 3G in {seconds:.1f} s "
            f"(the photo as it was would need {size * 8 / 400_000:.0f} s to go up alone)"
        )
    assert stored.size < size / 5
    assert stored.original_name == "jalan-rusak.jpg"
    context.close()
