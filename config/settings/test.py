"""Test settings: fast hashing, no manifest storage, in-memory e-mail; the database still comes from
DATABASE_URL so the same suite runs on SQLite and on PostgreSQL."""

import os

os.environ.setdefault("DEBUG", "1")
os.environ.setdefault("LOG_FORMAT", "text")

from config.settings.base import *  # noqa: F403

PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]
STORAGES = {
    **STORAGES,  # noqa: F405
    "staticfiles": {"BACKEND": "django.contrib.staticfiles.storage.StaticFilesStorage"},
}
EMAIL_BACKEND = "django.core.mail.backends.locmem.EmailBackend"
CELERY_TASK_ALWAYS_EAGER = True

# Static files are served from the app folders by whitenoise's finders; no collectstatic needed.
STATIC_ROOT = None  # type: ignore[assignment]  # no collected files under test
WHITENOISE_USE_FINDERS = True
# Looked up per request instead of listed when the middleware is built: every test client builds the
# middleware again, and listing every static file cost about 12 ms each time (580 times in the API
# matrix alone).
WHITENOISE_AUTOREFRESH = True

# The demo and test accounts sign in with a password alone; tests that need two-factor turn it on.
OTP_REQUIRED_ROLES = []
# Tests never pick up a demo signing key a developer's `load_demo` left in var/; those that sign
# configure their own (tests/reports/conftest.py).
SIGNING_DEMO_FALLBACK = False

# Test databases are built from the models in a second, not by replaying every migration in each
# worker (17 s); the seeded rows come from the post_migrate hooks a flush also relies on (core.roles,
# discipline.seed, reports.seed). tests/test_migrations.py migrates a database from scratch and
# checks that it has the same schema and rows.
DATABASES["default"].setdefault("TEST", {})["MIGRATE"] = False  # noqa: F405
