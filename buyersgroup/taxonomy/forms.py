"""Forms for the reference data, and the CPV code fields every form uses (the one CPV parser)."""

import re

from django import forms
from django.core.exceptions import ValidationError
from django.utils.text import slugify
from django.utils.translation import gettext_lazy as _

from buyersgroup.taxonomy.cpv import parse_cpv
from buyersgroup.taxonomy.models import CpvCode, Criterion, ProductCategory


class CpvCodesField(forms.Field):
    """CPV codes typed as text, one per line or separated by commas; the check digit is optional.

    Cleans to the list of CpvCode rows in the order typed, without duplicates. Every
    error names the code that caused it, so a long pasted list is easy to correct.
    """

    widget = forms.Textarea

    def __init__(self, **kwargs):
        kwargs.setdefault(
            "help_text", _("One code per line or separated by commas, with or without check digit: 30213100-6.")
        )
        super().__init__(**kwargs)
        self.widget.attrs.setdefault("rows", 4)

    def prepare_value(self, value):
        if value is None or isinstance(value, str):
            return value or ""
        return "\n".join(code.display_code if isinstance(code, CpvCode) else str(code) for code in value)

    def to_python(self, value):
        entries = [entry.strip() for entry in re.split(r"[\n,;]+", value or "") if entry.strip()]
        parsed, errors = [], []
        for entry in entries:
            try:
                parsed.append((entry, *parse_cpv(entry)))
            except ValidationError as error:
                errors.extend(error.error_list)
        if errors:
            raise ValidationError(errors)
        found = CpvCode.objects.in_bulk([code for _entry, code, _check in parsed])
        codes = []
        for entry, code, check_digit in parsed:
            row = found.get(code)
            if row is None:
                errors.append(
                    ValidationError(_("%(value)s is not in the CPV 2008 list."), code="unknown_cpv", params={"value": entry})
                )
            elif check_digit and row.check_digit and check_digit != row.check_digit:
                errors.append(
                    ValidationError(
                        _("%(value)s: the check digit of %(code)s is %(check_digit)s."),
                        code="wrong_check_digit",
                        params={"value": entry, "code": code, "check_digit": row.check_digit},
                    )
                )
            elif row not in codes:
                codes.append(row)
        if errors:
            raise ValidationError(errors)
        return codes


class CpvCodeField(CpvCodesField):
    """One CPV code typed as text (30213100 or 30213100-6); cleans to a CpvCode or None."""

    widget = forms.TextInput

    def __init__(self, **kwargs):
        kwargs.setdefault("help_text", _("Type a code (30213100 or 30213100-6)."))
        super().__init__(**kwargs)
        self.widget.attrs.pop("rows", None)
        self.widget.attrs.update({"inputmode": "numeric", "autocomplete": "off", "maxlength": 20})

    def prepare_value(self, value):
        if isinstance(value, CpvCode):
            return value.display_code
        return "" if value is None else str(value)

    def to_python(self, value):
        codes = super().to_python(value)
        if len(codes) > 1:
            raise ValidationError(_("Give one code here; put the others under additional CPV codes."), code="several")
        return codes[0] if codes else None

    def validate(self, value):
        if value is None and self.required:
            raise ValidationError(self.error_messages["required"], code="required")


class CriterionForm(forms.ModelForm):
    class Meta:
        model = Criterion
        fields = [
            "code",
            "pillar",
            "name_en",
            "name_nl",
            "name_fr",
            "description_en",
            "description_nl",
            "description_fr",
            "verification_en",
            "verification_nl",
            "verification_fr",
            "ordering",
            "is_active",
        ]
        widgets = {
            field: forms.Textarea(attrs={"rows": 3})
            for field in ("description_en", "description_nl", "description_fr")
        } | {field: forms.Textarea(attrs={"rows": 2}) for field in ("verification_en", "verification_nl", "verification_fr")}

    def clean_code(self):
        code = self.cleaned_data["code"].strip().upper()
        if not re.fullmatch(r"[A-Z0-9]+(-[A-Z0-9]+)*", code):
            raise ValidationError(_("Use capital letters, digits and hyphens only, e.g. CIRC-WARR."), code="invalid_code")
        return code


class ProductCategoryForm(forms.ModelForm):
    cpv_codes = CpvCodesField(label=_("CPV codes"))

    class Meta:
        model = ProductCategory
        fields = ["name_en", "name_nl", "name_fr", "slug", "cpv_codes", "ordering", "is_active"]

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["slug"].required = False
        self.fields["slug"].help_text = _("Leave empty to make it from the English name.")

    def clean_slug(self):
        return self.cleaned_data.get("slug") or slugify(self.cleaned_data.get("name_en", ""))
