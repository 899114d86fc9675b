"""The IATI 2.03 export: valid against the official schema, public projects only, streamed."""

import io

import pytest
from django.core.management import call_command
from django.core.management.base import CommandError
from django.http import StreamingHttpResponse
from lxml import etree

from mostovi.opendata import iati, selectors
from mostovi.projects.tests.factories import make_project

from .world import public_project_world

pytestmark = pytest.mark.django_db
URL = "/open-data/iati/activities.xml"
LANG = "{http://www.w3.org/XML/1998/namespace}lang"


def _get(client, url=URL):
    response = client.get(url)
    assert isinstance(response, StreamingHttpResponse)
    return response, b"".join(response.streaming_content)


def test_export_of_a_full_project_is_valid_against_the_schema(client):
    public_project_world()
    response, content = _get(client)
    assert response.status_code == 200
    assert response["Content-Type"] == "application/xml; charset=utf-8"
    assert iati.validate(content) == []


def test_activity_carries_every_element_the_partners_recorded(client):
    world, project, _losses = public_project_world()
    _response, content = _get(client)
    root = etree.fromstring(content)
    assert root.get("version") == "2.03"
    (activity,) = root.findall("iati-activity")
    lead = f"XM-MOSTOVI-{world.lyon.pk}"
    assert activity.findtext("iati-identifier") == f"{lead}-P{project.pk}"
    assert activity.get("last-updated-datetime")
    assert activity.find("reporting-org").attrib == {"ref": lead, "type": "11"}
    titles = {n.get(LANG): n.text for n in activity.find("title")}
    assert titles == {"fr": "Gestion de l'eau à Niš", "sr": "Управљање водом у Нишу"}
    assert [(p.get("ref"), p.get("role")) for p in activity.findall("participating-org")] == [
        (lead, "2"),
        (lead, "1"),
        (lead, "4"),
        (f"XM-MOSTOVI-{world.nis.pk}", "4"),
    ]
    assert activity.find("activity-status").get("code") == "2"
    assert [(d.get("type"), d.get("iso-date")) for d in activity.findall("activity-date")] == [
        ("1", "2027-01-01"),
        ("2", "2027-02-01"),
        ("3", "2028-12-31"),
    ]
    assert [(c.get("code"), c.get("percentage")) for c in activity.findall("recipient-country")] == [
        ("RS", "100")
    ]
    assert [(s.get("code"), s.get("percentage")) for s in activity.findall("sector")] == [
        ("14010", "33.33"),
        ("14020", "33.33"),
        ("14030", "33.34"),
    ]
    budget = activity.find("budget")
    assert budget.get("status") == "2"
    assert budget.find("value").text == "20000.50"
    assert budget.find("value").attrib == {"currency": "EUR", "value-date": "2026-12-01"}
    transactions = activity.findall("transaction")
    assert [
        (t.find("transaction-type").get("code"), t.find("value").get("currency"), t.find("value").text)
        for t in transactions
    ] == [("3", "EUR", "5000.00"), ("4", "RSD", "120000.00")]
    link = activity.find("document-link")
    assert link.find("category").get("code") == "A09"
    assert link.get("url").endswith(f"/fr/projects/{project.pk}/documents/{project.documents.get().pk}/v1/")
    outcome = next(r for r in activity.findall("result") if r.get("type") == "2")
    indicator = outcome.find("indicator")
    assert indicator.find("baseline").attrib == {"year": "2026", "iso-date": "2026-01-01", "value": "40"}
    period = indicator.find("period")
    assert period.find("target").get("value") == "30"
    # Only the approved value is published, never a draft.
    assert [a.get("value") for a in period.findall("actual")] == ["33"]


def test_private_and_draft_projects_are_not_exported(client):
    world, _project, _losses = public_project_world()
    make_project(world, title="Projet privé")
    _response, content = _get(client)
    assert content.count(b"<iati-activity ") == 1


def test_reporting_org_restricts_to_the_projects_it_leads(client):
    world, _project, _losses = public_project_world()
    _response, content = _get(client, f"{URL}?reporting_org={world.lyon.pk}")
    assert content.count(b"<iati-activity ") == 1
    assert iati.validate(content) == []
    _response, content = _get(client, f"{URL}?reporting_org={world.nis.pk}")
    # Well-formed, but with no activity (the schema wants at least one: `iati_validate` says so).
    assert len(etree.fromstring(content)) == 0


@pytest.mark.parametrize("value", ["abc", "-1", "1" * 30])
def test_bad_reporting_org_is_a_400_not_a_500(client, value):
    response = client.get(f"{URL}?reporting_org={value}")
    assert response.status_code == 400


def test_unknown_reporting_org_is_404(client):
    assert client.get(f"{URL}?reporting_org=999999").status_code == 404


def test_minimal_public_project_is_valid_too(client):
    from mostovi.projects.tests.factories import make_world

    from .world import publish

    world = make_world()
    publish(make_project(world), phase="funding")
    _response, content = _get(client)
    assert iati.validate(content) == []
    assert b'<activity-status code="1"/>' in content


def test_stream_yields_one_chunk_per_activity_and_reads_in_fixed_queries():
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    from .world import publish

    world, _project, _losses = public_project_world()
    with CaptureQueriesContext(connection) as one:
        list(iati.activities_stream(selectors.iati_project_chunks()))
    for _ in range(3):
        publish(make_project(world))
    with CaptureQueriesContext(connection) as four:
        chunks = list(iati.activities_stream(selectors.iati_project_chunks()))
    # The same queries for one project or four (one per prefetch, per chunk of projects).
    assert len(four.captured_queries) == len(one.captured_queries)
    # the opening, four activities, the closing
    assert len(chunks) == 6
    assert iati.validate(b"".join(chunks)) == []


def test_validate_reports_schema_errors():
    bad = b'<?xml version="1.0"?><iati-activities version="2.03"><iati-activity/></iati-activities>'
    assert iati.validate(bad)
    assert iati.validate(b"<not-closed>")[0].startswith("not well-formed XML: ")


def test_command_validates_the_export(tmp_path):
    public_project_world()
    out = io.StringIO()
    target = tmp_path / "activities.xml"
    call_command("iati_validate", output=str(target), stdout=out)
    assert out.getvalue().strip() == "Valid IATI 2.03: 1 activities."
    assert iati.validate(target.read_bytes()) == []


def test_command_says_when_there_is_nothing_to_validate():
    out = io.StringIO()
    call_command("iati_validate", stdout=out)
    assert out.getvalue().strip() == "No public project: the file has no activity, nothing to validate."


def test_command_fails_on_an_invalid_file(tmp_path):
    bad = tmp_path / "bad.xml"
    bad.write_bytes(b'<iati-activities version="2.03"><iati-activity/></iati-activities>')
    with pytest.raises(CommandError):
        call_command("iati_validate", file=str(bad), stdout=io.StringIO(), stderr=io.StringIO())
