"""Two app servers over one database: a session opened on one works on the other, a task runs once.

Starts a database (PostgreSQL when a server binary is installed, else SQLite), two gunicorn servers on two
loopback ports and two task workers, all sharing that database and one MEDIA_ROOT, then:

1. signs in on server A (the sign-in form) and reads the profile page on server B with the same cookie;
2. takes an API token on A and posts a project comment with it on B: the comment's notification task is
   enqueued by B and must be run exactly once by the two workers (one task result, one notification per
   recipient);
3. fails a sign-in five times on A and finds the lock-out on B (django-axes counts in the database).

Run: .venv/bin/python bench/two_servers.py [--sqlite]
"""

import argparse
import re
import sys
import time
from pathlib import Path

import requests

sys.path.insert(0, str(Path(__file__).resolve().parent))
from _stack import Stack, free_port

OFFICER = "officer.lyon@example.org"
PASSWORD = "mostovi-demo"

COUNT_SCRIPT = """
from django_tasks_db.models import DBTaskResult
from mostovi.projects.models import Comment, Notification
comment = Comment.objects.get(body__startswith="MARKER")
notes = Notification.objects.filter(kind="comment.posted", data__comment=comment.pk)
results = DBTaskResult.objects.filter(task_path="mostovi.projects.tasks.notify_partners",
                                      args_kwargs__kwargs__data__comment=comment.pk)
print("RESULT", results.count(), ",".join(sorted(r.status for r in results)),
      notes.count(), notes.values("user").distinct().count(),
      ",".join(sorted({w for r in results for w in r.worker_ids})))
"""


def sign_in(base: str) -> requests.Session:
    session = requests.Session()
    page = session.get(f"{base}/en/accounts/login/")
    token = re.search(r'name="csrfmiddlewaretoken" value="([^"]+)"', page.text).group(1)
    response = session.post(
        f"{base}/en/accounts/login/",
        data={"login": OFFICER, "password": PASSWORD, "csrfmiddlewaretoken": token},
        headers={"Referer": f"{base}/en/accounts/login/"},
        allow_redirects=False,
    )
    assert response.status_code == 302, f"sign-in on A answered {response.status_code}"
    return session


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--sqlite", action="store_true", help="use SQLite even when PostgreSQL is installed")
    args = parser.parse_args()
    stack = Stack(prefer_postgres=not args.sqlite)
    failures = []

    def check(ok: bool, what: str) -> None:
        print(f"  {'ok  ' if ok else 'FAIL'} {what}")
        if not ok:
            failures.append(what)

    try:
        started = time.perf_counter()
        stack.seed_demo()
        port_a, port_b = free_port(), free_port()
        stack.gunicorn(port_a)
        stack.gunicorn(port_b)
        stack.worker("worker-one")
        stack.worker("worker-two")
        a, b = f"http://127.0.0.1:{port_a}", f"http://127.0.0.1:{port_b}"
        print(
            f"database: {stack.engine}; server A {a}, server B {b}, two workers "
            f"(ready in {time.perf_counter() - started:.0f} s)"
        )

        # 1. A session opened on A is valid on B.
        browser = sign_in(a)
        on_b = requests.get(f"{b}/en/me/", cookies=browser.cookies.get_dict(), allow_redirects=False)
        check(
            on_b.status_code == 200 and OFFICER in on_b.text,
            f"session from A read /en/me/ on B ({on_b.status_code})",
        )
        anonymous = requests.get(f"{b}/en/me/", allow_redirects=False)
        check(
            anonymous.status_code == 302,
            f"without the cookie B redirects to sign-in ({anonymous.status_code})",
        )

        # 2. A task enqueued by B runs once, with two workers polling.
        token = requests.post(f"{a}/api/v1/auth/token", json={"email": OFFICER, "password": PASSWORD}).json()[
            "token"
        ]
        auth = {"Authorization": f"Bearer {token}"}
        projects = requests.get(f"{b}/api/v1/projects", headers=auth).json()["items"]
        marker = f"two-servers check {time.time_ns()}"
        posted = requests.post(
            f"{b}/api/v1/projects/{projects[0]['id']}/comments", json={"body": marker}, headers=auth
        )
        check(posted.status_code == 201, f"token from A posted a comment on B ({posted.status_code})")
        deadline = time.monotonic() + 30
        while True:
            output = stack.manage("shell", "-v", "0", "-c", COUNT_SCRIPT.replace("MARKER", marker))
            line = next(x for x in output.splitlines() if x.startswith("RESULT")).split()[1:]
            results, statuses, notes, people, workers = [*line, "", "", "", "", ""][:5]
            if statuses == "SUCCESSFUL" or time.monotonic() > deadline:
                break
            time.sleep(0.5)
        check(
            results == "1" and statuses == "SUCCESSFUL",
            f"one task result, run by {workers or 'nobody'} ({statuses})",
        )
        check(
            notes == people and int(notes) > 0, f"{notes} notifications for {people} recipients (none twice)"
        )

        # 3. Lock-outs are shared: five failures on A lock the account on B too.
        for _attempt in range(5):
            requests.post(f"{a}/api/v1/auth/token", json={"email": OFFICER, "password": "wrong password"})
        locked = requests.post(f"{b}/api/v1/auth/token", json={"email": OFFICER, "password": PASSWORD})
        check(
            locked.status_code in (401, 403, 429),
            f"after 5 failures on A, B refuses the right password ({locked.status_code})",
        )

        for name, port in (("A", port_a), ("B", port_b)):
            ready = requests.get(f"http://127.0.0.1:{port}/readyz")
            check(ready.status_code == 200, f"/readyz on {name}: {ready.status_code} {ready.text}")
    finally:
        stack.close()
    print("OK: two servers share sessions, tasks and lock-outs" if not failures else f"FAILED: {failures}")
    return 1 if failures else 0


if __name__ == "__main__":
    sys.exit(main())
