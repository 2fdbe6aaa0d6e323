"""The coordinator's decision on a submitted entry: one form, one button."""

from __future__ import annotations

from django import forms
from django.utils.translation import gettext
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


class CommentForm(forms.ModelForm):
    """A question or an answer: plain text (links become clickable, no HTML is rendered)."""

    class Meta:
        from buyersgroup.entries.models import Comment

        model = Comment
        fields = ["kind", "body"]
        labels = {"kind": _("This is"), "body": _("Your question or answer")}
        widgets = {"kind": forms.RadioSelect, "body": forms.Textarea(attrs={"rows": 5})}
        error_messages = {"body": {"required": _("Write your question or answer.")}}

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["body"].help_text = gettext("Plain text, at most %(limit)s characters. Links become clickable.") % {
            "limit": self._meta.model.MAX_LENGTH
        }


class CommentEditForm(CommentForm):
    class Meta(CommentForm.Meta):
        fields = ["body"]
        labels = {"body": _("Your text")}


class HideCommentForm(forms.Form):
    reason = forms.CharField(
        label=_("Reason for hiding (seen by coordinators only)"),
        max_length=500,
        widget=forms.Textarea(attrs={"rows": 2}),
        error_messages={"required": _("Say why this comment is hidden: the other coordinators will see it.")},
    )
