"""The first digits of each tender's CPV codes and their divisions, on the tender for the CPV picker's counts
(buyersgroup.search.indexing, part "cpv")."""

import django.contrib.postgres.fields
from django.db import migrations, models

from buyersgroup.search.storage import keep_in_row


def fill(apps, schema_editor):
    from buyersgroup.search import indexing

    indexing.refresh(apps.get_model("tenders", "Tender"), parts=("cpv",))


class Migration(migrations.Migration):

    dependencies = [
        ('tenders', '0018_published_words_indexes'),
    ]

    operations = [
        migrations.AddField(
            model_name='tender',
            name='cpv_prefixes',
            field=django.contrib.postgres.fields.ArrayField(base_field=models.CharField(max_length=8), db_default=[], default=list, editable=False, size=None),
        ),
        migrations.AddField(
            model_name='tender',
            name='cpv_divisions',
            field=django.contrib.postgres.fields.ArrayField(base_field=models.CharField(max_length=2), db_default=[], default=list, editable=False, size=None),
        ),
        keep_in_row("tenders_tender", {"cpv_prefixes": "array", "cpv_divisions": "array"}, rewrite=False),
        migrations.RunPython(fill, migrations.RunPython.noop),
    ]
