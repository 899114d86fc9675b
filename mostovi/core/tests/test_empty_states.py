"""Empty states read as sentences ("Not set yet."), never as "— – —" or "0 reviews"."""

from collections import defaultdict
from datetime import date

from django.template.loader import render_to_string
from django.utils import translation


def period(start=None, end=None) -> str:
    with translation.override("en"):
        return render_to_string("projects/_period.html", {"start": start, "end": end}).strip()


def test_a_period_without_dates_is_a_sentence():
    assert period() == '<span class="muted">Not set yet.</span>'


def test_a_period_with_one_end_says_which_is_missing():
    assert period(start=date(2026, 3, 1)).endswith(", end not set")
    assert period(end=date(2027, 12, 31)).startswith("until ")
    assert "—" not in period(start=date(2026, 3, 1)) + period(end=date(2027, 12, 31))


def test_a_project_without_review_says_so():
    with translation.override("en"):
        html = render_to_string(
            "evaluation/_project_summary.html",
            {"project": type("P", (), {"pk": 1})(), "summary": defaultdict(int, reviews=[])},
        )
    assert "No joint review yet." in html
    assert "0 reviews" not in html


def test_an_empty_exchange_says_so_in_its_heading(client, db):
    html = client.get("/en/exchange/").content.decode()
    assert 'class="results-summary">No post matches these filters.</h2>' in html
    assert "0 posts" not in html
    assert html.count("No post matches these filters.") == 1
