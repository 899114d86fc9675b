"""Continuity of responsibilities: when a membership ends, what it held moves to someone who stays.

Municipal teams change (elections, staff turnover); a partnership must survive the people who leave.
`accounts.services.membership_end` calls `responsibilities_reassign` (registered with it by `register`, from
`ProjectsConfig.ready()`), inside its transaction, once the membership has ended. Each kind of responsibility
is one handler of `RESPONSIBILITY_HANDLERS`: a function `(membership, actor) -> list[Move]` that moves what
the membership held and says what it moved.
This module records one event per move on the project's timeline and, after commit, notifies the new
holder and the partners' officers (in the app and by e-mail, each in their own language).
Each kind also names where it can be left without a holder, in `UNHELD_FINDERS` (the page
`projects:unheld` and the command `check_responsibilities` read them).

The partner roles are this app's; the apps above register their kinds (`register_responsibility`, from
their `AppConfig.ready()`): `evaluation.continuity` moves follow-up action owners and indicator reporters by
one rule (`successor_for`): the partner's responsible person for that authority on that project, else its
deputy, else the longest-standing officer, else nobody (listed as unheld). They run after the partner roles
have moved, so they see the new responsible person. This module imports no app above it.

Decisions:
- Responsible partner person who leaves: the deputy (an active one) becomes responsible and the deputy's
  place empties; without a deputy, the longest-standing active officer of that authority (earliest
  `started_at`, then lowest id) becomes responsible; without one, the place stays empty (and is listed).
- Deputy who leaves: the place empties. A deputy is a second person the authority chose; filling the place
  with whichever officer is left would only pretend there is a back-up. The partner's officers are told.
- Only live projects move (not closed, not cancelled, not deleted): a finished project keeps who was
  responsible then. A deleted project restored later shows up on the unheld list if its holder left.
"""

from collections.abc import Callable
from dataclasses import dataclass, field

from django.conf import settings
from django.db import transaction
from django.db.models import Q
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils import timezone, translation
from django.utils.translation import gettext as _
from django_tasks import task

from mostovi.accounts import services as account_services
from mostovi.accounts.models import Membership, Role, User
from mostovi.core.mail import mail_enqueue
from mostovi.core.models import Event
from mostovi.core.services import event_record

from .models import FINISHED_PHASES, Notification, Project, ProjectPartner
from .selectors import project_text

EVENT_KIND = "responsibility.moved"
# Notification kinds: the new holder is told "you are now…", the partners' officers what moved.
NOTIFICATION_ASSIGNED = "responsibility.assigned"
NOTIFICATION_MOVED = "responsibility.moved"


@dataclass
class Move:
    """One responsibility that changed holder because a membership ended."""

    responsibility: str  # "partner.responsible", "partner.deputy", "action.owner", "indicator.reporter"
    project: Project
    target: object  # the record holding the responsibility (a ProjectPartner…)
    authority: object  # the organisation the responsibility is held for
    old: Membership
    new: Membership | None
    reason: str  # "deputy_promoted", "longest_standing_officer", "nobody", "emptied", "promoted"
    extra: dict = field(default_factory=dict)


@dataclass
class Unheld:
    """A responsibility of a live project that nobody holds (never named, or its holder left)."""

    responsibility: str
    project: Project
    target: object
    authority: object
    former: Membership | None  # the ended membership still named, if any


def _name(membership: Membership | None) -> str:
    return str(membership.user) if membership is not None else ""


def _live_partners():
    return ProjectPartner.objects.filter(project__deleted_at__isnull=True).exclude(
        project__phase__in=FINISHED_PHASES
    )


def longest_standing_officer(authority_id: int, *, exclude: tuple[int, ...] = ()) -> Membership | None:
    """The active officer of the authority who has acted for it longest (deterministic: then by id)."""
    return (
        Membership.objects.active()
        .filter(organisation_id=authority_id, role=Role.OFFICER, user__is_active=True)
        .exclude(pk__in=exclude)
        .select_related("user")
        .order_by("started_at", "pk")
        .first()
    )


# --- the partner's responsible person and deputy ------------------------------------------------


def partner_roles_move(membership: Membership, actor) -> list[Move]:
    """Move the places of responsible person and deputy of partners that `membership` held."""
    partners = (
        _live_partners()
        .filter(Q(responsible=membership) | Q(deputy=membership))
        .select_for_update(of=("self",))
        .select_related("project", "authority", "responsible__user", "deputy__user")
        .order_by("project_id", "id")
    )
    moves: list[Move] = []
    for partner in partners:
        if partner.responsible_id == membership.pk:
            deputy = partner.deputy
            if deputy is not None and deputy.ended_at is None and deputy.pk != membership.pk:
                partner.responsible, partner.deputy = deputy, None
                partner.save()
                moves.append(
                    Move(
                        "partner.responsible",
                        partner.project,
                        partner,
                        partner.authority,
                        membership,
                        deputy,
                        "deputy_promoted",
                    )
                )
                moves.append(
                    Move(
                        "partner.deputy",
                        partner.project,
                        partner,
                        partner.authority,
                        deputy,
                        None,
                        "promoted",
                    )
                )
                continue
            successor = longest_standing_officer(partner.authority_id, exclude=(membership.pk,))
            partner.responsible = successor
            partner.save()
            reason = "longest_standing_officer" if successor is not None else "nobody"
            moves.append(
                Move(
                    "partner.responsible",
                    partner.project,
                    partner,
                    partner.authority,
                    membership,
                    successor,
                    reason,
                )
            )
        else:
            partner.deputy = None
            partner.save()
            moves.append(
                Move(
                    "partner.deputy", partner.project, partner, partner.authority, membership, None, "emptied"
                )
            )
    return moves


def partner_responsible_unheld(*, projects=None) -> list[Unheld]:
    """Partners of live projects whose responsible person is not named or no longer acts for them."""
    partners = _live_partners().filter(Q(responsible__isnull=True) | Q(responsible__ended_at__isnull=False))
    if projects is not None:
        partners = partners.filter(project__in=projects)
    partners = (
        partners.select_related("project", "authority", "responsible__user")
        .prefetch_related("project__texts")
        .order_by("project_id", "-is_lead", "id")
    )
    return [Unheld("partner.responsible", p.project, p, p.authority, p.responsible) for p in partners]


# --- the rule for the responsibilities of other apps (follow-up actions, indicators…) ----------------


def successor_for(project_id: int, authority_id: int, leaver: Membership) -> tuple[Membership | None, str]:
    """Who takes over a responsibility held for `authority_id` on a project, and why.

    The partner's responsible person (active, not the leaver), else its deputy, else the longest-standing
    officer of the authority, else nobody. Read after `partner_roles_move`, so a responsible person who left
    has already been replaced.
    """
    partner = (
        ProjectPartner.objects.filter(project_id=project_id, authority_id=authority_id)
        .select_related("responsible__user", "deputy__user")
        .first()
    )
    if partner is not None:
        candidates = ((partner.responsible, "partner_responsible"), (partner.deputy, "partner_deputy"))
        for holder, reason in candidates:
            active = holder is not None and holder.ended_at is None and holder.user.is_active
            if active and holder.pk != leaver.pk:
                return holder, reason
    officer = longest_standing_officer(authority_id, exclude=(leaver.pk,))
    if officer is not None:
        return officer, "longest_standing_officer"
    return None, "nobody"


@dataclass(frozen=True)
class Responsibility:
    """A kind of responsibility that continuity hands on: how it moves, where it is left unheld, how a move
    reads (on the timeline and in notifications)."""

    name: str  # "partner.responsible", "action.owner"…
    move: Callable[[Membership, object], list[Move]]
    unheld: Callable[..., list[Unheld]]
    label: Callable[[], str] | None = None  # the row label on the timeline ("Owner of the follow-up action")
    describe: Callable[[dict, dict], str] | None = None  # (event data, values) → the sentence of a move


# The partner roles (this app); the apps above register theirs in their `AppConfig.ready()`
# (`evaluation.continuity`: follow-up action owners, indicator reporters), which runs after this app's.
RESPONSIBILITIES: dict[str, Responsibility] = {}
RESPONSIBILITY_HANDLERS: list[Callable[[Membership, object], list[Move]]] = [partner_roles_move]
UNHELD_FINDERS: list[Callable[..., list[Unheld]]] = [partner_responsible_unheld]


def register_responsibility(responsibility: Responsibility) -> None:
    """Hand on `responsibility` when a membership ends (its handler runs after those registered before)."""
    if responsibility.name in RESPONSIBILITIES:
        return
    RESPONSIBILITIES[responsibility.name] = responsibility
    RESPONSIBILITY_HANDLERS.append(responsibility.move)
    UNHELD_FINDERS.append(responsibility.unheld)


def responsibility_label(name: str) -> str | None:
    registered = RESPONSIBILITIES.get(name)
    return registered.label() if registered is not None and registered.label is not None else None


# --- the mechanism --------------------------------------------------------------------------------


def responsibilities_reassign(*, membership: Membership, actor) -> list[Move]:
    """Run every handler for an ended membership; record and announce each move.

    Called inside `membership_end`'s transaction, after `ended_at` is set (so the leaver is no candidate).
    """
    moves: list[Move] = []
    for handler in RESPONSIBILITY_HANDLERS:
        moves += handler(membership, actor)
    event_ids = []
    for move in moves:
        event = event_record(
            actor=actor,
            kind=EVENT_KIND,
            target=move.target,
            scope=move.project,
            data={
                "responsibility": move.responsibility,
                "reason": move.reason,
                "authority": move.authority.pk,
                "authority_name": str(move.authority),
                "left": _name(membership),
                "left_membership": membership.pk,
                "old": _name(move.old),
                "old_membership": move.old.pk,
                "new": _name(move.new),
                "new_membership": move.new.pk if move.new is not None else None,
                **move.extra,
            },
        )
        event_ids.append(event.pk)
    if event_ids:
        actor_id = actor.pk if getattr(actor, "is_authenticated", False) else None
        transaction.on_commit(
            lambda: notify_responsibility_moves.enqueue(event_ids=event_ids, actor_id=actor_id)
        )
    return moves


def register() -> None:
    """Hand on what a leaver held whenever a membership ends (called by `ProjectsConfig.ready()`)."""
    account_services.membership_end_handler_register(responsibilities_reassign)


def unheld_responsibilities(*, projects=None) -> list[Unheld]:
    """Every responsibility of a live project left without a holder; `projects` narrows the search."""
    found: list[Unheld] = []
    for finder in UNHELD_FINDERS:
        found += finder(projects=projects)
    return found


def describe(data: dict) -> str:
    """The sentence for a move (the timeline, the notifications and the e-mails say the same)."""
    values = {
        "authority": data.get("authority_name", ""),
        "old": data.get("old", ""),
        "new": data.get("new", ""),
    }
    responsibility, reason = data.get("responsibility"), data.get("reason")
    registered = RESPONSIBILITIES.get(responsibility)
    if registered is not None and registered.describe is not None:
        return registered.describe(data, {**values, "title": data.get("title", "")})
    if responsibility == "partner.deputy" and reason == "promoted":
        return _("%(authority)s: %(old)s is now responsible; the place of deputy is empty.") % values
    if responsibility == "partner.deputy":
        return _("%(authority)s: %(old)s left; the place of deputy is empty.") % values
    if data.get("new"):
        return _("%(authority)s: %(old)s left; %(new)s is now responsible.") % values
    return (
        _("%(authority)s: %(old)s left; nobody is responsible any more. Name a responsible person.") % values
    )


def can_view_unheld_responsibilities(user) -> bool:
    """Platform staff, and officers and network coordinators (for the projects they may see)."""
    if not user.is_authenticated:
        return False
    return user.is_staff or (
        Membership.objects.active().filter(user=user, role__in=(Role.OFFICER, Role.COORDINATOR)).exists()
    )


# --- after commit: notifications and e-mails ------------------------------------------------------


def _recipients(event: Event, project: Project, actor_id: int | None) -> dict[int, str]:
    """user id → notification kind: the new holder, and the active officers of every partner authority."""
    authority_ids = ProjectPartner.objects.filter(project=project).values("authority_id")
    officers = set(
        Membership.objects.active()
        .filter(organisation_id__in=authority_ids, role=Role.OFFICER)
        .exclude(user_id=actor_id)
        .values_list("user_id", flat=True)
    )
    recipients = dict.fromkeys(officers, NOTIFICATION_MOVED)
    new_id = event.data.get("new_membership")
    if new_id:
        holder = Membership.objects.filter(pk=new_id, ended_at__isnull=True).values_list("user_id", flat=True)
        for user_id in holder:
            recipients[user_id] = NOTIFICATION_ASSIGNED
    return recipients


@task()
def notify_responsibility_moves(*, event_ids: list[int], actor_id: int | None) -> int:
    """Tell the new holders and the partners' officers what moved (in the app and by e-mail)."""
    events = list(Event.objects.filter(pk__in=event_ids, kind=EVENT_KIND).order_by("id"))
    projects = {
        str(p.pk): p
        for p in Project.objects.filter(pk__in=[e.scope.rsplit(":", 1)[-1] for e in events]).prefetch_related(
            "texts"
        )
    }
    rows: list[Notification] = []
    for event in events:
        project = projects.get(event.scope.rsplit(":", 1)[-1])
        if project is None:
            continue
        for user_id, kind in _recipients(event, project, actor_id).items():
            rows.append(Notification(user_id=user_id, project=project, kind=kind, data=event.data))
    Notification.objects.bulk_create(rows)
    users = {u.pk: u for u in User.objects.filter(pk__in={n.user_id for n in rows}, is_active=True)}
    sent = 0
    for notification in rows:
        user = users.get(notification.user_id)
        if user is None:
            continue
        project = notification.project
        language = user.preferred_language or settings.LANGUAGE_CODE
        with translation.override(language):
            title = project_text(project, "title", language)
            context = {
                "message": describe(notification.data),
                "project_title": title.text if title else f"#{project.pk}",
                "link": settings.SITE_URL.rstrip("/") + reverse("projects:detail", kwargs={"pk": project.pk}),
            }
            subject = f"[Mostovi] {context['project_title']}: {context['message']}"
            body = render_to_string("projects/email/notification.txt", context)
        mail_enqueue(to=[user.email], subject=subject, body=body)
        sent += 1
    Notification.objects.filter(pk__in=[n.pk for n in rows if n.pk]).update(emailed_at=timezone.now())
    return sent
