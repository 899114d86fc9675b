"""Backups of the whole platform: one archive with the database, the uploaded files and a manifest.

The archive is a gzipped tar:

    manifest.json        format, Mostovi version, engine, migrations applied, rows per table, checksums
    database.sqlite3     (SQLite) a page-by-page copy made with sqlite3's online backup
    database.pgdump      (PostgreSQL) `pg_dump --format=custom`, taken in the snapshot the counts were read in
    media/...            every file under MEDIA_ROOT

A backup can be taken while the servers run: SQLite's online backup and PostgreSQL's exported snapshot both
give one consistent state. `restore` refuses an archive whose checksums do not match, whose migrations this
code does not know, or a target database (or MEDIA_ROOT) that is not empty unless it is forced.
"""

from __future__ import annotations

import glob
import hashlib
import io
import json
import os
import shutil
import sqlite3
import subprocess
import tarfile
import tempfile
from collections.abc import Callable
from dataclasses import dataclass
from datetime import UTC, datetime
from importlib.metadata import PackageNotFoundError, version
from pathlib import Path, PurePosixPath

from django.conf import settings
from django.db import connection, transaction
from django.db.migrations.loader import MigrationLoader

FORMAT = 1
MANIFEST = "manifest.json"
MEDIA_PREFIX = "media/"
CHUNK = 1024 * 1024

Progress = Callable[[str], None]


class BackupError(Exception):
    """The backup or restore cannot go on; the message says why."""


@dataclass
class RestoreReport:
    counts: dict[str, int]
    files: int
    pending_migrations: list[str]


def _quiet(_message: str) -> None:
    pass


def mostovi_version() -> str:
    try:
        return version("mostovi")
    except PackageNotFoundError:
        import tomllib

        pyproject = Path(settings.BASE_DIR) / "pyproject.toml"
        with pyproject.open("rb") as handle:
            return tomllib.load(handle)["project"]["version"]


def sha256_file(path: Path) -> str:
    digest = hashlib.sha256()
    with path.open("rb") as handle:
        while block := handle.read(CHUNK):
            digest.update(block)
    return digest.hexdigest()


def engine() -> str:
    vendor = connection.vendor
    if vendor not in {"sqlite", "postgresql"}:
        raise BackupError(f"Backups support SQLite and PostgreSQL, not {vendor}.")
    return vendor


# --- PostgreSQL client programs ---------------------------------------------------------------


def pg_program(name: str) -> str:
    """The path of `pg_dump` or `pg_restore`: $PG_BIN, then the newest /usr/lib/postgresql/*/bin, then PATH.

    The newest installed version comes before PATH because pg_dump refuses a server newer than itself.
    """
    candidates = []
    if os.environ.get("PG_BIN"):
        candidates.append(Path(os.environ["PG_BIN"]) / name)
    versions = sorted(
        glob.glob("/usr/lib/postgresql/*/bin"), key=lambda p: [int(x) for x in Path(p).parent.name.split(".")]
    )
    candidates += [Path(folder) / name for folder in reversed(versions)]
    for candidate in candidates:
        if candidate.is_file() and os.access(candidate, os.X_OK):
            return str(candidate)
    found = shutil.which(name)
    if found:
        return found
    raise BackupError(f"{name} was not found: install the PostgreSQL client or set PG_BIN.")


def _pg_env_and_args() -> tuple[dict[str, str], list[str]]:
    db = connection.settings_dict
    env = dict(os.environ)
    if db.get("PASSWORD"):
        env["PGPASSWORD"] = str(db["PASSWORD"])
    args = []
    if db.get("HOST"):
        args += ["--host", str(db["HOST"])]
    if db.get("PORT"):
        args += ["--port", str(db["PORT"])]
    if db.get("USER"):
        args += ["--username", str(db["USER"])]
    args += ["--dbname", str(db["NAME"])]
    return env, args


# --- Reading the database ---------------------------------------------------------------------


def _tables(cursor, vendor: str) -> list[str]:
    if vendor == "sqlite":
        cursor.execute("SELECT name FROM sqlite_master WHERE type='table' AND name NOT LIKE 'sqlite_%'")
    else:
        cursor.execute(
            "SELECT tablename FROM pg_tables WHERE schemaname = current_schema() ORDER BY tablename"
        )
    return sorted(row[0] for row in cursor.fetchall())


def _quote(name: str) -> str:
    return '"' + name.replace('"', '""') + '"'


def _counts(cursor, vendor: str) -> dict[str, int]:
    counts = {}
    for table in _tables(cursor, vendor):
        cursor.execute(f"SELECT COUNT(*) FROM {_quote(table)}")  # noqa: S608 - names come from the catalogue
        counts[table] = cursor.fetchone()[0]
    return counts


def _migrations(cursor, tables: list[str]) -> list[str]:
    if "django_migrations" not in tables:
        return []
    cursor.execute("SELECT app, name FROM django_migrations ORDER BY app, name")
    return [f"{app}.{name}" for app, name in cursor.fetchall()]


def code_migrations() -> set[str]:
    """Every migration this code knows, as "app.name"."""
    loader = MigrationLoader(None, ignore_no_migrations=True)
    return {f"{app}.{name}" for app, name in loader.disk_migrations}


# --- Backup -----------------------------------------------------------------------------------


def _media_files() -> list[Path]:
    root = Path(settings.MEDIA_ROOT)
    if not root.is_dir():
        return []
    return sorted(p for p in root.rglob("*") if p.is_file() and not p.is_symlink())


def _dump_sqlite(target: Path, progress: Progress) -> tuple[dict[str, int], list[str]]:
    connection.ensure_connection()
    source = connection.connection
    destination = sqlite3.connect(target)
    last = [-1]

    def step(status, remaining, total):
        percent = int(100 * (total - remaining) / total) if total else 100
        if percent // 10 != last[0] // 10:
            last[0] = percent
            progress(f"database: {percent}%")

    try:
        # Copies 1024 pages at a time so that writers are not held up for the whole copy.
        source.backup(destination, pages=1024, progress=step)
        cursor = destination.cursor()
        tables = _tables(cursor, "sqlite")
        return _counts(cursor, "sqlite"), _migrations(cursor, tables)
    finally:
        destination.close()


def _dump_postgresql(target: Path, progress: Progress) -> tuple[dict[str, int], list[str]]:
    pg_dump = pg_program("pg_dump")
    env, args = _pg_env_and_args()
    # The counts and pg_dump read the same snapshot: the manifest describes exactly the dump.
    with transaction.atomic(), connection.cursor() as cursor:
        cursor.execute("SET TRANSACTION ISOLATION LEVEL REPEATABLE READ, READ ONLY")
        cursor.execute("SELECT pg_export_snapshot()")
        snapshot = cursor.fetchone()[0]
        tables = _tables(cursor, "postgresql")
        counts = _counts(cursor, "postgresql")
        migrations = _migrations(cursor, tables)
        progress("database: pg_dump")
        result = subprocess.run(  # noqa: S603 - fixed program, arguments from the settings
            [
                pg_dump,
                *args,
                "--format=custom",
                "--no-owner",
                "--no-privileges",
                f"--snapshot={snapshot}",
                f"--file={target}",
            ],
            env=env,
            capture_output=True,
            text=True,
            check=False,
        )
        if result.returncode != 0:
            raise BackupError(f"pg_dump failed: {result.stderr.strip()}")
    return counts, migrations


def backup_create(output: Path, *, progress: Progress = _quiet) -> dict:
    """Write the archive at `output` and return its manifest."""
    vendor = engine()
    output = Path(output)
    output.parent.mkdir(parents=True, exist_ok=True)
    with tempfile.TemporaryDirectory(prefix="mostovi-backup-", dir=output.parent) as tmp:
        db_name = "database.sqlite3" if vendor == "sqlite" else "database.pgdump"
        db_path = Path(tmp) / db_name
        if vendor == "sqlite":
            counts, migrations = _dump_sqlite(db_path, progress)
        else:
            counts, migrations = _dump_postgresql(db_path, progress)
        files = _media_files()
        root = Path(settings.MEDIA_ROOT)
        manifest = {
            "format": FORMAT,
            "mostovi_version": mostovi_version(),
            "created_at": datetime.now(UTC).isoformat(timespec="seconds"),
            "engine": vendor,
            "migrations": migrations,
            "counts": counts,
            "database": {"name": db_name, "sha256": sha256_file(db_path), "bytes": db_path.stat().st_size},
            "media": {},
        }
        partial = output.with_name(output.name + ".partial")
        with tarfile.open(partial, "w:gz", compresslevel=6) as archive:
            archive.add(db_path, arcname=db_name)
            for number, path in enumerate(files, start=1):
                relative = path.relative_to(root).as_posix()
                manifest["media"][relative] = sha256_file(path)
                archive.add(path, arcname=MEDIA_PREFIX + relative)
                if number % 200 == 0 or number == len(files):
                    progress(f"files: {number}/{len(files)}")
            payload = json.dumps(manifest, indent=2, ensure_ascii=False, sort_keys=True).encode()
            info = tarfile.TarInfo(MANIFEST)
            info.size = len(payload)
            info.mtime = int(datetime.now(UTC).timestamp())
            archive.addfile(info, io.BytesIO(payload))
        # Never leave a half-written archive under the final name.
        partial.replace(output)
    return manifest


# --- Restore ----------------------------------------------------------------------------------


def _safe_member_name(name: str) -> bool:
    path = PurePosixPath(name)
    return not path.is_absolute() and ".." not in path.parts


def archive_read_manifest(archive: tarfile.TarFile) -> dict:
    try:
        member = archive.getmember(MANIFEST)
    except KeyError as exc:
        raise BackupError("The archive has no manifest.json: it is not a Mostovi backup.") from exc
    handle = archive.extractfile(member)
    try:
        manifest = json.load(handle)
    except ValueError as exc:
        raise BackupError("The archive's manifest is not valid JSON.") from exc
    if manifest.get("format") != FORMAT:
        raise BackupError(f"Unknown backup format {manifest.get('format')!r} (this version reads {FORMAT}).")
    return manifest


def _extract_verified(archive, member, destination: Path, expected: str) -> None:
    destination.parent.mkdir(parents=True, exist_ok=True)
    digest = hashlib.sha256()
    source = archive.extractfile(member)
    with destination.open("wb") as handle:
        while block := source.read(CHUNK):
            digest.update(block)
            handle.write(block)
    if digest.hexdigest() != expected:
        raise BackupError(f"Checksum mismatch for {member.name}: the archive is damaged or was altered.")


def archive_verify(path: Path, *, progress: Progress = _quiet) -> dict:
    """Check every checksum and the migration state; return the manifest. Changes nothing."""
    with tarfile.open(path, "r:*") as archive:
        manifest = archive_read_manifest(archive)
        expected = {manifest["database"]["name"]: manifest["database"]["sha256"]}
        expected.update({MEDIA_PREFIX + name: digest for name, digest in manifest["media"].items()})
        seen = set()
        for member in archive:
            if member.name == MANIFEST:
                continue
            if not member.isfile() or not _safe_member_name(member.name) or member.name not in expected:
                raise BackupError(f"Unexpected entry in the archive: {member.name}")
            digest = hashlib.sha256()
            handle = archive.extractfile(member)
            while block := handle.read(CHUNK):
                digest.update(block)
            if digest.hexdigest() != expected[member.name]:
                raise BackupError(
                    f"Checksum mismatch for {member.name}: the archive is damaged or was altered."
                )
            seen.add(member.name)
            if len(seen) % 200 == 0:
                progress(f"verified: {len(seen)}/{len(expected)}")
        missing = sorted(set(expected) - seen)
        if missing:
            raise BackupError(
                f"The archive lacks {len(missing)} file(s) its manifest lists, e.g. {missing[0]}."
            )
    unknown = sorted(set(manifest["migrations"]) - code_migrations())
    if unknown:
        raise BackupError(
            "The archive comes from a newer or different version: these migrations are unknown here: "
            + ", ".join(unknown[:5])
        )
    if manifest["engine"] != engine():
        raise BackupError(
            f"The archive holds a {manifest['engine']} database; DATABASE_URL points to {engine()}."
        )
    return manifest


def target_is_empty() -> tuple[bool, list[str]]:
    """Whether the database has no table and MEDIA_ROOT no file; else what is there."""
    reasons = []
    tables = connection.introspection.table_names()
    if tables:
        reasons.append(f"the database has {len(tables)} table(s)")
    if _media_files():
        reasons.append(f"MEDIA_ROOT ({settings.MEDIA_ROOT}) holds files")
    return not reasons, reasons


def _restore_sqlite(source: Path) -> None:
    connection.ensure_connection()
    target = connection.connection
    origin = sqlite3.connect(source)
    try:
        origin.backup(target)
    finally:
        origin.close()
    connection.close()


def _restore_postgresql(source: Path, *, force: bool) -> None:
    pg_restore = pg_program("pg_restore")
    env, args = _pg_env_and_args()
    connection.close()
    command = [pg_restore, *args, "--no-owner", "--no-privileges", "--exit-on-error", "--single-transaction"]
    if force:
        command += ["--clean", "--if-exists"]
    result = subprocess.run(  # noqa: S603 - fixed program, arguments from the settings
        [*command, str(source)], env=env, capture_output=True, text=True, check=False
    )
    if result.returncode != 0:
        raise BackupError(f"pg_restore failed: {result.stderr.strip()}")


def backup_restore(path: Path, *, force: bool = False, progress: Progress = _quiet) -> RestoreReport:
    """Restore the archive into the database of DATABASE_URL and MEDIA_ROOT, after checking it whole."""
    path = Path(path)
    if not path.is_file():
        raise BackupError(f"No archive at {path}.")
    progress("checking the archive")
    manifest = archive_verify(path, progress=progress)
    empty, reasons = target_is_empty()
    if not empty and not force:
        raise BackupError(
            "The target is not empty (" + "; ".join(reasons) + "). Use --force to overwrite it."
        )
    media_root = Path(settings.MEDIA_ROOT)
    with tempfile.TemporaryDirectory(prefix="mostovi-restore-") as tmp:
        db_name = manifest["database"]["name"]
        with tarfile.open(path, "r:*") as archive:
            db_file = Path(tmp) / db_name
            _extract_verified(archive, archive.getmember(db_name), db_file, manifest["database"]["sha256"])
            progress("database: restoring")
            if manifest["engine"] == "sqlite":
                _restore_sqlite(db_file)
            else:
                _restore_postgresql(db_file, force=force)
            if force and media_root.is_dir():
                shutil.rmtree(media_root)
            total = len(manifest["media"])
            for number, (name, digest) in enumerate(sorted(manifest["media"].items()), start=1):
                member = archive.getmember(MEDIA_PREFIX + name)
                _extract_verified(archive, member, media_root / name, digest)
                if number % 200 == 0 or number == total:
                    progress(f"files: {number}/{total}")
    with connection.cursor() as cursor:
        counts = _counts(cursor, engine())
    differing = sorted(t for t, n in manifest["counts"].items() if counts.get(t) != n)
    if differing:
        raise BackupError("After the restore, the row counts differ for: " + ", ".join(differing))
    pending = sorted(code_migrations() - set(manifest["migrations"]))
    return RestoreReport(counts=counts, files=len(manifest["media"]), pending_migrations=pending)
