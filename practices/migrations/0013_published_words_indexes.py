"""The search's GIN indexes of words hold the published entries only (entries.models.words_indexes):
a search reads each match's row once."""

import django.contrib.postgres.indexes
from django.conf import settings
from django.db import migrations, models


class Migration(migrations.Migration):

    dependencies = [
        ('members', '0002_languages'),
        ('practices', '0012_title_words_index'),
        ('taxonomy', '0003_load_reference_data'),
        ('tenders', '0017_criterion_pillars'),
        migrations.swappable_dependency(settings.AUTH_USER_MODEL),
    ]

    operations = [
        # Built over every published entry: not bound by the portal's statement timeout (this migration only).
        migrations.RunSQL("SET LOCAL statement_timeout = 0", migrations.RunSQL.noop),
        migrations.RemoveIndex(
            model_name='practice',
            name='practice_search_vector',
        ),
        migrations.RemoveIndex(
            model_name='practice',
            name='practice_documents_vector',
        ),
        migrations.AddIndex(
            model_name='practice',
            index=django.contrib.postgres.indexes.GinIndex(condition=models.Q(('revision_of__isnull', True), ('status', 'published')), fields=['search_vector'], name='practice_search_vector'),
        ),
        migrations.AddIndex(
            model_name='practice',
            index=django.contrib.postgres.indexes.GinIndex(condition=models.Q(('revision_of__isnull', True), ('status', 'published')), fields=['documents_vector'], name='practice_documents_vector'),
        ),
    ]
