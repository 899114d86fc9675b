"""Every write about funding plans, exchange rates, transactions and the calendar.

Each service checks its own permission, runs atomically and leaves an event on the project's timeline.
The errors are the projects' ones: `NotAllowed` (403), `GateNotMet` (409), `StaleVersion` (409, with what is
saved and what was sent), `InvalidInput` (422, always listing its reasons in `errors`: the plan's clients read
them line by line); `PlanInvalid` is an `InvalidInput` listing every error.
"""

from .calendar import (
    calendar_reminders_set,
    calendar_token_regenerate,
    calendar_token_revoke,
)
from .common import (
    APPROVAL_ERRORS,
    MAX_IMPORT_LINES,
    MAX_RATE_UNITS,
    MAX_REMINDER_DAYS,
    MAX_ROWS,
    InvalidInput,
    PlanInvalid,
)
from .plan import (
    plan_approve,
    plan_check_input,
    plan_update,
)
from .rates import (
    exchange_rate_set,
    exchange_rates_import,
)
from .transactions import (
    transaction_record,
)

__all__ = [
    "APPROVAL_ERRORS",
    "MAX_IMPORT_LINES",
    "MAX_RATE_UNITS",
    "MAX_REMINDER_DAYS",
    "MAX_ROWS",
    "InvalidInput",
    "PlanInvalid",
    "calendar_reminders_set",
    "calendar_token_regenerate",
    "calendar_token_revoke",
    "exchange_rate_set",
    "exchange_rates_import",
    "plan_approve",
    "plan_check_input",
    "plan_update",
    "transaction_record",
]
