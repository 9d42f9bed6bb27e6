import django.db.models.deletion
from django.conf import settings
from django.db import migrations, models

from core.migration_operations import AddIndexConcurrentlyWherePossible


class Migration(migrations.Migration):
    """A nullable column is instant on PostgreSQL; its index is built without locking the table."""

    atomic = False

    dependencies = [
        ("findings", "0010_response_client_uuid"),
        ("staff", "0002_staff_mandate_and_departure"),
        migrations.swappable_dependency(settings.AUTH_USER_MODEL),
    ]

    operations = [
        migrations.AddField(
            model_name="correctiveaction",
            name="responsible_staff",
            field=models.ForeignKey(
                blank=True,
                db_index=False,
                help_text="Optional: a staff member of the responsible unit who carries the work.",
                null=True,
                on_delete=django.db.models.deletion.PROTECT,
                related_name="assigned_actions",
                to="staff.staff",
                verbose_name="responsible person",
            ),
        ),
        migrations.AddField(
            model_name="historicalcorrectiveaction",
            name="responsible_staff",
            field=models.ForeignKey(
                blank=True,
                db_constraint=False,
                help_text="Optional: a staff member of the responsible unit who carries the work.",
                null=True,
                on_delete=django.db.models.deletion.DO_NOTHING,
                related_name="+",
                to="staff.staff",
                verbose_name="responsible person",
            ),
        ),
        AddIndexConcurrentlyWherePossible(
            model_name="correctiveaction",
            index=models.Index(
                condition=models.Q(("responsible_staff__isnull", False)),
                fields=["responsible_staff", "due_date"],
                name="action_assignee",
            ),
        ),
    ]
