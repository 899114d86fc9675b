"""A partner's text with its translations side by side, and the form to add or correct one."""

from django.contrib import messages
from django.http import Http404
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _

from mostovi.core.http import form_error, page_errors
from mostovi.directory.models import Organisation

from . import permissions, services
from .contents import content_for
from .exceptions import InvalidInput
from .forms import TranslationForm
from .selectors import multilingual


@page_errors
def translation_page(request, content: str, pk: int, field: str):
    """GET: the text and its translations. POST: save a translation (members of its authorities only)."""
    kind = content_for(content, field)
    obj = kind.load(pk) if kind is not None else None
    if obj is None or not kind.can_view(request.user, obj):
        raise Http404
    ml = multilingual(content=kind, obj=obj, field_name=field)
    allowed = permissions.translating_authorities(request.user, kind, obj)
    authorities = list(Organisation.objects.filter(pk__in=allowed).order_by("name"))
    status = 200
    form = None
    if request.method == "POST":
        form = TranslationForm(request.POST, authorities=authorities)
        if form.is_valid():
            try:
                services.translation_save(
                    actor=request.user,
                    content=content,
                    object_id=pk,
                    field=field,
                    language=form.cleaned_data["language"],
                    text=form.cleaned_data["text"],
                    authority_id=form.cleaned_data["authority"] or None,
                )
            except InvalidInput as error:
                form_error(form, error)
            else:
                messages.success(request, _("The translation was saved."))
                return redirect(kind.url(obj))
        status = 422
    elif allowed:
        initial = {"authority": allowed[0]}
        language = request.GET.get("language") or request.LANGUAGE_CODE
        initial["language"] = language
        existing = next(
            (t for t in (ml.texts if ml else []) if t.language == language and not t.is_original), None
        )
        if existing is not None:
            initial["text"] = existing.text
        form = TranslationForm(initial=initial, authorities=authorities)
    context = {
        "ml": ml,
        "label": kind.fields[field],
        "back_url": kind.url(obj),
        "form": form if allowed else None,
    }
    return render(request, "translations/page.html", context, status=status)
