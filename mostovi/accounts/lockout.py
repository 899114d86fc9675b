"""How django-axes recognises who is signing in, from where, and how a lockout answers.

Failures count per account: the account is what axes records, read from whichever field carried the
e-mail address (`login` on the sign-in page, `email` in `POST /api/v1/auth/token`), so a lockout of
one account never blocks another account from the same address. The client's address is
`REMOTE_ADDR`, or, only when the request comes from a proxy listed in `TRUSTED_PROXIES`, the last
address that proxy (and any trusted proxy before it) recorded in `X-Forwarded-For`: anyone else's
header is the client's own word and is ignored.
"""

import ipaddress
from functools import cache

from django.conf import settings
from django.http import HttpRequest, HttpResponse, JsonResponse
from django.shortcuts import render
from django.utils.translation import gettext as _

# The keys that carry the account: allauth's own credentials (`email`), axes' (`login`, after a
# successful sign-in), and the form fields of the sign-in page.
_ACCOUNT_KEYS = ("login", "email", "username")
_USERNAME_MAX_LENGTH = 255  # axes' column


def username_from(request: HttpRequest, credentials: dict | None) -> str | None:
    """The account a sign-in attempt is for, as axes records it: the e-mail address, lower case."""
    sources = [credentials] if credentials else []
    if request is not None:
        sources.append(getattr(request, "POST", {}))
    for source in sources:
        for key in _ACCOUNT_KEYS:
            value = source.get(key)
            if isinstance(value, str) and value.strip():
                return value.strip().lower()[:_USERNAME_MAX_LENGTH]
    return None


@cache
def _networks(entries: tuple[str, ...]) -> tuple:
    return tuple(ipaddress.ip_network(entry.strip(), strict=False) for entry in entries if entry.strip())


def _address(value: str):
    try:
        return ipaddress.ip_address(value.strip())
    except ValueError:
        return None


def _is_trusted(address, networks) -> bool:
    return address is not None and any(address in network for network in networks)


def client_ip_address(request: HttpRequest) -> str | None:
    """The address a request comes from, trusting `X-Forwarded-For` only from a configured proxy."""
    remote = request.META.get("REMOTE_ADDR")
    networks = _networks(tuple(getattr(settings, "TRUSTED_PROXIES", ()) or ()))
    if not networks or not _is_trusted(_address(remote or ""), networks):
        return remote
    client = remote
    # Walk back from the hop nearest to us; the first address no trusted proxy vouches for is the client.
    hops = request.META.get("HTTP_X_FORWARDED_FOR", "").split(",")
    for hop in reversed(hops):
        address = _address(hop)
        if address is None:
            break
        client = str(address)
        if not _is_trusted(address, networks):
            break
    return client


def lockout_response(request: HttpRequest, original_response=None, credentials=None) -> HttpResponse:
    """429 for a locked account: `{"detail": ...}` on the API, the lockout page elsewhere."""
    retry_after = str(int(_cool_off_seconds()))
    if request.path.startswith("/api/"):
        response = JsonResponse(
            {"detail": _("Too many failed attempts: this account is locked for a while.")},
            status=429,
            content_type="application/json; charset=utf-8",  # as every other API answer
        )
    else:
        response = render(request, settings.AXES_LOCKOUT_TEMPLATE, status=429)
    response["Retry-After"] = retry_after
    return response


def _cool_off_seconds() -> float:
    from axes.helpers import get_cool_off

    cool_off = get_cool_off()
    return cool_off.total_seconds() if cool_off else 3600
