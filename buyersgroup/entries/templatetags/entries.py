from django import template

from buyersgroup.entries import registry

register = template.Library()


@register.simple_tag
def entry_url(entry, name: str) -> str:
    """``{% entry_url entry "edit" %}``: a page of this entry, in its kind's namespace."""
    return registry.of(entry).url(name, entry.pk)


@register.simple_tag
def entry_action_url(entry, action: str) -> str:
    return registry.of(entry).url("act", entry.pk, action)


@register.filter
def published_label(kind, count) -> str:
    """``{{ kind|published_label:count }}``: "published tenders", in the kind's own words."""
    return kind.published_label(count)
