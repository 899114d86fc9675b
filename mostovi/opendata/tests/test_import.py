"""IATI 2.03 import: dry-run preview, create or update, skip with a reason; a failed one changes nothing."""

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from lxml import etree

from mostovi.core.models import Event
from mostovi.opendata import iati, selectors
from mostovi.opendata.models import ImportedActivity
from mostovi.projects.models import Project, ProjectText

from .world import public_project_world


@pytest.fixture(autouse=True)
def _english(client):
    """The messages asserted here are the English ones."""
    client.defaults["HTTP_ACCEPT_LANGUAGE"] = "en"


pytestmark = pytest.mark.django_db
URL = "/api/v1/iati/import"
LANG = "{http://www.w3.org/XML/1998/namespace}lang"


def _export() -> bytes:
    return b"".join(iati.activities_stream(selectors.iati_project_chunks()))


def _edit(content: bytes, change) -> bytes:
    root = etree.fromstring(content)
    change(root.find("iati-activity"))
    return etree.tostring(root, xml_declaration=True, encoding="utf-8")


def _post(client, content: bytes, dry_run: bool):
    upload = SimpleUploadedFile("activities.xml", content, content_type="application/xml")
    return client.post(URL, {"file": upload, "dry_run": "true" if dry_run else "false"})


def _retitle(activity):
    activity.find("title/narrative").text = "Eau potable à Niš"


def test_round_trip_of_an_unchanged_export_changes_nothing(client):
    world, project, _losses = public_project_world()
    client.force_login(world.officer_lyon)
    response = _post(client, _export(), dry_run=False)
    assert response.status_code == 200
    assert response.json() == {
        "dry_run": False,
        "created": [],
        "updated": [],
        "skipped": [
            {
                "identifier": f"XM-MOSTOVI-{world.lyon.pk}-P{project.pk}",
                "reason": f"Nothing changed since project #{project.pk} was last written.",
            }
        ],
    }


def test_dry_run_names_the_change_and_writes_nothing(client):
    world, project, _losses = public_project_world()
    content = _edit(_export(), _retitle)
    client.force_login(world.officer_lyon)
    events = Event.objects.count()
    response = _post(client, content, dry_run=True)
    assert response.json()["updated"] == [
        {
            "identifier": f"XM-MOSTOVI-{world.lyon.pk}-P{project.pk}",
            "project_id": project.pk,
            "changes": ["title[fr]"],
            "not_kept": [],
        }
    ]
    assert (
        ProjectText.objects.get(project=project, field="title", language="fr").text
        == "Gestion de l'eau à Niš"
    )
    assert Event.objects.count() == events
    assert not ImportedActivity.objects.exists()


def test_import_updates_the_project_it_came_from(client):
    world, project, _losses = public_project_world()

    def change(activity):
        _retitle(activity)
        activity.find("activity-date[@type='3']").set("iso-date", "2029-06-30")

    client.force_login(world.officer_nis)
    response = _post(client, _edit(_export(), change), dry_run=False)
    assert response.json()["updated"][0]["changes"] == ["title[fr]", "planned_end"]
    project.refresh_from_db()
    assert str(project.planned_end) == "2029-06-30"
    assert ProjectText.objects.get(project=project, field="title", language="fr").text == "Eau potable à Niš"


def test_foreign_activity_creates_a_project_and_a_second_import_finds_it(client):
    world, _project, _losses = public_project_world()

    def foreign(activity):
        activity.find("iati-identifier").text = "FR-RCS-123456789-EAU-1"
        _retitle(activity)

    content = _edit(_export(), foreign)
    client.force_login(world.officer_lyon)
    preview = _post(client, content, dry_run=True).json()
    assert [(c["identifier"], c["project_id"], c["title"]) for c in preview["created"]] == [
        ("FR-RCS-123456789-EAU-1", None, "Eau potable à Niš")
    ]
    assert Project.objects.count() == 1
    created = _post(client, content, dry_run=False).json()["created"][0]
    new = Project.objects.get(pk=created["project_id"])
    assert {p.authority_id for p in new.partners.all()} == {world.lyon.pk, world.nis.pk}
    assert new.dac_sectors == ["14010", "14020", "14030"]  # the codes the export derived from the themes
    again = _post(client, content, dry_run=False).json()
    assert again["created"] == [] and again["skipped"][0]["reason"].startswith(
        f"Nothing changed since project #{new.pk}"
    )


def test_caller_who_cannot_edit_is_skipped_with_the_reason(client):
    world, project, _losses = public_project_world()
    client.force_login(world.officer_sofia)
    response = _post(client, _edit(_export(), _retitle), dry_run=False)
    assert response.json()["skipped"] == [
        {
            "identifier": f"XM-MOSTOVI-{world.lyon.pk}-P{project.pk}",
            "reason": f"You cannot edit project #{project.pk}.",
        }
    ]


def test_invalid_file_is_refused_whole_and_changes_nothing(client):
    world, _project, _losses = public_project_world()
    client.force_login(world.officer_lyon)
    before = (Project.objects.count(), ProjectText.objects.count(), Event.objects.count())
    broken = _edit(_edit(_export(), _retitle), lambda a: a.remove(a.find("reporting-org")))
    response = _post(client, broken, dry_run=False)
    assert response.status_code == 422
    assert response.json()["detail"] == "The file is not a valid IATI 2.03 activities file."
    assert response.json()["errors"]
    assert (Project.objects.count(), ProjectText.objects.count(), Event.objects.count()) == before
    assert _post(client, b"<not xml", dry_run=False).status_code == 422


def test_entities_are_not_expanded(client):
    world, _project, _losses = public_project_world()
    client.force_login(world.officer_lyon)
    evil = (
        b'<?xml version="1.0"?><!DOCTYPE x [<!ENTITY e SYSTEM "file:///etc/passwd">]>'
        b'<iati-activities version="2.03">&e;</iati-activities>'
    )
    response = _post(client, evil, dry_run=True)
    assert response.status_code == 422
    assert b"root:" not in response.content


def test_anonymous_import_is_401(client):
    response = _post(client, b"<x/>", dry_run=True)
    assert response.status_code == 401
