"""The words of an entry's documents, kept on the entry (``documents_vector``) by the database.

A search used to find the entries whose documents match by reading every matching document
row (``UNION SELECT object_id FROM documents_document …``): at 300,000 documents a broad word
matches tens of thousands of them, and fetching their rows (wide: the extracted text lives
there) cost more than the rest of the search together. With the documents' vectors combined
on the entry, one GIN index per entry table answers "own words or documents' words" without
touching the documents.

``entry_documents_vector(content type, entry id)`` combines the vectors of an entry's documents
(oldest first; one tsvector holds at most 1 MB: past that, the remaining documents are left
out with a warning in the database log rather than failing the upload). A trigger on
``documents_document`` calls it for the entry whose documents changed (added, text extracted,
moved, deleted), whatever code changed them. The entry tables' columns come in their own
migrations (tenders 0007, practices 0003), which fill them.
"""

from django.db import migrations

FUNCTIONS = """
CREATE OR REPLACE FUNCTION entry_documents_vector(ct integer, entry bigint) RETURNS tsvector
LANGUAGE plpgsql STABLE AS $$
DECLARE
  result tsvector := NULL;
  doc tsvector;
BEGIN
  FOR doc IN SELECT search_vector FROM documents_document
             WHERE content_type_id = ct AND object_id = entry AND search_vector IS NOT NULL
             ORDER BY id LOOP
    BEGIN
      result := coalesce(result, ''::tsvector) || doc;
    EXCEPTION WHEN program_limit_exceeded THEN
      RAISE WARNING 'the documents of entry % (content type %) exceed one tsvector: later ones are not searchable',
        entry, ct;
      EXIT;
    END;
  END LOOP;
  RETURN result;
END $$;

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
  EXECUTE format('UPDATE %s SET documents_vector = entry_documents_vector($1, $2) WHERE id = $2', entry_table)
    USING ct, entry;
END $$;

CREATE OR REPLACE FUNCTION documents_document_changed() RETURNS trigger
LANGUAGE plpgsql AS $$
BEGIN
  IF TG_OP IN ('UPDATE', 'DELETE') THEN
    PERFORM entry_documents_vector_refresh(OLD.content_type_id, OLD.object_id);
  END IF;
  IF TG_OP = 'INSERT' OR (TG_OP = 'UPDATE' AND (NEW.content_type_id, NEW.object_id)
                                               IS DISTINCT FROM (OLD.content_type_id, OLD.object_id)) THEN
    PERFORM entry_documents_vector_refresh(NEW.content_type_id, NEW.object_id);
  END IF;
  RETURN NULL;
END $$;

CREATE TRIGGER documents_document_entry_vector
  AFTER INSERT OR DELETE ON documents_document
  FOR EACH ROW EXECUTE FUNCTION documents_document_changed();
CREATE TRIGGER documents_document_entry_vector_update
  AFTER UPDATE ON documents_document
  FOR EACH ROW
  WHEN (OLD.search_vector IS DISTINCT FROM NEW.search_vector
        OR OLD.content_type_id IS DISTINCT FROM NEW.content_type_id OR OLD.object_id IS DISTINCT FROM NEW.object_id)
  EXECUTE FUNCTION documents_document_changed();
"""

REVERSE = """
DROP TRIGGER IF EXISTS documents_document_entry_vector_update ON documents_document;
DROP TRIGGER IF EXISTS documents_document_entry_vector ON documents_document;
DROP FUNCTION IF EXISTS documents_document_changed();
DROP FUNCTION IF EXISTS entry_documents_vector_refresh(integer, bigint);
DROP FUNCTION IF EXISTS entry_documents_vector(integer, bigint);
"""


class Migration(migrations.Migration):
    dependencies = [
        ("search", "0002_saved_searches"),
        ("documents", "0002_search_vector"),
        ("contenttypes", "0002_remove_content_type_name"),
    ]

    operations = [migrations.RunSQL(FUNCTIONS, REVERSE)]
