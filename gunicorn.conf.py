"""gunicorn settings for congvu (``gunicorn -c gunicorn.conf.py config.wsgi``); see docs/operations.md.

Values come from the environment so one file serves every node. The application writes its own access
log with the request id and duration (core.request_log), so gunicorn's access log stays off.
"""

import os

bind = os.environ.get("GUNICORN_BIND", "0.0.0.0:8000")
workers = int(os.environ.get("GUNICORN_WORKERS", "4"))
threads = int(os.environ.get("GUNICORN_THREADS", "1"))
# A request longer than this is killed (and its transaction rolled back): issuing 5,000 findings takes
# a few seconds (make bench-issuance), renders run in Celery workers.
timeout = int(os.environ.get("GUNICORN_TIMEOUT", "30"))
# On SIGTERM (a deploy, a container stop) stop accepting and let requests in flight finish for this
# long; set the orchestrator's stop timeout above it (Kubernetes terminationGracePeriodSeconds).
graceful_timeout = int(os.environ.get("GUNICORN_GRACEFUL_TIMEOUT", "25"))
keepalive = 5
# Recycle workers now and then (bounded memory growth), staggered so they never restart together.
max_requests = int(os.environ.get("GUNICORN_MAX_REQUESTS", "2000"))
max_requests_jitter = 200
# The proxy in front sets X-Forwarded-Proto/-For; trust it from these addresses only.
forwarded_allow_ips = os.environ.get("GUNICORN_FORWARDED_ALLOW_IPS", "127.0.0.1")
accesslog = None
errorlog = "-"
loglevel = os.environ.get("LOG_LEVEL", "info").lower()
