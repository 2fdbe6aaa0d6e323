"""Reference choices kept a few minutes per app server: the long lists of a filter form.

Categories, criteria and organisations change a few times a year, yet every search page and
the members directory list them. Each app server keeps the lists it rendered, per name and
language, for REFERENCE_CHOICES_SECONDS (0: not kept), in each worker process; a change clears them
at once in the process that saved it (``forget_on_change``), its other workers and the other
servers see it when their copy expires.
Validating a submitted value still asks the database.
"""

from __future__ import annotations

import copy
import time

from django import forms
from django.conf import settings
from django.db.models.signals import post_delete, post_save
from django.utils.translation import get_language

_kept: dict[tuple[str, str], tuple[float, list]] = {}
_generation = 0  # one more at each change of reference data saved through this worker process


def kept_choices(name: str, field) -> list | None:
    """``field``'s choices as (value, label) text pairs, kept under ``name``; None when not kept."""
    seconds = settings.REFERENCE_CHOICES_SECONDS
    if not seconds:
        return None
    key = (name, get_language() or "")
    kept = _kept.get(key)
    if kept is None or kept[0] < time.monotonic():
        kept = (time.monotonic() + seconds, [("" if v is None else str(v), str(label)) for v, label in field.choices])
        _kept[key] = kept
    return kept[1]


def use_kept_choices(form, names, scope: str = "") -> None:
    """Give the form's fields ``names`` their kept choices (as the fields' own setter would, without
    building them again). ``scope`` tells apart lists of the same name drawn differently."""
    for name in names:
        if name in form.fields:
            choices = kept_choices(f"{scope}:{name}", form.fields[name])
            if choices is not None:  # already (value, label) text pairs: not normalised again, and the same list
                form.fields[name]._choices = form.fields[name].widget._choices = choices


class KeptChoicesMixin:
    """A django-filter FilterSet whose fields ``kept_choices`` use the kept lists.

    Its choices are not copied for each request either. django-filter deep-copies every filter of
    the class for each filter set, builds its form class and fields again, and the form deep-copies
    each field's list of choices: 1-1.5 ms of each search, for lists no one changes in place (a
    form's kept choices replace them). Here each filter set gets its own filters and the form its
    own fields, as before, but the choices and the form class are shared.
    """

    kept_choices: tuple[str, ...] = ()
    kept_choices_scope = ""

    @classmethod
    def get_filters(cls):
        return _CopiedFilters(super().get_filters())

    def get_form_class(self):
        # Built once per filter set class, from filters that all have their label (not read from a model).
        form_class = type(self).__dict__.get("_form_class")
        if form_class is None:
            form_class = super().get_form_class()
            form_class.base_fields = _CopiedFields(form_class.base_fields)
            type(self)._form_class = form_class
        return form_class

    @property
    def form(self):
        form = super().form
        if not getattr(form, "kept_choices_set", False):
            form.kept_choices_set = True
            use_kept_choices(form, self.kept_choices, self.kept_choices_scope)
        return form


class _CopiedFilters(dict):
    """A filter set class's filters, which each filter set copies (BaseFilterSet.__init__)."""

    def __deepcopy__(self, memo):
        from django_filters.filters import FilterMethod

        copies = {}
        for name, base in self.items():
            copied = copy.copy(base)
            copied.extra = dict(base.extra)
            copied.__dict__.pop("_field", None)
            if isinstance(base.__dict__.get("filter"), FilterMethod):
                copied.filter = FilterMethod(copied)  # calls the method of the copy's filter set
            copies[name] = copied
        return copies


class _CopiedFields(dict):
    """A form class's fields, which each form copies (BaseForm.__init__): as Django copies them, but
    a list of choices is shared (``ChoiceField.__deepcopy__`` deep-copies it)."""

    def __deepcopy__(self, memo):
        copies = {}
        for name, field in self.items():
            if isinstance(field, forms.ChoiceField) and not isinstance(field, forms.ModelChoiceField):
                copied = forms.Field.__deepcopy__(field, memo)
                copied._choices = field._choices
            else:  # a model's choices are a queryset, which Django's copy clones
                copied = copy.deepcopy(field, memo)
            copies[name] = copied
        return copies


# Saves that change nothing a kept list shows: a login writes only the member's last_login.
UNSHOWN_FIELDS = frozenset({"last_login"})


def forget(update_fields=None, **_kwargs) -> None:
    global _generation
    if update_fields and set(update_fields) <= UNSHOWN_FIELDS:
        return
    _kept.clear()
    _generation += 1


def generation() -> int:
    """Changes to reference data saved through this worker process so far: a part of the key of
    anything kept that shows it (buyersgroup.entries.content), so that this process stops using it at once."""
    return _generation


def forget_on_change(*models) -> None:
    """Clear every kept list when a row of one of ``models`` is saved or deleted in this worker process."""
    for model in models:
        post_save.connect(forget, sender=model, dispatch_uid=f"kept_choices_{model._meta.label}")
        post_delete.connect(forget, sender=model, dispatch_uid=f"kept_choices_d_{model._meta.label}")
