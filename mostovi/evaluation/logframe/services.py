"""Every write to a project's results framework. Each service checks its permission, runs atomically and
records an event on the project's timeline."""

from datetime import date
from typing import Any

from django.db import transaction
from django.utils.translation import gettext as _

from mostovi.accounts.models import Membership
from mostovi.core import text
from mostovi.core.services import event_record
from mostovi.projects.selectors import programme_current, project_get_for_page

from ..checks import check_dates, check_language, check_period, check_text, check_title
from ..exceptions import InvalidInput, NotAllowed, WrongStatus
from ..models import PARENT_LEVEL, Indicator, Level, Measure, ReportedValue, Result, Target, ValueStatus
from . import lifecycle, permissions, values


def _record(actor, kind: str, project, target, **data: Any) -> None:
    event_record(actor=actor, kind=kind, target=target, scope=project, data=data)


def _require(allowed: bool, message: str) -> None:
    if not allowed:
        raise NotAllowed(message)


def _check_edit(actor, project) -> None:
    _require(
        permissions.can_edit_logframe(actor, project),
        _("Only members of a partner authority may change the results framework."),
    )


# --- results and indicators ---------------------------------------------------------------------


@transaction.atomic
def result_create(
    *,
    actor,
    project,
    level: str,
    title: str,
    language: str,
    description: str = "",
    parent_id: int | None = None,
    actions: list[str] | None = None,
) -> Result:
    """A result of the project: impact, outcome or output, under a result of the level above."""
    _check_edit(actor, project)
    if level not in Level.values:
        raise InvalidInput(_("Unknown result level: %(level)s.") % {"level": str(level)[:20]})
    title = check_title(title)
    language = check_language(language)
    parent = None
    if parent_id is not None:
        parent = Result.objects.filter(pk=parent_id, project=project).first()
        if parent is None:
            raise InvalidInput(_("The parent result is not a result of this project."))
        if PARENT_LEVEL.get(Level(level)) != parent.level:
            raise InvalidInput(
                _("A result at the level “%(level)s” cannot be placed under “%(parent)s”.")
                % {"level": Level(level).label, "parent": Level(parent.level).label}
            )
    if actions is not None and (not isinstance(actions, list) or len(actions) > text.CODES_MAX):
        raise InvalidInput(
            _("%(field)s: %(limit)s items at most.") % {"field": _("Actions"), "limit": text.CODES_MAX}
        )
    actions = [text.clean_line(a, what=_("Actions"), error=InvalidInput) for a in (actions or [])]
    actions = [a for a in actions if a]
    if actions:
        # Read afresh: the project handed in may carry programme versions prefetched before a new one.
        programme = programme_current(project=project_get_for_page(pk=project.pk))
        known = {a.get("title", "") for a in (programme.content.get("actions", []) if programme else [])}
        unknown = [a for a in actions if a not in known]
        if unknown:
            raise InvalidInput(
                _("Not an action of the current programme: %(titles)s.") % {"titles": ", ".join(unknown)}
            )
    result = Result.objects.create(
        project=project,
        level=level,
        title=title,
        description=check_text(description, _("Description")),
        language=language,
        parent=parent,
        actions=list(dict.fromkeys(actions)),
        created_by=actor,
    )
    _record(actor, "evaluation.result_created", project, result, level=level, title=title)
    return result


@transaction.atomic
def indicator_create(
    *,
    actor,
    project,
    result: Result,
    title: str,
    measure: str,
    reporting_partner_id: int,
    unit: str = "",
    baseline=None,
    baseline_date: date | None = None,
    sources: str = "",
    assumptions: str = "",
    reporter_id: int | None = None,
) -> Indicator:
    """An indicator of a result, with the partner authority that reports it and, optionally, the member who
    does (an active membership of that authority)."""
    _check_edit(actor, project)
    if result.project_id != project.pk:
        raise InvalidInput(_("The result is not a result of this project."))
    if measure not in Measure.values:
        raise InvalidInput(_("Unknown measure: %(measure)s.") % {"measure": str(measure)[:20]})
    title = check_title(title)
    unit = text.clean_line(unit, what=_("Unit"), error=InvalidInput, limit=600)
    if len(unit) > 60:
        raise InvalidInput(_("The unit is too long (60 characters at most)."))
    sources, assumptions = check_text(sources, _("Sources")), check_text(assumptions, _("Assumptions"))
    check_dates(baseline_date)
    partner_ids = {p.authority_id for p in project.partners.all()}
    if reporting_partner_id not in partner_ids:
        raise InvalidInput(_("The reporting partner must be a partner authority of the project."))
    reporter = None
    if reporter_id is not None:
        reporter = (
            Membership.objects.active().filter(pk=reporter_id, organisation_id=reporting_partner_id).first()
        )
        if reporter is None:
            raise InvalidInput(_("The reporter must be an active member of the reporting partner."))
    baseline_value, baseline_text = (None, "")
    if baseline not in (None, ""):
        baseline_value, baseline_text = values.parse(measure, baseline)
    indicator = Indicator.objects.create(
        result=result,
        title=title,
        measure=measure,
        unit=unit,
        baseline_value=baseline_value,
        baseline_text=baseline_text,
        baseline_date=baseline_date,
        sources=sources,
        assumptions=assumptions,
        reporting_partner_id=reporting_partner_id,
        reporter=reporter,
        created_by=actor,
    )
    _record(actor, "evaluation.indicator_created", project, indicator, title=title, measure=measure)
    return indicator


@transaction.atomic
def target_create(
    *, actor, project, indicator: Indicator, period_start: date, period_end: date, value
) -> Target:
    _check_edit(actor, project)
    check_period(period_start, period_end)
    number, text = values.parse(indicator.measure, value)
    target = Target.objects.create(
        indicator=indicator,
        period_start=period_start,
        period_end=period_end,
        value=number,
        value_text=text,
        created_by=actor,
    )
    _record(
        actor,
        "evaluation.target_set",
        project,
        target,
        indicator=indicator.pk,
        period_end=period_end.isoformat(),
        value=values.as_text(number, text),
    )
    return target


# --- reported values ----------------------------------------------------------------------------


def _check_report(actor, project, indicator: Indicator) -> None:
    _require(
        permissions.can_report_value(actor, project, indicator),
        _("Only members of %(partner)s report the values of this indicator.")
        % {"partner": indicator.reporting_partner},
    )


@transaction.atomic
def value_report(
    *, actor, project, indicator: Indicator, period_start: date, period_end: date, value, comment: str = ""
) -> ReportedValue:
    """A draft value for a period, written by a member of the indicator's reporting partner."""
    _check_report(actor, project, indicator)
    check_period(period_start, period_end)
    number, text = values.parse(indicator.measure, value)
    reported = ReportedValue.objects.create(
        indicator=indicator,
        period_start=period_start,
        period_end=period_end,
        value=number,
        value_text=text,
        comment=check_text(comment, _("Comment"), values.MAX_TEXT),
        reported_by=actor,
    )
    _record(
        actor,
        "evaluation.value_reported",
        project,
        reported,
        indicator=indicator.pk,
        value=values.as_text(number, text),
    )
    return reported


@transaction.atomic
def value_update(
    *, actor, project, reported: ReportedValue, value, comment: str | None = None
) -> ReportedValue:
    """Correct a draft or a returned value before submitting it (again)."""
    reported = ReportedValue.objects.select_for_update().select_related("indicator").get(pk=reported.pk)
    indicator = reported.indicator
    _check_report(actor, project, indicator)
    if reported.status not in lifecycle.EDITABLE:
        raise WrongStatus(_("Only a draft or a returned value can be corrected."))
    reported.value, reported.value_text = values.parse(indicator.measure, value)
    if comment is not None:
        reported.comment = check_text(comment, _("Comment"), values.MAX_TEXT)
    reported.save()
    _record(
        actor,
        "evaluation.value_corrected",
        project,
        reported,
        indicator=indicator.pk,
        value=values.as_text(reported.value, reported.value_text),
    )
    return reported


@transaction.atomic
def value_transition(*, actor, project, reported: ReportedValue, to: str, comment: str = "") -> ReportedValue:
    """Submit (reporting partner), approve or return (another partner, a return with its reason)."""
    reported = ReportedValue.objects.select_for_update().select_related("indicator").get(pk=reported.pk)
    indicator = reported.indicator
    comment = check_text(comment, _("Comment"), values.MAX_TEXT)
    if to in lifecycle.REPORTING_STEPS:
        _check_report(actor, project, indicator)
    elif to in lifecycle.DECISIONS:
        _require(
            permissions.can_decide_value(actor, project, indicator),
            _("Only another partner authority than %(partner)s approves or returns its values.")
            % {"partner": indicator.reporting_partner},
        )
        if to == ValueStatus.RETURNED and not comment:
            raise InvalidInput(_("Say why the value is returned."))
    else:
        raise InvalidInput(_("Unknown status: %(status)s.") % {"status": str(to)[:20]})
    lifecycle.change_status(reported, to, actor=actor, comment=comment)
    _record(
        actor,
        f"evaluation.value_{to}",
        project,
        reported,
        indicator=indicator.pk,
        value=values.as_text(reported.value, reported.value_text),
        comment=comment,
    )
    return reported
