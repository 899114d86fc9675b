"""Round trip of the official IATI 2.03 example activity (`data/iati-examples/`, provenance in SOURCES.md).

The example is imported (preview first), the project it became is exported, and every element the platform
keeps is compared with the example's, element by element, after the same reading: narratives by language
(the activity's `xml:lang` for those without one), attributes as a set, texts without surrounding blanks.
"""

from datetime import date
from pathlib import Path

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from lxml import etree

from mostovi.core.models import Event
from mostovi.opendata import iati, selectors
from mostovi.opendata.models import ImportedActivity
from mostovi.projects.models import Project
from mostovi.projects.tests.factories import make_world

from .world import publish

pytestmark = pytest.mark.django_db
URL = "/api/v1/iati/import"
LANG = "{http://www.w3.org/XML/1998/namespace}lang"
EXAMPLE = Path(__file__).parent / "data" / "iati-examples" / "activity-standard-example-annotated.xml"
IDENTIFIER = "AA-AAA-123456789-ABC123"

HUMANITARIAN = "Humanitarian markers are outside the scope of decentralised cooperation."
ATTRIBUTES = "Linked-data address, hierarchy and the 'budget not provided' flag are not kept."
CLASSIFICATIONS = (
    "Other identifiers, scopes, tags, policy markers, conditions, related activities and legacy data "
    "have no place in a project yet."
)
PLACES = "The platform places a project by its partner authorities, not by locations."
STATISTICS = (
    "Statistical reporting to the OECD (CRS, forward spending, capital spend, planned disbursements, "
    "budget classifications) is not kept: the funding plan and the transactions carry the money."
)
NOT_KEPT = [
    {"element": "@humanitarian", "count": 1, "reason": HUMANITARIAN},
    {"element": "@linked-data-uri", "count": 1, "reason": ATTRIBUTES},
    {"element": "@hierarchy", "count": 1, "reason": ATTRIBUTES},
    {"element": "@budget-not-provided", "count": 1, "reason": ATTRIBUTES},
    {"element": "other-identifier", "count": 1, "reason": CLASSIFICATIONS},
    {"element": "activity-date/narrative", "count": 1, "reason": "A date is kept without its note."},
    {
        "element": "contact-info",
        "count": 1,
        "reason": "Contact details of persons are not republished; the project shows its partners' contacts.",
    },
    {"element": "activity-scope", "count": 1, "reason": CLASSIFICATIONS},
    {"element": "location", "count": 2, "reason": PLACES},
    {"element": "tag", "count": 2, "reason": CLASSIFICATIONS},
    {"element": "country-budget-items", "count": 1, "reason": STATISTICS},
    {"element": "humanitarian-scope", "count": 2, "reason": HUMANITARIAN},
    {"element": "policy-marker", "count": 3, "reason": CLASSIFICATIONS},
    {"element": "planned-disbursement", "count": 2, "reason": STATISTICS},
    {"element": "capital-spend", "count": 1, "reason": STATISTICS},
    {"element": "transaction/@humanitarian", "count": 1, "reason": HUMANITARIAN},
    {"element": "related-activity", "count": 1, "reason": CLASSIFICATIONS},
    {"element": "legacy-data", "count": 2, "reason": CLASSIFICATIONS},
    {"element": "conditions", "count": 1, "reason": CLASSIFICATIONS},
    {"element": "result//location", "count": 6, "reason": PLACES},
    {"element": "crs-add", "count": 1, "reason": STATISTICS},
    {"element": "fss", "count": 1, "reason": STATISTICS},
]
KEPT = {
    "reporting-org": 1,
    "description": 2,
    "participating-org": 3,
    "activity-status": 1,
    "recipient-country": 2,
    "recipient-region": 2,
    "sector": 3,
    "collaboration-type": 1,
    "default-flow-type": 1,
    "default-finance-type": 1,
    "default-aid-type": 2,
    "default-tied-status": 1,
    "budget": 1,
    "transaction": 1,
    "document-link": 1,
    "result": 1,
}


@pytest.fixture(autouse=True)
def _english(client):
    """The messages asserted here are the English ones."""
    client.defaults["HTTP_ACCEPT_LANGUAGE"] = "en"


def _post(client, content: bytes, *, dry_run: bool, language: str = "en", **fields):
    upload = SimpleUploadedFile("activities.xml", content, content_type="application/xml")
    data = {"file": upload, "dry_run": "true" if dry_run else "false", **fields}
    return client.post(URL, data, HTTP_ACCEPT_LANGUAGE=language)


def _canon(element, language: str = ""):
    """What an element says, whatever the writing: narratives by language, attributes as a set."""
    language = element.get(LANG, language)
    if element.tag == "narrative":
        return ("narrative", language, (element.text or "").strip())
    attributes = tuple(sorted((k, v) for k, v in element.attrib.items() if k != LANG))
    children = [_canon(child, language) for child in element if isinstance(child.tag, str)]
    narratives = tuple(sorted(c for c in children if c[0] == "narrative"))
    others = tuple(c for c in children if c[0] != "narrative")
    return (element.tag, attributes, (element.text or "").strip(), narratives, others)


def _all(activity, tag: str) -> list:
    language = activity.get(LANG, "")
    return [_canon(element, language) for element in activity.findall(tag)]


def _example_activity():
    parser = etree.XMLParser(remove_comments=True, remove_blank_text=True)
    return etree.fromstring(EXAMPLE.read_bytes(), parser=parser).find("iati-activity")


def _import_and_export(client):
    world = make_world()
    client.force_login(world.officer_lyon)
    response = _post(client, EXAMPLE.read_bytes(), dry_run=False, authority_id=world.lyon.pk)
    assert response.status_code == 200
    project = Project.objects.get()
    publish(project, phase="identification")  # test shortcut: its partners made it public
    content = b"".join(iati.activities_stream(selectors.iati_project_chunks()))
    return world, project, content


def test_the_example_is_a_valid_iati_203_file():
    assert etree.fromstring(EXAMPLE.read_bytes()).get("version") == "2.03"
    assert iati.validate(EXAMPLE.read_bytes()) == []


def test_preview_names_what_the_example_creates_keeps_and_leaves_out_and_writes_nothing(client):
    world = make_world()
    client.force_login(world.officer_lyon)
    events = Event.objects.count()
    response = _post(client, EXAMPLE.read_bytes(), dry_run=True)
    assert response.status_code == 200
    assert response.json() == {
        "dry_run": True,
        "created": [
            {
                "identifier": IDENTIFIER,
                "project_id": None,
                "title": "Activity title",
                "partners": [world.lyon.pk],  # the caller's only authority holds it
                "set": [
                    "title[fr]",
                    "title[es]",
                    "summary[en]",
                    "summary[fr]",
                    "actual_start",
                    "planned_end",
                    "planned_start",
                ],
                "kept": KEPT,
                "not_kept": NOT_KEPT,
            }
        ],
        "updated": [],
        "skipped": [],
    }
    assert not Project.objects.exists()
    assert not ImportedActivity.objects.exists()
    assert Event.objects.count() == events


def test_the_import_writes_the_project_fields_the_example_gives(client):
    _world, project, _content = _import_and_export(client)
    texts = {(t.field, t.language): t.text for t in project.texts.all()}
    assert texts == {
        ("title", "en"): "Activity title",
        ("title", "fr"): "Titre de l'activité",
        ("title", "es"): "Título de la actividad",
        ("summary", "en"): "General activity description text.  Long description of the activity with no "
        "particular structure.",
        ("summary", "fr"): "Activité générale du texte de description. Longue description de l'activité "
        "sans structure particulière.",
    }
    assert (project.planned_start, project.actual_start, project.planned_end, project.actual_end) == (
        date(2012, 4, 15),
        date(2012, 4, 28),
        date(2015, 12, 31),
        None,
    )


def test_the_export_of_the_imported_example_is_valid_against_the_schema(client):
    _world, _project, content = _import_and_export(client)
    assert iati.validate(content) == []


def test_the_export_gives_back_every_element_the_platform_keeps(client):
    world, _project, content = _import_and_export(client)
    (exported,) = etree.fromstring(content).findall("iati-activity")
    example = _example_activity()
    assert exported.findtext("iati-identifier") == IDENTIFIER
    # Elements kept whole, as published.
    for tag in (
        "reporting-org",
        "title",
        "description",
        "activity-status",
        "recipient-country",
        "recipient-region",
        "sector",
        "collaboration-type",
        "default-flow-type",
        "default-finance-type",
        "default-aid-type",
        "default-tied-status",
        "budget",
        "document-link",
    ):
        assert _all(exported, tag) == _all(example, tag), tag
    # Dates by type (their notes are not kept).
    assert [(d.get("type"), d.get("iso-date")) for d in exported.findall("activity-date")] == [
        ("1", "2012-04-15"),
        ("2", "2012-04-28"),
        ("3", "2015-12-31"),
    ]
    # The publisher's organisations and roles, then the authority that holds the project on the platform.
    lyon = f"XM-MOSTOVI-{world.lyon.pk}"
    assert _all(exported, "participating-org")[:3] == _all(example, "participating-org")
    assert [(p.get("ref"), p.get("role"), p.get("type")) for p in exported.findall("participating-org")] == [
        ("BB-BBB-123456789", "1", "40"),
        ("CC-CCC-123456789", "2", "10"),
        ("AA-AAA-123456789", "3", "21"),
        (lyon, "2", "11"),
        (lyon, "4", "11"),
    ]
    # The transaction without its humanitarian flag; results without locations.
    for transaction in example.findall("transaction"):
        del transaction.attrib["humanitarian"]
    for location in example.findall("result//location"):
        location.getparent().remove(location)
    assert _all(exported, "transaction") == _all(example, "transaction")
    assert _all(exported, "result") == _all(example, "result")
    # The figures, read plainly.
    budget = exported.find("budget")
    assert (budget.get("type"), budget.get("status"), budget.find("period-start").get("iso-date")) == (
        "1",
        "1",
        "2014-01-01",
    )
    assert budget.find("value").attrib == {"currency": "EUR", "value-date": "2014-01-01"}
    assert budget.find("value").text == "3000"
    transaction = exported.find("transaction")
    assert (
        transaction.find("transaction-type").get("code"),
        transaction.find("transaction-date").get("iso-date"),
        transaction.find("value").text,
        transaction.find("value").get("currency"),
    ) == ("1", "2012-01-01", "1000", "EUR")
    indicator = exported.find("result/indicator")
    assert indicator.find("baseline").attrib == {"year": "2012", "iso-date": "2012-01-01", "value": "10"}
    periods = indicator.findall("period")
    assert [(p.find("target").get("value"), p.find("actual").get("value")) for p in periods] == [("10", "11")]
    assert [c.get("code") for c in exported.findall("document-link/category")] == ["A01"]
    # Nothing the platform does not keep comes back.
    for tag in ("location", "contact-info", "humanitarian-scope", "crs-add", "fss", "policy-marker"):
        assert exported.find(tag) is None, tag
    assert exported.get("humanitarian") is None


def test_importing_the_export_again_changes_nothing(client):
    _world, project, content = _import_and_export(client)
    response = _post(client, content, dry_run=False)
    assert response.json()["skipped"] == [
        {"identifier": IDENTIFIER, "reason": f"Nothing changed since project #{project.pk} was last written."}
    ]
    assert Project.objects.count() == 1


def test_a_changed_budget_in_the_publisher_file_updates_what_was_kept(client):
    _import_and_export(client)
    root = etree.fromstring(EXAMPLE.read_bytes())
    root.find("iati-activity/budget/value").text = "4500"
    content = etree.tostring(root, xml_declaration=True, encoding="utf-8")
    response = _post(client, content, dry_run=False)
    assert response.json()["updated"][0]["changes"] == ["kept:budget"]
    exported = b"".join(iati.activities_stream(selectors.iati_project_chunks()))
    assert etree.fromstring(exported).find("iati-activity/budget/value").text == "4500"


def test_an_activity_naming_no_authority_is_skipped_when_the_caller_holds_none(client):
    world = make_world()
    client.force_login(world.outsider)
    response = _post(client, EXAMPLE.read_bytes(), dry_run=True)
    assert response.json()["skipped"] == [
        {
            "identifier": IDENTIFIER,
            "reason": "No authority of the directory takes part (organisations named XM-MOSTOVI-<id>): "
            "choose the authority that will hold the project.",
        }
    ]


def test_an_authority_the_caller_does_not_act_for_is_refused_with_the_reason(client):
    world = make_world()
    client.force_login(world.officer_lyon)
    response = _post(client, EXAMPLE.read_bytes(), dry_run=False, authority_id=world.nis.pk)
    assert response.json()["skipped"] == [
        {"identifier": IDENTIFIER, "reason": "You act for none of the partner authorities of this activity."}
    ]
    assert not Project.objects.exists()


@pytest.mark.parametrize("value", ["0", "99999999999999999999", "abc"])
def test_a_bad_authority_id_is_a_4xx_not_a_500(client, value):
    world = make_world()
    client.force_login(world.officer_lyon)
    response = _post(client, EXAMPLE.read_bytes(), dry_run=True, authority_id=value)
    assert response.status_code in (400, 422)
    assert "detail" in response.json()
    assert not Project.objects.exists()


def test_an_authority_s_own_file_leaves_out_the_activity_another_publisher_reports(client):
    world, _project, _content = _import_and_export(client)
    response = client.get(f"/open-data/iati/activities.xml?reporting_org={world.lyon.pk}")
    assert len(etree.fromstring(b"".join(response.streaming_content))) == 0
    assert selectors.iati_reporting_orgs() == []
    everything = b"".join(client.get("/open-data/iati/activities.xml").streaming_content)
    assert etree.fromstring(everything).findtext("iati-activity/iati-identifier") == IDENTIFIER


def test_a_broken_copy_of_the_example_is_refused_in_the_reader_s_language_and_changes_nothing(client):
    world = make_world()
    client.force_login(world.officer_lyon)
    broken = EXAMPLE.read_bytes().replace(b"<iati-identifier>", b"<iati-identifer>", 1)
    response = _post(client, broken, dry_run=False, language="fr")
    assert response.status_code == 422
    assert response.json()["detail"] == "Le fichier n’est pas un fichier d’activités IATI 2.03 valide."
    assert not Project.objects.exists()
    assert not ImportedActivity.objects.exists()
