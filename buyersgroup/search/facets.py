"""Facet counts, the way Django's admin computes its facets.

For each facet, the entries filtered by every *other* filter, then one aggregate with a
``Count("pk", filter=Q(...))`` per choice. Facets without a ticked value all share the
fully filtered queryset, so they are counted together: one query, plus one per facet
in use — however many entries and choices there are.
"""

from __future__ import annotations

from dataclasses import dataclass

from django.db.models import Count


@dataclass
class Choice:
    value: str
    label: str
    count: int
    checked: bool


@dataclass
class Facet:
    name: str
    label: str
    choices: list[Choice]


def _choices(filterset, name):
    field = filterset.form.fields[name]
    return [(str(value), str(label)) for value, label in field.choices if value != ""]


def facet_counts(filterset, names) -> dict[str, Facet]:
    data = filterset.form.cleaned_data if filterset.form.is_valid() or hasattr(filterset.form, "cleaned_data") else {}
    groups: dict[str | None, list[str]] = {}
    for name in names:
        groups.setdefault(name if data.get(name) else None, []).append(name)
    counts: dict[str, int] = {}
    choices = {name: _choices(filterset, name) for name in names}
    for skip, facet_names in groups.items():
        queryset = filterset.qs if skip is None else filterset.queryset_without(skip)
        aggregates = {
            f"{name}__{index}": Count("pk", filter=filterset.facet_q(name, value))
            for name in facet_names for index, (value, _label) in enumerate(choices[name])
        }
        if aggregates:
            counts.update(queryset.order_by().aggregate(**aggregates))
    facets = {}
    for name in names:
        selected = {str(getattr(v, "pk", v)) for v in (data.get(name) or [])}
        facets[name] = Facet(
            name=name,
            label=str(filterset.form.fields[name].label),
            choices=[Choice(value, label, counts[f"{name}__{index}"], value in selected)
                     for index, (value, label) in enumerate(choices[name])],
        )
    return facets
