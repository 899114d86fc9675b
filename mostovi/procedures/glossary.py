"""Who decides a step, in words a partner from another country understands (the board's tooltips)."""

from django.utils.translation import gettext_lazy as _

DECIDERS = {
    "council": (
        _("the council"),
        _(
            "The elected deliberative body of the authority (conseil municipal, communautaire or "
            "métropolitain in France, общински съвет in Bulgaria): it decides by deliberation or decision."
        ),
    ),
    "assembly": (
        _("the assembly"),
        _(
            "The elected representative body of a Serbian city or municipality (скупштина града / општине): "
            "it adopts the decisions, the statute and the budget."
        ),
    ),
    "mayor": (
        _("the mayor"),
        _(
            "The executive of the authority (maire, кмет, градоначелник): signs and transmits "
            "what was decided."
        ),
    ),
    "government": (
        _("the national government"),
        _("The State's government, whose consent the law requires for some agreements."),
    ),
    "administration": (
        _("the administration"),
        _("The services of the authority, acting under the executive."),
    ),
}


def decider(code: str) -> tuple[str, str]:
    return DECIDERS.get(code, (code, ""))
