"""Forms for the member's own profile and for the coordinators' pages.

Each form lists its fields explicitly: a member never sets their organisation,
role, e-mail address or staff flags through these forms.
"""

from __future__ import annotations

import re

from django import forms
from django.conf import settings
from django.core.exceptions import ValidationError
from django.utils.translation import get_language
from django.utils.translation import gettext_lazy as _

from buyersgroup.members.models import (
    Language,
    Member,
    Organisation,
    Role,
    normalise_domain,
    normalise_enterprise_number,
    validate_enterprise_number,
)

_DOMAIN = re.compile(r"^(?=.{1,253}$)([a-z0-9]([a-z0-9-]{0,61}[a-z0-9])?\.)+[a-z]{2,63}$")


class ProfileForm(forms.ModelForm):
    first_name = forms.CharField(label=_("First name"), max_length=150)
    last_name = forms.CharField(label=_("Last name"), max_length=150)
    languages = forms.MultipleChoiceField(
        label=_("Languages you speak"),
        choices=Language.choices,
        widget=forms.CheckboxSelectMultiple,
        required=False,
    )

    preferred_language = forms.ChoiceField(
        label=_("Language of e-mails from the portal"),
        choices=settings.LANGUAGES,
        help_text=_("Choosing a language at the top of the page changes it too."),
    )

    class Meta:
        model = Member
        fields = [
            "first_name", "last_name", "job_title", "languages", "ask_me_about", "show_email", "preferred_language",
        ]
        labels = {"job_title": _("Job title"), "ask_me_about": _("Ask me about")}

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        if not self.instance.preferred_language:  # not known yet: the language in use
            self.initial["preferred_language"] = get_language()

    def clean_languages(self):
        """Keep the order of the choices, whatever order the browser sent."""
        chosen = set(self.cleaned_data["languages"])
        return [code for code in Language.values if code in chosen]


class DomainListField(forms.CharField):
    """E-mail domains typed as one text: one per line or separated by commas."""

    widget = forms.Textarea(attrs={"rows": 3})

    def prepare_value(self, value):
        if isinstance(value, (list, tuple)):
            return "\n".join(value)
        return value

    def to_python(self, value):
        text = super().to_python(value)
        parts = (normalise_domain(part) for part in re.split(r"[,;\n]", text))
        return list(dict.fromkeys(part for part in parts if part))

    def validate(self, value):
        super().validate(value)
        wrong = [domain for domain in value if not _DOMAIN.match(domain)]
        if wrong:
            raise ValidationError(
                _("This does not look like a domain: %(domains)s. Write it like gent.be."),
                params={"domains": ", ".join(wrong)},
                code="invalid_domain",
            )


class OrganisationForm(forms.ModelForm):
    enterprise_number = forms.CharField(
        label=_("Enterprise number (KBO/BCE)"),
        max_length=20,
        required=False,
        help_text=_("Optional. 10 digits, e.g. 0207.437.468; dots and spaces are fine."),
    )
    website = forms.URLField(label=_("Website"), required=False, max_length=200, assume_scheme="https")
    email_domains = DomainListField(
        label=_("E-mail domains"),
        required=False,
        help_text=_(
            "People with an address at these domains may request access. "
            "One per line or separated by commas, e.g. gent.be."
        ),
    )

    class Meta:
        model = Organisation
        fields = ["name", "level", "region", "enterprise_number", "website", "email_domains"]
        labels = {"name": _("Name"), "level": _("Government level"), "region": _("Region")}
        error_messages = {"name": {"unique": _("An organisation with this name already exists.")}}

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        if self.instance.enterprise_number:
            self.initial["enterprise_number"] = self.instance.enterprise_number_display

    def clean_enterprise_number(self):
        value = self.cleaned_data["enterprise_number"].strip()
        if not value:
            return ""
        validate_enterprise_number(value)
        return normalise_enterprise_number(value)


class RoleForm(forms.Form):
    role = forms.ChoiceField(label=_("Role"), choices=Role.choices)
