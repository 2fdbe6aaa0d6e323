"""The tender form and its repeatable block of applied criteria.

Only content fields are editable: status, author and organisation are set by
the views and services, never taken from the posted data.
"""

from __future__ import annotations

from decimal import Decimal

from django import forms
from django.core.exceptions import ValidationError
from django.forms import inlineformset_factory
from django.utils.text import capfirst
from django.utils.translation import gettext_lazy as _

from buyersgroup.core.forms import BoundedFormSetMixin
from buyersgroup.members.models import Language, Member, Organisation
from buyersgroup.taxonomy.forms import CpvCodeField, CpvCodesField
from buyersgroup.taxonomy.models import Criterion, Pillar, ProductCategory
from tenders.models import AppliedCriterion, AwardedSupplier, CriterionUse, Tender, Verification, normalise_supplier_number


class TenderForm(forms.ModelForm):
    main_cpv = CpvCodeField(
        label=_("Main CPV code"), required=False,
        help_text=_("Type a code (30213100 or 30213100-6) or a word, e.g. 'laptop' or 'ordinateur'."),
    )
    additional_cpvs = CpvCodesField(
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
        # Say what to do, not only what is wrong.
        error_messages = {
            "title": {"required": _("Give the title of the tender, e.g. “Refurbished laptops for primary schools”.")},
            "summary": {"required": _("Give a short summary: what was bought, for whom, and what made it sustainable.")},
            "language": {"required": _("Choose the language this entry is written in.")},
            "contract_type": {"required": _("Choose the contract type: supplies, services or works.")},
            "procedure_type": {"required": _("Choose the procedure used, e.g. “Open procedure”.")},
            "stage": {"required": _("Choose the stage the procurement has reached, e.g. “Awarded”.")},
            "estimated_value": {"invalid": _("Give the amount in euro as a number, e.g. 250000 or 250000.50.")},
            "awarded_value": {"invalid": _("Give the amount in euro as a number, e.g. 250000 or 250000.50.")},
            "publication_date": {"invalid": _("Give the date as day/month/year, e.g. 29/09/2021.")},
            "award_date": {"invalid": _("Give the date as day/month/year, e.g. 29/09/2021.")},
        }
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
        self.fields["main_cpv"].widget.attrs.update({"data-cpv-autocomplete": "", "list": "cpv-suggestions"})
        if self.instance.pk:
            self.initial["version"] = self.instance.version
            self.initial["main_cpv"] = self.instance.main_cpv_id or ""

    def clean(self):
        data = super().clean()
        published, awarded = data.get("publication_date"), data.get("award_date")
        if published and awarded and awarded < published:
            self.add_error("award_date", _("The award date cannot be before the publication date."))
        return data


class CriterionSelect(forms.Select):
    """The criterion choice: each option carries the criterion's description (``data-description``),
    which the form's script shows under the choice once it is made."""

    descriptions: dict = {}

    def create_option(self, name, value, label, selected, index, subindex=None, attrs=None):
        option = super().create_option(name, value, label, selected, index, subindex, attrs)
        description = self.descriptions.get(str(value))
        if description:
            option["attrs"]["data-description"] = description
        return option


CHOOSE_DESCRIPTION = _("The criterion's description appears here once it is chosen.")


def plain_decimal(number):
    """22.50 -> 22.5, 100.00 -> 100 (the template localises the separator)."""
    if number is None:
        return None
    return number.quantize(1) if number == number.to_integral_value() else number.normalize()


class AppliedCriterionForm(forms.ModelForm):
    class Meta:
        model = AppliedCriterion
        fields = ["criterion", "used_in", "weight", "verification", "note"]
        error_messages = {
            "criterion": {"required": _("Choose the criterion, or leave the whole row empty.")},
            "used_in": {"required": _("Choose where the criterion was used, e.g. “Award criterion”.")},
        }
        widgets = {
            "criterion": CriterionSelect,
            "note": forms.Textarea(attrs={"rows": 2}),
            "weight": forms.NumberInput(attrs={"min": 0, "max": 100, "step": "0.5"}),
        }

    def __init__(self, *args, criterion_choices=None, **kwargs):
        super().__init__(*args, **kwargs)
        choices, descriptions = criterion_choices if criterion_choices is not None else criterion_choices_by_pillar()
        criterion = self.fields["criterion"]
        criterion.choices = choices
        criterion.widget.descriptions = descriptions
        criterion.widget.attrs.update({"data-criterion-choice": "", "data-choose-text": CHOOSE_DESCRIPTION})
        # Without JavaScript the description shows once the row is saved; with it, as soon as it is chosen.
        # (Read without building the bound field, which would keep the help text it saw first.)
        chosen = self.data.get(self.add_prefix("criterion")) if self.is_bound else self.get_initial_for_field(criterion, "criterion")
        chosen = str(getattr(chosen, "pk", chosen) or "")
        criterion.help_text = descriptions.get(chosen) or CHOOSE_DESCRIPTION
        self.fields["used_in"].choices = [("", _("Choose where it was used")), *CriterionUse.choices]
        self.fields["used_in"].widget.attrs["data-criterion-use"] = ""
        self.fields["verification"].choices = [("", _("Not stated")), *Verification.choices]
        self.fields["weight"].widget.attrs["data-criterion-weight"] = ""
        if isinstance(self.initial.get("weight"), Decimal):  # a saved 20.00 % shows as 20
            self.initial["weight"] = plain_decimal(self.initial["weight"])

    def clean(self):
        data = super().clean()
        weight = data.get("weight")
        if weight is not None and data.get("used_in") != CriterionUse.AWARD:
            self.add_error("weight", _("A weight belongs to award criteria only: leave it empty or choose 'Award criterion'."))
        return data


def criterion_choices_by_pillar() -> tuple[list, dict]:
    """The active criteria grouped by pillar, for the criterion select, and their descriptions
    by id (one query). Each option names the criterion in full: "CIRC-WARR — Extended warranty"."""
    groups: dict[str, list] = {str(label): [] for label in Pillar.labels}  # the pillars in their own order
    descriptions: dict[str, str] = {}
    for criterion in Criterion.objects.filter(is_active=True).order_by("ordering", "code"):
        groups[criterion.get_pillar_display()].append((criterion.pk, str(criterion)))
        descriptions[str(criterion.pk)] = criterion.description
    return [("", _("Choose a criterion")), *((pillar, rows) for pillar, rows in groups.items() if rows)], descriptions


def award_weight_total(rows) -> Decimal | None:
    """The sum of the award criteria's weights (rows with ``used_in`` and ``weight``), or None
    when no award criterion has a weight."""
    weights = [row.weight for row in rows if row.used_in == CriterionUse.AWARD and row.weight is not None]
    return sum(weights, Decimal(0)) if weights else None


class RemovableRowsMixin:
    """Saved rows get a checkbox labelled plainly "Remove" (empty new rows get none: can_delete_extra=False)."""

    def add_fields(self, form, index):
        super().add_fields(form, index)
        if "DELETE" in form.fields:
            form.fields["DELETE"].label = _("Remove")


class BaseCriteriaFormSet(RemovableRowsMixin, BoundedFormSetMixin, forms.BaseInlineFormSet):
    def __init__(self, *args, **kwargs):
        kwargs.setdefault("queryset", AppliedCriterion.objects.select_related("criterion"))
        super().__init__(*args, **kwargs)
        self._criterion_choices = None

    def get_form_kwargs(self, index):
        # One query for the choices of every row, not one per row.
        if self._criterion_choices is None:
            self._criterion_choices = criterion_choices_by_pillar()
        return {**super().get_form_kwargs(index), "criterion_choices": self._criterion_choices}

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
    extra=2, max_num=40, validate_max=True, can_delete=True, can_delete_extra=False,
)


class AwardedSupplierForm(forms.ModelForm):
    class Meta:
        model = AwardedSupplier
        fields = ["name", "enterprise_number"]
        labels = {"name": _("Supplier name"), "enterprise_number": _("Enterprise or VAT number")}
        error_messages = {
            "name": {"required": _("Give the supplier's name, or leave the whole row empty.")},
        }

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        if self.instance.pk and self.instance.enterprise_number:
            self.initial["enterprise_number"] = self.instance.enterprise_number_display

    def clean_enterprise_number(self):
        return normalise_supplier_number(self.cleaned_data.get("enterprise_number") or "")


class BaseSuppliersFormSet(RemovableRowsMixin, BoundedFormSetMixin, forms.BaseInlineFormSet):
    pass


SuppliersFormSet = inlineformset_factory(
    Tender, AwardedSupplier, form=AwardedSupplierForm, formset=BaseSuppliersFormSet,
    extra=1, max_num=20, validate_max=True, can_delete=True, can_delete_extra=False,
)
