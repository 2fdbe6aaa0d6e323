"""The practice form. Only content fields are editable (status, author and organisation never)."""

from __future__ import annotations

import re

from django import forms
from django.core.exceptions import ValidationError
from django.utils.text import capfirst
from django.utils.translation import gettext_lazy as _

from buyersgroup.core.markdown import render_markdown
from buyersgroup.members.models import Organisation
from buyersgroup.taxonomy.models import Criterion, ProductCategory
from practices.models import Practice, Theme
from tenders.models import Tender

_ID = re.compile(r"\(#(\d+)\)\s*$|^#(\d+)$")
MAX_RELATED = 20


class RelatedTendersField(forms.CharField):
    """Published tenders, one per line: "Title (#123)" as the suggestions give it, "#123", or part of a title.

    Part of a title must match exactly one published tender; otherwise the error
    lists the candidates to copy, so the field works without JavaScript too.
    """

    widget = forms.Textarea(attrs={"rows": 3})

    def prepare_value(self, value):
        if value is None or isinstance(value, str):
            return value or ""
        return "\n".join(f"{t.title} (#{t.pk})" for t in value)

    def to_python(self, value):
        lines = [line.strip() for line in (value or "").splitlines() if line.strip()]
        if len(lines) > MAX_RELATED:
            raise ValidationError(_("Link at most %(max)s tenders.") % {"max": MAX_RELATED}, code="too_many")
        published = Tender.objects.published().only("pk", "title")
        found, errors = [], []
        for line in lines:
            match = _ID.search(line)
            if match:
                tender = published.filter(pk=int(match.group(1) or match.group(2))).first()
                if tender is None:
                    errors.append(_("“%(line)s” is not a published tender.") % {"line": line})
            else:
                candidates = list(published.filter(title__icontains=line)[:6])
                if len(candidates) == 1:
                    tender = candidates[0]
                elif not candidates:
                    errors.append(_("No published tender has “%(line)s” in its title.") % {"line": line})
                    continue
                else:
                    choices = "; ".join(f"{t.title} (#{t.pk})" for t in candidates[:5])
                    errors.append(_("“%(line)s” matches several tenders; keep the one you mean: %(choices)s") % {
                        "line": line, "choices": choices})
                    continue
            if tender is not None and tender not in found:
                found.append(tender)
        if errors:
            raise ValidationError(errors)
        return found


class PracticeForm(forms.ModelForm):
    related_tenders = RelatedTendersField(
        label=_("Related tenders"), required=False,
        help_text=_("One per line. Type part of a title: suggestions appear as you type; without them, "
                    "saving tells you which tenders match."),
    )
    version = forms.IntegerField(widget=forms.HiddenInput, required=False)

    class Meta:
        model = Practice
        fields = [
            "title", "practice_type", "themes", "summary", "body", "recommendations", "language", "categories",
            "related_tenders", "criteria", "results", "devices_reused", "lifetime_extension_years",
            "co2e_avoided_tonnes", "money_saved_eur",
        ]
        labels = {"title": _("Title"), "summary": _("Summary")}
        widgets = {
            "summary": forms.Textarea(attrs={"rows": 3}),
            "body": forms.Textarea(attrs={"rows": 14}),
            "recommendations": forms.Textarea(attrs={"rows": 6}),
            "results": forms.Textarea(attrs={"rows": 3}),
            "categories": forms.CheckboxSelectMultiple,
            "criteria": forms.SelectMultiple(attrs={"size": 8}),
            "devices_reused": forms.NumberInput(attrs={"min": 0, "step": 1}),
            "lifetime_extension_years": forms.NumberInput(attrs={"min": 0, "step": "0.5"}),
            "co2e_avoided_tonnes": forms.NumberInput(attrs={"min": 0, "step": "0.01"}),
            "money_saved_eur": forms.NumberInput(attrs={"min": 0, "step": "0.01"}),
        }
        error_messages = {
            "title": {"required": _("Give the practice a title, e.g. “Take-back clause for laptops”.")},
            "summary": {"required": _("Write two or three sentences: what was done and what came of it.")},
        }

    def __init__(self, *args, organisation: Organisation, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["categories"].queryset = ProductCategory.objects.filter(is_active=True)
        self.fields["criteria"].queryset = Criterion.objects.filter(is_active=True).order_by("pillar", "code")
        self.fields["themes"] = forms.TypedMultipleChoiceField(
            label=capfirst(Practice._meta.get_field("themes").verbose_name), choices=Theme.choices, required=False,
            widget=forms.CheckboxSelectMultiple,
        )
        self.fields["devices_reused"].error_messages["min_value"] = _("Give a number of zero or more, or leave it empty.")
        if self.instance.pk:
            self.initial["version"] = self.instance.version

    def _not_negative(self, name):
        value = self.cleaned_data.get(name)
        if value is not None and value < 0:
            raise ValidationError(_("Give a number of zero or more, or leave it empty."), code="negative")
        return value

    def clean_devices_reused(self):
        return self._not_negative("devices_reused")

    def clean_lifetime_extension_years(self):
        return self._not_negative("lifetime_extension_years")

    def clean_co2e_avoided_tonnes(self):
        return self._not_negative("co2e_avoided_tonnes")

    def clean_money_saved_eur(self):
        return self._not_negative("money_saved_eur")

    def preview(self) -> dict:
        """The Markdown as it will be shown, from what was typed (valid or not)."""
        return {
            "body": render_markdown(self.data.get(self.add_prefix("body"), "")),
            "recommendations": render_markdown(self.data.get(self.add_prefix("recommendations"), "")),
        }
