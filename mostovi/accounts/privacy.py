"""A person's rights over their data: download everything held about them, close their account.

Closing keeps the person's row, so that what they did for their authority (approvals, decisions, documents,
posts) stays whole and attributed; the row loses everything that identifies them: e-mail, name, password,
addresses, second factors, tokens, saved searches, notifications, and their address or name in the event
journal. See docs/PRIVACY.md.
"""

from __future__ import annotations

import json
import re
from typing import Any

from django.apps import apps
from django.contrib.auth import get_user_model
from django.core.serializers.json import DjangoJSONEncoder
from django.db import models, transaction
from django.db.models import Q
from django.utils import timezone, translation
from django.utils.translation import gettext as _

from mostovi.core.models import Event
from mostovi.core.services import event_record

from .exceptions import InvalidInput, NotAllowed
from .models import ApiToken, Invitation, Membership, User

EXPORT_FORMAT = 1
CLOSED_EMAIL_DOMAIN = "closed.invalid"
# Fields never exported: secrets, or digests that would help guess one.
SECRET_FIELD_PARTS = ("password", "digest", "secret")
# Models whose rows linked to the person are secrets or plumbing, not data about them.
EXPORT_SKIPPED = {"mfa.authenticator", "sessions.session"}
# Linked rows that closing keeps although they would cascade: the staff audit trail of the admin site.
CLOSE_KEPT = {"admin.logentry"}


def _user_links() -> list[tuple[type[models.Model], models.Field]]:
    """Every (model, field) that points to a user, historical copies excluded."""
    user_model = get_user_model()
    links = []
    for model in apps.get_models():
        if model._meta.label_lower.split(".")[1].startswith("historical") or model is user_model:
            continue
        for field in model._meta.get_fields():
            linked = field.many_to_one or field.one_to_one or field.many_to_many
            if linked and field.concrete and field.related_model is user_model:
                links.append((model, field))
    return links


def _plain(record: models.Model) -> dict[str, Any]:
    """A record as JSON-ready values, secrets left out."""
    values: dict[str, Any] = {"id": record.pk}
    for field in record._meta.concrete_fields:
        if any(part in field.name for part in SECRET_FIELD_PARTS):
            continue
        value = field.value_from_object(record)
        if isinstance(field, models.FileField):
            value = value.name if value else None  # its name under MEDIA_ROOT
        elif isinstance(value, bytes | memoryview):
            continue
        values[field.attname] = value
    return values


def user_export(*, user: User) -> dict[str, Any]:
    """Everything the platform holds about `user`, as one JSON-ready document."""
    account = {
        "id": user.pk,
        "email": user.email,
        "full_name": user.full_name,
        "preferred_language": user.preferred_language,
        "date_joined": user.date_joined,
        "last_login": user.last_login,
        "is_active": user.is_active,
        "is_staff": user.is_staff,
    }
    memberships = [
        {
            **_plain(m),
            "organisation": str(m.organisation),
        }
        for m in Membership.objects.filter(user=user)
        .select_related("organisation")
        .order_by("started_at", "pk")
    ]
    records: dict[str, list[dict[str, Any]]] = {}
    for model, field in _user_links():
        label = model._meta.label_lower
        if label in EXPORT_SKIPPED or model is Membership:
            continue
        queryset = model._default_manager.filter(**{field.name: user}).order_by("pk")
        rows = [{"via": field.name, **_plain(record)} for record in queryset]
        if rows:
            records.setdefault(label, []).extend(rows)
    records["accounts.invitation_received"] = [
        _plain(i) for i in Invitation.objects.filter(email__iexact=user.email).order_by("pk")
    ]
    events = [
        {
            "created_at": e.created_at,
            "kind": e.kind,
            "target_type": e.target_type,
            "target_id": e.target_id,
            "data": e.data,
        }
        for e in Event.objects.filter(actor=user).order_by("created_at", "pk")
    ]
    second_factors = []
    if apps.is_installed("allauth.mfa"):
        from allauth.mfa.models import Authenticator

        second_factors = [
            {"type": a.type, "created_at": a.created_at, "last_used_at": a.last_used_at}
            for a in Authenticator.objects.filter(user=user)
        ]
    return {
        "format": EXPORT_FORMAT,
        "generated_at": timezone.now(),
        "account": account,
        "second_factors": second_factors,
        "memberships": memberships,
        "records": records,
        "events": events,
    }


def user_export_json(*, user: User) -> str:
    return json.dumps(user_export(user=user), cls=DjangoJSONEncoder, ensure_ascii=False, indent=2)


# --- Closing an account -------------------------------------------------------------------------


def _former_member_label(user: User) -> str:
    """ "Former member of Niš": the authorities the person acted for, most recent first."""
    organisations = []
    for membership in (
        Membership.objects.filter(user=user).select_related("organisation").order_by("-started_at")
    ):
        name = str(membership.organisation)
        if name not in organisations:
            organisations.append(name)
    # Stored once, read by partners in every language: written in the platform's language of reference.
    with translation.override("en"):
        if organisations:
            return _("Former member of %(organisations)s") % {"organisations": ", ".join(organisations)}
        return _("Former member")


def _pattern(email: str, full_name: str) -> re.Pattern:
    """The person's address (any case) or name (as written) as a whole word.

    Whole words: "former.claire@x.org" is someone else. The name keeps its case, so that a person named
    "Observer" does not take the role "observer" with them.
    """
    alternatives = [f"(?i:{re.escape(email)})"]
    if len(full_name.strip()) >= 3:
        alternatives.append(re.escape(full_name.strip()))
    return re.compile(rf"(?<![\w.+-])(?:{'|'.join(alternatives)})(?![\w-])")


def _scrub(value: Any, pattern: re.Pattern, replacement: str) -> tuple[Any, bool]:
    """`value` with the person's address or name replaced in every string; and whether anything changed."""
    if isinstance(value, str):
        scrubbed = pattern.sub(replacement, value)
        return scrubbed, scrubbed != value
    if isinstance(value, list):
        pairs = [_scrub(item, pattern, replacement) for item in value]
        return [item for item, _hit in pairs], any(hit for _item, hit in pairs)
    if isinstance(value, dict):
        pairs = {key: _scrub(item, pattern, replacement) for key, item in value.items()}
        return {key: pair[0] for key, pair in pairs.items()}, any(pair[1] for pair in pairs.values())
    return value, False


def _scrub_json_fields(pattern: re.Pattern, replacement: str) -> None:
    """Replace the person's address or name wherever a JSON field of any table holds it."""
    for model in apps.get_models():
        for field in [f for f in model._meta.concrete_fields if isinstance(f, models.JSONField)]:
            rows = model._default_manager.exclude(**{f"{field.attname}__isnull": True}).values_list(
                "pk", field.attname
            )
            for pk, value in rows.iterator(chunk_size=2000):
                scrubbed, changed = _scrub(value, pattern, replacement)
                if changed:
                    model._default_manager.filter(pk=pk).update(**{field.attname: scrubbed})


def _scrub_history(needles: list[str], pattern: re.Pattern, replacement: str) -> None:
    """Historical copies of records keep no address or name of the person either."""
    for model in apps.get_models():
        if not model._meta.label_lower.split(".")[1].startswith("historical"):
            continue
        for field in model._meta.concrete_fields:
            if not isinstance(field, models.CharField | models.TextField) or field.choices:
                continue
            name = field.attname
            candidates = Q()
            for needle in needles:
                candidates |= Q(**{f"{name}__icontains": needle})
            pk_name = model._meta.pk.attname
            for pk, value in model._default_manager.filter(candidates).values_list(pk_name, name):
                scrubbed = pattern.sub(replacement, value)
                if scrubbed != value:
                    model._default_manager.filter(**{pk_name: pk}).update(**{name: scrubbed})


@transaction.atomic
def account_close(*, actor: User, password: str) -> User:
    """Close `actor`'s own account after checking the password; their authority's records stay whole."""
    user = get_user_model().objects.select_for_update().get(pk=actor.pk)
    if not user.is_active:
        raise NotAllowed(_("This account is already closed."))
    if not password or not user.check_password(password):
        raise InvalidInput(_("The password is not correct."))
    label = _former_member_label(user)
    needles = [n for n in (user.email, user.full_name.strip()) if len(n) >= 3]
    closed_email = f"closed-{user.pk}@{CLOSED_EMAIL_DOMAIN}"

    # The person's own things go: addresses, second factors, tokens, saved searches, notifications...
    for model, field in _user_links():
        if field.many_to_many:
            continue
        if field.remote_field.on_delete is models.CASCADE and model._meta.label_lower not in CLOSE_KEPT:
            model._default_manager.filter(**{field.name: user}).delete()
    ApiToken.objects.filter(user=user).delete()
    Invitation.objects.filter(email__iexact=user.email).update(email=closed_email)
    if apps.is_installed("axes"):
        from axes.models import AccessAttempt, AccessFailureLog, AccessLog

        for model in (AccessAttempt, AccessLog, AccessFailureLog):
            model.objects.filter(username__iexact=user.email).delete()

    pattern = _pattern(user.email, user.full_name)
    _scrub_json_fields(pattern, label)
    _scrub_history(needles, pattern, label)

    now = timezone.now()
    Membership.objects.filter(user=user, ended_at__isnull=True).update(ended_at=now)
    user.email = closed_email
    user.full_name = label
    user.preferred_language = ""
    user.is_active = False
    user.is_staff = False
    user.is_superuser = False
    user.last_login = None
    user.set_unusable_password()
    user.save()
    event_record(actor=None, kind="account.closed", target=user, data={})
    return user
