"""manage.py check_deploy — Django's deploy checks, then the storage and the task worker.

Exits non-zero when Django reports a problem, the document storage cannot be
written and read back, or the task worker has not been seen recently (see
buyersgroup/core/health.py). Run it after each deployment and from monitoring.
"""

import json

from django.core.management import call_command
from django.core.management.base import BaseCommand, CommandError

from buyersgroup.core.health import full_report


class Command(BaseCommand):
    help = "check --deploy, plus: storage reachable and writable, task worker seen recently."

    def handle(self, *args, **options):
        call_command("check", deploy=True, fail_level="WARNING")
        report = full_report()
        for name, result in report.items():
            if name != "status":
                self.stdout.write(f"{name}: {'ok' if result['ok'] else 'FAILED'} {json.dumps(result)}")
        if report["status"] != "ok":
            raise CommandError("some checks failed (see above)")
        self.stdout.write("all checks passed.")
