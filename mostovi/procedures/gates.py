"""The procedure steps' condition on the gate into implementation (registered with
`projects.lifecycle.register_gate` by `ProceduresConfig.ready()`, after the funding plan): every partner has
done every mandatory, sourced step of its country for entering the agreement. The reason names the partner
and the step."""

from django.utils.translation import gettext as _

from mostovi.projects import lifecycle
from mostovi.projects.lifecycle import condition
from mostovi.projects.models import Phase

from . import selectors


@condition(lambda: _("Every partner has done the steps its country's law requires to enter the agreement."))
def procedure_steps_done_by_every_partner(project) -> str | None:
    missing = selectors.steps_missing_for(project=project, phase=Phase.IMPLEMENTATION)
    if not missing:
        return None
    return _("Procedure steps still to do: %(steps)s.") % {
        "steps": "; ".join(f"{authority} — {step.title()}" for authority, step in missing)
    }


def register() -> None:
    lifecycle.register_gate(Phase.IMPLEMENTATION, procedure_steps_done_by_every_partner, position=1)
