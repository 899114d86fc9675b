"""The one error vocabulary of the services, and what each word means to a client.

A service raises one of these (or an app's subclass of one); the API answers them in one place
(`core.api`'s exception handler) and the pages through `core.http`:

- `NotAllowed`: API 403 `{"detail"}`; page 403 with the reason.
- `InvalidInput`: API 422 `{"detail"}` (+ `errors` when the error lists its reasons); page: a form error.
- `Conflict` (a stale version, a gate not met, a wrong status): API 409 `{"detail"}` + what the subclass
  adds; page: a 409 page or a message.
- `NotFound`: API 404 `{"detail"}`; page 404.

Each app's `exceptions.py` re-exports these names (or subclasses them), so `projects.exceptions.NotAllowed`
and `exchange.exceptions.NotAllowed` are the same class and a caller catches either.
"""


class ServiceError(Exception):
    """Base of every refusal a service explains; `status` is the HTTP status it maps to."""

    status = 400

    def payload(self) -> dict:
        """What the API answers besides `detail` (subclasses add their own keys)."""
        return {}


class NotAllowed(ServiceError):
    """The actor may not do this (403)."""

    status = 403


class NotFound(ServiceError):
    """The record does not exist, or not for this actor (404)."""

    status = 404


class InvalidInput(ServiceError):
    """The data cannot be accepted as given (422); the message says why, in the request's language.

    `errors` lists every reason when there are several (the API then answers them in `errors`); `field`
    names the form field the message belongs to, when known. A subclass with `lists_reasons = True` always
    answers `errors` (the message itself when no list was given): the clients of those endpoints read it.
    """

    status = 422
    lists_reasons = False

    def __init__(self, message: str = "", *, errors: list | None = None, field: str = ""):
        self.field = field
        if errors is not None:
            self.errors = list(errors)
        elif getattr(self, "errors", None) is None:  # a subclass may have set its list first
            self.errors = [message] if self.lists_reasons else None
        super().__init__(message)

    def payload(self) -> dict:
        errors = getattr(self, "errors", None)
        return {"errors": [str(e) for e in errors]} if errors is not None else {}


class Conflict(ServiceError):
    """The request meets a state that forbids it now: someone saved first, a gate is closed, the record is
    not in a status that allows the step (409)."""

    status = 409


class StaleVersion(Conflict):
    """Someone saved first (409); carries what they saved and what was sent, so nothing typed is lost."""

    def __init__(self, message: str = "", *, current=None, submitted=None, **extra):
        self.current = current
        self.submitted = submitted
        for name, value in extra.items():
            setattr(self, name, value)
        super().__init__(message)

    def payload(self) -> dict:
        body = {"current": self.current, "submitted": self.submitted}
        if hasattr(self, "current_version"):
            body["current_version"] = self.current_version
        return body


class GateNotMet(Conflict):
    """A lifecycle gate is closed (409); `reasons` lists every unmet condition, first one first."""

    def __init__(self, reasons: list[str]):
        self.reasons = reasons
        super().__init__(reasons[0] if reasons else "")

    def payload(self) -> dict:
        return {"errors": [str(r) for r in self.reasons]}


class WrongStatus(Conflict):
    """The record is not in a status that allows this step (409)."""
