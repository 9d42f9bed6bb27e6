"""Production hardening on top of base: HTTPS-only cookies, HSTS, proxy headers.

Select it with DJANGO_SETTINGS_MODULE=config.settings.production; SECRET_KEY, ALLOWED_HOSTS and
DATABASE_URL must then be set in the environment.
"""

from config.env import env_bool, env_int, env_list
from config.settings.base import *  # noqa: F403

DEBUG = False
SECURE_PROXY_SSL_HEADER = ("HTTP_X_FORWARDED_PROTO", "https")
SECURE_SSL_REDIRECT = env_bool("SECURE_SSL_REDIRECT", default=True)
SESSION_COOKIE_SECURE = True
CSRF_COOKIE_SECURE = True
SECURE_HSTS_SECONDS = env_int("SECURE_HSTS_SECONDS", 31536000)
SECURE_HSTS_INCLUDE_SUBDOMAINS = True
SECURE_HSTS_PRELOAD = env_bool("SECURE_HSTS_PRELOAD", default=True)
SECURE_CONTENT_TYPE_NOSNIFF = True

# Those who issue reports and manage accounts sign in with a second factor (OTP_REQUIRED_ROLES="" turns
# it off; any role of ROLE_NAMES may be listed).
OTP_REQUIRED_ROLES = env_list("OTP_REQUIRED_ROLES", ["admin", "director"], choices=ROLE_NAMES)  # noqa: F405
