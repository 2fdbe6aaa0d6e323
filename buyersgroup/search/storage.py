"""Where PostgreSQL stores the columns a search reads for every match: in the entry's own row.

A search ranks each match by its own words (``search_vector``, about 1.7 KB) and the facets read
each match's category and criterion ids and its languages or themes. PostgreSQL moves the
largest values of a row over 2 KB to the table's TOAST storage, and from there even small arrays:
each match then costs an index lookup and a read in that other table per column (a 3,000-match
search at 100,000 tenders read 20,000 pages to rank them, instead of 8,000). ``STORAGE MAIN``
keeps these columns in the row; the documents' words (``documents_vector``, several KB, only
used through its GIN index) still move out first.

A storage setting applies to the values written after it, so the migration writes the existing
values again (an expression that builds each value anew; a value passed through unchanged would
keep its place).
"""

from __future__ import annotations

from django.db import migrations

# Each column's type: how to build a value of it anew.
_REBUILD = {"tsvector": "{column} || ''::tsvector", "array": "ARRAY(SELECT unnest({column}))"}


def keep_in_row(table: str, columns: dict[str, str], rewrite: bool = True) -> migrations.RunSQL:
    """``columns``: name -> "tsvector" or "array". ``rewrite=False`` for new columns, whose values
    are all written after the setting."""
    # Every row is written: not bound by the portal's statement timeout (this migration's transaction only).
    forward = ["SET LOCAL statement_timeout = 0"]
    forward += [f"ALTER TABLE {table} ALTER COLUMN {column} SET STORAGE MAIN" for column in columns]
    if rewrite:
        forward.append(f"UPDATE {table} SET " + ", ".join(
            f"{column} = {_REBUILD[kind].format(column=column)}" for column, kind in columns.items()))
    backward = [f"ALTER TABLE {table} ALTER COLUMN {column} SET STORAGE EXTENDED" for column in columns]
    return migrations.RunSQL(forward, backward)
