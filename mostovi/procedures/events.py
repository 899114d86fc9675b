"""What the procedure board's events say on a project's timeline (registered with `core.events` by
`ProceduresConfig.ready()`)."""

from django.utils.translation import gettext as _

from mostovi.core import events

from . import catalogue

STATUS = {
    "todo": lambda: _("to do"),
    "done": lambda: _("done"),
    "not_applicable": lambda: _("not applicable"),
}


def _sentence(data: dict) -> str:
    values = events.values(data)
    step = catalogue.step_get(data.get("step", ""))
    if step is not None:
        values["title"] = step.title()  # in the reader's language
    values["status"] = STATUS.get(data.get("status", ""), lambda: data.get("status", ""))()
    return _("marked the procedure step “%(title)s” of %(name)s as %(status)s") % values


def register() -> None:
    events.register("procedure.step_updated", sentence=_sentence)
    events.register(
        "convention.approved",
        sentence=lambda data: (
            _("approved version %(version)s of the convention for %(name)s") % events.values(data)
        ),
    )
