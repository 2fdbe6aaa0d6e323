"""Write the security log. Never pass passwords, tokens or keys in ``detail``."""

from __future__ import annotations

import logging

from allauth.core.internal.httpkit import get_client_ip
from django.urls import Resolver404, resolve

from buyersgroup.core.models import SecurityEvent

logger = logging.getLogger("buyersgroup.security")
_SECRET_WORDS = ("password", "token", "secret", "key", "code")


def _is_secret(name: str) -> bool:
    return any(word in name.lower() for word in _SECRET_WORDS)


def _path_without_secrets(request) -> str:
    """The address, with keys and tokens in it (invitation, e-mail confirmation, reset links) hidden."""
    path = request.path
    match = getattr(request, "resolver_match", None)
    if match is None:
        try:
            match = resolve(request.path_info)
        except Resolver404:
            return path
    for name, value in match.kwargs.items():
        if _is_secret(name) and value:
            path = path.replace(str(value), "[hidden]")
    return path


def record(kind: str, request=None, *, actor=None, email: str = "", **detail) -> SecurityEvent:
    for name in detail:
        if _is_secret(name):
            raise ValueError(f"the security log never stores {name!r}")
    ip = user_agent = path = ""
    if request is not None:
        ip = get_client_ip(request) or None
        user_agent = request.headers.get("user-agent", "")[:300]
        path = _path_without_secrets(request)[:300]
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
