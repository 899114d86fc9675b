"""A person downloads everything held about them, and closing an account leaves no name or address behind."""

import io
import json
import re

import pytest
from django.core.management import call_command
from django.core.serializers.json import DjangoJSONEncoder
from django.db import connection
from django.urls import reverse

from mostovi.accounts.models import ApiToken, Membership, User
from mostovi.accounts.privacy import account_close
from mostovi.directory.models import Level, OrganisationKind
from mostovi.directory.tests.factories import AuthorityFactory, NetworkFactory
from mostovi.projects.models import Project

from .factories import PASSWORD, MembershipFactory, UserFactory

pytestmark = pytest.mark.django_db

NIS_OFFICER = "officer.nis@example.org"
NIS_OFFICER_NAME = "Милица Петровић"


@pytest.fixture
def demo(settings):
    """The demo story, where the Niš officer wrote, accepted and uploaded for her city."""
    settings.DEMO_PASSWORD = PASSWORD
    AuthorityFactory(ref_key="FR:insee:69123", name="Lyon", country="FR", population=522_250)
    AuthorityFactory(ref_key="RS:city:Niš", name="Ниш", name_latin="Niš", country="RS", level=Level.CITY)
    AuthorityFactory(ref_key="BG:nsi:SOF46", name="Столична", name_latin="Stolichna", country="BG")
    NetworkFactory(ref_key="NET:NALAS", acronym="NALAS", kind=OrganisationKind.NETWORK)
    call_command("import_funding_catalogue", stdout=io.StringIO())
    call_command("demo_setup", stdout=io.StringIO())
    return User.objects.get(email=NIS_OFFICER)


def _token_for(client, email):
    response = client.post(
        "/api/v1/auth/token", data={"email": email, "password": PASSWORD}, content_type="application/json"
    )
    assert response.status_code == 200, response.content
    return {"HTTP_AUTHORIZATION": f"Bearer {response.json()['token']}"}


def _every_text_in_the_database() -> str:
    """Every value of every row of every table, as one lower-case text."""
    parts = []
    with connection.cursor() as cursor:
        for table in connection.introspection.table_names():
            cursor.execute(f'SELECT * FROM "{table}"')  # noqa: S608
            for row in cursor.fetchall():
                parts.extend(str(value) for value in row if value is not None)
    return "\n".join(parts).lower()


def _canonical(value):
    """Lists in a stable order: some lists of the API come from unordered relations."""
    if isinstance(value, dict):
        return {key: _canonical(item) for key, item in value.items()}
    if isinstance(value, list):
        return sorted((_canonical(item) for item in value), key=lambda item: json.dumps(item, sort_keys=True))
    return value


def _project_snapshot(client, auth) -> dict:
    snapshot = {}
    for project in Project.objects.all():
        response = client.get(f"/api/v1/projects/{project.pk}", **auth)
        assert response.status_code == 200
        snapshot[project.pk] = _canonical(response.json())
    return snapshot


# --- Export ---------------------------------------------------------------------------------------


def test_export_holds_account_memberships_records_and_events(client, demo):
    auth = _token_for(client, NIS_OFFICER)
    response = client.get("/api/v1/me/export", **auth)
    assert response.status_code == 200
    assert response["Content-Type"] == "application/json; charset=utf-8"
    assert response["Content-Disposition"] == f'attachment; filename="mostovi-my-data-{demo.pk}.json"'
    data = json.loads(response.content)
    assert data["format"] == 1
    assert data["account"]["email"] == NIS_OFFICER
    assert data["account"]["full_name"] == NIS_OFFICER_NAME
    assert [m["organisation"] for m in data["memberships"]] == ["Ниш (Niš)"]
    assert "projects.missionacceptance" in data["records"]
    assert data["records"]["accounts.apitoken"][0]["prefix"]
    assert {"api_token.created", "exchange.interest_opened"} <= {e["kind"] for e in data["events"]}
    # Secrets never leave.
    text = response.content.decode()
    assert "token_digest" not in text
    assert "password" not in text


def test_export_needs_a_signed_in_caller(client):
    assert client.get("/api/v1/me/export").status_code == 401


def test_profile_page_offers_the_download_and_the_closure(client):
    user = UserFactory()
    client.force_login(user)
    page = client.get(reverse("accounts:profile")).content.decode()
    assert reverse("privacy:export") in page
    assert reverse("privacy:close") in page
    download = client.get(reverse("privacy:export"))
    assert download.status_code == 200
    assert json.loads(download.content)["account"]["email"] == user.email


def test_sign_up_page_links_to_the_privacy_notice(client):
    page = client.get(reverse("account_signup"))
    assert reverse("privacy:notice") in page.content.decode()
    notice = client.get(reverse("privacy:notice"))
    assert notice.status_code == 200
    assert "<h1>Personal data on Mostovi</h1>" in notice.content.decode()


# --- Closing --------------------------------------------------------------------------------------


def test_a_closed_account_leaves_no_email_or_name_and_projects_read_whole(client, demo):
    lyon = _token_for(client, "officer.lyon@example.org")
    before = _project_snapshot(client, lyon)
    nis_auth = _token_for(client, NIS_OFFICER)
    text = _every_text_in_the_database()
    assert NIS_OFFICER in text and NIS_OFFICER_NAME.lower() in text

    response = client.post(
        "/api/v1/me/close",
        data={"password": PASSWORD},
        content_type="application/json",
        HTTP_ACCEPT_LANGUAGE="en",
        **nis_auth,
    )

    assert response.status_code == 200
    assert response.json() == {"detail": "Your account is closed."}
    text = _every_text_in_the_database()
    escaped_name = json.dumps(NIS_OFFICER_NAME).strip('"').lower()
    # "former.officer.nis@example.org" is another person, who stays.
    assert not re.search(r"(?<![\w.])officer\.nis@example\.org", text)
    for trace in (NIS_OFFICER_NAME.lower(), escaped_name):
        assert trace not in text, trace
    closed = User.objects.get(pk=demo.pk)
    assert closed.full_name == "Former member of Ниш (Niš)"
    assert closed.email == f"closed-{demo.pk}@closed.invalid"
    assert not closed.is_active and not closed.has_usable_password()
    assert not Membership.objects.filter(user=closed, ended_at__isnull=True).exists()
    # The caller's tokens stop working.
    assert client.get("/api/v1/me/export", **nis_auth).status_code == 401
    assert ApiToken.objects.filter(user=closed).count() == 0
    # Every project still reads whole: the same partners, missions, approvals and documents.
    after = _project_snapshot(client, lyon)
    assert after.keys() == before.keys()
    assert json.dumps(after, ensure_ascii=False).count("Former member of Ниш (Niš)") > 0
    for pk, body in before.items():
        renamed = json.loads(
            json.dumps(body, ensure_ascii=False).replace(NIS_OFFICER_NAME, "Former member of Ниш (Niš)")
        )
        assert after[pk] == _canonical(renamed)


def test_closing_with_a_wrong_password_changes_nothing(client):
    user = UserFactory(email="claire@example.org", full_name="Claire Martin")
    auth = _token_for(client, "claire@example.org")
    response = client.post(
        "/api/v1/me/close",
        data={"password": "not my password"},
        content_type="application/json",
        HTTP_ACCEPT_LANGUAGE="en",
        **auth,
    )
    assert response.status_code == 403
    assert response.json() == {"detail": "The password is not correct."}
    user.refresh_from_db()
    assert user.email == "claire@example.org" and user.is_active


def test_closing_anonymously_answers_401(client):
    response = client.post("/api/v1/me/close", data={"password": "x"}, content_type="application/json")
    assert response.status_code == 401


def test_the_close_form_needs_the_confirmation_and_signs_out(client):
    user = MembershipFactory(user__email="claire@example.org").user
    client.force_login(user)
    refused = client.post(reverse("privacy:close"), {"password": PASSWORD})
    assert refused.status_code == 422
    assert User.objects.get(pk=user.pk).is_active
    done = client.post(reverse("privacy:close"), {"password": PASSWORD, "confirm": "on"})
    assert done.status_code == 302
    assert not User.objects.get(pk=user.pk).is_active
    assert client.get(reverse("accounts:profile")).status_code == 302  # signed out


def test_a_closed_account_cannot_sign_in_again(client):
    user = UserFactory(email="claire@example.org")
    account_close(actor=user, password=PASSWORD)
    response = client.post(
        "/api/v1/auth/token",
        data={"email": "claire@example.org", "password": PASSWORD},
        content_type="application/json",
    )
    assert response.status_code == 401


def test_export_names_the_documents_the_person_uploaded():
    from django.core.files.uploadedfile import SimpleUploadedFile

    from mostovi.accounts.privacy import user_export
    from mostovi.projects import services
    from mostovi.projects.tests.factories import make_project, make_world

    world = make_world()
    project = make_project(world)
    services.document_upload(
        actor=world.officer_lyon,
        project=project,
        category="A09",
        title="Convention",
        language="fr",
        uploaded=SimpleUploadedFile("convention.pdf", b"%PDF-1.4 convention"),
    )
    exported = json.loads(json.dumps(user_export(user=world.officer_lyon), cls=DjangoJSONEncoder))
    [version] = exported["records"]["projects.documentversion"]
    assert version["file"].endswith(".pdf")
    assert version["via"] == "uploaded_by"


def test_closing_scrubs_the_name_as_written_not_the_same_word_elsewhere():
    from mostovi.core.models import Event

    user = UserFactory(email="observer@example.org", full_name="Observer")
    other = Event.objects.create(
        kind="membership.started",
        target_type="x",
        target_id="1",
        data={"role": "observer", "who": "Observer"},
    )
    account_close(actor=user, password=PASSWORD)
    other.refresh_from_db()
    assert other.data == {"role": "observer", "who": "Former member"}
