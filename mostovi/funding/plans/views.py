"""Funding plan pages, exchange rates, transactions and the deadlines calendar.

Views shape input and output; `services` decide and write. Not visible → 404; not allowed → 403 with
the reason; a conflict or a closed gate → 409 with the page re-rendered so that nothing typed is lost;
input refused → 422 with the form and its errors.
"""

from datetime import date, timedelta
from decimal import ROUND_HALF_UP, Decimal

from django.conf import settings
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import Http404, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_POST

from mostovi.core.http import forbidden as _forbidden
from mostovi.directory.models import Organisation
from mostovi.projects import permissions as project_permissions
from mostovi.projects.exceptions import GateNotMet, InvalidInput, NotAllowed, StaleVersion
from mostovi.projects.selectors import project_get_for_page, project_text, project_visible_for_page

from .. import calendar as ical
from ..catalogue.texts import text as catalogue_text
from ..models import CostCategory, Instrument, SourceKind
from . import permissions, selectors, services
from . import validation as v
from .forms import (
    CalendarFilterForm,
    ExchangeRateForm,
    LineFormSet,
    PlanForm,
    RatesImportForm,
    ReminderForm,
    SourceFormSet,
    TransactionForm,
)

EMPTY_ROWS = 2
CALENDAR_MONTHS = 12


# --- helpers ------------------------------------------------------------------------------------


def _visible_project(request, pk: int):
    project = project_visible_for_page(user=request.user, pk=pk)
    if project is None:
        raise Http404
    return project


def _title(project) -> str:
    text = project_text(project, "title")
    return text.text if text else f"#{project.pk}"


def _authorities(project) -> list:
    return [p.authority for p in project.partners.all()]


def _instruments(extra_ids=()) -> list:
    return list(Instrument.objects.filter(is_active=True) | Instrument.objects.filter(pk__in=list(extra_ids)))


def _plan_url(project, anchor: str = "") -> str:
    url = reverse("funding:plan_detail", kwargs={"pk": project.pk})
    return f"{url}#{anchor}" if anchor else url


def _named(project, rows: list[dict], instruments: dict) -> list[dict]:
    names = {a.pk: str(a) for a in _authorities(project)}
    labels = {**dict(SourceKind.choices), **dict(CostCategory.choices)}
    named = []
    for row in rows or []:
        named.append(
            {
                **row,
                "partner": names.get(row.get("partner_id"), row.get("partner_id")),
                "instrument": instruments.get(row.get("instrument_id"), ""),
                "label_of_kind": labels.get(row.get("kind") or row.get("category"), ""),
            }
        )
    return named


def _plan_context(request, project, **overrides) -> dict:
    state = selectors.plan_state(project=project)
    transactions = selectors.transaction_list(project=project)
    version = state.version
    approvals = {a.authority_id: a for a in version.approvals.all()} if version else {}
    rows = [
        {
            "authority": authority,
            "approval": approvals.get(authority.pk),
            "can_approve": version is not None
            and authority.pk not in approvals
            and permissions.can_approve_plan(request.user, project, authority),
        }
        for authority in _authorities(project)
    ]
    partners = _authorities(project)
    organisations = {o.pk: o for o in partners}
    for t in transactions:
        for o in (t.provider, t.receiver):
            if o is not None:
                organisations.setdefault(o.pk, o)
    context = {
        "project": project,
        "title": _title(project),
        "state": state,
        "version": version,
        "approval_rows": rows,
        "transactions": transactions,
        "comparison": selectors.planned_vs_actual(project=project, state=state, transactions=transactions),
        "can_edit": permissions.can_edit_plan(request.user, project),
        "missing_rates": state.totals.missing_rates if state.totals else [],
        "transaction_form": TransactionForm(
            initial={"date": timezone.localdate(), "currency": "EUR"},
            organisations=list(organisations.values()),
            instruments=_instruments(),
        ),
    }
    context.update(overrides)
    return context


# --- the plan -----------------------------------------------------------------------------------


@require_GET
def plan_detail(request, pk: int):
    project = _visible_project(request, pk)
    return render(request, "funding/plan_detail.html", _plan_context(request, project))


@require_GET
def plan_summary(request, pk: int):
    """The short state of the plan shown on the project page (loaded by HTMX)."""
    project = _visible_project(request, pk)
    state = selectors.plan_state(project=project)
    return render(
        request,
        "funding/plan_summary_fragment.html",
        {
            "project": project,
            "state": state,
            "gate_reason": selectors.funding_plan_approved_and_balanced(project),
        },
    )


def _formsets(project, data=None, lines=None, sources=None, extra: int = 0):
    activities = [a for a in project.activities.all() if a.deleted_at is None]
    instruments = _instruments({s.get("instrument_id") for s in sources or [] if s.get("instrument_id")})
    line_set = LineFormSet(
        data,
        initial=lines,
        prefix="lines",
        form_kwargs={"partners": _authorities(project), "activities": activities},
    )
    source_set = SourceFormSet(
        data,
        initial=sources,
        prefix="sources",
        form_kwargs={"partners": _authorities(project), "instruments": instruments},
    )
    if data is None and extra:
        line_set.extra = extra
        source_set.extra = extra
    return line_set, source_set


def _initial_rows(version) -> tuple[list[dict], list[dict]]:
    if version is None:
        return [], []
    lines = [
        {
            "category": x.category,
            "label": x.label,
            "partner": x.partner_id,
            "activity": x.activity_id,
            "amount": x.amount,
            "currency": x.currency,
        }
        for x in version.lines.all()
    ]
    sources = [
        {
            "kind": x.kind,
            "instrument": x.instrument_id,
            "partner": x.partner_id,
            "amount": x.amount,
            "currency": x.currency,
            "valuation": x.valuation,
        }
        for x in version.sources.all()
    ]
    return lines, sources


def _with_extra_rows(data):
    data = data.copy()
    for prefix in ("lines", "sources"):
        total = int(data.get(f"{prefix}-TOTAL_FORMS") or 0)
        data[f"{prefix}-TOTAL_FORMS"] = str(min(total + 1, 100))
    return data


def _apply_shares(project, rate_date, lines, sources, source_set) -> bool:
    """Sources given as a share of the total cost get their amount (in their currency); False when a rate
    is missing to do so (the row says which)."""
    wanted = [s for s in sources if s.get("amount") is None and s.get("rate") is not None]
    if not wanted:
        return True
    currencies = [x["currency"] for x in [*lines, *sources]]
    rates = selectors.rates_on(currencies, rate_date, project=project)
    totals = v.totals([{**x, "amount": x["amount"] or 0} for x in lines], [], rates)
    ok = True
    filled = [f for f in source_set.forms if f.has_changed() and not f.is_blank()]
    for form, source in zip(filled, sources, strict=False):
        if source not in wanted:
            continue
        currency = source["currency"]
        if not totals.complete or (currency != "EUR" and currency not in rates):
            missing = ", ".join(sorted({*totals.missing_rates, currency} - {"EUR"} - set(rates)))
            form.add_error(
                "rate",
                _("There is no exchange rate for %(currency)s on that date: enter it, or type the amount.")
                % {"currency": missing},
            )
            ok = False
            continue
        eur = totals.costs * source["rate"] / 100
        units = rates[currency].units_per_eur if currency != "EUR" else Decimal(1)
        source["amount"] = (eur * units).quantize(v.CENT, rounding=ROUND_HALF_UP)
    return ok


@login_required
def plan_edit(request, pk: int):
    project = _visible_project(request, pk)
    if not permissions.can_edit_plan(request.user, project):
        return _forbidden(request, NotAllowed(_("Only members of a partner authority can edit.")))
    current = selectors.plan_current(project=project)
    status, conflict, errors = 200, None, []
    if request.method == "POST":
        add_row = "add_row" in request.POST
        data = _with_extra_rows(request.POST) if add_row else request.POST
        form = PlanForm(data)
        line_set, source_set = _formsets(project, data=data)
        if add_row:
            form.is_valid()
        elif form.is_valid() and line_set.is_valid() and source_set.is_valid():
            lines, sources = line_set.rows(), source_set.rows()
            if _apply_shares(project, form.cleaned_data["rate_date"], lines, sources, source_set):
                try:
                    new = services.plan_update(
                        actor=request.user,
                        project=project,
                        version=form.cleaned_data["version"],
                        rate_date=form.cleaned_data["rate_date"],
                        note=form.cleaned_data["note"],
                        lines=lines,
                        sources=[{k: x for k, x in s.items() if k != "rate"} for s in sources],
                    )
                except NotAllowed as error:
                    return _forbidden(request, error)
                except services.PlanInvalid as error:
                    errors, status = error.errors, 422
                except InvalidInput as error:
                    errors, status = [str(error)], 422
                except StaleVersion as error:
                    status = 409
                    current = selectors.plan_current(project=project)
                    instruments = {i.pk: catalogue_text(i) for i in Instrument.objects.all()}
                    conflict = {
                        "message": str(error),
                        "version": current,
                        "current": error.current,
                        "current_lines": _named(project, (error.current or {}).get("lines"), instruments),
                        "current_sources": _named(project, (error.current or {}).get("sources"), instruments),
                        "submitted_lines": _named(project, error.submitted.get("lines"), instruments),
                        "submitted_sources": _named(project, error.submitted.get("sources"), instruments),
                    }
                    data = request.POST.copy()
                    data["version"] = current.number if current else 0
                    form = PlanForm(data)
                    form.is_valid()
                else:
                    state = selectors.plan_state(project=project, version=new)
                    if state.problems:
                        messages.warning(
                            request,
                            _("Version %(number)s of the funding plan was saved as a draft: it has problems.")
                            % {"number": new.number},
                        )
                    else:
                        messages.success(
                            request,
                            _("Version %(number)s of the funding plan was saved.") % {"number": new.number},
                        )
                    return redirect(_plan_url(project))
            else:
                status = 422
        else:
            status = 422
    else:
        lines, sources = _initial_rows(current)
        form = PlanForm(
            initial={
                "version": current.number if current else 0,
                "rate_date": current.rate_date if current else timezone.localdate(),
                "note": current.note if current else "",
            }
        )
        line_set, source_set = _formsets(
            project, lines=lines, sources=sources, extra=EMPTY_ROWS if not lines else 1
        )
    context = {
        "project": project,
        "title": _title(project),
        "form": form,
        "line_set": line_set,
        "source_set": source_set,
        "current": current,
        "conflict": conflict,
        "errors": errors,
        "currencies": v.REGIONAL_CURRENCIES,
    }
    return render(request, "funding/plan_edit.html", context, status=status)


@require_POST
@login_required
def plan_approve(request, pk: int):
    project = _visible_project(request, pk)
    try:
        authority = int(request.POST.get("authority") or 0) or None
    except ValueError:
        raise Http404 from None
    try:
        version = int(request.POST.get("version", ""))
    except ValueError:
        version = None  # the service refuses an approval that does not name the version read
    try:
        services.plan_approve(actor=request.user, project=project, authority_id=authority, version=version)
    except NotAllowed as error:
        return _forbidden(request, error)
    except StaleVersion as error:
        messages.error(request, str(error))
        project = _visible_project(request, pk)
        return render(request, "funding/plan_detail.html", _plan_context(request, project), status=409)
    except GateNotMet as error:
        context = _plan_context(request, project, gate_reasons=error.reasons)
        return render(request, "funding/plan_detail.html", context, status=409)
    except InvalidInput as error:
        messages.error(request, str(error))
        return render(request, "funding/plan_detail.html", _plan_context(request, project), status=422)
    messages.success(request, _("The funding plan was approved."))
    return redirect(_plan_url(project, "approvals"))


# --- transactions -------------------------------------------------------------------------------


@require_POST
@login_required
def transaction_add(request, pk: int):
    project = _visible_project(request, pk)
    if not permissions.can_record_transaction(request.user, project):
        return _forbidden(request, NotAllowed(_("Only members of a partner authority can edit.")))
    organisations = _authorities(project)
    ids = [request.POST.get("provider"), request.POST.get("receiver")]
    extra = Organisation.objects.alive().filter(pk__in=[int(i) for i in ids if i and i.isdigit()])
    organisations += [o for o in extra if o not in organisations]
    form = TransactionForm(request.POST, organisations=organisations, instruments=_instruments())
    status = 422
    if form.is_valid():
        d = form.cleaned_data
        try:
            services.transaction_record(
                actor=request.user,
                project=project,
                type=d["type"],
                date=d["date"],
                amount=d["amount"],
                currency=d["currency"],
                provider_id=d["provider"],
                receiver_id=d["receiver"],
                instrument_id=d["instrument"],
                description=d["description"],
            )
        except NotAllowed as error:
            return _forbidden(request, error)
        except services.PlanInvalid as error:
            for message in error.errors:
                form.add_error(None, message)
        else:
            messages.success(request, _("The transaction was recorded."))
            return redirect(_plan_url(project, "transactions"))
    context = _plan_context(request, project, transaction_form=form)
    return render(request, "funding/plan_detail.html", context, status=status)


# --- exchange rates -----------------------------------------------------------------------------


def _project_from(request):
    raw = request.POST.get("project") or request.GET.get("project")
    if raw and str(raw).isdigit():
        project = project_get_for_page(pk=int(raw))
        if project is not None and project_permissions.can_view_project(request.user, project):
            return project
    return None


@login_required
def plan_rates(request):
    """Enter a rate, or import a CSV of rates; the latest ones are listed."""
    project = _project_from(request)
    rate_form = ExchangeRateForm(
        initial={"on": timezone.localdate(), "currency": request.GET.get("currency")}
    )
    import_form = RatesImportForm()
    status, import_errors = 200, []
    if request.method == "POST":
        try:
            if "import" in request.POST:
                import_form = RatesImportForm(request.POST, request.FILES)
                if import_form.is_valid():
                    count = services.exchange_rates_import(
                        actor=request.user, text=import_form.cleaned_data["file"], project=project
                    )
                    messages.success(request, _("%(count)s exchange rates were imported.") % {"count": count})
                    return redirect(_back(project))
                status = 422
            else:
                rate_form = ExchangeRateForm(request.POST)
                if rate_form.is_valid():
                    d = rate_form.cleaned_data
                    services.exchange_rate_set(
                        actor=request.user,
                        currency=d["currency"],
                        on=d["on"],
                        units_per_eur=d["units_per_eur"],
                        source=d["source"],
                        project=project,
                    )
                    messages.success(request, _("The exchange rate was saved."))
                    return redirect(_back(project))
                status = 422
        except NotAllowed as error:
            return _forbidden(request, error)
        except services.PlanInvalid as error:
            status, import_errors = 422, error.errors
    context = {
        "project": project,
        "title": _title(project) if project else "",
        "rate_form": rate_form,
        "import_form": import_form,
        "import_errors": import_errors,
        "rates": selectors.exchange_rate_list(project=project),
        "currencies": v.REGIONAL_CURRENCIES,
        "can_enter": permissions.can_enter_rates(request.user, project),
    }
    return render(request, "funding/plan_rates.html", context, status=status)


def _back(project) -> str:
    return _plan_url(project) if project else reverse("funding:plan_rates")


# --- the deadlines calendar ---------------------------------------------------------------------


def _month_start(raw) -> date:
    today = timezone.localdate()
    return (raw or today).replace(day=1)


@login_required
def calendar(request):
    return _calendar_page(request)


def _calendar_page(request, new_feed_url: str | None = None):
    authorities = selectors.user_authorities(user=request.user)
    filters = CalendarFilterForm(request.GET or None, authorities=authorities)
    authority_id, start = None, _month_start(None)
    status = 200
    if request.GET:
        if filters.is_valid():
            authority_id = filters.cleaned_data["authority"]
            start = _month_start(filters.cleaned_data["start"])
        else:
            status = 400
    end = (start + timedelta(days=31 * CALENDAR_MONTHS)).replace(day=1) - timedelta(days=1)
    events = selectors.calendar_events(user=request.user, start=start, end=end, authority_id=authority_id)
    token = selectors.calendar_token_for(user=request.user)
    context = {
        "filters": filters,
        "months": selectors.calendar_by_month(events),
        "start": start,
        "end": end,
        "token": token,
        "feed_active": token is not None and not token.token_digest.startswith("off-"),
        "reminder_form": ReminderForm(initial={"reminder_days": token.reminder_days if token else 14}),
        "new_feed_url": new_feed_url,
    }
    return render(request, "funding/calendar.html", context, status=status)


@require_POST
@login_required
def calendar_token(request):
    if request.POST.get("action") == "revoke":
        services.calendar_token_revoke(actor=request.user)
        messages.success(request, _("The private address of your calendar no longer works."))
        return redirect("funding:calendar")
    raw = services.calendar_token_regenerate(actor=request.user)
    # Shown in this answer only (never put in a message cookie or a log): only its digest is stored.
    url = request.build_absolute_uri(reverse("funding:calendar_feed", kwargs={"token": raw}))
    return _calendar_page(request, new_feed_url=url)


@require_POST
@login_required
def calendar_reminders(request):
    form = ReminderForm(request.POST)
    if not form.is_valid():
        messages.error(request, " ".join(e for errors in form.errors.values() for e in errors))
        return redirect("funding:calendar")
    try:
        services.calendar_reminders_set(actor=request.user, days=form.cleaned_data["reminder_days"])
    except InvalidInput as error:
        messages.error(request, str(error))
    else:
        messages.success(request, _("Your reminder setting was saved."))
    return redirect("funding:calendar")


@require_GET
def calendar_feed(request, token: str):
    """The iCal feed at its private address; the address is the only credential (revocable)."""
    row = selectors.calendar_token_find(raw=token)
    if row is None:
        raise Http404
    start, end = selectors.feed_window(timezone.localdate())
    events = selectors.calendar_events(user=row.user, start=start, end=end)
    body = ical.calendar_ics(
        events, name=_("Mostovi deadlines"), stamp=timezone.now(), base_url=settings.SITE_URL
    )
    response = HttpResponse(body, content_type="text/calendar; charset=utf-8")
    response["Content-Disposition"] = 'inline; filename="mostovi-deadlines.ics"'
    response["Cache-Control"] = "private, max-age=900"
    response["X-Robots-Tag"] = "noindex"
    return response
