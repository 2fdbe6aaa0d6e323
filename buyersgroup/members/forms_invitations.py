"""Forms for inviting people (one, or a CSV list), accepting an invitation and requesting access."""

from __future__ import annotations

import csv
import io
import re
from dataclasses import dataclass

from django import forms
from django.conf import settings
from django.contrib.auth.forms import SetPasswordMixin
from django.core.exceptions import ValidationError
from django.core.validators import validate_email
from django.utils.translation import get_language
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from buyersgroup.members.invitations import Invitee, why_not_invitable
from buyersgroup.access import is_coordinator
from buyersgroup.members.models import AccessRequest, Invitation, Member, Organisation, Role, normalise_domain

CSV_MAX_BYTES = 1024 * 1024
CSV_MAX_ROWS = 500
NAME_MAX_LENGTH = 150
_COLUMNS = {"email": "email", "firstname": "first_name", "lastname": "last_name",
            "organisation": "organisation", "organization": "organisation",
            "organisationname": "organisation", "role": "role", "rol": "role", "language": "language",
            "taal": "language", "langue": "language"}
# The role column: empty means member; the words in the three languages are understood.
_ROLES = {"": Role.MEMBER, "member": Role.MEMBER, "lid": Role.MEMBER, "membre": Role.MEMBER,
          "coordinator": Role.COORDINATOR, "coördinator": Role.COORDINATOR, "coordinateur": Role.COORDINATOR,
          "coordinatrice": Role.COORDINATOR}


class InviteForm(forms.ModelForm):
    class Meta:
        model = Invitation
        fields = ["email", "first_name", "last_name", "organisation", "role", "language"]
        labels = {"email": gettext_lazy("Email"), "language": gettext_lazy("Language of the invitation")}
        help_texts = {"language": gettext_lazy("The e-mail is written in this language.")}

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["organisation"].empty_label = gettext_lazy("Choose an organisation")
        self.fields["language"].initial = get_language()

    def clean_email(self) -> str:
        email = self.cleaned_data["email"].strip().lower()
        reason = why_not_invitable([email]).get(email)
        if reason:
            raise ValidationError(_("This address cannot be invited: %(reason)s.") % {"reason": reason})
        return email

    def invitee(self) -> Invitee:
        return Invitee(**{name: self.cleaned_data[name] for name in self.Meta.fields})


@dataclass
class CsvProblem:
    line: int
    email: str
    problems: list[str]


class InviteCsvForm(forms.Form):
    """A CSV list of people to invite. Every row is checked before anyone is invited.

    ``invitees`` holds the people to invite when the form is valid; ``problems`` the
    rows that stop the whole file, by line number, when it is not.
    """

    file = forms.FileField(
        label=gettext_lazy("CSV file"),
        help_text=gettext_lazy(
            "Columns: email, first_name, last_name and optionally organisation (its name as in the portal) "
            "and role (member or coordinator; empty means member). "
            "Comma or semicolon separated, UTF-8, at most 500 rows and 1 MB."
        ),
    )
    organisation = forms.ModelChoiceField(
        Organisation.objects.all(),
        required=False,
        label=gettext_lazy("Organisation for rows without one"),
        empty_label=gettext_lazy("Find it from the e-mail address"),
        help_text=gettext_lazy(
            "Used for rows without an organisation whose e-mail domain belongs to no known organisation."
        ),
    )

    def __init__(self, *args, inviter, **kwargs):
        super().__init__(*args, **kwargs)
        self.inviter = inviter
        self.invitees: list[Invitee] = []
        self.problems: list[CsvProblem] = []

    def clean_file(self) -> list[tuple[int, dict[str, str]]]:
        upload = self.cleaned_data["file"]
        if upload.size > CSV_MAX_BYTES:
            raise ValidationError(_("The file is larger than 1 MB. Split it into smaller files."))
        try:
            text = upload.read().decode("utf-8-sig")
        except UnicodeDecodeError:
            raise ValidationError(
                _("This file could not be read as text. In Excel, choose “Save as” → “CSV UTF-8”.")
            ) from None
        if "\x00" in text:
            raise ValidationError(_("This is not a CSV file. In Excel, choose “Save as” → “CSV UTF-8”."))
        return _read_rows(text)

    def clean(self):
        cleaned = super().clean()
        rows = cleaned.get("file")
        if rows is None:
            return cleaned
        default = cleaned.get("organisation")
        emails = [row["email"].lower() for _line, row in rows]
        not_invitable = why_not_invitable(emails)
        organisations = _Organisations()
        seen: dict[str, int] = {}
        for line, row in rows:
            email = row["email"].lower()
            invitee, problems = _check_row(row, default, organisations, not_invitable, seen.get(email),
                                           may_invite_coordinators=is_coordinator(self.inviter))
            if email:
                seen.setdefault(email, line)
            if problems:
                self.problems.append(CsvProblem(line, row["email"], problems))
            else:
                self.invitees.append(invitee)
        if self.problems:
            self.invitees = []
            raise ValidationError(
                _("Nobody was invited: fix the lines listed below and upload the file again."), code="rows"
            )
        return cleaned


def _read_rows(text: str) -> list[tuple[int, dict[str, str]]]:
    """The non-empty rows with their line numbers, keyed by our column names."""
    header_line = text.split("\n", 1)[0]
    delimiter = ";" if header_line.count(";") > header_line.count(",") else ","
    reader = csv.reader(io.StringIO(text, newline=""), delimiter=delimiter)
    try:
        header = [_COLUMNS.get(re.sub(r"[^a-z]", "", name.lower()), "") for name in next(reader, [])]
        if "email" not in header:
            raise ValidationError(
                _("The first line must name the columns: email, first_name, last_name and optionally "
                  "organisation, role and language.")
            )
        rows = []
        for values in reader:
            if not any(value.strip() for value in values):
                continue
            row = {"email": "", "first_name": "", "last_name": "", "organisation": "", "role": "", "language": ""}
            row.update({name: value.strip() for name, value in zip(header, values, strict=False) if name})
            rows.append((reader.line_num, row))
    except csv.Error:
        raise ValidationError(_("This file is not a valid CSV file.")) from None
    if not rows:
        raise ValidationError(_("The file has no rows below its header."))
    if len(rows) > CSV_MAX_ROWS:
        raise ValidationError(_("The file has more than 500 rows. Split it into smaller files."))
    return rows


class _Organisations:
    """Organisations by name and by e-mail domain, read once for the whole file."""

    def __init__(self):
        self.by_name: dict[str, Organisation] = {}
        self.by_domain: dict[str, Organisation] = {}
        for organisation in Organisation.objects.all():
            self.by_name[organisation.name.casefold()] = organisation
            for domain in organisation.email_domains:
                self.by_domain[domain] = organisation

    def for_email(self, email: str) -> Organisation | None:
        return self.by_domain.get(normalise_domain(email.rpartition("@")[2]))


def _check_row(row, default, organisations, not_invitable, first_line, *, may_invite_coordinators: bool
               ) -> tuple[Invitee | None, list[str]]:
    problems = []
    email = row["email"].lower()
    try:
        validate_email(email)
    except ValidationError:
        problems.append(_("not a valid e-mail address") if email else _("the e-mail address is missing"))
    if first_line is not None:
        problems.append(_("the same address is on line %(line)s") % {"line": first_line})
    if email in not_invitable:
        problems.append(not_invitable[email])
    if row["organisation"]:
        organisation = organisations.by_name.get(row["organisation"].casefold())
        if organisation is None:
            problems.append(_("unknown organisation “%(name)s”") % {"name": row["organisation"]})
    else:
        organisation = organisations.for_email(email) or default
        if organisation is None:
            problems.append(_("no organisation: add one in the file, or choose one above"))
    if len(row["first_name"]) > NAME_MAX_LENGTH or len(row["last_name"]) > NAME_MAX_LENGTH:
        problems.append(_("a name is longer than 150 characters"))
    role = _ROLES.get(row["role"].casefold())
    if role is None:
        problems.append(_("unknown role “%(role)s”: write member or coordinator") % {"role": row["role"]})
    elif role == Role.COORDINATOR and not may_invite_coordinators:
        problems.append(_("only a coordinator may invite a coordinator"))
    language = row["language"].lower()
    if language and language not in dict(settings.LANGUAGES):
        problems.append(_("unknown language “%(language)s”: use en, nl or fr") % {"language": row["language"]})
    if problems:
        return None, problems
    return Invitee(email, organisation, row["first_name"], row["last_name"], role, language=language), []


class AcceptInvitationForm(SetPasswordMixin, forms.Form):
    first_name = forms.CharField(label=gettext_lazy("First name"), max_length=NAME_MAX_LENGTH)
    last_name = forms.CharField(label=gettext_lazy("Last name"), max_length=NAME_MAX_LENGTH)
    password1, password2 = SetPasswordMixin.create_password_fields(
        label1=gettext_lazy("Password"), label2=gettext_lazy("Password (again)")
    )

    def __init__(self, *args, invitation: Invitation, **kwargs):
        kwargs.setdefault("initial", {"first_name": invitation.first_name, "last_name": invitation.last_name})
        super().__init__(*args, **kwargs)
        self.invitation = invitation
        self.fields["password1"].help_text = gettext_lazy(
            "At least 12 characters. Not a common password, and not like your name or e-mail address."
        )
        self.fields["password2"].help_text = gettext_lazy("Type the same password again.")

    def clean(self):
        cleaned = super().clean()
        self.validate_passwords()
        future_member = Member(
            email=self.invitation.email,
            first_name=cleaned.get("first_name", ""),
            last_name=cleaned.get("last_name", ""),
        )
        self.validate_password_for_user(future_member, password_field_name="password1")
        return cleaned


class AccessRequestForm(forms.Form):
    """What a visitor tells the coordinators; the organisation follows from the e-mail domain."""

    first_name = forms.CharField(label=gettext_lazy("First name"), max_length=NAME_MAX_LENGTH)
    last_name = forms.CharField(label=gettext_lazy("Last name"), max_length=NAME_MAX_LENGTH)
    email = forms.EmailField(
        label=gettext_lazy("Work email"),
        help_text=gettext_lazy("The address your public body gave you, e.g. name@stad.gent."),
    )
    job_title = forms.CharField(label=gettext_lazy("Job title"), max_length=150, required=False)
    message = forms.CharField(
        label=gettext_lazy("Message to the coordinators"),
        max_length=AccessRequest._meta.get_field("message").max_length,
        required=False,
        widget=forms.Textarea(attrs={"rows": 4}),
        help_text=gettext_lazy("Optional: what you buy, or who in the group knows you."),
    )


class DecisionForm(forms.Form):
    """Approve or decline one access request; the note goes to the requester."""

    decision = forms.ChoiceField(choices=[("approve", "approve"), ("decline", "decline")])
    note = forms.CharField(
        label=gettext_lazy("Note to the requester (optional)"),
        required=False,
        max_length=2000,
        widget=forms.Textarea(attrs={"rows": 2}),
    )

    @property
    def approve(self) -> bool:
        return self.cleaned_data["decision"] == "approve"
