"""The languages of an entry's documents, kept on the entry (``uploaded_languages``) with their words.

The facets "Document language" and "Documents" counted each match's documents: on the broadest
search of tenders (51,000 matches, 165,000 documents) that join took 400 of the facets' 840 ms.
``entry_documents_languages(content type, entry id)`` gives the languages of an entry's
documents, each once (empty: it has none); the trigger of migration 0003 now writes them with
the documents' words, also when a document's language changes. The entry tables' columns come
in their own migrations (tenders 0015, practices 0011), which fill them.
"""

import importlib

from django.db import migrations

FUNCTIONS = """
CREATE OR REPLACE FUNCTION entry_documents_languages(ct integer, entry bigint) RETURNS varchar[]
LANGUAGE sql STABLE AS $$
  SELECT coalesce(array_agg(DISTINCT language ORDER BY language), '{}')
    FROM documents_document WHERE content_type_id = ct AND object_id = entry
$$;

CREATE OR REPLACE FUNCTION entry_documents_vector_refresh(ct integer, entry bigint) RETURNS void
LANGUAGE plpgsql AS $$
DECLARE
  entry_table regclass;
BEGIN
  SELECT to_regclass(quote_ident(app_label || '_' || model)) INTO entry_table
    FROM django_content_type WHERE id = ct;
  IF entry_table IS NULL OR NOT EXISTS (
      SELECT 1 FROM pg_attribute WHERE attrelid = entry_table AND attname = 'documents_vector' AND NOT attisdropped) THEN
    RETURN;  -- documents of something that keeps no such column
  END IF;
  IF EXISTS (SELECT 1 FROM pg_attribute WHERE attrelid = entry_table AND attname = 'uploaded_languages'
             AND NOT attisdropped) THEN
    EXECUTE format('UPDATE %s SET documents_vector = entry_documents_vector($1, $2), '
                   'uploaded_languages = entry_documents_languages($1, $2) WHERE id = $2', entry_table)
      USING ct, entry;
  ELSE  -- a table whose own migration has not added the column yet
    EXECUTE format('UPDATE %s SET documents_vector = entry_documents_vector($1, $2) WHERE id = $2', entry_table)
      USING ct, entry;
  END IF;
END $$;

DROP TRIGGER documents_document_entry_vector_update ON documents_document;
CREATE TRIGGER documents_document_entry_vector_update
  AFTER UPDATE ON documents_document
  FOR EACH ROW
  WHEN (OLD.search_vector IS DISTINCT FROM NEW.search_vector OR OLD.language IS DISTINCT FROM NEW.language
        OR OLD.content_type_id IS DISTINCT FROM NEW.content_type_id OR OLD.object_id IS DISTINCT FROM NEW.object_id)
  EXECUTE FUNCTION documents_document_changed();
"""


def _previous() -> str:
    """Migration 0003's functions and triggers, as they were."""
    return importlib.import_module("buyersgroup.search.migrations.0003_entry_documents_vector").FUNCTIONS


REVERSE = [
    "DROP TRIGGER documents_document_entry_vector_update ON documents_document",
    "DROP TRIGGER documents_document_entry_vector ON documents_document",
    _previous(),
    "DROP FUNCTION entry_documents_languages(integer, bigint)",
]


class Migration(migrations.Migration):
    dependencies = [
        ("search", "0003_entry_documents_vector"),
    ]

    operations = [migrations.RunSQL(FUNCTIONS, REVERSE)]
