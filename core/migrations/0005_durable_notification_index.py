"""The unsent-notification index, built without locking the (large) table on PostgreSQL."""

from django.db import migrations, models

from core.migration_operations import AddIndexConcurrentlyWherePossible


class Migration(migrations.Migration):
    atomic = False

    dependencies = [
        ("core", "0004_durable_outbox"),
    ]

    operations = [
        AddIndexConcurrentlyWherePossible(
            model_name="notification",
            index=models.Index(
                condition=models.Q(("sent_at__isnull", True)), fields=["next_attempt_at"], name="notification_unsent"
            ),
        ),
    ]
