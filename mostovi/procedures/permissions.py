"""Who may see and change a project's procedure board. Each predicate takes the user first."""

from mostovi.projects.permissions import EDITING_ROLES, _memberships, can_view_project


def can_view_procedure(user, project) -> bool:
    """Whoever sees the project sees where each partner stands."""
    return can_view_project(user, project)


def can_update_step(user, project, authority_id: int) -> bool:
    """An officer, elected official or technical member of that partner authority: each side records its
    own steps only."""
    partner_ids = {p.authority_id for p in project.partners.all()}
    return authority_id in partner_ids and any(
        m.organisation_id == authority_id and m.role in EDITING_ROLES for m in _memberships(user)
    )


def own_partner_authorities(user, project) -> list[int]:
    """The partner authorities whose steps `user` may record."""
    return sorted(
        p.authority_id for p in project.partners.all() if can_update_step(user, project, p.authority_id)
    )
