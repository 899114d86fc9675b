"""Reading IATI 2.03 activities back into plain values (the import's first step; it writes nothing)."""

import re
from copy import deepcopy
from dataclasses import dataclass, field
from datetime import date

from django.utils.translation import gettext_lazy as _
from lxml import etree

from .iati import PLATFORM_PREFIX, SECTOR_VOCABULARY, XML_LANG, iati_language

OWN_ACTIVITY = re.compile(rf"^{PLATFORM_PREFIX}-\d+-P(\d+)$")
OWN_ORGANISATION = re.compile(rf"^{PLATFORM_PREFIX}-(\d+)$")
DATE_FIELDS = {"1": "planned_start", "2": "actual_start", "3": "planned_end", "4": "actual_end"}
# A larger file is refused before parsing (an activities file of a few hundred projects is far smaller).
MAX_BYTES = 5 * 1024 * 1024

# The elements of a foreign activity that the project has no field for, kept as published and written back
# by the export, each at its place in the schema's order (`iati.activity_element`); titles, the first general
# description, dates, DAC sectors and the directory's organisations go into the project itself.
KEPT = (
    "reporting-org", "description", "participating-org", "activity-status", "recipient-country",
    "recipient-region", "sector", "collaboration-type", "default-flow-type", "default-finance-type",
    "default-aid-type", "default-tied-status", "budget", "transaction", "document-link", "result",
)  # fmt: skip
_PERSONAL = _("Contact details of persons are not republished; the project shows its partners' contacts.")
_PLACES = _("The platform places a project by its partner authorities, not by locations.")
_HUMANITARIAN = _("Humanitarian markers are outside the scope of decentralised cooperation.")
_STATISTICS = _(
    "Statistical reporting to the OECD (CRS, forward spending, capital spend, planned disbursements, "
    "budget classifications) is not kept: the funding plan and the transactions carry the money."
)
_CLASSIFICATIONS = _(
    "Other identifiers, scopes, tags, policy markers, conditions, related activities and legacy data "
    "have no place in a project yet."
)
_ACTIVITY_ATTRIBUTES = _("Linked-data address, hierarchy and the 'budget not provided' flag are not kept.")
_DATE_NOTES = _("A date is kept without its note.")
OTHER = _("This element is not one the platform keeps.")
# What is read but not kept, with the reason the import's preview gives.
NOT_KEPT = {
    "other-identifier": _CLASSIFICATIONS,
    "contact-info": _PERSONAL,
    "activity-scope": _CLASSIFICATIONS,
    "location": _PLACES,
    "tag": _CLASSIFICATIONS,
    "country-budget-items": _STATISTICS,
    "humanitarian-scope": _HUMANITARIAN,
    "policy-marker": _CLASSIFICATIONS,
    "planned-disbursement": _STATISTICS,
    "capital-spend": _STATISTICS,
    "related-activity": _CLASSIFICATIONS,
    "legacy-data": _CLASSIFICATIONS,
    "conditions": _CLASSIFICATIONS,
    "crs-add": _STATISTICS,
    "fss": _STATISTICS,
    "@humanitarian": _HUMANITARIAN,
    "@linked-data-uri": _ACTIVITY_ATTRIBUTES,
    "@hierarchy": _ACTIVITY_ATTRIBUTES,
    "@budget-not-provided": _ACTIVITY_ATTRIBUTES,
    "transaction/@humanitarian": _HUMANITARIAN,
    "activity-date/narrative": _DATE_NOTES,
    "result//location": _PLACES,
}
# Read into the project, or said by the file itself.
READ = {"iati-identifier", "title", "activity-date", "@default-currency", "@last-updated-datetime"}


@dataclass
class ActivityIn:
    identifier: str
    own_project_id: int | None
    default_language: str
    titles: dict[str, str] = field(default_factory=dict)
    summaries: dict[str, str] = field(default_factory=dict)
    dates: dict[str, date] = field(default_factory=dict)
    dac_sectors: list[str] = field(default_factory=list)
    reporting_org_id: int | None = None
    organisation_ids: list[int] = field(default_factory=list)
    # A foreign activity's elements kept as published (tag → XML strings), and what was left out (→ count).
    kept: dict[str, list[str]] = field(default_factory=dict)
    not_kept: dict[str, int] = field(default_factory=dict)


def parse(content: bytes) -> etree._Element:
    """The document's root; no entity is resolved and nothing is fetched from the network."""
    parser = etree.XMLParser(
        resolve_entities=False,
        no_network=True,
        huge_tree=False,
        remove_comments=True,
        remove_pis=True,
        remove_blank_text=True,
    )
    return etree.fromstring(content, parser=parser)


def _texts(element, default: str) -> dict[str, str]:
    texts: dict[str, str] = {}
    if element is None:
        return texts
    for narrative in element.findall("narrative"):
        language = iati_language(narrative.get(XML_LANG) or default)
        text = (narrative.text or "").strip()
        if language and text and language not in texts:
            texts[language] = text
    return texts


def _own_org(ref: str | None) -> int | None:
    match = OWN_ORGANISATION.match(ref or "")
    return int(match.group(1)) if match else None


def activity(element) -> ActivityIn:
    identifier = (element.findtext("iati-identifier") or "").strip()
    own = OWN_ACTIVITY.match(identifier)
    default = iati_language(element.get(XML_LANG) or "")
    result = ActivityIn(
        identifier=identifier, own_project_id=int(own.group(1)) if own else None, default_language=default
    )
    result.titles = _texts(element.find("title"), default)
    descriptions = [d for d in element.findall("description") if d.get("type") in (None, "", "1")]
    result.summaries = _texts(descriptions[0], default) if descriptions else {}
    for node in element.findall("activity-date"):
        name = DATE_FIELDS.get(node.get("type", ""))
        if name and name not in result.dates:
            try:  # xsd:date may carry a time zone ("2027-01-01Z"): the day is what a project keeps
                result.dates[name] = date.fromisoformat((node.get("iso-date") or "")[:10])
            except ValueError:
                continue
    result.dac_sectors = [
        s.get("code")
        for s in element.findall("sector")
        if s.get("vocabulary", SECTOR_VOCABULARY) == SECTOR_VOCABULARY and s.get("code")
    ]
    reporting = element.find("reporting-org")
    result.reporting_org_id = _own_org(reporting.get("ref") if reporting is not None else None)
    ids = [result.reporting_org_id] + [_own_org(p.get("ref")) for p in element.findall("participating-org")]
    result.organisation_ids = list(dict.fromkeys(i for i in ids if i is not None))
    if result.own_project_id is None:
        _keep(element, result)
    return result


def _fragment(element, *, language: str, currency: str) -> str:
    """The element as published, made to stand alone: every narrative names its language and every value
    its currency (both may have been inherited from the activity)."""
    copy = deepcopy(element)
    copy.tail = None
    for narrative in copy.iter("narrative"):
        if language and not narrative.get(XML_LANG):
            narrative.set(XML_LANG, language)
    for value in copy.iter("value"):
        if currency and not value.get("currency"):
            value.set("currency", currency)
    for location in list(copy.iter("location")) if copy.tag == "result" else []:
        location.getparent().remove(location)
    if copy.tag == "transaction":
        copy.attrib.pop("humanitarian", None)
    return etree.tostring(copy, encoding="unicode")


def _keep(element, result: ActivityIn) -> None:
    """Sort the foreign activity's elements into kept (as published) and not kept (counted, with a reason)."""
    language = (element.get(XML_LANG) or "").lower()
    currency = element.get("default-currency") or ""
    first_general = True
    for name in element.attrib:
        label = f"@{name}"
        if label in NOT_KEPT:
            result.not_kept[label] = result.not_kept.get(label, 0) + 1
    for child in element:
        tag = child.tag
        if not isinstance(tag, str):
            continue
        if tag == "description" and child.get("type") in (None, "", "1") and first_general:
            first_general = False  # the project's summary
            continue
        if tag == "participating-org" and _own_org(child.get("ref")) is not None:
            continue  # an authority of the directory: a partner of the project
        if tag == "reporting-org" and _own_org(child.get("ref")) is not None:
            continue  # the lead partner
        if tag == "activity-date" and child.find("narrative") is not None:
            label = "activity-date/narrative"
            result.not_kept[label] = result.not_kept.get(label, 0) + 1
        if tag == "transaction" and child.get("humanitarian") is not None:
            label = "transaction/@humanitarian"
            result.not_kept[label] = result.not_kept.get(label, 0) + 1
        if tag == "result":
            places = sum(1 for _node in child.iter("location"))
            if places:
                result.not_kept["result//location"] = result.not_kept.get("result//location", 0) + places
        if tag in KEPT:
            result.kept.setdefault(tag, []).append(_fragment(child, language=language, currency=currency))
        elif tag not in READ:
            result.not_kept[tag] = result.not_kept.get(tag, 0) + 1
