from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class InspectionConfig(AppConfig):
    name = "inspection"
    verbose_name = _("Inspections")

    def ready(self) -> None:
        from inspection import permissions  # noqa: F401  (registers the record policies)
