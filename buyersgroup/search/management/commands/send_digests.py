from django.core.management.base import BaseCommand

from buyersgroup.search.digests import send_digests


class Command(BaseCommand):
    help = "Send the e-mail digests of saved searches that are due (run it hourly from cron)."

    def handle(self, *args, **options):
        result = send_digests.enqueue()
        self.stdout.write(f"Digests queued ({result.id}).")
