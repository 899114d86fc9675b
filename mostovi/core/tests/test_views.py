import pytest
from django.test import Client

pytestmark = pytest.mark.django_db

LANGUAGES = ["fr", "en", "bg", "sr", "sr-latn"]


def test_root_redirects_to_french_by_default(client):
    response = client.get("/", HTTP_ACCEPT_LANGUAGE="")
    assert response.status_code == 302
    assert response["Location"] == "/fr/"


@pytest.mark.parametrize("language", LANGUAGES)
def test_home_page_is_served_in_each_language_with_its_html_lang(client, language):
    response = client.get(f"/{language}/")
    assert response.status_code == 200
    assert f'<html lang="{language}"' in response.content.decode()
    assert response["Content-Language"] == language


def test_home_page_text_is_translated(client):
    assert "Annuaire" in client.get("/fr/").content.decode()
    assert "Directory" in client.get("/en/").content.decode()
    assert "Регистар" in client.get("/sr/").content.decode()
    assert "Registar" in client.get("/sr-latn/").content.decode()
    assert "Указател" in client.get("/bg/").content.decode()


def test_unknown_language_prefix_answers_a_translated_404(client):
    response = client.get("/de/", HTTP_ACCEPT_LANGUAGE="fr")
    assert response.status_code == 404
    assert "Page introuvable" in response.content.decode()


def test_language_switcher_keeps_the_current_page(client):
    response = client.post("/i18n/setlang/", {"language": "sr-latn", "next": "/fr/directory/networks/"})
    assert response.status_code == 302
    assert response["Location"] == "/sr-latn/directory/networks/"


def test_unknown_area_is_404(client):
    assert client.get("/fr/areas/nowhere/").status_code == 404


def test_healthz_answers_ok_when_the_database_answers(client):
    response = client.get("/healthz")
    assert response.status_code == 200
    assert response.json() == {"status": "ok"}


def test_content_security_policy_forbids_inline_scripts(client):
    policy = client.get("/fr/")["Content-Security-Policy"]
    directives = dict(part.strip().split(" ", 1) for part in policy.split(";"))
    assert directives["script-src"] == "'self'"
    assert "unsafe-inline" not in directives["script-src"]
    assert directives["object-src"] == "'none'"


def test_pages_load_no_asset_from_another_origin(client):
    html = client.get("/fr/").content.decode()
    assert "https://" not in html.split("<body")[0]


def test_forged_csrf_is_refused_with_a_translated_message_and_changes_nothing(django_user_model):
    client = Client(enforce_csrf_checks=True)
    response = client.post(
        "/fr/accounts/signup/",
        {"email": "new@example.org", "password1": "a-long-password-1", "password2": "a-long-password-1"},
    )
    assert response.status_code == 403
    assert "Le formulaire a expiré" in response.content.decode()
    assert not django_user_model.objects.filter(email="new@example.org").exists()


def test_dates_and_numbers_follow_the_locale(client, settings):
    from django.utils import formats, translation

    with translation.override("fr"):
        assert (
            formats.number_format(1234567.5, decimal_pos=1, use_l10n=True, force_grouping=True)
            == "1\xa0234\xa0567,5"
        )
    with translation.override("en"):
        assert (
            formats.number_format(1234567.5, decimal_pos=1, use_l10n=True, force_grouping=True)
            == "1,234,567.5"
        )
    with translation.override("sr-latn"):
        assert formats.date_format(__import__("datetime").date(2026, 11, 26)) == "26. novembar 2026."


@pytest.mark.django_db
@pytest.mark.parametrize(
    "path",
    [
        "/en/directory/?q=Ni%00s",
        "/en/evaluation/lessons/?q=%00",
        "/api/v1/lessons?q=a%00b",
        "/api/v1/authorities?q=%00",
    ],
)
def test_a_null_character_in_the_query_string_is_refused_with_400(client, path):
    response = client.get(path, HTTP_ACCEPT_LANGUAGE="en")
    assert response.status_code == 400
    message = "The request contains a null character, which no text may hold. Nothing was changed."
    if path.startswith("/api/"):
        assert response.json() == {"detail": message}
    else:
        assert message in response.content.decode()


@pytest.mark.parametrize(
    "body",
    [
        '{"email": "", "password": "a\\u0000b"}',
        '{"email": "x\\u0000@example.org", "password": "p"}',
    ],
)
def test_a_null_character_in_a_json_body_is_refused_before_the_lockout_records_it(client, body):
    from axes.models import AccessAttempt

    response = client.post(
        "/api/v1/auth/token", data=body, content_type="application/json", HTTP_ACCEPT_LANGUAGE="en"
    )
    assert response.status_code == 400
    assert response.json() == {
        "detail": "The request contains a null character, which no text may hold. Nothing was changed."
    }
    assert not AccessAttempt.objects.exists()


def test_a_null_character_in_a_sign_in_form_is_refused(client):
    response = client.post(
        "/en/accounts/login/", {"login": "a\x00@example.org", "password": "p"}, HTTP_ACCEPT_LANGUAGE="en"
    )
    assert response.status_code == 400


def test_every_area_of_the_main_menu_leads_to_a_working_page(client):
    from mostovi.core.views import AREAS

    for slug in AREAS:
        response = client.get(f"/fr/areas/{slug}/", follow=True)
        assert response.status_code == 200, slug
        assert "en préparation" not in response.content.decode(), slug
