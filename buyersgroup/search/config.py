"""Which text search configuration reads which language (see migrations/0001)."""

from __future__ import annotations

CONFIG_BY_LANGUAGE = {"nl": "dutch_unaccent", "fr": "french_unaccent", "en": "english_unaccent"}
FALLBACK_CONFIG = "simple_unaccent"  # German and anything else: accents folded, no stemming
# A query is read in each of these and the results OR-ed: one GIN index scan each.
QUERY_CONFIGS = ("dutch_unaccent", "french_unaccent", "english_unaccent", "simple_unaccent")


def config_case_sql(column: str) -> str:
    """SQL choosing the configuration by a row's language column."""
    whens = " ".join(f"WHEN '{lang}' THEN '{cfg}'" for lang, cfg in CONFIG_BY_LANGUAGE.items())
    return f"(CASE {column} {whens} ELSE '{FALLBACK_CONFIG}' END)::regconfig"


# The weight of an entry's title and of its summary in its vector of words (search.indexing), each its
# own: a snippet tells from the vector which of them holds the words (search.query._own_sources).
WEIGHTS = {"title": "A", "summary": "B"}
