"""The funding plan's condition on the project's gate into implementation (registered with
`projects.lifecycle.register_gate` by `FundingConfig.ready()`, first in that gate)."""

from django.utils.translation import gettext as _

from mostovi.projects import lifecycle
from mostovi.projects.lifecycle import condition
from mostovi.projects.models import Phase

from .plans import selectors as plan_selectors


@condition(lambda: _("The funding plan is balanced and approved by every partner."))
def funding_plan_approved_and_balanced(project) -> str | None:
    return plan_selectors.funding_plan_approved_and_balanced(project)


def register() -> None:
    lifecycle.register_gate(Phase.IMPLEMENTATION, funding_plan_approved_and_balanced, position=0)
