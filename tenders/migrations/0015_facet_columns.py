"""Where each tender's criteria were used and its documents' languages, on the tender for the facets
(buyersgroup.search.facets)."""

import django.contrib.postgres.fields
from django.db import migrations, models

from buyersgroup.search.storage import keep_in_row


def fill(apps, schema_editor):
    from buyersgroup.search import indexing

    tender = apps.get_model("tenders", "Tender")
    indexing.refresh(tender, parts=("uses",))
    indexing.refresh_documents(tender, columns=("uploaded_languages",))


class Migration(migrations.Migration):

    dependencies = [
        ('tenders', '0014_search_columns_in_row'),
        ('search', '0004_entry_documents_languages'),
    ]

    operations = [
        migrations.AddField(
            model_name='tender',
            name='criterion_uses',
            field=django.contrib.postgres.fields.ArrayField(base_field=models.CharField(max_length=30), db_default=[], default=list, editable=False, size=None),
        ),
        migrations.AddField(
            model_name='tender',
            name='uploaded_languages',
            field=django.contrib.postgres.fields.ArrayField(base_field=models.CharField(max_length=2), db_default=[], default=list, editable=False, size=None),
        ),
        keep_in_row("tenders_tender", {"criterion_uses": "array", "uploaded_languages": "array"}, rewrite=False),
        migrations.RunPython(fill, migrations.RunPython.noop),
    ]
