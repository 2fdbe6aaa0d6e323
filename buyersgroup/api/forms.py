from __future__ import annotations

from django import forms
from django.utils.translation import gettext_lazy as _

from buyersgroup.api.models import MAX_ACTIVE_PER_MEMBER, ApiToken


class TokenForm(forms.Form):
    name = forms.CharField(label=_("Name of the token"), max_length=100,
                           help_text=_("What it is for, e.g. “Monthly report script”."))

    def __init__(self, *args, member, **kwargs):
        super().__init__(*args, **kwargs)
        self.member = member

    def clean_name(self):
        name = self.cleaned_data["name"].strip()
        tokens = ApiToken.objects.active().filter(member=self.member)
        if tokens.filter(name__iexact=name).exists():
            raise forms.ValidationError(_("You already have a token with this name."))
        if tokens.count() >= MAX_ACTIVE_PER_MEMBER:
            raise forms.ValidationError(
                _("You have %(count)s tokens, the most one may have. Revoke one you no longer use first.")
                % {"count": MAX_ACTIVE_PER_MEMBER})
        return name
