import io

import pytest
from pypdf import PdfReader

from mostovi.evaluation.tests.world import logframe_world, report

pytestmark = pytest.mark.django_db


def pdf_text(content: bytes) -> str:
    return " ".join(" ".join(page.extract_text() for page in PdfReader(io.BytesIO(content)).pages).split())


def test_logframe_pdf_prints_the_table(client):
    world, project, _results, losses, _trained = logframe_world()
    report(world, project, losses, value="35")
    client.force_login(world.officer_lyon)
    response = client.get(f"/en/evaluation/projects/{project.pk}/logframe.pdf")
    assert response.status_code == 200
    assert response["Content-Type"] == "application/pdf"
    assert response["Content-Disposition"] == f'attachment; filename="logframe-{project.pk}.pdf"'
    text = pdf_text(response.content)
    assert "Logframe" in text and "Gestion de l'eau à Niš" in text
    assert "Part de l'eau perdue" in text and "Relevés des compteurs de Niš" in text
    assert "Latest approved value" in text
    page = client.get(f"/en/evaluation/projects/{project.pk}/")
    assert f"/en/evaluation/projects/{project.pk}/logframe.pdf" in page.content.decode()


def test_logframe_pdf_of_a_hidden_project_is_404(client):
    world, project, *_ = logframe_world()
    client.force_login(world.officer_sofia)
    assert client.get(f"/en/evaluation/projects/{project.pk}/logframe.pdf").status_code == 404


def test_project_and_partnership_pages_link_the_packs(client):
    from mostovi.partnerships.models import Kind, Partnership, PartnershipMember

    world, project, *_ = logframe_world()
    client.force_login(world.officer_lyon)
    html = client.get(f"/en/projects/{project.pk}/").content.decode()
    assert f"/en/handover/projects/{project.pk}/pack.pdf" in html
    assert f"/en/handover/projects/{project.pk}/pack.docx" in html
    partnership = Partnership.objects.create(kind=Kind.TWINNING)
    PartnershipMember.objects.create(partnership=partnership, authority=world.lyon)
    PartnershipMember.objects.create(partnership=partnership, authority=world.nis)
    html = client.get(f"/en/partnerships/{partnership.pk}/").content.decode()
    assert f"/en/handover/partnerships/{partnership.pk}/pack.pdf" in html
    assert f"/en/handover/partnerships/{partnership.pk}/pack.docx" in html
