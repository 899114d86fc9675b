"""Liveness and readiness for load balancers and orchestrators.

`GET /healthz` (core.views) answers 200 while the database answers. `GET /readyz` answers 200 when the
database answers, every migration is applied and a task worker was seen recently, else 503
with what is missing.
"""

import logging
import os
import socket
import threading
from datetime import timedelta

from django.conf import settings
from django.db import DEFAULT_DB_ALIAS, close_old_connections, connection, connections
from django.db.migrations.executor import MigrationExecutor
from django.http import JsonResponse
from django.utils import timezone
from django.views.decorators.cache import never_cache

from .models import WorkerHeartbeat

logger = logging.getLogger(__name__)

# A worker writes its heartbeat this often; /readyz wants one younger than WORKER_MAX_AGE.
HEARTBEAT_SECONDS = 30
WORKER_MAX_AGE = timedelta(seconds=int(os.environ.get("READYZ_WORKER_MAX_AGE", "120")))

_migrations_applied = False  # once true for this code, it stays true for this process


def migrations_pending() -> int:
    """How many migrations of this code are not applied to the database."""
    global _migrations_applied
    if _migrations_applied:
        return 0
    executor = MigrationExecutor(connections[DEFAULT_DB_ALIAS])
    pending = len(executor.migration_plan(executor.loader.graph.leaf_nodes()))
    _migrations_applied = pending == 0
    return pending


def uses_task_worker() -> bool:
    """Whether tasks wait in the database for a worker (not the immediate backend of the tests)."""
    return settings.TASKS["default"]["BACKEND"] == "django_tasks_db.DatabaseBackend"


def readiness_problems() -> list[str]:
    """What keeps this server from taking traffic; empty when ready."""
    try:
        with connection.cursor() as cursor:
            cursor.execute("SELECT 1")
            cursor.fetchone()
    except Exception:  # any database failure means "not ready", never a 500
        return ["database: unreachable"]
    problems = []
    try:
        pending = migrations_pending()
    except Exception:
        pending = -1
    if pending:
        problems.append(
            f"migrations: {pending} not applied" if pending > 0 else "migrations: state unreadable"
        )
    if uses_task_worker():
        try:
            recent = WorkerHeartbeat.objects.filter(seen_at__gte=timezone.now() - WORKER_MAX_AGE).exists()
        except Exception:
            recent = False
        if not recent:
            problems.append(f"task worker: none seen in the last {int(WORKER_MAX_AGE.total_seconds())} s")
    return problems


@never_cache
def readyz(request):
    problems = readiness_problems()
    if problems:
        return JsonResponse({"status": "unavailable", "missing": problems}, status=503)
    return JsonResponse({"status": "ok"})


# --- The worker's side ------------------------------------------------------------------------


def heartbeat_record(*, worker_id: str, started_at) -> None:
    now = timezone.now()
    WorkerHeartbeat.objects.update_or_create(
        worker_id=worker_id[:64],
        defaults={
            "hostname": socket.gethostname()[:255],
            "pid": os.getpid(),
            "started_at": started_at,
            "seen_at": now,
        },
    )


class Heartbeat(threading.Thread):
    """Beside a worker's loop: records that it is alive every HEARTBEAT_SECONDS, on its own connection."""

    def __init__(self, worker_id: str, interval: float = HEARTBEAT_SECONDS):
        super().__init__(name="mostovi-heartbeat", daemon=True)
        self.worker_id = worker_id
        self.interval = interval
        self.started_at = timezone.now()
        self.stopped = threading.Event()

    def run(self) -> None:
        while not self.stopped.is_set():
            try:
                close_old_connections()
                heartbeat_record(worker_id=self.worker_id, started_at=self.started_at)
            except Exception:  # a busy or restarting database: try again at the next beat
                logger.warning("task worker heartbeat not recorded", exc_info=True)
            finally:
                connection.close()
            self.stopped.wait(self.interval)

    def stop(self) -> None:
        self.stopped.set()
        # The worker is gone: /readyz must not count it any more.
        try:
            WorkerHeartbeat.objects.filter(worker_id=self.worker_id[:64]).delete()
        except Exception:
            logger.warning("task worker heartbeat not removed", exc_info=True)
