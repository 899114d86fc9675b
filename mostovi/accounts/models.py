"""People, the organisations they act for, invitations and API tokens."""

import hashlib
import secrets
from datetime import timedelta

from django.conf import settings
from django.contrib.auth.models import AbstractUser, BaseUserManager
from django.db import models
from django.db.models import Q
from django.utils import timezone
from django.utils.translation import get_language
from django.utils.translation import gettext_lazy as _
from simple_history.models import HistoricalRecords

from mostovi.core.scripts import for_reader


class UserManager(BaseUserManager):
    use_in_migrations = True

    def _create_user(self, email, password, **extra_fields):
        if not email:
            raise ValueError("An e-mail address is required.")
        user = self.model(email=self.normalize_email(email).lower(), **extra_fields)
        user.set_password(password)
        user.save(using=self._db)
        return user

    def create_user(self, email, password=None, **extra_fields):
        extra_fields.setdefault("is_staff", False)
        extra_fields.setdefault("is_superuser", False)
        return self._create_user(email, password, **extra_fields)

    def create_superuser(self, email, password=None, **extra_fields):
        extra_fields.setdefault("is_staff", True)
        extra_fields.setdefault("is_superuser", True)
        return self._create_user(email, password, **extra_fields)


class User(AbstractUser):
    """A person; signs in with an e-mail address."""

    username = None
    first_name = None
    last_name = None
    email = models.EmailField(_("e-mail address"), unique=True)
    full_name = models.CharField(_("full name"), max_length=200, blank=True)
    preferred_language = models.CharField(_("preferred language"), max_length=10, blank=True)

    USERNAME_FIELD = "email"
    REQUIRED_FIELDS: list[str] = []
    objects = UserManager()

    class Meta:
        verbose_name = _("user")
        verbose_name_plural = _("users")

    def __str__(self) -> str:
        # A person's name in the reader's script (Милица Петровић is Milica Petrović in Serbian Latin).
        if not self.full_name:
            return self.email
        return for_reader(self.full_name, self.preferred_language, get_language())

    def get_full_name(self) -> str:
        return self.full_name or self.email

    def get_short_name(self) -> str:
        return self.full_name.split(" ")[0] if self.full_name else self.email


class Role(models.TextChoices):
    OFFICER = "officer", _("International-relations officer")
    ELECTED = "elected", _("Elected official")
    TECHNICAL = "technical", _("Technical staff")
    COORDINATOR = "coordinator", _("Network coordinator")
    OBSERVER = "observer", _("Observer")


class MembershipStatus(models.TextChoices):
    CONFIRMED = "confirmed", _("confirmed")
    # Invited by a project partner: acts for the authority in that project only, and its approvals count
    # once the membership is confirmed by the authority, one of its networks' coordinators or staff.
    PROVISIONAL = "provisional", _("provisional")
    REFUSED = "refused", _("refused")


class MembershipQuerySet(models.QuerySet):
    def active(self):
        return self.filter(ended_at__isnull=True)

    def confirmed(self):
        return self.filter(ended_at__isnull=True, status=MembershipStatus.CONFIRMED)


class Membership(models.Model):
    """A user acting for an organisation in a role. Ending it keeps the record."""

    user = models.ForeignKey(User, on_delete=models.PROTECT, related_name="memberships")
    organisation = models.ForeignKey(
        "directory.Organisation", on_delete=models.PROTECT, related_name="memberships"
    )
    role = models.CharField(_("role"), max_length=20, choices=Role.choices)
    can_approve = models.BooleanField(
        _("approval delegated"),
        default=False,
        help_text=_("An officer to whom the authority delegated the approval of decisions."),
    )
    started_at = models.DateTimeField(_("since"), default=timezone.now)
    ended_at = models.DateTimeField(_("until"), null=True, blank=True)
    # When the member is expected to leave (end of an elected mandate, of a contract); announced to partners.
    expected_end_on = models.DateField(_("expected to leave on"), null=True, blank=True)
    status = models.CharField(
        _("status"), max_length=20, choices=MembershipStatus.choices, default=MembershipStatus.CONFIRMED
    )
    # A provisional membership acts in this project only (the id of a `projects.Project`: accounts does not
    # know projects). Empty for a confirmed membership.
    project_scope = models.PositiveIntegerField(_("project it was invited to"), null=True, blank=True)
    confirmed_by = models.ForeignKey(User, null=True, blank=True, on_delete=models.PROTECT, related_name="+")
    confirmed_at = models.DateTimeField(_("confirmed at"), null=True, blank=True)
    refusal_reason = models.TextField(_("why it was refused"), blank=True)
    history = HistoricalRecords()

    objects = MembershipQuerySet.as_manager()

    class Meta:
        verbose_name = _("membership")
        verbose_name_plural = _("memberships")
        ordering = ["organisation_id", "role", "started_at"]
        constraints = [
            models.UniqueConstraint(
                fields=["user", "organisation", "role"],
                condition=Q(ended_at__isnull=True),
                name="one_active_membership_per_role",
            ),
            models.CheckConstraint(
                condition=Q(ended_at__isnull=True) | Q(ended_at__gte=models.F("started_at")),
                name="membership_ends_after_it_starts",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.user} — {self.get_role_display()} — {self.organisation}"

    @property
    def is_active(self) -> bool:
        return self.ended_at is None

    @property
    def is_provisional(self) -> bool:
        return self.status == MembershipStatus.PROVISIONAL

    def usable_in_project(self, project_id: int | None) -> bool:
        """A confirmed membership acts everywhere; a provisional one in the project it was invited to."""
        if self.status == MembershipStatus.CONFIRMED:
            return True
        return (
            self.status == MembershipStatus.PROVISIONAL
            and project_id is not None
            and (self.project_scope == project_id)
        )


def _token_digest(raw: str) -> str:
    return hashlib.sha256(raw.encode()).hexdigest()


class Invitation(models.Model):
    """An e-mailed link that lets a person join an organisation in a role."""

    VALIDITY_DAYS = 14

    organisation = models.ForeignKey(
        "directory.Organisation", on_delete=models.PROTECT, related_name="invitations"
    )
    email = models.EmailField(_("e-mail address"))
    role = models.CharField(_("role"), max_length=20, choices=Role.choices)
    invited_by = models.ForeignKey(User, on_delete=models.PROTECT, related_name="+")
    token_digest = models.CharField(max_length=64, unique=True, editable=False)
    created_at = models.DateTimeField(auto_now_add=True)
    expires_at = models.DateTimeField()
    accepted_at = models.DateTimeField(null=True, blank=True)
    accepted_by = models.ForeignKey(User, null=True, blank=True, on_delete=models.PROTECT, related_name="+")
    revoked_at = models.DateTimeField(null=True, blank=True)
    # Sent by a partner of this project (a `projects.Project` id): accepting it gives a provisional
    # membership.
    project_scope = models.PositiveIntegerField(null=True, blank=True)
    language = models.CharField(_("language of the e-mail"), max_length=10, blank=True)

    class Meta:
        verbose_name = _("invitation")
        verbose_name_plural = _("invitations")
        ordering = ["-created_at"]

    def __str__(self) -> str:
        return f"{self.email} → {self.organisation} ({self.role})"

    @staticmethod
    def digest(raw: str) -> str:
        return _token_digest(raw)

    @property
    def is_open(self) -> bool:
        return self.accepted_at is None and self.revoked_at is None and self.expires_at > timezone.now()


class JoinRequest(models.Model):
    """A person asks to act for an authority of the directory in a role; decided by its confirmed officers,
    else the coordinators of its networks, else staff."""

    class Status(models.TextChoices):
        PENDING = "pending", _("waiting for a decision")
        ACCEPTED = "accepted", _("accepted")
        REFUSED = "refused", _("refused")

    user = models.ForeignKey(User, on_delete=models.PROTECT, related_name="join_requests")
    organisation = models.ForeignKey(
        "directory.Organisation", on_delete=models.PROTECT, related_name="join_requests"
    )
    role = models.CharField(_("role"), max_length=20, choices=Role.choices)
    message = models.TextField(_("message"), blank=True)
    status = models.CharField(_("status"), max_length=10, choices=Status.choices, default=Status.PENDING)
    created_at = models.DateTimeField(auto_now_add=True)
    decided_by = models.ForeignKey(User, null=True, blank=True, on_delete=models.PROTECT, related_name="+")
    decided_at = models.DateTimeField(null=True, blank=True)
    reason = models.TextField(_("reason"), blank=True)

    class Meta:
        verbose_name = _("request to join")
        verbose_name_plural = _("requests to join")
        ordering = ["created_at", "id"]
        constraints = [
            models.UniqueConstraint(
                fields=["user", "organisation", "role"],
                condition=Q(status="pending"),
                name="one_pending_join_request",
            )
        ]

    def __str__(self) -> str:
        return f"{self.user} → {self.organisation} ({self.role})"


def api_token_expiry():
    """When a token issued or renewed now stops working (`API_TOKEN_LIFETIME_DAYS`)."""
    return timezone.now() + timedelta(days=settings.API_TOKEN_LIFETIME_DAYS)


class ApiToken(models.Model):
    """A bearer token for the REST API; only its digest is stored. It expires; its owner renews or revokes."""

    PREFIX_LENGTH = 8

    class RevokedReason(models.TextChoices):
        OWNER = "owner", _("revoked by its owner")
        PASSWORD = "password", _("the password changed")
        MEMBERSHIP_ENDED = "membership_ended", _("a membership ended")
        DEACTIVATED = "deactivated", _("the account was deactivated")

    user = models.ForeignKey(User, on_delete=models.CASCADE, related_name="api_tokens")
    name = models.CharField(_("name"), max_length=100, blank=True)
    prefix = models.CharField(max_length=PREFIX_LENGTH, editable=False)
    token_digest = models.CharField(max_length=64, unique=True, editable=False)
    created_at = models.DateTimeField(auto_now_add=True)
    last_used_at = models.DateTimeField(null=True, blank=True)
    expires_at = models.DateTimeField(_("expires at"), default=api_token_expiry)
    revoked_at = models.DateTimeField(null=True, blank=True)
    revoked_reason = models.CharField(
        _("why it was revoked"), max_length=20, choices=RevokedReason.choices, blank=True
    )

    class Meta:
        verbose_name = _("API token")
        verbose_name_plural = _("API tokens")
        ordering = ["-created_at"]

    def __str__(self) -> str:
        return f"{self.prefix}… ({self.user})"

    @staticmethod
    def generate() -> str:
        return secrets.token_urlsafe(32)

    @property
    def is_expired(self) -> bool:
        return self.expires_at <= timezone.now()

    @staticmethod
    def digest(raw: str) -> str:
        return _token_digest(raw)
