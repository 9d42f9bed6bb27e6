from django.core.management import call_command


def test_celery_check_runs_inline_without_a_broker(org, capsys):
    """Without REDIS_URL the task runs in-process; .ci/run repeats the check against a real worker."""
    call_command("celery_check")
    out = capsys.readouterr().out
    from django.db.migrations.recorder import MigrationRecorder

    applied = MigrationRecorder.Migration.objects.count()
    assert applied > 0 and "inline" in out and f"'migrations': {applied}" in out
