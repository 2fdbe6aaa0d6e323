"""The upload form: one file with its type and language.

Use it with ``services.attach``::

    form = DocumentUploadForm(request.POST or None, request.FILES or None, request=request)
    if form.is_valid():
        services.attach(entry, form.cleaned_data["file"], doc_type=form.cleaned_data["doc_type"],
                        language=form.cleaned_data["language"], by=request.user, request=request)
    elif request.method == "POST":
        services.record_refusal(request, form)

The form checks the file (validation.inspect_upload) so that errors show on
the file field; it does not write the security log, ``record_refusal`` does.
With ``request`` given, a file the upload handler dropped because it was too
large (uploadhandlers.py) is reported as "larger than … MB" rather than as
missing.
"""

from __future__ import annotations

from django import forms
from django.utils.translation import gettext_lazy as _

from buyersgroup.documents.models import DocumentType
from buyersgroup.documents.uploadhandlers import refused_upload
from buyersgroup.documents.validation import clean_original_name, inspect_upload, limit_in_mb, too_large_error
from buyersgroup.members.models import Language

ACCEPT = ".pdf,.docx,.odt,.xlsx,.ods"


class DocumentUploadForm(forms.Form):
    # The file comes last: when an oversized body is cut off at the file, the
    # fields sent before it survive (uploadhandlers.py).
    doc_type = forms.ChoiceField(label=_("Type"), choices=DocumentType.choices)
    language = forms.ChoiceField(label=_("Language"), choices=Language.choices)
    file = forms.FileField(label=_("File"), widget=forms.FileInput(attrs={"accept": ACCEPT}))

    def __init__(self, data=None, files=None, *, request=None, **kwargs):
        super().__init__(data, files, **kwargs)
        self.inspection = None
        field = self.fields["file"]
        field.help_text = _("PDF, DOCX, ODT, XLSX or ODS, up to %(limit)s MB.") % {"limit": limit_in_mb()}
        if self.is_bound and request is not None and refused_upload(request):
            # The upload handler dropped the file while it arrived: say why, not "required".
            field.error_messages["required"] = too_large_error().messages[0]

    def clean_file(self):
        uploaded_file = self.cleaned_data["file"]
        self.inspection = inspect_upload(uploaded_file, clean_original_name(uploaded_file.name))
        return uploaded_file
