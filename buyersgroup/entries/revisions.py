"""The pending edit of a published entry (SPEC §3), the same for every kind.

A revision is a second row of the kind's model with ``revision_of`` set. It copies
what the kind declares: its content fields (every concrete field outside the core's),
``revision_m2m`` and ``revision_children``; documents are copied as rows sharing the
same stored files. Publishing copies it back onto the original and deletes it.
"""

from __future__ import annotations

from django.forms.models import construct_instance

from buyersgroup.documents import services as documents
from buyersgroup.moderation.models import Status


def _child_fk(entry_model, related_name: str):
    """The child model and the name of its foreign key to the entry."""
    relation = entry_model._meta.get_field(related_name)
    return relation.related_model, relation.field.name


def _copy_children(source, target) -> None:
    for related_name in source.revision_children:
        child_model, fk_name = _child_fk(type(source), related_name)
        copies = []
        for child in getattr(source, related_name).all():
            child.pk = None
            child._state.adding = True
            setattr(child, fk_name, target)
            copies.append(child)
        child_model.objects.bulk_create(copies)


def make_revision(entry, by, *, form=None, formsets=()):
    """A draft copy of the published ``entry``, sharing its documents' files.

    With a validated ``form`` (and the kind's ``formsets``) bound to ``entry``, the
    copy takes the edited content instead: that is how the first save of an edit
    creates the revision, and opening the form leaves nothing behind.
    """
    model = type(entry)
    revision = model(
        revision_of=entry, status=Status.DRAFT, author=by, organisation=entry.organisation,
        **{f.attname: getattr(entry, f.attname) for f in model.content_fields()},
    )
    if form is not None:
        construct_instance(form, revision, form._meta.fields, form._meta.exclude)
    revision.save()
    for name in model.revision_m2m:
        getattr(revision, name).set(getattr(entry, name).all())
    if form is not None:
        form.instance = revision
        form._save_m2m()
    if formsets:
        for formset in formsets:
            save_children(formset, revision, as_copies=True)
    else:
        _copy_children(entry, revision)
    for document in entry.documents.all():
        documents.clone_for(document, revision)
    return revision


def publish_onto(revision, original) -> None:
    """Copy the revision's content, related rows and documents onto ``original``."""
    model = type(original)
    for field in model.content_fields():
        setattr(original, field.attname, getattr(revision, field.attname))
    original.save()
    for name in model.revision_m2m:
        getattr(original, name).set(getattr(revision, name).all())
    for related_name in model.revision_children:
        _, fk_name = _child_fk(model, related_name)
        getattr(original, related_name).all().delete()
        getattr(revision, related_name).update(**{fk_name: original})
    for document in original.documents.all():
        documents.delete(document)
    documents.move_to(revision.documents.all(), original)


def save_children(formset, parent, *, as_copies: bool = False) -> None:
    """Save an inline formset of child rows onto ``parent``, keeping the order of the forms.

    ``as_copies``: the formset was bound to the published entry and its rows are
    written as new rows of ``parent`` (a revision); the published rows stay as they are.
    A child model with a ``position`` field gets the forms' order.
    """
    model = formset.model
    has_position = any(f.name == "position" for f in model._meta.concrete_fields)
    forms = formset.ordered_forms if formset.can_order else formset.forms
    if not as_copies:
        formset.instance = parent
        for position, child_form in enumerate(forms):
            if has_position:
                child_form.instance.position = position
        formset.save()
        return
    position = 0
    for child_form in forms:
        if not child_form.has_changed() and child_form.instance.pk is None:
            continue  # an empty extra row
        if formset.can_delete and formset._should_delete_form(child_form):
            continue
        child = child_form.save(commit=False)
        child.pk = None
        child._state.adding = True
        setattr(child, formset.fk.name, parent)
        if has_position:
            child.position = position
        child.save()
        position += 1
