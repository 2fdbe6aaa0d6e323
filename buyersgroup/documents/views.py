"""Download a document, for those who may see its entry (SPEC §5, §6).

Everyone else gets 404, whether the document exists or not. The file always
comes as an attachment, with its detected type, ``nosniff``, ``no-store`` and a
sandboxing CSP, so a browser never renders it as part of the portal.

Three ways to send the bytes, chosen by the storage and DOCUMENT_DOWNLOAD_MODE:

* ``django`` (default): Django streams the file (FileResponse);
* ``x-accel``: Django answers with an empty response carrying
  ``X-Accel-Redirect: <DOCUMENT_ACCEL_PREFIX><stored name>`` and nginx streams
  the file from an internal location. nginx keeps Content-Type,
  Content-Disposition and Cache-Control from Django's response but not the other
  headers, so the location adds them again::

      location /protected-documents/ {
          internal;                       # never reachable from outside
          alias /srv/portal/media/;       # MEDIA_ROOT, with the trailing slash
          add_header X-Content-Type-Options nosniff always;
          add_header Content-Security-Policy "default-src 'none'; sandbox" always;
          add_header Cache-Control no-store always;
      }

* S3 storage (``DOCUMENT_STORAGE=s3``): a redirect to a presigned URL valid for
  a minute (``querystring_expire``), asking S3 to send the file as an
  attachment with the detected type.

"Download all" sends every document of one entry (any kind: tender, practice)
as a ZIP archive that Django writes while sending it (archive.py), whatever the
storage, with the same access rule and headers.
"""

from __future__ import annotations

from urllib.parse import quote

from django.conf import settings
from django.contrib.contenttypes.fields import GenericRelation
from django.contrib.contenttypes.models import ContentType
from django.core.files.storage import default_storage
from django.http import FileResponse, Http404, HttpResponse, HttpResponseRedirect, StreamingHttpResponse
from django.shortcuts import get_object_or_404
from django.utils.http import content_disposition_header
from django.utils.text import slugify
from django.views.decorators.http import require_GET

from buyersgroup.access import can_download_document, can_view_entry
from buyersgroup.core.ratelimits import rate_limited
from buyersgroup.documents.archive import stream_zip
from buyersgroup.documents.models import Document
from buyersgroup.insights.models import count_downloads

DOWNLOAD_HEADERS = {
    "X-Content-Type-Options": "nosniff",
    "Cache-Control": "no-store",
    "Content-Security-Policy": "default-src 'none'; sandbox",
}


@require_GET
@rate_limited("download")  # every try counts, including the ones answered 404
def download(request, pk: int):
    document = get_object_or_404(Document, pk=pk)
    if not can_download_document(request.user, document):
        raise Http404
    count_downloads([document])  # a daily count per document, no user: Insights' activity figure
    if not _is_local(default_storage):
        response = HttpResponseRedirect(_presigned_url(document))
    elif settings.DOCUMENT_DOWNLOAD_MODE == "x-accel":
        response = HttpResponse(content_type=document.mime)
        response["X-Accel-Redirect"] = settings.DOCUMENT_ACCEL_PREFIX + quote(document.file.name)
        response["Content-Disposition"] = content_disposition_header(True, document.original_name)
    else:
        response = FileResponse(
            default_storage.open(document.file.name, "rb"),
            as_attachment=True,
            filename=document.original_name,
            content_type=document.mime,
        )
    for header, value in DOWNLOAD_HEADERS.items():
        response[header] = value
    return response


@require_GET
@rate_limited("download")  # an archive costs at least what its single downloads cost
def download_all(request, content_type_id: int, object_id: int):
    """Every document of one entry as a ZIP archive, for those who may see the entry."""
    entry = _entry_or_404(content_type_id, object_id)
    if not can_view_entry(request.user, entry):
        raise Http404
    documents = list(Document.objects.for_entry(entry))
    if not documents:
        raise Http404
    count_downloads(documents)
    response = StreamingHttpResponse(stream_zip(documents), content_type="application/zip")
    filename = f"{slugify(str(entry))[:80] or 'entry'}-documents.zip"
    response["Content-Disposition"] = content_disposition_header(True, filename)
    for header, value in DOWNLOAD_HEADERS.items():
        response[header] = value
    return response


def _entry_or_404(content_type_id: int, object_id: int):
    """The entry of any kind that has documents (a model with a GenericRelation to Document)."""
    try:
        model = ContentType.objects.get_for_id(content_type_id).model_class()
    except ContentType.DoesNotExist:
        raise Http404 from None
    has_documents = model is not None and any(
        isinstance(field, GenericRelation) and field.related_model is Document for field in model._meta.private_fields
    )
    if not has_documents:
        raise Http404
    return get_object_or_404(model, pk=object_id)


def _is_local(storage) -> bool:
    try:
        storage.path("documents")
    except NotImplementedError:
        return False
    return True


def _presigned_url(document) -> str:
    return default_storage.url(
        document.file.name,
        parameters={
            "ResponseContentDisposition": content_disposition_header(True, document.original_name),
            "ResponseContentType": document.mime,
        },
    )
