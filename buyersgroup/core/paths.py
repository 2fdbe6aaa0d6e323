"""Paths of many rows at once: ``reverse()`` once, then each row's id put in its place."""

from __future__ import annotations

from collections.abc import Callable

from django.urls import reverse

PLACEHOLDER_ID = 918273645  # an id no row has, replaced by each row's


def path_maker(viewname: str) -> Callable[[int], str]:
    """A function pk -> ``reverse(viewname, args=[pk])``, reversed once (about 30 µs a call saved,
    for each row of a page). The language prefix is the one active now."""
    before, after = reverse(viewname, args=[PLACEHOLDER_ID]).split(str(PLACEHOLDER_ID), 1)
    return lambda pk: f"{before}{pk}{after}"
