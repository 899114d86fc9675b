"""The open exports: CSV and XLSX of the four datasets, formula-safe cells, and the open-data page."""

import csv
import io

import pytest
from django.http import FileResponse, StreamingHttpResponse
from openpyxl import load_workbook

from mostovi.directory.tests.factories import AuthorityFactory
from mostovi.opendata.exports import _safe_cell
from mostovi.projects.tests.factories import make_project

from .world import public_project_world

pytestmark = pytest.mark.django_db


def _csv(client, url):
    response = client.get(url)
    assert response.status_code == 200
    assert isinstance(response, StreamingHttpResponse)
    text = b"".join(response.streaming_content).decode()
    return response, list(csv.reader(io.StringIO(text)))


@pytest.mark.parametrize(
    ("value", "expected"),
    [
        ('=HYPERLINK("http://x")', '\'=HYPERLINK("http://x")'),
        ("+33 4 72", "'+33 4 72"),
        ("-1+2", "'-1+2"),
        ("@SUM(A1)", "'@SUM(A1)"),
        ("Niš\x00\x07", "Niš"),
        ("a\nb", "a\nb"),
        (12, 12),
        (None, ""),
    ],
)
def test_safe_cell_neutralises_formulas_and_control_characters(value, expected):
    assert _safe_cell(value) == expected


def test_directory_csv_lists_every_organisation_with_its_sources(client):
    AuthorityFactory(name="=cmd|' /C calc'!A0", country="FR", sources=[{"url": "https://insee.fr/cog"}])
    response, rows = _csv(client, "/open-data/directory.csv")
    assert response["Content-Type"] == "text/csv; charset=utf-8"
    assert response["Content-Disposition"] == 'attachment; filename="mostovi-directory.csv"'
    header, row = rows
    assert header[:7] == ["id", "kind", "level", "country", "code", "code_scheme", "name"]
    assert row[header.index("name")] == "'=cmd|' /C calc'!A0"
    assert row[header.index("sources")] == "https://insee.fr/cog"


def test_projects_export_has_the_public_projects_only(client):
    world, project, _losses = public_project_world()
    make_project(world, title="Projet privé")
    _response, rows = _csv(client, "/open-data/projects.csv")
    assert len(rows) == 2
    header, row = rows
    assert row[header.index("id")] == str(project.pk)
    assert row[header.index("title")] == "Gestion de l'eau à Niš"
    assert row[header.index("dac_sectors")] == "14010 | 14020 | 14030"
    assert row[header.index("countries")] == "FR | RS"
    assert row[header.index("iati_identifier")] == f"XM-MOSTOVI-{world.lyon.pk}-P{project.pk}"


@pytest.mark.parametrize("slug", ["directory", "partnerships", "projects", "funding"])
def test_every_dataset_downloads_as_xlsx_with_an_about_sheet(client, slug):
    public_project_world()
    response = client.get(f"/open-data/{slug}.xlsx")
    assert response.status_code == 200
    assert isinstance(response, FileResponse)
    workbook = load_workbook(io.BytesIO(b"".join(response.streaming_content)), read_only=True)
    assert workbook.sheetnames == [slug, "about"]
    about = {row[0]: row[1] for row in workbook["about"].iter_rows(values_only=True)}
    assert about["licence"].startswith(("ODbL-1.0", "Licence Ouverte 2.0"))


@pytest.mark.parametrize("url", ["/open-data/nothing.csv", "/open-data/projects.pdf"])
def test_unknown_export_is_404(client, url):
    assert client.get(url).status_code == 404


def test_open_data_page_lists_every_export_and_the_iati_files(client, django_assert_max_num_queries):
    world, _project, _losses = public_project_world()
    with django_assert_max_num_queries(12):
        response = client.get("/fr/open-data/")
    assert response.status_code == 200
    html = response.content.decode()
    for slug in ("directory", "partnerships", "projects", "funding"):
        assert f'href="/open-data/{slug}.csv"' in html
        assert f'href="/open-data/{slug}.xlsx"' in html
    assert 'href="/open-data/iati/activities.xml"' in html
    assert f'href="/open-data/iati/activities.xml?reporting_org={world.lyon.pk}"' in html
    assert "ODbL-1.0" in html


def test_main_menu_leads_to_the_open_data_page_not_a_placeholder(client):
    html = client.get("/en/").content.decode()
    assert 'href="/en/open-data/"' in html
    assert "/areas/open-data/" not in html
    assert client.get("/en/areas/open-data/").url == "/en/open-data/"


def test_open_data_without_language_redirects_to_the_page(client):
    response = client.get("/open-data/")
    assert response.status_code == 302
    assert response.url == "/fr/open-data/"
