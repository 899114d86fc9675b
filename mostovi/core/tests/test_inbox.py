"""The workspace: each demo account sees what really waits for it (`core.inbox`, `/api/v1/me/inbox`)."""

import io

import pytest
from django.core.management import call_command

from mostovi.accounts.models import User

from .test_demo import directory  # noqa: F401  (the fixture)

pytestmark = pytest.mark.django_db


def _kinds(client, email):
    client.force_login(User.objects.get(email=email))
    response = client.get("/api/v1/me/inbox", headers={"Accept-Language": "en"})
    assert response.status_code == 200, response.content
    client.logout()
    return response.json()


def test_each_demo_account_sees_its_real_waiting_items(client, directory, settings):  # noqa: F811
    settings.DEMO_PASSWORD = "demo-password-for-tests"
    call_command("demo_setup", stdout=io.StringIO())

    lyon = _kinds(client, "officer.lyon@example.org")
    assert [i["kind"] for i in lyon if i["kind"] == "value_approval"] == ["value_approval"]
    value = next(i for i in lyon if i["kind"] == "value_approval")
    assert value["title"].startswith("Approve or return the value reported for")
    assert value["url"].startswith(f"/en/evaluation/projects/{value['project_id']}/")
    # Niš's expression of interest waits for Lyon's answer.
    assert "interest_received" in [i["kind"] for i in lyon]

    nis = _kinds(client, "officer.nis@example.org")
    kinds = [i["kind"] for i in nis]
    assert "review_assessment" in kinds and "overdue_action" in kinds
    # Overdue first, said in words.
    assert nis[0]["kind"] == "overdue_action"
    assert nis[0]["title"].startswith("Overdue by ")
    assert nis[0]["due_on"] is not None

    assert _kinds(client, "observer@example.org") == []


def test_the_inbox_needs_a_signed_in_caller(client):
    assert client.get("/api/v1/me/inbox").status_code == 401


def test_the_home_page_is_the_workspace_and_the_header_counts_unread_notifications(
    client,
    directory,  # noqa: F811
    settings,
):
    from mostovi.projects.models import Notification

    settings.DEMO_PASSWORD = "demo-password-for-tests"
    call_command("demo_setup", stdout=io.StringIO())
    officer = User.objects.get(email="officer.lyon@example.org")
    client.force_login(officer)
    html = client.get("/en/").content.decode()
    assert 'data-testid="workspace"' in html
    assert 'data-kind="value_approval"' in html
    unread = Notification.objects.filter(user=officer, read_at__isnull=True).count()
    if unread:
        assert f"{unread} unread notification" in html
    client.force_login(User.objects.get(email="observer@example.org"))
    html = client.get("/en/").content.decode()
    assert 'data-testid="workspace-empty"' in html
    assert "Notifications" in html
