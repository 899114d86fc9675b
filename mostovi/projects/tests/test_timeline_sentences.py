"""Each kind of event reads as a sentence on a project's timeline, in English and French, never as a code."""

import pytest

from mostovi.core import events
from mostovi.core.services import event_record
from mostovi.core.tests.test_labels import recorded_kinds

from .factories import make_project, make_world

pytestmark = pytest.mark.django_db

PAGE = 50  # events per page of the timeline


def _journal_kinds() -> list[str]:
    kinds = recorded_kinds() | {k for k, entry in events.registered().items() if entry.sentence is not None}
    return sorted(kinds)


@pytest.mark.parametrize("language", ["en", "fr"])
def test_each_kind_of_event_reads_as_a_sentence_on_the_timeline(client, language):
    world = make_world()
    project = make_project(world)
    kinds = _journal_kinds()
    for kind in kinds:
        event_record(actor=world.officer_lyon, kind=kind, target=project, scope=project, data={})
    client.force_login(world.officer_lyon)
    pages = []
    for offset in range(0, len(kinds) + PAGE, PAGE):
        response = client.get(
            f"/{language}/projects/{project.pk}/timeline/?offset={offset}", headers={"HX-Request": "true"}
        )
        assert response.status_code == 200
        pages.append(response.content.decode())
    html = "".join(pages)
    assert html.count("<time ") >= len(kinds)
    shown = [kind for kind in kinds if kind in html]
    assert shown == []
    assert "made a change" not in html
    assert "a fait une modification" not in html
