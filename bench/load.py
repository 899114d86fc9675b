"""Load test: 50 concurrent users of every role over the main journeys, against gunicorn and a real database.

Starts a throwaway database (PostgreSQL when a server binary is found under /usr/lib/postgresql/*/bin, else
SQLite), migrates it and plays the demo story, starts gunicorn (5 processes × 2 threads on a loopback port)
and a task worker, then runs locust headless for a bounded time: officers, elected officials, a network
coordinator, an observer and anonymous visitors search the directory, read project pages, post in the
exchange, approve the programme, read their workspace (home page) and download a handover pack, while one
probe reads /healthz every second. Prints requests per second, p50/p95/p99 per kind of request and the
errors.

Goal on a 2-core machine: no error, p95 of page reads ≤ 300 ms at 50 users.

Run: .venv/bin/python bench/load.py [--users 50] [--seconds 45] [--sqlite] [--reference]
"""

# locust patches the standard library with gevent when imported: first, before any thread or subprocess.
import locust  # noqa: F401, I001

import argparse
import json
import random
import re
import sys
import time
from datetime import date, timedelta
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))
from _stack import Stack, free_port

GOAL_P95_MS = 300.0
PASSWORD = "mostovi-demo"
PAGE_READS = ("page: home", "page: directory", "page: project", "page: exchange", "page: project list")

PLAN_SCRIPT = """
import json
from mostovi.accounts.models import Membership
from mostovi.projects.models import Project
from mostovi.projects.demo import HERITAGE_TITLE
memberships = {m.user.email: m.organisation_id for m in Membership.objects.active().select_related("user")}
heritage = Project.objects.get(texts__text=HERITAGE_TITLE)
print(json.dumps({
    "memberships": memberships,
    "projects": list(Project.objects.values_list("pk", flat=True)),
    "heritage": heritage.pk,
    "heritage_partners": list(heritage.partners.values_list("authority_id", flat=True)),
}))
"""

SEARCHES = [
    "Nis",
    "Niš",
    "Ниш",
    "Lyon",
    "Sofia",
    "София",
    "Beograd",
    "saint",
    "Ma",
    "Str",
    "Plovdiv",
    "Skopje",
]


ACCOUNTS = {
    "officer": ["officer.lyon@example.org", "officer.nis@example.org", "officer.sofia@example.org"],
    "elected": ["elected.lyon@example.org", "elected.nis@example.org"],
    "coordinator": ["coordinator.nalas@example.org"],
    "observer": ["observer@example.org"],
}


def sign_in_everyone(host: str, plan: dict) -> dict[str, dict]:
    """One browser session and one API token per demo account, taken before the load starts.

    Password hashing is deliberately slow: 50 simultaneous sign-ins would measure it, not the journeys.
    The users of the run share the sessions of their account, as colleagues share a role.
    """
    import requests

    credentials = {}
    for email in [e for emails in ACCOUNTS.values() for e in emails]:
        browser = requests.Session()
        page = browser.get(f"{host}/en/accounts/login/")
        token = re.search(r'name="csrfmiddlewaretoken" value="([^"]+)"', page.text).group(1)
        signed = browser.post(
            f"{host}/en/accounts/login/",
            data={"login": email, "password": PASSWORD, "csrfmiddlewaretoken": token},
            headers={"Referer": f"{host}/en/accounts/login/"},
            allow_redirects=False,
        )
        assert signed.status_code == 302, f"{email} could not sign in ({signed.status_code})"
        raw = browser.post(f"{host}/api/v1/auth/token", json={"email": email, "password": PASSWORD}).json()
        api = {"Authorization": f"Bearer {raw['token']}", "Accept-Language": "en"}
        visible = [p["id"] for p in requests.get(f"{host}/api/v1/projects", headers=api).json()["items"]]
        credentials[email] = {
            "cookie": "; ".join(f"{k}={v}" for k, v in browser.cookies.get_dict().items()),
            "api": api,
            "projects": visible,
            "partner_of_heritage": plan["memberships"].get(email) in plan["heritage_partners"],
        }
    anonymous = requests.get(f"{host}/api/v1/projects", headers={"Accept-Language": "en"}).json()["items"]
    credentials[""] = {
        "cookie": "",
        "api": {"Accept-Language": "en"},
        "projects": [p["id"] for p in anonymous],
    }
    return credentials


def build_users(plan: dict, credentials: dict):
    from locust import FastHttpUser, between, constant, task

    class Visitor(FastHttpUser):
        """Anonymous: the home page, the directory, the projects it may see."""

        abstract = True
        wait_time = between(1, 3)
        role = ""

        def on_start(self):
            self.email = random.choice(ACCOUNTS[self.role]) if self.role else ""
            me = credentials[self.email]
            self.headers = {"Accept-Language": "en", **({"Cookie": me["cookie"]} if me["cookie"] else {})}
            self.api = me["api"]
            self.projects = me["projects"]
            self.partner_of_heritage = me.get("partner_of_heritage", False)

        @task(3)
        def home(self):
            self.client.get("/en/", name="page: home", headers=self.headers)

        @task(3)
        def directory(self):
            query = random.choice(SEARCHES)
            self.client.get(f"/en/directory/?q={query}", name="page: directory", headers=self.headers)

        @task(3)
        def search_api(self):
            query = random.choice(SEARCHES)
            self.client.get(f"/api/v1/authorities?q={query}", name="api: search", headers=self.api)

        @task(2)
        def project_list(self):
            self.client.get("/en/projects/", name="page: project list", headers=self.headers)

        @task(4)
        def project_page(self):
            if not self.projects:  # nothing public yet: the list is all a visitor reads
                return self.project_list()
            pk = random.choice(self.projects)
            self.client.get(f"/en/projects/{pk}/", name="page: project", headers=self.headers)

        @task(2)
        def api_project(self):
            if not self.projects:
                return self.search_api()
            pk = random.choice(self.projects)
            self.client.get(f"/api/v1/projects/{pk}", name="api: project", headers=self.api)

    class Officer(Visitor):
        weight = 4
        role = "officer"

        @task(2)
        def exchange(self):
            self.client.get("/en/exchange/", name="page: exchange", headers=self.headers)

        @task(1)
        def post_in_exchange(self):
            body = {
                "authority_id": plan["memberships"].get(self.email),
                "kind": random.choice(["offer", "need"]),
                "themes": ["water-sanitation"],
                "title": f"Load test {random.randint(1, 10**9)}",
                "body": "An offer of expertise in drinking-water networks, written by the load test.",
                "language": "en",
                "valid_until": (date.today() + timedelta(days=90)).isoformat(),
            }
            self.client.post("/api/v1/exchange", json=body, headers=self.api, name="post: exchange")

        @task(1)
        def handover_pack(self):
            if not self.projects:
                return None
            pk = random.choice(self.projects)
            self.client.get(
                f"/en/handover/projects/{pk}/pack.docx", name="download: handover pack", headers=self.headers
            )

    class Elected(Visitor):
        weight = 2
        role = "elected"

        @task(2)
        def approve(self):
            if not self.partner_of_heritage:
                return
            self.client.post(
                f"/api/v1/projects/{plan['heritage']}/programme/approvals",
                json={},
                headers=self.api,
                name="post: approve programme",
            )

    class Coordinator(Visitor):
        weight = 1
        role = "coordinator"

        @task(2)
        def exchange(self):
            self.client.get("/en/exchange/", name="page: exchange", headers=self.headers)

    class Observer(Visitor):
        weight = 1
        role = "observer"

    class Anonymous(Visitor):
        weight = 2

    class HealthProbe(FastHttpUser):
        fixed_count = 1
        wait_time = constant(1)

        @task
        def healthz(self):
            self.client.get("/healthz", name="healthz")

    return [Officer, Elected, Coordinator, Observer, Anonymous, HealthProbe]


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--users", type=int, default=50)
    parser.add_argument("--seconds", type=int, default=45, help="measured time, after the ramp-up")
    parser.add_argument("--sqlite", action="store_true", help="use SQLite even when PostgreSQL is installed")
    parser.add_argument("--reference", action="store_true", help="load the full directory (slower set-up)")
    parser.add_argument("--workers", type=int, default=5, help="gunicorn processes")
    args = parser.parse_args()

    stack = Stack(prefer_postgres=not args.sqlite)
    try:
        started = time.perf_counter()
        stack.seed_demo(reference=args.reference)
        plan = json.loads(stack.manage("shell", "-v", "0", "-c", PLAN_SCRIPT).strip().splitlines()[-1])
        port = free_port()
        stack.gunicorn(port, workers=args.workers, threads=2)
        stack.worker("load-worker")
        print(
            f"database: {stack.engine}; gunicorn {args.workers} processes × 2 threads; "
            f"set-up {time.perf_counter() - started:.0f} s; {args.users} users for {args.seconds} s",
            flush=True,
        )
        host = f"http://127.0.0.1:{port}"
        credentials = sign_in_everyone(host, plan)
        return run_locust(host, plan, credentials, args.users, args.seconds)
    finally:
        stack.close()


def run_locust(host: str, plan: dict, credentials: dict, users: int, seconds: int) -> int:
    import gevent
    from locust.env import Environment

    environment = Environment(user_classes=build_users(plan, credentials), host=host)
    runner = environment.create_local_runner()
    runner.start(users + 1, spawn_rate=10)
    gevent.sleep((users + 1) / 10 + 3)
    environment.stats.reset_all()  # measure after the ramp-up and the sign-ins
    gevent.sleep(seconds)
    runner.quit()

    stats = environment.stats
    print(f"\n{'kind of request':36} {'n':>6} {'err':>4} {'rps':>6} {'p50':>6} {'p95':>6} {'p99':>6}  (ms)")
    worst_read = 0.0
    for (name, _method), entry in sorted(stats.entries.items()):
        p95 = entry.get_response_time_percentile(0.95)
        if name in PAGE_READS:
            worst_read = max(worst_read, p95)
        print(
            f"{name:36} {entry.num_requests:6} {entry.num_failures:4} {entry.total_rps:6.1f} "
            f"{entry.get_response_time_percentile(0.5):6.0f} {p95:6.0f} "
            f"{entry.get_response_time_percentile(0.99):6.0f}"
        )
    total = stats.total
    print(
        f"{'all':36} {total.num_requests:6} {total.num_failures:4} {total.total_rps:6.1f} "
        f"{total.get_response_time_percentile(0.5):6.0f} {total.get_response_time_percentile(0.95):6.0f} "
        f"{total.get_response_time_percentile(0.99):6.0f}"
    )
    for error in list(stats.errors.values())[:10]:
        print(f"  error: {error.occurrences} × {error.method} {error.name}: {error.error}")
    with open("/proc/loadavg") as handle:
        print(f"load average during the run: {handle.read().split()[0]}")
    ok = total.num_failures == 0 and worst_read <= GOAL_P95_MS
    verdict = "OK" if ok else ("ERRORS" if total.num_failures else "TOO SLOW")
    print(
        f"{verdict}: {total.num_failures} errors; worst p95 of page reads {worst_read:.0f} ms "
        f"(goal ≤ {GOAL_P95_MS:.0f} ms)"
    )
    return 0 if ok else 1


if __name__ == "__main__":
    sys.exit(main())
