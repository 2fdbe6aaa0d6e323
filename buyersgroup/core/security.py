"""Write the security log. Never pass passwords, tokens or keys in ``detail``."""

from __future__ import annotations

import logging

from allauth.core.internal.httpkit import get_client_ip

from buyersgroup.core.models import SecurityEvent

logger = logging.getLogger("buyersgroup.security")
_SECRET_WORDS = ("password", "token", "secret", "key", "code")


def record(kind: str, request=None, *, actor=None, email: str = "", **detail) -> SecurityEvent:
    for name in detail:
        if any(word in name.lower() for word in _SECRET_WORDS):
            raise ValueError(f"the security log never stores {name!r}")
    ip = user_agent = path = ""
    if request is not None:
        ip = get_client_ip(request) or None
        user_agent = request.headers.get("user-agent", "")[:300]
        path = request.path[:300]
        if actor is None and getattr(request, "user", None) is not None and request.user.is_authenticated:
            actor = request.user
    event = SecurityEvent.objects.create(
        kind=kind,
        actor=actor,
        email=(email or getattr(actor, "email", "") or "")[:254],
        ip=ip or None,
        user_agent=user_agent,
        path=path,
        detail=detail,
    )
    logger.info("security event", extra={"event": kind, "actor": actor.pk if actor else None, "ip": ip})
    return event
