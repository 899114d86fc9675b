"""What awaits a person: the registry of inbox providers behind the workspace home page and
`/api/v1/me/inbox`.

`core` knows no domain app: each app registers, in its `AppConfig.ready()`, a provider `provider(user)` that
returns the items waiting for that person in its own records. An item is a dict:

- `kind`: one of `KINDS` (what has to be done);
- `project_id`: the project it belongs to, or `None`;
- `title`: a sentence in the reader's language saying what to do and where;
- `url`: the page where it is done;
- `due_on`: a date, or `None`.

Overdue follow-up actions come first, then the items with a date (soonest first), then the others.
"""

from collections.abc import Callable
from datetime import date

KINDS = (
    "mission_acceptance",
    "programme_approval",
    "funding_plan_approval",
    "value_approval",
    "review_assessment",
    "review_synthesis_approval",
    "interest_received",
    "membership_request",
    "overdue_action",
    "deadline",
)

PROVIDERS: dict[str, Callable[..., list[dict]]] = {}


def inbox_provider_register(name: str, provider: Callable[..., list[dict]]) -> None:
    """Add (or replace, under the same `name`) a provider of inbox items."""
    PROVIDERS[name] = provider


def inbox_item(*, kind: str, title: str, url: str, project_id: int | None = None, due_on: date | None = None):
    if kind not in KINDS:
        raise ValueError(f"unknown inbox kind {kind!r}")
    return {"kind": kind, "project_id": project_id, "title": str(title), "url": url, "due_on": due_on}


def inbox_for(user) -> list[dict]:
    """Every item waiting for `user`, overdue actions first, then by date, then the rest."""
    if not getattr(user, "is_authenticated", False):
        return []
    items = []
    for provider in PROVIDERS.values():
        items.extend(provider(user))

    def order(item):
        overdue = item["kind"] == "overdue_action"
        due = item["due_on"]
        return (not overdue, due is None, due or date.max, item["title"])

    return sorted(items, key=order)


# How many unread notifications a person has (the header's badge on every page): the app that holds the
# notifications registers the counter (`projects`).
UNREAD_COUNTERS: dict[str, Callable[..., int]] = {}


def unread_counter_register(name: str, counter: Callable[..., int]) -> None:
    UNREAD_COUNTERS[name] = counter


def unread_count(user) -> int:
    if not getattr(user, "is_authenticated", False):
        return 0
    return sum(counter(user) for counter in UNREAD_COUNTERS.values())
