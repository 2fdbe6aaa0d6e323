from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class CoreConfig(AppConfig):
    name = "buyersgroup.core"
    label = "core"
    verbose_name = _("Core")

    def ready(self):
        from buyersgroup.core import signals  # noqa: F401  (connects the security log)
