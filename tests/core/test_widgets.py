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
