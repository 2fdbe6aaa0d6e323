"""Amounts and file sizes as each language writes them; a builtin of every template.

Dates follow the format modules (buyersgroup/formats): ``{{ day|date }}`` is enough.

    {{ tender.estimated_value|eur }}   €250,000.00 · € 250.000,00 · 250 000,00 €
    {{ tender.estimated_value|eur:0 }} €250,000    · € 250.000    · 250 000 €
    {{ document.size|filesize }}       1.2 MB      · 1,2 MB       · 1,2 Mo
"""

from __future__ import annotations

from django import template
from django.template.defaultfilters import floatformat
from django.utils.formats import number_format
from django.utils.translation import get_language, ngettext, pgettext

register = template.Library()

NBSP = "\xa0"
# Where the euro sign goes: after the amount in French, before it (spaced in Dutch) otherwise.
EURO_PATTERNS = {"fr": "{amount}" + NBSP + "€", "nl": "€" + NBSP + "{amount}", "en": "€{amount}"}


@register.filter
def eur(value, decimals: int = 2) -> str:
    """An amount in euro, grouped in thousands, with the sign where the language puts it."""
    if value is None or value == "":
        return ""
    amount = floatformat(value, f"{int(decimals)}g")
    if amount == "":
        return ""
    language = (get_language() or "en").split("-")[0]
    return EURO_PATTERNS.get(language, EURO_PATTERNS["en"]).format(amount=amount)


@register.filter
def filesize(value) -> str:
    """A file size in bytes, KB, MB or GB (1 KB = 1,024 bytes); French says Ko, Mo, Go."""
    try:
        size = int(value)
    except (TypeError, ValueError):
        return ""
    if size < 1024:
        return ngettext("%(size)d byte", "%(size)d bytes", size) % {"size": size}
    units = [
        pgettext("file size", "%(number)s KB"),
        pgettext("file size", "%(number)s MB"),
        pgettext("file size", "%(number)s GB"),
    ]
    number, unit = size / 1024, 0
    while number >= 1024 and unit < len(units) - 1:
        number, unit = number / 1024, unit + 1
    return (units[unit] % {"number": number_format(round(number, 1), 1)}).replace(" ", NBSP)
