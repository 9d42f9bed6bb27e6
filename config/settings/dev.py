"""Local development: DEBUG on unless the environment says otherwise."""

import os

os.environ.setdefault("DEBUG", "1")
os.environ.setdefault("LOG_FORMAT", "text")

from config.settings.base import *  # noqa: F403

STORAGES = {
    **STORAGES,  # noqa: F405
    "staticfiles": {"BACKEND": "django.contrib.staticfiles.storage.StaticFilesStorage"},
}

# Static files are served from the app folders by whitenoise's finders; no collectstatic needed.
STATIC_ROOT = None  # type: ignore[assignment]  # served by the finders in development
WHITENOISE_USE_FINDERS = True
