from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class ApiConfig(AppConfig):
    name = "api"
    verbose_name = _("API")

    def ready(self) -> None:
        from api import (  # noqa: F401
            permissions,  # the device-token policy
            schema,  # the OpenAPI extension for token auth
            signals,  # tokens follow their account
        )
