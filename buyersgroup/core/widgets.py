"""Form widgets that render in Python where Django's per-option machinery costs too much.

Django builds a context dict and renders a template for every ``<option>``: a filter
listing 300 organisations spent about 15 ms of CPU on one select, on every page view.
"""

from __future__ import annotations

from html import escape  # what django.utils.html.escape does, without its check for lazy text per call

from django import forms
from django.forms.utils import flatatt
from django.utils.safestring import mark_safe


class FastSelect(forms.Select):
    """The same ``<select>`` as ``forms.Select`` (attributes, selected option), built in one pass.
    Flat choice lists only (no option groups)."""

    def render(self, name, value, attrs=None, renderer=None):
        selected = {str(v) for v in self.format_value(value)}
        options = []
        for option_value, label in self.choices:
            option_value = "" if option_value is None else str(option_value)
            mark = " selected" if option_value in selected else ""
            options.append(f'<option value="{escape(option_value)}"{mark}>{escape(str(label))}</option>')
            if mark and not self.allow_multiple_selected:
                selected = set()
        final_attrs = flatatt(self.build_attrs(self.attrs, attrs))
        return mark_safe(f'<select name="{escape(str(name))}"{final_attrs}>{"".join(options)}</select>')
