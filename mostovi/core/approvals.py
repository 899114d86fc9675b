"""One building block for "a versioned text approved by every partner".

Five records have this shape: the expertise mission report (accepted by each partner, `revision`), the
programme of intervention choices (`ProgrammeVersion.number`), the funding plan (`FundingPlanVersion.number`),
the joint synthesis of a review (`Review.synthesis_version`) and the generated
convention (`procedures.ConventionApproval`).
Each is a text that changes by versions; an approval names the version it approves, and only the approvals of
the current version count.

The rules written here, once:

- an approver says which version they read (`read`); a missing version is invalid input (422) and a version
  that is no longer the current one is a conflict (409): nobody approves a text they have not seen;
- approving the same version twice is harmless (the first approval stands), except that an approval that
  does not count (given by a provisional member, not confirmed or refused) gives its place to the next one;
- the partners still missing are the required authorities, in their order, without an approval of the
  current version.

The block knows no domain app: each service hands it the exceptions of its own vocabulary (`ApprovalErrors`),
the current version, the approvals already given and how to create a new one. Services call
`approval_give` under their own lock (the project's or the review's row), so that the check and the write see
the same version.
"""

from collections.abc import Callable, Iterable
from typing import Any, NamedTuple, TypeVar

from django.utils.translation import gettext as _

A = TypeVar("A")


class ApprovalErrors(NamedTuple):
    """The exceptions a service raises through the block.

    `stale(message, current=..., submitted=...)` is the app's conflict (409) and gets a `current_version`
    attribute; `invalid(message)` is the app's invalid input (422).
    """

    stale: Callable[..., Exception]
    invalid: Callable[[str], Exception]


def approval_check_version(
    *,
    current: int,
    read: Any,
    errors: ApprovalErrors,
    current_content: Any = None,
    stale_message: str | None = None,
) -> None:
    """Refuse an approval whose `read` version is missing (invalid) or not `current` (stale).

    `stale_message` names the text for the reader (a generic sentence otherwise). The stale error carries
    `current_version` (to send back after reading), the saved content when given (`current`) and what was
    sent (`submitted`).
    """
    if read is None or isinstance(read, bool) or not isinstance(read, int):
        raise errors.invalid(_("Say which version you approve: send the version you read."))
    if read != current:
        generic = _(
            "Version %(current)s was saved after the version %(read)s you read: read it before approving."
        )
        error = errors.stale(
            stale_message or generic % {"current": current, "read": read},
            current=current_content,
            submitted={"version": read},
        )
        error.current_version = current
        raise error


def approvals_of(approvals: Iterable[A], *, version: int, attribute: str) -> list[A]:
    """The approvals given to `version`, for records where each approval names its version in `attribute`
    (uses what is prefetched)."""
    return [a for a in approvals if getattr(a, attribute) == version]


# Who acts for an authority is an account fact: `accounts` registers here (in its `ready()`) the reader of
# the approvers whose acts do not count yet: `reader(pairs)` takes `(user_id, authority_id)` pairs and
# returns those whose acceptances and approvals are recorded but not counted (a provisional membership,
# until it is confirmed).
UNCOUNTED_APPROVERS: list[Callable[[set], set]] = []


def uncounted_approvers_register(reader: Callable[[set], set]) -> None:
    if reader not in UNCOUNTED_APPROVERS:
        UNCOUNTED_APPROVERS.append(reader)


def approver_id(approval) -> int | None:
    """The user who gave an approval (`approved_by` or, for the mission report, `accepted_by`)."""
    for attribute in ("approved_by_id", "accepted_by_id"):
        if hasattr(approval, attribute):
            return getattr(approval, attribute)
    return None


def approvals_uncounted(approvals: Iterable) -> set:
    """The `(user_id, authority_id)` pairs among `approvals` that do not count yet."""
    pairs = {(approver_id(a), a.authority_id) for a in approvals}
    uncounted: set = set()
    for reader in UNCOUNTED_APPROVERS:
        uncounted |= reader(pairs)
    return uncounted


def approvals_counted(approvals: Iterable[A]) -> list[A]:
    """The approvals that count: those of a provisional member wait for the membership's confirmation."""
    approvals = list(approvals)
    uncounted = approvals_uncounted(approvals)
    return [a for a in approvals if (approver_id(a), a.authority_id) not in uncounted]


def partners_missing(required_authorities: Iterable, approvals: Iterable) -> list:
    """The required authorities (in their order) that no counted approval among `approvals` comes from.

    `approvals` are the approvals of the current version only (objects with `authority_id`); an approval
    given by a provisional member is recorded but does not count until the membership is confirmed.
    """
    approved = {a.authority_id for a in approvals_counted(approvals)}
    return [authority for authority in required_authorities if authority.pk not in approved]


def approval_give(
    *,
    current: int,
    read: Any,
    authority,
    approvals: Iterable[A],
    create: Callable[[], A],
    errors: ApprovalErrors,
    current_content: Any = None,
    stale_message: str | None = None,
) -> tuple[A, bool]:
    """Check the version read, then return `(approval, created)`: the authority's approval of the current
    version if it exists, else the one `create()` makes.

    `approvals` are those of the current version. The caller has checked who may approve and holds the lock.
    """
    approval_check_version(
        current=current,
        read=read,
        errors=errors,
        current_content=current_content,
        stale_message=stale_message,
    )
    existing = next((a for a in approvals if a.authority_id == authority.pk), None)
    if existing is not None and not approvals_uncounted([existing]):
        return existing, False
    if existing is not None:
        # Given by a provisional member whose membership is not (or will never be) confirmed: it does not
        # count, so it gives its place to this approval. The journal keeps the event of the first one.
        existing.delete()
    return create(), True
