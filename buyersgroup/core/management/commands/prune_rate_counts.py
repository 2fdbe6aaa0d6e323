"""Delete the rate-limit counts whose window has ended (core.ratelimits).

    python manage.py prune_rate_counts

Such a row would be reused at that member's next use anyway; deleting them keeps
the table as small as the number of people active lately. Run it daily from the
same timer as the other clean-ups.
"""

from __future__ import annotations

from django.core.management.base import BaseCommand
from django.utils import timezone

from buyersgroup.core.models import RateCount


class Command(BaseCommand):
    help = "Delete the rate-limit counts whose window has ended."

    def handle(self, *args, **options):
        deleted, _by_model = RateCount.objects.filter(window_end__lte=timezone.now()).delete()
        if options["verbosity"]:
            self.stdout.write(f"{deleted} ended rate-limit windows deleted.")
