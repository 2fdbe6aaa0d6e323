"""Page-level helpers for base.html."""

from __future__ import annotations

from django import template
from django.forms import BaseForm, BaseFormSet

register = template.Library()


@register.simple_tag(takes_context=True)
def page_has_form_errors(context) -> bool:
    """Whether any bound form or formset of this page has errors, whatever the view named it.

    base.html starts the page title with "Error:" then, so screen-reader users hear it first
    (WCAG 3.3.1); every form benefits without its view doing anything.
    """
    for value in context.flatten().values():
        # A view may pass its formsets as a dict (the entry core: {"criteria": formset}).
        for candidate in value.values() if type(value) is dict else (value,):
            if _has_errors(candidate):
                return True
    return False


def _has_errors(value) -> bool:
    kind = type(value)  # not isinstance: it would evaluate lazy values (the CSRF token, the user)
    if issubclass(kind, BaseForm) and value.is_bound and value.errors:
        return True
    return bool(issubclass(kind, BaseFormSet) and value.is_bound and value.total_error_count())
