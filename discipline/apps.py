from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class DisciplineConfig(AppConfig):
    name = "discipline"
    verbose_name = _("Discipline")

    def ready(self) -> None:
        from django.db.models.signals import post_migrate

        from discipline import permissions  # noqa: F401  (registers the record policy)
        from discipline.seed import ensure_rulebook

        post_migrate.connect(ensure_rulebook, sender=self)
