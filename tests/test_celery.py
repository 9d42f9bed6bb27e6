from django.core.management import call_command
from django.db import connection


def test_celery_check_runs_inline_without_a_broker(org, capsys):
    """Without REDIS_URL the task runs in-process; .ci/run repeats the check against a real worker."""
    call_command("celery_check")
    out = capsys.readouterr().out
    from django.db.migrations.recorder import MigrationRecorder

    recorder = MigrationRecorder(connection)
    applied = recorder.migration_qs.count() if recorder.has_table() else 0
    assert "inline" in out and "'database': " in out and f"'migrations': {applied}" in out
