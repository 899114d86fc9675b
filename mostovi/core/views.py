from django.db import connection
from django.http import Http404, JsonResponse
from django.shortcuts import redirect, render
from django.urls import Resolver404, resolve, reverse
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy
from django.views.decorators.cache import never_cache

from .inbox import inbox_for
from .selectors import platform_figures

# Areas of the platform announced in the navigation before their pages exist.
AREAS = {
    "partnerships": (
        _("Partnerships"),
        _(
            "Existing partnerships between authorities, the partner-search exchange of offers and needs, "
            "and suggestions that explain why two authorities fit."
        ),
    ),
    "projects": (
        _("Projects"),
        _(
            "Cooperation projects prepared and decided together: expertise mission, joint programme, "
            "approvals by every partner, and a complete history."
        ),
    ),
    "funding": (
        pgettext_lazy("area", "Funding"),
        _("Funding instruments with their rules and sources, eligibility checks and funding plans."),
    ),
    "evaluation": (
        _("Evaluation"),
        _("Joint periodic reviews on the six OECD-DAC criteria, indicators and follow-up actions."),
    ),
    "open-data": (
        _("Open data"),
        _("IATI 2.03 files, CSV and XLSX exports, and the documented REST API."),
    ),
}


# Areas whose pages exist: the home page links to them instead of the announcement.
AREA_PAGES = {
    "partnerships": "partnerships:index",
    "projects": "projects:list",
    "funding": "funding:index",
    # The lessons learned across projects; each project's logframe, reviews and actions are on its pages.
    "evaluation": "evaluation:lessons",
    "open-data": "opendata:index",
}


def home(request):
    areas = [
        (reverse(AREA_PAGES[slug]) if slug in AREA_PAGES else reverse("core:area", args=[slug]), title, text)
        for slug, (title, text) in AREAS.items()
    ]
    context = {"figures": platform_figures(), "areas": areas}
    if request.user.is_authenticated:
        # The signed-in home page is the person's workspace: what awaits them, from the apps' providers.
        context["inbox"] = inbox_for(request.user)
    return render(request, "core/home.html", context)


def area(request, slug: str):
    if slug not in AREAS:
        raise Http404
    if slug in AREA_PAGES:
        return redirect(AREA_PAGES[slug])
    title, description = AREAS[slug]
    return render(request, "core/area.html", {"title": title, "description": description, "slug": slug})


@never_cache
def healthz(request):
    """200 when the database answers, 503 otherwise."""
    try:
        with connection.cursor() as cursor:
            cursor.execute("SELECT 1")
            cursor.fetchone()
    except Exception:  # any database failure means "not healthy", never a 500
        return JsonResponse({"status": "unavailable"}, status=503)
    return JsonResponse({"status": "ok"})


def error_404(request, exception=None):
    return render(request, "404.html", status=404)


def error_403(request, exception=None):
    """Refused: the reason, and a way onward (home, another account, whom to ask)."""
    context = {"reason": str(exception) if exception else "", **_whom_to_ask(request)}
    return render(request, "403.html", context, status=403)


# Who to ask on a refused page: the apps that own pages register, in their `ready()`, a reader
# `hint(request, match) -> dict | None` (`match` the resolved address) naming the authority whose
# members decide (`owner`, `owner_url`) or the project the page belongs to (`project_url`), when the
# person may see it.
FORBIDDEN_HINTS: list = []


def forbidden_hint_register(hint) -> None:
    if hint not in FORBIDDEN_HINTS:
        FORBIDDEN_HINTS.append(hint)


def _whom_to_ask(request) -> dict:
    """The authority whose members decide on the refused page, or the project it belongs to, when the
    address names one the person may see; nothing otherwise (a refusal reveals nothing new)."""
    try:
        match = resolve(request.path_info)
    except Resolver404:
        return {}
    for hint in FORBIDDEN_HINTS:
        found = hint(request, match)
        if found:
            return found
    return {}


def error_400(request, exception=None):
    return render(request, "400.html", status=400)


def error_500(request):
    return render(request, "500.html", status=500)


def csrf_failure(request, reason=""):
    return render(request, "403_csrf.html", status=403)
