from typing import Any, cast

from django.apps import AppConfig
from django.contrib.admin.apps import AdminConfig


class CoreConfig(AppConfig):
    name = "core"
    verbose_name = "congvu core"

    def ready(self) -> None:
        from django.apps import apps
        from django.db.backends.signals import connection_created
        from django.db.models import Field, ForeignObject
        from django.db.models.signals import post_migrate

        from core.lookups import OneOf
        from core.roles import ensure_role_groups

        Field.register_lookup(OneOf)
        ForeignObject.register_lookup(OneOf)  # a relation keeps its own list of lookups

        # post_migrate is sent only for apps with models; core has none, so listen for auth's.
        post_migrate.connect(ensure_role_groups, sender=apps.get_app_config("auth"))
        connection_created.connect(sqlite_wal, dispatch_uid="core-sqlite-wal")

        import core.notice_policy  # noqa: F401  (registers the notice policy)
        from core.request_log import connect_celery_signals

        connect_celery_signals()


def sqlite_wal(sender: object, connection: object, **kwargs: object) -> None:
    """SQLite only: write-ahead logging, so readers never wait for the writer (and the writer not for
    them); ``synchronous=NORMAL`` is safe with WAL and saves an fsync per commit."""
    if getattr(connection, "vendor", "") != "sqlite":
        return
    with cast(Any, connection).cursor() as cursor:
        cursor.execute("PRAGMA journal_mode=WAL")
        cursor.execute("PRAGMA synchronous=NORMAL")


class CongvuAdminConfig(AdminConfig):
    default_site = "core.admin_site.CongvuAdminSite"
