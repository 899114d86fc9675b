"""The evaluation app raises the projects' exceptions (NotAllowed → 403, InvalidInput → 422,
StaleVersion → 409) and one more."""

from mostovi.projects.exceptions import InvalidInput, NotAllowed, StaleVersion


class WrongStatus(Exception):
    """The value is not in a status that allows this step (409)."""


__all__ = ["InvalidInput", "NotAllowed", "StaleVersion", "WrongStatus"]
