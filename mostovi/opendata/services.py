"""Writes of the open-data room: importing IATI 2.03 activities into projects."""

from dataclasses import dataclass, field

from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from mostovi.accounts.selectors import membership_list_active_for
from mostovi.core.services import event_record
from mostovi.directory.models import Organisation, OrganisationKind
from mostovi.projects import services as project_services
from mostovi.projects.exceptions import InvalidInput, NotAllowed, StaleVersion
from mostovi.projects.models import Project
from mostovi.projects.permissions import EDITING_ROLES, can_edit_project

from . import iati, iati_read
from .models import ExportSize, ImportedActivity

# The fields of a project an import may set, read from the activity.
DATE_FIELDS = ("planned_start", "actual_start", "planned_end", "actual_end")


class ImportInvalid(Exception):
    """The file is refused as a whole (not XML, not valid IATI 2.03, too large): nothing is imported."""

    def __init__(self, message: str, errors: list[str] | None = None) -> None:
        super().__init__(message)
        self.message, self.errors = message, errors or []


@dataclass
class ImportReport:
    dry_run: bool
    created: list[dict] = field(default_factory=list)
    updated: list[dict] = field(default_factory=list)
    skipped: list[dict] = field(default_factory=list)

    def as_dict(self) -> dict:
        return {
            "dry_run": self.dry_run,
            "created": self.created,
            "updated": self.updated,
            "skipped": self.skipped,
        }


class _Skip(Exception):
    pass


def _existing_project(item: iati_read.ActivityIn) -> Project | None:
    mapped = ImportedActivity.objects.filter(identifier=item.identifier).select_related("project").first()
    if mapped is not None and mapped.project.deleted_at is None:
        return mapped.project
    if item.own_project_id is not None:
        return Project.objects.alive().filter(pk=item.own_project_id).first()
    return None


def _apply(*, actor, project: Project, item: iati_read.ActivityIn) -> list[str]:
    """Bring the project's texts, dates and sectors to the activity's; the names of what changed."""
    changed: list[str] = []
    texts = {(t.field, t.language): t for t in project.texts.all()}
    for field_name, values in (("title", item.titles), ("summary", item.summaries)):
        for language, text in values.items():
            saved = texts.get((field_name, language))
            if saved is None or saved.text != text:
                project_services.project_text_set(
                    actor=actor,
                    project=project,
                    field=field_name,
                    language=language,
                    text=text,
                    revision=saved.revision if saved is not None else 0,
                )
                changed.append(f"{field_name}[{language}]")
    changes = {name: item.dates[name] for name in DATE_FIELDS if name in item.dates}
    changes = {name: value for name, value in changes.items() if getattr(project, name) != value}
    # The export gives the themes' codes when the project has none of its own: those are no change.
    if item.dac_sectors and item.dac_sectors != iati.dac_codes(project):
        changes["dac_sectors"] = item.dac_sectors
    if changes:
        project_services.project_update(actor=actor, project=project, revision=project.revision, **changes)
        changed.extend(sorted(changes))
    return changed


def _holder(*, actor, authority_id: int | None) -> list[Organisation]:
    """The authority that holds a project made from an activity naming none of the directory's: the one
    chosen, else the caller's only authority."""
    if authority_id is not None:
        return list(
            Organisation.objects.alive().filter(pk=authority_id, kind=OrganisationKind.LOCAL_AUTHORITY)
        )
    own = {
        m.organisation_id: m.organisation
        for m in membership_list_active_for(user=actor).filter(
            role__in=EDITING_ROLES,
            organisation__kind=OrganisationKind.LOCAL_AUTHORITY,
            organisation__deleted_at__isnull=True,
        )
    }
    return list(own.values()) if len(own) == 1 else []


def _create(*, actor, item: iati_read.ActivityIn, authority_id: int | None) -> Project:
    authorities = list(
        Organisation.objects.alive().filter(
            pk__in=item.organisation_ids, kind=OrganisationKind.LOCAL_AUTHORITY
        )
    )
    if not authorities:
        authorities = _holder(actor=actor, authority_id=authority_id)
    if not authorities:
        raise _Skip(
            _(
                "No authority of the directory takes part (organisations named %(prefix)s-<id>): "
                "choose the authority that will hold the project."
            )
            % {"prefix": iati.PLATFORM_PREFIX}
        )
    if not item.titles:
        raise _Skip(_("The activity has no title."))
    language = item.default_language if item.default_language in item.titles else next(iter(item.titles))
    ids = [a.pk for a in authorities]
    lead = item.reporting_org_id if item.reporting_org_id in ids else None
    try:
        return project_services.project_create(
            actor=actor, title=item.titles[language], language=language, partner_ids=ids, lead_id=lead
        )
    except NotAllowed:
        raise _Skip(_("You act for none of the partner authorities of this activity.")) from None


def _kept_changes(before: dict, after: dict) -> list[str]:
    """The tags whose kept elements differ, in the schema's order."""
    return [f"kept:{tag}" for tag in iati_read.KEPT if before.get(tag, []) != after.get(tag, [])]


def _not_kept(item: iati_read.ActivityIn) -> list[dict]:
    return [
        {"element": label, "count": count, "reason": str(iati_read.NOT_KEPT.get(label, iati_read.OTHER))}
        for label, count in item.not_kept.items()
    ]


def _import_one(*, actor, item: iati_read.ActivityIn, report: ImportReport, authority_id: int | None) -> None:
    if not item.identifier:
        raise _Skip(_("The activity has no identifier."))
    project = _existing_project(item)
    if project is not None:
        if not can_edit_project(actor, project):
            raise _Skip(_("You cannot edit project #%(id)s.") % {"id": project.pk})
        record = ImportedActivity.objects.filter(identifier=item.identifier).first()
        changed = _apply(actor=actor, project=project, item=item)
        changed += _kept_changes(record.kept if record is not None else {}, item.kept)
        if not changed:
            raise _Skip(_("Nothing changed since project #%(id)s was last written.") % {"id": project.pk})
        ImportedActivity.objects.update_or_create(
            identifier=item.identifier, defaults={"project": project, "imported_by": actor, "kept": item.kept}
        )
        report.updated.append(
            {
                "identifier": item.identifier,
                "project_id": project.pk,
                "changes": changed,
                "not_kept": _not_kept(item),
            }
        )
        return
    project = _create(actor=actor, item=item, authority_id=authority_id)
    changed = _apply(actor=actor, project=project, item=item)
    ImportedActivity.objects.create(
        identifier=item.identifier, project=project, imported_by=actor, kept=item.kept
    )
    report.created.append(
        {
            "identifier": item.identifier,
            "project_id": None if report.dry_run else project.pk,
            "title": item.titles.get(item.default_language) or next(iter(item.titles.values())),
            "partners": [p.authority_id for p in project.partners.all()],
            "set": changed,
            "kept": {tag: len(item.kept[tag]) for tag in iati_read.KEPT if tag in item.kept},
            "not_kept": _not_kept(item),
        }
    )


@transaction.atomic
def iati_import(*, actor, content: bytes, dry_run: bool, authority_id: int | None = None) -> ImportReport:
    """Create or update projects from an IATI 2.03 activities file.

    The file must be valid against the schema, else nothing is read (ImportInvalid). Each activity becomes a
    project (created when its identifier is new, with the directory's authorities it names as partners, the
    caller acting for one of them) or updates the project it came from (Mostovi's own identifiers, or one
    imported before) when the caller may edit it; what cannot be imported is skipped with the reason. An
    activity that names none of the directory's authorities is held by `authority_id` (else by the caller's
    only authority). The elements of a foreign activity that a project has no field for are kept as published
    on its `ImportedActivity` and written back by the export; the others are listed with the reason. A dry
    run does everything and then rolls back, so its report is exactly what the import would do.
    """
    if len(content) > iati_read.MAX_BYTES:
        raise ImportInvalid(_("The file is too large (5 MB at most)."))
    errors = iati.validate(content)
    if errors:
        raise ImportInvalid(_("The file is not a valid IATI 2.03 activities file."), errors[:50])
    report = ImportReport(dry_run=dry_run)
    seen: set[str] = set()
    for element in iati_read.parse(content).findall("iati-activity"):
        item = iati_read.activity(element)
        try:
            if item.identifier in seen:
                raise _Skip(_("The same identifier appears earlier in the file."))
            seen.add(item.identifier)
            # Each activity in its own savepoint: one that is skipped half-way leaves nothing behind.
            with transaction.atomic():
                _import_one(actor=actor, item=item, report=report, authority_id=authority_id)
        except _Skip as skip:
            report.skipped.append({"identifier": item.identifier, "reason": str(skip)})
        except (InvalidInput, NotAllowed, StaleVersion) as error:
            report.skipped.append({"identifier": item.identifier, "reason": str(error)})
    event_record(
        actor=actor,
        kind="iati.imported",
        target=actor,
        data={
            "dry_run": dry_run,
            "created": [c["identifier"] for c in report.created],
            "updated": [u["identifier"] for u in report.updated],
            "skipped": len(report.skipped),
        },
    )
    if dry_run:
        transaction.set_rollback(True)
    return report


def export_size_record(*, key: str, size: int) -> ExportSize:
    """Remember how many bytes an open-data file had when it was last generated in full.

    A measurement of the platform's own output, not a person's act: it has no actor and records no event
    (a download would otherwise write one), and the newest measure replaces the last.
    """
    record, _created = ExportSize.objects.update_or_create(
        key=key[:100], defaults={"size": max(0, int(size)), "measured_at": timezone.now()}
    )
    return record
