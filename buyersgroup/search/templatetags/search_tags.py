from django import template
from django.utils.html import format_html, format_html_join
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
        show_empty = len(facet.choices) <= SHOW_EMPTY_UP_TO
        items = []
        for choice in facet.choices:
            if choice.count or choice.checked:
                items.append(format_html(
                    '<li><label><input type="checkbox" name="{}" value="{}"{}>\n        {} '
                    '<span class="facet-count">({})</span></label></li>',
                    facet.name, choice.value, mark_safe(" checked") if choice.checked else "", choice.label,
                    choice.count))
            elif show_empty:
                items.append(format_html(
                    '<li class="facet-empty"><label><input type="checkbox" name="{}" value="{}">\n        {} '
                    '<span class="facet-count">(0)</span></label></li>', facet.name, choice.value, choice.label))
        parts.append(format_html(
            '<details class="facet" data-facet="{}" open>\n  <summary>{}</summary>\n  <fieldset>\n'
            '    <legend class="visually-hidden">{}</legend>\n    <ul class="facet-choices">\n      {}\n    </ul>\n'
            '  </fieldset>\n</details>', facet.name, facet.label, facet.label, mark_safe("\n      ".join(items))))
    return mark_safe("\n".join(parts))


@register.inclusion_tag("search/_saved_list.html", takes_context=True)
def saved_searches(context):
    """The member's saved searches (on the home page)."""
    user = context["request"].user
    return {"saved_searches": list(user.saved_searches.all()[:20]), "request": context["request"]}
