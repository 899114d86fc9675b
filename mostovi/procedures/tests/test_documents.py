"""Documents written from the project: the bilingual convention names both authorities, the object and the
amounts; each side's draft decision is in its language; a new generation is a new version."""

import io
import zipfile
from datetime import date

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.utils import translation

from mostovi.funding.tests.test_plan_world import make_dctciv, rsd_rate, save_balanced
from mostovi.procedures import services
from mostovi.procedures.exceptions import Conflict, InvalidInput, NotAllowed
from mostovi.projects import services as project_services
from mostovi.projects.selectors import project_get_for_page
from mostovi.projects.tests.factories import actions_for, make_project, make_world
from mostovi.projects.tests.test_api import Caller

pytestmark = pytest.mark.django_db
PDF = b"%PDF-1.4\n1 0 obj<<>>endobj\ntrailer<<>>\n%%EOF\n"


@pytest.fixture(autouse=True)
def _english():
    with translation.override("en"):
        yield


@pytest.fixture
def world():
    return make_world()


@pytest.fixture
def project(world):
    project = make_project(world)
    project_services.programme_update(
        actor=world.officer_lyon, project=project, version=0, actions=actions_for(world)
    )
    rsd_rate()
    save_balanced(world, project, make_dctciv())
    return project_get_for_page(pk=project.pk)


def docx_text(document) -> str:
    version = document.versions.order_by("-number").first()
    with version.file.open("rb") as handle, zipfile.ZipFile(io.BytesIO(handle.read())) as archive:
        return archive.read("word/document.xml").decode()


def test_the_bilingual_convention_names_both_authorities_the_object_and_the_amounts(world, project):
    document, version = services.document_generate(
        actor=world.officer_lyon, project=project, kind="convention", languages=["fr", "sr"], format="docx"
    )
    assert (document.category, version.number) == ("A09", 1)
    text = docx_text(document)
    assert "Convention de partenariat" in text and "Споразум о партнерству" in text
    assert "Lyon" in text and "Ниш" in text  # Niš in Cyrillic in the Serbian column
    assert "Gestion de l'eau à Niš" in text or "Gestion de l&apos;eau à Niš" in text
    # Each side's own contributions in the funding plan (cash and in kind; not the grants it receives).
    assert "40\u202f000,00 EUR" in text and "1.172.000,00 RSD" in text
    assert "L1115-1" in text and "сагласности Владе" in text
    assert "Glossaire" in text and "Појмовник" in text and "скупштина града / општине" in text


def test_a_second_generation_is_a_new_version_of_the_same_document(world, project):
    first, _ = services.document_generate(actor=world.officer_lyon, project=project, kind="convention")
    again, version = services.document_generate(
        actor=world.officer_nis, project=project, kind="convention", format="pdf"
    )
    assert again == first and version.number == 2
    assert version.content_type == "application/pdf"


def test_each_side_drafts_its_own_council_decision_in_its_language(world, project):
    lyon, _ = services.document_generate(
        actor=world.officer_lyon, project=project, kind="council_decision", authority_id=world.lyon.pk
    )
    assert "Projet de délibération du conseil" in docx_text(lyon) and "L2121-29" in docx_text(lyon)
    nis, _ = services.document_generate(
        actor=world.officer_nis, project=project, kind="council_decision", authority_id=world.nis.pk
    )
    assert "Одлуку о успостављању сарадње" in docx_text(nis) and "сагласности Владе" in docx_text(nis)
    latin, _ = services.document_generate(
        actor=world.officer_nis,
        project=project,
        kind="council_decision",
        authority_id=world.nis.pk,
        languages=["sr-latn"],
    )
    assert "Odluku o uspostavljanju saradnje" in docx_text(latin)
    assert lyon != nis
    with pytest.raises(InvalidInput, match="in its country's language or in English"):
        services.document_generate(
            actor=world.officer_lyon,
            project=project,
            kind="council_decision",
            authority_id=world.lyon.pk,
            languages=["sr"],
        )
    english, _ = services.document_generate(
        actor=world.officer_lyon,
        project=project,
        kind="council_decision",
        authority_id=world.lyon.pk,
        languages=["en"],
    )
    assert english == lyon  # the same document, a new version
    with pytest.raises(NotAllowed, match="Each partner drafts its own council decision"):
        services.document_generate(
            actor=world.officer_lyon, project=project, kind="council_decision", authority_id=world.nis.pk
        )


def test_an_amendment_waits_for_the_signed_convention(world, project):
    with pytest.raises(Conflict, match="signed by every partner"):
        services.document_generate(
            actor=world.officer_lyon, project=project, kind="amendment", languages=["fr"]
        )
    project_services.document_upload(
        actor=world.officer_lyon,
        project=project,
        category="A09",
        title="Convention signée",
        language="fr",
        uploaded=SimpleUploadedFile("signed.pdf", PDF),
        signatures={world.lyon.pk: date(2026, 1, 8), world.nis.pk: date(2026, 1, 12)},
    )
    document, _ = services.document_generate(
        actor=world.officer_lyon,
        project=project_get_for_page(pk=project.pk),
        kind="amendment",
        languages=["fr"],
    )
    assert "Avenant à la convention" in docx_text(document) and "12 janvier 2026" in docx_text(document)


@pytest.mark.parametrize(
    ("changes", "error", "message"),
    [
        ({"kind": "letter"}, InvalidInput, "Unknown kind of document"),
        ({"format": "odt"}, InvalidInput, "The format must be docx or pdf."),
        ({"languages": ["de"]}, InvalidInput, "Unknown language: de"),
        ({"languages": ["fr", "sr", "bg", "en"]}, InvalidInput, "three at most"),
        ({"kind": "mission_terms", "languages": ["bg"]}, InvalidInput, "no template in bg"),
        ({"kind": "council_decision"}, InvalidInput, "Say which partner"),
    ],
)
def test_bad_requests_are_refused_and_write_nothing(world, project, changes, error, message):
    arguments = {"kind": "convention", **changes}
    with pytest.raises(error, match=message):
        services.document_generate(actor=world.officer_lyon, project=project, **arguments)
    assert not project.documents.exists()


def test_an_outsider_cannot_generate(world, project):
    with pytest.raises(NotAllowed):
        services.document_generate(actor=world.outsider, project=project, kind="convention")


def test_the_api_answers_201_with_a_url_that_serves_the_file_to_the_partners_only(client, world, project):
    lyon = Caller(client, world.officer_lyon)
    response = lyon.post(
        f"/api/v1/projects/{project.pk}/documents/generate",
        {"kind": "convention", "languages": ["fr", "sr"], "format": "pdf"},
    )
    assert response.status_code == 201, response.content
    body = response.json()
    assert body["version"] == 1 and body["url"].endswith("/versions/1/file")
    file = lyon.get(body["url"])
    assert file.status_code == 200 and b"".join(file.streaming_content).startswith(b"%PDF")
    assert Caller(client, world.outsider).get(body["url"]).status_code == 404
    refused = lyon.post(f"/api/v1/projects/{project.pk}/documents/generate", {"kind": "amendment"})
    assert refused.status_code == 409


def test_every_partner_approves_the_version_it_read_and_a_new_writing_voids_the_approvals(
    client, world, project
):
    from mostovi.procedures.exceptions import StaleVersion
    from mostovi.procedures.selectors import convention_state

    services.document_generate(actor=world.officer_lyon, project=project, kind="convention")
    services.convention_approve(actor=world.elected_lyon, project=project, version=1)
    assert [a.pk for a in convention_state(project=project).missing] == [world.nis.pk]
    with pytest.raises(NotAllowed):
        services.convention_approve(actor=world.officer_nis, project=project, version=1)  # no delegation
    services.document_generate(actor=world.officer_nis, project=project, kind="convention")  # version 2
    state = convention_state(project=project)
    assert state.version == 2 and [a.pk for a in state.missing] == [world.lyon.pk, world.nis.pk]
    with pytest.raises(StaleVersion):
        services.convention_approve(actor=world.elected_nis, project=project, version=1)
    with pytest.raises(InvalidInput, match="Say which version you approve"):
        services.convention_approve(actor=world.elected_nis, project=project, version=None)
    nis = Caller(client, world.elected_nis)
    response = nis.post(f"/api/v1/projects/{project.pk}/convention/approve", {"version": 1})
    assert response.status_code == 409 and response.json()["current_version"] == 2
    assert nis.post(f"/api/v1/projects/{project.pk}/convention/approve", {"version": 2}).status_code == 200
    body = (
        Caller(client, world.elected_lyon)
        .post(f"/api/v1/projects/{project.pk}/convention/approve", {"version": 2})
        .json()
    )
    assert body["missing"] == [] and sorted(body["approved_by"]) == sorted([world.lyon.pk, world.nis.pk])


def test_the_signed_scan_closes_the_loop_once_every_partner_approved(world, project):
    from mostovi.projects.lifecycle import convention_signed_by_every_partner

    services.document_generate(actor=world.officer_lyon, project=project, kind="convention")
    dates = {world.lyon.pk: date(2026, 2, 1), world.nis.pk: date(2026, 2, 3)}
    with pytest.raises(Conflict, match="not yet approved by"):
        services.convention_sign(
            actor=world.officer_lyon,
            project=project,
            uploaded=SimpleUploadedFile("s.pdf", PDF),
            signatures=dates,
        )
    services.convention_approve(actor=world.elected_lyon, project=project, version=1)
    services.convention_approve(actor=world.elected_nis, project=project, version=1)
    with pytest.raises(InvalidInput, match="signature date of every partner"):
        services.convention_sign(
            actor=world.officer_lyon,
            project=project,
            uploaded=SimpleUploadedFile("s.pdf", PDF),
            signatures={world.lyon.pk: date(2026, 2, 1)},
        )
    signed = services.convention_sign(
        actor=world.officer_lyon, project=project, uploaded=SimpleUploadedFile("s.pdf", PDF), signatures=dates
    )
    assert signed.signatures == {str(world.lyon.pk): "2026-02-01", str(world.nis.pk): "2026-02-03"}
    assert convention_signed_by_every_partner(project_get_for_page(pk=project.pk)) is None


def test_three_partners_get_a_trilingual_convention_in_their_own_languages(world):
    project = make_project(world, partner_ids=[world.lyon.pk, world.nis.pk, world.sofia.pk])
    document, _ = services.document_generate(actor=world.officer_lyon, project=project, kind="convention")
    text = docx_text(document)
    assert "Convention de partenariat" in text and "Споразум о партнерству" in text
    assert "Споразумение за партньорство" in text and "Столична" in text
    assert "ЗМСМА" in text
