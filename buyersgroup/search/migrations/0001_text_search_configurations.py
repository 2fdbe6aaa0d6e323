"""Accent-insensitive text search configurations: one per language, plus "simple" for names and codes.

Word tokens with letters outside ASCII go through unaccent before the language's stemmer,
so "réparabilité" and "reparabilite" become the same lexeme.
"""

from django.db import migrations

CONFIGURATIONS = {"dutch_unaccent": "dutch", "french_unaccent": "french", "english_unaccent": "english",
                  "simple_unaccent": "simple"}


def _create(name, source):
    stemmer = "simple" if source == "simple" else f"{source}_stem"
    return (
        f"CREATE TEXT SEARCH CONFIGURATION {name} (COPY = {source});"
        f"ALTER TEXT SEARCH CONFIGURATION {name} ALTER MAPPING FOR hword, hword_part, word WITH unaccent, {stemmer};"
    )


class Migration(migrations.Migration):
    dependencies = [("core", "0003_cache_table_and_extensions")]

    operations = [
        migrations.RunSQL(
            "".join(_create(name, source) for name, source in CONFIGURATIONS.items()),
            "".join(f"DROP TEXT SEARCH CONFIGURATION IF EXISTS {name};" for name in CONFIGURATIONS),
        )
    ]
