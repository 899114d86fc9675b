"""Turnover ahead for templates: the project page's banner and the signed-in home page's list."""

from django import template

from mostovi.projects.selectors import project_text
from mostovi.projects.turnover import projects_with_turnover_warnings, turnover_warnings

register = template.Library()


@register.simple_tag(takes_context=True)
def project_turnover_warnings(context, project) -> list:
    """The warnings of a project for a signed-in reader (the page has checked they may view it)."""
    request = context.get("request")
    if request is None or not request.user.is_authenticated:
        return []
    return turnover_warnings(project)


@register.simple_tag(takes_context=True)
def my_turnover_projects(context) -> list[dict]:
    """The signed-in user's live partner projects with changes ahead, each with its title."""
    request = context.get("request")
    if request is None or not request.user.is_authenticated:
        return []
    rows = []
    for project, warnings in projects_with_turnover_warnings(request.user):
        title = project_text(project, "title")
        rows.append({"project": project, "title": title, "warnings": warnings})
    return rows
