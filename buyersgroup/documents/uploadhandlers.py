"""Stop oversized uploads while they arrive, before they fill the disk.

Django's own handlers write every upload above FILE_UPLOAD_MAX_MEMORY_SIZE to a
temporary file, whatever its size, and only then could a form see that it is
too large. ``DocumentSizeLimitHandler`` comes first in FILE_UPLOAD_HANDLERS and
refuses earlier:

* when the request's Content-Length is already more than DOCUMENT_MAX_BYTES
  plus room for the other form fields, it stops reading the body at the first
  file (``StopUpload(connection_reset=True)``): the fields before the file (the
  CSRF token, type, language — the upload form puts the file last) are kept,
  the file is dropped and the rest of the body is never read;
* otherwise it counts the bytes of each file as they stream in and drops the
  file (``SkipFile``, which also discards what the next handlers wrote) as soon
  as it passes the limit.

Either way the request is marked (``refused_upload(request)``) so the upload
form says "larger than … MB" instead of "this field is required", and the
refusal goes to the security log. The handler applies to every multipart
request; the portal's only uploads are documents.

In production nginx should refuse such bodies even earlier:
``client_max_body_size`` a little above DOCUMENT_MAX_BYTES (e.g. 55m for 50 MB).
"""

from __future__ import annotations

from django.conf import settings
from django.core.files.uploadhandler import FileUploadHandler, SkipFile, StopUpload

MULTIPART_OVERHEAD = 64 * 1024  # boundaries and part headers
_MARK = "_document_upload_refused"


def refused_upload(request) -> dict | None:
    """``{"field": …, "name": …, "size": …}`` when this request's upload was dropped as too large."""
    return getattr(request, _MARK, None)


class DocumentSizeLimitHandler(FileUploadHandler):
    def handle_raw_input(self, input_data, META, content_length, boundary, encoding=None):
        self.limit = settings.DOCUMENT_MAX_BYTES
        room_for_fields = (settings.DATA_UPLOAD_MAX_MEMORY_SIZE or 0) + MULTIPART_OVERHEAD
        self.declared_length = content_length
        self.body_too_large = content_length > self.limit + room_for_fields
        return None  # let Django parse the body

    def new_file(self, field_name, file_name, *args, **kwargs):
        super().new_file(field_name, file_name, *args, **kwargs)
        self.received = 0
        if self.body_too_large:
            self._refuse(self.declared_length)
            raise StopUpload(connection_reset=True)

    def receive_data_chunk(self, raw_data, start):
        self.received += len(raw_data)
        if self.received > self.limit:
            self._refuse(self.received)
            raise SkipFile
        return raw_data

    def file_complete(self, file_size):
        return None  # the next handlers build the file

    def _refuse(self, size: int) -> None:
        if self.request is None:
            return
        setattr(self.request, _MARK, {"field": self.field_name, "name": self.file_name, "size": size})
        from buyersgroup.core.security import record

        record("upload_refused", self.request, reason="too_large", file_name=self.file_name, size=size)
