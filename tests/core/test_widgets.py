"""FastSelect renders the same select as Django's Select: same attributes, options and selection."""

import re

import pytest
from django import forms

from buyersgroup.core.widgets import FastSelect

CHOICES = [("", "All organisations"), (1, "Stad Gent & OCMW"), (2, "FOD BOSA")]


def _parsed(html):
    select = re.search(r"<select([^>]*)>", html).group(1)
    options = re.findall(r'<option value="([^"]*)"( selected)?>([^<]*)</option>', html)
    return sorted(re.findall(r'(\S+?)="([^"]*)"', select)), options


@pytest.mark.parametrize("value", [None, "", "2"])
def test_fast_select_renders_what_select_renders(value):
    attrs = {"id": "id_organisation", "aria-describedby": "id_organisation_helptext"}
    django = forms.Select(choices=CHOICES).render("organisation", value, attrs)
    fast = FastSelect(choices=CHOICES).render("organisation", value, attrs)
    assert _parsed(fast) == _parsed(django)
    assert "Stad Gent &amp; OCMW" in fast


def test_a_kept_list_s_options_are_built_once_for_each_selection():
    """core.choices gives every form the same list for minutes: its options are kept, per selection."""
    kept = [("", "All organisations"), ("1", "Stad Gent & OCMW"), ("2", "FOD BOSA")]
    widgets = [FastSelect(), FastSelect(), FastSelect()]
    for widget in widgets:
        widget._choices = kept  # as core.choices.use_kept_choices sets it
    selected = [re.findall(r'<option value="([^"]*)" selected>', widget.render("organisation", value))
                for widget, value in zip(widgets * 2, ["2", None, "1", "2", "", "1"])]
    assert selected == [["2"], [""], ["1"], ["2"], [""], ["1"]]  # no value: "All organisations", as Select does
