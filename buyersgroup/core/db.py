"""Statements the database may stop.

Every connection carries a statement timeout (``DATABASE_STATEMENT_TIMEOUT_MS``, 3 s by default,
set in the settings): no page waits longer on PostgreSQL. Views that run a member's open-ended
request (search, the API's lists, Insights) catch the stop (``OperationalError``) and say so.
"""

from contextlib import contextmanager, nullcontext

from django.db import connection, transaction
from django.db.models import BigIntegerField, Func, Lookup


def stoppable():
    """Wrap statements the timeout may stop. In autocommit (how the portal runs) nothing is needed;
    inside an outer transaction (tests) a savepoint keeps the connection usable after the stop."""
    return transaction.atomic() if connection.in_atomic_block else nullcontext()


@contextmanager
def text_search(active: bool = True):
    """Statements matching words: the timeout may stop them (as ``stoppable``), and PostgreSQL
    is told to use the indexes. Its planner does not count the cost of decompressing every
    stored vector a table scan reads: for a word in half the entries it picks the scan, ten
    times slower than the GIN indexes (1.7 s against 0.15 s at 100,000 tenders). The setting
    lasts for these statements only, as does the other: no parallel workers (on two cores serving
    three app workers they only add start-up time: 55 → 34 ms for a typical search's results).
    ``active=False`` (no words): just ``stoppable``."""
    if not active:
        with stoppable():
            yield
        return
    if connection.in_atomic_block:  # tests: within a savepoint, which a timeout rolls back with the
        # settings; released, it keeps them until the outer transaction (the test's) ends
        with transaction.atomic():
            with connection.cursor() as cursor:
                cursor.execute("; ".join(f"SET LOCAL {name} = {value}" for name, value in SEARCH_SETTINGS))
            yield
        return
    # Autocommit (how the portal runs): set for the session, reset whatever happens (one statement
    # fewer than a transaction's BEGIN, SET LOCAL and COMMIT).
    with connection.cursor() as cursor:
        cursor.execute("; ".join(f"SET {name} = {value}" for name, value in SEARCH_SETTINGS))
    try:
        yield
    finally:
        with connection.cursor() as cursor:
            cursor.execute("; ".join(f"RESET {name}" for name, _value in SEARCH_SETTINGS))


SEARCH_SETTINGS = (
    ("enable_seqscan", "off"),
    ("max_parallel_workers_per_gather", "0"),
    # PostgreSQL's own cost of a random read, not the connection's 1.1 (settings.DATABASES): with it, a
    # word it thinks most entries hold ("laptop", in 86 % of the tenders) was matched by reading every
    # published entry through a date index and checking its stored words, decompressed one by one,
    # instead of asking the GIN indexes of words. SQL of a first view at 100,000 tenders, in process:
    # "laptop" of tenders 662 -> 468 ms, with a category ticked 466 -> 269, its third page newest first
    # 847 -> 369, "repair laptop" 497 -> 156; 16 other searches, of rarer or broad words the planner
    # judged right, 0.80-1.02 of their time (README, Performance; make bench measures "laptop").
    ("random_page_cost", "4"),
    # "Did you mean" (search.query.suggestion) finds the titles holding a word close to one typed through
    # their trigram index: at the default 0.6 one letter left out of a short word ("laptps", 0.57) was
    # too far to find "laptops".
    ("pg_trgm.word_similarity_threshold", "0.5"),
)


class InArray(Lookup):
    """``column = ANY(ARRAY(subquery))``: the subquery runs first and the entries are then read by
    their primary key. Written as ``IN (subquery)``, PostgreSQL misjudges how many rows a text
    search returns (its estimate is often ten times too high) and reads the whole table with a
    hash join; the array form makes it probe the index for the ids found (183 → 34 ms for a
    3,000-match search at 100,000 tenders)."""

    lookup_name = "in_array"

    def as_sql(self, compiler, connection):
        lhs, lhs_params = self.process_lhs(compiler, connection)
        rhs, rhs_params = self.process_rhs(compiler, connection)
        return f"{lhs} = ANY(ARRAY{rhs})", [*lhs_params, *rhs_params]


class ArrayBits(Func):
    """The values of a text array among ``known`` as a bit mask (bit i: ``known[i]`` is one of them),
    for a stored generated column (SQL function ``bits_of``, immutable, created by migration tenders
    0022). Grouped by, a few masks hash and compare as integers, where arrays are compared element by
    element: the facets of a broad search group every match by such lists (buyersgroup.search.facets;
    85,798 matches: 180 -> 65 ms of grouping). ``known`` is written into the column's expression: a
    value added to it later needs a migration (makemigrations sees it)."""

    output_field = BigIntegerField()

    def __init__(self, expression, known):
        known = tuple(known)
        if len(known) > 63 or not all(value.isascii() and value.replace("_", "").isalnum() for value in known):
            raise ValueError("at most 63 known values, each letters, digits and underscores")
        self.known = known
        super().__init__(expression)

    def as_sql(self, compiler, connection, **extra):
        sql, params = compiler.compile(self.source_expressions[0])
        return f"bits_of(({sql})::text[], '{{{','.join(self.known)}}}'::text[])", params


def related_only(queryset, relation: str, *keep: str):
    """Read only the columns ``keep`` (and the key) of the ``relation`` the queryset selects
    (``select_related``): a page that shows a member's name does not read their password hash,
    preferences and profile. Reading another of its fields later costs a query."""
    model = queryset.model._meta.get_field(relation).related_model
    unused = [f"{relation}__{field.name}" for field in model._meta.concrete_fields
              if not field.primary_key and field.name not in keep]
    return queryset.defer(*unused)
