"""All documents of an entry as one ZIP archive, written while it is sent.

The archive is never built in memory or on disk: ``zipfile`` writes into a pipe
that the response empties chunk by chunk (on a stream that cannot seek, zipfile
puts each file's size and checksum after its data). Files are stored as they
are, not compressed again: PDFs and office files are compressed already.
"""

from __future__ import annotations

import zipfile
from collections.abc import Iterable, Iterator

from django.core.files.storage import default_storage
from django.utils import timezone

CHUNK_BYTES = 64 * 1024


class _Pipe:
    """A write-only file for zipfile: keeps what was written until the response takes it."""

    def __init__(self):
        self._chunks: list[bytes] = []
        self._position = 0

    def write(self, data) -> int:
        self._chunks.append(bytes(data))
        self._position += len(data)
        return len(data)

    def tell(self) -> int:
        return self._position

    def flush(self) -> None:
        pass

    def take(self) -> bytes:
        data = b"".join(self._chunks)
        self._chunks.clear()
        return data


def archive_names(documents: Iterable) -> list[str]:
    """The documents' own file names, made unique ("spec.pdf", "spec (2).pdf") and flat."""
    names, seen = [], set()
    for document in documents:
        name = document.original_name.replace("/", "_").replace("\\", "_").strip() or f"document-{document.pk}"
        stem, dot, extension = name.rpartition(".")
        if not dot:
            stem, extension = name, ""
        candidate, number = name, 1
        while candidate.casefold() in seen:
            number += 1
            candidate = f"{stem} ({number}){dot}{extension}"
        seen.add(candidate.casefold())
        names.append(candidate)
    return names


def stream_zip(documents: list) -> Iterator[bytes]:
    """The bytes of a ZIP archive holding each document's original file under its own name."""
    pipe = _Pipe()
    with zipfile.ZipFile(pipe, mode="w", compression=zipfile.ZIP_STORED) as archive:
        for document, name in zip(documents, archive_names(documents), strict=True):
            info = zipfile.ZipInfo(name, date_time=timezone.localtime(document.created_at).timetuple()[:6])
            info.file_size = document.size
            with default_storage.open(document.file.name, "rb") as source, archive.open(info, mode="w") as target:
                while chunk := source.read(CHUNK_BYTES):
                    target.write(chunk)
                    if data := pipe.take():
                        yield data
            if data := pipe.take():
                yield data
    yield pipe.take()
