from html import escape

from django import template
from django.utils.safestring import mark_safe

register = template.Library()

# A facet lists its empty choices (count 0, not ticked) only when it has at most this many.
SHOW_EMPTY_UP_TO = 10


@register.simple_tag
def facet_list(facets):
    """The facets of a search as checkbox groups with their counts.

    Each is rendered open (without JavaScript every choice stays reachable); on a phone the
    search page's script closes the ones with nothing ticked (static/js/search.js).

    Built in Python: a search page shows a dozen facets and a few hundred choices, which the
    template engine took several milliseconds of CPU to render on every search.
    """
    parts = []
    for facet in facets:
        # Escaped as format_html would (django.utils.html.escape is html.escape), once per value.
        name = escape(facet.name)
        show_empty = len(facet.choices) <= SHOW_EMPTY_UP_TO
        items = []
        for choice in facet.choices:
            if choice.count or choice.checked:
                checked = " checked" if choice.checked else ""
                items.append(f'<li><label><input type="checkbox" name="{name}" value="{escape(choice.value)}"{checked}>\n'
                             f'        {escape(choice.label)} <span class="facet-count">({choice.count:d})</span></label></li>')
            elif show_empty:
                items.append(f'<li class="facet-empty"><label><input type="checkbox" name="{name}" '
                             f'value="{escape(choice.value)}">\n        {escape(choice.label)} '
                             '<span class="facet-count">(0)</span></label></li>')
        label = escape(facet.label)
        parts.append(f'<details class="facet" data-facet="{name}" open>\n  <summary>{label}</summary>\n  <fieldset>\n'
                     f'    <legend class="visually-hidden">{label}</legend>\n    <ul class="facet-choices">\n      '
                     + "\n      ".join(items) + "\n    </ul>\n  </fieldset>\n</details>")
    return mark_safe("\n".join(parts))


@register.inclusion_tag("search/_saved_list.html", takes_context=True)
def saved_searches(context):
    """The member's saved searches (on the home page)."""
    user = context["request"].user
    return {"saved_searches": list(user.saved_searches.all()[:20]), "request": context["request"]}
