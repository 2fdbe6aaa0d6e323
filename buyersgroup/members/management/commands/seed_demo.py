"""`manage.py seed_demo [--if-empty]`: create or update the demo world (SPEC §11).

`make run` calls it with --if-empty, so a database someone already works in is left alone.
Without the flag it brings the demo world back to its defined state; running it twice
changes nothing. What it creates lives in buyersgroup.members.demo (DEMO_SEEDERS).
"""

import os

from django.conf import settings
from django.core.exceptions import ValidationError
from django.core.management.base import BaseCommand, CommandError
from django.db import transaction
from django.utils.module_loading import import_string

from buyersgroup.members import demo
from buyersgroup.members.models import Member


DEBUG_OFF_NOTICE = """\
DEBUG is off: no demo data loaded. The demo accounts have a published password and
two-factor secret, so they exist only in development (DEBUG=true, the default of `make run`).
The portal starts without them: create a first account with `python manage.py createsuperuser`.
Without DEBUG the portal behaves as in production: it redirects to HTTPS unless
SECURE_SSL_REDIRECT=false, and it needs SECRET_KEY and ALLOWED_HOSTS (see README, Configuration).
"""


class Command(BaseCommand):
    help = "Create or update the demo organisations and accounts (development only: needs DEBUG on)."

    def add_arguments(self, parser):
        parser.add_argument(
            "--if-empty",
            action="store_true",
            help="Do nothing when any member already exists (used by `make run`).",
        )

    def handle(self, *args, if_empty=False, **options):
        # Refuse before anything else: the accounts' password and the coordinator's
        # two-factor secret are published in the README and in this command's output.
        if not settings.DEBUG and if_empty:
            # `make run DEBUG=false`: say why there is no demo data, and let the portal start.
            self.stdout.write(DEBUG_OFF_NOTICE)
            return
        if not settings.DEBUG:
            raise CommandError(
                "seed_demo is for development: it creates accounts with a known password and a "
                "published two-factor secret. It refuses to run with DEBUG off."
            )
        if if_empty and Member.objects.exists():
            self.stdout.write(
                "Members already exist: demo data not loaded (run seed_demo without --if-empty to update it)."
            )
            if Member.objects.filter(email__in=[p.login for p in demo.PEOPLE if p.printed_as]).exists():
                self.stdout.write(demo.accounts_summary(self._portal_url()))
            return
        try:
            with transaction.atomic():
                for path in demo.all_seeders():
                    import_string(path)(self.stdout)
        except ValidationError as error:  # e.g. an e-mail domain already claimed by another organisation
            raise CommandError(f"The demo data clashes with what is in the database, nothing was changed: {error}")
        self.stdout.write(demo.accounts_summary(self._portal_url()))

    @staticmethod
    def _portal_url() -> str:
        return f"http://127.0.0.1:{os.environ.get('PORT', '8000')}/"
