"""Strict readers for settings that come from the environment.

A typo must stop the start, never silently mean something else: ``DEBUG=ture``
raises instead of being read as true or false.
"""

from __future__ import annotations

import os
import re

from django.core.exceptions import ImproperlyConfigured

_TRUE = {"1", "true", "yes", "on"}
_FALSE = {"0", "false", "no", "off"}


def env_str(name: str, default: str | None = None) -> str | None:
    """The variable, or the contents of the file named by NAME_FILE (for secrets)."""
    file_name = os.environ.get(f"{name}_FILE")
    if file_name:
        with open(file_name, encoding="utf-8") as handle:
            return handle.read().strip()
    value = os.environ.get(name)
    return default if value is None or value == "" else value


def env_bool(name: str, default: bool) -> bool:
    value = env_str(name)
    if value is None:
        return default
    lowered = value.strip().lower()
    if lowered in _TRUE:
        return True
    if lowered in _FALSE:
        return False
    raise ImproperlyConfigured(f"{name}={value!r}: use true/false (or 1/0, yes/no, on/off).")


def env_int(name: str, default: int) -> int:
    value = env_str(name)
    if value is None:
        return default
    try:
        return int(value)
    except ValueError:
        raise ImproperlyConfigured(f"{name}={value!r}: expected a whole number.") from None


def env_choice(name: str, default: str, choices: tuple[str, ...]) -> str:
    """A setting that picks a mode: only its documented values pass (``S3`` is not ``s3``)."""
    value = env_str(name, default)
    if value not in choices:
        allowed = ", ".join(choices)
        raise ImproperlyConfigured(f"{name}={value!r}: use one of {allowed}. See README, 'Configuration'.")
    return value


def env_list(name: str, default: list[str] | None = None) -> list[str]:
    value = env_str(name)
    if value is None:
        return list(default or [])
    return [item.strip() for item in value.split(",") if item.strip()]


def env_rates(name: str, default: str) -> str:
    """Rate limits in allauth's notation, "30/m/user,300/h/user"; anything else stops the start."""
    value = env_str(name, default)
    rate = r"\s*\d+/\d*[smhd](/(ip|user|key))?\s*"
    if not re.fullmatch(rf"{rate}(,{rate})*", value):
        raise ImproperlyConfigured(f"{name}={value!r}: expected rates like 30/m/user,300/h/user.")
    return value


def require(name: str, value, reason: str):
    """Stop the start with a clear message when a production setting is missing."""
    if not value:
        raise ImproperlyConfigured(
            f"{name} must be set when DEBUG is off ({reason}). See README, 'Configuration'."
        )
    return value
