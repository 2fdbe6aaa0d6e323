"""The tender form and its repeatable block of applied criteria.

Only content fields are editable: status, author and organisation are set by
the views and services, never taken from the posted data.
"""

from __future__ import annotations

import re
from decimal import Decimal

from django import forms
from django.core.exceptions import ValidationError
from django.forms import inlineformset_factory
from django.utils.text import capfirst
from django.utils.translation import gettext_lazy as _

from buyersgroup.core.forms import BoundedFormSetMixin
from buyersgroup.members.models import Language, Member, Organisation
from buyersgroup.taxonomy.cpv import normalise_cpv
from buyersgroup.taxonomy.models import CpvCode, Criterion, ProductCategory
from tenders.models import AppliedCriterion, CriterionUse, Tender


def _cpv_codes(value: str) -> list[str]:
    """Normalised 8-digit codes from free text (one per line, commas or spaces)."""
    joined = re.sub(r"(\d{8})\s*[-–]\s*(\d)\b", r"\1-\2", value or "")  # "30213100 - 6" stays one code
    return [normalise_cpv(part) for part in re.split(r"[\s,;]+", joined) if part.strip()]


class CpvField(forms.CharField):
    """A CPV code typed as text (30213100 or 30213100-6); must exist in the CPV list."""

    def __init__(self, **kwargs):
        kwargs.setdefault("max_length", 20)
        super().__init__(**kwargs)
        self.widget.attrs.update({"inputmode": "numeric", "autocomplete": "off", "data-cpv-autocomplete": "",
                                  "list": "cpv-suggestions"})

    def clean(self, value):
        value = super().clean(value)
        if not value:
            return None
        code = normalise_cpv(value)
        try:
            return CpvCode.objects.get(pk=code)
        except CpvCode.DoesNotExist:
            raise ValidationError(_("%(code)s is not a CPV 2008 code.") % {"code": value}, code="unknown") from None


class CpvListField(forms.CharField):
    widget = forms.Textarea(attrs={"rows": 3})

    def clean(self, value):
        value = super().clean(value)
        codes = list(dict.fromkeys(_cpv_codes(value)))
        found = {c.pk: c for c in CpvCode.objects.filter(pk__in=codes)}
        missing = [code for code in codes if code not in found]
        if missing:
            raise ValidationError(
                _("Not CPV 2008 codes: %(codes)s.") % {"codes": ", ".join(missing)}, code="unknown"
            )
        return [found[code] for code in codes]


class TenderForm(forms.ModelForm):
    main_cpv = CpvField(
        label=_("Main CPV code"), required=False,
        help_text=_("Type a code (30213100 or 30213100-6) or a word, e.g. 'laptop' or 'ordinateur'."),
    )
    additional_cpvs = CpvListField(
        label=_("Additional CPV codes"), required=False, help_text=_("One per line, or separated by commas.")
    )
    version = forms.IntegerField(widget=forms.HiddenInput, required=False)
    notice_url = forms.URLField(  # https:// is assumed when the scheme is left out (Django 6's default)
        label=capfirst(Tender._meta.get_field("notice_url").verbose_name),  # lazy: translated per request
        help_text=Tender._meta.get_field("notice_url").help_text,
        validators=Tender._meta.get_field("notice_url").validators,
        max_length=500, required=False, assume_scheme="https",
        widget=forms.URLInput(attrs={"placeholder": "https://"}),
    )

    class Meta:
        model = Tender
        fields = [
            "title", "reference", "summary", "language", "categories", "main_cpv", "additional_cpvs",
            "contract_type", "procedure_type", "framework_agreement", "central_purchasing_body", "co_buyers",
            "estimated_value", "awarded_value", "publication_date", "award_date", "duration_months", "stage",
            "bids_received", "notice_url", "document_languages", "outcome", "lessons_learned", "contact",
        ]
        labels = {"title": _("Title"), "summary": _("Summary")}
        widgets = {
            "summary": forms.Textarea(attrs={"rows": 5}),
            "outcome": forms.Textarea(attrs={"rows": 4}),
            "lessons_learned": forms.Textarea(attrs={"rows": 4}),
            "categories": forms.CheckboxSelectMultiple,
            "document_languages": forms.CheckboxSelectMultiple(choices=Language.choices),
            "co_buyers": forms.SelectMultiple(attrs={"size": 6}),
            "publication_date": forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d"),
            "award_date": forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d"),
            "estimated_value": forms.NumberInput(attrs={"min": 0, "step": "0.01"}),
            "awarded_value": forms.NumberInput(attrs={"min": 0, "step": "0.01"}),
        }

    def __init__(self, *args, organisation: Organisation, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["categories"].queryset = ProductCategory.objects.filter(is_active=True)
        self.fields["co_buyers"].queryset = Organisation.objects.exclude(pk=organisation.pk)
        self.fields["contact"].queryset = Member.objects.filter(organisation=organisation, is_active=True)
        self.fields["document_languages"] = forms.TypedMultipleChoiceField(
            label=self.fields["document_languages"].label, choices=Language.choices, required=False,
            widget=forms.CheckboxSelectMultiple,
        )
        if self.instance.pk:
            self.initial["version"] = self.instance.version
            self.initial["main_cpv"] = self.instance.main_cpv_id or ""
            self.initial["additional_cpvs"] = "\n".join(
                c.pk for c in self.instance.additional_cpvs.all()
            )

    def clean(self):
        data = super().clean()
        published, awarded = data.get("publication_date"), data.get("award_date")
        if published and awarded and awarded < published:
            self.add_error("award_date", _("The award date cannot be before the publication date."))
        return data


class AppliedCriterionForm(forms.ModelForm):
    class Meta:
        model = AppliedCriterion
        fields = ["criterion", "used_in", "weight", "verification", "note"]
        widgets = {
            "note": forms.Textarea(attrs={"rows": 2}),
            "weight": forms.NumberInput(attrs={"min": 0, "max": 100, "step": "0.5"}),
        }

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        criteria = Criterion.objects.filter(is_active=True).order_by("pillar", "code")
        groups: dict[str, list] = {}
        for criterion in criteria:
            groups.setdefault(criterion.get_pillar_display(), []).append((criterion.pk, str(criterion)))
        self.fields["criterion"].choices = [("", "---------"), *groups.items()]

    def clean(self):
        data = super().clean()
        weight = data.get("weight")
        if weight is not None and data.get("used_in") != CriterionUse.AWARD:
            self.add_error("weight", _("A weight belongs to award criteria only: leave it empty or choose 'Award criterion'."))
        return data


class BaseCriteriaFormSet(BoundedFormSetMixin, forms.BaseInlineFormSet):
    def clean(self):
        super().clean()
        total = sum(
            (form.cleaned_data.get("weight") or Decimal(0))
            for form in self.forms
            if form.cleaned_data and not form.cleaned_data.get("DELETE")
        )
        if total > 100:
            raise ValidationError(
                _("The award weights add up to %(total)s %%: together they cannot exceed 100 %%.") % {"total": total}
            )


CriteriaFormSet = inlineformset_factory(
    Tender, AppliedCriterion, form=AppliedCriterionForm, formset=BaseCriteriaFormSet,
    extra=2, max_num=40, validate_max=True, can_delete=True,
)
