from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class EntriesConfig(AppConfig):
    name = "buyersgroup.entries"
    label = "entries"
    verbose_name = _("Entries")

    def ready(self):
        from buyersgroup.entries import changes

        changes.connect_signals()
