"""What several app servers over one database rely on: no state kept in one process."""

import importlib
import json
import logging
import sys

from django.conf import settings


def test_sessions_live_in_the_database():
    assert settings.SESSION_ENGINE == "django.contrib.sessions.backends.db"


def test_sign_in_lockouts_are_counted_in_the_database():
    from axes.handlers.proxy import AxesProxyHandler

    assert getattr(settings, "AXES_HANDLER", "axes.handlers.database.AxesDatabaseHandler") == (
        "axes.handlers.database.AxesDatabaseHandler"
    )
    assert type(AxesProxyHandler.get_implementation(force=True)).__name__ == "AxesDatabaseHandler"


def test_allauth_keeps_no_rate_limit_in_a_process_cache():
    assert settings.ACCOUNT_RATE_LIMITS is False


def test_production_logs_one_json_object_a_line(monkeypatch):
    monkeypatch.setenv("SECRET_KEY", "x" * 60)
    sys.modules.pop("config.settings.production", None)
    production = importlib.import_module("config.settings.production")
    try:
        handler = production.LOGGING["handlers"]["console"]
        assert handler["formatter"] == "json"
        assert production.LOGGING["loggers"]["mostovi.request"]["level"] == "INFO"
        formatter_class = production.LOGGING["formatters"]["json"]["()"]
        module, name = formatter_class.rsplit(".", 1)
        formatter = getattr(importlib.import_module(module), name)()
        record = logging.LogRecord("x", logging.INFO, __file__, 1, "hello", (), None)
        assert json.loads(formatter.format(record))["message"] == "hello"
    finally:
        sys.modules.pop("config.settings.production", None)
