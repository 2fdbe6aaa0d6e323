"""Personal API tokens: a member's key to the read-only API (SPEC §9).

The secret is shown once, when the token is made, and never stored: the database
keeps its SHA-256 (a secret of 256 random bits needs no slow hash) and its first
characters, so the member can tell their tokens apart.
"""

from __future__ import annotations

import hashlib
import secrets
from datetime import timedelta

from django.conf import settings
from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

PREFIX = "bg_"  # tells a Buyers Group token apart in a script or a leaked file
SHOWN_CHARACTERS = len(PREFIX) + 6
MAX_ACTIVE_PER_MEMBER = 10
# How stale "last used" may be: it is written at most once in this while, not on every request.
LAST_USED_PRECISION = timedelta(minutes=1)


def digest(secret: str) -> str:
    return hashlib.sha256(secret.encode()).hexdigest()


class ApiTokenQuerySet(models.QuerySet):
    def active(self):
        return self.filter(revoked_at__isnull=True)


class ApiToken(models.Model):
    member = models.ForeignKey(
        settings.AUTH_USER_MODEL, verbose_name=_("member"), on_delete=models.CASCADE, related_name="api_tokens"
    )
    name = models.CharField(_("name"), max_length=100, help_text=_("What it is for, e.g. “Monthly report script”."))
    key_digest = models.CharField(max_length=64, unique=True, editable=False)
    shown_start = models.CharField(max_length=SHOWN_CHARACTERS, editable=False)
    created_at = models.DateTimeField(_("created"), auto_now_add=True)
    last_used_at = models.DateTimeField(_("last used"), null=True, blank=True)
    revoked_at = models.DateTimeField(_("revoked"), null=True, blank=True)

    objects = ApiTokenQuerySet.as_manager()

    class Meta:
        ordering = ["-created_at", "-pk"]
        verbose_name = _("API token")
        verbose_name_plural = _("API tokens")

    def __str__(self) -> str:
        return f"{self.name} ({self.shown_start}…)"

    @classmethod
    def issue(cls, member, name: str) -> tuple[ApiToken, str]:
        """A new token for ``member``: the row and the secret, which exists only in this answer."""
        secret = PREFIX + secrets.token_urlsafe(32)
        token = cls.objects.create(member=member, name=name, key_digest=digest(secret),
                                   shown_start=secret[:SHOWN_CHARACTERS])
        return token, secret

    @classmethod
    def find(cls, secret: str) -> ApiToken | None:
        """The active token with this secret, with its member, or None."""
        if not secret.startswith(PREFIX) or len(secret) > 100:
            return None
        return cls.objects.active().select_related("member").filter(key_digest=digest(secret)).first()

    def revoke(self) -> None:
        self.revoked_at = timezone.now()
        self.save(update_fields=["revoked_at"])

    def note_use(self) -> None:
        """Remember that the token was used now, writing at most once a minute."""
        now = timezone.now()
        if self.last_used_at is None or now - self.last_used_at >= LAST_USED_PRECISION:
            ApiToken.objects.filter(pk=self.pk).update(last_used_at=now)
            self.last_used_at = now
