from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class InspectionConfig(AppConfig):
    name = "inspection"
    verbose_name = _("Inspections")

    def ready(self) -> None:
        from django.db.models.signals import post_delete, post_save

        from inspection import permissions  # noqa: F401  (registers the record policies)
        from inspection.models import Inspection, InspectionTarget
        from inspection.visibility import scope_changed
        from staff.models import Unit

        for model in (Inspection, InspectionTarget, Unit):
            for event, signal in (("saved", post_save), ("deleted", post_delete)):
                signal.connect(scope_changed, sender=model, dispatch_uid=f"scope-{model.__name__}-{event}")
