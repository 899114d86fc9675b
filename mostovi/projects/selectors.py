"""Reads about projects: visibility, the current programme, who still has to approve."""

from django.contrib.auth.models import AnonymousUser
from django.db.models import Exists, Prefetch, Q, QuerySet
from django.utils import translation

from mostovi.accounts.models import Membership, MembershipStatus, Role
from mostovi.core import approvals
from mostovi.core.models import Event
from mostovi.core.services import scope_key
from mostovi.directory.models import NetworkMembership, Organisation, SearchTerm
from mostovi.directory.network_selectors import networks_scope
from mostovi.directory.search import query_variants
from mostovi.directory.selectors import term_match

from . import permissions
from .models import (
    Activity,
    Document,
    DocumentVersion,
    ExpertiseMission,
    MissionAcceptance,
    Participant,
    ProgrammeApproval,
    ProgrammeVersion,
    Project,
    ProjectPartner,
    ProjectText,
    Visibility,
)


def project_list_visible_to(*, user) -> QuerySet[Project]:
    """Every project the user may see (one place decides)."""
    qs = Project.objects.alive()
    if user is None or isinstance(user, AnonymousUser) or not user.is_authenticated:
        return qs.filter(visibility=Visibility.PUBLIC, published_at__isnull=False)
    if user.is_staff:
        return qs
    org_ids = list(Membership.objects.active().filter(user=user).values_list("organisation_id", flat=True))
    coordinated = (
        Membership.objects.active().filter(user=user, role=Role.COORDINATOR).values("organisation_id")
    )
    # Direct and indirect members of the networks the user coordinates.
    scope = networks_scope(list(coordinated.values_list("organisation_id", flat=True)))
    network_members = NetworkMembership.objects.filter(network_id__in=scope).values("member_id")
    visible = (
        Q(partners__authority_id__in=org_ids)
        | Q(participants__organisation_id__in=org_ids)
        | (Q(visibility=Visibility.PUBLIC) & Q(published_at__isnull=False))
        | (
            Q(visibility=Visibility.NETWORK)
            & Q(published_at__isnull=False)
            & Q(partners__authority_id__in=network_members)
        )
    )
    return qs.filter(pk__in=Project.objects.filter(visible).values("pk"))


def project_list(*, user, phase: str | None = None, authority: int | None = None) -> QuerySet[Project]:
    qs = project_list_visible_to(user=user)
    if phase:
        qs = qs.filter(phase=phase)
    if authority:
        qs = qs.filter(partners__authority_id=authority)
    return qs.prefetch_related(
        Prefetch("partners", queryset=ProjectPartner.objects.select_related("authority")),
        Prefetch("texts", queryset=ProjectText.objects.all()),
    ).order_by("-updated_at", "-id")


def project_queryset(
    *, include_deleted: bool = False, missions: bool = True, activities: bool = True, documents: bool = True
) -> QuerySet[Project]:
    """Projects with the tree their readers show, in a fixed number of queries: partners with their
    responsible people, participants, texts, missions with their acceptances, programme versions with their
    approvals, activities and documents with their versions. The one place the tree is written: the project
    page, the API and the handover pack leave out what they do not show."""
    qs = Project.objects.all() if include_deleted else Project.objects.alive()
    prefetches = [
        Prefetch(
            "partners",
            queryset=ProjectPartner.objects.select_related("authority", "responsible__user", "deputy__user"),
        ),
        Prefetch("participants", queryset=Participant.objects.select_related("organisation")),
        "texts",
        Prefetch(
            "programme_versions",
            queryset=ProgrammeVersion.objects.select_related("created_by").prefetch_related(
                Prefetch(
                    "approvals", queryset=ProgrammeApproval.objects.select_related("authority", "approved_by")
                )
            ),
        ),
    ]
    if missions:
        prefetches.append(
            Prefetch(
                "missions",
                queryset=ExpertiseMission.objects.alive().prefetch_related(
                    Prefetch("acceptances", queryset=MissionAcceptance.objects.select_related("accepted_by"))
                ),
            )
        )
    if activities:
        prefetches.append(
            Prefetch(
                "activities",
                queryset=Activity.objects.alive().select_related("partner").order_by("starts_on", "id"),
            )
        )
    if documents:
        prefetches.append(
            Prefetch(
                "documents",
                queryset=Document.objects.alive().prefetch_related(
                    Prefetch("versions", queryset=DocumentVersion.objects.order_by("-number"))
                ),
            )
        )
    return qs.select_related("created_by").prefetch_related(*prefetches)


def project_get_for_page(*, pk: int, include_deleted: bool = False) -> Project | None:
    """One project with everything its page shows, in a fixed number of queries."""
    return project_queryset(include_deleted=include_deleted).filter(pk=pk).first()


# Serbian is one language in two scripts: a reader of one script is served the other one transliterated.
SERBIAN_SCRIPTS = {"sr": "sr-latn", "sr-latn": "sr"}


def project_visible_for_page(*, user, pk: int) -> Project | None:
    """The project with what its page shows, or None when it does not exist or `user` may not see it (the
    caller answers 404 either way, so nobody learns that a hidden project exists)."""
    project = project_get_for_page(pk=pk)
    if project is None or not permissions.can_view_project(user, project):
        return None
    return project


def _transliterated(text: ProjectText, language: str) -> ProjectText:
    """An unsaved copy of a Serbian text in the other script (for reading only)."""
    import cyrtranslit

    if language == "sr-latn":
        converted = cyrtranslit.to_latin(text.text, "sr")
    else:
        converted = cyrtranslit.to_cyrillic(text.text, "sr")
    return ProjectText(
        project_id=text.project_id, field=text.field, language=language, text=converted, is_original=False
    )


def project_text(project, field: str, language: str | None = None) -> ProjectText | None:
    """The text in the reader's language (a Serbian text in the other script is transliterated), else the
    original, else any (uses prefetched texts)."""
    language = (language or translation.get_language() or "").lower()
    texts = [t for t in project.texts.all() if t.field == field]
    for text in texts:
        if text.language.lower() == language:
            return text
    other_script = SERBIAN_SCRIPTS.get(language)
    for text in texts:
        if other_script and text.language.lower() == other_script:
            return _transliterated(text, language)
    for wanted in (lambda t: t.is_original, lambda t: True):
        for text in texts:
            if wanted(text):
                return text
    return None


def mission_current(*, project) -> ExpertiseMission | None:
    missions = [m for m in project.missions.all() if m.deleted_at is None]
    return missions[0] if missions else None


def mission_acceptances_current(*, mission) -> list[MissionAcceptance]:
    """The acceptances of the current revision of the mission report (uses prefetched acceptances)."""
    return approvals.approvals_of(
        mission.acceptances.all(), version=mission.revision, attribute="mission_revision"
    )


def partners_missing_mission_acceptance(*, project, mission) -> list:
    """The partner authorities that have not accepted the current revision of the mission report."""
    return approvals.partners_missing(
        [p.authority for p in project.partners.all()], mission_acceptances_current(mission=mission)
    )


def programme_current(*, project) -> ProgrammeVersion | None:
    versions = list(project.programme_versions.all())
    return max(versions, key=lambda v: v.number) if versions else None


def programme_get(*, project, number: int) -> ProgrammeVersion | None:
    return next((v for v in project.programme_versions.all() if v.number == number), None)


def partners_missing_programme_approval(*, project, version) -> list:
    """The partner authorities that have not approved this programme version."""
    return approvals.partners_missing([p.authority for p in project.partners.all()], version.approvals.all())


def project_timeline(*, project, limit: int | None = None) -> QuerySet[Event]:
    """Every event about the project and what hangs on it, newest first."""
    qs = Event.objects.filter(scope=scope_key(project)).select_related("actor").order_by("-created_at", "-id")
    return qs[:limit] if limit else qs


# --- reads of the project pages (appended) -------------------------------------------------------


def _set_prefetched(instance, name: str, objects: list) -> None:
    """Fill the prefetch cache of `instance.<name>` so that `.all()` reads `objects` without a query."""
    queryset = getattr(instance, name).get_queryset()
    queryset._result_cache = list(objects)
    queryset._prefetch_done = True
    if not hasattr(instance, "_prefetched_objects_cache"):
        instance._prefetched_objects_cache = {}
    instance._prefetched_objects_cache[name] = queryset


def project_get_for_view(*, pk: int) -> Project | None:
    """`project_get_for_page` in fewer queries, for the project page and its forms.

    The participants come with their organisation in one query, and the documents with their versions
    (and who uploaded them) in one query: a document always has at least one version.
    """
    project = project_queryset(documents=False).filter(pk=pk).first()
    if project is None:
        return None
    versions = (
        DocumentVersion.objects.filter(document__project_id=project.pk, document__deleted_at__isnull=True)
        .select_related("document__uploaded_by", "uploaded_by")
        .order_by("-document__created_at", "-document_id", "-number")
    )
    documents: dict[int, Document] = {}
    grouped: dict[int, list[DocumentVersion]] = {}
    for version in versions:
        document = documents.setdefault(version.document_id, version.document)
        version.document = document
        grouped.setdefault(document.pk, []).append(version)
    for document in documents.values():
        document.project = project
        _set_prefetched(document, "versions", grouped[document.pk])
    _set_prefetched(project, "documents", list(documents.values()))
    return project


def project_comments(*, project, limit: int = 50) -> list:
    """The latest `limit` messages of the discussion, oldest first, with their authors."""
    from .models import Comment

    latest = list(
        Comment.objects.alive()
        .filter(project=project)
        .select_related("author")
        .order_by("-created_at", "-id")[:limit]
    )
    return latest[::-1]


def project_authorities_in(projects: QuerySet[Project]):
    """The partner authorities of the given projects (for a filter)."""

    return Organisation.objects.filter(
        pk__in=ProjectPartner.objects.filter(project__in=projects.values("pk")).values("authority_id")
    ).order_by("name")


def project_list_deleted(*, user) -> QuerySet[Project]:
    """Deleted projects among whose partners the user acts as an officer (to restore them)."""
    if not user.is_authenticated:
        return Project.objects.none()
    org_ids = Membership.objects.active().filter(user=user, role=Role.OFFICER).values("organisation_id")
    return (
        Project.objects.filter(deleted_at__isnull=False, partners__authority_id__in=org_ids)
        .distinct()
        .prefetch_related(
            Prefetch("partners", queryset=ProjectPartner.objects.select_related("authority")), "texts"
        )
        .order_by("-deleted_at")
    )


def project_get_deleted(*, pk: int) -> Project | None:
    return project_get_for_page(pk=pk, include_deleted=True)


def notification_list(*, user, limit: int = 100) -> list:
    from .models import Notification

    return list(
        Notification.objects.filter(user=user)
        .select_related("project")
        .prefetch_related("project__texts")
        .order_by("-created_at", "-id")[:limit]
    )


def _action_key(action: dict) -> str:
    return " ".join(str(action.get("title") or "").split()).casefold()


def programme_diff(old: dict | None, new: dict | None) -> dict:
    """What changed between two programme contents: objectives, and actions added, removed or changed.

    Actions are matched by their title (case and spaces ignored); a matched action whose other fields
    differ is "changed", with the list of (field, old, new).
    """
    old = old or {}
    new = new or {}
    old_actions = {_action_key(a): a for a in old.get("actions", [])}
    new_actions = {_action_key(a): a for a in new.get("actions", [])}
    fields = ("partner_id", "description", "starts_on", "ends_on", "expected_results")
    changed = []
    for key, action in new_actions.items():
        before = old_actions.get(key)
        if before is None:
            continue
        differences = [(f, before.get(f), action.get(f)) for f in fields if before.get(f) != action.get(f)]
        if before.get("title") != action.get("title"):
            differences.insert(0, ("title", before.get("title"), action.get("title")))
        if differences:
            changed.append({"old": before, "new": action, "fields": differences})
    return {
        "objectives_changed": (old.get("objectives") or "") != (new.get("objectives") or ""),
        "objectives_old": old.get("objectives") or "",
        "objectives_new": new.get("objectives") or "",
        "added": [a for k, a in new_actions.items() if k not in old_actions],
        "removed": [a for k, a in old_actions.items() if k not in new_actions],
        "changed": changed,
        "unchanged": [
            a for k, a in new_actions.items() if k in old_actions and not any(c["new"] is a for c in changed)
        ],
    }


def memberships_for_page(*, user, project) -> list[Membership]:
    """In ONE query: the user's own active memberships (the permission checks read them), the active
    members of every partner authority when the user edits for one (to name the responsible person and
    deputy, and each partner's people), and
    the active members of any partner expected to leave within `turnover.HORIZON_DAYS` (the turnover banner
    reads no more when nobody leaves).

    A user who edits for no partner gets only their own memberships and those announced as leaving.
    """
    from .permissions import EDITING_ROLES
    from .turnover import departing_filter

    if not user.is_authenticated:
        return []
    partner_ids = [p.authority_id for p in project.partners.all()]
    # A partner's member sees every partner's people (who acts for each, who is provisional).
    edited = (
        Membership.objects.active()
        .filter(user=user, role__in=EDITING_ROLES, organisation_id__in=partner_ids)
        .values("organisation_id")
    )
    partners_if_member = Exists(edited) & Q(organisation_id__in=partner_ids)
    return list(
        Membership.objects.active()
        .filter(Q(user=user) | partners_if_member | departing_filter(partner_ids))
        .select_related("user")
        .order_by("organisation_id", "user__full_name", "user__email", "role", "id")
    )


def organisation_search(*, q: str, exclude=(), limit: int = 10):
    """Organisations of every kind (authorities, networks, NGOs, funders) whose names start with `q`,
    in any script, by name."""

    variants = query_variants((q or "").strip()[:200])
    if not variants:
        return []
    matching = SearchTerm.objects.filter(term_match(variants)).values("organisation_id")
    return list(
        Organisation.objects.alive()
        .filter(pk__in=matching)
        .exclude(pk__in=list(exclude))
        .order_by("sort_key", "id")[:limit]
    )


def partner_people(*, project, memberships=None) -> dict[int, dict[str, list]]:
    """The active members of each partner authority (observers aside), confirmed and provisional:
    `{authority_id: {"confirmed": [...], "provisional": [...]}}`; from `memberships` when the page read
    them (`memberships_for_page`), else in one query."""
    partner_ids = [p.authority_id for p in project.partners.all()]
    people: dict[int, dict[str, list]] = {a: {"confirmed": [], "provisional": []} for a in partner_ids}
    if memberships is None:
        memberships = (
            Membership.objects.active()
            .filter(organisation_id__in=partner_ids)
            .select_related("user")
            .order_by("organisation_id", "user__full_name", "user__email", "role")
        )
    rows = [
        m
        for m in memberships
        if m.organisation_id in people and m.role != Role.OBSERVER and m.ended_at is None
    ]
    for membership in rows:
        if membership.status == MembershipStatus.CONFIRMED:
            people[membership.organisation_id]["confirmed"].append(membership)
        elif membership.project_scope == project.pk:
            people[membership.organisation_id]["provisional"].append(membership)
    return people
