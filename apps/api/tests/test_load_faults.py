"""Load with a fault: village officials submit cases (with idempotency keys) and comments
through the API, concurrently, against gunicorn on a PostgreSQL cluster of the test's own;
in the middle the database is restarted (`pg_ctl restart -m fast`). Clients retry a failed
submission with the same key. Afterwards every submission that got a success answer exists
exactly once, no key exists twice, every comment that got a 201 exists once, and no error
answer carried a stack trace.

Runs on the PostgreSQL leg of the suite (it copies the test database into its own cluster, so
restarting that one disturbs no other test); skipped when the PostgreSQL binaries are absent.
Bounded: LOAD_SECONDS of load plus the retries of the last submissions."""

from __future__ import annotations

import json
import os
import shlex
import shutil
import subprocess
import sys
import tempfile
import threading
import time
import uuid
from collections import Counter
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path

import pytest
import requests
from django.conf import settings
from django.db import connection

from apps.accounts.models import User
from apps.api.services import api_token_create
from apps.core.backups import BackupError, pg_tool
from apps.offices.models import Office
from tests_support.smtp import free_port

pytestmark = pytest.mark.slow

LOAD_SECONDS = 24
RESTART_AFTER = 8
CLIENTS = 8
# Seconds a client keeps retrying one submission: longer than the read timeout (30 s), so a
# request that hangs until gunicorn's worker timeout (30 s) still gets its retry.
RETRY_FOR = 45


def _as_postgres(command: list[str]) -> subprocess.CompletedProcess:
    """PostgreSQL refuses to run as root: CI runs as root, so the cluster belongs to the
    `postgres` user there (as in .ci/run); elsewhere it belongs to whoever runs the test."""
    if os.geteuid() == 0:
        command = ["su", "postgres", "-s", "/bin/sh", "-c", shlex.join(command)]
    return subprocess.run(command, capture_output=True, text=True, check=False, timeout=120)


class PrivateCluster:
    def __init__(self):
        self.bin = Path(pg_tool("initdb")).parent
        self.port = free_port()
        self.dir = Path(tempfile.mkdtemp(prefix="ruko-load-pg-"))
        if os.geteuid() == 0:
            shutil.chown(self.dir, "postgres", "postgres")
        self.data = self.dir / "data"

    def _ok(self, *command):
        result = _as_postgres([str(c) for c in command])
        log = self.dir / "log"
        assert result.returncode == 0, (result.stderr, log.read_text() if log.exists() else "")

    def start(self):
        self._ok(self.bin / "initdb", "-A", "trust", "-U", "postgres", "-D", self.data)
        options = (
            f"-p {self.port} -k {self.dir} -c listen_addresses=127.0.0.1 -c fsync=off "
            "-c max_connections=60"
        )
        self._ok(
            self.bin / "pg_ctl", "-w", "-D", self.data, "-l", self.dir / "log", "-o", options,
            "start",
        )  # fmt: skip
        self._ok(
            self.bin / "createdb", "-h", "127.0.0.1", "-p", self.port, "-U", "postgres", "ruko"
        )

    def restart(self):
        log = self.dir / "log"  # without -l the server keeps our pipe open
        self._ok(self.bin / "pg_ctl", "-w", "-D", self.data, "-l", log, "-m", "fast", "restart")

    def stop(self):
        _as_postgres([str(self.bin / "pg_ctl"), "-D", str(self.data), "-m", "immediate", "stop"])
        shutil.rmtree(self.dir, ignore_errors=True)

    @property
    def url(self):
        return f"postgres://postgres@127.0.0.1:{self.port}/ruko"

    def query(self, sql, params=()):
        import psycopg

        with psycopg.connect(self.url) as db:
            return db.execute(sql, params).fetchall()


def _copy_test_database_into(cluster: PrivateCluster, work: Path):
    db = connection.settings_dict
    env = {**os.environ, "PGPASSWORD": db.get("PASSWORD") or ""}
    where = ["-h", db["HOST"] or "127.0.0.1", "-p", str(db["PORT"] or 5432)]
    dump = work / "seed.dump"
    subprocess.run(
        [pg_tool("pg_dump"), "-Fc", "--no-owner", *where, "-U", db["USER"] or "postgres",
         "-f", dump, db["NAME"]],
        check=True, env=env, capture_output=True,
    )  # fmt: skip
    subprocess.run(
        [pg_tool("pg_restore"), "--no-owner", "-h", "127.0.0.1", "-p", str(cluster.port),
         "-U", "postgres", "-d", "ruko", dump],
        check=True, capture_output=True,
    )  # fmt: skip


class Tally:
    def __init__(self):
        self.lock = threading.Lock()
        self.submitted = {}  # key → tracking number, for every success answer
        self.unresolved = []  # keys that never got a success answer
        self.retries = 0
        self.failures = Counter()  # kind of failure → count
        self.failures_in_restart = 0
        self.comments_ok = []
        self.comments_failed = []
        self.leaks = []  # error answers that are not our JSON, or show a stack
        self.restarting = False
        self.server_errors = Counter()  # 5xx answers by status and Retry-After
        self.started = time.monotonic()
        self.timeline = []  # (seconds since the start, kind) of every failure

    def failure(self, kind, response=None):
        with self.lock:
            self.timeline.append((round(time.monotonic() - self.started, 1), kind))
            self.failures[kind] += 1
            if self.restarting:
                self.failures_in_restart += 1
            if response is not None:
                if response.status_code >= 500:
                    retry_after = response.headers.get("Retry-After")
                    self.server_errors[(response.status_code, retry_after)] += 1
                body = response.text
                try:
                    shaped = {"detail", "code"} <= set(json.loads(body))
                except (ValueError, TypeError):
                    shaped = False
                if not shaped or "Traceback" in body or 'File "' in body:
                    self.leaks.append((response.status_code, body[:300]))


def _client(base, token, category, deadline, tally: Tally):
    session = requests.Session()
    session.headers["Authorization"] = f"Bearer {token}"
    while time.monotonic() < deadline:
        key = uuid.uuid4().hex
        body = {
            "category": category,
            "urgency": "sedang",
            "title": f"Uji beban {key[:8]}",
            "description": f"Pengajuan uji beban {key}.",
        }
        number, give_up = None, time.monotonic() + RETRY_FOR
        first = True
        while number is None and time.monotonic() < give_up:
            if not first:
                with tally.lock:
                    tally.retries += 1
                time.sleep(0.3)
            first = False
            try:
                response = session.post(
                    f"{base}/api/v1/cases", json=body, headers={"Idempotency-Key": key}, timeout=30
                )
            except requests.RequestException as error:
                tally.failure(type(error).__name__)
                session.close()
                continue
            if response.status_code in (200, 201):
                number = response.json()["tracking_number"]
            elif response.status_code >= 500:
                tally.failure(f"HTTP {response.status_code}", response)
            else:
                tally.failure(f"HTTP {response.status_code}", response)
                break
        with tally.lock:
            if number is None:
                tally.unresolved.append(key)
                continue
            tally.submitted[key] = number
        try:
            response = session.post(
                f"{base}/api/v1/cases/{number}/comments",
                json={"body": f"komentar {key}"},
                timeout=30,
            )
        except requests.RequestException as error:
            tally.failure(type(error).__name__)
            tally.comments_failed.append(key)
            continue
        if response.status_code == 201:
            tally.comments_ok.append(key)
        else:
            tally.failure(f"comment HTTP {response.status_code}", response)
            tally.comments_failed.append(key)


@pytest.mark.django_db(transaction=True)
def test_submissions_under_load_survive_a_database_restart_exactly_once(tmp_path):
    if connection.vendor != "postgresql":
        pytest.skip("runs on the PostgreSQL leg of the suite")
    try:
        pg_tool("initdb"), pg_tool("pg_ctl")
    except BackupError as error:
        pytest.skip(str(error))

    office = Office.objects.get(region__code="63.11.07")
    category = office.categories.get(name="Keuangan desa").pk
    officials = list(User.objects.filter(memberships__village__office=office).distinct())
    tokens = [api_token_create(user=user, name="uji beban")[1] for user in officials]
    assert len(tokens) >= 2

    cluster = PrivateCluster()
    server = None
    try:
        cluster.start()
        _copy_test_database_into(cluster, tmp_path)
        port = free_port()
        env = {
            key: value
            for key, value in os.environ.items()
            if not key.startswith(("DJANGO_", "PYTEST", "RUKO_"))
        }
        env.update(
            DJANGO_SETTINGS_MODULE="config.settings.local",
            DATABASE_URL=cluster.url,
            RUKO_TASKS="database",
            RUKO_MEDIA_ROOT=str(tmp_path / "media"),
        )
        server_log = (tmp_path / "gunicorn.log").open("w")
        server = subprocess.Popen(
            [str(Path(sys.executable).parent / "gunicorn"), "config.wsgi",
             "--bind", f"127.0.0.1:{port}", "--workers", "3", "--timeout", "30"],
            cwd=settings.BASE_DIR, env=env,
            # The workers' log goes to a file: a pipe that nobody reads fills up (64 KB of
            # warnings about the lost database) and stops every worker at its next log line
            # until gunicorn kills it — the "30-second hang at a restart" seen before.
            stdout=subprocess.DEVNULL, stderr=server_log, text=True,
        )  # fmt: skip
        base = f"http://127.0.0.1:{port}"
        for _ in range(100):
            try:
                if requests.get(f"{base}/healthz", timeout=2).status_code == 200:
                    break
            except requests.RequestException:
                pass
            time.sleep(0.2)
        else:
            pytest.fail("gunicorn did not start")

        booted = cluster.query("SELECT pg_postmaster_start_time()")[0][0]
        tally = Tally()
        deadline = time.monotonic() + LOAD_SECONDS
        with ThreadPoolExecutor(CLIENTS) as pool:
            futures = [
                pool.submit(_client, base, tokens[n % len(tokens)], category, deadline, tally)
                for n in range(CLIENTS)
            ]
            time.sleep(RESTART_AFTER)
            tally.restarting = True
            cluster.restart()
            time.sleep(1)  # the clients' first attempts after the restart count with it
            tally.restarting = False
            for future in futures:
                future.result()
        assert cluster.query("SELECT pg_postmaster_start_time()")[0][0] > booted

        keys = list(tally.submitted) + tally.unresolved
        stored = dict(
            cluster.query(
                "SELECT idempotency_key, COUNT(*) FROM cases_case "
                "WHERE idempotency_key = ANY(%s) GROUP BY idempotency_key",
                (keys,),
            )
        )
        numbers = dict(
            cluster.query(
                "SELECT idempotency_key, tracking_number FROM cases_case "
                "WHERE idempotency_key = ANY(%s)",
                (keys,),
            )
        )
        comments = dict(
            cluster.query(
                "SELECT body, COUNT(*) FROM cases_comment WHERE body LIKE 'komentar %%' "
                "GROUP BY body"
            )
        )
        figures = {
            "submissions answered with success": len(tally.submitted),
            "submissions never answered with success": len(tally.unresolved),
            "never answered but stored": sum(1 for k in tally.unresolved if stored.get(k)),
            "retries": tally.retries,
            "failed attempts": dict(tally.failures),
            "failed attempts around the restart": tally.failures_in_restart,
            "server errors (status, Retry-After)": {
                f"{status} {after}": n for (status, after), n in tally.server_errors.items()
            },
            "failures (seconds since start, kind)": sorted(tally.timeline),
            "comments answered 201": len(tally.comments_ok),
            "comments failed": len(tally.comments_failed),
            "comments failed but stored": sum(
                1 for k in tally.comments_failed if comments.get(f"komentar {k}")
            ),
        }
        print("\nload with a database restart:", json.dumps(figures, indent=1))
        assert len(tally.submitted) >= CLIENTS, figures
        assert not tally.unresolved, figures  # every submission got through, retried
        assert all(stored.get(k) == 1 for k in tally.submitted), "a success lost or doubled"
        assert all(numbers[k] == n for k, n in tally.submitted.items())
        assert all(count == 1 for count in stored.values()), "a key stored twice"
        assert all(comments.get(f"komentar {k}") == 1 for k in tally.comments_ok)
        assert all(count == 1 for count in comments.values())
        assert not tally.leaks, tally.leaks[:3]
        # A lost database is "try again shortly" (503 with Retry-After), never a 500.
        assert set(tally.server_errors) <= {(503, "5")}, tally.server_errors
    finally:
        if server is not None:
            server.terminate()
            try:
                server.wait(timeout=10)
            except subprocess.TimeoutExpired:
                server.kill()
            server_log.close()
        cluster.stop()
