"""The entry pages, written once and mounted per kind (``urls.entry_urlpatterns``).

Each view receives its ``kind`` (registry.EntryKind) from the URL pattern. Who may
do what is asked of buyersgroup.access; anything a user may not see, or an action
their role never has, answers 404.
"""

from __future__ import annotations

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.db import transaction
from django.http import Http404
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.decorators.http import require_POST

from buyersgroup import access
from buyersgroup.documents import services as documents
from buyersgroup.documents.forms import DocumentUploadForm
from buyersgroup.entries import content, questions, revisions
from buyersgroup.entries.diff import revision_diff
from buyersgroup.entries.forms import ReviewDecisionForm
from buyersgroup.moderation.models import ReviewEvent, Status
from buyersgroup.moderation.services import (
    CHANGED_SINCE_OPENED,
    CommentRequired,
    EditConflict,
    TransitionError,
    already_moved,
    bump_version,
    check_version,
    history,
    transition,
)

# Lazy: built at import time, shown in the requester's language.
DONE = {
    "submit": gettext_lazy("Submitted for review. The coordinators have been told."),
    "withdraw": gettext_lazy("Withdrawn from review: it is a draft again. Submit it when it is ready."),
    "publish": gettext_lazy("Published. Every member can now see it."),
    "request_changes": gettext_lazy("Sent back to its authors with your comment."),
    "reject": gettext_lazy("Rejected. The author has been told."),
    "archive": gettext_lazy("Archived."),
}


# --- lookups ------------------------------------------------------------------------


def get_visible(kind, user, pk, queryset=None):
    """The entry if ``user`` may see it, else 404 (never 403: ids do not leak)."""
    entry = get_object_or_404(queryset if queryset is not None else kind.queryset(), pk=pk)
    if not access.can_view_entry(user, entry):
        raise Http404
    return entry


def _editable(request, kind, pk):
    entry = get_visible(kind, request.user, pk, kind.queryset().select_related("organisation"))
    if not access.can_edit_entry(request.user, entry):
        raise Http404
    return entry


def _documents_editable(request, kind, pk):
    entry = _editable(request, kind, pk)
    if entry.status == Status.PUBLISHED:
        raise Http404  # published documents change through a revision
    return entry


def _context(kind, entry, **extra) -> dict:
    return {"kind": kind, "entry": entry, kind.context_name: entry, **extra}


def _pending_revision(kind, entry):
    if entry.is_revision:
        return None
    return kind.model.objects.filter(revision_of=entry).only("pk", "status", "revision_of").first()


def changes_requested_comment(entry) -> str | None:
    """The coordinator's comment when changes were requested, for the banner."""
    if entry.status != Status.CHANGES_REQUESTED:
        return None
    event = (
        ReviewEvent.objects.filter(
            content_type__app_label=entry._meta.app_label, content_type__model=entry._meta.model_name,
            object_id=entry.public_entry.pk, action="request_changes", on_revision=entry.is_revision,
        )
        .only("comment")
        .order_by("-at", "-pk")
        .first()
    )
    return event.comment if event else ""


def detail_context(request, kind, entry, comment_form=None) -> dict:
    """What a kind's detail template gets: the entry, what the user may do, its history and its thread."""
    user = request.user
    can_edit = access.can_edit_entry(user, entry)
    show_history = access.can_see_history(user, entry)
    started_from = getattr(entry, "started_from", None) if kind.start_from else None
    if started_from is not None and not access.can_view_entry(user, started_from):
        started_from = None
    kept = content.find(kind, entry, started_from)
    if not kept.found:
        content.prefetch(kind, entry)
    return _context(
        kind, entry,
        content=kept,
        **(kind.content_context(entry) if not kept.found else {}),
        started_from=started_from,
        documents=entry.documents.all(),
        pending_revision=_pending_revision(kind, entry) if can_edit else None,
        changes_comment=changes_requested_comment(entry) if can_edit else None,
        events=history(entry) if show_history else None,
        can={
            "edit": can_edit,
            "change_documents": can_edit and entry.status != Status.PUBLISHED,
            "delete": access.can_delete_entry(user, entry),
            "review": access.can_review_entry(user, entry),
            "start_from": kind.start_from is not None and access.can_start_from(user, entry),
            **{action: access.can_do(user, entry, action) for action in ("submit", "withdraw", "archive")},
        },
        **questions.thread_context(user, entry, comment_form),
        **kind.detail_context(entry),
    )


# --- reading ------------------------------------------------------------------------


def detail_queryset(request, kind):
    """The entry of its detail page, with what the page shows; what the kept parts show is fetched
    only when they are rendered (buyersgroup.entries.content)."""
    return questions.with_thread_state(content.stamped(kind.detail_queryset(kind.queryset()), kind), request.user)


def detail(request, pk, kind):
    entry = get_visible(kind, request.user, pk, detail_queryset(request, kind))
    return render_detail(request, kind, detail_context(request, kind, entry))


def render_detail(request, kind, context, status=200):
    """The detail template; the parts it rendered are then kept for the next reader."""
    response = render(request, kind.detail_template, context, status=status)
    context["content"].keep()
    return response


def history_page(request, pk, kind):
    entry = get_visible(kind, request.user, pk, kind.queryset().select_related("organisation"))
    if not access.can_see_history(request.user, entry):
        raise Http404
    return render(request, "entries/history.html", _context(kind, entry, events=history(entry)))


# --- creating and editing -----------------------------------------------------------


def _save(form, formsets):
    entry = form.save()
    for formset in formsets.values():
        revisions.save_children(formset, entry)
    return entry


def _form_page(request, kind, form, formsets, entry, preview=None, source=None):
    return render(request, kind.form_template,
                  _context(kind, entry, form=form, formsets=formsets, preview=preview, started_from=source))


def _wants_preview(request, form) -> bool:
    """"Preview" on a form whose kind renders text (e.g. Markdown): show it, save nothing."""
    return request.method == "POST" and bool(request.POST.get("preview")) and hasattr(form, "preview")


def _start_source(request, kind):
    """``?from=<pk>``: the published entry a new draft starts from, or None; 404 for what the
    member may not start from (and for a kind without the action)."""
    value = request.GET.get("from")
    if value is None:
        return None
    if kind.start_from is None or not value.isdigit():
        raise Http404
    source = get_visible(kind, request.user, int(value), kind.detail_queryset(kind.queryset()))
    if not access.can_start_from(request.user, source):
        raise Http404
    return source


def create(request, kind):
    organisation = request.user.organisation
    if organisation is None:
        messages.error(request, _("Your account is not linked to an organisation yet: ask the secretariat."))
        return redirect(f"{kind.name}:list")
    source = _start_source(request, kind)
    # The source pre-fills the page; what is posted back is what the member saw and kept.
    initial = kind.start_from(source) if source is not None and request.method != "POST" else {}
    form = kind.form_class(request.POST or None, organisation=organisation, initial=initial.get("form"))
    formsets = kind.make_formsets(request.POST or None, instance=kind.model(), initial=initial.get("formsets"))
    if _wants_preview(request, form):
        return _form_page(request, kind, form, formsets, None, preview=form.preview())
    if request.method == "POST" and form.is_valid() and all(f.is_valid() for f in formsets.values()):
        form.instance.author = request.user
        form.instance.organisation = organisation
        form.instance.status = Status.DRAFT
        if source is not None:
            form.instance.started_from = source
        with transaction.atomic():
            entry = _save(form, formsets)
        # A new entry's next step is its documents: straight to adding them.
        messages.success(request, _("Draft saved. Now add its documents, then submit it for review."))
        return redirect(kind.url("upload_document", entry.pk))
    return _form_page(request, kind, form, formsets, None, source=source)


def edit(request, pk, kind):
    """Edit a draft; or edit a published entry, whose first save creates the pending revision."""
    entry = _editable(request, kind, pk)
    if entry.status == Status.PUBLISHED:
        pending = _pending_revision(kind, entry)
        if pending is not None:
            if access.can_edit_entry(request.user, pending):
                return redirect(kind.url("edit", pending.pk))
            messages.info(request, _("An edit of this entry is already waiting for review: it can be changed again once a coordinator has decided."))
            return redirect(entry)

    form = kind.form_class(request.POST or None, instance=entry, organisation=entry.organisation)
    formsets = kind.make_formsets(request.POST or None, instance=entry)
    if _wants_preview(request, form):
        return _form_page(request, kind, form, formsets, entry, preview=form.preview())
    if request.method == "POST" and form.is_valid() and all(f.is_valid() for f in formsets.values()):
        try:
            with transaction.atomic():
                check_version(kind.model, entry.pk, form.cleaned_data.get("version"))
                if entry.status == Status.PUBLISHED:
                    if kind.model.objects.filter(revision_of=entry).exists():
                        raise EditConflict(CHANGED_SINCE_OPENED)
                    saved = revisions.make_revision(entry, request.user, form=form, formsets=formsets.values())
                else:
                    saved = _save(form, formsets)
                    bump_version(saved)
        except EditConflict as conflict:
            form.add_error(None, str(conflict))
        else:
            if saved.is_revision and not entry.is_revision:
                messages.success(request, _("Your changes are saved as a pending edit. Members keep seeing the published version until a coordinator publishes your changes: submit them for review when ready."))
            else:
                messages.success(request, _("Your changes are saved."))
            return redirect(saved)
    return _form_page(request, kind, form, formsets, entry)


def delete(request, pk, kind):
    """GET: a page that says what will be lost; POST: delete."""
    entry = get_visible(kind, request.user, pk)
    if not access.can_delete_entry(request.user, entry):
        raise Http404
    if request.method != "POST":
        return render(request, "entries/delete_confirm.html",
                      _context(kind, entry, document_count=entry.documents.count()))
    with transaction.atomic():
        for document in entry.documents.all():
            documents.delete(document)
        entry.delete()
    messages.success(request, _("“%(title)s” was deleted.") % {"title": entry.title})
    return redirect(f"{kind.name}:mine")


# --- the workflow -------------------------------------------------------------------


def _done(request, kind, action, result):
    messages.success(request, DONE[action])
    if action in ("publish", "request_changes", "reject"):
        return redirect("entries:review_queue")
    return redirect(result)


@require_POST
def act(request, pk, action, kind):
    """Submit, withdraw, publish, request changes, reject or archive (POST only)."""
    entry = get_visible(kind, request.user, pk)
    if not access.may_attempt(request.user, entry, action):
        raise Http404
    comment = request.POST.get("comment", "")
    if action == "reject" and request.POST.get("confirmed") != "yes" and entry.status == Status.SUBMITTED:
        return _reject_confirmation(request, kind, entry, comment)
    try:
        result = transition(entry, action, request.user, comment, request=request)
    except TransitionError as error:
        messages.error(request, str(error))
        if isinstance(error, CommentRequired):
            return redirect(kind.url("review", entry.pk))
        return redirect(entry)
    return _done(request, kind, action, result)


def _reject_confirmation(request, kind, entry, comment):
    form = ReviewDecisionForm({"decision": "reject", "comment": comment})
    form.is_valid()
    return render(request, "entries/reject_confirm.html", _context(kind, entry, form=form))


def review(request, pk, kind):
    """The review screen: the entry first, what changed for an edit, then one decision."""
    entry = get_visible(kind, request.user, pk, kind.detail_queryset(kind.queryset()))
    if not access.may_attempt(request.user, entry, "publish"):
        raise Http404
    if entry.status != Status.SUBMITTED:
        messages.error(request, already_moved(entry))
        return redirect(entry)
    form = ReviewDecisionForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        decision, comment = form.cleaned_data["decision"], form.cleaned_data["comment"]
        if decision == "reject" and request.POST.get("confirmed") != "yes":
            return render(request, "entries/reject_confirm.html", _context(kind, entry, form=form))
        try:
            result = transition(entry, decision, request.user, comment, request=request)
        except TransitionError as error:
            messages.error(request, str(error))
            return redirect(entry)
        return _done(request, kind, decision, result)
    context = detail_context(request, kind, entry)
    context.update(reviewing=True, decision_form=form, diff=None)
    if entry.is_revision:
        original = kind.detail_queryset(kind.queryset()).get(pk=entry.revision_of_id)
        context["diff"] = revision_diff(original, entry)
    return render_detail(request, kind, context, status=400 if form.errors else 200)


# --- documents ----------------------------------------------------------------------


def upload_document(request, pk, kind):
    entry = _documents_editable(request, kind, pk)
    form = DocumentUploadForm(request.POST or None, request.FILES or None, request=request)
    if request.method == "POST":
        if form.is_valid():
            try:
                document = documents.attach(
                    entry, form.cleaned_data["file"], doc_type=form.cleaned_data["doc_type"],
                    language=form.cleaned_data["language"], by=request.user, request=request,
                    inspection=form.inspection,
                )
            except ValidationError as error:
                form.add_error("file", error)
            else:
                messages.success(request, _("“%(name)s” was added.") % {"name": document.original_name})
                return redirect(entry)
        else:
            documents.record_refusal(request, form)
    return render(
        request, "entries/upload.html",
        _context(kind, entry, upload_form=form, upload_url=kind.url("upload_document", entry.pk)),
        status=400 if form.errors else 200,
    )


@require_POST
def delete_document(request, pk, kind):
    """The document to remove comes as the POST field "document" (templates/documents/_list.html)."""
    entry = _documents_editable(request, kind, pk)
    document_id = request.POST.get("document", "")
    document = get_object_or_404(entry.documents, pk=int(document_id) if document_id.isdigit() else 0)
    documents.delete(document)
    messages.success(request, _("“%(name)s” was removed.") % {"name": document.original_name})
    return redirect(entry)
