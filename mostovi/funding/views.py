"""Pages of the funding catalogue and of a project's eligibility. Thin: selectors read, services write."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import Http404
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from mostovi.core.http import forbidden as _forbidden
from mostovi.core.http import page_errors
from mostovi.directory.models import Organisation
from mostovi.projects import permissions as project_permissions
from mostovi.projects.models import TextField_
from mostovi.projects.selectors import project_text

from . import permissions
from .catalogue import selectors, services
from .catalogue.eligibility import project_eligibility as rank_instruments
from .forms import AidDeclarationForm, CatalogueFilterForm, InstrumentForm, ProposalForm, RuleForm
from .models import Call, ChangeProposal, Instrument, Rule
from .plans import selectors as plan_selectors


def _instrument_or_404(pk: int) -> Instrument:
    instrument = selectors.instrument_get(pk)
    if instrument is None:
        raise Http404
    return instrument


def _visible_project(request, project_id: int):
    project = selectors.project_for_eligibility(project_id, with_texts=True)
    if project is None or not project_permissions.can_view_project(request.user, project):
        raise Http404
    return project


def index(request):
    """The catalogue: every instrument, filtered by funder, kind, theme and the country of the authorities."""
    form = CatalogueFilterForm(request.GET or None, funders=selectors.funder_choices())
    instruments = selectors.instrument_list(**form.filters())
    year = timezone.localdate().year
    for instrument in instruments:
        rules = instrument.rules.all()
        instrument.rule_count = len(rules)
        instrument.unverified_count = sum(1 for rule in rules if not rule.verified)
        instrument.calls_this_year = selectors.calls_of_year(instrument, year)
    return render(
        request,
        "funding/index.html",
        {
            "form": form,
            "instruments": instruments,
            "can_edit": permissions.can_edit_catalogue(request.user),
            "can_propose": permissions.can_propose_change(request.user),
            "year": year,
        },
    )


def detail(request, pk: int):
    instrument = _instrument_or_404(pk)
    can_edit = permissions.can_edit_catalogue(request.user)
    return render(
        request,
        "funding/detail.html",
        {
            "instrument": instrument,
            "rules": list(instrument.rules.all()),
            "calls": list(instrument.calls.all()),
            "followed": selectors.calls_followed(user=request.user, instrument=instrument),
            "year": timezone.localdate().year,
            "calls_this_year": selectors.calls_of_year(instrument, timezone.localdate().year),
            "can_edit": can_edit,
            "can_propose": permissions.can_propose_change(request.user),
            "proposals": list(selectors.proposal_list(status="open").filter(instrument=instrument))
            if can_edit
            else [],
        },
    )


def _instrument_form(request, instrument: Instrument | None):
    if not request.user.is_authenticated:
        return redirect(f"{_login_url()}?next={request.path}")
    if not permissions.can_edit_catalogue(request.user):
        return _forbidden(request, _("Only platform staff edit the funding catalogue."))
    form = InstrumentForm(request.POST or None, instance=instrument)
    if request.method == "POST" and form.is_valid():
        try:
            saved = services.instrument_save(
                actor=request.user,
                instrument=instrument,
                data=form.service_data(),
                themes=form.cleaned_data["themes"],
            )
        except services.InvalidInput as exc:
            form.add_error(None, str(exc))
        else:
            messages.success(request, _("The instrument was saved."))
            return redirect("funding:detail", pk=saved.pk)
    return render(request, "funding/instrument_form.html", {"form": form, "instrument": instrument})


def _login_url() -> str:
    from django.conf import settings
    from django.shortcuts import resolve_url

    return resolve_url(settings.LOGIN_URL)


def instrument_create(request):
    return _instrument_form(request, None)


def instrument_edit(request, pk: int):
    return _instrument_form(request, _instrument_or_404(pk))


def _rule_form(request, instrument: Instrument, rule: Rule | None):
    if not request.user.is_authenticated:
        return redirect(f"{_login_url()}?next={request.path}")
    if not permissions.can_edit_catalogue(request.user):
        return _forbidden(request, _("Only platform staff edit the funding catalogue."))
    initial = RuleForm.initial_for(rule) if rule else {}
    form = RuleForm(request.POST or None, initial=initial)
    if request.method == "POST" and form.is_valid():
        try:
            services.rule_save(actor=request.user, instrument=instrument, rule=rule, data=form.cleaned_data)
        except services.InvalidInput as exc:
            form.add_error(None, str(exc))
        else:
            messages.success(request, _("The rule was saved."))
            return redirect("funding:detail", pk=instrument.pk)
    return render(request, "funding/rule_form.html", {"form": form, "instrument": instrument, "rule": rule})


def rule_create(request, pk: int):
    return _rule_form(request, _instrument_or_404(pk), None)


def _rule_or_404(pk: int) -> Rule:
    rule = (
        Rule.objects.select_related("instrument").filter(pk=pk, instrument__deleted_at__isnull=True).first()
    )
    if rule is None:
        raise Http404
    return rule


def rule_edit(request, pk: int):
    rule = _rule_or_404(pk)
    return _rule_form(request, rule.instrument, rule)


@require_POST
@login_required
def rule_delete(request, pk: int):
    rule = _rule_or_404(pk)
    instrument = rule.instrument
    try:
        services.rule_delete(actor=request.user, rule=rule)
    except services.NotAllowed as exc:
        return _forbidden(request, str(exc))
    messages.success(request, _("The rule was deleted; its history is kept."))
    return redirect("funding:detail", pk=instrument.pk)


@login_required
def proposal_create(request, pk: int | None = None):
    instrument = _instrument_or_404(pk) if pk is not None else None
    if not permissions.can_propose_change(request.user):
        return _forbidden(request, _("Only network coordinators and platform staff propose changes."))
    form = ProposalForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            services.proposal_create(
                actor=request.user,
                instrument=instrument,
                text=form.cleaned_data["text"],
                source=form.cleaned_data["source"],
            )
        except services.InvalidInput as exc:
            form.add_error(None, str(exc))
        else:
            messages.success(request, _("Your proposal was sent to the platform staff."))
            return redirect("funding:detail", pk=instrument.pk) if instrument else redirect("funding:index")
    return render(request, "funding/proposal_form.html", {"form": form, "instrument": instrument})


@login_required
def proposal_list(request):
    if not permissions.can_decide_proposal(request.user):
        return _forbidden(request, _("Only platform staff accept or decline proposals."))
    return render(
        request,
        "funding/proposals.html",
        {
            "open": list(selectors.proposal_list(status="open")),
            "decided": list(selectors.proposal_list(status=None).exclude(status="open")[:50]),
        },
    )


@require_POST
@login_required
def proposal_decide(request, pk: int):
    proposal = ChangeProposal.objects.filter(pk=pk).first()
    if proposal is None:
        raise Http404
    decision = request.POST.get("decision")
    if decision not in ("accept", "decline"):
        messages.error(request, _("Choose to accept or decline the proposal."))
        return redirect("funding:proposals")
    try:
        services.proposal_decide(actor=request.user, proposal=proposal, accept=decision == "accept")
    except services.NotAllowed as exc:
        return _forbidden(request, str(exc))
    except services.InvalidInput as exc:
        messages.error(request, str(exc))
    else:
        if decision == "accept":
            messages.success(
                request, _("Proposal accepted: apply the change to the instrument and its rules.")
            )
        else:
            messages.success(request, _("Proposal declined."))
    return redirect("funding:proposals")


def project_eligibility(request, project_id: int):
    """Every active instrument ranked for a project, with the reason of each rule."""
    project = _visible_project(request, project_id)
    verdicts = rank_instruments(
        project, selectors.instruments_for_eligibility(), plans=plan_selectors.plan_facts_of(project)
    )
    return render(
        request,
        "funding/eligibility.html",
        {"project": project, "title": project_text(project, TextField_.TITLE), "verdicts": verdicts},
    )


def project_instrument_eligibility(request, project_id: int, instrument_id: int):
    project = _visible_project(request, project_id)
    instruments = selectors.instruments_for_eligibility(instrument_id)
    if not instruments:
        raise Http404
    verdict = rank_instruments(project, instruments, plans=plan_selectors.plan_facts_of(project))[0]
    return render(
        request,
        "funding/eligibility_instrument.html",
        {"project": project, "title": project_text(project, TextField_.TITLE), "verdict": verdict},
    )


@login_required
@require_POST
@page_errors
def aid_declaration_record(request, authority_id: int):
    """A member of a French authority records the date it filed its e-APD declaration (back to the
    declaration page of that year)."""
    authority = get_object_or_404(Organisation.objects.alive(), pk=authority_id)
    form = AidDeclarationForm(request.POST)
    back = reverse("opendata:declaration", kwargs={"pk": authority.pk})
    if not form.is_valid():
        if not permissions.can_record_aid_declaration(request.user, authority):
            return _forbidden(
                request, _("Only members of this French authority record its e-APD declaration.")
            )
        for errors in form.errors.values():
            for error in errors:
                messages.error(request, error)
        return redirect(back)
    try:
        services.aid_declaration_record(
            actor=request.user,
            authority=authority,
            year=form.cleaned_data["year"],
            filed_on=form.cleaned_data["filed_on"],
        )
    except services.InvalidInput as error:
        messages.error(request, str(error))
    else:
        messages.success(
            request,
            _("The e-APD declaration of %(year)s is recorded as filed.")
            % {"year": form.cleaned_data["year"]},
        )
    return redirect(back)


@require_POST
def call_follow(request, pk: int):
    """Follow a call (`follow=1`) or stop following it (`follow=0`); back to the instrument's page."""
    call = get_object_or_404(Call.objects.select_related("instrument"), pk=pk)
    if not request.user.is_authenticated:
        return redirect(f"{_login_url()}?next={reverse('funding:detail', args=[call.instrument_id])}")
    if request.POST.get("follow") == "0":
        services.call_unsave(actor=request.user, call=call)
        messages.success(request, _("You no longer follow “%(title)s”.") % {"title": call.title})
    else:
        services.call_save(actor=request.user, call=call)
        messages.success(
            request,
            _("You follow “%(title)s”: its closing date comes to your workspace in the 60 days before it.")
            % {"title": call.title},
        )
    return redirect(reverse("funding:detail", args=[call.instrument_id]) + f"#call-{call.pk}")
