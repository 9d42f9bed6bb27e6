from django.apps import AppConfig


class PortalConfig(AppConfig):
    """The top layer: what gathers from every app (the home page, the demo data).

    Nothing below imports it (see the import contract in ``.importlinter``).
    """

    name = "portal"
    verbose_name = "congvu portal"
