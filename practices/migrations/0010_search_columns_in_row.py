from django.db import migrations

from buyersgroup.search.storage import keep_in_row


class Migration(migrations.Migration):

    dependencies = [
        ("practices", "0009_review_queue_index"),
    ]

    operations = [
        keep_in_row("practices_practice", {"search_vector": "tsvector", "category_ids": "array", "criterion_ids": "array",
                                           "themes": "array"}),
    ]
