"""Reading IATI 2.03 activities back into plain values (the import's first step; it writes nothing)."""

import re
from dataclasses import dataclass, field
from datetime import date

from lxml import etree

from .iati import PLATFORM_PREFIX, SECTOR_VOCABULARY, XML_LANG, iati_language

OWN_ACTIVITY = re.compile(rf"^{PLATFORM_PREFIX}-\d+-P(\d+)$")
OWN_ORGANISATION = re.compile(rf"^{PLATFORM_PREFIX}-(\d+)$")
DATE_FIELDS = {"1": "planned_start", "2": "actual_start", "3": "planned_end", "4": "actual_end"}
# A larger file is refused before parsing (an activities file of a few hundred projects is far smaller).
MAX_BYTES = 5 * 1024 * 1024


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


def parse(content: bytes) -> etree._Element:
    """The document's root; no entity is resolved and nothing is fetched from the network."""
    parser = etree.XMLParser(resolve_entities=False, no_network=True, huge_tree=False, remove_comments=True)
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
    return result
