"""What the accounts' events say in a journal (registered with `core.events` by `AccountsConfig.ready()`)."""

from django.utils.translation import gettext as _

from mostovi.core import events

SENTENCES = {
    "account.closed": lambda: _("closed an account"),
    "api_token.created": lambda: _("created an API token"),
    "api_token.renewed": lambda: _("renewed an API token"),
    "api_token.revoked": lambda: _("revoked an API token"),
    "api_token.revoked_all": lambda: _("revoked every API token of an account"),
    "user.password_changed": lambda: _("changed a password"),
    "user.activated": lambda: _("reactivated an account"),
    "user.deactivated": lambda: _("deactivated an account"),
    "user.created_by_invitation": lambda: _("created an account by accepting an invitation"),
    "membership.started": lambda: _("added a member to an authority"),
    "membership.confirmed": lambda: _("confirmed a provisional member"),
    "membership.refused": lambda: _("refused a provisional member"),
    "membership.ended": lambda: _("ended a membership"),
    "membership.expected_end_set": lambda: _("set the expected end of a membership"),
    "membership.approval_delegated": lambda: _("allowed a member to approve for the authority"),
    "membership.approval_withdrawn": lambda: _("withdrew a member's right to approve for the authority"),
    "invitation.created": lambda: _("invited a person to join"),
    "invitation.accepted": lambda: _("accepted an invitation"),
    "join_request.created": lambda: _("asked to join an authority"),
    "join_request.accepted": lambda: _("accepted a request to join"),
    "join_request.refused": lambda: _("refused a request to join"),
}


def register() -> None:
    for kind, template in SENTENCES.items():
        events.register(kind, sentence=lambda data, template=template: template())
