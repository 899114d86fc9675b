import io
import itertools
from datetime import timedelta

import pytest
from django.utils import timezone, translation
from docx import Document as WordDocument
from pypdf import PdfReader

from mostovi.core.pdf import html_to_document
from mostovi.evaluation.models import ReviewStatus
from mostovi.handover import selectors
from mostovi.handover.render import render_docx, render_html, render_pdf

from .world import make_pack_world

pytestmark = pytest.mark.django_db


def pdf_text(content: bytes) -> str:
    return "\n".join(page.extract_text() for page in PdfReader(io.BytesIO(content)).pages)


def docx_text(content: bytes) -> str:
    document = WordDocument(io.BytesIO(content))
    parts = [p.text for p in document.paragraphs]
    for table in document.tables:
        for row in table.rows:
            parts.extend(cell.text for cell in row.cells)
    return "\n".join(parts)


def flat(text: str) -> str:
    return " ".join(text.split())


def build(pw, language="en"):
    with translation.override(language):
        project = selectors.pack_project_get(pk=pw.project.pk)
        pack = selectors.project_pack(project=project)
        meta = selectors.pack_meta(user=pw.world.officer_lyon)
        return pack, meta, render_pdf(meta=meta, pack=pack), render_docx(meta=meta, pack=pack)


def test_pack_names_partners_holders_and_overdue_actions():
    pw = make_pack_world()
    pack, _meta, pdf, docx = build(pw)
    nis = next(p for p in pack["partners"] if p["id"] == pw.world.nis.pk)
    assert nis["responsible"]["name"] == "Јована Петровић"
    assert nis["deputy"] is None
    assert [a["title"]["text"] for a in pack["actions"]] == [
        "Поправити мерне уређаје",
        "Former les techniciens de Niš",
    ]
    assert [a["overdue"] for a in pack["actions"]] == [True, False]
    assert pack["overdue_count"] == 1
    lyon_name = str(pw.world.officer_lyon)
    for text in (flat(pdf_text(pdf)), flat(docx_text(docx))):
        assert "Lyon" in text
        assert "Ниш (Niš)" in text
        assert "Јована Петровић" in text  # the deputy who took over the departed officer's role
        assert lyon_name in text
        assert "Поправити мерне уређаје [sr]" in text
        assert "overdue" in text
        assert "Action terminée" not in text  # done actions are not open
        assert "Associer les techniciens dès le diagnostic [fr]" in text
        assert "Rapport d'évaluation 2026" in text
        assert f"/en/projects/{pw.project.pk}/documents/" in text.replace(" ", "")
        assert "Синтеза: добар напредак." in text


def test_overdue_action_row_names_its_owner():
    pw = make_pack_world()
    _pack, _meta, pdf, docx = build(pw)
    text = flat(pdf_text(pdf))
    row = text[text.index("Поправити мерне уређаје [sr] From the review") :][:200]
    assert "Јована Петровић" in row and "overdue" in row
    word = flat(docx_text(docx))
    assert "Јована Петровић, International-relations officer — Ниш (Niš)" in word


def test_scores_shown_only_once_revealed():
    pw = make_pack_world()
    pack, _meta, pdf, docx = build(pw)
    completed, scoring = pack["reviews"]
    assert completed["revealed"] and not scoring["revealed"]
    assert [s["values"] for s in completed["scores"]] == [
        ["3", "3", "2", "4", "2", "1"],
        ["4", "2", "3", "3", "2", "2"],
    ]
    assert scoring["scores"] == []
    text = flat(docx_text(docx))
    assert "Lyon: Relevance 3 · Coherence 3" in text
    assert "Relevance 1" not in text  # the scoring review's own scores stay hidden
    assert "still scoring" in flat(pdf_text(pdf))
    # Once the partners all scored, the second review's scores appear.
    pw.scoring.status = ReviewStatus.SYNTHESIS
    pw.scoring.save()
    _pack, _meta, _pdf, docx = build(pw)
    assert "Lyon: Relevance 1 · Coherence 1" in flat(docx_text(docx))


def test_reader_language_labels_and_marks():
    pw = make_pack_world()
    _pack, meta, pdf, _docx = build(pw, language="sr")
    assert meta["language"] == "sr"
    text = flat(pdf_text(pdf))
    assert "Gestion de l'eau à Niš [fr]" in text
    assert "Поправити мерне уређаје [sr]" not in text  # the reader's own language is not marked
    assert "Поправити мерне уређаје" in text
    _pack, _meta, pdf_fr, _docx = build(pw, language="fr")
    assert "Gestion de l'eau à Niš [fr]" not in flat(pdf_text(pdf_fr))


def test_story_lists_phase_changes_and_role_moves():
    pw = make_pack_world()
    pack, *_ = build(pw)
    texts = [e["text"] for e in pack["story"]]
    assert texts[0] == "created the project"
    assert any("is now responsible" in t for t in texts)
    assert not any("posted a message" in t for t in texts)


def test_query_count_is_constant(django_assert_max_num_queries):
    from mostovi.evaluation.models import FollowUpAction, Lesson

    pw = make_pack_world()
    today = timezone.localdate()
    with django_assert_max_num_queries(40) as small:
        project = selectors.pack_project_get(pk=pw.project.pk)
        selectors.project_pack(project=project)
    for i in range(15):
        FollowUpAction.objects.create(
            project=pw.project,
            title=f"Action {i}",
            language="fr",
            owner_authority=pw.world.lyon,
            owner=pw.later.owner,
            due_on=today + timedelta(days=i),
            created_by=pw.world.officer_lyon,
        )
        Lesson.objects.create(
            project=pw.project,
            authority=pw.world.lyon,
            title=f"Leçon {i}",
            language="fr",
            created_by=pw.world.officer_lyon,
        )
    with django_assert_max_num_queries(len(small.captured_queries)):
        project = selectors.pack_project_get(pk=pw.project.pk)
        pack = selectors.project_pack(project=project)
    assert len(pack["actions"]) == 17


def _boxes(page, tag: str) -> list:
    return [box for box in page._page_box.descendants() if getattr(box, "element_tag", None) == tag]


def test_the_pdf_keeps_each_label_beside_its_value_and_each_table_row_on_one_page():
    """Measured on the laid-out pages: a fact's label and value start on the same line, however many lines
    either takes; no row of a table is split across two pages."""
    pw = make_pack_world()
    with translation.override("fr"):
        project = selectors.pack_project_get(pk=pw.project.pk)
        pack = selectors.project_pack(project=project)
        meta = selectors.pack_meta(user=pw.world.officer_lyon)
        document = html_to_document(render_html(meta=meta, pack=pack))
    pairs = 0
    rows_by_element: dict = {}
    for number, page in enumerate(document.pages):
        first_box = {}
        for box in page._page_box.descendants():
            first_box.setdefault(id(getattr(box, "element", None)), box)
        for facts in _boxes(page, "dl"):
            children = list(facts.element)
            for label, value in itertools.pairwise(children):
                if label.tag != "dt" or id(label) not in first_box or id(value) not in first_box:
                    continue
                top, value_top = first_box[id(label)].position_y, first_box[id(value)].position_y
                assert abs(top - value_top) < 0.5, "".join(label.itertext())
                pairs += 1
        for row in _boxes(page, "tr"):
            rows_by_element.setdefault(row.element, set()).add(number)
    assert pairs >= 8
    assert rows_by_element and all(len(pages) == 1 for pages in rows_by_element.values())
