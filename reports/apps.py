from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class ReportsConfig(AppConfig):
    name = "reports"
    verbose_name = _("Reports")

    def ready(self) -> None:
        from django.db.models.signals import post_migrate

        from reports import permissions  # noqa: F401  (registers the record policies)
        from reports.seed import ensure_legal_bases

        post_migrate.connect(ensure_legal_bases, sender=self)
