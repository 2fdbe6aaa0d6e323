"""Statements the database may stop.

Every connection carries a statement timeout (``DATABASE_STATEMENT_TIMEOUT_MS``, 3 s by default,
set in the settings): no page waits longer on PostgreSQL. Views that run a member's open-ended
request (search, the API's lists, Insights) catch the stop (``OperationalError``) and say so.
"""

from contextlib import nullcontext

from django.db import connection, transaction


def stoppable():
    """Wrap statements the timeout may stop. In autocommit (how the portal runs) nothing is needed;
    inside an outer transaction (tests) a savepoint keeps the connection usable after the stop."""
    return transaction.atomic() if connection.in_atomic_block else nullcontext()
