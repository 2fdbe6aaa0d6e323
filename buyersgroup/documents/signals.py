"""A document's file goes when its last row goes, however the row was deleted.

Deleting an entry deletes its documents through the generic relation, the
admin deletes rows, services.delete deletes one: all pass through here, and
the file is removed after the commit only if no other row (a revision's copy)
still points at it.
"""

from django.db.models.signals import post_delete
from django.dispatch import receiver

from buyersgroup.documents.models import Document


@receiver(post_delete, sender=Document, dispatch_uid="documents.remove_unreferenced_file")
def remove_unreferenced_file(sender, instance, **kwargs):
    from buyersgroup.documents.services import remove_file_when_unreferenced

    remove_file_when_unreferenced(instance.file.name)
