from django.apps import AppConfig
from django.contrib.admin.apps import AdminConfig


class CoreConfig(AppConfig):
    name = "core"
    verbose_name = "congvu core"

    def ready(self) -> None:
        from django.apps import apps
        from django.db.models.signals import post_migrate

        from core.roles import ensure_role_groups

        # post_migrate is sent only for apps with models; core has none, so listen for auth's.
        post_migrate.connect(ensure_role_groups, sender=apps.get_app_config("auth"))


class CongvuAdminConfig(AdminConfig):
    default_site = "core.admin_site.CongvuAdminSite"
