"""Public projects as an IATI 2.03 activities file, written one activity at a time.

One small function per IATI element (the Akvo RSR shape). `activities_stream` is a generator of bytes: lxml's
incremental writer (`etree.xmlfile`) writes each activity into a buffer that is emptied after every activity,
so memory stays constant whatever the number of projects. The file is valid against the official schema
shipped in `data/iati/` (`validate` checks it; `manage.py iati_validate` and the tests call it).

Identifiers (docs/OPEN-DATA.md): org-id.guide lists no register for French local authorities as such (its
French lists are FR-RCS, for companies, and the deprecated FR-INSEE), and the directory does not hold SIREN
numbers; every organisation is therefore named with the platform's own prefix, `XM-MOSTOVI-<directory id>`,
and every activity `<reporting organisation>-P<project id>`.
"""

from collections.abc import Iterable, Iterator
from datetime import date, datetime
from decimal import Decimal
from functools import cache
from pathlib import Path

from django.conf import settings
from django.urls import reverse
from django.utils import timezone, translation
from lxml import etree

from mostovi.themes.catalogue import THEMES

SCHEMA_DIR = Path(settings.BASE_DIR) / "data" / "iati"
VERSION = "2.03"
PLATFORM_PREFIX = "XM-MOSTOVI"
XML_LANG = "{http://www.w3.org/XML/1998/namespace}lang"

# directory.OrganisationKind → IATI OrganisationType.
ORGANISATION_TYPE = {
    "local_authority": "11",  # Local Government
    "network": "90",  # Other (associations of local authorities have no code of their own)
    "ngo": "22",  # National NGO
    "agency": "10",  # Government (public agencies and funders)
    "other": "90",
}
# projects.Phase → IATI ActivityStatus.
ACTIVITY_STATUS = {
    "identification": "1",  # Pipeline/identification
    "expertise_mission": "1",
    "joint_definition": "1",
    "funding": "1",
    "implementation": "2",  # Implementation
    "evaluation": "3",  # Finalisation
    "closed": "4",  # Closed
    "cancelled": "5",  # Cancelled
    "suspended": "6",  # Suspended
}
COLLABORATION_TYPE = "1"  # Bilateral
FLOW_TYPE = "10"  # ODA
FINANCE_TYPE = "110"  # Standard grant
AID_TYPE = "C01"  # Project-type interventions
SECTOR_VOCABULARY = "1"  # OECD DAC CRS purpose codes (5 digit)
DESCRIPTION_GENERAL = "1"
BUDGET_ORIGINAL = "1"
BUDGET_INDICATIVE, BUDGET_COMMITTED = "1", "2"
DATE_PLANNED_START, DATE_ACTUAL_START, DATE_PLANNED_END, DATE_ACTUAL_END = "1", "2", "3", "4"
ROLE_FUNDING, ROLE_ACCOUNTABLE, ROLE_IMPLEMENTING = "1", "2", "4"


# --- identifiers and small helpers -----------------------------------------------------------------


def org_ref(organisation) -> str:
    return f"{PLATFORM_PREFIX}-{organisation.pk}"


def activity_identifier(project, lead) -> str:
    return f"{org_ref(lead)}-P{project.pk}"


def iati_language(code: str) -> str:
    """IATI's Language codelist is ISO 639-1: Serbian in either script is `sr`."""
    return (code or "").split("-")[0].lower()


def _amount(value: Decimal) -> str:
    return format(Decimal(value).quantize(Decimal("0.01")), "f")


def _number(value: Decimal) -> str:
    text = format(Decimal(value).normalize(), "f")
    return text


def _iso(value: date | datetime) -> str:
    return (value.date() if isinstance(value, datetime) else value).isoformat()


def _percentages(count: int) -> list[str]:
    """Equal shares that add up to exactly 100 (IATI's rule for sectors and countries)."""
    if count == 0:
        return []
    share = (Decimal(100) / count).quantize(Decimal("0.01"), rounding="ROUND_DOWN")
    shares = [share] * count
    shares[-1] = Decimal(100) - share * (count - 1)
    return [_number(s) for s in shares]


def _sub(parent, tag: str, **attributes) -> etree._Element:
    element = etree.SubElement(parent, tag)
    for key, value in attributes.items():
        if value is not None and value != "":
            element.set(key.replace("_", "-"), str(value))
    return element


def _narratives(parent, texts: Iterable[tuple[str, str]]) -> None:
    """One `narrative` per language (the first text of a language wins), each with its `xml:lang`."""
    seen = set()
    for language, text in texts:
        code = iati_language(language)
        if not text or code in seen:
            continue
        seen.add(code)
        narrative = _sub(parent, "narrative")
        if code:
            narrative.set(XML_LANG, code)
        narrative.text = text


def _org(parent, tag: str, organisation, **attributes) -> etree._Element:
    kind = ORGANISATION_TYPE.get(organisation.kind, "90")
    element = _sub(parent, tag, ref=org_ref(organisation), type=kind, **attributes)
    narrative = _sub(element, "narrative")
    narrative.text = organisation.name
    return element


# --- the elements of an activity, in the schema's order -------------------------------------------


def _texts(project, field: str) -> list[tuple[str, str]]:
    texts = sorted(
        (t for t in project.texts.all() if t.field == field), key=lambda t: (not t.is_original, t.language)
    )
    return [(t.language, t.text) for t in texts]


def _default_language(project) -> str:
    titles = _texts(project, "title")
    return iati_language(titles[0][0]) if titles else iati_language(settings.LANGUAGE_CODE)


def _kept(activity, kept: dict, *tags: str) -> bool:
    """Write back the elements an import kept as published (`ImportedActivity.kept`); True if any."""
    written = False
    for tag in tags:
        for fragment in kept.get(tag, ()):
            activity.append(etree.fromstring(fragment))
            written = True
    return written


def _kept_record(project):
    """The import record whose kept elements the project's activity carries, if it came from a file."""
    records = [r for r in project.iati_imports.all() if r.kept]
    return max(records, key=lambda r: (r.imported_at, r.pk)) if records else None


def reporting_org(activity, lead, kept: dict) -> None:
    if not _kept(activity, kept, "reporting-org"):
        _org(activity, "reporting-org", lead)


def title(activity, project) -> None:
    _narratives(_sub(activity, "title"), _texts(project, "title"))


def description(activity, project, kept: dict) -> None:
    texts = _texts(project, "summary") or _texts(project, "title")
    _narratives(_sub(activity, "description", type=DESCRIPTION_GENERAL), texts)
    _kept(activity, kept, "description")


def participating_orgs(activity, project, plan, kept: dict) -> None:
    _kept(activity, kept, "participating-org")
    done: set[tuple[int, str]] = set()

    def add(organisation, role: str) -> None:
        if organisation is None or (organisation.pk, role) in done:
            return
        done.add((organisation.pk, role))
        _org(activity, "participating-org", organisation, role=role)

    for partner in project.partners.all():
        if partner.is_lead:
            add(partner.authority, ROLE_ACCOUNTABLE)
    if plan is not None:
        for source in plan.sources.all():
            if source.kind == "grant" and source.instrument and source.instrument.funder_organisation:
                add(source.instrument.funder_organisation, ROLE_FUNDING)
            elif source.kind in ("own_cash", "in_kind"):
                add(source.partner, ROLE_FUNDING)
    for participant in project.participants.all():
        add(participant.organisation, participant.role)
    for partner in project.partners.all():
        add(partner.authority, ROLE_IMPLEMENTING)


def activity_status(activity, project, kept: dict) -> None:
    # An imported activity's status stands until its partners move the project on from its first phase.
    if project.phase == "identification" and _kept(activity, kept, "activity-status"):
        return
    _sub(activity, "activity-status", code=ACTIVITY_STATUS.get(project.phase, "1"))


def activity_dates(activity, project) -> None:
    dates = [
        (DATE_PLANNED_START, project.planned_start),
        (DATE_ACTUAL_START, project.actual_start),
        (DATE_PLANNED_END, project.planned_end),
        (DATE_ACTUAL_END, project.actual_end),
    ]
    dates = [(kind, value) for kind, value in dates if value]
    if not dates:
        # The schema asks for one date: the day the partners published the project stands for its start.
        dates = [(DATE_PLANNED_START, (project.published_at or project.created_at).date())]
    for kind, value in dates:
        _sub(activity, "activity-date", iso_date=_iso(value), type=kind)


def recipient_countries(activity, project, kept: dict) -> None:
    # The countries and regions an imported activity named, with their shares, replace the partners' ones.
    if _kept(activity, kept, "recipient-country", "recipient-region"):
        return
    countries = sorted(
        {p.authority.country for p in project.partners.all() if p.authority.country not in ("", "FR")}
    )
    for country, share in zip(countries, _percentages(len(countries)), strict=True):
        _sub(activity, "recipient-country", code=country, percentage=share)


def dac_codes(project) -> list[str]:
    """The project's own DAC codes, else those of its themes (themes/catalogue.py)."""
    codes = [str(code) for code in (project.dac_sectors or [])]
    if not codes:
        for slug in project.themes or []:
            codes.extend(THEMES.get(slug, (None, []))[1])
    return list(dict.fromkeys(codes))


def kept_dac_codes(fragments) -> list[str]:
    """The DAC 5-digit codes among sectors kept as published."""
    nodes = (etree.fromstring(fragment) for fragment in fragments)
    return [n.get("code") for n in nodes if n.get("vocabulary", SECTOR_VOCABULARY) == SECTOR_VOCABULARY]


def sectors(activity, project, kept: dict) -> None:
    codes = dac_codes(project)
    published = kept.get("sector", [])
    # The sectors as published (their vocabularies and shares) while the partners keep their DAC codes.
    if published and kept_dac_codes(published) == codes:
        _kept(activity, kept, "sector")
        return
    for code, share in zip(codes, _percentages(len(codes)), strict=True):
        _sub(activity, "sector", vocabulary=SECTOR_VOCABULARY, code=code, percentage=share)
    for fragment in published:
        node = etree.fromstring(fragment)
        if node.get("vocabulary", SECTOR_VOCABULARY) != SECTOR_VOCABULARY:
            activity.append(node)


def defaults(activity, kept: dict) -> None:
    if not _kept(activity, kept, "collaboration-type"):
        _sub(activity, "collaboration-type", code=COLLABORATION_TYPE)
    if not _kept(activity, kept, "default-flow-type"):
        _sub(activity, "default-flow-type", code=FLOW_TYPE)
    if not _kept(activity, kept, "default-finance-type"):
        _sub(activity, "default-finance-type", code=FINANCE_TYPE)
    if not _kept(activity, kept, "default-aid-type"):
        _sub(activity, "default-aid-type", code=AID_TYPE, vocabulary="1")
    _kept(activity, kept, "default-tied-status")


def budgets(activity, project, plan, kept: dict) -> None:
    """The current funding plan's total per currency, over the planned period; else the budgets kept."""
    if plan is None or not project.planned_start or not project.planned_end:
        _kept(activity, kept, "budget")
        return
    totals: dict[str, Decimal] = {}
    for line in plan.lines.all():
        totals[line.currency] = totals.get(line.currency, Decimal(0)) + line.amount
    partner_ids = {p.authority_id for p in project.partners.all()}
    approved = partner_ids <= {a.authority_id for a in plan.approvals.all()}
    for currency, total in sorted(totals.items()):
        status = BUDGET_COMMITTED if approved else BUDGET_INDICATIVE
        budget = _sub(activity, "budget", type=BUDGET_ORIGINAL, status=status)
        _sub(budget, "period-start", iso_date=_iso(project.planned_start))
        _sub(budget, "period-end", iso_date=_iso(project.planned_end))
        value = _sub(budget, "value", currency=currency, value_date=_iso(plan.rate_date))
        value.text = _amount(total)


def transactions(activity, project, kept: dict) -> None:
    _kept(activity, kept, "transaction")
    for row in project.transactions.all():
        transaction = _sub(activity, "transaction")
        _sub(transaction, "transaction-type", code=row.type)
        _sub(transaction, "transaction-date", iso_date=_iso(row.date))
        value = _sub(transaction, "value", currency=row.currency, value_date=_iso(row.date))
        value.text = _amount(row.amount)
        if row.description:
            _narratives(_sub(transaction, "description"), [("", row.description)])
        if row.provider:
            _org(transaction, "provider-org", row.provider)
        if row.receiver:
            _org(transaction, "receiver-org", row.receiver)


def document_links(activity, project, site_url: str, kept: dict) -> None:
    _kept(activity, kept, "document-link")
    with translation.override(settings.LANGUAGE_CODE):
        for document in project.documents.all():
            versions = sorted(document.versions.all(), key=lambda v: v.number)
            if not versions:
                continue
            latest = versions[-1]
            url = site_url + reverse(
                "projects:document_download", args=[project.pk, document.pk, latest.number]
            )
            media_type = latest.content_type or "application/octet-stream"
            link = _sub(activity, "document-link", format=media_type, url=url)
            _narratives(_sub(link, "title"), [(document.language, document.title)])
            _sub(link, "category", code=document.category)
            if document.language:
                _sub(link, "language", code=iati_language(document.language))
            _sub(link, "document-date", iso_date=_iso(document.created_at))


def _baseline(element, indicator) -> None:
    if indicator.baseline_value is None and not indicator.baseline_text:
        return
    on = indicator.baseline_date or indicator.created_at.date()
    baseline = _sub(
        element,
        "baseline",
        year=on.year,
        iso_date=_iso(on) if indicator.baseline_date else None,
        value=_number(indicator.baseline_value) if indicator.baseline_value is not None else None,
    )
    if indicator.baseline_text:
        _narratives(_sub(baseline, "comment"), [("", indicator.baseline_text)])


def _periods(element, indicator) -> None:
    periods: dict[tuple[date, date], dict] = {}

    def slot(row) -> dict:
        return periods.setdefault((row.period_start, row.period_end), {"targets": [], "actuals": []})

    for target in indicator.targets.all():
        slot(target)["targets"].append(target)
    for value in getattr(indicator, "approved_values", []):
        slot(value)["actuals"].append(value)
    for (start, end), rows in sorted(periods.items()):
        period = _sub(element, "period")
        _sub(period, "period-start", iso_date=_iso(start))
        _sub(period, "period-end", iso_date=_iso(end))
        for tag, items in (("target", rows["targets"]), ("actual", rows["actuals"])):
            for item in items:
                node = _sub(period, tag, value=_number(item.value) if item.value is not None else None)
                if item.value_text:
                    _narratives(_sub(node, "comment"), [("", item.value_text)])


def results(activity, project, kept: dict) -> None:
    _kept(activity, kept, "result")
    for result in project.results.all():
        indicators = list(result.indicators.all())
        if not indicators:  # the schema wants at least one indicator per result
            continue
        node = _sub(activity, "result", type=result.level)
        _narratives(_sub(node, "title"), [(result.language, result.title)])
        if result.description:
            _narratives(_sub(node, "description"), [(result.language, result.description)])
        for indicator in indicators:
            element = _sub(node, "indicator", measure=indicator.measure)
            _narratives(_sub(element, "title"), [(result.language, indicator.title)])
            _baseline(element, indicator)
            _periods(element, indicator)


# --- the activity and the file ---------------------------------------------------------------------


def _lead(project):
    partners = list(project.partners.all())
    return next((p.authority for p in partners if p.is_lead), partners[0].authority if partners else None)


def activity_element(project, *, site_url: str) -> etree._Element | None:
    """One project as an `iati-activity`; None for a project without partners (nothing to report)."""
    lead = _lead(project)
    if lead is None:
        return None
    plans = list(project.funding_plans.all())
    plan = plans[0] if plans else None
    record = _kept_record(project)
    kept = record.kept if record is not None else {}
    activity = etree.Element("iati-activity")
    activity.set("last-updated-datetime", project.updated_at.replace(microsecond=0).isoformat())
    activity.set(XML_LANG, _default_language(project))
    if plan is not None:
        currencies = {line.currency for line in plan.lines.all()}
        if len(currencies) == 1:
            activity.set("default-currency", currencies.pop())
    # An activity another publisher reported keeps its identifier (and its reporting organisation).
    foreign = record is not None and "reporting-org" in kept
    identifier = record.identifier if foreign else activity_identifier(project, lead)
    _sub(activity, "iati-identifier").text = identifier
    reporting_org(activity, lead, kept)
    title(activity, project)
    description(activity, project, kept)
    participating_orgs(activity, project, plan, kept)
    activity_status(activity, project, kept)
    activity_dates(activity, project)
    recipient_countries(activity, project, kept)
    sectors(activity, project, kept)
    defaults(activity, kept)
    budgets(activity, project, plan, kept)
    transactions(activity, project, kept)
    document_links(activity, project, site_url, kept)
    results(activity, project, kept)
    return activity


class _Buffer:
    """A file-like sink that the generator empties after every activity."""

    def __init__(self) -> None:
        self.chunks: list[bytes] = []

    def write(self, data: bytes) -> None:
        self.chunks.append(data)

    def drain(self) -> bytes:
        data = b"".join(self.chunks)
        self.chunks.clear()
        return data


def activities_stream(projects: Iterable, *, site_url: str | None = None) -> Iterator[bytes]:
    """The whole `iati-activities` file as successive byte chunks, one activity per chunk."""
    site_url = (site_url or settings.SITE_URL).rstrip("/")
    buffer = _Buffer()
    generated = timezone.now().replace(microsecond=0).isoformat()
    with etree.xmlfile(buffer, encoding="utf-8") as xf:
        xf.write_declaration()
        with xf.element("iati-activities", version=VERSION, **{"generated-datetime": generated}):
            xf.write("\n")
            xf.flush()
            yield buffer.drain()
            for project in projects:
                element = activity_element(project, site_url=site_url)
                if element is None:
                    continue
                xf.write(element, pretty_print=True)
                xf.flush()
                yield buffer.drain()
    yield buffer.drain()


@cache
def schema() -> etree.XMLSchema:
    return etree.XMLSchema(etree.parse(str(SCHEMA_DIR / "iati-activities-schema.xsd")))


def validate(content: bytes) -> list[str]:
    """The schema's complaints about an activities file, as readable lines (empty when valid)."""
    parser = etree.XMLParser(resolve_entities=False, no_network=True, load_dtd=False)
    try:
        document = etree.fromstring(content, parser=parser)
    except etree.XMLSyntaxError as error:
        return [f"not well-formed XML: {error}"]
    if document.getroottree().docinfo.doctype:
        # IATI files have no DTD; a DOCTYPE only serves entity tricks, so it is refused outright.
        return ["a DOCTYPE is not allowed in an IATI file"]
    checker = schema()
    try:
        if checker.validate(document):
            return []
    except etree.XMLSchemaValidateError as error:
        return [f"the schema could not check the file: {error}"]
    return [f"line {e.line}: {e.message}" for e in checker.error_log]
