from django import template

from buyersgroup.members.sessions import session_rows

register = template.Library()


@register.simple_tag
def readable_sessions(sessions):
    """{% readable_sessions sessions as rows %}: see buyersgroup/members/sessions.py."""
    return session_rows(sessions)
