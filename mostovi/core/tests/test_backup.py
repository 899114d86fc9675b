"""`manage.py backup` and `manage.py restore`: nothing is lost, and a doubtful archive is refused.

The source is the test database itself (demo story, uploaded files on disk); the restore runs in a
subprocess `manage.py restore` against a fresh database (an SQLite file, or a new PostgreSQL database when the
suite runs on PostgreSQL), and every table's rows and every file's checksum are compared.
"""

import hashlib
import io
import json
import os
import sqlite3
import subprocess
import sys
import tarfile
import uuid
from pathlib import Path

import pytest
from django.conf import settings
from django.core.management import CommandError, call_command
from django.db import connection

from mostovi.core.backup import BackupError, pg_program
from mostovi.directory.models import Level, OrganisationKind
from mostovi.directory.tests.factories import AuthorityFactory, NetworkFactory

ROOT = Path(settings.BASE_DIR)


def _pg_dump_available() -> bool:
    try:
        pg_program("pg_dump")
        pg_program("pg_restore")
    except BackupError:
        return False
    return True


def _tables(cursor, vendor):
    if vendor == "sqlite":
        cursor.execute("SELECT name FROM sqlite_master WHERE type='table' AND name NOT LIKE 'sqlite_%'")
    else:
        cursor.execute("SELECT tablename FROM pg_tables WHERE schemaname = current_schema()")
    return sorted(row[0] for row in cursor.fetchall())


def _all_rows(cursor, vendor) -> dict[str, list[tuple]]:
    rows = {}
    if vendor == "postgresql":
        # Compare PostgreSQL's own text of each row, whatever the client's type adapters.
        cursor.execute("SET TIME ZONE 'UTC'")
    for table in _tables(cursor, vendor):
        select = "SELECT * FROM {0}" if vendor == "sqlite" else "SELECT t::text FROM {0} t"
        cursor.execute(select.format(f'"{table}"'))
        rows[table] = sorted((tuple(row) for row in cursor.fetchall()), key=repr)
    return rows


def _checksums(root: Path) -> dict[str, str]:
    return {
        p.relative_to(root).as_posix(): hashlib.sha256(p.read_bytes()).hexdigest()
        for p in root.rglob("*")
        if p.is_file()
    }


@pytest.fixture
def demo_database(settings, tmp_path):
    """The demo story, with its uploaded documents written to MEDIA_ROOT on disk."""
    settings.STORAGES = {
        **settings.STORAGES,
        "default": {"BACKEND": "django.core.files.storage.FileSystemStorage"},
    }
    settings.DEMO_PASSWORD = "demo-password-for-tests"
    AuthorityFactory(ref_key="FR:insee:69123", name="Lyon", country="FR", population=522_250)
    AuthorityFactory(ref_key="RS:city:Niš", name="Ниш", name_latin="Niš", country="RS", level=Level.CITY)
    AuthorityFactory(ref_key="BG:nsi:SOF46", name="Столична", name_latin="Stolichna", country="BG")
    NetworkFactory(ref_key="NET:NALAS", acronym="NALAS", kind=OrganisationKind.NETWORK)
    call_command("import_funding_catalogue", stdout=io.StringIO())
    call_command("demo_setup", stdout=io.StringIO())
    media = Path(settings.MEDIA_ROOT)
    # Files any upload could leave: nested folders, a name in Cyrillic, an empty file, binary content.
    (media / "documents" / "2026").mkdir(parents=True, exist_ok=True)
    (media / "documents" / "2026" / "одлука-Ниш.pdf").write_bytes(b"%PDF-1.7\n" + bytes(range(256)) * 40)
    (media / "documents" / "empty.txt").write_bytes(b"")
    return media


def _target_env(tmp_path) -> tuple[dict, str | None]:
    """Environment for a subprocess whose DATABASE_URL is a fresh, empty database."""
    env = {
        **os.environ,
        "DJANGO_SETTINGS_MODULE": "config.settings.test",
        "MEDIA_ROOT": str(tmp_path / "media2"),
    }
    if connection.vendor == "sqlite":
        env["DATABASE_URL"] = f"sqlite:///{tmp_path / 'restored.sqlite3'}"
        return env, None
    import psycopg

    db = connection.settings_dict
    name = f"mostovi_restore_{uuid.uuid4().hex[:8]}"
    with psycopg.connect(
        host=db["HOST"],
        port=db["PORT"],
        user=db["USER"],
        password=db["PASSWORD"],
        dbname=db["NAME"],
        autocommit=True,
    ) as admin:
        admin.execute(f'CREATE DATABASE "{name}"')
    env["DATABASE_URL"] = f"postgres://{db['USER']}:{db['PASSWORD']}@{db['HOST']}:{db['PORT']}/{name}"
    return env, name


def _drop(name: str | None) -> None:
    if name is None:
        return
    import psycopg

    db = connection.settings_dict
    with psycopg.connect(
        host=db["HOST"],
        port=db["PORT"],
        user=db["USER"],
        password=db["PASSWORD"],
        dbname=db["NAME"],
        autocommit=True,
    ) as admin:
        admin.execute(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')


def _restored_rows(env, pg_name):
    if pg_name is None:
        # The converters Django registered (booleans, dates) read both databases the same way.
        target = sqlite3.connect(
            env["DATABASE_URL"].removeprefix("sqlite:///"),
            detect_types=sqlite3.PARSE_DECLTYPES | sqlite3.PARSE_COLNAMES,
        )
        try:
            return _all_rows(target.cursor(), "sqlite")
        finally:
            target.close()
    import psycopg

    with psycopg.connect(env["DATABASE_URL"].replace("postgres://", "postgresql://")) as target:
        return _all_rows(target.cursor(), "postgresql")


def _manage(*args, env) -> subprocess.CompletedProcess:
    return subprocess.run(  # noqa: S603
        [sys.executable, str(ROOT / "manage.py"), *args],
        env=env,
        capture_output=True,
        text=True,
        check=False,
        cwd=ROOT,
    )


@pytest.mark.django_db(transaction=True)
def test_backup_then_restore_into_a_fresh_database_loses_nothing(demo_database, tmp_path):
    if connection.vendor == "postgresql" and not _pg_dump_available():
        pytest.skip("pg_dump / pg_restore not installed")
    archive = tmp_path / "backup.tar.gz"
    out = io.StringIO()
    call_command("backup", output=str(archive), stdout=out)
    assert "Backup written to" in out.getvalue()
    with connection.cursor() as cursor:
        source_rows = _all_rows(cursor, connection.vendor)
    source_files = _checksums(demo_database)
    assert source_rows["projects_project"] and source_rows["accounts_user"] and len(source_files) >= 2

    env, pg_name = _target_env(tmp_path)
    try:
        result = _manage("restore", str(archive), env=env)
        assert result.returncode == 0, result.stderr
        assert f"Restored {sum(len(r) for r in source_rows.values())} rows" in result.stdout
        restored_rows = _restored_rows(env, pg_name)
        assert restored_rows.keys() == source_rows.keys()
        for table, rows in source_rows.items():
            assert restored_rows[table] == rows, table
        assert _checksums(Path(env["MEDIA_ROOT"])) == source_files

        # A second restore into the same target is refused, then accepted with --force.
        again = _manage("restore", str(archive), env=env)
        assert again.returncode != 0
        assert "The target is not empty" in again.stderr
        forced = _manage("restore", str(archive), "--force", env=env)
        assert forced.returncode == 0, forced.stderr
        assert _restored_rows(env, pg_name) == restored_rows
    finally:
        _drop(pg_name)


def _rewrite(archive: Path, destination: Path, change) -> None:
    """Copy the archive, letting `change(name, data)` alter an entry's bytes."""
    with tarfile.open(archive) as source, tarfile.open(destination, "w:gz") as target:
        for member in source:
            data = change(member.name, source.extractfile(member).read())
            member.size = len(data)
            target.addfile(member, io.BytesIO(data))


@pytest.fixture
def small_archive(transactional_db, settings, tmp_path):
    if connection.vendor == "postgresql" and not _pg_dump_available():
        pytest.skip("pg_dump not installed")
    media = Path(settings.MEDIA_ROOT)
    media.mkdir(parents=True, exist_ok=True)
    (media / "a.txt").write_text("the convention, signed")
    archive = tmp_path / "small.tar.gz"
    call_command("backup", output=str(archive), verbosity=0)
    return archive


def test_manifest_lists_migrations_counts_and_checksums(small_archive, settings):
    with tarfile.open(small_archive) as archive:
        manifest = json.load(archive.extractfile("manifest.json"))
        names = archive.getnames()
    assert manifest["format"] == 1
    assert manifest["engine"] == connection.vendor
    assert "accounts.0001_initial" in manifest["migrations"]
    assert manifest["counts"]["themes_theme"] == 20
    assert manifest["media"] == {"a.txt": hashlib.sha256(b"the convention, signed").hexdigest()}
    assert sorted(names) == sorted(["manifest.json", manifest["database"]["name"], "media/a.txt"])


def test_restore_refuses_an_altered_file(small_archive, tmp_path):
    altered = tmp_path / "altered.tar.gz"
    _rewrite(small_archive, altered, lambda name, data: b"forged" if name == "media/a.txt" else data)
    with pytest.raises(CommandError, match=r"Checksum mismatch for media/a\.txt"):
        call_command("restore", str(altered), "--check", stdout=io.StringIO())


def test_restore_refuses_migrations_this_code_does_not_know(small_archive, tmp_path):
    def newer(name, data):
        if name != "manifest.json":
            return data
        manifest = json.loads(data)
        manifest["migrations"].append("projects.9999_from_the_future")
        return json.dumps(manifest).encode()

    altered = tmp_path / "newer.tar.gz"
    _rewrite(small_archive, altered, newer)
    with pytest.raises(CommandError, match=r"unknown here: projects\.9999_from_the_future"):
        call_command("restore", str(altered), stdout=io.StringIO())


def test_restore_refuses_a_database_that_is_not_empty(small_archive):
    with pytest.raises(CommandError, match="The target is not empty"):
        call_command("restore", str(small_archive), stdout=io.StringIO())


def test_restore_check_accepts_a_whole_archive(small_archive):
    out = io.StringIO()
    call_command("restore", str(small_archive), "--check", stdout=out)
    assert "The archive is whole: " in out.getvalue()
