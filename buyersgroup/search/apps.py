from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class SearchConfig(AppConfig):
    name = "buyersgroup.search"
    label = "search"
    verbose_name = _("Search")

    def ready(self):
        from buyersgroup.search import indexing

        indexing.connect_signals()
