"""`/readyz` says whether this server may take traffic; every request is logged once, with its id."""

import json
import logging
from datetime import timedelta

import pytest
from django.utils import timezone

from mostovi.core import health
from mostovi.core.models import WorkerHeartbeat
from mostovi.core.request_log import JsonFormatter, RequestIdFilter

pytestmark = pytest.mark.django_db

DB_TASKS = {"default": {"BACKEND": "django_tasks_db.DatabaseBackend"}}


def test_readyz_is_ready_with_migrations_applied_and_a_worker_seen(client, settings):
    settings.TASKS = DB_TASKS
    health.heartbeat_record(worker_id="w1", started_at=timezone.now())
    response = client.get("/readyz")
    assert response.status_code == 200
    assert response.json() == {"status": "ok"}
    assert response["Cache-Control"].startswith("max-age=0")


def test_readyz_without_a_recent_worker_answers_503_and_says_so(client, settings):
    settings.TASKS = DB_TASKS
    health.heartbeat_record(worker_id="w1", started_at=timezone.now())
    WorkerHeartbeat.objects.update(seen_at=timezone.now() - timedelta(minutes=5))
    response = client.get("/readyz")
    assert response.status_code == 503
    assert response.json() == {
        "status": "unavailable",
        "missing": ["task worker: none seen in the last 120 s"],
    }


def test_readyz_with_unapplied_migrations_answers_503(client, settings, monkeypatch):
    settings.TASKS = DB_TASKS
    health.heartbeat_record(worker_id="w1", started_at=timezone.now())
    monkeypatch.setattr(health, "_migrations_applied", False)

    class Executor:
        def __init__(self, _connection):
            self.loader = type(
                "Loader", (), {"graph": type("Graph", (), {"leaf_nodes": lambda self: []})()}
            )()

        def migration_plan(self, _targets):
            return ["core.0004", "projects.0042"]

    monkeypatch.setattr(health, "MigrationExecutor", Executor)
    response = client.get("/readyz")
    assert response.status_code == 503
    assert response.json() == {"status": "unavailable", "missing": ["migrations: 2 not applied"]}


def test_readyz_with_the_database_down_answers_503(client, monkeypatch):
    def broken(*args, **kwargs):
        raise RuntimeError("connection refused")

    monkeypatch.setattr(health.connection, "cursor", broken)
    response = client.get("/readyz")
    assert response.status_code == 503
    assert response.json() == {"status": "unavailable", "missing": ["database: unreachable"]}


def test_readyz_needs_no_worker_when_tasks_run_immediately(client):
    assert client.get("/readyz").json() == {"status": "ok"}


def test_the_worker_heartbeat_is_recorded_and_removed_when_it_stops():
    beat = health.Heartbeat(worker_id="worker-a", interval=60)
    health.heartbeat_record(worker_id=beat.worker_id, started_at=beat.started_at)
    assert WorkerHeartbeat.objects.get(worker_id="worker-a").pid
    beat.stop()
    assert not WorkerHeartbeat.objects.exists()


def test_every_request_is_logged_once_with_its_id_duration_and_user(client, caplog, django_user_model):
    user = django_user_model.objects.create_user(email="claire@example.org", password="x" * 12)
    client.force_login(user)
    with caplog.at_level(logging.INFO, logger="mostovi.request"):
        response = client.get("/healthz", HTTP_X_REQUEST_ID="proxy-given-id-123")
    assert response["X-Request-ID"] == "proxy-given-id-123"
    [record] = [r for r in caplog.records if r.name == "mostovi.request"]
    assert (record.method, record.path, record.status, record.user_id) == ("GET", "/healthz", 200, user.pk)
    assert record.request_id == "proxy-given-id-123"
    assert record.duration_ms >= 0


def test_a_strange_request_id_is_replaced_by_a_new_one(client):
    response = client.get("/healthz", HTTP_X_REQUEST_ID="<script>")
    assert len(response["X-Request-ID"]) == 32


def test_json_formatter_writes_one_object_a_line_with_the_extra_fields():
    record = logging.LogRecord("mostovi.request", logging.INFO, __file__, 1, "GET %s", ("/x",), None)
    record.duration_ms = 12.5
    RequestIdFilter().filter(record)
    line = JsonFormatter().format(record)
    assert "\n" not in line
    entry = json.loads(line)
    assert entry["message"] == "GET /x"
    assert entry["level"] == "INFO"
    assert entry["duration_ms"] == 12.5
    assert entry["request_id"] is None
