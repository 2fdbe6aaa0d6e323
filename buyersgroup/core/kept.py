"""Things rendered once and kept by each app server until what they show changes.

Kept in the memory of each worker process (gunicorn runs several a server): each fills its own copy.

One way to do it for every kind of thing: the caller names each thing's key (what it shows: its
last change, the language, ``core.choices.generation()``...), and how to render those not found.
Used by the entry lists' rows (entries.rows) and the API's items (entries.content).
"""

from __future__ import annotations

from typing import Callable, Hashable, TypeVar

from django.conf import settings
from django.core.cache import caches

K = TypeVar("K", bound=Hashable)


def kept(cache: str, keys: dict[K, str], render: Callable[[list[K]], dict[K, object]]) -> dict[K, object]:
    """``{thing: rendered}`` for every thing of ``keys``: those kept under their key, and
    ``render(missing)`` for the others, kept for ``ENTRY_CONTENT_SECONDS`` (0: nothing kept). A thing
    ``render`` leaves out (gone meanwhile) is left out."""
    seconds = settings.ENTRY_CONTENT_SECONDS
    store = caches[cache]
    found = store.get_many(list(keys.values())) if seconds and keys else {}
    result = {thing: found[key] for thing, key in keys.items() if key in found}
    missing = [thing for thing in keys if thing not in result]
    if missing:
        made = render(missing)
        if seconds:
            store.set_many({keys[thing]: value for thing, value in made.items() if thing in keys}, seconds)
        result.update(made)
    return result
