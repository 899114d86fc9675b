"""Turnover ahead: local elections and expected departures that may change who holds a project's roles.

Partners are warned three months ahead (`HORIZON_DAYS`) of:
- the next local elections of a partner authority (`Organisation.next_elections_on`);
- the expected departure (`Membership.expected_end_on`) of a partner's responsible person or deputy, of the
  owner of open follow-up actions or of an indicator's reporter, with who would take over by the rule of
  `continuity.py`: a responsible person hands over to the deputy, else to the longest-standing officer; the
  place of a deputy empties; actions and indicators go to the partner's responsible person, else its deputy,
  else the longest-standing officer. A candidate counts only if still there on the leaver's date.

Only live projects (not closed, cancelled or deleted) are concerned. The project page reads its partners with
their responsible people and deputies, and its memberships (`selectors.memberships_for_page`) include every
partner member expected to leave: when nobody leaves, the warnings cost no query. Otherwise one query reads
the actions and indicators held by people about to leave (one UNION) and one more those people and the
officers who might take over. The list for a user's projects reads the same way for all their projects.

Follow-up actions and indicators are evaluation records: `evaluation` registers the queries that count them
(`register_held_work`), so this module imports no app above `projects`.
"""

from collections.abc import Callable
from dataclasses import dataclass
from datetime import date, timedelta

from django.db.models import Prefetch, Q
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import ngettext

from mostovi.accounts.models import Membership, Role
from mostovi.core.formats import format_date
from mostovi.directory.models import Organisation

from .models import FINISHED_PHASES, Project, ProjectPartner

HORIZON_DAYS = 92
ELECTIONS = "elections"
DEPARTURE = "departure"
RESPONSIBLE = "responsible"
DEPUTY = "deputy"

# Why a successor was named (or not).
BY_DEPUTY = "deputy"
BY_RESPONSIBLE = "responsible"
BY_OFFICER = "longest_standing_officer"
NOBODY = "nobody"
EMPTIED = "emptied"


@dataclass
class Warning:
    """A change ahead on a project: local elections in a partner authority, or a person expected to leave."""

    kind: str  # ELECTIONS or DEPARTURE
    authority: Organisation
    date: date
    person: Membership | None = None
    roles: tuple[str, ...] = ()  # RESPONSIBLE, DEPUTY
    open_actions: int = 0
    indicators: int = 0
    successor: Membership | None = None
    successor_reason: str = ""  # BY_DEPUTY, BY_RESPONSIBLE, BY_OFFICER, NOBODY, EMPTIED; "" for elections

    @property
    def message(self) -> str:
        """The sentence shown to partners, in the active language, with the date in its format."""
        when = format_date(self.date, "long")
        if self.kind == ELECTIONS:
            return _("Local elections in %(authority)s on %(date)s: responsible people may change.") % {
                "authority": self.authority,
                "date": when,
            }
        return _("%(person)s, %(roles)s, is expected to leave on %(date)s; %(succession)s.") % {
            "person": self.person.user if self.person else "",
            "roles": ", ".join(self._role_phrases()),
            "date": when,
            "succession": "; ".join(self._succession_phrases()),
        }

    def _role_phrases(self) -> list[str]:
        values = {"authority": self.authority}
        phrases = []
        if RESPONSIBLE in self.roles:
            phrases.append(_("responsible for %(authority)s") % values)
        if DEPUTY in self.roles:
            phrases.append(_("deputy for %(authority)s") % values)
        if not phrases:
            # Someone who holds no partner place, only work (actions, indicators).
            phrases.append(_("for %(authority)s") % values)
        if self.open_actions:
            phrases.append(
                ngettext(
                    "owner of %(count)d open follow-up action",
                    "owner of %(count)d open follow-up actions",
                    self.open_actions,
                )
                % {"count": self.open_actions}
            )
        if self.indicators:
            phrases.append(
                ngettext(
                    "reporter of %(count)d indicator", "reporter of %(count)d indicators", self.indicators
                )
                % {"count": self.indicators}
            )
        return phrases

    def _succession_phrases(self) -> list[str]:
        phrases = []
        if DEPUTY in self.roles and RESPONSIBLE not in self.roles:
            phrases.append(_("the place of deputy will be empty"))
            if not (self.open_actions or self.indicators):
                return phrases
        name = {"name": self.successor.user if self.successor else ""}
        if self.successor_reason == BY_DEPUTY:
            phrases.append(_("the deputy %(name)s would take over") % name)
        elif self.successor_reason == BY_RESPONSIBLE:
            phrases.append(_("the responsible person %(name)s would take over") % name)
        elif self.successor_reason == BY_OFFICER:
            phrases.append(_("%(name)s, the longest-standing officer, would take over") % name)
        elif self.successor_reason == NOBODY:
            phrases.append(_("nobody would take over yet: name a deputy"))
        return phrases


# --- reading ----------------------------------------------------------------------------------------


def _partners_prefetch() -> Prefetch:
    return Prefetch(
        "partners",
        queryset=ProjectPartner.objects.select_related("authority", "responsible__user", "deputy__user"),
    )


def departing_filter(authority_ids, *, today: date | None = None) -> Q:
    """Active members of these authorities expected to leave within the horizon (for a membership query)."""
    today = today or timezone.localdate()
    return Q(
        organisation_id__in=authority_ids,
        ended_at__isnull=True,
        expected_end_on__range=(today, today + timedelta(days=HORIZON_DAYS)),
    )


def _may_hold_work(project: Project, today: date, end: date) -> bool:
    """False when the page's memberships (`selectors.memberships_for_page`, which reads every partner member
    expected to leave within the horizon) show that nobody leaves: the held-work query is then not needed."""
    members = getattr(project, "page_memberships", None)
    if members is None or today != timezone.localdate() or end > today + timedelta(days=HORIZON_DAYS):
        return True
    return any(m.expected_end_on is not None and today <= m.expected_end_on <= end for m in members)


# Queries of the work held by people (follow-up actions, indicators…), registered by the apps that keep it
# (`evaluation.continuity`) in their `AppConfig.ready()`: name → query(project_ids, leaving filter) giving
# rows (project id, membership id, organisation id, name, count).
HELD_WORK: dict[str, Callable] = {}


def register_held_work(name: str, query: Callable) -> None:
    """Count the work `query` finds in the warnings (`name` is "actions" or "indicators")."""
    HELD_WORK[name] = query


def _held_work(project_ids: list[int], start: date, end: date) -> dict[tuple[int, int], dict]:
    """(project id, membership id) → {"organisation", "actions", "indicators"} for the open follow-up actions
    and the indicators held by active members expected to leave between `start` and `end`. One query."""
    leaving = {"ended_at__isnull": True, "expected_end_on__range": (start, end)}
    queries = [query(project_ids, leaving) for query in HELD_WORK.values()]
    if not queries:
        return {}
    held: dict[tuple[int, int], dict] = {}
    for project_id, membership_id, organisation_id, kind, count in queries[0].union(*queries[1:], all=True):
        row = held.setdefault(
            (project_id, membership_id), {"organisation": organisation_id, "actions": 0, "indicators": 0}
        )
        row[kind] = row.get(kind, 0) + count
    return held


def _there_on(candidate: Membership | None, leaver: Membership, when: date) -> bool:
    """Whether `candidate` could take over from `leaver` on `when` (active then, and not the leaver)."""
    return (
        candidate is not None
        and candidate.pk != leaver.pk
        and candidate.ended_at is None
        and candidate.user.is_active
        and (candidate.expected_end_on is None or candidate.expected_end_on > when)
    )


def _role_candidates(warning: Warning, partner: ProjectPartner | None) -> list[tuple[Membership, str]]:
    """The partner places that would take over, in the order of `continuity.py`."""
    if partner is None:
        return []
    if RESPONSIBLE in warning.roles:
        return [(partner.deputy, BY_DEPUTY)]
    if warning.open_actions or warning.indicators:
        return [(partner.responsible, BY_RESPONSIBLE), (partner.deputy, BY_DEPUTY)]
    return []


def _needs_successor(warning: Warning) -> bool:
    return RESPONSIBLE in warning.roles or bool(warning.open_actions or warning.indicators)


def _warnings_for(projects: list[Project], *, today: date, horizon_days: int) -> dict[int, list[Warning]]:
    """Warnings of each project (partners prefetched with their people); at most two queries in all."""
    end = today + timedelta(days=horizon_days)
    live = [p for p in projects if p.deleted_at is None and p.phase not in FINISHED_PHASES]
    found: dict[int, list[Warning]] = {p.pk: [] for p in projects}
    if not live:
        return found
    worked = [p.pk for p in live if _may_hold_work(p, today, end)]
    held = _held_work(worked, today, end) if worked else {}

    departures: dict[int, dict[int, Warning]] = {}  # project id → membership id → warning
    pending: list[tuple[int, int]] = []  # (project id, membership id) still to be read
    for project in live:
        partners = list(project.partners.all())
        by_authority = {p.authority_id: p for p in partners}
        mine = departures.setdefault(project.pk, {})
        for partner in partners:
            elections = partner.authority.next_elections_on
            if elections is not None and today <= elections <= end:
                found[project.pk].append(Warning(ELECTIONS, partner.authority, elections))
            for role, holder in ((RESPONSIBLE, partner.responsible), (DEPUTY, partner.deputy)):
                if holder is None or holder.ended_at is not None or holder.expected_end_on is None:
                    continue
                if not today <= holder.expected_end_on <= end:
                    continue
                warning = mine.get(holder.pk)
                if warning is None:
                    warning = mine[holder.pk] = Warning(
                        DEPARTURE, partner.authority, holder.expected_end_on, person=holder
                    )
                warning.roles += (role,)
        for (project_id, membership_id), row in held.items():
            if project_id != project.pk:
                continue
            warning = mine.get(membership_id)
            if warning is None:
                authority = by_authority.get(row["organisation"])
                warning = mine[membership_id] = Warning(
                    DEPARTURE, authority.authority if authority else None, end
                )
                pending.append((project.pk, membership_id))
            warning.open_actions, warning.indicators = row["actions"], row["indicators"]

    # People known only by their work, and the officers who might take over, in one query.
    partner_of = {(p.pk, pp.authority_id): pp for p in live for pp in p.partners.all()}
    officer_authorities = set()
    for pid, mine in departures.items():
        for mid, warning in mine.items():
            if not _needs_successor(warning):
                continue
            if warning.person is not None:
                partner = partner_of.get((pid, warning.person.organisation_id))
                candidates = _role_candidates(warning, partner)
                if any(_there_on(c, warning.person, warning.date) for c, _reason in candidates):
                    continue  # a partner place takes over: no officer needed
                officer_authorities.add(warning.person.organisation_id)
            else:
                officer_authorities.add(held[(pid, mid)]["organisation"])
    people: dict[int, Membership] = {}
    officers: dict[int, list[Membership]] = {}
    if pending or officer_authorities:
        rows = (
            Membership.objects.filter(
                Q(pk__in={membership_id for _project_id, membership_id in pending})
                | Q(
                    organisation_id__in=officer_authorities,
                    role=Role.OFFICER,
                    ended_at__isnull=True,
                    user__is_active=True,
                )
            )
            .select_related("user", "organisation")
            .order_by("started_at", "pk")
        )
        for membership in rows:
            people[membership.pk] = membership
            if membership.role == Role.OFFICER and membership.ended_at is None:
                officers.setdefault(membership.organisation_id, []).append(membership)

    for project in live:
        by_authority = {p.authority_id: p for p in project.partners.all()}
        for membership_id, warning in departures[project.pk].items():
            if warning.person is None:
                person = people.get(membership_id)
                if person is None:
                    continue
                warning.person, warning.date = person, person.expected_end_on
                if warning.authority is None:
                    warning.authority = person.organisation
            leaver = warning.person
            partner = by_authority.get(leaver.organisation_id)
            if not _needs_successor(warning):
                warning.successor_reason = EMPTIED
            else:
                warning.successor_reason = NOBODY
                candidates = [
                    *_role_candidates(warning, partner),
                    *((officer, BY_OFFICER) for officer in officers.get(leaver.organisation_id, [])),
                ]
                for candidate, reason in candidates:
                    if _there_on(candidate, leaver, warning.date):
                        warning.successor, warning.successor_reason = candidate, reason
                        break
            found[project.pk].append(warning)

    order = {p.pk: {pp.authority_id: i for i, pp in enumerate(p.partners.all())} for p in live}
    for project in live:
        found[project.pk].sort(
            key=lambda w, rank=order[project.pk]: (
                w.date,
                w.kind != ELECTIONS,
                rank.get(w.authority.pk, len(rank)),
                str(w.person.user) if w.person else "",
            )
        )
    return found


def turnover_warnings(
    project: Project, *, today: date | None = None, horizon_days: int = HORIZON_DAYS
) -> list[Warning]:
    """Elections and departures ahead on `project` within `horizon_days` of `today`, soonest first.

    Reads the project's partners as prefetched (with `responsible__user`, `deputy__user` and `authority`,
    as `selectors.project_get_for_page` does) and adds at most two queries.
    """
    today = today or timezone.localdate()
    return _warnings_for([project], today=today, horizon_days=horizon_days)[project.pk]


def projects_with_turnover_warnings(
    user, *, today: date | None = None, horizon_days: int = HORIZON_DAYS
) -> list[tuple[Project, list[Warning]]]:
    """The live projects of the user's partner authorities with changes ahead, soonest first.

    A fixed number of queries whatever the number of projects (projects, partners, texts, then two).
    """
    if not user.is_authenticated:
        return []
    today = today or timezone.localdate()
    organisations = Membership.objects.active().filter(user=user).values("organisation_id")
    projects = list(
        Project.objects.alive()
        .exclude(phase__in=FINISHED_PHASES)
        .filter(pk__in=ProjectPartner.objects.filter(authority_id__in=organisations).values("project_id"))
        .prefetch_related(_partners_prefetch(), "texts")
        .order_by("id")
    )
    warnings = _warnings_for(projects, today=today, horizon_days=horizon_days)
    found = [(project, warnings[project.pk]) for project in projects if warnings[project.pk]]
    found.sort(key=lambda item: (item[1][0].date, item[0].pk))
    return found
