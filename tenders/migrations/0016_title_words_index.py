"""Published titles by trigram, for "Did you mean …?" (buyersgroup.search.query.suggestion)."""

import django.contrib.postgres.indexes
import django.db.models.functions.text
from django.conf import settings
from django.db import migrations, models


class Migration(migrations.Migration):

    dependencies = [
        ('core', '0003_cache_table_and_extensions'),  # pg_trgm
        ('members', '0002_languages'),
        ('taxonomy', '0003_load_reference_data'),
        ('tenders', '0015_facet_columns'),
        migrations.swappable_dependency(settings.AUTH_USER_MODEL),
    ]

    operations = [
        # Built over every published title: not bound by the portal's statement timeout (this migration only).
        migrations.RunSQL("SET LOCAL statement_timeout = 0", migrations.RunSQL.noop),
        migrations.AddIndex(
            model_name='tender',
            index=django.contrib.postgres.indexes.GinIndex(django.contrib.postgres.indexes.OpClass(django.db.models.functions.text.Lower('title'), name='gin_trgm_ops'), condition=models.Q(('revision_of__isnull', True), ('status', 'published')), name='tender_title_trgm'),
        ),
    ]
