import hashlib
from html import escape

from django import template
from django.http import QueryDict
from django.template.loader import get_template
from django.utils.safestring import mark_safe
from django.utils.translation import get_language
from django.utils.translation import gettext as _

from buyersgroup.core import choices
from buyersgroup.core.kept import kept
from buyersgroup.search.filters import filter_label

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


@register.simple_tag
def filter_fields(form, facet_names):
    """The search form's fields that are not facets nor the words (organisation, year and value
    ranges, CPV code), each with its label, help and errors (includes/field.html).

    Kept by this app server as rendered, under what they show: the form, each field's label, the
    values asked and the errors, the language, and the reference data (``core.choices.generation``:
    an organisation renamed). Most searches ask none of them: their HTML is the same for every one,
    and rendering it through the template engine took 1 to 2.5 ms of a search page's CPU.
    """
    fields = [form[name] for name in form.fields if name not in facet_names and name != "q"]
    data = form.data
    shown = (type(form).__module__, type(form).__qualname__, form.prefix, form.is_bound, get_language(),
             choices.generation(),
             [(field.html_name, str(field.label),
               data.getlist(field.html_name) if hasattr(data, "getlist") else data.get(field.html_name),
               list(field.errors)) for field in fields])
    key = "filter-fields:" + hashlib.sha256(repr(shown).encode()).hexdigest()
    row = get_template("includes/field.html")
    return kept("template_fragments", {key: key},
                lambda _missing: {key: mark_safe("".join(row.render({"field": field}) for field in fields))})[key]


@register.simple_tag(takes_context=True)
def cpv_tree(context, search):
    """The CPV filter's codes to pick from, each a link to the same search with that code: the code
    asked with its broader codes and the narrower ones, or the divisions (``Search.cpv_family``),
    those only that classify some of the tenders found, with how many (``Search.cpv_codes``, counted
    with the facets). Closed until a code is asked; works without JavaScript (static/js/search.js
    loads it in place)."""
    if "cpv" not in search.form.fields:
        return ""
    family = search.cpv_family()
    codes = search.cpv_codes()
    # The search's parameters but its page (the view's ``query_string``, as its export links use it).
    params = QueryDict(context["query_string"], mutable=True)

    def href(code: str | None) -> str:
        params.setlist("cpv", [code] if code else [])
        return escape("?" + params.urlencode())

    def named(code: str, label: str) -> str:
        return f"{escape(code)} {escape(label)}"

    # (Translated outside the f-strings, where makemessages would not find them.)
    summary, everything = _("Pick a CPV code from its hierarchy"), _("All divisions")
    # Digits asked that start no code ("99"): the filter finds nothing, and the codes say why.
    unknown = search.form.cleaned_data.get("cpv") if not family["code"] and not family["within"] else ""
    opened = " open" if family["code"] or family["within"] or unknown else ""
    parts = [f'<details class="cpv-tree"{opened}>', f'<summary>{escape(summary)}</summary>']
    if unknown:
        parts.append(f'<p class="cpv-tree-path"><a href="{href(None)}">{escape(everything)}</a></p>')
        listed, none = _("Divisions"), _("No CPV code starts with %(digits)s.") % {"digits": unknown}
    elif family["code"] or family["within"]:
        path = [f'<a href="{href(None)}">{escape(everything)}</a>']
        path += [f'<a href="{href(code)}">{named(code, label)}</a>' for code, label in family["broader"]]
        asked = (named(*family["code"]) if family["code"] else
                 escape(_("The codes starting with %(digits)s") % {"digits": family["within"]}))
        path.append(f'<strong aria-current="location">{asked}</strong>')
        parts.append(f'<p class="cpv-tree-path">{" › ".join(path)}</p>')
        listed, none = _("Narrower codes"), _("None of the tenders found has a narrower code.")
    else:
        listed, none = _("Divisions"), _("None of the tenders found has a CPV code.")
    if codes:
        parts.append(f'<ul class="cpv-tree-codes" aria-label="{escape(listed)}">' + "".join(
            f'<li><a href="{href(choice.value)}">{named(choice.value, choice.label)}</a> '
            f'<span class="facet-count">({choice.count:d})</span></li>' for choice in codes) + "</ul>")
    else:
        parts.append(f'<p class="cpv-tree-codes">{escape(none)}</p>')
    parts.append("</details>")
    return mark_safe("\n".join(parts))  # every value above escaped


@register.inclusion_tag("search/_saved_list.html", takes_context=True)
def saved_searches(context, limit=None):
    """The member's saved searches (the home page shows the first ``limit``, their page all), each
    paused one with the labels of the filters that no longer take their value (digests._pause)."""
    user = context["request"].user
    saved = user.saved_searches.all()
    listed = list(saved[:limit + 1] if limit else saved)
    for search in listed:
        search.paused_labels = ", ".join(_("“%(filter)s”") % {"filter": filter_label(name)}
                                         for name in search.paused_filters)
    return {"saved_searches": listed[:limit] if limit else listed, "more": bool(limit) and len(listed) > limit,
            "request": context["request"]}
