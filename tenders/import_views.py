"""Coordinators import a CSV or XLSX list of tenders as drafts: /tenders/import/… (tenders/imports.py).

The uploaded file is kept on the server (the documents' storage, under ``imports/``) and
named by a signed token that also names the coordinator who uploaded it: the dry run and
the confirmation read that same file again, never data sent back by the browser.
"""

from __future__ import annotations

import uuid

from django import forms
from django.contrib import messages
from django.core import signing
from django.core.files.base import ContentFile
from django.core.files.storage import default_storage
from django.http import Http404, HttpResponse
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.utils.translation import ngettext

from buyersgroup import access
from buyersgroup.access import coordinator_required
from buyersgroup.documents.validation import clean_original_name
from tenders import imports

SALT = "tenders.import"
TOKEN_SECONDS = 24 * 60 * 60
FOLDER = "imports"


class ImportForm(forms.Form):
    file = forms.FileField(label=gettext_lazy("CSV or Excel (XLSX) file"),
                           help_text=gettext_lazy("At most 2,000 tenders and 5 MB; the first row names the columns."))

    def clean_file(self):
        uploaded = self.cleaned_data["file"]
        if uploaded.size > imports.MAX_BYTES:
            raise forms.ValidationError(_("The file is larger than %(limit)s MB: split it into several files.")
                                        % {"limit": imports.MAX_BYTES // (1024 * 1024)})
        self.name = clean_original_name(uploaded.name)
        self.data_bytes = uploaded.read()
        try:
            self.check = imports.check_file(self.name, self.data_bytes)
        except imports.ImportFileError as problem:
            raise forms.ValidationError(str(problem)) from None
        return uploaded


def _guard(request):
    if not access.can_import_tenders(request.user):
        raise Http404


def _store(request, name: str, data: bytes) -> str:
    extension = "xlsx" if name.lower().endswith(".xlsx") else "csv"
    stored = default_storage.save(f"{FOLDER}/{uuid.uuid4().hex}.{extension}", ContentFile(data))
    return signing.dumps({"path": stored, "by": request.user.pk, "name": name}, salt=SALT)


def _load(request, token: str) -> tuple[dict, bytes]:
    try:
        ticket = signing.loads(token, salt=SALT, max_age=TOKEN_SECONDS)
    except signing.BadSignature:
        raise Http404 from None
    if ticket.get("by") != request.user.pk or not str(ticket.get("path", "")).startswith(f"{FOLDER}/"):
        raise Http404
    try:
        with default_storage.open(ticket["path"], "rb") as handle:
            return ticket, handle.read()
    except (FileNotFoundError, OSError):
        raise Http404 from None


def _check_page(request, ticket, token, check):
    context = {"check": check, "token": token, "file_name": ticket["name"],
               "would_create": sum(1 for row in check.rows if not row.errors)}
    return render(request, "tenders/import_check.html", context)


@coordinator_required
def upload(request):
    _guard(request)
    form = ImportForm(request.POST or None, request.FILES or None)
    if request.method == "POST" and form.is_valid():
        token = _store(request, form.name, form.data_bytes)
        return _check_page(request, {"name": form.name}, token, form.check)
    return render(request, "tenders/import.html", {"form": form, "columns": imports.COLUMNS,
                                                   "max_rows": imports.MAX_ROWS})


@coordinator_required
def check(request, token: str):
    """GET: the dry run of the stored file again. POST: import it, all or nothing."""
    _guard(request)
    ticket, data = _load(request, token)
    try:
        if request.method == "POST":
            result, created = imports.import_file(ticket["name"], data)
        else:
            result, created = imports.check_file(ticket["name"], data), []
    except imports.ImportFileError as problem:  # the file was checked at upload: only a changed rule gets here
        messages.error(request, str(problem))
        return redirect("tenders:import")
    if not created:
        return _check_page(request, ticket, token, result)
    default_storage.delete(ticket["path"])
    messages.success(request, ngettext(
        "%(count)d tender imported as a draft: its author can now complete and submit it.",
        "%(count)d tenders imported as drafts: their authors can now complete and submit them.",
        len(created)) % {"count": len(created)})
    return redirect("tenders:import")


@coordinator_required
def template(request, file_format: str):
    _guard(request)
    if file_format == "csv":
        response = HttpResponse(imports.template_csv(), content_type="text/csv; charset=utf-8")
    elif file_format == "xlsx":
        response = HttpResponse(
            imports.template_xlsx(),
            content_type="application/vnd.openxmlformats-officedocument.spreadsheetml.sheet")
    else:
        raise Http404
    response["Content-Disposition"] = f'attachment; filename="tenders-import-template.{file_format}"'
    return response
