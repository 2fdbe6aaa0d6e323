"""The search's category and criterion filters read the tenders' ids of them from GIN indexes
(entries.models.classification_indexes, search.filters.ROW_IDS)."""

import django.contrib.postgres.indexes
from django.conf import settings
from django.db import migrations


class Migration(migrations.Migration):

    dependencies = [
        ('members', '0002_languages'),
        ('taxonomy', '0003_load_reference_data'),
        ('tenders', '0020_cpv_prefixes_index'),
        migrations.swappable_dependency(settings.AUTH_USER_MODEL),
    ]

    operations = [
        # Built over every entry: not bound by the portal's statement timeout (this migration only).
        migrations.RunSQL("SET LOCAL statement_timeout = 0", migrations.RunSQL.noop),
        migrations.AddIndex(
            model_name='tender',
            index=django.contrib.postgres.indexes.GinIndex(fields=['category_ids'], name='tender_category_ids'),
        ),
        migrations.AddIndex(
            model_name='tender',
            index=django.contrib.postgres.indexes.GinIndex(fields=['criterion_ids'], name='tender_criterion_ids'),
        ),
    ]
