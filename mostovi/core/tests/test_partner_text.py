from django.template import Context, Template


def render(source: str, **context) -> str:
    return Template("{% load partner_text %}" + source).render(Context(context))


def test_partner_text_wraps_the_value_escaped():
    assert render("{{ t|partner_text }}", t="Lyon <Niš>") == "<span data-partner-text>Lyon &lt;Niš&gt;</span>"


def test_partner_text_of_nothing_is_nothing():
    assert render("{{ t|partner_text }}", t="") == ""


def test_a_title_quoted_by_an_event_sentence_is_marked():
    html = render(
        "{{ text|partner_texts_marked:data }}",
        text="added the follow-up action: Former deux techniciens",
        data={"title": "Former deux techniciens", "action": 4, "status": "in_progress"},
    )
    assert html == "added the follow-up action: <span data-partner-text>Former deux techniciens</span>"


def test_the_sentence_and_the_quoted_text_stay_escaped():
    html = render(
        "{{ text|partner_texts_marked:data }}",
        text="uploaded the document: <b>plan</b>",
        data={"title": "<b>plan</b>", "changes": {"note": ["", "x"]}},
    )
    assert html == "uploaded the document: <span data-partner-text>&lt;b&gt;plan&lt;/b&gt;</span>"
