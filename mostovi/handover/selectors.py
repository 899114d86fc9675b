"""The handover pack: everything a newcomer needs about a project (or a partnership), read in a fixed
number of queries and returned as plain data (dicts, lists, strings) that the PDF and DOCX templates print.

Call the builders inside `translation.override(reader_language)`: labels, dates and amounts come out in the
reader's language. Texts written by people keep their own language; each is a dict
`{"text", "lang", "lang_label", "marked"}` where `marked` says it is not in the reader's language.

Query count: `pack_project_get` reads the project with its partners, participants, texts and programme
(6 queries); `project_pack` then reads members, story, funding plan, transactions, indicators, reviews,
actions, lessons and documents with a constant number of queries whatever the number of rows.
"""

from __future__ import annotations

from datetime import date, datetime

from django.conf import settings
from django.db.models import Prefetch
from django.urls import reverse
from django.utils import timezone, translation
from django.utils.translation import gettext as _

from mostovi.accounts.models import Membership, Role
from mostovi.core.formats import format_date, format_datetime, format_decimal
from mostovi.core.labels import unknown as unknown_label
from mostovi.directory.templatetags.directory_tags import source_items
from mostovi.evaluation.logframe.selectors import indicator_list, latest_approved
from mostovi.evaluation.logframe.values import plain
from mostovi.evaluation.models import (
    OPEN_ACTION_STATUSES,
    Assessment,
    Criterion,
    FollowUpAction,
    Lesson,
    Review,
    ReviewApproval,
    ReviewStatus,
    Score,
)
from mostovi.evaluation.reviews.selectors import current_approvals as review_current_approvals
from mostovi.funding.catalogue.texts import text as catalogue_text
from mostovi.funding.plans import selectors as plan_selectors
from mostovi.funding.plans.validation import money as plan_money
from mostovi.partnerships.models import PartnershipMember
from mostovi.projects.models import (
    DocumentCategory,
    DocumentVersion,
    Project,
    ProjectPartner,
)
from mostovi.projects.selectors import (
    partners_missing_programme_approval,
    programme_current,
    project_list_visible_to,
    project_queryset,
    project_text,
    project_timeline,
)
from mostovi.projects.templatetags.project_tags import country_name, event_entry, language_label

# The roles listed under each partner (besides the responsible person and the deputy).
LISTED_ROLES = (Role.OFFICER, Role.ELECTED)

# Events that tell the story of a project: phases, decisions, who took over. Other events (edits,
# uploads, messages) stay on the project's timeline.
STORY_KINDS = (
    "project.created",
    "project.phase_changed",
    "project.partner_added",
    "project.roles_set",
    "mission.recorded",
    "mission.accepted",
    "programme.version_created",
    "programme.approved",
    "funding_plan.version_created",
    "funding_plan.approved",
    "funding.change_accepted",
    "responsibility.moved",
    "evaluation.review_schedule_set",
    "evaluation.review_created",
    "evaluation.assessment_submitted",
    "evaluation.review_approved",
    "evaluation.action_created",
    "evaluation.action_status_changed",
    "evaluation.lesson_recorded",
)


# --- small helpers --------------------------------------------------------------------------------


def reader_language() -> str:
    return translation.get_language() or settings.LANGUAGE_CODE


def _language_label(code: str) -> str:
    return language_label(code)


def original(text: str | None, language: str | None) -> dict:
    """A text written by people, with its language and whether it differs from the reader's."""
    language = (language or "").strip()
    reader = reader_language().lower()
    marked = bool(text) and bool(language) and language.lower() != reader
    return {
        "text": text or "",
        "lang": language,
        "lang_label": _language_label(language) if language else "",
        "marked": marked,
    }


def day(value: date | datetime | None) -> str:
    if value is None:
        return ""
    if isinstance(value, datetime):
        value = timezone.localtime(value) if timezone.is_aware(value) else value
        return format_date(value)
    return format_date(value)


def number(value) -> str:
    if value is None:
        return ""
    return format_decimal(plain(value), -6)


def money(value) -> str:
    return "" if value is None else plan_money(value)


def person(membership: Membership | None) -> dict | None:
    if membership is None:
        return None
    return {
        "name": str(membership.user),
        "email": membership.user.email,
        "role": str(membership.get_role_display()),
        "left": membership.ended_at is not None,
        "expected_end_on": day(membership.expected_end_on),
    }


def absolute(path: str) -> str:
    return settings.SITE_URL.rstrip("/") + path


# --- the project ----------------------------------------------------------------------------------


def pack_project_get(*, pk: int) -> Project | None:
    """The live project with what the pack and the permission check read (6 queries)."""
    return project_queryset(missions=False, activities=False, documents=False).filter(pk=pk).first()


def _partners(project, actions: list[dict]) -> list[dict]:
    partner_ids = [p.authority_id for p in project.partners.all()]
    members: dict[int, list] = {}
    for m in (
        Membership.objects.active()
        .filter(organisation_id__in=partner_ids, role__in=LISTED_ROLES)
        .select_related("user")
        .order_by("organisation_id", "role", "user__full_name", "user__email", "id")
    ):
        members.setdefault(m.organisation_id, []).append(m)
    rows = []
    for partner in project.partners.all():
        authority = partner.authority
        named = {partner.responsible_id, partner.deputy_id}
        rows.append(
            {
                "id": authority.pk,
                "name": str(authority),
                "country": authority.country,
                "country_name": _country_name(authority.country),
                "is_lead": partner.is_lead,
                "responsible": person(partner.responsible),
                "deputy": person(partner.deputy),
                "officers": [person(m) for m in members.get(authority.pk, []) if m.pk not in named],
                "next_elections_on": day(authority.next_elections_on),
                "open_actions": [a for a in actions if a["owner_authority_id"] == authority.pk],
            }
        )
    return rows


def _country_name(code: str) -> str:
    return country_name(code)


def _story(project) -> list[dict]:
    events = project_timeline(project=project).filter(kind__in=STORY_KINDS).order_by("created_at", "id")
    story = []
    for event in events:
        entry = event_entry(event)
        text = entry["text"]
        story.append(
            {
                "on": day(event.created_at),
                "who": str(event.actor) if event.actor else _("the platform"),
                "text": str(text),
                "changes": [
                    {"label": str(label), "old": str(old or ""), "new": str(new or "")}
                    for label, old, new in entry["changes"]
                ],
            }
        )
    return story


def _programme(project) -> dict | None:
    version = programme_current(project=project)
    if version is None:
        return None
    partner_names = {p.authority_id: str(p.authority) for p in project.partners.all()}
    language = _programme_language(project)
    content = version.content or {}
    return {
        "number": version.number,
        "created_on": day(version.created_at),
        "created_by": str(version.created_by),
        "objectives": original(content.get("objectives") or "", language),
        "actions": [
            {
                "title": original(a.get("title") or "", language),
                "partner": partner_names.get(a.get("partner_id"), ""),
                "starts_on": _iso_day(a.get("starts_on")),
                "ends_on": _iso_day(a.get("ends_on")),
            }
            for a in content.get("actions", [])
        ],
        "approvals": [
            {"authority": str(a.authority), "by": str(a.approved_by), "on": day(a.approved_at)}
            for a in sorted(version.approvals.all(), key=lambda a: (a.approved_at, a.pk))
        ],
        "missing": [str(a) for a in partners_missing_programme_approval(project=project, version=version)],
    }


def _programme_language(project) -> str:
    title = next((t for t in project.texts.all() if t.field == "title" and t.is_original), None)
    return title.language if title else ""


def _iso_day(value) -> str:
    if not value:
        return ""
    try:
        return day(date.fromisoformat(str(value)))
    except ValueError:
        return str(value)


def _funding(project) -> dict | None:
    state = plan_selectors.plan_state(project=project)
    transactions = plan_selectors.transaction_list(project=project)
    if state.version is None and not transactions:
        return None
    plan = None
    if state.version is not None:
        totals = state.totals
        own = sum(totals.own.values()) if totals else None
        if state.problems:
            status = _("Not balanced")
        elif state.missing_approvals:
            status = _("Awaiting approval")
        else:
            status = _("Approved by every partner")
        plan = {
            "number": state.version.number,
            "rate_date": day(state.version.rate_date),
            "status": status,
            "problems": [str(p) for p in state.problems],
            "lines": [
                {
                    "category": str(line.get_category_display()),
                    "label": line.label,
                    "partner": str(line.partner),
                    "amount": money(line.amount),
                    "currency": line.currency,
                    "eur": money(eur),
                }
                for line, eur in state.lines
            ],
            "sources": [
                {
                    "kind": str(source.get_kind_display()),
                    "instrument": catalogue_text(source.instrument) if source.instrument_id else "",
                    "partner": str(source.partner),
                    "amount": money(source.amount),
                    "currency": source.currency,
                    "eur": money(eur),
                }
                for source, eur in state.sources
            ],
            "costs_eur": money(totals.costs) if totals else "",
            "sources_eur": money(totals.sources) if totals else "",
            "own_eur": money(own) if own is not None else "",
            "own_percent": (
                number(round(own * 100 / totals.costs, 1))
                if totals and totals.costs and own is not None
                else ""
            ),
            "approvals": [
                {"authority": str(a.authority), "by": str(a.approved_by), "on": day(a.approved_at)}
                for a in state.version.approvals.all()
            ],
            "missing": [str(a) for a in state.missing_approvals],
        }
    totals_by_type: dict[tuple, object] = {}
    for t in transactions:
        key = (str(t.get_type_display()), t.currency)
        totals_by_type[key] = totals_by_type.get(key, 0) + t.amount
    return {
        "plan": plan,
        "transactions": [
            {
                "date": day(t.date),
                "type": str(t.get_type_display()),
                "amount": money(t.amount),
                "currency": t.currency,
                "provider": str(t.provider) if t.provider_id else "",
                "receiver": str(t.receiver) if t.receiver_id else "",
                "description": t.description,
            }
            for t in transactions
        ],
        "transaction_totals": [
            {"type": kind, "currency": currency, "amount": money(amount)}
            for (kind, currency), amount in sorted(totals_by_type.items())
        ],
    }


def _value_text(value, text: str, unit: str = "") -> str:
    if value is None:
        return text or ""
    shown = number(value)
    return f"{shown} {unit}".strip() if unit else shown


def _indicators(project) -> list[dict]:
    rows = []
    for indicator in indicator_list(project=project):
        targets = list(indicator.targets.all())
        target = targets[-1] if targets else None
        latest = latest_approved(indicator)
        result = indicator.result
        rows.append(
            {
                "level": str(result.get_level_display()),
                "result": original(result.title, result.language),
                "title": original(indicator.title, result.language),
                "measure": str(indicator.get_measure_display()),
                "unit": indicator.unit,
                "baseline": _value_text(indicator.baseline_value, indicator.baseline_text, indicator.unit),
                "baseline_date": day(indicator.baseline_date),
                "target": _value_text(target.value, target.value_text, indicator.unit) if target else "",
                "target_date": day(target.period_end) if target else "",
                "latest": _value_text(latest.value, latest.value_text, indicator.unit) if latest else "",
                "latest_period": (f"{day(latest.period_start)} – {day(latest.period_end)}" if latest else ""),
                "reporting_partner": str(indicator.reporting_partner),
            }
        )
    return rows


def _reviews(project) -> list[dict]:
    reviews = (
        Review.objects.alive()
        .filter(project=project)
        .prefetch_related(
            Prefetch(
                "assessments",
                queryset=Assessment.objects.select_related("authority").prefetch_related(
                    Prefetch("scores", queryset=Score.objects.order_by("id"))
                ),
            ),
            Prefetch(
                "approvals",
                queryset=ReviewApproval.objects.select_related("authority", "approved_by").order_by(
                    "approved_at", "id"
                ),
            ),
        )
        .order_by("period_start", "id")
    )
    criteria = list(Criterion)
    rows = []
    for review in reviews:
        # Scores stay hidden while the partners are still scoring (each scores without seeing the others').
        revealed = review.status != ReviewStatus.SCORING
        scores = []
        if revealed:
            for assessment in sorted(review.assessments.all(), key=lambda a: str(a.authority)):
                if assessment.submitted_at is None:
                    continue
                by_criterion = {s.criterion: s.score for s in assessment.scores.all()}
                scores.append(
                    {
                        "authority": str(assessment.authority),
                        "values": [str(by_criterion.get(c.value, "—")) for c in criteria],
                    }
                )
        current_approvals = review_current_approvals(review)
        rows.append(
            {
                "period": f"{day(review.period_start)} – {day(review.period_end)}",
                "is_final": review.is_final,
                "status": str(review.get_status_display()),
                "summary": original(review.summary, review.language),
                "synthesis": original(review.synthesis, review.synthesis_language or review.language),
                "revealed": revealed,
                "scores": scores,
                "approvals": [
                    {"authority": str(a.authority), "by": str(a.approved_by), "on": day(a.approved_at)}
                    for a in current_approvals
                ],
                "completed_on": day(review.completed_at),
            }
        )
    return rows


def _actions(project, today: date) -> list[dict]:
    actions = (
        FollowUpAction.objects.alive()
        .filter(project=project, status__in=OPEN_ACTION_STATUSES)
        .select_related("owner__user", "owner_authority", "review")
        .order_by("due_on", "id")
    )
    return [
        {
            "title": original(a.title, a.language),
            "description": original(a.description, a.language),
            "owner": str(a.owner.user) if a.owner_id else "",
            "owner_role": str(a.owner.get_role_display()) if a.owner_id else "",
            "owner_authority": str(a.owner_authority),
            "owner_authority_id": a.owner_authority_id,
            "due_on": day(a.due_on),
            "overdue": a.due_on < today,
            "status": str(a.get_status_display()),
            "review": f"{day(a.review.period_start)} – {day(a.review.period_end)}" if a.review_id else "",
        }
        for a in actions
    ]


def _lessons(project) -> list[dict]:
    lessons = (
        Lesson.objects.alive()
        .filter(project=project)
        .select_related("authority")
        .order_by("created_at", "id")
    )
    return [
        {
            "title": original(lesson.title, lesson.language),
            "text": original(lesson.text, lesson.language),
            "authority": str(lesson.authority),
            "at_closing": lesson.at_closing,
            "on": day(lesson.created_at),
        }
        for lesson in lessons
    ]


def _documents(project) -> list[dict]:
    versions = (
        DocumentVersion.objects.filter(document__project_id=project.pk, document__deleted_at__isnull=True)
        .select_related("document")
        .order_by("-document__created_at", "-document_id", "-number")
    )
    rows = []
    seen = set()
    for version in versions:
        document = version.document
        if document.pk in seen:
            continue
        seen.add(document.pk)
        try:
            category = str(DocumentCategory(document.category).label)
        except ValueError:
            category = unknown_label()
        path = reverse(
            "projects:document_download",
            kwargs={"pk": project.pk, "document_pk": document.pk, "number": version.number},
        )
        rows.append(
            {
                "title": original(document.title, document.language),
                "category": category,
                "version": version.number,
                "filename": version.filename,
                "on": day(version.uploaded_at),
                "url": absolute(path),
            }
        )
    return rows


def project_pack(*, project, today: date | None = None) -> dict:
    """The handover pack of one project (the project read by `pack_project_get`)."""
    today = today or timezone.localdate()
    title = project_text(project, "title")
    summary = project_text(project, "summary")
    actions = _actions(project, today)
    return {
        "id": project.pk,
        "title": original(title.text if title else f"#{project.pk}", title.language if title else ""),
        "summary": original(summary.text if summary else "", summary.language if summary else ""),
        "phase": str(project.get_phase_display()),
        "is_draft": project.is_draft,
        "planned": f"{day(project.planned_start)} – {day(project.planned_end)}"
        if project.planned_start or project.planned_end
        else "",
        "actual": f"{day(project.actual_start)} – {day(project.actual_end)}"
        if project.actual_start or project.actual_end
        else "",
        "url": absolute(reverse("projects:detail", kwargs={"pk": project.pk})),
        "partners": _partners(project, actions),
        "participants": [
            {"name": str(p.organisation), "role": str(p.get_role_display())}
            for p in project.participants.all()
        ],
        "story": _story(project),
        "programme": _programme(project),
        "funding": _funding(project),
        "indicators": _indicators(project),
        "reviews": _reviews(project),
        "criteria": [str(c.label) for c in Criterion],
        "actions": actions,
        "overdue_count": sum(1 for a in actions if a["overdue"]),
        "lessons": _lessons(project),
        "documents": _documents(project),
    }


def pack_meta(*, user=None) -> dict:
    """What the header of every pack says: when, in which language, for whom."""
    language = reader_language()
    return {
        "generated_on": day(timezone.now()),
        "generated_at": format_datetime(timezone.now()),
        "language": language,
        "language_label": _language_label(language),
        "reader": str(user) if user is not None and getattr(user, "is_authenticated", False) else "",
    }


# --- the partnership ------------------------------------------------------------------------------


def partnership_projects(*, partnership, user) -> list[Project]:
    """The live projects the user may see whose partners include every authority of the partnership."""
    member_ids = [m.authority_id for m in partnership.members.all()]
    if not member_ids:
        return []
    qs = project_list_visible_to(user=user)
    for authority_id in member_ids:
        qs = qs.filter(pk__in=ProjectPartner.objects.filter(authority_id=authority_id).values("project_id"))
    ids = list(qs.order_by("planned_start", "id").values_list("pk", flat=True))
    projects = [pack_project_get(pk=pk) for pk in ids]
    return [p for p in projects if p is not None]


def partnership_pack(*, partnership, user, today: date | None = None) -> dict:
    members = list(
        PartnershipMember.objects.filter(partnership=partnership)
        .select_related("authority")
        .order_by("authority__country", "authority__sort_key")
    )
    since = day(partnership.signed_on) if partnership.signed_on else (partnership.since_year or "")
    projects = [
        project_pack(project=p, today=today) for p in partnership_projects(partnership=partnership, user=user)
    ]
    return {
        "id": partnership.pk,
        "name": " – ".join(str(m.authority) for m in members),
        "partners": [
            {
                "name": str(m.authority),
                "country": m.authority.country,
                "country_name": _country_name(m.authority.country),
            }
            for m in members
        ],
        "kind": str(partnership.get_kind_display()),
        "status": str(partnership.get_status_display()),
        "since": str(since),
        "renewed_on": day(partnership.renewed_on),
        "ends_on": day(partnership.ends_on),
        "note": partnership.note,
        "sources": [
            {"title": str(s.get("title") or s.get("url") or ""), "url": s.get("url") or ""}
            for s in source_items(partnership.sources)
        ],
        "url": absolute(reverse("partnerships:detail", kwargs={"pk": partnership.pk})),
        "projects": projects,
    }
