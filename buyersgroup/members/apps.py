from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class MembersConfig(AppConfig):
    name = "buyersgroup.members"
    label = "members"
    verbose_name = _("Members")

    def ready(self):
        from buyersgroup.members import signals  # noqa: F401  (the preferred language at login)
