"""`make bench`: the main pages under load, against a bare Django view in the same run.

Needs PostgreSQL holding a dataset from `manage.py seed_scale` (DATABASE_URL) and wrk
(Debian/Ubuntu: `apt-get install wrk`). Starts gunicorn (config/gunicorn.conf.py, settings
config.settings.bench) on 127.0.0.1, logs in each role with a session cookie (the API with a
bearer token), and per page runs wrk for a short bounded time after a short warm-up:
requests per second, p50, p95, the queries of one request (the X-Queries header of bench
mode), the ratio to the bare view. The bare view runs first, in the middle and last, so a
machine that got busier in between shows in its figures.

    DATABASE_URL=postgres://… make bench
    BENCH_SECONDS=8 BENCH_CONNECTIONS=8 BENCH_WORKERS=3 BENCH_LABEL="1M cases" make bench

The table is printed and written into docs/benchmarks.md (BENCH_OUT) under BENCH_LABEL,
replacing an earlier table with the same label.
"""

import json
import os
import platform
import re
import shutil
import socket
import subprocess
import sys
import time
import urllib.error
import urllib.request
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
os.environ["DJANGO_SETTINGS_MODULE"] = "config.settings.bench"

SECONDS = int(os.environ.get("BENCH_SECONDS", "8"))
WARMUP = int(os.environ.get("BENCH_WARMUP", "2"))
CONNECTIONS = int(os.environ.get("BENCH_CONNECTIONS", "8"))
THREADS = int(os.environ.get("BENCH_THREADS", "2"))
WORKERS = int(os.environ.get("BENCH_WORKERS", "3"))
LABEL = os.environ.get("BENCH_LABEL", "")
OUT = Path(os.environ.get("BENCH_OUT", ROOT / "docs" / "benchmarks.md"))
FOCUS = os.environ.get("BENCH_OFFICE", "63.11.07")
ONLY = os.environ.get("BENCH_ONLY", "")  # a regular expression on the page labels
# A task worker on its own process delivers the mail the submissions queue, as in production.
TASK_WORKER = os.environ.get("BENCH_TASK_WORKER", "1") != "0"


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def main():  # noqa: C901, PLR0915 - a linear script
    if not shutil.which("wrk"):
        sys.exit("wrk is not installed: apt-get install wrk (Debian/Ubuntu)")
    if not os.environ.get("DATABASE_URL", "").startswith("postgres"):
        sys.exit("Set DATABASE_URL to the PostgreSQL database made by `manage.py seed_scale`.")
    import django

    django.setup()
    from django.conf import settings
    from django.core.management import call_command
    from django.db import connection
    from django.db.models import Count
    from django.test import Client

    from apps.accounts.models import Membership, Role
    from apps.api.services import api_token_create
    from apps.cases.models import Case
    from apps.offices.models import Office

    call_command("collectstatic", interactive=False, verbosity=0)
    office = Office.objects.select_related("region__parent").get(region__code=FOCUS)
    total_cases = Case.objects.count()
    office_cases = Case.objects.filter(office=office).count()
    members = Membership.objects.filter(is_active=True).select_related("user")
    camat = members.get(office=office, role=Role.HEAD)
    busiest_section = (
        Case.objects.filter(office=office, section__isnull=False)
        .values("section")
        .annotate(n=Count("pk"))
        .order_by("-n")
        .first()["section"]
    )
    officer = members.filter(office=office, section=busiest_section).first()
    busiest_village = (
        Case.objects.filter(office=office)
        .values("village")
        .annotate(n=Count("pk"))
        .order_by("-n")
        .first()["village"]
    )
    village = members.get(village=busiest_village)
    inspector = members.get(role=Role.INSPECTOR, regency=office.region.parent)
    regencies = (
        Office.objects.values("region__parent")
        .annotate(n=Count("pk"))
        .order_by("-n", "region__parent")
    )
    big_regency = regencies.first()
    big_inspector = members.get(role=Role.INSPECTOR, regency=big_regency["region__parent"])
    busy_case = (
        Case.objects.filter(office=office, comments__isnull=False)
        .annotate(n=Count("comments"))
        .order_by("-n", "-pk")
        .values_list("tracking_number", flat=True)
        .first()
    )
    category = office.categories.order_by("order").first()
    cookies = {}
    for m in (camat, officer, village, inspector, big_inspector):
        client = Client()
        client.force_login(m.user)
        cookies[m.user.username] = client.cookies[settings.SESSION_COOKIE_NAME].value
    _token, inspector_token = api_token_create(user=inspector.user, name="bench")
    _token, village_token = api_token_create(user=village.user, name="bench")
    deep = max(
        min(office_cases, Case.objects.filter(office__region__parent=office.region.parent).count())
        - 100,
        0,
    )
    from apps.cases.selectors import case_list_for

    after_id = case_list_for(membership=inspector)[1][deep].pk
    connection.close()

    def session(member):
        return {"Cookie": f"{settings.SESSION_COOKIE_NAME}={cookies[member.user.username]}"}

    n_inspected = Office.objects.filter(region__parent=office.region.parent).count()
    pages = [
        ("landing (visitor)", "/", {}, None),
        # The layout of every logged-in page around nothing: the ceiling of any such page.
        ("logged-in layout, empty (camat)", "/_bench/floor", session(camat), None),
        ("home, camat", "/beranda/", session(camat), None),
        ("case list, camat, filtered", "/permasalahan/?status=diproses", session(camat), None),
        ("case list, camat, all", "/permasalahan/", session(camat), None),
        ("search `banjir`, camat", "/permasalahan/?q=banjir", session(camat), None),
        ("case list page 200, camat", "/permasalahan/?page=200", session(camat), None),
        ("section inbox (officer)", "/permasalahan/", session(officer), None),
        ("case detail, camat", f"/permasalahan/{busy_case}/", session(camat), None),
        ("home, village", "/beranda/", session(village), None),
        ("case list, village", "/permasalahan/", session(village), None),
        (f"home, inspector ({n_inspected} offices)", "/beranda/", session(inspector), None),
        (
            f"case list, inspector ({n_inspected} offices)",
            "/permasalahan/",
            session(inspector),
            None,
        ),
        (
            f"home, inspector ({big_regency['n']} offices)",
            "/beranda/",
            session(big_inspector),
            None,
        ),
        (
            f"case list, inspector ({big_regency['n']} offices)",
            "/permasalahan/",
            session(big_inspector),
            None,
        ),
        ("monitoring dashboard, camat", "/monev/", session(camat), None),
        ("monitoring, inspector", "/monev/", session(inspector), None),
        (
            "API cases p1, inspector",
            "/api/v1/cases?limit=50",
            {"Authorization": f"Bearer {inspector_token}"},
            None,
        ),
        (
            f"API cases offset {deep:,}, inspector",
            f"/api/v1/cases?limit=50&offset={deep}",
            {"Authorization": f"Bearer {inspector_token}"},
            None,
        ),
        (
            f"API cases after the {deep:,}th, inspector",
            f"/api/v1/cases?limit=50&after={after_id}",
            {"Authorization": f"Bearer {inspector_token}"},
            None,
        ),
        (
            "API case submit (POST), village",
            "/api/v1/cases",
            {"Authorization": f"Bearer {village_token}"},
            json.dumps(
                {
                    "category": category.pk,
                    "urgency": "sedang",
                    "title": "Lampu jalan padam di dusun",
                    "description": "Lampu jalan di depan balai desa padam sejak tiga hari.",
                }
            ),
        ),
    ]
    if ONLY:
        pages = [p for p in pages if re.search(ONLY, p[0])]

    port = free_port()
    base = f"http://127.0.0.1:{port}"
    env = {
        **os.environ,
        "DJANGO_SETTINGS_MODULE": "config.settings.bench",
        "WEB_CONCURRENCY": str(WORKERS),
        "GUNICORN_BIND": f"127.0.0.1:{port}",
    }
    server = subprocess.Popen(
        [str(ROOT / ".venv" / "bin" / "gunicorn"), "-c", "config/gunicorn.conf.py", "config.wsgi"],
        cwd=ROOT,
        env=env,
        stdout=subprocess.DEVNULL,
        stderr=subprocess.PIPE,
    )
    tasks_before = task_counts()
    worker = (
        subprocess.Popen(
            [sys.executable, "manage.py", "db_worker"],
            cwd=ROOT,
            # The mails go to the worker's standard output, which nobody reads.
            env={**env, "RUKO_MAIL_BACKEND": "console"},
            stdout=subprocess.DEVNULL,
            stderr=subprocess.DEVNULL,
        )
        if TASK_WORKER
        else None
    )
    try:
        for _ in range(300):
            try:
                urllib.request.urlopen(base + "/healthz", timeout=5)
                break
            except OSError:  # not listening yet, or still starting
                time.sleep(0.2)
        else:
            sys.exit("gunicorn did not start")
        rows = []
        bare = ("bare Django view", "/_bench/bare", {}, None)
        middle = len(pages) // 2
        plan = [bare, *pages[:middle], bare, *pages[middle:], bare]
        print(f"{'page':<44} {'code':>4} {'queries':>7} {'rps':>8} {'p50 ms':>8} {'p95 ms':>8}")
        for label, path, headers, body in plan:
            row = measure(base, label, path, headers, body)
            rows.append(row)
            print(
                f"{label:<44} {row['status']:>4} {row['queries']:>7} {row['rps']:>8.1f} "
                f"{row['p50']:>8.1f} {row['p95']:>8.1f}"
                + (f"  ({row['errors']} errors)" if row["errors"] else "")
            )
    finally:
        server.terminate()
        server.wait(timeout=30)
        if worker is not None:
            worker.terminate()
            worker.wait(timeout=30)
    tasks_after = task_counts()
    queued = tasks_after["all"] - tasks_before["all"]
    tasks = (
        f"a task worker on its own process finished {tasks_after['done'] - tasks_before['done']:,}"
        f" tasks while the run queued {queued:,}"
        if worker is not None
        else f"no task worker ran: {queued:,} tasks were left queued"
    )
    print(tasks)
    bares = [r for r in rows if r["label"] == bare[0]]
    ref_rps = sum(r["rps"] for r in bares) / len(bares)
    ref_p95 = sum(r["p95"] for r in bares) / len(bares)
    dataset = (
        f"{total_cases:,} cases in {Office.objects.count():,} offices; the camat's office "
        f"({office.name}) holds {office_cases:,}"
    )
    write_table(rows, ref_rps, ref_p95, f"{dataset}; {tasks}")


def task_counts() -> dict:
    from django.db import connection
    from django_tasks_db.models import DBTaskResult

    counts = {"all": DBTaskResult.objects.count()}
    counts["done"] = DBTaskResult.objects.filter(status="SUCCESSFUL").count()
    connection.close()
    return counts


def measure(base, label, path, headers, body):
    args = ["wrk", f"-t{THREADS}", f"-c{CONNECTIONS}", "-s", str(ROOT / "benchmarks" / "wrk.lua")]
    for name, value in headers.items():
        args += ["-H", f"{name}: {value}"]
    env = {**os.environ, "BENCH_BODY": body or ""}
    if WARMUP:
        subprocess.run(
            [*args, f"-d{WARMUP}s", base + path], env=env, capture_output=True, check=True
        )
    out = subprocess.run(
        [*args, f"-d{SECONDS}s", "--timeout", "30s", base + path],
        env=env,
        capture_output=True,
        text=True,
        check=True,
    ).stdout
    # One request after the run, when every worker has drawn what it keeps: its status,
    # the queries it ran, its size.
    request = urllib.request.Request(
        base + path,
        headers=headers,
        data=body.encode() if body else None,
        method="POST" if body else "GET",
    )
    if body:
        request.add_header("Content-Type", "application/json")
    try:
        response = urllib.request.urlopen(request, timeout=60)
        status, queries, size = (
            response.status,
            response.headers.get("X-Queries", "?"),
            len(response.read()),
        )
    except urllib.error.HTTPError as error:
        status, queries, size = error.code, error.headers.get("X-Queries", "?"), 0
    stats = json.loads(out.split("BENCH ", 1)[1].splitlines()[0])
    errors = stats["non_2xx_3xx"] + stats["connect"] + stats["read"] + stats["timeout"]
    return {
        "label": label,
        "status": status,
        "queries": queries,
        "bytes": size,
        "rps": stats["requests"] / (stats["duration_us"] / 1e6),
        "p50": stats["p50_us"] / 1000,
        "p95": stats["p95_us"] / 1000,
        "errors": errors,
    }


def machine() -> str:
    cpu = ""
    try:
        for line in Path("/proc/cpuinfo").read_text().splitlines():
            if line.startswith("model name"):
                cpu = line.split(":", 1)[1].strip()
                break
    except OSError:
        pass
    memory = ""
    try:
        kb = int(Path("/proc/meminfo").read_text().split()[1])
        memory = f", {kb / 1024 / 1024:.0f} GB RAM"
    except (OSError, ValueError, IndexError):
        pass
    load = (
        f", load average {os.getloadavg()[0]:.1f} at the end" if hasattr(os, "getloadavg") else ""
    )
    return f"{os.cpu_count()} cores ({cpu or platform.machine()}){memory}{load}"


def write_table(rows, ref_rps, ref_p95, dataset):
    from django.db import connection

    with connection.cursor() as cursor:
        cursor.execute("SHOW server_version")
        pg = cursor.fetchone()[0].split()[0]
    lines = [
        f"### {LABEL or 'bench'}",
        "",
        f"{dataset}. PostgreSQL {pg}; gunicorn, {WORKERS} sync workers; wrk -t{THREADS} "
        f"-c{CONNECTIONS}, {SECONDS} s per page after {WARMUP} s of warm-up; {machine()}; "
        f"{time.strftime('%Y-%m-%d %H:%M UTC', time.gmtime())}.",
        "",
        "| page | code | queries | rps | p50 ms | p95 ms | rps ÷ bare | p95 ÷ bare |",
        "|---|---|---|---|---|---|---|---|",
    ]
    for r in rows:
        lines.append(
            f"| {r['label']} | {r['status']} | {r['queries']} | {r['rps']:,.1f} | {r['p50']:.1f} | "
            f"{r['p95']:.1f} | {r['rps'] / ref_rps:.0%} | {r['p95'] / ref_p95:.1f}× |"
        )
    table = "\n".join(lines) + "\n"
    start, end = f"<!-- bench: {LABEL or 'bench'} -->", f"<!-- /bench: {LABEL or 'bench'} -->"
    text = OUT.read_text() if OUT.exists() else "# Benchmarks\n\n"
    block = f"{start}\n{table}{end}\n"
    if start in text and end in text:
        text = text[: text.index(start)] + block + text[text.index(end) + len(end) + 1 :]
    else:
        text = text.rstrip("\n") + "\n\n" + block
    OUT.write_text(text)
    print(f"\nwritten to {OUT} under “{LABEL or 'bench'}”")


if __name__ == "__main__":
    main()
