"""Backups: the database and the uploaded files in one dated archive, and its restore into an
empty installation.

The archive (`ruko-backup-YYYYMMDD-HHMMSS.tar`) holds
- `database.dump` (PostgreSQL: `pg_dump --format=custom`) or `database.sqlite3` (SQLite: the
  online backup API, a consistent copy while the site runs);
- `media/…`, every file under MEDIA_ROOT;
- `manifest.json`: the format, the database vendor, the time, the rows of every table (counted
  in the same snapshot the dump was taken from) and each file's size and SHA-256.
A restore checks every file against the manifest and the rows of every table after loading.
Plumbing: no domain is named here; the tables are whatever the database holds.
"""

from __future__ import annotations

import hashlib
import io
import json
import os
import shutil
import sqlite3
import subprocess
import tarfile
import tempfile
from dataclasses import dataclass
from pathlib import Path

from django.conf import settings
from django.core.cache import caches
from django.db import connection, transaction

from . import clock

FORMAT = 1
DUMP = {"postgresql": "database.dump", "sqlite": "database.sqlite3"}
# Tables that say whether an installation holds anything: people or offices.
CONTENT_TABLES = ("accounts_user", "offices_office")


class BackupError(Exception):
    pass


@dataclass(frozen=True)
class BackupResult:
    path: Path
    tables: int
    rows: int
    files: int


def sha256_of(path: Path) -> str:
    digest = hashlib.sha256()
    with open(path, "rb") as handle:
        for block in iter(lambda: handle.read(1 << 20), b""):
            digest.update(block)
    return digest.hexdigest()


def media_files(root: Path) -> dict[str, dict]:
    """Every file under `root`: relative path → size and SHA-256."""
    files = {}
    if root.is_dir():
        for path in sorted(root.rglob("*")):
            if path.is_file() and not path.is_symlink():
                files[path.relative_to(root).as_posix()] = {
                    "size": path.stat().st_size,
                    "sha256": sha256_of(path),
                }
    return files


def table_counts(cursor) -> dict[str, int]:
    names = sorted(connection.introspection.table_names(cursor))
    counts = {}
    for name in names:
        cursor.execute(f"SELECT COUNT(*) FROM {connection.ops.quote_name(name)}")
        counts[name] = cursor.fetchone()[0]
    return counts


def pg_tool(name: str) -> str:
    """pg_dump / pg_restore: RUKO_PG_BIN, else the newest /usr/lib/postgresql/*/bin, else PATH."""
    candidates = []
    if os.environ.get("RUKO_PG_BIN"):
        candidates.append(Path(os.environ["RUKO_PG_BIN"]) / name)
    versions = sorted(
        Path("/usr/lib/postgresql").glob("*/bin"),
        key=lambda p: [int(x) for x in p.parent.name.split(".") if x.isdigit()],
    )
    candidates += [v / name for v in reversed(versions)]
    for candidate in candidates:
        if candidate.is_file() and os.access(candidate, os.X_OK):
            return str(candidate)
    found = shutil.which(name)
    if found:
        return found
    raise BackupError(f"{name} not found: install the PostgreSQL client or set RUKO_PG_BIN")


def _pg_args_env() -> tuple[list[str], dict[str, str]]:
    db = connection.settings_dict
    args = ["--dbname", db["NAME"], "--no-password"]
    if db.get("HOST"):
        args += ["--host", db["HOST"]]
    if db.get("PORT"):
        args += ["--port", str(db["PORT"])]
    if db.get("USER"):
        args += ["--username", db["USER"]]
    env = dict(os.environ)
    if db.get("PASSWORD"):
        env["PGPASSWORD"] = db["PASSWORD"]
    return args, env


def _run(command: list[str], env: dict[str, str]) -> None:
    result = subprocess.run(command, env=env, capture_output=True, text=True, check=False)
    if result.returncode != 0:
        raise BackupError(f"{Path(command[0]).name} failed: {result.stderr.strip()[-2000:]}")


def _dump_postgresql(target: Path) -> dict[str, int]:
    """pg_dump of the snapshot the rows are counted in (an exported snapshot held open by a
    repeatable-read transaction), so the manifest and the dump agree on a busy site."""
    args, env = _pg_args_env()
    with transaction.atomic(), connection.cursor() as cursor:
        cursor.execute("SET TRANSACTION ISOLATION LEVEL REPEATABLE READ, READ ONLY")
        cursor.execute("SELECT pg_export_snapshot()")
        snapshot = cursor.fetchone()[0]
        counts = table_counts(cursor)
        _run(
            [
                pg_tool("pg_dump"),
                "--format=custom",
                "--no-owner",
                "--no-privileges",
                f"--snapshot={snapshot}",
                "--file",
                str(target),
                *args,
            ],
            env,
        )
    return counts


def _dump_sqlite(target: Path) -> dict[str, int]:
    connection.ensure_connection()
    copy = sqlite3.connect(target)
    try:
        with copy:
            connection.connection.backup(copy)
        cursor = copy.cursor()
        names = [
            row[0]
            for row in cursor.execute(
                "SELECT name FROM sqlite_master WHERE type='table' AND name NOT LIKE 'sqlite_%'"
            )
        ]
        return {
            name: cursor.execute(f'SELECT COUNT(*) FROM "{name}"').fetchone()[0]
            for name in sorted(names)
        }
    finally:
        copy.close()


def backup_create(*, directory: Path) -> BackupResult:
    """Write one archive into `directory` and return where it is."""
    vendor = connection.vendor
    if vendor not in DUMP:
        raise BackupError(f"no backup for the {vendor} database")
    directory.mkdir(parents=True, exist_ok=True)
    moment = clock.now()
    path = directory / f"ruko-backup-{moment:%Y%m%d-%H%M%S}.tar"
    media_root = Path(settings.MEDIA_ROOT)
    with tempfile.TemporaryDirectory(dir=directory) as work:
        dump = Path(work) / DUMP[vendor]
        counts = _dump_postgresql(dump) if vendor == "postgresql" else _dump_sqlite(dump)
        files = media_files(media_root)
        manifest = {
            "format": FORMAT,
            "vendor": vendor,
            "created": moment.isoformat(),
            "database": {"file": DUMP[vendor], "sha256": sha256_of(dump), "tables": counts},
            "media": files,
        }
        partial = path.with_suffix(".tar.partial")
        with tarfile.open(partial, "w") as archive:
            data = json.dumps(manifest, indent=1, sort_keys=True).encode()
            info = tarfile.TarInfo("manifest.json")
            info.size = len(data)
            info.mtime = int(moment.timestamp())
            archive.addfile(info, io.BytesIO(data))
            archive.add(dump, arcname=DUMP[vendor])
            for name in files:
                archive.add(media_root / name, arcname=f"media/{name}")
        partial.rename(path)  # a half-written archive never carries the final name
    return BackupResult(path, len(counts), sum(counts.values()), len(files))


def installation_is_empty() -> bool:
    """No person and no office in the database, no file under MEDIA_ROOT."""
    with connection.cursor() as cursor:
        tables = set(connection.introspection.table_names(cursor))
        for name in CONTENT_TABLES:
            if name in tables:
                cursor.execute(f"SELECT 1 FROM {connection.ops.quote_name(name)} LIMIT 1")
                if cursor.fetchone():
                    return False
    media_root = Path(settings.MEDIA_ROOT)
    return not (media_root.is_dir() and any(p.is_file() for p in media_root.rglob("*")))


def backup_restore(*, archive_path: Path, force: bool = False) -> BackupResult:
    """Load an archive into this installation: the database replaced by the dump, MEDIA_ROOT
    by the files. Refused unless the installation is empty or `force` is given; every file
    and every table's rows are checked against the manifest."""
    if not force and not installation_is_empty():
        raise BackupError(
            "this installation is not empty (people, offices or uploaded files exist); "
            "restore into an empty one, or add --force to replace what is here"
        )
    with tempfile.TemporaryDirectory() as work:
        work = Path(work)
        with tarfile.open(archive_path, "r") as archive:
            archive.extractall(work, filter="data")  # no path outside `work`, no devices
        manifest = json.loads((work / "manifest.json").read_text())
        if manifest.get("format") != FORMAT:
            raise BackupError(f"unknown archive format {manifest.get('format')!r}")
        vendor = manifest["vendor"]
        if vendor != connection.vendor:
            raise BackupError(
                f"the archive is of {vendor}, this installation runs {connection.vendor}"
            )
        dump = work / manifest["database"]["file"]
        if sha256_of(dump) != manifest["database"]["sha256"]:
            raise BackupError("the database dump does not match its checksum")
        for name, meta in manifest["media"].items():
            if sha256_of(work / "media" / name) != meta["sha256"]:
                raise BackupError(f"the file {name} does not match its checksum")

        if vendor == "postgresql":
            _restore_postgresql(dump)
        else:
            _restore_sqlite(dump)
        with connection.cursor() as cursor:
            counts = table_counts(cursor)
        expected = manifest["database"]["tables"]
        wrong = {t: (n, counts.get(t)) for t, n in expected.items() if counts.get(t) != n}
        if wrong:
            raise BackupError(f"rows after the restore differ from the backup: {wrong}")

        media_root = Path(settings.MEDIA_ROOT)
        media_root.mkdir(parents=True, exist_ok=True)
        for child in media_root.iterdir():
            shutil.rmtree(child) if child.is_dir() and not child.is_symlink() else child.unlink()
        if (work / "media").is_dir():
            shutil.copytree(work / "media", media_root, dirs_exist_ok=True)
        restored = media_files(media_root)
        if {n: m["sha256"] for n, m in restored.items()} != {
            n: m["sha256"] for n, m in manifest["media"].items()
        }:
            raise BackupError("the files under MEDIA_ROOT differ from the backup after the restore")
    # Pages cached under version numbers the restore has just turned back (an office's
    # directory) must not be served for the restored data.
    for cache in caches.all():
        cache.clear()
    return BackupResult(archive_path, len(expected), sum(expected.values()), len(restored))


def _restore_postgresql(dump: Path) -> None:
    args, env = _pg_args_env()
    connection.close()  # hold no lock on a table pg_restore drops
    _run(
        [
            pg_tool("pg_restore"),
            "--clean",
            "--if-exists",
            "--no-owner",
            "--no-privileges",
            "--single-transaction",
            "--exit-on-error",
            *args,
            str(dump),
        ],
        env,
    )


def _restore_sqlite(dump: Path) -> None:
    """The backup API in the other direction: the whole database replaced, page by page,
    under the live connection (the same call works for a file and for a test's in-memory
    database)."""
    connection.ensure_connection()
    source = sqlite3.connect(dump)
    try:
        source.backup(connection.connection)
    finally:
        source.close()
