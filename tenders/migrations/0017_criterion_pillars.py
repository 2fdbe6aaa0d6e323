"""The pillars of each tender's criteria, on the tender for the facet and filter "Pillar" and its
row's marks (buyersgroup.search.indexing, part "pillars")."""

import django.contrib.postgres.fields
from django.db import migrations, models

from buyersgroup.search.storage import keep_in_row


def fill(apps, schema_editor):
    from buyersgroup.search import indexing

    indexing.refresh(apps.get_model("tenders", "Tender"), parts=("pillars",))


class Migration(migrations.Migration):

    dependencies = [
        ('tenders', '0016_title_words_index'),
    ]

    operations = [
        migrations.AddField(
            model_name='tender',
            name='criterion_pillars',
            field=django.contrib.postgres.fields.ArrayField(base_field=models.CharField(max_length=20), db_default=[], default=list, editable=False, size=None),
        ),
        keep_in_row("tenders_tender", {"criterion_pillars": "array"}, rewrite=False),
        migrations.RunPython(fill, migrations.RunPython.noop),
    ]
