"""Who may do what with funding plans, rates and transactions (the project predicates decide the rest)."""

from mostovi.projects.permissions import can_approve_for, can_edit_project


def can_edit_plan(user, project) -> bool:
    return can_edit_project(user, project)


def can_approve_plan(user, project, authority) -> bool:
    """An elected official, or an officer with delegated approval, of that partner authority."""
    partner_ids = {p.authority_id for p in project.partners.all()}
    return authority.pk in partner_ids and can_approve_for(user, authority.pk, project)


def can_record_transaction(user, project) -> bool:
    return can_edit_project(user, project)


def can_enter_rates(user, project=None) -> bool:
    """Shared exchange rates (no project) are reference data read by every plan: staff only. The rates of
    one project's plan: whoever edits that plan (and staff)."""
    if not user.is_authenticated:
        return False
    if user.is_staff:
        return True
    return project is not None and can_edit_plan(user, project)
