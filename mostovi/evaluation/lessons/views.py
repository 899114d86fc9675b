"""Lessons learned: the search page (across projects, scripts and languages) and the form."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import Http404
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_http_methods

from mostovi.projects.selectors import project_get_for_page, project_text

from ..actions import permissions as action_permissions
from ..actions.forms import LessonForm, LessonSearchForm
from ..exceptions import InvalidInput, NotAllowed
from ..pages import form_error, posted_int, project_title, visible_project
from ..reviews import selectors as review_selectors
from . import selectors as lesson_selectors
from . import services

MAX_RESULTS = 50


@require_GET
def lessons(request):
    """Search the lessons the reader may see; `?project=` keeps one project's lessons."""
    form = LessonSearchForm(request.GET or None)
    data = form.cleaned_data if form.is_valid() else {}
    project = None
    if data.get("project"):
        project = project_get_for_page(pk=data["project"])
        if project is None or not action_permissions.can_view_actions(request.user, project):
            raise Http404
    found = lesson_selectors.lessons_search(
        user=request.user,
        q=data.get("q", ""),
        language=data.get("language") or None,
        project_id=project.pk if project else None,
    )
    results = list(found[: MAX_RESULTS + 1])
    for lesson in results:
        text = project_text(lesson.project, "title")
        lesson.project_title = text.text if text else f"#{lesson.project_id}"
    context = {
        "form": form,
        "results": results[:MAX_RESULTS],
        "more": len(results) > MAX_RESULTS,
        "project": project,
        "title": project_title(project) if project else "",
        "can_record": bool(project and action_permissions.lesson_authorities(request.user, project)),
        "query": data.get("q", ""),
    }
    return render(request, "evaluation/lessons.html", context)


def _form_page(request, project, form, *, error: str = "", status: int = 200):
    context = {"project": project, "title": project_title(project), "form": form, "error": error}
    return render(request, "evaluation/lesson_form.html", context, status=status)


@login_required
@require_http_methods(["GET", "POST"])
def lesson_add(request, pk: int):
    project = visible_project(request, pk)
    allowed = action_permissions.lesson_authorities(request.user, project)
    if not allowed:
        refused = NotAllowed(_("Only members of a partner authority may record lessons learned."))
        return render(request, "403.html", {"reason": str(refused)}, status=403)
    authorities = [p.authority for p in project.partners.all() if p.authority_id in allowed]
    reviews = review_selectors.reviews_to_choose(project=project)
    if request.method != "POST":
        initial = {
            "review": posted_int(request.GET.get("review")),
            "language": request.LANGUAGE_CODE,
            "at_closing": request.GET.get("at_closing") == "1",
        }
        form = LessonForm(initial=initial, authorities=authorities, reviews=reviews)
        return _form_page(request, project, form)
    form = LessonForm(request.POST, authorities=authorities, reviews=reviews)
    if not form.is_valid():
        return _form_page(request, project, form, error=form_error(form), status=422)
    data = form.cleaned_data
    try:
        services.lesson_create(
            actor=request.user,
            project=project,
            authority_id=data["authority"],
            title=data["title"],
            text=data["text"],
            language=data["language"],
            review_id=data["review"],
            at_closing=data["at_closing"],
        )
    except (NotAllowed, InvalidInput) as exc:
        return _form_page(
            request, project, form, error=str(exc), status=403 if isinstance(exc, NotAllowed) else 422
        )
    messages.success(request, _("The lesson was recorded."))
    return redirect(reverse("evaluation:lessons") + f"?project={project.pk}")
