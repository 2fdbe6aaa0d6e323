"""Form behaviour every form of the portal shares."""

from __future__ import annotations

from django.core.exceptions import ValidationError
from django.forms.formsets import TOTAL_FORM_COUNT
from django.utils.functional import cached_property
from django.utils.translation import gettext as _


class BoundedFormSetMixin:
    """A formset that refuses, before building a single form, a POST claiming more forms than its maximum.

    Django builds as many forms as the management form's TOTAL_FORMS says (up to
    ``absolute_max``, max_num + 1000 by default) and only then says "too many".
    Here the claim is read first: above ``max_num`` no form is built, the formset
    is invalid and its only error says why. Use it before the Base*FormSet class::

        class BaseCriteriaFormSet(BoundedFormSetMixin, forms.BaseInlineFormSet): ...
    """

    @cached_property
    def claims_too_many_forms(self) -> bool:
        if not self.is_bound:
            return False
        claimed = self.data.get(self.add_prefix(TOTAL_FORM_COUNT), "")
        try:
            return int(claimed) > self.max_num
        except (TypeError, ValueError):
            return False  # the management form's own validation says it is damaged

    def total_form_count(self) -> int:
        if self.claims_too_many_forms:
            return 0
        return super().total_form_count()

    def initial_form_count(self) -> int:
        if self.claims_too_many_forms:
            return 0
        return super().initial_form_count()

    def full_clean(self) -> None:
        if not self.claims_too_many_forms:
            super().full_clean()
            return
        self._errors = []
        self._non_form_errors = self.error_class(
            [
                ValidationError(
                    _("The form sent more than %(max)s rows, the most this list can hold. Nothing was saved.")
                    % {"max": self.max_num},
                    code="too_many_forms",
                )
            ],
            error_class="nonform",
            renderer=self.renderer,
        )
