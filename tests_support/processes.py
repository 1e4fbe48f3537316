"""Running the real programs (`manage.py db_worker`, `shell`, gunicorn) against the test
database from a test: the subprocess needs a database it can open, so an in-memory SQLite test
database is copied to a file (the online backup API), and a PostgreSQL one is used as it is."""

from __future__ import annotations

import os
import sqlite3
import subprocess
import sys
from pathlib import Path
from urllib.parse import quote

from django.conf import settings
from django.db import connection

ROOT = Path(settings.BASE_DIR)


class SharedDatabase:
    """The test database as another process sees it. Made inside a `transactional_db` test,
    after the rows the subprocess needs are committed."""

    def __init__(self, tmp_path: Path):
        self.vendor = connection.vendor
        if self.vendor == "sqlite":
            self.path = tmp_path / "shared.sqlite3"
            connection.ensure_connection()
            target = sqlite3.connect(self.path)
            with target:
                connection.connection.backup(target)
            target.close()
            self.url = f"sqlite:///{self.path}"
        else:
            db = connection.settings_dict
            auth = quote(db["USER"] or "", safe="")
            if db.get("PASSWORD"):
                auth += ":" + quote(db["PASSWORD"], safe="")
            host = db["HOST"] or "127.0.0.1"
            self.url = f"postgres://{auth}@{host}:{db['PORT'] or 5432}/{db['NAME']}"

    def rows(self, sql: str, params=()) -> list[tuple]:
        if self.vendor == "sqlite":
            with sqlite3.connect(self.path) as db:
                return db.execute(sql, params).fetchall()
        with connection.cursor() as cursor:
            cursor.execute(sql.replace("?", "%s"), params)
            return cursor.fetchall() if cursor.description else []

    def execute(self, sql: str, params=()) -> None:
        if self.vendor == "sqlite":
            with sqlite3.connect(self.path) as db:
                db.execute(sql, params)
            return
        with connection.cursor() as cursor:
            cursor.execute(sql.replace("?", "%s"), params)

    def env(self, **extra: str) -> dict[str, str]:
        """The environment of a production-like process on this database: tasks in the
        database (the worker's queue), mail over SMTP."""
        env = {
            key: value
            for key, value in os.environ.items()
            if not key.startswith(("DJANGO_", "PYTEST", "RUKO_"))
        }
        env.update(
            DJANGO_SETTINGS_MODULE="config.settings.local",
            DATABASE_URL=self.url,
            RUKO_TASKS="database",
            RUKO_MAIL_BACKEND="smtp",
            DJANGO_DEBUG="0",
            PYTHONUNBUFFERED="1",
        )
        env.update(extra)
        return env


def manage(*args: str, env: dict[str, str], **popen) -> subprocess.Popen:
    return subprocess.Popen(
        [sys.executable, str(ROOT / "manage.py"), *args],
        cwd=ROOT,
        env=env,
        stdout=subprocess.PIPE,
        stderr=subprocess.STDOUT,
        text=True,
        **popen,
    )


def manage_run(*args: str, env: dict[str, str], timeout: float = 120) -> str:
    process = manage(*args, env=env)
    output, _ = process.communicate(timeout=timeout)
    assert process.returncode == 0, output
    return output
