"""Platform staff must protect their account with a second factor before using the admin."""

from allauth.mfa.models import Authenticator
from django.contrib import messages
from django.shortcuts import redirect
from django.urls import reverse
from django.utils.translation import gettext as _


class StaffTwoFactorMiddleware:
    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        user = getattr(request, "user", None)
        if (
            user is not None
            and user.is_authenticated
            and user.is_staff
            and request.path.startswith("/admin/")
            and not Authenticator.objects.filter(user=user, type=Authenticator.Type.TOTP).exists()
        ):
            messages.warning(request, _("Platform staff must set up two-factor authentication first."))
            return redirect(reverse("mfa_activate_totp"))
        return self.get_response(request)
