"""The partnership pages. Views shape input and output; the services decide and write, the predicates allow.

Not visible → 404; not allowed → 403 with the reason; a conflict → 409 with the form kept; input refused →
422 with the form and its errors. Nothing here ever answers 500 for bad input.
"""

import json

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.paginator import Paginator
from django.http import FileResponse, Http404, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_POST

from mostovi.core.http import forbidden as _forbidden
from mostovi.directory.models import Organisation
from mostovi.themes.selectors import theme_list

from . import permissions, selectors, services, user_import
from .exceptions import InvalidInput, NotAllowed, StaleVersion
from .forms import (
    ConventionForm,
    ImportForm,
    PartnershipCreateForm,
    PartnershipEditForm,
    PartnershipFilterForm,
)
from .models import Kind

PAGE_SIZE = 25


def _filter_form(request):
    themes = list(theme_list())
    form = PartnershipFilterForm(request.GET or None, themes=themes, networks=selectors.network_choices())
    return form, themes


def _query_string(request) -> str:
    params = request.GET.copy()
    params.pop("page", None)
    return params.urlencode()


@require_GET
def index(request):
    form, _themes = _filter_form(request)
    queryset = selectors.partnership_list(**form.filters())
    page = Paginator(queryset, PAGE_SIZE).get_page(request.GET.get("page"))
    return render(
        request,
        "partnerships/list.html",
        {
            "form": form,
            "page": page,
            "query": _query_string(request),
            "can_import": permissions.can_import_partnerships(request.user),
        },
    )


@require_GET
def map_view(request):
    form, _themes = _filter_form(request)
    data = selectors.partnership_map_data(**form.filters())
    kinds = dict(Kind.choices)
    legend = {
        "kinds": {k: str(v) for k, v in kinds.items()},
        "detail": reverse("partnerships:detail", args=[0]),
    }
    return render(
        request,
        "partnerships/map.html",
        {
            "form": form,
            "data": data,
            "map_json": json.dumps(
                {"p": data["points"], "l": data["lines"], **legend}, ensure_ascii=False, separators=(",", ":")
            ),
            "rows": _map_rows(data),
            "query": _query_string(request),
        },
    )


def _map_rows(data) -> list[dict]:
    """The table alternative of the map: one row per line drawn, and the partnerships without coordinates."""
    points = data["points"]
    rows = []
    for a, b, pid, kind, demo, unverified in data["lines"]:
        rows.append(
            {
                "id": pid,
                "a": points[str(a)],
                "b": points[str(b)],
                "kind": Kind(kind).label,
                "demo": demo,
                "unverified": unverified,
            }
        )
    return rows


def _visible(request, pk: int):
    partnership = selectors.partnership_get_for_page(pk=pk)
    if partnership is None or not permissions.can_view_partnership(request.user, partnership):
        raise Http404
    return partnership


@require_GET
def detail(request, pk: int):
    partnership = _visible(request, pk)
    return render(
        request,
        "partnerships/detail.html",
        {
            "partnership": partnership,
            "timeline": selectors.partnership_timeline(partnership=partnership),
            "history": selectors.partnership_history(partnership=partnership),
            "can_edit": permissions.can_edit_partnership(request.user, partnership),
            "convention_form": ConventionForm(),
        },
    )


def _editing_authorities(user) -> list[Organisation]:
    ids = permissions.editing_authority_ids(user)
    return list(Organisation.objects.alive().filter(pk__in=ids).order_by("sort_key"))


@login_required
def create(request):
    authorities = _editing_authorities(request.user)
    if not authorities:
        return _forbidden(
            request,
            NotAllowed(_("Only officers and elected members of a local authority can record a partnership.")),
        )
    themes = list(theme_list())
    form = PartnershipCreateForm(request.POST or None, authorities=authorities, themes=themes)
    status = 200
    if request.method == "POST":
        status = 422
        if form.is_valid():
            data = form.cleaned_data
            partner, reason = selectors.authority_find_by_code(data["partner_code"])
            if partner is None:
                message = (
                    _("This code is used in several countries: write it with its country, e.g. RS:70157.")
                    if reason == "ambiguous"
                    else _("No local authority has this code.")
                )
                form.add_error("partner_code", message)
            else:
                try:
                    partnership = services.partnership_create(
                        actor=request.user,
                        kind=data["kind"],
                        authority_ids=[data["authority"], partner.pk],
                        status=data["status"],
                        signed_on=data["signed_on"],
                        renewed_on=data["renewed_on"],
                        ends_on=data["ends_on"],
                        themes=data["themes"],
                        working_languages=data["working_languages"],
                        note=data["note"],
                    )
                except NotAllowed as error:
                    return _forbidden(request, error)
                except InvalidInput as error:
                    form.add_error(error.field if error.field in form.fields else None, str(error))
                else:
                    messages.success(request, _("The partnership is recorded."))
                    return redirect("partnerships:detail", pk=partnership.pk)
    return render(request, "partnerships/form.html", {"form": form, "creating": True}, status=status)


@login_required
def edit(request, pk: int):
    partnership = _visible(request, pk)
    if not permissions.can_edit_partnership(request.user, partnership):
        return _forbidden(
            request,
            NotAllowed(
                _("Only officers and elected members of a partner authority can edit this partnership.")
            ),
        )
    themes = list(theme_list())
    if request.method != "POST":
        form = PartnershipEditForm(initial=PartnershipEditForm.initial_for(partnership), themes=themes)
        return render(request, "partnerships/form.html", {"form": form, "partnership": partnership})
    form = PartnershipEditForm(request.POST, themes=themes)
    context = {"form": form, "partnership": partnership}
    if not form.is_valid():
        return render(request, "partnerships/form.html", context, status=422)
    try:
        services.partnership_update(
            actor=request.user,
            partnership=partnership,
            revision=form.cleaned_data["revision"],
            **form.changes(),
        )
    except NotAllowed as error:
        return _forbidden(request, error)
    except InvalidInput as error:
        form.add_error(error.field if error.field in form.fields else None, str(error))
        return render(request, "partnerships/form.html", context, status=422)
    except StaleVersion as error:
        # Keep what was typed, with the revision now current: saving again replaces their values.
        data = request.POST.copy()
        data["revision"] = str(error.current_revision)
        context["form"] = PartnershipEditForm(data, themes=themes)
        context["conflict"] = [
            {"field": field, "current": error.current.get(field), "submitted": error.submitted.get(field)}
            for field in error.submitted
            if error.current.get(field) != error.submitted.get(field)
        ]
        return render(request, "partnerships/form.html", context, status=409)
    messages.success(request, _("The partnership is saved."))
    return redirect("partnerships:detail", pk=partnership.pk)


def _act(request, pk: int, service, done: str):
    partnership = selectors.partnership_get_for_page(pk=pk)
    if partnership is None or not permissions.can_view_partnership(request.user, partnership):
        raise Http404
    try:
        service(actor=request.user, partnership=partnership)
    except NotAllowed as error:
        return _forbidden(request, error)
    messages.success(request, done)
    return redirect("partnerships:detail", pk=pk)


@login_required
@require_POST
def delete(request, pk: int):
    return _act(
        request, pk, services.partnership_delete, _("The partnership is deleted; it can be restored.")
    )


@login_required
@require_POST
def restore(request, pk: int):
    return _act(request, pk, services.partnership_restore, _("The partnership is restored."))


@login_required
@require_POST
def convention(request, pk: int):
    partnership = _visible(request, pk)
    form = ConventionForm(request.POST, request.FILES)
    if not form.is_valid():
        messages.error(request, _("Choose the file of the signed convention."))
        return redirect("partnerships:detail", pk=pk)
    try:
        services.partnership_attach_convention(
            actor=request.user, partnership=partnership, file=form.cleaned_data["file"]
        )
    except NotAllowed as error:
        return _forbidden(request, error)
    except InvalidInput as error:
        context = {
            "partnership": partnership,
            "timeline": selectors.partnership_timeline(partnership=partnership),
            "history": selectors.partnership_history(partnership=partnership),
            "can_edit": True,
            "convention_form": form,
            "convention_error": str(error),
        }
        return render(request, "partnerships/detail.html", context, status=422)
    messages.success(request, _("The signed convention is attached."))
    return redirect("partnerships:detail", pk=pk)


@require_GET
def convention_download(request, pk: int):
    partnership = _visible(request, pk)
    if not partnership.convention:
        raise Http404
    extension = partnership.convention.name.rsplit(".", 1)[-1]
    response = FileResponse(
        partnership.convention.open("rb"),
        as_attachment=True,
        filename=f"convention-{partnership.pk}.{extension}",
        content_type=partnership.convention_content_type or "application/octet-stream",
    )
    response["X-Content-Type-Options"] = "nosniff"
    return response


@require_GET
def import_template(request):
    response = HttpResponse(user_import.template_csv(), content_type="text/csv; charset=utf-8")
    response["Content-Disposition"] = 'attachment; filename="partnerships-template.csv"'
    return response


@login_required
def import_csv(request):
    if not permissions.can_import_partnerships(request.user):
        return _forbidden(
            request,
            NotAllowed(_("Only officers and elected members of a local authority can import partnerships.")),
        )
    form = ImportForm(request.POST or None, request.FILES or None)
    context = {"form": form, "columns": user_import.COLUMNS, "themes": list(theme_list())}
    if request.method != "POST":
        return render(request, "partnerships/import.html", context)
    if not form.is_valid():
        return render(request, "partnerships/import.html", context, status=422)
    outcome = user_import.import_csv(actor=request.user, uploaded=form.cleaned_data["file"])
    context["outcome"] = outcome
    if outcome.errors:
        return render(request, "partnerships/import.html", context, status=422)
    return render(request, "partnerships/import.html", context)
