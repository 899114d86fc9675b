"""How django-allauth writes passwords for Mostovi: through the accounts services."""

from allauth.account.adapter import DefaultAccountAdapter

from . import services


class AccountAdapter(DefaultAccountAdapter):
    def set_password(self, user, password: str) -> None:
        # Change, set and reset all come here: the service also revokes the person's API tokens.
        services.user_password_set(user=user, password=password, actor=user)
