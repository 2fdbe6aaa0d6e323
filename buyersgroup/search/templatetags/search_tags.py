from django import template

register = template.Library()


@register.inclusion_tag("search/_saved_list.html", takes_context=True)
def saved_searches(context):
    """The member's saved searches (on the home page)."""
    user = context["request"].user
    return {"saved_searches": list(user.saved_searches.all()[:20]), "request": context["request"]}
