"""Pagination whose cost does not grow with the table.

Django's ``Paginator`` counts every matching row on every request. With a
hundred thousand tenders that count is the slowest statement of the page, and
nobody reads page 4,000 of anything: lists count at most ``cap`` rows
(``SELECT COUNT(*) FROM (… LIMIT cap + 1)``, which stops early on an index) and
say "more than …" beyond it. Narrowing the list (filters, search) is how one
gets further.
"""

from __future__ import annotations

from django.core.paginator import Paginator
from django.utils.functional import cached_property

COUNT_CAP = 10_000


class CappedPaginator(Paginator):
    def __init__(self, object_list, per_page, cap: int = COUNT_CAP, **kwargs):
        super().__init__(object_list, per_page, **kwargs)
        self.cap = cap

    @cached_property
    def _counted(self) -> int:
        return self.object_list.order_by()[: self.cap + 1].count()

    @cached_property
    def count(self) -> int:
        return min(self._counted, self.cap)

    @property
    def capped(self) -> bool:
        """True when there are more rows than were counted (the page says "more than")."""
        return self._counted > self.cap


class KnownCountPaginator(Paginator):
    """A paginator told the number of rows by a statement that counted them already."""

    def __init__(self, object_list, per_page, *, count: int, **kwargs):
        super().__init__(object_list, per_page, **kwargs)
        self.known_count = count

    @cached_property
    def count(self) -> int:
        return self.known_count
