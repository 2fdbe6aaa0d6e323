"""A tender's facet lists as bit masks, kept by the database (buyersgroup.core.db.ArrayBits): the facets
of a broad search group its matches by them. bits_of() first, which their expressions call."""

import buyersgroup.core.db
from django.db import migrations, models


class Migration(migrations.Migration):

    dependencies = [
        ('tenders', '0021_classification_indexes'),
    ]

    operations = [
        migrations.RunSQL(
            """
            CREATE OR REPLACE FUNCTION bits_of(vals text[], known text[]) RETURNS bigint
            LANGUAGE sql IMMUTABLE PARALLEL SAFE AS
            $$ SELECT coalesce(bit_or(1::bigint << (array_position(known, v) - 1)), 0)::bigint
               FROM unnest(vals) AS v WHERE v = ANY(known) $$;
            """,
            "DROP FUNCTION IF EXISTS bits_of(text[], text[]);",
        ),
        # The table is rewritten once for the five (an ADD COLUMN each rewrote it five times), with no
        # statement timeout for this migration's transaction: 100,000 tenders take a few seconds.
        migrations.RunSQL("SET LOCAL statement_timeout = 0", migrations.RunSQL.noop),
        migrations.SeparateDatabaseAndState(
            database_operations=[migrations.RunSQL(
                """ALTER TABLE "tenders_tender"
  ADD COLUMN "division_bits" bigint GENERATED ALWAYS AS (bits_of(("cpv_divisions")::text[], '{03,09,14,15,16,18,19,22,24,30,31,32,33,34,35,37,38,39,41,42,43,44,45,48,50,51,55,60,63,64,65,66,70,71,72,73,75,76,77,79,80,85,90,92,98}'::text[])) STORED,
  ADD COLUMN "document_language_bits" bigint GENERATED ALWAYS AS (bits_of((array_cat("document_languages", "uploaded_languages"))::text[], '{nl,fr,en,de}'::text[])) STORED,
  ADD COLUMN "pillar_bits" bigint GENERATED ALWAYS AS (bits_of(("criterion_pillars")::text[], '{circularity,fair,climate,hazardous,packaging,other}'::text[])) STORED,
  ADD COLUMN "uploaded_bits" bigint GENERATED ALWAYS AS (bits_of(("uploaded_languages")::text[], '{nl,fr,en,de}'::text[])) STORED,
  ADD COLUMN "use_bits" bigint GENERATED ALWAYS AS (bits_of(("criterion_uses")::text[], '{selection,specification,award,contract_clause,market_consultation}'::text[])) STORED;""",
                'ALTER TABLE "tenders_tender" DROP COLUMN "division_bits", DROP COLUMN "document_language_bits", DROP COLUMN "pillar_bits", DROP COLUMN "uploaded_bits", DROP COLUMN "use_bits";',
            )],
            state_operations=[
                migrations.AddField(
                    model_name='tender',
                    name='division_bits',
                    field=models.GeneratedField(db_persist=True, expression=buyersgroup.core.db.ArrayBits('cpv_divisions', ('03', '09', '14', '15', '16', '18', '19', '22', '24', '30', '31', '32', '33', '34', '35', '37', '38', '39', '41', '42', '43', '44', '45', '48', '50', '51', '55', '60', '63', '64', '65', '66', '70', '71', '72', '73', '75', '76', '77', '79', '80', '85', '90', '92', '98')), output_field=models.BigIntegerField()),
                ),
                migrations.AddField(
                    model_name='tender',
                    name='document_language_bits',
                    field=models.GeneratedField(db_persist=True, expression=buyersgroup.core.db.ArrayBits(models.Func('document_languages', 'uploaded_languages', function='array_cat'), ['nl', 'fr', 'en', 'de']), output_field=models.BigIntegerField()),
                ),
                migrations.AddField(
                    model_name='tender',
                    name='pillar_bits',
                    field=models.GeneratedField(db_persist=True, expression=buyersgroup.core.db.ArrayBits('criterion_pillars', ['circularity', 'fair', 'climate', 'hazardous', 'packaging', 'other']), output_field=models.BigIntegerField()),
                ),
                migrations.AddField(
                    model_name='tender',
                    name='uploaded_bits',
                    field=models.GeneratedField(db_persist=True, expression=buyersgroup.core.db.ArrayBits('uploaded_languages', ['nl', 'fr', 'en', 'de']), output_field=models.BigIntegerField()),
                ),
                migrations.AddField(
                    model_name='tender',
                    name='use_bits',
                    field=models.GeneratedField(db_persist=True, expression=buyersgroup.core.db.ArrayBits('criterion_uses', ['selection', 'specification', 'award', 'contract_clause', 'market_consultation']), output_field=models.BigIntegerField()),
                ),
            ],
        ),
    ]
