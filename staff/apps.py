from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class StaffConfig(AppConfig):
    name = "staff"
    verbose_name = _("Organisation")

    def ready(self) -> None:
        from staff import permissions  # noqa: F401  (registers the record policies)
