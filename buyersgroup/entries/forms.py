"""The coordinator's decision on a submitted entry: one form, one button."""

from __future__ import annotations

from django import forms
from django.utils.translation import gettext_lazy as _

from buyersgroup.moderation.models import TRANSITIONS
from buyersgroup.moderation.services import COMMENT_REQUIRED


class ReviewDecisionForm(forms.Form):
    decision = forms.ChoiceField(
        label=_("Decision"),
        choices=[
            ("publish", _("Publish")),
            ("request_changes", _("Request changes")),
            ("reject", _("Reject")),
        ],
        widget=forms.RadioSelect,
        error_messages={"required": _("Choose a decision: publish, request changes or reject.")},
    )
    comment = forms.CharField(
        label=_("Comment for the author"),
        required=False,
        max_length=5000,
        widget=forms.Textarea(attrs={"rows": 4}),
        help_text=_("Required to request changes or to reject: say what should change, or why."),
    )

    def clean(self):
        data = super().clean()
        decision = data.get("decision")
        data["comment"] = (data.get("comment") or "").strip()
        if decision and TRANSITIONS[decision].comment_required and not data["comment"]:
            self.add_error("comment", COMMENT_REQUIRED)
        return data
