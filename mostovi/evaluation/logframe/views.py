"""The logframe page of a project, its forms, and the export of the logframe table.

Not visible → 404; not allowed → 403 with the reason; a step the status does not allow → 409; input refused
→ 422. Each refusal re-renders the page with the translated message and writes nothing.
"""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import Http404, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy as _lazy
from django.views.decorators.http import require_GET, require_POST

from mostovi.accounts.models import Membership
from mostovi.projects.selectors import programme_current

from ..exceptions import InvalidInput, NotAllowed, WrongStatus
from ..models import Result, ValueStatus
from ..pages import error_status, form_error, project_title, visible_project
from . import permissions, selectors, services
from .chart import chart
from .export import logframe_xlsx
from .forms import DecisionForm, IndicatorForm, PeriodValueForm, ResultForm, ValueForm

STEPS = {"submit": ValueStatus.SUBMITTED, "approve": ValueStatus.APPROVED, "return": ValueStatus.RETURNED}


def _action_titles(project) -> list[str]:
    programme = programme_current(project=project)
    return [a.get("title", "") for a in (programme.content.get("actions", []) if programme else [])]


def _page(request, project, *, error: str = "", status: int = 200, forms: dict | None = None):
    user = request.user
    rows = selectors.logframe_rows(project=project)
    results = [node.result for node in rows]
    partners = [p.authority for p in project.partners.all()]
    can_edit = permissions.can_edit_logframe(user, project)
    members = (
        Membership.objects.active()
        .filter(organisation__in=partners)
        .select_related("user", "organisation")
        .order_by("organisation_id", "user__email")
        if can_edit
        else []
    )
    for node in rows:
        for indicator in node.indicators:
            indicator.latest = selectors.latest_approved(indicator)
            indicator.chart = chart(indicator)
            indicator.can_report = permissions.can_report_value(user, project, indicator)
            indicator.can_decide = permissions.can_decide_value(user, project, indicator)
            indicator.value_form = PeriodValueForm(measure=indicator.measure, prefix=f"v{indicator.pk}")
    forms = forms or {}
    context = {
        "project": project,
        "title": project_title(project),
        "rows": rows,
        "can_edit": can_edit,
        "error": error,
        "result_form": forms.get("result")
        or ResultForm(results=results, action_titles=_action_titles(project)),
        "indicator_form": forms.get("indicator")
        or IndicatorForm(results=results, partners=partners, members=members),
    }
    return render(request, "evaluation/logframe.html", context, status=status)


def _refused(request, project, error: Exception, forms: dict | None = None):
    return _page(request, project, error=str(error), status=error_status(error), forms=forms)


VALUE_DONE = {
    "submit": _lazy("The value was submitted to the other partner."),
    "approve": _lazy("The value was approved."),
    "return": _lazy("The value was returned to the reporting partner with your comment."),
}


def _back(project, anchor: str = "", *, request=None, done: str = ""):
    """Back to the results framework at `anchor`, saying what was done."""
    if request is not None and done:
        messages.success(request, done)
    url = reverse("evaluation:logframe", kwargs={"pk": project.pk})
    return redirect(f"{url}#{anchor}" if anchor else url)


@require_GET
def logframe(request, pk: int):
    return _page(request, visible_project(request, pk))


@login_required
@require_POST
def result_add(request, pk: int):
    project = visible_project(request, pk)
    results = list(Result.objects.filter(project=project))
    form = ResultForm(request.POST, results=results, action_titles=_action_titles(project))
    if not form.is_valid():
        return _page(request, project, error=form_error(form), status=422, forms={"result": form})
    try:
        result = services.result_create(
            actor=request.user,
            project=project,
            level=form.cleaned_data["level"],
            title=form.cleaned_data["title"],
            description=form.cleaned_data["description"],
            language=request.LANGUAGE_CODE,
            parent_id=form.cleaned_data["parent"],
            actions=form.cleaned_data["actions"],
        )
    except (NotAllowed, InvalidInput) as exc:
        return _refused(request, project, exc, forms={"result": form})
    return _back(project, f"result-{result.pk}", request=request, done=_("The result was added."))


@login_required
@require_POST
def indicator_add(request, pk: int):
    project = visible_project(request, pk)
    results = list(Result.objects.filter(project=project))
    partners = [p.authority for p in project.partners.all()]
    members = (
        Membership.objects.active().filter(organisation__in=partners).select_related("user", "organisation")
    )
    form = IndicatorForm(request.POST, results=results, partners=partners, members=members)
    if not form.is_valid():
        return _page(request, project, error=form_error(form), status=422, forms={"indicator": form})
    data = form.cleaned_data
    try:
        indicator = services.indicator_create(
            actor=request.user,
            project=project,
            result=next(r for r in results if r.pk == data["result"]),
            title=data["title"],
            measure=data["measure"],
            unit=data["unit"],
            baseline=data["baseline"] or None,
            baseline_date=data["baseline_date"],
            sources=data["sources"],
            assumptions=data["assumptions"],
            reporting_partner_id=data["reporting_partner"],
            reporter_id=data["reporter"],
        )
    except (NotAllowed, InvalidInput) as exc:
        return _refused(request, project, exc, forms={"indicator": form})
    return _back(project, f"indicator-{indicator.pk}", request=request, done=_("The indicator was added."))


def _indicator(project, indicator_id: int):
    indicator = selectors.indicator_get(project=project, pk=indicator_id)
    if indicator is None:
        raise Http404
    return indicator


@login_required
@require_POST
def target_add(request, pk: int, indicator_id: int):
    project = visible_project(request, pk)
    indicator = _indicator(project, indicator_id)
    form = PeriodValueForm(request.POST, measure=indicator.measure, prefix=f"t{indicator.pk}")
    if not form.is_valid():
        return _page(request, project, error=form_error(form), status=422)
    try:
        services.target_create(actor=request.user, project=project, indicator=indicator, **form.cleaned_data)
    except (NotAllowed, InvalidInput) as exc:
        return _refused(request, project, exc)
    return _back(project, f"indicator-{indicator.pk}", request=request, done=_("The target was added."))


@login_required
@require_POST
def value_add(request, pk: int, indicator_id: int):
    project = visible_project(request, pk)
    indicator = _indicator(project, indicator_id)
    form = ValueForm(request.POST, measure=indicator.measure, prefix=f"v{indicator.pk}")
    if not form.is_valid():
        return _page(request, project, error=form_error(form), status=422)
    try:
        services.value_report(actor=request.user, project=project, indicator=indicator, **form.cleaned_data)
    except (NotAllowed, InvalidInput) as exc:
        return _refused(request, project, exc)
    return _back(
        project, f"indicator-{indicator.pk}", request=request, done=_("The value was saved as a draft.")
    )


@login_required
@require_POST
def value_step(request, pk: int, indicator_id: int, value_id: int, step: str):
    project = visible_project(request, pk)
    indicator = _indicator(project, indicator_id)
    reported = selectors.value_get(indicator=indicator, pk=value_id)
    if reported is None or step not in STEPS:
        raise Http404
    form = DecisionForm(request.POST)
    form.is_valid()
    corrected = (request.POST.get("value") or "").strip()
    try:
        if step == "submit" and corrected:
            from .forms import canonical

            services.value_update(
                actor=request.user,
                project=project,
                reported=reported,
                value=canonical(corrected, indicator.measure),
                comment=form.cleaned_data.get("comment") or None,
            )
        services.value_transition(
            actor=request.user,
            project=project,
            reported=reported,
            to=STEPS[step],
            comment=form.cleaned_data.get("comment", "") if step == "return" else "",
        )
    except (NotAllowed, InvalidInput, WrongStatus) as exc:
        return _refused(request, project, exc)
    return _back(project, f"value-{reported.pk}", request=request, done=str(VALUE_DONE[step]))


@require_GET
def export(request, pk: int):
    project = visible_project(request, pk)
    content = logframe_xlsx(project=project, title=project_title(project))
    response = HttpResponse(
        content, content_type="application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
    )
    response["Content-Disposition"] = f'attachment; filename="logframe-{project.pk}.xlsx"'
    return response


@require_GET
def project_summary(request, pk: int):
    """The evaluation at a glance, the section of the project page loaded on its own request."""
    project = visible_project(request, pk)
    return render(
        request,
        "evaluation/_project_summary.html",
        {"project": project, "summary": selectors.project_evaluation_summary(project=project)},
    )
