"""Creating and editing tenders, their documents, and deleting drafts."""

from __future__ import annotations

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.db import transaction
from django.http import Http404
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from buyersgroup import access
from buyersgroup.documents import services as documents
from buyersgroup.documents.forms import DocumentUploadForm
from buyersgroup.moderation.models import Status
from buyersgroup.moderation.services import EditConflict, bump_version, check_version
from tenders.forms import CriteriaFormSet, TenderForm
from tenders.models import Tender
from tenders.views import get_visible_tender


def _editable_tender(request, pk) -> Tender:
    tender = get_visible_tender(request.user, pk)
    if not access.can_edit_entry(request.user, tender):
        raise Http404
    return tender


def _save(form, formset) -> Tender:
    tender = form.save()
    formset.instance = tender
    for position, criterion_form in enumerate(formset.ordered_forms if formset.can_order else formset.forms):
        criterion_form.instance.position = position
    formset.save()
    return tender


def create(request):
    organisation = request.user.organisation
    if organisation is None:
        messages.error(request, _("Your account is not linked to an organisation yet: ask the secretariat."))
        return redirect("tenders:list")
    form = TenderForm(request.POST or None, organisation=organisation)
    formset = CriteriaFormSet(request.POST or None, instance=Tender(), prefix="criteria")
    if request.method == "POST" and form.is_valid() and formset.is_valid():
        form.instance.author = request.user
        form.instance.organisation = organisation
        form.instance.status = Status.DRAFT
        with transaction.atomic():
            tender = _save(form, formset)
        messages.success(request, _("Draft saved. Add its documents, then submit it for review."))
        return redirect(tender)
    return render(request, "tenders/form.html", {"form": form, "formset": formset, "tender": None})


def edit(request, pk):
    tender = _editable_tender(request, pk)
    if tender.status == Status.PUBLISHED:
        pending = Tender.objects.filter(revision_of=tender).first()
        if pending is not None and access.can_edit_entry(request.user, pending):
            return redirect("tenders:edit", pending.pk)
        return render(request, "tenders/revise_confirm.html", {"tender": tender, "pending": pending})

    form = TenderForm(request.POST or None, instance=tender, organisation=tender.organisation)
    formset = CriteriaFormSet(request.POST or None, instance=tender, prefix="criteria")
    if request.method == "POST" and form.is_valid() and formset.is_valid():
        try:
            with transaction.atomic():
                check_version(Tender, tender.pk, form.cleaned_data.get("version"))
                _save(form, formset)
                bump_version(tender)
        except EditConflict as conflict:
            form.add_error(None, str(conflict))
        else:
            messages.success(request, _("Your changes are saved."))
            return redirect(tender)
    return render(request, "tenders/form.html", {"form": form, "formset": formset, "tender": tender})


@require_POST
def revise(request, pk):
    """Start (or resume) the pending revision of a published tender."""
    tender = _editable_tender(request, pk)
    if tender.status != Status.PUBLISHED or tender.is_revision:
        raise Http404
    with transaction.atomic():
        Tender.objects.select_for_update().get(pk=tender.pk)
        revision = Tender.objects.filter(revision_of=tender).first() or tender.make_revision(request.user)
    messages.info(
        request,
        _("You are editing a copy. Members keep seeing the published version until a coordinator publishes your changes."),
    )
    return redirect("tenders:edit", revision.pk)


@require_POST
def delete(request, pk):
    tender = get_visible_tender(request.user, pk)
    if not access.can_delete_entry(request.user, tender):
        raise Http404
    with transaction.atomic():
        for document in tender.documents.all():
            documents.delete(document)
        tender.delete()
    messages.success(request, _("“%(title)s” was deleted.") % {"title": tender.title})
    return redirect("tenders:mine")


def _documents_editable(request, pk) -> Tender:
    tender = _editable_tender(request, pk)
    if tender.status == Status.PUBLISHED:
        raise Http404  # published documents change through a revision
    return tender


def upload_document(request, pk):
    tender = _documents_editable(request, pk)
    form = DocumentUploadForm(request.POST or None, request.FILES or None, request=request)
    if request.method == "POST":
        if form.is_valid():
            try:
                document = documents.attach(
                    tender, form.cleaned_data["file"], doc_type=form.cleaned_data["doc_type"],
                    language=form.cleaned_data["language"], by=request.user, request=request,
                )
            except ValidationError as error:
                form.add_error("file", error)
            else:
                messages.success(request, _("“%(name)s” was added.") % {"name": document.original_name})
                return redirect(tender)
        else:
            documents.record_refusal(request, form)
    return render(request, "tenders/upload.html", {"tender": tender, "form": form}, status=400 if form.errors else 200)


@require_POST
def delete_document(request, pk):
    """The document to remove comes as the POST field "document" (templates/documents/_list.html)."""
    tender = _documents_editable(request, pk)
    document = get_object_or_404(tender.documents, pk=request.POST.get("document") or 0)
    documents.delete(document)
    messages.success(request, _("“%(name)s” was removed.") % {"name": document.original_name})
    return redirect(tender)
