from django.conf import settings
from django.core.management.base import BaseCommand, CommandError
from kombu.utils.url import maybe_sanitize_url

from core.tasks import health_check


class Command(BaseCommand):
    help = (
        "Send a health-check task to the Celery workers and wait for the answer (inline without REDIS_URL)."
    )

    def add_arguments(self, parser):
        parser.add_argument("--timeout", type=float, default=30.0, help="seconds to wait for a worker")

    def handle(self, *args, timeout: float, **options):
        mode = (
            "inline (no REDIS_URL)"
            if settings.CELERY_TASK_ALWAYS_EAGER
            else f"broker {maybe_sanitize_url(settings.CELERY_BROKER_URL)}"
        )
        try:
            result = health_check.delay().get(timeout=timeout)
        except Exception as exc:
            raise CommandError(f"No worker answered within {timeout:g}s ({mode}): {exc!r}") from exc
        self.stdout.write(self.style.SUCCESS(f"Worker answered via {mode}: {result}"))
