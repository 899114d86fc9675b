import pytest

pytestmark = pytest.mark.django_db


def test_openapi_schema_is_served(client):
    response = client.get("/api/v1/openapi.json")
    assert response.status_code == 200
    schema = response.json()
    assert schema["info"]["title"] == "Mostovi API"
    assert "/api/v1/auth/token" in schema["paths"]


def test_interactive_docs_load_their_assets_locally(client):
    html = client.get("/api/v1/docs").content.decode()
    assert "/static/ninja/swagger-ui-bundle" in html
    assert "cdn" not in html.lower()


def test_malformed_json_answers_400_with_a_detail_in_the_request_language(client):
    response = client.post(
        "/api/v1/auth/token", data="{not json", content_type="application/json", HTTP_ACCEPT_LANGUAGE="fr"
    )
    assert response.status_code == 400
    assert response.json() == {"detail": "Le corps de la requête n’est pas un JSON valide."}


def test_invalid_fields_answer_422_with_detail_and_errors(client):
    response = client.post(
        "/api/v1/auth/token", data={}, content_type="application/json", HTTP_ACCEPT_LANGUAGE="en"
    )
    assert response.status_code == 422
    body = response.json()
    assert body["detail"] == "The request is not valid: check the fields listed."
    assert [e["loc"] for e in body["errors"]] == [
        ["body", "payload", "email"],
        ["body", "payload", "password"],
    ]


def test_unknown_api_path_is_404(client):
    assert client.get("/api/v1/nowhere").status_code == 404


def test_an_id_too_large_for_the_database_answers_422(client):
    response = client.get("/api/v1/projects?authority=99999999999999999999", HTTP_ACCEPT_LANGUAGE="en")
    assert response.status_code == 422
    assert [e["loc"] for e in response.json()["errors"]] == [["query", "authority"]]


def test_an_offset_beyond_a_billion_answers_422(client):
    response = client.get("/api/v1/authorities?offset=99999999999999999999", HTTP_ACCEPT_LANGUAGE="en")
    assert response.status_code == 422
    assert response.json()["detail"] == "The request is not valid: check the fields listed."
    assert [e["loc"] for e in response.json()["errors"]] == [["query", "offset"]]
