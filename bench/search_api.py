"""Latency of the directory search API under concurrent load, against /healthz in the same run.

Uses the full reference data: when the database (DATABASE_URL, default a SQLite file in the temporary
directory, kept between runs) holds no local authority, it is migrated and filled with
`manage.py import_reference_data`. Then gunicorn (2 workers) serves the project on a free port and 4 client
threads send a mix of realistic searches (/api/v1/authorities?q=...) and /healthz requests.

Goal: search p95 ≤ 50 ms and ≤ 3 × the /healthz p95.

Run: .venv/bin/python bench/search_api.py [--requests N]
"""

import argparse
import http.client
import os
import random
import socket
import subprocess
import sys
import tempfile
import threading
import time
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path
from urllib.parse import quote

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
os.environ["DJANGO_SETTINGS_MODULE"] = "config.settings.local"
os.environ.setdefault(
    "DATABASE_URL", f"sqlite:///{Path(tempfile.gettempdir()) / 'mostovi-bench-search.sqlite3'}"
)

import django  # noqa: E402

django.setup()

from django.core.management import call_command, get_commands  # noqa: E402
from django.db import connection  # noqa: E402

from mostovi.directory.models import Organisation, OrganisationKind  # noqa: E402

THREADS = 4
WORKERS = 2
GOAL_P95_MS = 50.0
GOAL_RATIO = 3.0
FIXED_QUERIES = [
    "Nis", "Niš", "Ниш", "saint etienne", "Sofia", "София", "Beograd", "Београд", "Belgrade", "Lyon",
    "Ma", "Str", "Шу", "Skopje", "Prishtina", "Tirana", "Podgorica", "Mostar", "Plovdiv", "Paris",
]  # fmt: skip
RANDOM_NAMES = 40


def ensure_reference_data() -> int:
    call_command("migrate", verbosity=0)
    authorities = Organisation.objects.filter(kind=OrganisationKind.LOCAL_AUTHORITY)
    if not authorities.exists():
        if "import_reference_data" not in get_commands():
            sys.exit(
                "The database has no local authority and the command `import_reference_data` does not "
                "exist yet: cannot measure the search on the reference data."
            )
        print("Importing the reference data (once)…", flush=True)
        call_command("import_reference_data", verbosity=0)
    return authorities.count()


def realistic_queries(seed: int = 7) -> list[str]:
    """The fixed set, plus real names picked at random, whole or as the first letters typed."""
    rng = random.Random(seed)
    names = list(
        Organisation.objects.filter(kind=OrganisationKind.LOCAL_AUTHORITY).values_list("name", flat=True)
    )
    queries = list(FIXED_QUERIES)
    for name in rng.sample(names, min(RANDOM_NAMES, len(names))):
        queries.append(name if rng.random() < 0.5 else name[: rng.randint(2, max(2, min(6, len(name))))])
    return queries


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


def start_server(port: int) -> subprocess.Popen:
    env = {**os.environ, "DJANGO_SETTINGS_MODULE": "config.settings.local", "LOG_LEVEL": "WARNING"}
    command = [
        str(ROOT / ".venv" / "bin" / "gunicorn"),
        "config.wsgi:application",
        "--workers",
        str(WORKERS),
        "--bind",
        f"127.0.0.1:{port}",
        "--log-level",
        "warning",
    ]
    server = subprocess.Popen(command, cwd=ROOT, env=env)
    deadline = time.monotonic() + 30
    while time.monotonic() < deadline:
        try:
            if get(port, "/healthz")[0] == 200:
                return server
        except OSError:
            time.sleep(0.2)
    server.terminate()
    sys.exit("gunicorn did not answer /healthz within 30 s.")


def get(port: int, path: str) -> tuple[int, float]:
    started = time.perf_counter()
    conn = http.client.HTTPConnection("127.0.0.1", port, timeout=30)
    try:
        conn.request("GET", path, headers={"Accept-Language": "en", "Host": "localhost"})
        response = conn.getresponse()
        response.read()
        return response.status, (time.perf_counter() - started) * 1000
    finally:
        conn.close()


def percentile(values: list[float], fraction: float) -> float:
    ordered = sorted(values)
    index = min(len(ordered) - 1, max(0, round(fraction * (len(ordered) - 1))))
    return ordered[index]


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--requests", type=int, default=2000, help="search requests (as many /healthz)")
    args = parser.parse_args()

    total = ensure_reference_data()
    queries = realistic_queries()
    print(f"database: {connection.vendor}, {total} local authorities; {len(queries)} distinct queries")
    connection.close()

    port = free_port()
    server = start_server(port)
    try:
        search_paths = [f"/api/v1/authorities?q={quote(q)}" for q in queries]
        for path in search_paths[:20] + ["/healthz"] * 10:  # warm up both workers
            get(port, path)
        rng = random.Random(11)
        jobs = []
        for index in range(args.requests):
            jobs.append(("search", search_paths[index % len(search_paths)]))
            jobs.append(("healthz", "/healthz"))
        rng.shuffle(jobs)
        timings: dict[str, list[float]] = {"search": [], "healthz": []}
        errors: list[str] = []
        lock = threading.Lock()

        def run(job):
            kind, path = job
            status, ms = get(port, path)
            with lock:
                timings[kind].append(ms)
                if status != 200:
                    errors.append(f"{status} {path}")

        started = time.perf_counter()
        with ThreadPoolExecutor(max_workers=THREADS) as pool:
            list(pool.map(run, jobs))
        seconds = time.perf_counter() - started
    finally:
        server.terminate()
        server.wait(timeout=10)

    print(f"{len(jobs)} requests in {seconds:.1f} s with {THREADS} threads, gunicorn {WORKERS} workers")
    stats = {}
    for kind, values in timings.items():
        stats[kind] = {p: percentile(values, p / 100) for p in (50, 95, 99)}
        print(
            f"  {kind:8} n={len(values):5}  p50 {stats[kind][50]:6.1f} ms  p95 {stats[kind][95]:6.1f} ms  "
            f"p99 {stats[kind][99]:6.1f} ms"
        )
    ratio = stats["search"][95] / stats["healthz"][95]
    print(f"  ratio p95(search)/p95(healthz) = {ratio:.2f}")
    if errors:
        print(f"ERRORS: {len(errors)} non-200 answers, e.g. {errors[:3]}")
        return 1
    ok = stats["search"][95] <= GOAL_P95_MS and ratio <= GOAL_RATIO
    verdict = "OK" if ok else "TOO SLOW"
    goal = f"goal ≤ {GOAL_P95_MS:.0f} ms and ≤ {GOAL_RATIO:.0f}× healthz"
    print(f"{verdict}: search p95 {stats['search'][95]:.1f} ms ({goal})")
    return 0 if ok else 1


if __name__ == "__main__":
    sys.exit(main())
