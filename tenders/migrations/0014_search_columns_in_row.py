from django.db import migrations

from buyersgroup.search.storage import keep_in_row


class Migration(migrations.Migration):

    dependencies = [
        ("tenders", "0013_review_queue_index"),
    ]

    operations = [
        keep_in_row("tenders_tender", {"search_vector": "tsvector", "category_ids": "array", "criterion_ids": "array",
                                       "document_languages": "array"}),
    ]
