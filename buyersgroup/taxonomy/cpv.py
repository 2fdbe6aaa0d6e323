"""CPV 2008 helpers: reading codes people type, the hierarchy hidden in the digits, and search.

Codes are stored as their 8 digits. People and official files often add the check
digit (``30213100-6``); it is accepted everywhere and dropped by ``normalise_cpv``.

The hierarchy is in the digits: 2 significant digits make a division, 3 a group,
4 a class, 5 a category, 6 to 8 finer subdivisions. A code's significant digits
(``cpv_prefix``) are what its descendants start with, so a filter on 30200000
matches every code starting with "302".
"""

from __future__ import annotations

import re

from django.core.exceptions import ValidationError
from django.db.models import Case, CharField, Func, IntegerField, Q, Value, When
from django.utils.translation import gettext_lazy as _

LABEL_LANGUAGES = ("en", "nl", "fr", "de")
LABEL_FIELDS = tuple(f"label_{language}" for language in LABEL_LANGUAGES)
CATEGORY_NAME_FIELDS = ("name_en", "name_nl", "name_fr")

# The 45 divisions of CPV 2008, in order: the bits of a tender's ``division_bits`` (tenders.models).
CPV_DIVISIONS = ("03", "09", "14", "15", "16", "18", "19", "22", "24", "30", "31", "32", "33", "34", "35", "37",
                 "38", "39", "41", "42", "43", "44", "45", "48", "50", "51", "55", "60", "63", "64", "65", "66",
                 "70", "71", "72", "73", "75", "76", "77", "79", "80", "85", "90", "92", "98")

_CODE = re.compile(r"(\d{8})(?:-(\d))?")
_CODE_QUERY = re.compile(r"(\d{1,8})(?:-(\d))?")


def parse_cpv(value) -> tuple[str, str]:
    """(8 digits, check digit or "") from "30213100", "30213100-6" or " 30213100 - 6 "."""
    text = re.sub(r"\s+", "", str(value or ""))
    match = _CODE.fullmatch(text)
    if not match:
        raise ValidationError(
            _("“%(value)s” is not a CPV code: write its 8 digits, optionally with the check digit (30213100 or 30213100-6)."),
            code="invalid_cpv",
            params={"value": str(value or "").strip()},
        )
    return match.group(1), match.group(2) or ""


def normalise_cpv(value) -> str:
    """The 8 digits of a CPV code as stored, from any of the ways people write it."""
    return parse_cpv(value)[0]


def cpv_prefix(code: str) -> str:
    """The significant digits of a code: what every descendant's code starts with.

    30000000 → "30", 30200000 → "302", 30213100 → "302131". A division keeps its two
    digits even when the second is a zero (03000000 → "03").
    """
    significant = code.rstrip("0")
    return significant if len(significant) >= 2 else code[:2]


def cpv_level(code: str) -> int:
    """1 division, 2 group, 3 class, 4 category, 5 anything finer."""
    return min(len(cpv_prefix(code)) - 1, 5)


def cpv_parent(code: str, known_codes) -> str | None:
    """The nearest existing ancestor: drop significant digits one at a time until a code exists.

    Not every level exists for every branch (30213100's parent is 30213000, but some
    codes skip a level), which is why ``known_codes`` is needed. Divisions have none.
    """
    prefix = cpv_prefix(code)
    while len(prefix) > 2:
        prefix = prefix[:-1]
        candidate = prefix.ljust(8, "0")
        if candidate in known_codes:
            return candidate
    return None


def _unaccent(value: str) -> Func:
    # The database's unaccent also folds ligatures (œ → oe) the same way on both sides.
    return Func(Value(value), function="unaccent", output_field=CharField())


def _any_field(fields, lookup: str, value: str) -> Q:
    condition = Q()
    for field in fields:
        condition |= Q(**{f"{field}__unaccent__{lookup}": _unaccent(value)})
    return condition


def search_cpv(query: str, limit: int = 20) -> list:
    """CPV codes for an autocomplete: a code prefix, words found in the labels, or both.

    Digits ("3021", "30213100-6") match codes starting with them. Words must all occur
    (any order, accents and case ignored) in one of the four labels, or in the name of
    a product category, whose codes then come first ("laptop" finds 30213100 although
    no official label says laptop). Then exact labels, labels starting with the words,
    and general codes before specific ones. "30213100-6 Portable computers", an option
    pasted back, finds its code too.
    """
    from buyersgroup.taxonomy.models import CpvCode, ProductCategory

    query = re.sub(r"(\d)\s*-\s*(\d)", r"\1-\2", " ".join(str(query or "").split()))
    if not query:
        return []
    codes = CpvCode.objects.all()
    words = []
    for token in query.split():
        code_query = _CODE_QUERY.fullmatch(token)
        if code_query:
            codes = codes.filter(code__startswith=code_query.group(1))
        else:
            words.append(token)
    if not words:
        return list(codes.order_by("level", "code")[:limit])

    phrase = " ".join(words)
    label_match = Q()
    category_match = Q()
    for word in words:
        label_match &= _any_field(LABEL_FIELDS, "icontains", word)
        category_match &= _any_field(CATEGORY_NAME_FIELDS, "icontains", word)
    categories = ProductCategory.objects.filter(category_match, is_active=True)
    in_category = Q(
        code__in=ProductCategory.cpv_codes.through.objects.filter(productcategory__in=categories).values("cpvcode_id")
    )
    codes = codes.filter(label_match | in_category).annotate(
        rank=Case(
            When(in_category, then=0),
            When(_any_field(LABEL_FIELDS, "iexact", phrase), then=1),
            When(_any_field(LABEL_FIELDS, "istartswith", phrase), then=2),
            default=3,
            output_field=IntegerField(),
        )
    )
    return list(codes.order_by("rank", "level", "code")[:limit])


def cpv_family(prefix: str | None) -> dict:
    """Where a code stands in the vocabulary, for picking one from its hierarchy: ``{"code": (code,
    label) or None, "broader": [(code, label)...] from its division down, "narrower": [(code, label)...]
    one level down, "within": the digits when they start codes but name none ("3925"), else ""}``,
    labels in the active language. ``prefix``: a code's significant digits (``cpv_prefix``, what the
    search's CPV filter holds); none, or digits that start no code, gives the divisions as "narrower".
    Kept a few minutes per worker process (``core.kept``), under the reference data's changes
    (``core.choices.generation``: an import of the vocabulary)."""
    from django.utils.translation import get_language

    from buyersgroup.core.choices import generation
    from buyersgroup.core.kept import kept

    key = f"cpv-family:{prefix or ''}:{get_language()}:{generation()}"
    return kept("template_fragments", {key: key}, lambda _missing: {key: _read_family(prefix)})[key]


def _read_family(prefix: str | None) -> dict:
    from buyersgroup.taxonomy.models import CpvCode

    # The code and its broader codes, which its first digits name: one statement.
    wanted = [prefix[:length].ljust(8, "0") for length in range(2, len(prefix) + 1)] if prefix else []
    found = {code.code: code for code in CpvCode.objects.filter(code__in=wanted)}
    node = found.get(prefix.ljust(8, "0")) if prefix else None
    broader = [(code, found[code].label) for code in sorted(found, key=lambda code: len(cpv_prefix(code)))
               if node is None or code != node.code]
    if node is not None:
        return {"code": (node.code, node.label), "broader": broader, "within": "",
                "narrower": [(code.code, code.label) for code in node.children.order_by("code")]}
    # Digits that name no code may still start some (3925: 39254000... under 39200000; a level the
    # vocabulary skips): the highest of those, under the codes the digits do name.
    highest = (CpvCode.objects.filter(code__startswith=prefix).exclude(parent__code__startswith=prefix)
               .order_by("code") if prefix else CpvCode.objects.none())
    narrower = [(code.code, code.label) for code in highest]
    if narrower:
        return {"code": None, "broader": broader, "within": prefix, "narrower": narrower}
    divisions = CpvCode.objects.filter(parent__isnull=True).order_by("code")
    return {"code": None, "broader": [], "within": "", "narrower": [(code.code, code.label) for code in divisions]}
