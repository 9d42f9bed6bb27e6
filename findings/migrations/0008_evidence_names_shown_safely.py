"""Neutralise control and bidirectional-override characters in evidence names stored before the upload
path did it (``core.text.shown_name``)."""

from django.db import migrations


def clean(apps, schema_editor):
    from core.text import shown_name

    Evidence = apps.get_model("findings", "Evidence")
    for evidence in Evidence.objects.exclude(original_name="").iterator():
        safe = shown_name(evidence.original_name)
        if safe != evidence.original_name:
            Evidence.objects.filter(pk=evidence.pk).update(original_name=safe)


class Migration(migrations.Migration):
    dependencies = [("findings", "0007_list_order_indexes")]
    operations = [migrations.RunPython(clean, migrations.RunPython.noop)]
