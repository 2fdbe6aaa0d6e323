"""The search's CPV filter reads the published tenders' codes' first digits from a GIN index
(search.filters.TenderFilter.filter_cpv)."""

import django.contrib.postgres.indexes
from django.conf import settings
from django.db import migrations, models


class Migration(migrations.Migration):

    dependencies = [
        ('members', '0002_languages'),
        ('taxonomy', '0003_load_reference_data'),
        ('tenders', '0019_cpv_prefixes'),
        migrations.swappable_dependency(settings.AUTH_USER_MODEL),
    ]

    operations = [
        # Built over every published tender: not bound by the portal's statement timeout (this migration only).
        migrations.RunSQL("SET LOCAL statement_timeout = 0", migrations.RunSQL.noop),
        migrations.AddIndex(
            model_name='tender',
            index=django.contrib.postgres.indexes.GinIndex(condition=models.Q(('revision_of__isnull', True), ('status', 'published')), fields=['cpv_prefixes'], name='tender_cpv_prefixes'),
        ),
    ]
