"""What a pending edit changes against the published entry, for the review screen.

Both entries come with the kind's detail lookups (``EntryKind.detail_queryset``),
so this runs no query per field: many-to-many fields, child rows and documents
were prefetched.
"""

from __future__ import annotations

from dataclasses import dataclass, field

from django.utils.text import capfirst


@dataclass
class Change:
    label: str
    before: str = ""
    after: str = ""
    added: list[str] = field(default_factory=list)
    removed: list[str] = field(default_factory=list)


def _display(entry, model_field) -> str:
    value = getattr(entry, model_field.name)
    if value in (None, "", []):
        return ""
    if model_field.choices:
        if isinstance(value, list):
            choices = dict(model_field.base_field.choices) if hasattr(model_field, "base_field") else {}
            return ", ".join(str(choices.get(v, v)) for v in value)
        return str(getattr(entry, f"get_{model_field.name}_display")())
    if isinstance(value, list):
        choices = dict(getattr(model_field.base_field, "choices", None) or [])
        return ", ".join(str(choices.get(v, v)) for v in value)
    if isinstance(value, bool):
        from django.utils.translation import gettext as _

        return _("yes") if value else _("no")
    return str(value)


def _names(manager) -> list[str]:
    return [str(item) for item in manager.all()]


def _set_change(label, before: list[str], after: list[str]) -> Change | None:
    added = [item for item in after if item not in before]
    removed = [item for item in before if item not in after]
    if added or removed:
        return Change(label=label, added=added, removed=removed)
    return None


def revision_diff(original, revision) -> list[Change]:
    changes: list[Change] = []
    model = type(original)
    for model_field in model.content_fields():
        if model_field.name in model.revision_diff_exclude:
            continue
        before, after = _display(original, model_field), _display(revision, model_field)
        if before != after:
            changes.append(Change(label=capfirst(model_field.verbose_name), before=before, after=after))
    for name in model.revision_m2m:
        label = capfirst(model._meta.get_field(name).verbose_name)
        if change := _set_change(label, _names(getattr(original, name)), _names(getattr(revision, name))):
            changes.append(change)
    for name in model.revision_children:
        relation = model._meta.get_field(name)
        label = capfirst(relation.related_model._meta.verbose_name_plural)
        if change := _set_change(label, _child_lines(original, name), _child_lines(revision, name)):
            changes.append(change)
    documents_label = capfirst(original.documents.model._meta.verbose_name_plural)
    if change := _set_change(documents_label, _documents(original), _documents(revision)):
        changes.append(change)
    return changes


def _child_lines(entry, name) -> list[str]:
    lines = []
    for child in getattr(entry, name).all():
        describe = getattr(child, "describe", None)
        lines.append(describe() if describe else str(child))
    return lines


def _documents(entry) -> list[str]:
    return [f"{d.original_name} ({d.get_doc_type_display()})" for d in entry.documents.all()]
