import re
from datetime import date, timedelta

import pytest
from django.core.files.base import ContentFile
from django.core.files.uploadedfile import SimpleUploadedFile
from django.utils import timezone

from mostovi.core.models import Event
from mostovi.core.services import scope_key
from mostovi.projects import services
from mostovi.projects.models import (
    Activity,
    Comment,
    Document,
    DocumentVersion,
    Notification,
    Phase,
    Project,
    Visibility,
)

from .factories import actions_for, bring_to_joint_definition, make_project, make_world

pytestmark = pytest.mark.django_db

PDF = b"%PDF-1.4\n1 0 obj<<>>endobj\ntrailer<<>>\n%%EOF\n"


@pytest.fixture
def world():
    return make_world()


@pytest.fixture
def project(world):
    return make_project(world, summary="Réduire les pertes du réseau d'eau.")


def html_of(response, status=200) -> str:
    assert response.status_code == status, response.content.decode()[:2000]
    return response.content.decode()


def text_of(html: str) -> str:
    """The visible text of a page, whitespace collapsed."""
    return " ".join(re.sub(r"<[^>]+>", " ", html).split())


# --- pages render --------------------------------------------------------------------------------


def test_every_page_renders_for_a_partner_officer(client, world, project):
    services.programme_update(
        actor=world.officer_lyon, project=project, version=0, actions=actions_for(world), objectives="Eau"
    )
    services.programme_update(
        actor=world.officer_lyon,
        project=project,
        version=1,
        actions=actions_for(world)[:1],
        objectives="Eau+",
    )
    client.force_login(world.officer_lyon)
    pages = [
        "/en/projects/",
        "/en/projects/new/",
        "/en/projects/new/authorities/?q=Lyon",
        "/en/projects/notifications/",
        "/en/projects/deleted/",
        f"/en/projects/{project.pk}/",
        f"/en/projects/{project.pk}/edit/",
        f"/en/projects/{project.pk}/programme/",
        f"/en/projects/{project.pk}/programme/compare/?a=1&b=2",
        f"/en/projects/{project.pk}/timeline/",
    ]
    for url in pages:
        assert client.get(url).status_code == 200, url


def test_the_list_shows_the_title_the_partners_and_the_phase(client, world, project):
    client.force_login(world.officer_nis)
    html = html_of(client.get("/en/projects/"))
    text = text_of(html)
    assert '<span lang="fr">Gestion de l&#x27;eau à Niš</span>' in html
    assert "(original in French)" in text
    assert "Lyon FR lead" in text and "Niš RS" in text
    assert "Identification" in text
    assert "New project" in text


def test_the_list_filters_by_phase(client, world, project):
    client.force_login(world.officer_lyon)
    assert "1 project" in text_of(html_of(client.get("/en/projects/", {"phase": "identification"})))
    assert "0 projects" in text_of(html_of(client.get("/en/projects/", {"phase": "funding"})))


def test_anonymous_sees_public_projects_out_of_identification_only(client, world, project):
    assert "0 projects" in text_of(html_of(client.get("/en/projects/")))
    assert client.get(f"/en/projects/{project.pk}/").status_code == 404
    Project.objects.filter(pk=project.pk).update(
        visibility=Visibility.PUBLIC, phase=Phase.EXPERTISE_MISSION, published_at=timezone.now()
    )
    assert "1 project" in text_of(html_of(client.get("/en/projects/")))
    html = html_of(client.get(f"/en/projects/{project.pk}/"))
    assert "Delete the project" not in html and "Record the expertise mission" not in html


def test_an_outsider_gets_404_on_a_private_project(client, world, project):
    client.force_login(world.outsider)
    assert client.get(f"/en/projects/{project.pk}/").status_code == 404
    assert client.post(f"/en/projects/{project.pk}/phase/", {"to": "expertise_mission"}).status_code == 404


def test_a_visible_project_refuses_an_action_not_allowed_with_403_and_the_reason(client, world, project):
    Project.objects.filter(pk=project.pk).update(
        visibility=Visibility.PUBLIC, phase=Phase.EXPERTISE_MISSION, published_at=timezone.now()
    )
    client.force_login(world.outsider)
    html = html_of(client.post(f"/fr/projects/{project.pk}/delete/"), status=403)
    assert "Seules les personnes chargées de mission d’une collectivité partenaire peuvent supprimer." in html
    assert Project.objects.get(pk=project.pk).deleted_at is None


# --- create --------------------------------------------------------------------------------------


def test_create_a_project_with_a_partner_found_by_search(client, world):
    client.force_login(world.officer_lyon)
    html = html_of(client.get("/en/projects/new/"))
    assert f'value="{world.lyon.pk}" checked' in html
    found = html_of(client.get("/en/projects/new/authorities/", {"q": "Nis"}, headers={"HX-Request": "true"}))
    assert f'value="{world.nis.pk}"' in found
    response = client.post(
        "/en/projects/new/",
        {
            "title": "Mobilité douce",
            "summary": "",
            "language": "fr",
            "partners": [world.lyon.pk, world.nis.pk],
            "visibility": "private",
        },
    )
    project = Project.objects.get()
    assert response.status_code == 302
    assert response["Location"] == f"/en/projects/{project.pk}/"
    assert {p.authority for p in project.partners.all()} == {world.lyon, world.nis}


def test_create_without_javascript_searches_by_submitting_and_keeps_what_was_typed(client, world):
    client.force_login(world.officer_lyon)
    html = html_of(
        client.post(
            "/en/projects/new/",
            {"title": "Mobilité", "language": "fr", "partners": [world.lyon.pk], "q": "Niš", "search": "1"},
        )
    )
    assert 'value="Mobilité"' in html
    assert f'value="{world.lyon.pk}" checked' in html
    assert f'<input type="checkbox" name="partners" value="{world.nis.pk}">' in html
    assert "This field is required." not in html
    assert Project.objects.count() == 0


def test_create_without_title_shows_the_error_and_stores_nothing(client, world):
    client.force_login(world.officer_lyon)
    response = client.post(
        "/en/projects/new/",
        {"title": "", "language": "fr", "partners": [world.lyon.pk], "visibility": "private"},
    )
    assert response.status_code == 422
    assert "This field is required." in response.content.decode()
    assert Project.objects.count() == 0


def test_someone_without_authority_cannot_create(client, world):
    client.force_login(world.outsider)
    assert client.get("/en/projects/new/").status_code == 403


# --- the project page ----------------------------------------------------------------------------


def test_the_page_shows_the_header_and_explains_the_gate(client, world):
    project = make_project(world, partner_ids=[world.lyon.pk])
    client.force_login(world.officer_lyon)
    html = html_of(client.get(f"/en/projects/{project.pk}/"))
    text = text_of(html)
    assert '<li class="current" aria-current="step">' in html
    assert "Move to “Expertise mission”" in text
    assert "✗ Not met: At least two partner authorities from two different countries are needed." in text
    assert "Suspend or cancel the project" in text
    services.partner_add(actor=world.officer_lyon, project=project, authority_id=world.nis.pk)
    text = text_of(html_of(client.get(f"/en/projects/{project.pk}/")))
    assert "✓ Met: At least two partner authorities from two different countries." in text


def test_a_closed_gate_answers_409_with_the_reason_in_french(client, world):
    project = make_project(world, partner_ids=[world.lyon.pk])
    client.force_login(world.officer_lyon)
    response = client.post(f"/fr/projects/{project.pk}/phase/", {"to": "expertise_mission"})
    html = html_of(response, status=409)
    assert '<html lang="fr"' in html and 'role="alert"' in html
    assert (
        '<li><span aria-hidden="true">✗</span> '
        "Il faut au moins deux collectivités partenaires de deux pays différents.</li>"
    ) in html
    assert Project.objects.get(pk=project.pk).phase == Phase.IDENTIFICATION


def test_an_open_gate_moves_the_project(client, world, project):
    client.force_login(world.officer_lyon)
    response = client.post(f"/en/projects/{project.pk}/phase/", {"to": "expertise_mission"})
    assert response.status_code == 302
    assert response["Location"] == f"/en/projects/{project.pk}/#phase"
    assert Project.objects.get(pk=project.pk).phase == Phase.EXPERTISE_MISSION


def test_suspending_needs_a_reason(client, world, project):
    client.force_login(world.officer_lyon)
    response = client.post(f"/en/projects/{project.pk}/phase/", {"to": "suspended", "reason": " "})
    assert response.status_code == 422
    assert "Give the reason for this decision." in response.content.decode()
    client.post(f"/en/projects/{project.pk}/phase/", {"to": "suspended", "reason": "Élections"})
    project.refresh_from_db()
    assert (project.phase, project.phase_reason) == (Phase.SUSPENDED, "Élections")
    text = text_of(html_of(client.get(f"/en/projects/{project.pk}/")))
    assert "Suspended. Reason: Élections" in text
    assert "Resume in “Identification”" in text


def test_mission_recorded_then_accepted_by_each_partner(client, world, project):
    services.project_transition(actor=world.officer_lyon, project=project, to="expertise_mission")
    client.force_login(world.officer_lyon)
    response = client.post(
        f"/en/projects/{project.pk}/mission/",
        {
            "title": "Mission eau",
            "starts_on": "2026-10-05",
            "ends_on": "2026-10-09",
            "findings": "Pertes de 40 %",
            "recommendations": "Sectoriser",
        },
    )
    assert response.status_code == 302
    html = html_of(client.get(f"/en/projects/{project.pk}/"))
    assert "Accept the report for Lyon" in html
    assert "Accept the report for Ниш" not in html
    client.post(f"/en/projects/{project.pk}/mission/accept/", {"authority": world.lyon.pk, "revision": "1"})
    text = text_of(html_of(client.get(f"/en/projects/{project.pk}/")))
    assert f"Lyon : ✓ accepted by {world.officer_lyon} on " in text
    assert "Ниш (Niš) : … not accepted yet" in text


def test_programme_saved_then_approved_with_who_and_which_version(client, world, project):
    bring_to_joint_definition(world, project)
    client.force_login(world.officer_lyon)
    response = client.post(
        f"/en/projects/{project.pk}/programme/",
        {
            "version": "0",
            "objectives": "Réduire les pertes",
            "actions-TOTAL_FORMS": "3",
            "actions-INITIAL_FORMS": "0",
            "actions-0-title": "Diagnostic",
            "actions-0-partner_id": str(world.lyon.pk),
            "actions-0-starts_on": "2027-01-01",
            "actions-1-title": "Formation",
            "actions-1-partner_id": str(world.nis.pk),
            "actions-2-title": "",
        },
    )
    assert response.status_code == 302, response.content.decode()[:3000]
    version = project.programme_versions.get()
    assert [a["title"] for a in version.content["actions"]] == ["Diagnostic", "Formation"]
    client.force_login(world.elected_nis)
    html = html_of(client.get(f"/en/projects/{project.pk}/"))
    assert "Approve version 1 for Ниш" in html
    client.post(f"/en/projects/{project.pk}/programme/approve/", {"authority": world.nis.pk, "version": "1"})
    text = text_of(html_of(client.get(f"/en/projects/{project.pk}/")))
    assert f"version 1 approved by {world.elected_nis}" in text
    assert "Approve version 1 for Ниш" not in text


def test_add_a_row_keeps_what_was_typed_and_saves_nothing(client, world, project):
    client.force_login(world.officer_lyon)
    html = html_of(
        client.post(
            f"/en/projects/{project.pk}/programme/",
            {
                "version": "0",
                "objectives": "Objectif typé",
                "actions-TOTAL_FORMS": "1",
                "actions-INITIAL_FORMS": "0",
                "actions-0-title": "Action typée",
                "add_row": "1",
            },
        )
    )
    assert "Objectif typé" in html and 'value="Action typée"' in html
    assert 'name="actions-1-title"' in html
    assert not project.programme_versions.exists()


def test_a_stale_programme_edit_shows_the_conflict_page_with_both_texts(client, world, project):
    services.programme_update(
        actor=world.officer_nis,
        project=project,
        version=0,
        actions=actions_for(world),
        objectives="Leur texte",
    )
    client.force_login(world.officer_lyon)
    response = client.post(
        f"/fr/projects/{project.pk}/programme/",
        {
            "version": "0",
            "objectives": "Mon texte",
            "actions-TOTAL_FORMS": "1",
            "actions-INITIAL_FORMS": "0",
            "actions-0-title": "Mon action",
            "actions-0-partner_id": str(world.lyon.pk),
        },
    )
    html = html_of(response, status=409)
    # Both versions side by side: theirs (saved) and mine (submitted, still in the form).
    assert "Leur texte" in html and "Diagnostic du réseau d&#x27;eau" in html and "Обука техничара" in html
    assert "Mon texte" in html and "Mon action" in html
    assert 'name="version" value="1"' in html
    assert '<textarea name="objectives"' in html and ">\nMon texte</textarea>" in html
    assert 'name="actions-0-title" value="Mon action"' in html
    assert project.programme_versions.count() == 1
    # Resubmitted against the new version, it is saved.
    response = client.post(
        f"/fr/projects/{project.pk}/programme/",
        {
            "version": "1",
            "objectives": "Mon texte",
            "actions-TOTAL_FORMS": "1",
            "actions-INITIAL_FORMS": "0",
            "actions-0-title": "Mon action",
            "actions-0-partner_id": str(world.lyon.pk),
        },
    )
    assert response.status_code == 302
    assert project.programme_versions.count() == 2


def test_compare_shows_added_removed_and_changed_actions(client, world, project):
    services.programme_update(
        actor=world.officer_lyon, project=project, version=0, actions=actions_for(world), objectives="A"
    )
    changed = [
        {"title": "Diagnostic du réseau d'eau", "partner_id": world.nis.pk, "starts_on": "2027-01-01"},
        {"title": "Nouvelle action", "partner_id": world.lyon.pk},
    ]
    services.programme_update(
        actor=world.officer_lyon, project=project, version=1, actions=changed, objectives="B"
    )
    client.force_login(world.officer_lyon)
    html = html_of(client.get(f"/en/projects/{project.pk}/programme/compare/", {"a": 1, "b": 2}))
    text = text_of(html)
    assert '<ins><span class="diff-tag">Added:</span> Nouvelle action</ins>' in html
    assert '<del><span class="diff-tag">Removed:</span> Обука техничара</del>' in html
    assert "1 action changed" in text
    assert "Responsible partner: Before: Lyon → After: Ниш" in text


def test_project_fields_conflict_shows_both_values(client, world, project):
    client.force_login(world.officer_lyon)
    services.project_update(actor=world.officer_nis, project=project, revision=1, themes=["waste"])
    response = client.post(
        f"/en/projects/{project.pk}/edit/",
        {"revision": "1", "visibility": "private", "themes": ["mobility", "youth"], "dac_sectors": "14020"},
    )
    html = html_of(response, status=409)
    text = text_of(html)
    assert "Themes different Waste Mobility and transport, Youth" in text
    assert 'name="revision" value="2"' in html
    assert 'value="mobility" id="id_themes_3" checked' in html


def test_edit_the_project_fields(client, world, project):
    client.force_login(world.officer_lyon)
    response = client.post(
        f"/en/projects/{project.pk}/edit/",
        {
            "revision": "1",
            "visibility": "network",
            "planned_start": "2027-01-01",
            "planned_end": "2028-12-31",
            "themes": ["water-sanitation", "environment-climate"],
            "dac_sectors": "14020",
            "working_languages": ["fr", "sr"],
        },
    )
    assert response.status_code == 302
    project.refresh_from_db()
    assert (project.visibility, project.themes, project.dac_sectors) == (
        "network",
        ["water-sanitation", "environment-climate"],
        ["14020"],
    )
    assert project.working_languages == ["fr", "sr"]
    assert (
        client.post(
            f"/en/projects/{project.pk}/edit/",
            {"revision": "2", "visibility": "private", "dac_sectors": "14"},
        )
    ).status_code == 422


def test_a_translation_is_added_and_shown_to_readers_of_that_language(client, world, project):
    client.force_login(world.officer_nis)
    response = client.post(
        f"/sr/projects/{project.pk}/translations/",
        {"field": "title", "language": "sr", "text": "Управљање водом", "revisions": '{"title:fr": 1}'},
    )
    assert response.status_code == 302
    html = html_of(client.get(f"/sr/projects/{project.pk}/"))
    assert '<h1 id="project-title"><span lang="sr">Управљање водом</span></h1>' in html


def test_activities_are_listed_in_a_table_and_a_chart(client, world, project):
    client.force_login(world.officer_lyon)
    response = client.post(
        f"/en/projects/{project.pk}/activities/",
        {
            "title": "Atelier",
            "partner": world.nis.pk,
            "starts_on": "2027-01-10",
            "ends_on": "2027-03-20",
            "status": "planned",
            "is_milestone": "",
        },
    )
    assert response.status_code == 302
    html = html_of(client.get(f"/en/projects/{project.pk}/"))
    assert '"grid-column: 1" title="January 2027">Jan<span class="chart-year">2027</span></span>' in html
    assert 'style="grid-row: 2; grid-column: 1 / span 3; --left: 9.7%; --right: 11.8%"' in html
    assert "Atelier</th>" in html


def test_an_activity_whose_end_date_passed_says_its_status_is_out_of_date(client, world, project):
    today = timezone.localdate()
    past = services.activity_create(
        actor=world.officer_lyon,
        project=project,
        title="Atelier passé",
        partner_id=world.nis.pk,
        starts_on=today - timedelta(days=40),
        ends_on=today - timedelta(days=1),
    )
    running = services.activity_create(
        actor=world.officer_lyon,
        project=project,
        title="Atelier en cours",
        partner_id=world.nis.pk,
        starts_on=today - timedelta(days=40),
        ends_on=today,
        status="ongoing",
    )
    client.force_login(world.officer_nis)
    html = html_of(client.get(f"/en/projects/{project.pk}/"))
    assert (
        f'<strong class="status-overdue" data-testid="overdue-{past.pk}">'
        "Planned — end date passed, status to update</strong>"
    ) in html
    assert f'data-testid="overdue-{running.pk}"' not in html
    assert re.search(r"<td>Ongoing\s*(<details|</td>)", html)
    bars = re.findall(r'<span class="chart-bar ([^"]*)"[^>]*title="([^"]*)">([^<]*)</span>', html)
    assert [(classes, text) for classes, _title, text in bars] == [
        ("status-planned overdue", "!"),
        ("status-ongoing", ""),
    ]
    assert bars[0][1].endswith("— Planned — end date passed, status to update")
    assert "End date passed, status to update</li>" in html


def test_the_calendar_runs_to_the_project_end_and_marks_today(client, world, project):
    today = timezone.localdate()
    services.project_update(
        actor=world.officer_lyon,
        project=project,
        revision=project.revision,
        planned_start=today.replace(day=1),
        planned_end=date(today.year + 2, 12, 31),
    )
    services.activity_create(
        actor=world.officer_lyon,
        project=project,
        title="Jalon",
        partner_id=world.nis.pk,
        starts_on=date(today.year + 1, 2, 14),
        ends_on=date(today.year + 1, 2, 14),
        is_milestone=True,
    )
    client.force_login(world.officer_nis)
    html = html_of(client.get(f"/en/projects/{project.pk}/"))
    months = re.findall(r'<span class="chart-month[^"]*" style="grid-column: (\d+)"', html)
    assert len(months) == (13 - today.month) + 24
    assert f'title="December {today.year + 2}">Dec</span>' in html
    assert '<span class="chart-today" style="grid-row: 2 / span 1; grid-column: 1;' in html
    column = 15 - today.month  # February of next year
    assert f'class="chart-milestone status-planned" style="grid-row: 2; grid-column: {column};' in html
    assert '<span class="chart-diamond"></span>' in html


@pytest.mark.parametrize(
    ("language", "labels"),
    [
        ("fr", ['juin<span class="chart-year">2030</span>', "juil.", "août"]),
        ("sr", ['јун<span class="chart-year">2030</span>', "јул", "авг"]),
        ("sr-latn", ['jun<span class="chart-year">2030</span>', "jul", "avg"]),
    ],
)
def test_the_months_of_the_calendar_read_in_the_reader_language(client, world, project, language, labels):
    services.activity_create(
        actor=world.officer_lyon,
        project=project,
        title="Atelier",
        partner_id=world.nis.pk,
        starts_on=date(2030, 6, 10),
        ends_on=date(2030, 8, 20),
    )
    client.force_login(world.officer_nis)
    html = html_of(client.get(f"/{language}/projects/{project.pk}/"))
    month = r'<span class="chart-month" style="grid-column: \d+" title="[^"]*">(.*?)</span>'
    assert re.findall(month + r'(?=<span class="chart-month|\s)', html) == labels


def test_upload_with_a_wrong_content_shows_the_error_and_stores_nothing(client, world, project):
    client.force_login(world.officer_lyon)
    fake = SimpleUploadedFile("convention.pdf", b"MZ\x90\x00 not a pdf", content_type="application/pdf")
    response = client.post(
        f"/en/projects/{project.pk}/documents/",
        {"category": "A09", "title": "Convention", "language": "fr", "file": fake},
    )
    html = html_of(response, status=422)
    assert "This kind of file is not accepted: PDF, Word, Excel, OpenDocument, PNG or JPEG only." in html
    assert (Document.objects.count(), DocumentVersion.objects.count()) == (0, 0)


def test_upload_sign_add_a_version_and_download(client, world, project):
    client.force_login(world.officer_lyon)
    response = client.post(
        f"/en/projects/{project.pk}/documents/",
        {
            "category": "A09",
            "title": "Convention",
            "language": "fr",
            "file": SimpleUploadedFile("convention.pdf", PDF),
            f"signed_{world.lyon.pk}": "2027-02-01",
        },
    )
    assert response.status_code == 302
    document = Document.objects.get()
    assert document.signatures == {str(world.lyon.pk): "2027-02-01"}
    response = client.post(
        f"/en/projects/{project.pk}/documents/{document.pk}/versions/",
        {"file": SimpleUploadedFile("convention-signee.pdf", PDF + b"%2")},
    )
    assert response.status_code == 302
    text = text_of(html_of(client.get(f"/en/projects/{project.pk}/")))
    assert "Signed: Lyon — 1 Feb 2027; Ниш (Niš) — not signed" in text
    assert "2 convention-signee.pdf" in text and "1 convention.pdf" in text
    download = client.get(f"/en/projects/{project.pk}/documents/{document.pk}/v1/")
    assert download.status_code == 200
    assert download["Content-Disposition"] == 'attachment; filename="convention.pdf"'
    assert b"".join(download.streaming_content) == PDF
    client.force_login(world.outsider)
    assert client.get(f"/en/projects/{project.pk}/documents/{document.pk}/v1/").status_code == 404


def test_discussion_highlights_mentions(client, world, project):
    client.force_login(world.officer_lyon)
    body = f"Bonjour @{world.officer_nis.email}, <b>on avance ?</b>"
    assert client.post(f"/en/projects/{project.pk}/discussion/", {"body": body}).status_code == 302
    html = html_of(client.get(f"/en/projects/{project.pk}/"))
    assert f'<mark class="mention">@{world.officer_nis.email}</mark>' in html
    assert "&lt;b&gt;on avance ?&lt;/b&gt;" in html


def test_timeline_reads_who_when_what_and_old_to_new(client, world, project):
    services.project_transition(actor=world.officer_lyon, project=project, to="expertise_mission")
    client.force_login(world.officer_nis)
    text = text_of(html_of(client.get(f"/en/projects/{project.pk}/")))
    assert f"{world.officer_lyon} moved the project to a new phase" in text
    assert "Phase: Before: Identification → After: Expertise mission" in text
    assert f"{world.officer_lyon} created the project" in text


def test_timeline_shows_50_then_more(client, world, project):
    Event.objects.bulk_create(
        [
            Event(kind="comment.posted", target_type="x", target_id="1", scope=scope_key(project))
            for _ in range(60)
        ]
    )
    client.force_login(world.officer_lyon)
    html = html_of(client.get(f"/en/projects/{project.pk}/"))
    assert f'hx-get="/en/projects/{project.pk}/timeline/?offset=50"' in html
    more = html_of(
        client.get(f"/en/projects/{project.pk}/timeline/?offset=50", headers={"HX-Request": "true"})
    )
    assert more.count("<li>") == 11  # 61 events: 50 on the page, 11 more
    assert "Show more" not in more


def test_soft_delete_then_restore(client, world, project):
    client.force_login(world.officer_lyon)
    response = client.post(f"/en/projects/{project.pk}/delete/")
    assert response.status_code == 302 and response["Location"] == "/en/projects/deleted/"
    assert Project.objects.get(pk=project.pk).deleted_at is not None
    assert client.get(f"/en/projects/{project.pk}/").status_code == 404
    assert "0 projects" in text_of(html_of(client.get("/en/projects/")))
    html = html_of(client.get("/en/projects/deleted/"))
    assert f'action="/en/projects/{project.pk}/restore/"' in html
    client.force_login(world.officer_nis)  # another partner's officer restores it
    response = client.post(f"/en/projects/{project.pk}/restore/")
    assert response.status_code == 302 and response["Location"] == f"/en/projects/{project.pk}/"
    assert Project.objects.get(pk=project.pk).deleted_at is None
    assert client.get(f"/en/projects/{project.pk}/").status_code == 200


def test_an_elected_official_cannot_delete(client, world, project):
    client.force_login(world.elected_lyon)
    assert client.post(f"/en/projects/{project.pk}/delete/").status_code == 403
    assert Project.objects.get(pk=project.pk).deleted_at is None


def test_notifications_are_listed_and_marked_read(client, world, django_capture_on_commit_callbacks):
    with django_capture_on_commit_callbacks(execute=True):
        make_project(world)
    client.force_login(world.officer_nis)
    html = html_of(client.get("/en/projects/notifications/"))
    assert "A project was created with your authority as partner." in html
    assert "1 unread notification." in text_of(html)
    client.post("/en/projects/notifications/")
    assert not Notification.objects.filter(user=world.officer_nis, read_at__isnull=True).exists()


# --- partners, their responsible people, participants -----------------------------------------------


def test_a_member_names_the_responsible_and_deputy_of_their_own_authority(client, world, project):
    lyon_officer = world.membership(world.officer_lyon, world.lyon)
    lyon_elected = world.membership(world.elected_lyon, world.lyon)
    client.force_login(world.officer_lyon)
    html = html_of(client.get(f"/en/projects/{project.pk}/"))
    assert f'action="/en/projects/{project.pk}/partners/{world.lyon.pk}/roles/"' in html
    assert f"/partners/{world.nis.pk}/roles/" not in html  # not a member of Niš
    assert f"{world.elected_lyon} — Elected official" in html
    assert f"{world.officer_lyon} — International-relations officer" in html
    assert str(world.officer_nis) not in text_of(html).split("Name the responsible person")[1][:2000]
    response = client.post(
        f"/en/projects/{project.pk}/partners/{world.lyon.pk}/roles/",
        {
            f"roles-{world.lyon.pk}-responsible": lyon_officer.pk,
            f"roles-{world.lyon.pk}-deputy": lyon_elected.pk,
        },
    )
    assert response.status_code == 302 and response["Location"] == f"/en/projects/{project.pk}/#partners"
    partner = project.partners.get(authority=world.lyon)
    assert (partner.responsible, partner.deputy) == (lyon_officer, lyon_elected)
    html = html_of(client.get(f"/en/projects/{project.pk}/"))
    assert f'data-testid="responsible-{world.lyon.pk}">{world.officer_lyon}</td>' in html
    assert f'data-testid="deputy-{world.lyon.pk}">{world.elected_lyon}</td>' in html


def test_naming_someone_of_another_authority_or_for_another_authority_is_refused(client, world, project):
    nis_officer = world.membership(world.officer_nis, world.nis)
    client.force_login(world.officer_lyon)
    response = client.post(
        f"/en/projects/{project.pk}/partners/{world.lyon.pk}/roles/",
        {f"roles-{world.lyon.pk}-responsible": nis_officer.pk},
    )
    assert response.status_code == 422
    assert "Select a valid choice." in response.content.decode()
    response = client.post(
        f"/en/projects/{project.pk}/partners/{world.nis.pk}/roles/",
        {f"roles-{world.nis.pk}-responsible": nis_officer.pk},
    )
    assert response.status_code == 403
    assert project.partners.get(authority=world.nis).responsible is None
    assert client.post(f"/en/projects/{project.pk}/partners/{world.sofia.pk}/roles/", {}).status_code == 404


def test_the_same_person_cannot_be_responsible_and_deputy(client, world, project):
    lyon_officer = world.membership(world.officer_lyon, world.lyon)
    client.force_login(world.officer_lyon)
    response = client.post(
        f"/en/projects/{project.pk}/partners/{world.lyon.pk}/roles/",
        {
            f"roles-{world.lyon.pk}-responsible": lyon_officer.pk,
            f"roles-{world.lyon.pk}-deputy": lyon_officer.pk,
        },
    )
    assert "The deputy must be another person than the responsible." in html_of(response, status=422)


def test_add_a_partner_found_by_search_without_javascript(client, world):
    project = make_project(world, partner_ids=[world.lyon.pk])
    client.force_login(world.officer_lyon)
    html = html_of(client.get(f"/en/projects/{project.pk}/"))
    assert 'hx-get="/en/projects/new/authorities/"' in html and 'data-testid="add-partner"' in html
    html = html_of(client.post(f"/en/projects/{project.pk}/partners/", {"q": "Nis", "search": "1"}))
    assert f'<input type="checkbox" name="partners" value="{world.nis.pk}">' in html
    assert f'name="partners" value="{world.lyon.pk}">' not in html.split('id="partner-add-results"')[1]
    assert "Choose at least one" not in html
    response = client.post(f"/en/projects/{project.pk}/partners/", {"q": "Nis", "partners": [world.nis.pk]})
    assert response.status_code == 302 and response["Location"] == f"/en/projects/{project.pk}/#partners"
    assert {p.authority for p in project.partners.all()} == {world.lyon, world.nis}
    nothing = client.post(f"/en/projects/{project.pk}/partners/", {"q": ""})
    assert "Choose at least one local authority among the results of the search." in html_of(nothing, 422)


def test_partners_are_added_only_before_the_joint_definition(client, world, project):
    bring_to_joint_definition(world, project)
    client.force_login(world.officer_lyon)
    assert 'data-testid="add-partner"' not in html_of(client.get(f"/en/projects/{project.pk}/"))
    response = client.post(f"/en/projects/{project.pk}/partners/", {"partners": [world.sofia.pk]})
    assert "Partners can only be added before the joint definition" in html_of(response, status=422)
    assert project.partners.count() == 2
    client.force_login(world.outsider)
    assert (
        client.post(f"/en/projects/{project.pk}/partners/", {"partners": [world.sofia.pk]}).status_code == 404
    )


def test_add_a_participant_organisation_with_its_iati_role(client, world, project):
    from mostovi.directory.tests.factories import NetworkFactory

    network = NetworkFactory(name="Cités Unies France", name_latin="Cités Unies France", acronym="CUF")
    client.force_login(world.officer_nis)
    found = html_of(client.get("/en/projects/organisations/", {"q": "cites"}, headers={"HX-Request": "true"}))
    assert f'<input type="radio" name="organisation" value="{network.pk}">' in found
    html = html_of(client.post(f"/en/projects/{project.pk}/participants/", {"q": "Cités", "search": "1"}))
    assert f'name="organisation" value="{network.pk}"' in html and "Cités Unies France" in html
    missing = client.post(f"/en/projects/{project.pk}/participants/", {"q": "Cités", "role": "1"})
    assert "Choose an organisation among the results of the search." in html_of(missing, status=422)
    response = client.post(
        f"/en/projects/{project.pk}/participants/", {"q": "Cités", "organisation": network.pk, "role": "1"}
    )
    assert response.status_code == 302 and response["Location"].endswith("#participants")
    text = text_of(html_of(client.get(f"/en/projects/{project.pk}/")))
    assert "Cités Unies France — IATI role: Funding" in text
    client.force_login(world.outsider)
    assert (
        client.post(f"/en/projects/{project.pk}/participants/", {"organisation": network.pk, "role": "1"})
    ).status_code == 404


def test_approve_with_a_council_decision_shown_with_a_link(client, world, project):
    bring_to_joint_definition(world, project)
    services.programme_update(
        actor=world.officer_lyon, project=project, version=0, actions=actions_for(world)
    )
    decision = services.document_upload(
        actor=world.officer_lyon,
        project=project,
        category="A04",
        title="Délibération 2027-14",
        language="fr",
        uploaded=SimpleUploadedFile("deliberation.pdf", PDF),
    )
    other = services.document_upload(
        actor=world.officer_lyon,
        project=project,
        category="A12",
        title="Notes",
        language="fr",
        uploaded=SimpleUploadedFile("notes.pdf", PDF),
    )
    client.force_login(world.elected_lyon)
    html = html_of(client.get(f"/en/projects/{project.pk}/"))
    assert f'<select name="council_decision" id="council-decision-{world.lyon.pk}">' in html
    assert f'<option value="{decision.pk}">Délibération 2027-14</option>' in html
    assert f'<option value="{other.pk}">Notes</option>' not in html
    refused = client.post(
        f"/en/projects/{project.pk}/programme/approve/",
        {"authority": world.lyon.pk, "version": "1", "council_decision": other.pk},
    )
    assert refused.status_code == 422
    response = client.post(
        f"/en/projects/{project.pk}/programme/approve/",
        {"authority": world.lyon.pk, "version": "1", "council_decision": decision.pk},
    )
    assert response.status_code == 302
    assert project.programme_versions.get().approvals.get().council_decision == decision
    html = html_of(client.get(f"/en/projects/{project.pk}/"))
    assert f'council decision: <a href="#document-{decision.pk}">Délibération 2027-14</a>' in html


def test_a_new_version_says_the_approvals_of_the_previous_one_no_longer_count(client, world, project):
    bring_to_joint_definition(world, project)
    services.programme_update(
        actor=world.officer_lyon, project=project, version=0, actions=actions_for(world)
    )
    services.programme_approve(actor=world.elected_lyon, project=project, version=1)
    client.force_login(world.officer_nis)
    assert "voided-approvals" not in html_of(client.get(f"/en/projects/{project.pk}/"))
    services.programme_update(
        actor=world.officer_nis, project=project, version=1, actions=actions_for(world)[:1]
    )
    text = text_of(html_of(client.get(f"/en/projects/{project.pk}/")))
    assert "Version 1 was approved by Lyon: these approvals do not count for version 2." in text
    assert "Lyon : … not approved yet" in text


# --- query count ---------------------------------------------------------------------------------


def test_project_page_query_count_is_bounded(client, world, project, django_assert_max_num_queries):
    bring_to_joint_definition(world, project)
    services.programme_update(
        actor=world.officer_lyon, project=project, version=0, actions=actions_for(world)
    )
    start = date(2027, 1, 1)
    Activity.objects.bulk_create(
        [
            Activity(
                project=project,
                title=f"Activité {i}",
                partner=world.lyon if i % 2 else world.nis,
                starts_on=start + timedelta(days=3 * i),
                ends_on=start + timedelta(days=3 * i + 20),
                created_by=world.officer_lyon,
            )
            for i in range(200)
        ]
    )
    documents = Document.objects.bulk_create(
        [
            Document(
                project=project,
                category="A12",
                title=f"Doc {i}",
                language="fr",
                uploaded_by=world.officer_lyon,
            )
            for i in range(200)
        ]
    )
    for document in documents:
        for number in (1, 2):
            version = DocumentVersion(
                document=document,
                number=number,
                filename="d.pdf",
                content_type="application/pdf",
                size=len(PDF),
                sha256="0" * 64,
                uploaded_by=world.officer_nis,
            )
            version.file.save("d.pdf", ContentFile(PDF), save=False)
            version.save()
    Event.objects.bulk_create(
        [
            Event(
                kind="activity.created",
                target_type="projects.activity",
                target_id=str(i),
                scope=scope_key(project),
            )
            for i in range(200)
        ]
    )
    Comment.objects.bulk_create(
        [Comment(project=project, author=world.officer_nis, body=f"M {i}") for i in range(30)]
    )
    client.force_login(world.officer_lyon)
    # (+2: the header's unread notifications, whose acceptances and approvals are provisional; +1: the
    # partners' translations of the mission's texts, one query for the record whatever its fields)
    with django_assert_max_num_queries(18):
        html = html_of(client.get(f"/en/projects/{project.pk}/"))
    assert html.count('class="chart-bar') == 200
    assert html.count('<article class="document"') == 200
    assert f"/partners/{world.lyon.pk}/roles/" in html and f"{world.elected_lyon} — Elected official" in html
