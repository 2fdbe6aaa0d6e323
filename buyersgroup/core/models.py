"""The security log (SecurityEvent) and the rate-limit counters (RateCount).

The security log: who did what, when (UTC) and from where. Append-only.

PostgreSQL holds to that too (migration 0005): a trigger refuses every UPDATE
and DELETE on the table, whoever sends it, with two exceptions: the actor may
be set to NULL when a member is deleted (``on_delete=SET_NULL``), and
``manage.py prune_security_log`` may delete events older than the retention
period (SECURITY_LOG_RETENTION_DAYS), which it records in the log itself.
"""

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _


class SecurityEvent(models.Model):
    class Kind(models.TextChoices):
        LOGIN = "login", _("Logged in")
        LOGIN_FAILED = "login_failed", _("Failed login")
        LOGOUT = "logout", _("Logged out")
        RATE_LIMITED = "rate_limited", _("Rate limit reached")
        PASSWORD_CHANGED = "password_changed", _("Password changed")
        PASSWORD_RESET = "password_reset", _("Password reset")
        EMAIL_CHANGED = "email_changed", _("E-mail address changed")
        MFA_ADDED = "mfa_added", _("Two-factor authentication set up")
        MFA_REMOVED = "mfa_removed", _("Two-factor authentication removed")
        MFA_RESET = "mfa_reset", _("Recovery codes regenerated")
        ACCESS_DENIED = "access_denied", _("Access denied")
        INVITATION_SENT = "invitation_sent", _("Invitation sent")
        INVITATION_ACCEPTED = "invitation_accepted", _("Invitation accepted")
        INVITATION_REFUSED = "invitation_refused", _("Invitation link refused")
        INVITATION_REVOKED = "invitation_revoked", _("Invitation revoked")
        ACCESS_REQUESTED = "access_requested", _("Access requested")
        ACCESS_APPROVED = "access_approved", _("Access request approved")
        ACCESS_DECLINED = "access_declined", _("Access request declined")
        MEMBER_DEACTIVATED = "member_deactivated", _("Member deactivated")
        MEMBER_REACTIVATED = "member_reactivated", _("Member reactivated")
        ROLE_CHANGED = "role_changed", _("Role changed")
        TRANSITION = "transition", _("Review state changed")
        UPLOAD_REFUSED = "upload_refused", _("Upload refused")
        DATA_EXPORTED = "data_exported", _("Personal data downloaded")
        DELETION_REQUESTED = "deletion_requested", _("Account deletion requested")
        LOG_PRUNED = "log_pruned", _("Old security events deleted")
        API_TOKEN_CREATED = "api_token_created", _("API token created")
        API_TOKEN_REVOKED = "api_token_revoked", _("API token revoked")

    at = models.DateTimeField(_("when (UTC)"), auto_now_add=True, db_index=True)
    kind = models.CharField(_("event"), max_length=30, choices=Kind.choices, db_index=True)
    actor = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("who"),
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
    )
    email = models.CharField(_("e-mail given"), max_length=254, blank=True)
    ip = models.GenericIPAddressField(_("from"), null=True, blank=True)
    user_agent = models.CharField(_("browser"), max_length=300, blank=True)
    path = models.CharField(_("address"), max_length=300, blank=True)
    detail = models.JSONField(_("detail"), default=dict, blank=True)

    class Meta:
        ordering = ["-at"]
        verbose_name = _("security event")
        verbose_name_plural = _("security log")

    def __str__(self) -> str:
        return f"{self.at:%Y-%m-%d %H:%M:%S}Z {self.kind} {self.email or self.actor_id or ''}"

    def save(self, *args, **kwargs):
        if self.pk is not None:
            raise RuntimeError("Security events are append-only.")
        super().save(*args, **kwargs)


class RateCount(models.Model):
    """How often one member, address or token used one action under one rate in the current
    window (buyersgroup.core.ratelimits). A window opens at the first use and lasts the rate's
    duration; the next use after it ended opens a new one in the same row, counted by the same
    UPSERT. ``manage.py prune_rate_counts`` deletes rows whose window has ended. The table is
    UNLOGGED (migration 0008): counting does not wait for the disk, and a crash of PostgreSQL
    starts the counts again."""

    scope = models.CharField(max_length=200, unique=True)  # action, rate and who: "download:30/60:user:12"
    window_end = models.DateTimeField(db_index=True)
    hits = models.PositiveIntegerField(default=1)

    def __str__(self) -> str:
        return f"{self.scope} until {self.window_end:%H:%M:%S}: {self.hits}"
