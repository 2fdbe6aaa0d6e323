"""Coordinators import an existing list of tenders from CSV or XLSX (issue 10, item 5).

The file has the template's columns (``COLUMNS``; the template is downloadable from the
import page). Each row becomes one draft tender of its organisation, belonging to its
author, who completes and submits it. The import is all or nothing.

What this module does itself is only what a spreadsheet needs and the tender form does
not: find the organisation and the author, read Belgian numbers and dates, labels in
EN/NL/FR, and the lists packed into one cell. Every rule about a tender is then the
tender form's and the criteria formset's (tenders/forms.py), row by row, so an imported
draft obeys the same rules as one typed in. Each error names its row (as numbered in the
spreadsheet: the header is row 1) and its column.
"""

from __future__ import annotations

import csv
import datetime as dt
import io
import re
from dataclasses import dataclass, field
from decimal import Decimal, InvalidOperation

from django.core.exceptions import ValidationError
from django.db import transaction
from django.db.models.functions import Lower
from django.utils import translation
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from buyersgroup.documents.validation import inspect_upload
from buyersgroup.entries import revisions
from buyersgroup.members.models import Language, Member, Organisation, normalise_enterprise_number
from buyersgroup.moderation.models import Status
from buyersgroup.taxonomy.models import Criterion, ProductCategory
from tenders.forms import CriteriaFormSet, TenderForm
from tenders.models import AwardedSupplier, ContractType, CriterionUse, ProcedureType, Stage, Tender

MAX_BYTES = 5 * 1024 * 1024
MAX_ROWS = 2000
LIST_SEPARATOR = ";"


@dataclass(frozen=True)
class Column:
    key: str  # the header in the file (English, whatever the interface language)
    label: object  # translated, for the documentation table
    required: bool
    accepts: object  # translated description of the accepted values
    example: str
    field: str | None = None  # the tender form's field it fills, if any


COLUMNS = [
    Column("organisation", gettext_lazy("Organisation"), True,
           gettext_lazy("Enterprise number (0207.446.475) or the exact name of a member organisation."),
           "Stad Gent"),
    Column("author email", gettext_lazy("Author e-mail"), True,
           gettext_lazy("A member of that organisation: the draft is theirs to complete and submit."),
           "alice@stad.gent"),
    Column("title", gettext_lazy("Title"), True, gettext_lazy("Up to 300 characters."),
           "Refurbished laptops for primary schools", "title"),
    Column("reference", gettext_lazy("Reference"), False, gettext_lazy("The buyer's own file number."),
           "2024/ICT/014", "reference"),
    Column("summary", gettext_lazy("Summary"), True,
           gettext_lazy("What was bought, for whom, and what made it sustainable."),
           "600 refurbished laptops with a five-year warranty and a take-back clause.", "summary"),
    Column("language", gettext_lazy("Language"), True, gettext_lazy("nl, fr or en (or Dutch, Nederlands…)."),
           "nl", "language"),
    Column("contract type", gettext_lazy("Contract type"), False,
           gettext_lazy("supplies, services or works, in English, Dutch or French; empty: supplies."),
           "supplies", "contract_type"),
    Column("procedure type", gettext_lazy("Procedure type"), True,
           gettext_lazy("A procedure code (open, restricted, neg-w-call…) or its name in English, Dutch or French."),
           "open", "procedure_type"),
    Column("stage", gettext_lazy("Stage"), False,
           gettext_lazy("planned, open, awarded, running, completed or cancelled, or its name; empty: awarded."),
           "awarded", "stage"),
    Column("estimated value", gettext_lazy("Estimated value"), False,
           gettext_lazy("In euro excluding VAT: 250000, 250 000,00, 250.000,00 or 250000.00."),
           "250 000,00", "estimated_value"),
    Column("awarded value", gettext_lazy("Awarded value"), False, gettext_lazy("In euro excluding VAT, as above."),
           "231.500,00", "awarded_value"),
    Column("publication date", gettext_lazy("Publication date"), False,
           gettext_lazy("2024-03-01 or 01/03/2024 (day/month/year)."), "01/03/2024", "publication_date"),
    Column("award date", gettext_lazy("Award date"), False, gettext_lazy("As above; not before the publication."),
           "2024-05-15", "award_date"),
    Column("duration months", gettext_lazy("Duration (months)"), False, gettext_lazy("A whole number, up to 240."),
           "48", "duration_months"),
    Column("bids received", gettext_lazy("Bids received"), False, gettext_lazy("A whole number."), "4",
           "bids_received"),
    Column("main CPV", gettext_lazy("Main CPV code"), False, gettext_lazy("8 digits, with or without check digit."),
           "30213100-6", "main_cpv"),
    Column("additional CPVs", gettext_lazy("Additional CPV codes"), False,
           gettext_lazy("Separated by semicolons (;)."), "30213000; 50320000", "additional_cpvs"),
    Column("categories", gettext_lazy("Product categories"), False,
           gettext_lazy("Names (in English, Dutch or French) or short names, separated by semicolons."),
           "Laptops; Refurbished equipment", "categories"),
    Column("notice URL", gettext_lazy("Link to the official notice"), False, gettext_lazy("https://…"),
           "https://ted.europa.eu/en/notice/-/detail/123456-2024", "notice_url"),
    Column("awarded suppliers", gettext_lazy("Awarded suppliers"), False,
           gettext_lazy("name [enterprise or VAT number]; … — the number is optional."),
           "Refurb NV [0403.170.701]; Laptops BV"),
    Column("criteria", gettext_lazy("Criteria"), False,
           gettext_lazy("code:use[:weight]; … — use is selection, specification, award, contract_clause or "
                        "market_consultation (or its name); a weight only for award criteria."),
           "CIRC-WARR:award:15; FAIR-EW:contract_clause"),
]
BY_KEY = {column.key.lower(): column for column in COLUMNS}
BY_FIELD = {column.field: column for column in COLUMNS if column.field}


@dataclass
class RowError:
    row: int
    column: str | None  # the column's header, None for the file as a whole
    message: str

    def __str__(self) -> str:
        if self.column is None:
            return _("Row %(row)s: %(message)s") % {"row": self.row, "message": self.message}
        return _("Row %(row)s, column “%(column)s”: %(message)s") % {
            "row": self.row, "column": self.column, "message": self.message}


@dataclass
class Row:
    number: int
    title: str
    organisation: Organisation | None = None
    author: Member | None = None
    errors: list[RowError] = field(default_factory=list)
    form: TenderForm | None = None
    criteria: object = None  # the bound CriteriaFormSet
    suppliers: list[AwardedSupplier] = field(default_factory=list)


@dataclass
class Check:
    """The dry run of one file: each row, what it would create, and every error."""

    rows: list[Row]
    file_errors: list[str] = field(default_factory=list)

    @property
    def errors(self) -> list[RowError]:
        return [error for row in self.rows for error in row.errors]

    @property
    def ok(self) -> bool:
        return bool(self.rows) and not self.file_errors and not self.errors


class ImportFileError(Exception):
    """The file cannot be read at all (wrong type, too large, no header…): say so on the upload page."""


# --- reading the file ------------------------------------------------------------------


def read_rows(name: str, data: bytes) -> list[list]:
    """The file's rows (header first) as lists of cells; XLSX cells keep their numbers and dates."""
    extension = name.lower().rsplit(".", 1)[-1] if "." in name else ""
    if len(data) > MAX_BYTES:
        raise ImportFileError(_("The file is larger than %(limit)s MB: split it into several files.")
                              % {"limit": MAX_BYTES // (1024 * 1024)})
    if not data:
        raise ImportFileError(_("The file is empty."))
    if extension == "xlsx":
        return _read_xlsx(name, data)
    if extension in ("csv", "txt"):
        return _read_csv(data)
    raise ImportFileError(_("Only CSV and Excel (XLSX) files can be imported: save your list as one of these, "
                            "starting from the template."))


def _read_csv(data: bytes) -> list[list]:
    for encoding in ("utf-8-sig", "cp1252"):  # Excel's "CSV UTF-8", then the Windows default of Belgian Excel
        try:
            text = data.decode(encoding)
            break
        except UnicodeDecodeError:
            continue
    if "\x00" in text:
        raise ImportFileError(_("This file is not a text CSV file. Save it as “CSV UTF-8” and try again."))
    first_line = text.split("\n", 1)[0]
    delimiter = max((";", ",", "\t"), key=first_line.count)
    return [row for row in csv.reader(io.StringIO(text, newline=""), delimiter=delimiter)]


def _read_xlsx(name: str, data: bytes) -> list[list]:
    from django.core.files.uploadedfile import SimpleUploadedFile
    from openpyxl import load_workbook

    # The documents' checks: a real XLSX, within the ZIP limits, without macros or external content.
    try:
        inspect_upload(SimpleUploadedFile(name, data), name)
    except ValidationError as error:
        raise ImportFileError(" ".join(error.messages)) from None
    workbook = load_workbook(io.BytesIO(data), read_only=True, data_only=True)
    try:
        sheet = workbook.worksheets[0]
        rows = []
        for values in sheet.iter_rows(values_only=True):
            rows.append(list(values))
            if len(rows) > MAX_ROWS + 1:
                break
        return rows
    finally:
        workbook.close()


# --- reading one cell ------------------------------------------------------------------


def _text(value) -> str:
    if value is None:
        return ""
    if isinstance(value, float) and value.is_integer():
        value = int(value)
    return str(value).strip()


def parse_amount(value) -> Decimal:
    """250000 · 250 000,00 · 250.000,00 · 250000.00 · 250,5 → Decimal; ValidationError otherwise.

    A comma is the decimal separator (Belgian notation); a dot is too, unless dots group
    the digits by three (250.000 is two hundred and fifty thousand); spaces group thousands.
    """
    if isinstance(value, (int, float, Decimal)) and not isinstance(value, bool):
        return Decimal(str(value))
    text = re.sub(r"[\s\u00a0\u202f€]|EUR", "", _text(value), flags=re.IGNORECASE)
    if "," in text and "." in text:
        if text.rfind(",") > text.rfind("."):
            text = text.replace(".", "").replace(",", ".")  # 250.000,00
        else:
            text = text.replace(",", "")  # 250,000.00
    elif "," in text:
        text = text.replace(",", ".") if text.count(",") == 1 else "x"
    elif re.fullmatch(r"\d{1,3}(\.\d{3})+", text):
        text = text.replace(".", "")  # 250.000
    try:
        if not re.fullmatch(r"-?\d+(\.\d+)?", text):
            raise InvalidOperation
        return Decimal(text)
    except InvalidOperation:
        raise ValidationError(_("“%(value)s” is not an amount: write it as 250000, 250 000,00 or 250000.00.")
                              % {"value": _text(value)}) from None


def parse_date(value) -> dt.date:
    if isinstance(value, dt.datetime):
        return value.date()
    if isinstance(value, dt.date):
        return value
    text = _text(value)
    for pattern in ("%Y-%m-%d", "%d/%m/%Y", "%d-%m-%Y", "%d.%m.%Y"):
        try:
            return dt.datetime.strptime(text, pattern).date()
        except ValueError:
            continue
    raise ValidationError(_("“%(value)s” is not a date: write it as 2024-03-01 or 01/03/2024 (day/month/year).")
                          % {"value": text})


def parse_whole_number(value) -> int:
    text = _text(value)
    if not re.fullmatch(r"\d{1,5}", text):
        raise ValidationError(_("“%(value)s” is not a whole number.") % {"value": text})
    return int(text)


def _key(text: str) -> str:
    return re.sub(r"[\s_]+", " ", str(text).strip().lower())


def choice_lookup(choices) -> dict[str, str]:
    """Codes and labels in English, Dutch and French → code."""
    lookup = {}
    for language in ("en", "nl", "fr"):
        with translation.override(language):
            for value, label in choices:
                lookup[_key(label)] = value
    for value, _label in choices:
        lookup[_key(value)] = value
    return lookup


def _choice(value, choices, message) -> str:
    """The code of ``value`` among ``choices``; ``message`` (with %(value)s and %(codes)s) otherwise."""
    lookup = choice_lookup(choices)
    found = lookup.get(_key(value))
    if found is None:
        raise ValidationError(message % {"value": _text(value), "codes": ", ".join(code for code, _l in choices)})
    return found


def _items(value) -> list[str]:
    return [item.strip() for item in _text(value).split(LIST_SEPARATOR) if item.strip()]


# --- the whole file --------------------------------------------------------------------


class _Lookups:
    """What the rows refer to, read once for the whole file."""

    def __init__(self, rows: list[dict]):
        self.organisations_by_number = {}
        self.organisations_by_name = {}
        for organisation in Organisation.objects.all():
            if organisation.enterprise_number:
                self.organisations_by_number[organisation.enterprise_number] = organisation
            self.organisations_by_name[organisation.name.strip().lower()] = organisation
        emails = {_text(row.get("author email")).lower() for row in rows} - {""}
        self.members = {
            member.email.lower(): member
            for member in Member.objects.annotate(lower_email=Lower("email")).filter(lower_email__in=emails)
        } if emails else {}
        self.categories = {}
        for category in ProductCategory.objects.filter(is_active=True):
            for name in (category.slug, category.name_en, category.name_nl, category.name_fr):
                self.categories[_key(name)] = category
        self.criteria = {c.code.upper(): c for c in Criterion.objects.all()}


def check_file(name: str, data: bytes) -> Check:
    """The dry run: every row parsed and validated by the tender form, nothing saved.

    Raises ImportFileError when the file cannot be read at all.
    """
    table = read_rows(name, data)
    while table and not any(_text(cell) for cell in table[-1]):
        table.pop()
    if not table:
        raise ImportFileError(_("The file is empty."))
    header = [_key(_text(cell)) for cell in table[0]]
    while header and not header[-1]:
        header.pop()
    unknown = [cell for cell in header if cell and cell not in BY_KEY]
    missing = [column.key for column in COLUMNS if column.required and column.key.lower() not in header]
    if unknown or missing:
        problems = []
        if unknown:
            problems.append(_("Unknown columns: %(columns)s.") % {"columns": ", ".join(f"“{c}”" for c in unknown)})
        if missing:
            problems.append(_("Missing columns: %(columns)s.") % {"columns": ", ".join(f"“{c}”" for c in missing)})
        raise ImportFileError(" ".join(problems) + " " + _("The first row must hold the template's column names."))
    body = table[1:]
    if len(body) > MAX_ROWS:
        raise ImportFileError(_("The file has more than %(max)s rows: split it into several files.")
                              % {"max": f"{MAX_ROWS:,}"})
    records = []
    for index, cells in enumerate(body, start=2):
        record = {header[i]: cells[i] for i in range(min(len(header), len(cells))) if header[i]}
        if any(_text(value) for value in record.values()):
            records.append((index, record))
    if not records:
        raise ImportFileError(_("The file has a header but no rows of tenders."))
    lookups = _Lookups([record for _number, record in records])
    return Check(rows=[_check_row(number, record, lookups) for number, record in records])


def _check_row(number: int, record: dict, lookups: _Lookups) -> Row:
    row = Row(number=number, title=_text(record.get("title")))

    def error(column_key, message):
        column = BY_KEY[column_key.lower()].key if column_key else None
        found = RowError(number, column, str(message))
        if found not in row.errors:  # a field's validators may say the same thing twice
            row.errors.append(found)

    failed: set[str] = set()

    def read(column_key, parse):
        value = record.get(column_key.lower())
        if not _text(value):
            return None
        try:
            return parse(value)
        except ValidationError as problem:
            error(column_key, " ".join(problem.messages))
            failed.add(column_key.lower())
            return None

    # Who: the organisation, and the author, a member of it.
    organisation_text = _text(record.get("organisation"))
    digits = "".join(ch for ch in organisation_text if ch.isdigit())
    if not organisation_text:
        error("organisation", _("Give the organisation: its enterprise number or its exact name."))
    else:
        by_number = lookups.organisations_by_number.get(normalise_enterprise_number(organisation_text)) \
            if len(digits) in (9, 10) and not re.search(r"[a-zA-Z]{2,}", organisation_text) else None
        row.organisation = by_number or lookups.organisations_by_name.get(organisation_text.lower())
        if row.organisation is None:
            error("organisation", _("No member organisation has the enterprise number or name “%(value)s”.")
                  % {"value": organisation_text})
    email = _text(record.get("author email"))
    if not email:
        error("author email", _("Give the e-mail address of the member the draft will belong to."))
    else:
        author = lookups.members.get(email.lower())
        if author is None or not author.is_active:
            error("author email", _("“%(value)s” is not the e-mail address of an active member.") % {"value": email})
        elif row.organisation is not None and author.organisation_id != row.organisation.pk:
            error("author email", _("%(email)s is a member of %(theirs)s, not of %(organisation)s.") % {
                "email": email, "theirs": author.organisation.name if author.organisation else "—",
                "organisation": row.organisation.name})
        else:
            row.author = author

    # The tender's own fields, read as a spreadsheet writes them, then checked by the tender form.
    data = {}
    for key in ("title", "reference", "summary", "notice url"):
        data[BY_KEY[key].field] = _text(record.get(key))
    choices = {
        "language": (Language.choices, _("“%(value)s” is not a language; use one of: %(codes)s."), None),
        "contract type": (ContractType.choices, _("“%(value)s” is not a contract type; use one of: %(codes)s."),
                          ContractType.SUPPLIES),
        "procedure type": (ProcedureType.choices, _("“%(value)s” is not a procedure type; use one of: %(codes)s."),
                           None),
        "stage": (Stage.choices, _("“%(value)s” is not a procurement stage; use one of: %(codes)s."), Stage.AWARDED),
    }
    for key, (options, message, default) in choices.items():
        value = read(key, lambda v, options=options, message=message: _choice(v, options, message))
        data[BY_KEY[key].field] = value or (default if key not in failed else "") or ""
    for key in ("estimated value", "awarded value"):
        amount = read(key, parse_amount)
        data[BY_KEY[key].field] = "" if amount is None else str(amount)
    for key in ("publication date", "award date"):
        date = read(key, parse_date)
        data[BY_KEY[key].field] = "" if date is None else date.isoformat()
    for key in ("duration months", "bids received"):
        whole = read(key, parse_whole_number)
        data[BY_KEY[key].field] = "" if whole is None else str(whole)
    data["main_cpv"] = _text(record.get("main cpv"))
    data["additional_cpvs"] = "\n".join(_items(record.get("additional cpvs")))
    categories = []
    for name in _items(record.get("categories")):
        category = lookups.categories.get(_key(name))
        if category is None:
            error("categories", _("“%(value)s” is not a product category.") % {"value": name})
        else:
            categories.append(str(category.pk))
    data["categories"] = categories

    # Without a known organisation the row is still checked, against a stand-in (no co-buyers, no contact).
    form = TenderForm(data, organisation=row.organisation or Organisation(pk=0))
    # Criteria: the tender form's criteria formset, one form per criterion of the cell.
    criteria_data, codes = {}, []
    for text in _items(record.get("criteria")):
        parts = [part.strip() for part in text.split(":")]
        if len(parts) not in (2, 3):
            error("criteria", _("“%(value)s” is not code:use or code:use:weight.") % {"value": text})
            continue
        criterion = lookups.criteria.get(parts[0].upper())
        if criterion is None:
            error("criteria", _("“%(value)s” is not a criterion code.") % {"value": parts[0]})
            continue
        try:
            use = _choice(parts[1], CriterionUse.choices,
                          _("“%(value)s” is not where a criterion is used; use one of: %(codes)s."))
            weight = str(parse_amount(parts[2])) if len(parts) == 3 and parts[2] else ""
        except ValidationError as problem:
            error("criteria", f"{criterion.code}: " + " ".join(problem.messages))
            continue
        prefix = f"criteria-{len(codes)}"
        criteria_data.update({f"{prefix}-criterion": str(criterion.pk), f"{prefix}-used_in": use,
                              f"{prefix}-weight": weight})
        codes.append(criterion.code)
    criteria_data.update({"criteria-TOTAL_FORMS": str(len(codes)), "criteria-INITIAL_FORMS": "0",
                          "criteria-MIN_NUM_FORMS": "0", "criteria-MAX_NUM_FORMS": "1000"})
    formset = CriteriaFormSet(criteria_data, instance=Tender(), prefix="criteria")

    if not form.is_valid():
        for name, messages in form.errors.items():
            column = BY_FIELD.get(name)
            if column is not None and column.key.lower() in failed:
                continue  # already said, in the spreadsheet's terms
            for message in messages:
                error(column.key if column else None, message)
    if not formset.is_valid():
        for message in formset.non_form_errors():
            error("criteria", message)
        for code, sub in zip(codes, formset.forms):
            for messages in sub.errors.values():
                for message in messages:
                    error("criteria", f"{code}: {message}")
    row.form, row.criteria = form, formset

    # Awarded suppliers: name [number]; …
    for position, text in enumerate(_items(record.get("awarded suppliers"))):
        match = re.fullmatch(r"(.*?)\s*(?:\[([^\]]*)\])?", text)
        if not match.group(1).strip():
            error("awarded suppliers", _("“%(value)s”: give the supplier's name, then its number in square brackets.")
                  % {"value": text})
            continue
        supplier = AwardedSupplier(name=match.group(1).strip(), enterprise_number=(match.group(2) or "").strip(),
                                   position=position)
        try:
            supplier.full_clean(exclude=["tender"])
        except ValidationError as problem:
            for messages in problem.message_dict.values():
                for message in messages:
                    error("awarded suppliers", f"{text}: {message}")
            continue
        row.suppliers.append(supplier)
    return row


def import_file(name: str, data: bytes) -> tuple[Check, list[Tender]]:
    """Check the file again and, when no row has an error, create every row's draft, all or nothing."""
    check = check_file(name, data)
    if not check.ok:
        return check, []
    created = []
    with transaction.atomic():
        for row in check.rows:
            form = row.form
            form.instance.organisation = row.organisation
            form.instance.author = row.author
            form.instance.status = Status.DRAFT
            tender = form.save()
            revisions.save_children(row.criteria, tender)
            for supplier in row.suppliers:
                supplier.tender = tender
            AwardedSupplier.objects.bulk_create(row.suppliers)
            created.append(tender)
    return check, created


# --- the template ----------------------------------------------------------------------


def template_rows() -> list[list[str]]:
    return [[column.key for column in COLUMNS], [column.example for column in COLUMNS]]


def template_csv() -> bytes:
    buffer = io.StringIO()
    writer = csv.writer(buffer, delimiter=";")
    writer.writerows(template_rows())
    return ("\ufeff" + buffer.getvalue()).encode("utf-8")


def template_xlsx() -> bytes:
    from openpyxl import Workbook
    from openpyxl.styles import Font

    workbook = Workbook()
    sheet = workbook.active
    sheet.title = "tenders"
    for row in template_rows():
        sheet.append(row)
    for cell in sheet[1]:
        cell.font = Font(bold=True)
    for index, column in enumerate(COLUMNS, start=1):
        sheet.column_dimensions[sheet.cell(1, index).column_letter].width = max(14, len(column.example) + 2)
    buffer = io.BytesIO()
    workbook.save(buffer)
    return buffer.getvalue()
