"""Form widgets that render in Python where Django's per-option machinery costs too much.

Django builds a context dict and renders a template for every ``<option>``: a filter
listing 300 organisations spent about 15 ms of CPU on one select, on every page view.
"""

from __future__ import annotations

from html import escape  # what django.utils.html.escape does, without its check for lazy text per call

from django import forms
from django.forms.utils import flatatt
from django.utils.safestring import mark_safe

# The options of the kept choice lists (core.choices: the same list object for minutes), rendered:
# {id(list): (list, selected values, HTML)}. A few lists per language; emptied when it grows.
_rendered: dict[int, tuple[list, frozenset, str]] = {}
RENDERED_MAX = 64


class FastSelect(forms.Select):
    """The same ``<select>`` as ``forms.Select`` (attributes, selected option), built in one pass.
    Flat choice lists only (no option groups). The options of a kept list are built once for
    each selection (mostly none)."""

    def render(self, name, value, attrs=None, renderer=None):
        selected = frozenset(str(v) for v in self.format_value(value))
        final_attrs = flatatt(self.build_attrs(self.attrs, attrs))
        return mark_safe(f'<select name="{escape(str(name))}"{final_attrs}>{self._options(selected)}</select>')

    def _options(self, selected: frozenset) -> str:
        choices = self.choices
        kept = _rendered.get(id(choices))
        if kept is not None and kept[0] is choices and kept[1] == selected:
            return kept[2]
        options, marking = [], set(selected)
        for option_value, label in choices:
            option_value = "" if option_value is None else str(option_value)
            mark = " selected" if option_value in marking else ""
            options.append(f'<option value="{escape(option_value)}"{mark}>{escape(str(label))}</option>')
            if mark and not self.allow_multiple_selected:
                marking = set()
        html = "".join(options)
        if isinstance(choices, list):  # a kept list (a field's own choices are rebuilt for each form)
            if len(_rendered) >= RENDERED_MAX:
                _rendered.clear()
            _rendered[id(choices)] = (choices, selected, html)
        return html
