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


class ContentPartNode(template.Node):
    def __init__(self, name: str, nodelist):
        self.name, self.nodelist = name, nodelist

    def render(self, context) -> str:
        content = context.get("content")
        kept = content.part(self.name) if content is not None else None
        if kept is not None:
            return kept
        output = self.nodelist.render(context)
        if content is not None:
            content.rendered[self.name] = output
        return output


@register.tag
def content_part(parser, token):
    """``{% content_part "facts" %}…{% endcontent_part %}``: a part of a detail page that is the same
    for every reader, kept once rendered (buyersgroup.entries.content). Nothing in it may depend
    on the reader, except what the part's key holds."""
    bits = token.split_contents()
    if len(bits) != 2 or bits[1][0] not in "\"'" or bits[1][0] != bits[1][-1]:
        raise template.TemplateSyntaxError("{% content_part %} takes one quoted name")
    nodelist = parser.parse(("endcontent_part",))
    parser.delete_first_token()
    return ContentPartNode(bits[1][1:-1], nodelist)
