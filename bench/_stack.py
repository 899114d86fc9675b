"""Helpers for the benchmarks that run the real stack: a database, gunicorn servers, task workers.

PostgreSQL when a server binary is found under /usr/lib/postgresql/*/bin (a throwaway cluster: initdb in a
temp dir, a free loopback port, fsync off, deleted on exit, as `.ci/run` does); SQLite otherwise.
Not a benchmark itself: `make bench` runs it and it does nothing.
"""

import glob
import http.client
import os
import shutil
import socket
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
PY = str(ROOT / ".venv" / "bin" / "python")
GUNICORN = str(ROOT / ".venv" / "bin" / "gunicorn")

# The demo's authorities, when the full reference data are not loaded.
SEED_DIRECTORY = """
from mostovi.directory.models import Level, Organisation, OrganisationKind
from mostovi.directory.tests.factories import AuthorityFactory, NetworkFactory
if not Organisation.objects.filter(ref_key="FR:insee:69123").exists():
    AuthorityFactory(ref_key="FR:insee:69123", name="Lyon", country="FR", population=522_250)
    AuthorityFactory(ref_key="RS:city:Niš", name="Ниш", name_latin="Niš", country="RS", level=Level.CITY)
    AuthorityFactory(ref_key="BG:nsi:SOF46", name="Столична", name_latin="Stolichna", country="BG")
    NetworkFactory(ref_key="NET:NALAS", acronym="NALAS", kind=OrganisationKind.NETWORK)
"""


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


def pg_bin() -> Path | None:
    folders = sorted(glob.glob("/usr/lib/postgresql/*/bin"), key=lambda p: float(Path(p).parent.name))
    for folder in reversed(folders):
        if (Path(folder) / "initdb").exists() and (Path(folder) / "postgres").exists():
            return Path(folder)
    return None


class Stack:
    """A temporary database and the processes started on it; `close()` stops and deletes everything."""

    def __init__(self, *, prefer_postgres: bool = True):
        self.tmp = Path(tempfile.mkdtemp(prefix="mostovi-stack-"))
        self.processes: list[subprocess.Popen] = []
        self.pg_dir: Path | None = None
        self.pg: Path | None = pg_bin() if prefer_postgres else None
        self.engine = "postgresql" if self.pg else "sqlite"
        self.database_url = self._start_postgres() if self.pg else f"sqlite:///{self.tmp / 'mostovi.sqlite3'}"
        self.env = {
            **os.environ,
            "DJANGO_SETTINGS_MODULE": "config.settings.local",
            "DATABASE_URL": self.database_url,
            "MEDIA_ROOT": str(self.tmp / "media"),
            "LOG_LEVEL": "WARNING",
            "EMAIL_BACKEND": "django.core.mail.backends.locmem.EmailBackend",
            "DEMO_PASSWORD": "mostovi-demo",
            "PYTHONPATH": str(ROOT),
        }

    # --- PostgreSQL ----------------------------------------------------------------------------
    def _as_pg(self, *command: str) -> list[str]:
        return ["runuser", "-u", "postgres", "--", *command] if os.getuid() == 0 else list(command)

    def _start_postgres(self) -> str:
        self.pg_dir = self.tmp / "pg"
        (self.pg_dir / "socket").mkdir(parents=True)
        if os.getuid() == 0:
            shutil.chown(self.tmp, "postgres")
            subprocess.run(["chown", "-R", "postgres:", str(self.pg_dir)], check=True)
        port = free_port()
        run = lambda *c: subprocess.run(self._as_pg(*c), check=True, capture_output=True)  # noqa: E731
        run(
            str(self.pg / "initdb"),
            "-D",
            str(self.pg_dir / "data"),
            "-U",
            "postgres",
            "-E",
            "UTF8",
            "--locale=C.UTF-8",
            "--auth-local=trust",
            "--auth-host=scram-sha-256",
        )
        options = (
            f"-p {port} -k {self.pg_dir / 'socket'} -c listen_addresses=127.0.0.1 -c fsync=off "
            "-c synchronous_commit=off -c full_page_writes=off -c max_connections=200 -c shared_buffers=256MB"
        )
        run(
            str(self.pg / "pg_ctl"),
            "-D",
            str(self.pg_dir / "data"),
            "-l",
            str(self.pg_dir / "log"),
            "-w",
            "-o",
            options,
            "start",
        )
        run(
            str(self.pg / "psql"),
            "-h",
            str(self.pg_dir / "socket"),
            "-p",
            str(port),
            "-U",
            "postgres",
            "-d",
            "postgres",
            "-qAt",
            "-c",
            "CREATE ROLE mostovi LOGIN PASSWORD 'mostovi'",
            "-c",
            "CREATE DATABASE mostovi OWNER mostovi",
        )
        return f"postgres://mostovi:mostovi@127.0.0.1:{port}/mostovi"

    # --- Django ------------------------------------------------------------------------------------
    def manage(self, *args: str, quiet: bool = True) -> str:
        result = subprocess.run(
            [PY, "manage.py", *args], cwd=ROOT, env=self.env, capture_output=True, text=True, check=False
        )
        if result.returncode != 0:
            sys.stderr.write(result.stdout + result.stderr)
            raise SystemExit(f"manage.py {' '.join(args)} failed")
        return result.stdout

    def seed_demo(self, *, reference: bool = False) -> None:
        """Migrate, then the demo story (on the full directory when `reference`)."""
        self.manage("migrate", "--noinput")
        if reference:
            self.manage("import_reference_data")
        else:
            self.manage("shell", "-c", SEED_DIRECTORY)
        self.manage("import_funding_catalogue")
        self.manage("demo_setup")
        # The servers use the production static storage (hashed names): it needs the collected files.
        if not (ROOT / "staticfiles" / "staticfiles.json").exists():
            self.manage("collectstatic", "--noinput")

    def gunicorn(self, port: int, *, workers: int = 2, threads: int = 1) -> subprocess.Popen:
        command = [
            GUNICORN,
            "config.wsgi:application",
            "--bind",
            f"127.0.0.1:{port}",
            "--workers",
            str(workers),
            "--threads",
            str(threads),
            "--log-level",
            "warning",
        ]
        server = subprocess.Popen(command, cwd=ROOT, env=self.env)
        self.processes.append(server)
        deadline = time.monotonic() + 60
        while time.monotonic() < deadline:
            try:
                if http_get(port, "/healthz")[0] == 200:
                    return server
            except OSError:
                time.sleep(0.2)
        raise SystemExit(f"gunicorn on port {port} did not answer /healthz within 60 s")

    def worker(self, worker_id: str) -> subprocess.Popen:
        process = subprocess.Popen(
            [PY, "manage.py", "worker", "--interval", "0.5", "--worker-id", worker_id, "--verbosity", "0"],
            cwd=ROOT,
            env=self.env,
        )
        self.processes.append(process)
        return process

    def close(self) -> None:
        for process in reversed(self.processes):
            process.terminate()
        for process in self.processes:
            try:
                process.wait(timeout=15)
            except subprocess.TimeoutExpired:
                process.kill()
        if self.pg_dir is not None:
            subprocess.run(
                self._as_pg(
                    str(self.pg / "pg_ctl"), "-D", str(self.pg_dir / "data"), "-m", "immediate", "stop"
                ),
                capture_output=True,
                check=False,
            )
        shutil.rmtree(self.tmp, ignore_errors=True)


def http_get(port: int, path: str, headers: dict | None = None) -> tuple[int, bytes]:
    conn = http.client.HTTPConnection("127.0.0.1", port, timeout=30)
    try:
        conn.request("GET", path, headers={"Host": "localhost", **(headers or {})})
        response = conn.getresponse()
        return response.status, response.read()
    finally:
        conn.close()


if __name__ == "__main__":
    print("bench/_stack.py: helpers for bench/two_servers.py and bench/load.py (nothing to measure).")
