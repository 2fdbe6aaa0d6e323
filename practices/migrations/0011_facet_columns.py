"""The languages of each practice's documents, on the practice for the facets (buyersgroup.search.facets)."""

import django.contrib.postgres.fields
from django.db import migrations, models

from buyersgroup.search.storage import keep_in_row


def fill(apps, schema_editor):
    from buyersgroup.search import indexing

    indexing.refresh_documents(apps.get_model("practices", "Practice"), columns=("uploaded_languages",))


class Migration(migrations.Migration):

    dependencies = [
        ('practices', '0010_search_columns_in_row'),
        ('search', '0004_entry_documents_languages'),
    ]

    operations = [
        migrations.AddField(
            model_name='practice',
            name='uploaded_languages',
            field=django.contrib.postgres.fields.ArrayField(base_field=models.CharField(max_length=2), db_default=[], default=list, editable=False, size=None),
        ),
        keep_in_row("practices_practice", {"uploaded_languages": "array"}, rewrite=False),
        migrations.RunPython(fill, migrations.RunPython.noop),
    ]
