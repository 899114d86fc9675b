"""Pages for a person's rights over their data: the notice, the download, closing the account."""

from functools import cache
from pathlib import Path

from django import forms
from django.conf import settings
from django.contrib import messages
from django.contrib.auth import logout
from django.contrib.auth.decorators import login_required
from django.http import HttpResponse
from django.shortcuts import redirect, render
from django.utils.html import escape
from django.utils.safestring import mark_safe
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.decorators.cache import never_cache

from . import privacy
from .exceptions import InvalidInput, NotAllowed


class AccountCloseForm(forms.Form):
    password = forms.CharField(
        label=gettext_lazy("Your password"), widget=forms.PasswordInput, max_length=4096
    )
    confirm = forms.BooleanField(
        label=gettext_lazy(
            "I understand that my account will be closed for good and that my name and e-mail address "
            "will be erased; what I did for my authority stays, attributed to a former member."
        )
    )


@cache
def _notice_html() -> str:
    text = (Path(settings.BASE_DIR) / "docs" / "PRIVACY.md").read_text(encoding="utf-8")
    try:
        from markdown_it import MarkdownIt
    except ImportError:  # the notice stays readable as plain text
        return f"<pre>{escape(text)}</pre>"
    # Raw HTML in the file is escaped, never rendered.
    return MarkdownIt("commonmark", {"html": False}).enable("table").render(text)


def privacy_notice(request):
    return render(request, "accounts/privacy_notice.html", {"notice": mark_safe(_notice_html())})  # noqa: S308


@never_cache
@login_required
def my_data_export(request):
    response = HttpResponse(
        privacy.user_export_json(user=request.user), content_type="application/json; charset=utf-8"
    )
    response["Content-Disposition"] = f'attachment; filename="mostovi-my-data-{request.user.pk}.json"'
    return response


@login_required
def account_close(request):
    form = AccountCloseForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            privacy.account_close(actor=request.user, password=form.cleaned_data["password"])
        except InvalidInput as exc:
            form.add_error("password", str(exc))
        except NotAllowed as exc:
            form.add_error(None, str(exc))
        else:
            logout(request)
            messages.success(request, _("Your account is closed. Thank you for the work done together."))
            return redirect("core:home")
    status = 422 if request.method == "POST" else 200
    return render(request, "accounts/account_close.html", {"form": form}, status=status)
