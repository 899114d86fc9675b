"""Sizes of the open-data files: measured when a file is generated in full, shown on the open-data page."""

import io

import pytest
from django.core.management import call_command
from django.db import connection
from django.utils import timezone

from mostovi.opendata.models import ExportSize

from .world import public_project_world

pytestmark = pytest.mark.django_db


def _size(key: str) -> int | None:
    record = ExportSize.objects.filter(key=key).first()
    return record.size if record else None


def _body(response) -> bytes:
    return b"".join(response.streaming_content)


def test_a_complete_csv_download_records_its_exact_size(client):
    public_project_world()
    body = _body(client.get("/open-data/projects.csv"))
    assert _size("projects.csv") == len(body)


@pytest.mark.skipif(
    connection.vendor == "postgresql",
    reason="closing a streamed response by hand ends the request, which closes the test's own PostgreSQL "
    "connection; the rule does not depend on the database and is checked on SQLite",
)
def test_a_download_broken_off_half_way_records_nothing(client):
    public_project_world()
    response = client.get("/open-data/iati/activities.xml")
    chunks = iter(response.streaming_content)
    next(chunks)
    response.close()
    assert not ExportSize.objects.exists()


def test_an_xlsx_download_records_the_size_of_the_file_served(client):
    public_project_world()
    body = _body(client.get("/open-data/funding.xlsx"))
    assert _size("funding.xlsx") == len(body)


def test_iati_files_record_their_size_per_reporting_organisation(client):
    world, _project, _losses = public_project_world()
    every = _body(client.get("/open-data/iati/activities.xml"))
    lyon = _body(client.get(f"/open-data/iati/activities.xml?reporting_org={world.lyon.pk}"))
    assert _size("iati.xml") == len(every)
    assert _size(f"iati.xml?reporting_org={world.lyon.pk}") == len(lyon)


def test_a_second_download_replaces_the_measure(client):
    public_project_world()
    ExportSize.objects.create(key="projects.csv", size=1, measured_at=timezone.now())
    body = _body(client.get("/open-data/projects.csv"))
    assert list(ExportSize.objects.values_list("key", "size")) == [("projects.csv", len(body))]


def _page(client, language: str) -> str:
    return client.get(f"/{language}/open-data/").content.decode()


def _record(key: str, size: int) -> None:
    ExportSize.objects.create(key=key, size=size, measured_at=timezone.now())


def test_the_page_shows_each_size_in_the_locale_number_format(client):
    world, _project, _losses = public_project_world()
    _record("projects.csv", 2_400_000)
    _record("directory.xlsx", 5_300)
    _record("iati.xml", 812)
    _record(f"iati.xml?reporting_org={world.lyon.pk}", 1_536)
    english = _page(client, "en")
    assert "(about 2.3\xa0MB)" in english
    assert "(about 5.2\xa0KB)" in english
    assert "(about 812\xa0bytes)" in english
    assert "(about 1.5\xa0KB)" in english
    assert 'href="/open-data/projects.csv" download data-download data-size="2400000"' in english
    french = _page(client, "fr")
    # Django's French catalogue writes binary units (Mio, Kio) and a decimal comma.
    assert "2,3\xa0Mio" in french
    assert "5,2\xa0Kio" in french


def test_a_file_never_measured_says_so(client):
    public_project_world()
    html = _page(client, "en")
    # 4 datasets × 2 formats, every public project, the Lyon file
    assert html.count("(size measured at the first download)") == 10


def test_every_link_has_a_hidden_progress_bar_and_the_download_script(client):
    public_project_world()
    html = _page(client, "en")
    assert html.count('<progress hidden max="100" value="0"') == 10
    assert 'data-preparing="Preparing the file…"' in html
    assert "/static/opendata/downloads.js" in html


def test_the_page_reads_the_sizes_in_one_query(client):
    public_project_world()
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    with CaptureQueriesContext(connection) as without:
        _page(client, "en")
    for key in ("projects.csv", "projects.xlsx", "directory.csv", "funding.csv", "iati.xml"):
        _record(key, 100)
    with CaptureQueriesContext(connection) as with_sizes:
        _page(client, "en")
    assert len(with_sizes.captured_queries) == len(without.captured_queries)
    assert sum("opendata_exportsize" in q["sql"] for q in with_sizes.captured_queries) == 1


def test_the_command_measures_every_file(client):
    world, _project, _losses = public_project_world()
    out = io.StringIO()
    call_command("opendata_sizes", stdout=out)
    keys = sorted(ExportSize.objects.values_list("key", flat=True))
    assert keys == sorted(
        [
            *(
                f"{slug}.{fmt}"
                for slug in ("directory", "partnerships", "projects", "funding")
                for fmt in ("csv", "xlsx")
            ),
            "iati.xml",
            f"iati.xml?reporting_org={world.lyon.pk}",
        ]
    )
    assert _size("projects.csv") == len(_body(client.get("/open-data/projects.csv")))
    assert _size("iati.xml") == len(_body(client.get("/open-data/iati/activities.xml")))
    assert f"projects.csv\t{_size('projects.csv')}" in out.getvalue()
