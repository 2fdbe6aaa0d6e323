"""Organisations (public bodies) and their members, invitations and access requests."""

from __future__ import annotations

import hashlib
import secrets
from datetime import timedelta

from django.conf import settings
from django.contrib.auth.models import AbstractUser, BaseUserManager
from django.contrib.postgres.fields import ArrayField
from django.core.exceptions import ValidationError
from django.db import models
from django.db.models.functions import Lower
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext_lazy as _


class GovernmentLevel(models.TextChoices):
    FEDERAL = "federal", _("Federal")
    REGION = "region", _("Region")
    COMMUNITY = "community", _("Community")
    PROVINCE = "province", _("Province")
    MUNICIPALITY = "municipality", _("Municipality")
    SOCIAL_WELFARE = "social_welfare", _("Public social welfare centre (OCMW/CPAS)")
    POLICE_ZONE = "police_zone", _("Police zone")
    OTHER = "other", _("Other public body")


class Region(models.TextChoices):
    NATIONAL = "national", _("National (federal)")
    BRUSSELS = "brussels", _("Brussels-Capital")
    FLANDERS = "flanders", _("Flanders")
    WALLONIA = "wallonia", _("Wallonia")
    GERMAN_SPEAKING = "german_speaking", _("German-speaking Community")


class Language(models.TextChoices):
    NL = "nl", _("Dutch")
    FR = "fr", _("French")
    EN = "en", _("English")
    DE = "de", _("German")


def normalise_enterprise_number(value: str) -> str:
    """'BE 0207.437.468' -> '0207437468' (digits only, 10 of them)."""
    digits = "".join(ch for ch in value if ch.isdigit())
    if len(digits) == 9:  # the old 9-digit form gets its leading zero
        digits = "0" + digits
    return digits


def validate_enterprise_number(value: str) -> None:
    """Belgian enterprise number (KBO/BCE): 10 digits, first 0 or 1, mod-97 check."""
    digits = normalise_enterprise_number(value)
    if len(digits) != 10 or digits[0] not in "01":
        raise ValidationError(
            _("An enterprise number has 10 digits and starts with 0 or 1, e.g. 0207.437.468."),
            code="format",
        )
    if 97 - int(digits[:8]) % 97 != int(digits[8:]):
        raise ValidationError(
            _("This enterprise number's check digits do not match: please check for a typo."),
            code="checksum",
        )


def normalise_domain(value: str) -> str:
    return value.strip().lower().lstrip("@").rstrip(".")


class Organisation(models.Model):
    name = models.CharField(_("name"), max_length=200, unique=True)
    level = models.CharField(_("government level"), max_length=20, choices=GovernmentLevel.choices)
    region = models.CharField(_("region"), max_length=20, choices=Region.choices)
    enterprise_number = models.CharField(
        _("enterprise number (KBO/BCE)"),
        max_length=10,
        blank=True,
        validators=[validate_enterprise_number],
        help_text=_("Optional. 10 digits, e.g. 0207.437.468."),
    )
    website = models.URLField(_("website"), blank=True)
    email_domains = ArrayField(
        models.CharField(max_length=253),
        verbose_name=_("e-mail domains"),
        default=list,
        blank=True,
        help_text=_("Addresses at these domains may request access, e.g. gent.be."),
    )
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["name"]
        verbose_name = _("organisation")
        verbose_name_plural = _("organisations")
        indexes = [models.Index(fields=["level", "region"])]

    def __str__(self) -> str:
        return self.name

    def get_absolute_url(self) -> str:
        return reverse("members:organisation_edit", args=[self.pk])

    def clean(self) -> None:
        if self.enterprise_number:
            self.enterprise_number = normalise_enterprise_number(self.enterprise_number)
        self.email_domains = sorted({normalise_domain(d) for d in self.email_domains if d.strip()})
        taken = (
            Organisation.objects.exclude(pk=self.pk)
            .filter(email_domains__overlap=self.email_domains)
            .values_list("name", flat=True)
            if self.email_domains
            else []
        )
        if taken:
            raise ValidationError(
                {"email_domains": _("A domain already belongs to %(name)s.") % {"name": taken[0]}}
            )

    @property
    def enterprise_number_display(self) -> str:
        n = self.enterprise_number
        return f"{n[:4]}.{n[4:7]}.{n[7:]}" if len(n) == 10 else n

    @classmethod
    def for_email(cls, email: str) -> Organisation | None:
        domain = normalise_domain(email.rpartition("@")[2])
        if not domain:
            return None
        return cls.objects.filter(email_domains__contains=[domain]).first()


class Role(models.TextChoices):
    MEMBER = "member", _("Member")
    COORDINATOR = "coordinator", _("Coordinator")


class MemberManager(BaseUserManager):
    use_in_migrations = True

    def _create(self, email, password, **fields):
        if not email:
            raise ValueError("An e-mail address is required.")
        member = self.model(email=self.normalize_email(email).lower(), **fields)
        member.set_password(password)
        member.save(using=self._db)
        return member

    def create_user(self, email, password=None, **fields):
        fields.setdefault("is_staff", False)
        fields.setdefault("is_superuser", False)
        return self._create(email, password, **fields)

    def coordinator_emails(self) -> list[str]:
        """Where coordinator notifications go: every active coordinator."""
        return list(self.filter(role=Role.COORDINATOR, is_active=True).values_list("email", flat=True))

    def create_superuser(self, email, password=None, **fields):
        fields.update(is_staff=True, is_superuser=True)
        return self._create(email, password, **fields)


# A member's columns that show them by name on a page (``get_full_name``, falling back to the
# e-mail) and decide whether the link to them is shown: what a page selecting a member reads
# (core.db.related_only), not their password hash, preferences and profile.
NAME_SHOWN = ("first_name", "last_name", "email", "organisation", "is_active")


class Member(AbstractUser):
    """A person with a login. The e-mail address is the login; there is no username.

    ``preferred_language`` is the language the portal writes to the member in (e-mails,
    buyersgroup.core.mail). Empty until known, it is set, always to one of LANGUAGES:
    - when an invitation is accepted, to the language the coordinator chose for it;
    - at login, when still empty, to the language the member is using the portal in;
    - when the member picks a language with the language switcher (the last one used wins);
    - when the member chooses it on their profile page.
    While it is empty, e-mails go out in the language of whoever caused them.
    """

    username = None
    email = models.EmailField(_("email"), unique=True)
    organisation = models.ForeignKey(
        Organisation,
        verbose_name=_("organisation"),
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="members",
    )
    role = models.CharField(_("role"), max_length=20, choices=Role.choices, default=Role.MEMBER)
    job_title = models.CharField(_("job title"), max_length=150, blank=True)
    languages = ArrayField(
        models.CharField(max_length=2, choices=Language.choices),
        verbose_name=_("languages spoken"),
        default=list,
        blank=True,
    )
    ask_me_about = models.CharField(
        _("ask me about"),
        max_length=200,
        blank=True,
        help_text=_("A short line, e.g. 'refurbished laptops, Electronics Watch'."),
    )
    show_email = models.BooleanField(
        _("show my e-mail address to other members"), default=False
    )
    preferred_language = models.CharField(
        _("language of e-mails"), max_length=8, choices=settings.LANGUAGES, blank=True
    )

    USERNAME_FIELD = "email"
    EMAIL_FIELD = "email"
    REQUIRED_FIELDS: list[str] = []

    objects = MemberManager()

    class Meta:
        ordering = ["last_name", "first_name"]
        verbose_name = _("member")
        verbose_name_plural = _("members")
        constraints = [models.UniqueConstraint(Lower("email"), name="member_email_ci_unique")]

    def __str__(self) -> str:
        return self.get_full_name() or self.email

    @property
    def is_coordinator(self) -> bool:
        return self.role == Role.COORDINATOR and self.is_active

    def remember_language(self, code: str, *, only_if_unknown: bool = False) -> None:
        """Store ``code`` as the preferred language (one UPDATE, only when it changes)."""
        if code not in dict(settings.LANGUAGES) or code == self.preferred_language:
            return
        if only_if_unknown and self.preferred_language:
            return
        self.preferred_language = code
        Member.objects.filter(pk=self.pk).update(preferred_language=code)


def _hash_token(token: str) -> str:
    return hashlib.sha256(token.encode()).hexdigest()


class InvitationQuerySet(models.QuerySet):
    def pending(self):
        return self.filter(accepted_at__isnull=True, revoked_at__isnull=True, expires_at__gt=timezone.now())


class Invitation(models.Model):
    """A coordinator's invitation. Only the token's hash is stored."""

    email = models.EmailField(_("email"))
    first_name = models.CharField(_("first name"), max_length=150, blank=True)
    last_name = models.CharField(_("last name"), max_length=150, blank=True)
    organisation = models.ForeignKey(
        Organisation, verbose_name=_("organisation"), on_delete=models.CASCADE, related_name="invitations"
    )
    role = models.CharField(_("role"), max_length=20, choices=Role.choices, default=Role.MEMBER)
    language = models.CharField(
        _("language of the invitation"), max_length=8, choices=settings.LANGUAGES, default=settings.LANGUAGE_CODE
    )
    invited_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, related_name="+"
    )
    token_hash = models.CharField(max_length=64, unique=True, editable=False)
    created_at = models.DateTimeField(auto_now_add=True)
    expires_at = models.DateTimeField()
    accepted_at = models.DateTimeField(null=True, blank=True)
    revoked_at = models.DateTimeField(null=True, blank=True)
    member = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )

    objects = InvitationQuerySet.as_manager()

    class Meta:
        ordering = ["-created_at"]
        verbose_name = _("invitation")
        verbose_name_plural = _("invitations")

    def __str__(self) -> str:
        return self.email

    @classmethod
    def issue(cls, *, email, organisation, invited_by, role=Role.MEMBER, **names) -> tuple[Invitation, str]:
        """Create an invitation; return it with the raw token (to put in the e-mail only)."""
        token = secrets.token_urlsafe(32)
        invitation = cls.objects.create(
            email=email.strip().lower(),
            organisation=organisation,
            invited_by=invited_by,
            role=role,
            token_hash=_hash_token(token),
            expires_at=timezone.now() + timedelta(days=settings.INVITATION_DAYS),
            **names,
        )
        return invitation, token

    @classmethod
    def find(cls, token: str) -> Invitation | None:
        return cls.objects.select_related("organisation").filter(token_hash=_hash_token(token)).first()

    @property
    def is_usable(self) -> bool:
        return self.accepted_at is None and self.revoked_at is None and self.expires_at > timezone.now()


class AccessRequest(models.Model):
    class Status(models.TextChoices):
        PENDING = "pending", _("Waiting for a decision")
        APPROVED = "approved", _("Approved")
        DECLINED = "declined", _("Declined")

    email = models.EmailField(_("email"))
    first_name = models.CharField(_("first name"), max_length=150)
    last_name = models.CharField(_("last name"), max_length=150)
    job_title = models.CharField(_("job title"), max_length=150, blank=True)
    message = models.TextField(_("message to the coordinators"), blank=True, max_length=2000)
    organisation = models.ForeignKey(
        Organisation, verbose_name=_("organisation"), on_delete=models.CASCADE, related_name="access_requests"
    )
    status = models.CharField(_("status"), max_length=20, choices=Status.choices, default=Status.PENDING)
    created_at = models.DateTimeField(auto_now_add=True)
    decided_at = models.DateTimeField(null=True, blank=True)
    decided_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    decision_note = models.TextField(_("note to the requester"), blank=True, max_length=2000)
    # The language the request was made in: the requester hears back in it.
    language = models.CharField(max_length=8, choices=settings.LANGUAGES, default=settings.LANGUAGE_CODE)

    class Meta:
        ordering = ["created_at"]
        verbose_name = _("access request")
        verbose_name_plural = _("access requests")
        constraints = [
            models.UniqueConstraint(
                Lower("email"),
                condition=models.Q(status="pending"),
                name="one_pending_access_request_per_email",
            )
        ]

    def __str__(self) -> str:
        return f"{self.first_name} {self.last_name} <{self.email}>"
