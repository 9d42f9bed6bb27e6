from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class FindingsConfig(AppConfig):
    name = "findings"
    verbose_name = _("Findings")

    def ready(self) -> None:
        from findings import (
            permissions,  # noqa: F401  (registers the record policies)
            rollup,
        )
        from staff.signals import unit_moved

        unit_moved.connect(rollup.on_unit_moved, dispatch_uid="rollup-unit-moved")
