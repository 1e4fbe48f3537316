"""`make bench`: figures for the closing notes, measured on a fresh SQLite file (or on the
database in DATABASE_URL). Nothing here is asserted; tests assert query counts and weights.

Measures: the national region import (cold and again), office setup, and for the main pages
the number of queries, the compressed first-load weight and the median server time.
"""

import gzip
import os
import re
import statistics
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "config.settings.test")
tmp = tempfile.mkdtemp(prefix="ruko-bench-")
os.environ.setdefault("DATABASE_URL", f"sqlite:///{tmp}/bench.sqlite3")

import django  # noqa: E402

django.setup()

from django.contrib.staticfiles import finders  # noqa: E402
from django.core.management import call_command  # noqa: E402
from django.db import connection  # noqa: E402
from django.test import Client  # noqa: E402
from django.test.utils import CaptureQueriesContext, setup_test_environment  # noqa: E402

from apps.accounts.demo import demo_seed  # noqa: E402
from apps.accounts.models import User  # noqa: E402
from apps.offices.services import office_setup  # noqa: E402
from apps.regions.models import Region  # noqa: E402
from apps.regions.services import regions_import  # noqa: E402

REPEAT = 20
SCALE = int(os.environ.get("RUKO_BENCH_CASES", "2000"))


def timed(label, fn):
    t0 = time.perf_counter()
    result = fn()
    print(f"  {label:<44} {time.perf_counter() - t0:7.2f} s")
    return result


def first_load(client, path):
    page = client.get(path)
    size = len(gzip.compress(page.content))
    for asset in set(re.findall(r'(?:href|src)="/static/([^"]+)"', page.text)):
        size += len(gzip.compress(Path(finders.find(asset)).read_bytes()))
    return page.status_code, size


def page_row(client, label, path, **headers):
    with CaptureQueriesContext(connection) as queries:
        client.get(path, **headers)
    query_count = len(queries)  # now: later requests reset the connection's query log
    times = []
    for _ in range(REPEAT):
        t0 = time.perf_counter()
        client.get(path, **headers)
        times.append((time.perf_counter() - t0) * 1000)
    status, weight = first_load(client, path)
    print(
        f"  {label:<30} {status:>4} {query_count:>8} {weight / 1024:>9.1f} KB "
        f"{statistics.median(times):>8.1f} ms"
    )


def main():  # noqa: C901 - a linear script
    setup_test_environment()
    print(f"RUKO PARSEL benchmarks on {connection.vendor} ({os.environ['DATABASE_URL']})\n")
    call_command("migrate", verbosity=0)
    print("Master data")
    national = ROOT / "data" / "wilayah_indonesia.csv.gz"
    result = timed(
        "national regions import (91,599 rows, cold)", lambda: regions_import(path=national)
    )
    print(f"    created {result.created}, updated {result.updated}")
    result = timed(
        "national regions import again (no change)", lambda: regions_import(path=national)
    )
    print(f"    unchanged {result.unchanged}")
    office = timed(
        "office setup, Paringin Selatan",
        lambda: office_setup(region=Region.objects.get(code="63.11.07")),
    )
    timed("demo accounts, 16 demo cases, demo early warning", lambda: demo_seed(office=office))
    from apps.cases.models import Case
    from apps.follow_ups.models import FollowUp

    with_follow_up = FollowUp.objects.filter(source_type="case").first().source_id
    busy_case = Case.objects.get(pk=with_follow_up).tracking_number

    pages_table(f"with {Case.objects.count()} cases", busy_case)
    made = timed(
        f"{SCALE} more cases through the services (submit, verify, dispose)",
        lambda: grow(office, SCALE),
    )
    print(f"    {made} cases")
    pages_table(f"with {Case.objects.count()} cases", busy_case)


def pages_table(label, busy_case):
    print(f"\nPages {label} (queries on one request; first-load gzip weight; median of {REPEAT})")
    print(f"  {'page':<30} {'code':>4} {'queries':>8} {'weight':>12} {'server':>11}")
    from apps.alerts.models import Alert

    live = Alert.objects.filter(status="terbit").order_by("-pk").first()
    visitor = Client()
    page_row(visitor, "landing (visitor)", "/")
    page_row(visitor, "login", "/masuk/")
    page_row(visitor, "alerts feed (Atom, visitor)", "/alerts/feed.atom")
    for username, label, path, headers in [
        ("camat", "home (camat, 16 villages)", "/beranda/", {}),
        ("desa-inan", "home (desa-inan)", "/beranda/", {}),
        ("kabupaten", "home (inspector)", "/beranda/", {}),
        ("sekcam", "users (sekcam)", "/kelola/pengguna/", {}),
        (
            "sekcam",
            "users, htmx filter",
            "/kelola/pengguna/?role=desa",
            {"HTTP_HX_REQUEST": "true", "HTTP_HX_TARGET": "user-results"},
        ),
        ("camat", "API villages (session)", "/api/v1/villages", {}),
        ("camat", "cases, all (camat)", "/permasalahan/", {}),
        (
            "camat",
            "cases, filtered (htmx)",
            "/permasalahan/?status=diproses",
            {"HTTP_HX_REQUEST": "true", "HTTP_HX_TARGET": "case-results"},
        ),
        ("pmd", "cases, section inbox (pmd)", "/permasalahan/", {}),
        ("desa-inan", "cases, own village", "/permasalahan/", {}),
        ("kabupaten", "cases (inspector)", "/permasalahan/", {}),
        ("camat", "case detail (camat)", f"/permasalahan/{busy_case}/", {}),
        ("desa-inan", "case submit form", "/permasalahan/baru/", {}),
        ("camat", "API cases (session)", "/api/v1/cases", {}),
        ("camat", "notifications", "/notifikasi/", {}),
        ("desa-inan", "home with the alert banner", "/beranda/", {}),
        ("camat", "alerts (camat)", "/peringatan/", {}),
        ("camat", "alert and its board (camat)", f"/peringatan/{live.pk}/", {}),
        (
            "camat",
            "alert board, htmx poll",
            f"/peringatan/{live.pk}/",
            {"HTTP_HX_REQUEST": "true", "HTTP_HX_TARGET": "board"},
        ),
        ("camat", "villages not acknowledged", "/peringatan/belum-konfirmasi/", {}),
        ("camat", "readiness overview", "/kesiapsiagaan/", {}),
        ("camat", "API alerts (session)", "/api/v1/alerts", {}),
    ]:
        client = Client()
        client.force_login(User.objects.get(username=username))
        page_row(client, label, path, **headers)


def grow(office, count):
    """Many cases across the 16 villages, moved on through the real services."""
    import random

    from apps.accounts.models import Membership
    from apps.cases import services

    rng = random.Random(42)
    members = {
        m.user.username: m
        for m in Membership.objects.filter(office=office).select_related(
            "user", "office", "village", "section"
        )
    }
    villages = [m for name, m in members.items() if name.startswith(("desa-", "kel-"))]
    categories = list(office.categories.select_related("default_section"))
    sekcam, camat = members["sekcam"], members["camat"]
    words = [
        "laporan",
        "APBDes",
        "posyandu",
        "stunting",
        "jalan",
        "tani",
        "BPD",
        "musyawarah",
        "data",
        "penduduk",
        "banjir",
        "tanggul",
        "PKK",
        "karang",
        "taruna",
        "komputer",
        "pelatihan",
        "operator",
    ]
    for n in range(count):
        village = rng.choice(villages)
        title = " ".join(rng.sample(words, 4)).capitalize()
        case = services.case_submit(
            acting=village,
            category=rng.choice(categories),
            urgency=rng.choice(["darurat", "tinggi", "sedang", "rendah"]),
            title=title,
            description=f"Permasalahan nomor {n}: " + " ".join(rng.sample(words, 8)),
        ).case
        step = rng.random()
        if step > 0.3:
            services.case_verify(acting=sekcam, case=case)
        if step > 0.6:
            services.case_dispose(
                acting=camat,
                case=case,
                section=case.category.default_section,
                instruction="Tindak",
            )
    return count


if __name__ == "__main__":
    main()
