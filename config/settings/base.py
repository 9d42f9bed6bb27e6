"""Settings shared by every environment; values come from environment variables (see README)."""

from __future__ import annotations

import secrets
from pathlib import Path

import dj_database_url
from django.utils.translation import gettext_lazy as _

from config.env import EnvError, env_bool, env_int, env_list, env_str

BASE_DIR = Path(__file__).resolve().parent.parent.parent
VAR_DIR = Path(env_str("CONGVU_VAR_DIR", str(BASE_DIR / "var")))

DEBUG = env_bool("DEBUG", default=False)


def _secret_key() -> str:
    """A development key is generated once and kept in var/; production must set SECRET_KEY."""
    key = env_str("SECRET_KEY")
    if key:
        return key
    if not DEBUG:
        raise EnvError("SECRET_KEY must be set when DEBUG is off")
    key_file = VAR_DIR / "dev-secret-key"
    if not key_file.exists():
        VAR_DIR.mkdir(parents=True, exist_ok=True)
        key_file.write_text(secrets.token_urlsafe(50))
    return key_file.read_text().strip()


SECRET_KEY = _secret_key()
ALLOWED_HOSTS = env_list("ALLOWED_HOSTS", ["127.0.0.1", "localhost"] if DEBUG else [])
CSRF_TRUSTED_ORIGINS = env_list("CSRF_TRUSTED_ORIGINS")

INSTALLED_APPS = [
    "core.apps.CongvuAdminConfig",
    "django.contrib.auth",
    "django.contrib.contenttypes",
    "django.contrib.sessions",
    "django.contrib.messages",
    "whitenoise.runserver_nostatic",
    "django.contrib.staticfiles",
    "django.forms",
    "treebeard",
    "guardian",
    "simple_history",
    "axes",
    "django_otp",
    "django_otp.plugins.otp_totp",
    "django_otp.plugins.otp_static",
    "core.apps.CoreConfig",
    "staff",
    "inspection",
    "findings",
    "discipline",
    "reports",
    "portal",
    "rest_framework",
    "django_filters",
    "drf_spectacular",
    "drf_spectacular_sidecar",
    "api",
]

MIDDLEWARE = [
    "core.health.ProbeMiddleware",
    "core.request_log.RequestIdMiddleware",
    "django.middleware.security.SecurityMiddleware",
    "whitenoise.middleware.WhiteNoiseMiddleware",
    "core.middleware.NoStoreMiddleware",
    "django.contrib.sessions.middleware.SessionMiddleware",
    "core.middleware.DefaultLanguageMiddleware",
    "api.middleware.RequestSizeLimitMiddleware",
    "django.middleware.common.CommonMiddleware",
    "django.middleware.csrf.CsrfViewMiddleware",
    "django.contrib.auth.middleware.AuthenticationMiddleware",
    "django_otp.middleware.OTPMiddleware",
    "core.device_owner.DeviceOwnerMiddleware",
    "core.middleware.TwoFactorRequiredMiddleware",
    "django.contrib.messages.middleware.MessageMiddleware",
    "django.middleware.clickjacking.XFrameOptionsMiddleware",
    "csp.middleware.CSPMiddleware",
    "simple_history.middleware.HistoryRequestMiddleware",
    "axes.middleware.AxesMiddleware",
    "core.timeouts.StatementTimeoutMiddleware",
]

ROOT_URLCONF = "config.urls"
# Widgets render with the project's templates too (core/widgets.py uses templates/core/widgets/).
FORM_RENDERER = "django.forms.renderers.TemplatesSetting"
WSGI_APPLICATION = "config.wsgi.application"

TEMPLATES = [
    {
        "BACKEND": "django.template.backends.django.DjangoTemplates",
        "DIRS": [BASE_DIR / "templates"],
        "APP_DIRS": True,
        "OPTIONS": {
            "context_processors": [
                "django.template.context_processors.request",
                "django.contrib.auth.context_processors.auth",
                "django.contrib.messages.context_processors.messages",
                "django.template.context_processors.i18n",
                "core.context_processors.roles",
                "core.context_processors.offline_strings",
                "core.context_processors.notices",
                "portal.context_processors.work_waiting",
                "core.context_processors.back",
            ],
        },
    },
]

DATABASES = {
    "default": dj_database_url.parse(
        env_str("DATABASE_URL", f"sqlite:///{VAR_DIR / 'congvu.sqlite3'}"),
        conn_max_age=env_int("DB_CONN_MAX_AGE", 60),
        conn_health_checks=True,
    )
}
SQLITE_OPTIONS = {"transaction_mode": "IMMEDIATE", "timeout": env_int("SQLITE_BUSY_TIMEOUT", 20, minimum=1)}
if DATABASES["default"]["ENGINE"] == "django.db.backends.sqlite3":
    # The embedded default under a handful of writers: each transaction takes the write lock when it
    # begins (no deadlocking upgrade from a read lock), waits up to 20 s for it, and readers do not block
    # the writer (WAL, set per connection in core.apps).
    DATABASES["default"].setdefault("OPTIONS", {}).update(SQLITE_OPTIONS)
# No statement may hold a worker longer than this (PostgreSQL statement_timeout; 0 disables). Keep it
# below gunicorn's --timeout so the user gets core.timeouts' answer rather than a killed worker.
DB_STATEMENT_TIMEOUT_MS = env_int("DB_STATEMENT_TIMEOUT_MS", 20_000, minimum=0)
if DATABASES["default"]["ENGINE"] == "django.db.backends.postgresql" and DB_STATEMENT_TIMEOUT_MS:
    DATABASES["default"].setdefault("OPTIONS", {})["options"] = (
        f"-c statement_timeout={DB_STATEMENT_TIMEOUT_MS}"
    )
DEFAULT_AUTO_FIELD = "django.db.models.BigAutoField"

AUTHENTICATION_BACKENDS = [
    "axes.backends.AxesStandaloneBackend",
    "django.contrib.auth.backends.ModelBackend",
    "guardian.backends.ObjectPermissionBackend",
    "core.backends.RoleBackend",
]
AUTH_PASSWORD_VALIDATORS = [
    {"NAME": "django.contrib.auth.password_validation.UserAttributeSimilarityValidator"},
    {"NAME": "django.contrib.auth.password_validation.MinimumLengthValidator", "OPTIONS": {"min_length": 10}},
    {"NAME": "django.contrib.auth.password_validation.CommonPasswordValidator"},
    {"NAME": "django.contrib.auth.password_validation.NumericPasswordValidator"},
]
LOGIN_URL = "login"
LOGIN_REDIRECT_URL = "home"
LOGOUT_REDIRECT_URL = "login"

LANGUAGE_CODE = "vi"
LANGUAGES = [("vi", _("Vietnamese")), ("en", _("English"))]
LOCALE_PATHS = [BASE_DIR / "locale", BASE_DIR / "api" / "drf_locale"]
TIME_ZONE = "Asia/Ho_Chi_Minh"
USE_I18N = True
USE_TZ = True

STATIC_URL = "/static/"
STATIC_ROOT = VAR_DIR / "staticfiles"
STATICFILES_DIRS = [BASE_DIR / "static"]
STORAGES = {
    "default": {
        "BACKEND": "django.core.files.storage.FileSystemStorage",
        "OPTIONS": {"location": str(Path(env_str("CONGVU_PRIVATE_MEDIA", str(VAR_DIR / "private"))))},
    },
    "staticfiles": {"BACKEND": "whitenoise.storage.CompressedManifestStaticFilesStorage"},
}

EMAIL_BACKEND = env_str("EMAIL_BACKEND", "django.core.mail.backends.console.EmailBackend")
EMAIL_HOST = env_str("EMAIL_HOST", "localhost")
EMAIL_PORT = env_int("EMAIL_PORT", 25)
EMAIL_HOST_USER = env_str("EMAIL_HOST_USER")
EMAIL_HOST_PASSWORD = env_str("EMAIL_HOST_PASSWORD")
EMAIL_USE_TLS = env_bool("EMAIL_USE_TLS", default=False)
DEFAULT_FROM_EMAIL = env_str("DEFAULT_FROM_EMAIL", "congvu@localhost")
# A mail server that does not answer must not hold a request or a worker (core.notifications retries).
EMAIL_TIMEOUT = env_int("EMAIL_TIMEOUT", 10, minimum=1)

REDIS_URL = env_str("REDIS_URL")
CELERY_BROKER_URL = REDIS_URL or "memory://"
CELERY_RESULT_BACKEND = REDIS_URL or "cache+memory://"
CELERY_TASK_ALWAYS_EAGER = not REDIS_URL
CELERY_TASK_EAGER_PROPAGATES = True
CELERY_TIMEZONE = TIME_ZONE
# Durable renders (docs/operations.md): a message is acknowledged only once its task has finished, and
# goes back to the queue if the worker dies under it; a task that runs too long is stopped (soft, then
# hard); Redis hands an unacknowledged message to another worker only after the hard limit has passed,
# so a long render is not started twice; each worker process reserves one message at a time.
RENDER_SOFT_TIME_LIMIT = env_int("RENDER_SOFT_TIME_LIMIT", 900, minimum=10)
RENDER_TIME_LIMIT = RENDER_SOFT_TIME_LIMIT + 60
CELERY_TASK_ACKS_LATE = True
CELERY_TASK_REJECT_ON_WORKER_LOST = True
CELERY_TASK_SOFT_TIME_LIMIT = RENDER_SOFT_TIME_LIMIT
CELERY_TASK_TIME_LIMIT = RENDER_TIME_LIMIT
CELERY_WORKER_PREFETCH_MULTIPLIER = 1
CELERY_BROKER_TRANSPORT_OPTIONS = {
    "visibility_timeout": RENDER_TIME_LIMIT + 300,
    "socket_connect_timeout": 2,
    "socket_timeout": 5,
}
CELERY_BROKER_CONNECTION_TIMEOUT = 2
CELERY_BROKER_CONNECTION_RETRY_ON_STARTUP = True
CELERY_REDIS_SOCKET_CONNECT_TIMEOUT = 2
CELERY_REDIS_SOCKET_TIMEOUT = 5
CELERY_WORKER_HIJACK_ROOT_LOGGER = False
# Leases of renders (reports.jobs): a queued row waits this long for a worker, a running one must show
# progress this often; after RENDER_MAX_ATTEMPTS claims the sweeper marks it failed with the reason.
RENDER_QUEUE_GRACE_SECONDS = env_int("RENDER_QUEUE_GRACE_SECONDS", 300, minimum=1)
RENDER_LEASE_SECONDS = env_int("RENDER_LEASE_SECONDS", 300, minimum=1)
RENDER_MAX_ATTEMPTS = env_int("RENDER_MAX_ATTEMPTS", 3, minimum=1)
# A spreadsheet export holds rows of its requester's scope on the day it was written: it can be
# downloaded for this long, then the sweeper deletes it (row and file).
EXPORT_KEEP_HOURS = env_int("EXPORT_KEEP_HOURS", 24, minimum=1)
# A CSV of more rows than this is written by a worker, as a spreadsheet is, instead of streamed in the
# request (COPY writes about 100,000 rows a second: a national list would outlast the statement timeout).
EXPORT_CSV_STREAM_ROWS = env_int("EXPORT_CSV_STREAM_ROWS", 100_000, minimum=1)
OUTBOX_MAX_BACKOFF_SECONDS = env_int("OUTBOX_MAX_BACKOFF_SECONDS", 900, minimum=1)
NOTIFICATION_MAX_ATTEMPTS = env_int("NOTIFICATION_MAX_ATTEMPTS", 20, minimum=1)
if REDIS_URL:
    # core.cache.FallbackRedisCache: when Redis does not answer, the process uses its local memory for a
    # while (throttles fail open, caches miss) instead of answering 500.
    CACHES = {
        "default": {
            "BACKEND": "core.cache.FallbackRedisCache",
            "LOCATION": REDIS_URL,
            "OPTIONS": {"socket_connect_timeout": 1, "socket_timeout": 1},
        }
    }
else:
    CACHES = {"default": {"BACKEND": "django.core.cache.backends.locmem.LocMemCache"}}

GUARDIAN_RAISE_403 = False
GUARDIAN_RENDER_403 = False
ANONYMOUS_USER_NAME = None

AXES_FAILURE_LIMIT = env_int("AXES_FAILURE_LIMIT", 5)
AXES_COOLOFF_TIME = env_int("AXES_COOLOFF_MINUTES", 15) / 60
# One list of fields is ONE lockout key: a user name from one client address. (A list of separate
# names, ["username", "ip_address"], would lock a whole office address after five wrong guesses of
# made-up names, and a user name from everywhere.)
AXES_LOCKOUT_PARAMETERS = [["username", "ip_address"]]
AXES_CLIENT_IP_CALLABLE = "core.client_address.client_address"
AXES_SENSITIVE_PARAMETERS = ["username", "ip_address", "otp", "code"]
AXES_RESET_ON_SUCCESS = True
AXES_LOCKOUT_TEMPLATE = "registration/locked_out.html"
AXES_LOCKOUT_CALLABLE = "core.lockout.lockout_response"

CONTENT_SECURITY_POLICY = {
    "DIRECTIVES": {
        "default-src": ["'self'"],
        "img-src": ["'self'", "data:", "blob:"],
        "style-src": ["'self'"],
        "script-src": ["'self'"],
        "frame-ancestors": ["'none'"],
        "form-action": ["'self'"],
    }
}

# Accounts and sign-in (README "Accounts and sign-in")
# Proxies in front of the app that each append the address they saw to X-Forwarded-For: the client
# address is the one the outermost trusted proxy appended. 0 means REMOTE_ADDR (no proxy).
TRUSTED_PROXY_COUNT = env_int("TRUSTED_PROXY_COUNT", 0, minimum=0, maximum=10)
SESSION_COOKIE_AGE = env_int("SESSION_HOURS", 10, minimum=1, maximum=24 * 30) * 3600
SESSION_EXPIRE_AT_BROWSER_CLOSE = env_bool("SESSION_EXPIRE_AT_BROWSER_CLOSE", default=False)
API_TOKEN_IDLE_DAYS = env_int("API_TOKEN_IDLE_DAYS", 30, minimum=1, maximum=3650)
# core.roles.Role's values (settings cannot import it; tests/accounts check that the two agree).
ROLE_NAMES = ("admin", "director", "inspector", "unit_head", "leadership", "staff")
OTP_REQUIRED_ROLES = env_list("OTP_REQUIRED_ROLES", [], choices=ROLE_NAMES)
OTP_TOTP_ISSUER = "congvu"
OTP_ADMIN_HIDE_SENSITIVE_DATA = True

SESSION_COOKIE_HTTPONLY = True
SESSION_COOKIE_SAMESITE = "Lax"
X_FRAME_OPTIONS = "DENY"


# Logs (docs/operations.md): one JSON object per line with time, level, logger and the request id
# (core.request_log), or the same fields as text with LOG_FORMAT=text; the access log is the logger
# "congvu.access" (method, path, status, duration_ms, user_id).
LOG_FORMAT = env_str("LOG_FORMAT", "json")
LOGGING = {
    "version": 1,
    "disable_existing_loggers": False,
    "filters": {"request_id": {"()": "core.request_log.RequestIdFilter"}},
    "formatters": {
        "json": {"()": "core.request_log.JsonFormatter"},
        "text": {"format": "%(asctime)s %(levelname)s %(name)s [%(request_id)s] %(message)s"},
    },
    "handlers": {
        "console": {
            "class": "logging.StreamHandler",
            "filters": ["request_id"],
            "formatter": "text" if LOG_FORMAT == "text" else "json",
        }
    },
    "root": {"handlers": ["console"], "level": env_str("LOG_LEVEL", "INFO")},
}
AXES_VERBOSE = False

EVIDENCE_MAX_BYTES = env_int("EVIDENCE_MAX_BYTES", 15 * 1024 * 1024)
EVIDENCE_MAX_PIXELS = env_int("EVIDENCE_MAX_PIXELS", 40_000_000)
API_MAX_REQUEST_BYTES = env_int("API_MAX_REQUEST_BYTES", 100 * 1024 * 1024)
DATA_UPLOAD_MAX_MEMORY_SIZE = 5 * 1024 * 1024
FILE_UPLOAD_MAX_MEMORY_SIZE = 5 * 1024 * 1024

# Findings and corrective actions (DESIGN.md section 2)
FINDING_REPEAT_WINDOW_DAYS = env_int("FINDING_REPEAT_WINDOW_DAYS", 365)
# A finding's typed recommendation becomes a corrective action at issuance, due this many days later.
RECOMMENDATION_DUE_DAYS = env_int("RECOMMENDATION_DUE_DAYS", 30)
ACTION_REMINDER_DAYS = env_int("ACTION_REMINDER_DAYS", 3)
ACTION_ESCALATION_DAYS = env_int("ACTION_ESCALATION_DAYS", 7)
DISCIPLINE_WARNING_DAYS = env_int("DISCIPLINE_WARNING_DAYS", 14)

# Digital signatures of issued documents (reports/signing.py): a PKCS#12 file, or a PKCS#11 token; with
# neither, the demo certificate `manage.py load_demo` writes into var/signing/ (demo only).
SIGNING_P12 = env_str("CONGVU_SIGNING_P12")
SIGNING_P12_PASSWORD = env_str("CONGVU_SIGNING_P12_PASSWORD")
SIGNING_PKCS11_MODULE = env_str("CONGVU_SIGNING_PKCS11_MODULE")
SIGNING_PKCS11_TOKEN = env_str("CONGVU_SIGNING_PKCS11_TOKEN")
SIGNING_PKCS11_KEY = env_str("CONGVU_SIGNING_PKCS11_KEY")
SIGNING_PKCS11_PIN = env_str("CONGVU_SIGNING_PKCS11_PIN")
SIGNING_TSA_URL = env_str("CONGVU_SIGNING_TSA_URL")
SIGNING_TRUST_ROOTS = env_list("CONGVU_SIGNING_TRUST_ROOTS")
SIGNING_DEMO_FALLBACK = True

from celery.schedules import crontab  # noqa: E402

CELERY_BEAT_SCHEDULE = {
    "daily-jobs": {"task": "portal.run_daily_jobs", "schedule": crontab(hour=6, minute=30)},
    # Stale renders, unpublished outbox messages, unsent e-mail (reports.jobs.sweep_jobs).
    "sweep-jobs": {"task": "reports.sweep_jobs", "schedule": env_int("SWEEP_INTERVAL_SECONDS", 60)},
}

REST_FRAMEWORK = {
    "DEFAULT_AUTHENTICATION_CLASSES": [
        "api.authentication.DeviceTokenAuthentication",
        "rest_framework.authentication.SessionAuthentication",
    ],
    "DEFAULT_PERMISSION_CLASSES": ["api.permissions.HasRole"],
    "DEFAULT_PAGINATION_CLASS": "api.pagination.Pagination",
    "DEFAULT_FILTER_BACKENDS": [
        "api.filters.FilterBackend",
        "rest_framework.filters.OrderingFilter",
    ],
    "DEFAULT_PARSER_CLASSES": [
        "api.parsers.BoundedJSONParser",
        "rest_framework.parsers.MultiPartParser",
        "rest_framework.parsers.FormParser",
    ],
    "DEFAULT_RENDERER_CLASSES": ["rest_framework.renderers.JSONRenderer"],
    "DEFAULT_SCHEMA_CLASS": "drf_spectacular.openapi.AutoSchema",
    "EXCEPTION_HANDLER": "api.errors.exception_handler",
    "DEFAULT_THROTTLE_RATES": {
        "login": env_str("API_LOGIN_RATE", "10/min"),
        "user": env_str("API_USER_RATE", "2000/hour"),
    },
    "DEFAULT_THROTTLE_CLASSES": ["rest_framework.throttling.UserRateThrottle"],
    "UNAUTHENTICATED_USER": "django.contrib.auth.models.AnonymousUser",
    # DRF's default (None) takes the whole X-Forwarded-For header, which the client writes, as its
    # address: any client would escape the login throttle by sending a new header each time.
    "NUM_PROXIES": TRUSTED_PROXY_COUNT,
    "COERCE_DECIMAL_TO_STRING": False,
}

SPECTACULAR_SETTINGS = {
    "TITLE": "congvu API",
    "DESCRIPTION": (
        "REST API v1 of congvu (kiểm tra công vụ) for tablets and integrations. Every endpoint applies the "
        "same permission policy as the web pages: a record you may not see answers 404. Errors share one "
        "format (see the Error schema); messages follow Accept-Language (vi by default, en)."
    ),
    "VERSION": "1.0.0",
    "SERVE_INCLUDE_SCHEMA": False,
    "COMPONENT_SPLIT_REQUEST": True,
    "SCHEMA_PATH_PREFIX": r"/api/v1",
    "POSTPROCESSING_HOOKS": [
        "drf_spectacular.hooks.postprocess_schema_enums",
        "api.errors.add_error_responses",
    ],
    "ENUM_NAME_OVERRIDES": {
        "FindingStatusEnum": "findings.models.FindingStatus",
        "ActionStatusEnum": "findings.models.ActionStatus",
        "InspectionStatusEnum": "inspection.models.InspectionStatus",
        "PlanStatusEnum": "inspection.models.PlanStatus",
        "RenderStatusEnum": "reports.models.RenderStatus",
        "CriterionCategoryEnum": "inspection.models.CriterionCategory",
        "StaffCategoryEnum": "staff.models.StaffCategory",
        "UnitKindEnum": "staff.models.UnitKind",
        "InspectionKindEnum": "inspection.models.InspectionKind",
    },
    "SWAGGER_UI_DIST": "SIDECAR",
    "SWAGGER_UI_FAVICON_HREF": "SIDECAR",
}
API_MAX_SYNC_ITEMS = env_int("API_MAX_SYNC_ITEMS", 200)
# Device-first capture (static/js/offline/fieldwork.js): photos are downscaled on the tablet to this
# longest side; a sync request gives up after SYNC_TIMEOUT_MS (plus time for its bytes) and is retried
# after SYNC_RETRY_MS, doubling up to five minutes.
PHOTO_MAX_SIDE = env_int("PHOTO_MAX_SIDE", 2560)
SYNC_TIMEOUT_MS = env_int("SYNC_TIMEOUT_MS", 30000)
SYNC_RETRY_MS = env_int("SYNC_RETRY_MS", 2000)
