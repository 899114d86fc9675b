"""The joint review pages of a project: the list with the schedule, one review (each partner's scoring,
the side-by-side table, the synthesis and the approvals) and its printable report (IATI A07).

Not visible → 404; not allowed → 403 with the reason; a step the status does not allow → 409; input refused
→ 422. Each refusal re-renders the page with the translated message and writes nothing.
"""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import Http404, HttpResponse
from django.shortcuts import redirect, render
from django.urls import NoReverseMatch, reverse
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_POST

from mostovi.core.pdf import html_to_pdf

from ..exceptions import InvalidInput, NotAllowed, StaleVersion, WrongStatus
from ..models import Criterion, ReviewStatus
from ..pages import error_status, form_error, project_title, visible_project
from . import permissions, selectors, services
from . import report as review_report
from .forms import AssessmentForm, ReviewEditForm, ReviewForm, ScheduleForm, SynthesisForm


def _partner(project, authority_id: int):
    for partner in project.partners.all():
        if partner.authority_id == authority_id:
            return partner.authority
    raise Http404


# --- the list -----------------------------------------------------------------------------------------


def _reviews_page(request, project, *, error: str = "", status: int = 200, forms: dict | None = None):
    reviews = list(selectors.review_list(project=project))
    schedule = selectors.review_schedule_get(project=project)
    forms = forms or {}
    schedule_form = forms.get("schedule") or ScheduleForm(
        initial={"interval_months": schedule.interval_months, "first_review_on": schedule.first_review_on}
        if schedule
        else None
    )
    context = {
        "project": project,
        "title": project_title(project),
        "reviews": reviews,
        "schedule": schedule,
        "next_due": selectors.review_next_due(schedule=schedule, reviews=reviews),
        "can_edit": permissions.can_edit_reviews(request.user, project),
        "schedule_form": schedule_form,
        "review_form": forms.get("review") or ReviewForm(),
        "error": error,
    }
    return render(request, "evaluation/reviews.html", context, status=status)


def _back_to_list(project, anchor: str = ""):
    url = reverse("evaluation:reviews", kwargs={"pk": project.pk})
    return redirect(f"{url}#{anchor}" if anchor else url)


@require_GET
def reviews(request, pk: int):
    return _reviews_page(request, visible_project(request, pk))


@login_required
@require_POST
def schedule_set(request, pk: int):
    project = visible_project(request, pk)
    form = ScheduleForm(request.POST)
    if not form.is_valid():
        return _reviews_page(request, project, error=form_error(form), status=422, forms={"schedule": form})
    try:
        services.review_schedule_set(actor=request.user, project=project, **form.cleaned_data)
    except (NotAllowed, InvalidInput) as exc:
        return _reviews_page(
            request, project, error=str(exc), status=error_status(exc), forms={"schedule": form}
        )
    return _back_to_list(project, "schedule")


@login_required
@require_POST
def review_add(request, pk: int):
    project = visible_project(request, pk)
    form = ReviewForm(request.POST)
    if not form.is_valid():
        return _reviews_page(request, project, error=form_error(form), status=422, forms={"review": form})
    try:
        review = services.review_create(
            actor=request.user, project=project, language=request.LANGUAGE_CODE, **form.cleaned_data
        )
    except (NotAllowed, InvalidInput) as exc:
        return _reviews_page(
            request, project, error=str(exc), status=error_status(exc), forms={"review": form}
        )
    messages.success(request, _("The review was started: each partner can now score it."))
    return redirect("evaluation:review", pk=project.pk, review_id=review.pk)


# --- one review -----------------------------------------------------------------------------------------


def _review(project, review_id: int):
    review = selectors.review_get(project=project, pk=review_id)
    if review is None:
        raise Http404
    return review


def _follow_up_url(name: str, project, review) -> str | None:
    """The follow-up pages' address, when that part of the application is installed."""
    try:
        return f"{reverse(name, kwargs={'pk': project.pk})}?review={review.pk}"
    except NoReverseMatch:
        return None


def _criteria(view, data=None) -> dict:
    """For each own assessment (by authority id): the criteria with the question, the score and narrative
    to show in the form (what was posted when the form is shown again, else what is saved)."""
    own = {}
    for partner in view.assessments:
        rows = []
        for criterion in Criterion:
            saved = partner.by_criterion.get(criterion.value)
            score = str(saved.score) if saved else ""
            narrative = saved.narrative if saved else ""
            if data is not None and data.get("authority") == partner.authority.pk:
                score = data["post"].get(f"score_{criterion.value}", "")
                narrative = data["post"].get(f"narrative_{criterion.value}", "")
            rows.append(
                {
                    "value": criterion.value,
                    "label": criterion.label,
                    "question": selectors.CRITERION_QUESTIONS[criterion],
                    "score": score,
                    "narrative": narrative,
                }
            )
        own[partner.authority.pk] = rows
    return own


def _review_page(
    request, project, review, *, error: str = "", status: int = 200, posted=None, synthesis=None
):
    user = request.user
    view = selectors.review_view(review=review, user=user)
    criteria = _criteria(view, posted)
    approved = {a.authority_id for a in view.approvals}
    scoring = review.status == ReviewStatus.SCORING
    own = [
        {"partner": p, "criteria": criteria[p.authority.pk]}
        for p in view.assessments
        if permissions.can_score_for(user, project, p.authority.pk)
    ]
    approvable = [
        a
        for a in view.missing_approvals
        if permissions.can_approve_review_for(user, project, a.pk) and a.pk not in approved
    ]
    actions, lessons = selectors.review_follow_ups(review=review)
    can_edit = permissions.can_edit_reviews(user, project)
    context = {
        "project": project,
        "title": project_title(project),
        "review": review,
        "view": view,
        "own": own,
        "scoring": scoring,
        "can_edit": can_edit,
        "approvable": approvable,
        "score_labels": selectors.SCORE_LABELS,
        "scores_range": list(selectors.SCORE_LABELS.items()),
        "edit_form": ReviewEditForm(
            initial={
                "period_start": review.period_start,
                "period_end": review.period_end,
                "summary": review.summary,
            }
        ),
        "synthesis_form": synthesis
        or SynthesisForm(initial={"synthesis": review.synthesis, "version": review.synthesis_version}),
        "actions": actions,
        "lessons": lessons,
        "action_add_url": _follow_up_url("evaluation:action_add", project, review) if can_edit else None,
        "lesson_add_url": _follow_up_url("evaluation:lesson_add", project, review) if can_edit else None,
        "pdf": review_report.report_pdf_available(),
        "error": error,
    }
    return render(request, "evaluation/review.html", context, status=status)


def _back(project, review, anchor: str = "", *, request=None, done: str = ""):
    if request is not None and done:
        messages.success(request, done)
    url = reverse("evaluation:review", kwargs={"pk": project.pk, "review_id": review.pk})
    return redirect(f"{url}#{anchor}" if anchor else url)


def _refused(request, project, review, exc, **kwargs):
    return _review_page(request, project, review, error=str(exc), status=error_status(exc), **kwargs)


@require_GET
def review(request, pk: int, review_id: int):
    project = visible_project(request, pk)
    return _review_page(request, project, _review(project, review_id))


@login_required
@require_POST
def review_edit(request, pk: int, review_id: int):
    project = visible_project(request, pk)
    review = _review(project, review_id)
    form = ReviewEditForm(request.POST)
    if not form.is_valid():
        return _review_page(request, project, review, error=form_error(form), status=422)
    try:
        services.review_update(
            actor=request.user, review=review, language=request.LANGUAGE_CODE, **form.cleaned_data
        )
    except (NotAllowed, InvalidInput, WrongStatus) as exc:
        return _refused(request, project, review, exc)
    return _back(project, review, request=request, done=_("The review was saved."))


@login_required
@require_POST
def review_delete(request, pk: int, review_id: int):
    project = visible_project(request, pk)
    review = _review(project, review_id)
    try:
        services.review_delete(actor=request.user, review=review)
    except (NotAllowed, InvalidInput, WrongStatus) as exc:
        return _refused(request, project, review, exc)
    messages.success(request, _("The review was deleted."))
    return _back_to_list(project)


@login_required
@require_POST
def assessment_save(request, pk: int, review_id: int, authority_id: int):
    """Save the partner's scores; with `action=submit`, hand them in as well."""
    project = visible_project(request, pk)
    review = _review(project, review_id)
    authority = _partner(project, authority_id)
    posted = {"authority": authority.pk, "post": request.POST}
    form = AssessmentForm(request.POST)
    if not form.is_valid():
        return _review_page(request, project, review, error=form_error(form), status=422, posted=posted)
    try:
        services.assessment_save(
            actor=request.user,
            review=review,
            authority=authority,
            scores=form.scores(),
            language=request.LANGUAGE_CODE,
        )
        if request.POST.get("action") == "submit":
            services.assessment_submit(actor=request.user, review=review, authority=authority)
    except (NotAllowed, InvalidInput, WrongStatus) as exc:
        # A refused submission keeps the scores saved just before: show them as saved.
        fresh = _review(project, review_id)
        keep = None if request.POST.get("action") == "submit" and isinstance(exc, InvalidInput) else posted
        return _refused(request, project, fresh, exc, posted=keep)
    done = (
        _("The scores were submitted. The other partners see them when every partner has submitted.")
        if request.POST.get("action") == "submit"
        else _("The scores were saved; they are not shown to the other partners.")
    )
    return _back(project, review, f"assessment-{authority.pk}", request=request, done=done)


@login_required
@require_POST
def synthesis_update(request, pk: int, review_id: int):
    project = visible_project(request, pk)
    review = _review(project, review_id)
    form = SynthesisForm(request.POST)
    if not form.is_valid():
        return _review_page(request, project, review, error=form_error(form), status=422, synthesis=form)
    try:
        services.review_synthesis_update(
            actor=request.user,
            review=review,
            synthesis=form.cleaned_data["synthesis"],
            language=request.LANGUAGE_CODE,
            version=form.cleaned_data["version"],
        )
    except StaleVersion as exc:
        # The writer's text stays in the form, now based on the version saved meanwhile (shown above it).
        fresh = _review(project, review_id)
        data = request.POST.copy()
        data["version"] = fresh.synthesis_version
        kept = SynthesisForm(data)
        kept.is_valid()
        return _refused(request, project, fresh, exc, synthesis=kept)
    except (NotAllowed, InvalidInput, WrongStatus) as exc:
        return _refused(request, project, review, exc, synthesis=form)
    return _back(
        project,
        review,
        "synthesis",
        request=request,
        done=_("The synthesis was saved: every partner approves it again."),
    )


@login_required
@require_POST
def review_approve(request, pk: int, review_id: int, authority_id: int):
    project = visible_project(request, pk)
    review = _review(project, review_id)
    authority = _partner(project, authority_id)
    try:
        version = int(request.POST.get("version", ""))
    except ValueError:
        version = None  # the service refuses an approval that does not name the version read
    try:
        services.review_approve(actor=request.user, review=review, authority=authority, version=version)
    except (NotAllowed, InvalidInput, WrongStatus, StaleVersion) as exc:
        return _refused(request, project, _review(project, review_id), exc)
    return _back(project, review, "approvals", request=request, done=_("The synthesis was approved."))


# --- the report ------------------------------------------------------------------------------------------


def _report_review(request, pk: int, review_id: int):
    project = visible_project(request, pk)
    review = _review(project, review_id)
    review.project = project
    return review


@require_GET
def report(request, pk: int, review_id: int):
    review = _report_review(request, pk, review_id)
    return HttpResponse(review_report.review_report_html(review=review, user=request.user))


@require_GET
def report_pdf(request, pk: int, review_id: int):
    if not review_report.report_pdf_available():
        raise Http404

    review = _report_review(request, pk, review_id)
    html = review_report.review_report_html(review=review, user=request.user)
    response = HttpResponse(html_to_pdf(html), content_type="application/pdf")
    name = f"review-{review.period_start.isoformat()}-{review.period_end.isoformat()}.pdf"
    response["Content-Disposition"] = f'inline; filename="{name}"'
    return response
