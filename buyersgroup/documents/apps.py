from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class DocumentsConfig(AppConfig):
    name = "buyersgroup.documents"
    label = "documents"
    verbose_name = _("Documents")

    def ready(self):
        from buyersgroup.documents import signals  # noqa: F401
