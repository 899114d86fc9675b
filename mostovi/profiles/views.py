"""The profile pages: read by anyone, changed by the authority's own officers and elected officials."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import Http404
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _

from mostovi.core.http import forbidden, form_error, page_errors
from mostovi.directory.models import Organisation

from . import services
from .exceptions import InvalidInput
from .forms import ProfileFactsForm, ProfileTextForm
from .models import ProfileText
from .permissions import can_edit_authority_profile
from .selectors import profile_for_reader, profile_get, profile_history


def _authority_or_404(pk: int) -> Organisation:
    authority = Organisation.objects.alive().filter(pk=pk).first()
    if authority is None or not authority.is_authority:
        raise Http404
    return authority


def detail(request, pk: int):
    """The authority as it presents itself, in the reader's language where its members wrote one."""
    authority = _authority_or_404(pk)
    context = {
        "authority": authority,
        "view": profile_for_reader(authority=authority),
        "history": profile_history(authority=authority, limit=20),
        "may_edit": can_edit_authority_profile(request.user, authority),
    }
    return render(request, "profiles/detail.html", context)


def _render_edit(request, authority, *, facts_form=None, text_form=None, status=200):
    profile = profile_get(authority=authority)
    context = {
        "authority": authority,
        "profile": profile,
        "texts": list(profile.texts.all()) if profile else [],
        "facts_form": facts_form or ProfileFactsForm(initial=ProfileFactsForm.initial_from(profile)),
        "text_form": text_form or ProfileTextForm(initial=_text_initial(request, profile)),
    }
    return render(request, "profiles/edit.html", context, status=status)


def _text_initial(request, profile) -> dict:
    """A text to change, named in the address (?section=&language=), or an empty one."""
    section, language = request.GET.get("section", ""), request.GET.get("language", "")
    initial = {"section": section, "language": language or request.LANGUAGE_CODE}
    if profile is not None and section and language:
        text = ProfileText.objects.filter(profile=profile, section=section, language=language).first()
        if text is not None:
            initial["text"] = text.text
    return initial


@login_required
@page_errors
def edit(request, pk: int):
    """Change the profile's facts (POST), or show the forms."""
    authority = _authority_or_404(pk)
    if not can_edit_authority_profile(request.user, authority):
        return forbidden(
            request,
            _("Only the officers and elected officials of %(authority)s change its profile.")
            % {"authority": authority},
        )
    if request.method != "POST":
        return _render_edit(request, authority)
    form = ProfileFactsForm(request.POST)
    if not form.is_valid():
        return _render_edit(request, authority, facts_form=form, status=422)
    try:
        services.authority_profile_update(
            actor=request.user, authority=authority, revision=form.cleaned_data["revision"], **form.facts()
        )
    except InvalidInput as error:
        form_error(form, error)
        return _render_edit(request, authority, facts_form=form, status=422)
    messages.success(request, _("The profile was saved."))
    return redirect(reverse("profiles:detail", args=[authority.pk]))


@login_required
@page_errors
def text(request, pk: int):
    """Write one section in one language (POST only)."""
    authority = _authority_or_404(pk)
    if request.method != "POST":
        return redirect(reverse("profiles:edit", args=[authority.pk]))
    form = ProfileTextForm(request.POST)
    if not form.is_valid():
        if not can_edit_authority_profile(request.user, authority):
            return forbidden(
                request,
                _("Only the officers and elected officials of %(authority)s change its profile.")
                % {"authority": authority},
            )
        return _render_edit(request, authority, text_form=form, status=422)
    try:
        services.authority_profile_update(
            actor=request.user,
            authority=authority,
            texts=[{**form.cleaned_data, "original": False}],
        )
    except InvalidInput as error:
        form_error(form, error)
        return _render_edit(request, authority, text_form=form, status=422)
    messages.success(request, _("The text was saved."))
    return redirect(
        reverse("profiles:detail", args=[authority.pk]) + f"#section-{form.cleaned_data['section']}"
    )
