"""Dates of the last and next local elections per country (or per authority where they differ).

They fill `mandate_started_on` and `next_elections_on` of the local authorities (municipal tier and French
groupings) that have none yet, so that the turnover warnings of the projects can fire; a date recorded by an
authority's members (the mandate form) is never overwritten by the import.
"""

from dataclasses import dataclass
from datetime import date
from pathlib import Path
from urllib.parse import urlsplit

from django.utils.translation import gettext as _
from django.utils.translation import gettext_noop as N_

from ..models import Level
from .base import Unit, read_rows, source

FILE_ELECTIONS = "elections.csv"
# The councils these elections renew; regions and départements have elections of their own.
LOCAL_LEVELS = (Level.MUNICIPALITY, Level.CITY, Level.CITY_MUNICIPALITY, Level.GROUPING)
FIELDS = ("mandate_started_on", "next_elections_on")


@dataclass
class Elections:
    last: date
    next: date
    source: dict
    unverified: str


def load(data_dir: Path) -> dict[str, Elections]:
    """country code or ref_key → its elections."""
    result = {}
    columns = ["country", "members", "last_elections_on", "next_elections_on", "source", "unverified"]
    for row in read_rows(data_dir, FILE_ELECTIONS, columns):
        country = row.text("country", required=True, pattern=r"[A-Z]{2}")
        members = row.text("members", required=True, pattern=r"all|[A-Z]{2}:[a-z]+:\S+")
        dates = []
        for column in ("last_elections_on", "next_elections_on"):
            value = row.text(column, required=True, pattern=r"\d{4}-\d{2}-\d{2}")
            try:
                dates.append(date.fromisoformat(value))
            except ValueError:
                raise row.error(_("“%(value)s” is not a date") % {"value": value}) from None
        if dates[1] <= dates[0]:
            raise row.error(_("the next elections must come after the last ones"))
        url = row.text("source", required=True)
        key = country if members == "all" else members
        if key in result:
            raise row.error(_("%(key)s is listed twice") % {"key": key})
        result[key] = Elections(
            dates[0],
            dates[1],
            source(urlsplit(url).netloc or url, url=url, licence="facts"),
            row.text("unverified"),
        )
    return result


def apply(units: list[Unit], elections: dict[str, Elections]) -> None:
    """Give each local authority unit the dates of its country (or its own row)."""
    for unit in units:
        fields = unit.fields
        if fields.get("level") not in LOCAL_LEVELS:
            continue
        found = elections.get(unit.ref_key) or elections.get(fields.get("country", ""))
        if found is None:
            continue
        fields["mandate_started_on"] = found.last
        fields["next_elections_on"] = found.next
        fields["sources"] = [*fields.get("sources", []), found.source]
        doubtful = [
            label
            for column, label in (
                ("last_elections_on", N_("date of the last local elections")),
                ("next_elections_on", N_("date of the next local elections")),
            )
            if column in found.unverified
        ]
        if doubtful:
            fields["unverified"] = ", ".join(filter(None, [fields.get("unverified", ""), *doubtful]))[:500]
