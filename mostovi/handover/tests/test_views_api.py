import io

import pytest
from django.urls import reverse
from django.utils import timezone, translation
from docx import Document as WordDocument
from pypdf import PdfReader

from mostovi.partnerships.models import Kind, Partnership, PartnershipMember
from mostovi.projects import services as project_services
from mostovi.projects.models import Project, Visibility

from .world import make_pack_world

pytestmark = pytest.mark.django_db

PDF = "application/pdf"
DOCX = "application/vnd.openxmlformats-officedocument.wordprocessingml.document"


def pdf_text(content: bytes) -> str:
    return " ".join(" ".join(page.extract_text() for page in PdfReader(io.BytesIO(content)).pages).split())


def docx_text(content: bytes) -> str:
    document = WordDocument(io.BytesIO(content))
    parts = [p.text for p in document.paragraphs]
    parts += [cell.text for table in document.tables for row in table.rows for cell in row.cells]
    return " ".join(" ".join(parts).split())


def test_project_pdf_and_docx_for_a_partner(client):
    pw = make_pack_world()
    client.force_login(pw.world.officer_lyon)
    today = timezone.localdate().isoformat()
    with translation.override("fr"):
        url = reverse("handover:project_pdf", kwargs={"pk": pw.project.pk})
    assert url == f"/fr/handover/projects/{pw.project.pk}/pack.pdf"
    response = client.get(f"/en/handover/projects/{pw.project.pk}/pack.pdf")
    assert response.status_code == 200
    assert response["Content-Type"] == PDF
    assert response["Content-Disposition"] == f'attachment; filename="handover-{pw.project.pk}-{today}.pdf"'
    text = pdf_text(response.content)
    assert "Handover pack" in text and "Јована Петровић" in text and "overdue" in text
    response = client.get(f"/fr/handover/projects/{pw.project.pk}/pack.docx")
    assert response.status_code == 200
    assert response["Content-Type"] == DOCX
    assert response["Content-Disposition"] == f'attachment; filename="handover-{pw.project.pk}-{today}.docx"'
    text = docx_text(response.content)
    assert "Dossier de passation" in text or "Handover pack" in text
    assert "Поправити мерне уређаје [sr]" in text


def test_hidden_project_answers_404_like_a_missing_one(client):
    pw = make_pack_world()
    client.force_login(pw.world.officer_sofia)
    assert client.get(f"/en/handover/projects/{pw.project.pk}/pack.pdf").status_code == 404
    assert client.get("/en/handover/projects/999999/pack.pdf").status_code == 404
    client.logout()
    assert client.get(f"/en/handover/projects/{pw.project.pk}/pack.docx").status_code == 404


def test_public_project_is_readable_by_anyone_but_drafts_only_by_partners(client):
    pw = make_pack_world()
    Project.objects.filter(pk=pw.project.pk).update(visibility=Visibility.PUBLIC)
    # Still a draft (never left identification): partners only.
    assert client.get(f"/en/handover/projects/{pw.project.pk}/pack.pdf").status_code == 404
    Project.objects.filter(pk=pw.project.pk).update(published_at=timezone.now())
    response = client.get(f"/en/handover/projects/{pw.project.pk}/pack.pdf")
    assert response.status_code == 200
    assert "Јована Петровић" in pdf_text(response.content)


def test_api_project_pack_language_and_errors(client):
    pw = make_pack_world()
    client.force_login(pw.world.officer_lyon)
    url = f"/api/v1/projects/{pw.project.pk}/handover-pack.pdf"
    response = client.get(url, {"lang": "en"})
    assert response.status_code == 200
    assert response["Content-Type"] == PDF
    assert "Open follow-up actions" in pdf_text(response.content)
    response = client.get(url.replace(".pdf", ".docx"), HTTP_ACCEPT_LANGUAGE="en")
    assert response.status_code == 200 and response["Content-Type"] == DOCX
    assert "Open follow-up actions" in docx_text(response.content)
    pw.world.officer_lyon.preferred_language = "sr"
    pw.world.officer_lyon.save()
    response = client.get(url)
    assert response.status_code == 200
    assert "Gestion de l'eau à Niš [fr]" in pdf_text(response.content)
    response = client.get(url, {"lang": "xx"})
    assert response.status_code == 422 and "detail" in response.json()
    assert client.get("/api/v1/projects/999999/handover-pack.pdf").status_code == 404
    client.force_login(pw.world.officer_sofia)
    response = client.get(url)
    assert response.status_code == 404
    assert response.json()["detail"]


def test_partnership_pack_holds_joint_projects_visible_to_the_reader(client):
    pw = make_pack_world()
    other = project_services.project_create(
        actor=pw.world.officer_lyon,
        title="Lyon et Sofia",
        language="fr",
        partner_ids=[pw.world.lyon.pk, pw.world.sofia.pk],
    )
    partnership = Partnership.objects.create(
        kind=Kind.TWINNING, since_year=2003, sources=["https://example.org/register"]
    )
    PartnershipMember.objects.create(partnership=partnership, authority=pw.world.lyon)
    PartnershipMember.objects.create(partnership=partnership, authority=pw.world.nis)
    client.force_login(pw.world.officer_lyon)
    response = client.get(f"/en/handover/partnerships/{partnership.pk}/pack.pdf")
    assert response.status_code == 200
    assert response["Content-Disposition"].startswith(
        f'attachment; filename="handover-partnership-{partnership.pk}-'
    )
    text = pdf_text(response.content)
    assert "Town twinning" in text and "2003" in text
    assert "Gestion de l'eau à Niš" in text and "Јована Петровић" in text
    assert "Lyon et Sofia" not in text and other.pk
    response = client.get(f"/api/v1/partnerships/{partnership.pk}/handover-pack.docx", {"lang": "en"})
    assert response.status_code == 200
    assert "Јована Петровић" in docx_text(response.content)
    # Someone who may not see the private project gets the partnership record alone.
    client.force_login(pw.world.officer_sofia)
    text = pdf_text(client.get(f"/en/handover/partnerships/{partnership.pk}/pack.pdf").content)
    assert "Town twinning" in text and "Јована Петровић" not in text
    assert client.get("/en/handover/partnerships/999999/pack.pdf").status_code == 404
    assert client.get("/api/v1/partnerships/999999/handover-pack.pdf").status_code == 404
