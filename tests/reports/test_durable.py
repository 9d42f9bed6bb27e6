"""Background work that always ends: a killed worker, a broker or mail server that is down, a dead
database connection. Each test stages the fault as it leaves the database, then checks that the sweeper
(or the retry button) brings everything to its end without losing anything."""

from __future__ import annotations

import datetime

import pytest
from celery import current_app
from django.core import mail
from django.core.management import call_command
from django.db import connection
from django.urls import reverse
from django.utils import timezone

from core import outbox
from core.models import Notification, OutboxMessage
from reports import services
from reports.jobs import sweep, sweep_renders
from reports.models import ConclusionNotice, IssuedReport, RenderStatus
from reports.tasks import claim, render_issued_report

LATER = datetime.timedelta(hours=2)
HEAD = "chu.tich@hoankiem.gov.vn"


def _head_has_email(org) -> None:
    head = org.users["unit_head"]
    head.email = HEAD
    head.save(update_fields=["email"])


def _killed_at_85(report: IssuedReport, attempts: int = 1) -> None:
    """What a worker killed at 85 % leaves: running, a token nobody holds, a lease that ran out."""
    IssuedReport.objects.filter(pk=report.pk).update(
        render_status=RenderStatus.RUNNING,
        render_progress=85,
        render_token="dead-worker",
        render_attempts=attempts,
        render_lease_until=timezone.now() - datetime.timedelta(seconds=1),
        pdf="",
        pdf_sha256="",
    )


def test_a_worker_killed_mid_render_is_finished_by_the_sweeper(
    org, issue_inspection, client, django_capture_on_commit_callbacks
):
    report = issue_inspection()
    _killed_at_85(report)
    client.force_login(org.users["director"])
    page = client.get(reverse("issued-report", args=[report.pk])).text
    assert 'data-testid="render-stalled"' in page and "data-pending" not in page
    assert client.get(reverse("rendered-status", args=["issued", report.pk])).json()["stalled"] is True
    with django_capture_on_commit_callbacks(execute=True):
        assert sweep_renders() == {"requeued": 1, "failed": 0}
    report.refresh_from_db()
    assert report.render_status == RenderStatus.DONE and services.verify_stored(report).matches
    assert report.render_attempts == 2
    dead = IssuedReport.objects.filter(pk=report.pk, render_token="dead-worker")
    assert dead.update(render_status=RenderStatus.FAILED) == 0, "the lost worker's late write is fenced off"


def test_a_running_render_within_its_lease_is_left_alone(org, issue_inspection):
    report = issue_inspection()
    _killed_at_85(report)
    IssuedReport.objects.filter(pk=report.pk).update(render_lease_until=timezone.now() + LATER)
    assert claim(IssuedReport, report.pk) is None, "a redelivered message does not start it twice"
    assert sweep_renders() == {"requeued": 0, "failed": 0}
    assert claim(IssuedReport, report.pk, take_over=True) is not None, "a command may take it over"


def test_the_sweeper_gives_up_with_the_reason_and_retry_renders_it(
    org, issue_inspection, client, settings, django_capture_on_commit_callbacks
):
    report = issue_inspection()
    _killed_at_85(report, attempts=settings.RENDER_MAX_ATTEMPTS)
    assert sweep_renders() == {"requeued": 0, "failed": 1}
    report.refresh_from_db()
    assert report.render_status == RenderStatus.FAILED and "gave up after 3 attempt" in report.render_error
    client.force_login(org.users["director"])
    with django_capture_on_commit_callbacks(execute=True):
        client.post(reverse("rendered-retry", args=["issued", report.pk]))
    report.refresh_from_db()
    assert report.render_status == RenderStatus.DONE and report.render_attempts == 1


def test_retry_accepts_a_stalled_render_and_still_checks_the_right(
    org, issue_inspection, client, django_capture_on_commit_callbacks
):
    report = issue_inspection()
    _killed_at_85(report)
    client.force_login(org.users["staff"])
    client.post(reverse("rendered-retry", args=["issued", report.pk]))
    report.refresh_from_db()
    assert report.render_status == RenderStatus.RUNNING, "no right to retry: nothing changes"
    client.force_login(org.users["director"])
    with django_capture_on_commit_callbacks(execute=True):
        client.post(reverse("rendered-retry", args=["issued", report.pk]))
    report.refresh_from_db()
    assert report.render_status == RenderStatus.DONE and services.verify_stored(report).matches


def test_the_command_line_renders_a_stuck_version(org, issue_inspection, tmp_path):
    report = issue_inspection()
    _killed_at_85(report)
    IssuedReport.objects.filter(pk=report.pk).update(render_lease_until=timezone.now() + LATER)
    call_command("inspection_report", str(report.inspection_id), "-o", str(tmp_path / "r.pdf"))
    report.refresh_from_db()
    assert report.render_status == RenderStatus.DONE and (tmp_path / "r.pdf").stat().st_size > 1000


@pytest.fixture
def broker_down():
    """The web process sends to a Redis that refuses connections (as with Redis stopped)."""
    conf = current_app.conf
    saved = (conf.task_always_eager, conf.broker_url)

    def use(eager: bool, url: str) -> None:
        conf.task_always_eager, conf.broker_url = eager, url
        outbox._Breaker.until = 0.0  # as when its pause has passed
        current_app._pool = None
        current_app.amqp._producer_pool = None

    use(False, "redis://127.0.0.1:1/0")
    yield lambda: use(*saved)  # the broker is back (with no broker here, tasks run inline)
    use(*saved)


def test_issuing_with_redis_down_answers_and_everything_is_done_once_it_returns(
    org, issue_inspection, client, broker_down, django_capture_on_commit_callbacks
):
    from tests.workflow import advance

    inspection = issue_inspection(issue=False)
    advance(actor=org.users["director"], inspection=inspection, action="finish_fieldwork")
    _head_has_email(org)
    mail.outbox.clear()
    before = OutboxMessage.objects.order_by("pk").last().pk
    client.force_login(org.users["director"])
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(reverse("report-issue", args=[inspection.pk]))
    assert response.status_code == 302, "the issuance is committed and the page answers"
    report = IssuedReport.objects.get(inspection=inspection)
    assert report.render_status == RenderStatus.QUEUED and mail.outbox == []
    waiting = OutboxMessage.objects.filter(published_at__isnull=True, pk__gt=before)
    errors = [m.last_error for m in waiting.order_by("pk")]
    assert len(errors) == 3 and "Connection refused" in errors[0], errors
    assert all("broker" in error for error in errors[1:]), "one connection timeout per request, not three"
    broker_down()  # Redis is back; here "a worker" runs inline what the broker delivers
    with django_capture_on_commit_callbacks(execute=True):
        done = sweep(timezone.now() + LATER)
    assert done["outbox"]["waiting"] == 0 and not waiting.all().exists()
    report.refresh_from_db()
    assert report.render_status == RenderStatus.DONE and services.verify_stored(report).matches
    assert ConclusionNotice.objects.get(report=report).render_status == RenderStatus.DONE
    issued = Notification.objects.filter(key__startswith=f"inspection:{inspection.pk}:issued:")
    assert issued.count() == 2 and all(n.sent_at for n in issued), "one per unit with findings"
    subjects = {n.subject for n in issued}
    assert [m.to for m in mail.outbox if m.subject in subjects] == [[HEAD]] * 2, "each once"
    sent = len(mail.outbox)
    with django_capture_on_commit_callbacks(execute=True):
        sweep(timezone.now() + LATER * 2)
    assert len(mail.outbox) == sent and not OutboxMessage.objects.filter(published_at__isnull=True).exists()


def test_issuing_with_smtp_down_answers_and_the_mail_goes_once_it_returns(
    org, issue_inspection, client, settings, django_capture_on_commit_callbacks
):
    from tests.workflow import advance

    inspection = issue_inspection(issue=False)
    advance(actor=org.users["director"], inspection=inspection, action="finish_fieldwork")
    _head_has_email(org)
    settings.EMAIL_BACKEND = "django.core.mail.backends.smtp.EmailBackend"
    settings.EMAIL_HOST, settings.EMAIL_PORT, settings.EMAIL_TIMEOUT = "127.0.0.1", 1, 2
    mail.outbox.clear()
    client.force_login(org.users["director"])
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(reverse("report-issue", args=[inspection.pk]))
    assert response.status_code == 302
    unsent = Notification.objects.filter(key__startswith=f"inspection:{inspection.pk}:issued:")
    assert unsent.count() == 2 and all(n.sent_at is None and "refused" in n.last_error for n in unsent)
    assert IssuedReport.objects.get(inspection=inspection).render_status == RenderStatus.DONE
    settings.EMAIL_BACKEND = "django.core.mail.backends.locmem.EmailBackend"
    assert sweep()["notifications"]["sent"] == 0, "not before its backoff"
    assert sweep(timezone.now() + LATER)["notifications"]["sent"] >= 2
    assert sweep(timezone.now() + LATER * 2)["notifications"]["sent"] == 0, "nothing twice"
    subjects = {n.subject for n in unsent}
    assert [m.to for m in mail.outbox if m.subject in subjects] == [[HEAD]] * 2
    assert all(n.sent_at for n in unsent.all())


@pytest.mark.django_db(transaction=True)
@pytest.mark.skipif(
    connection.vendor != "postgresql",
    reason="a terminated server connection needs PostgreSQL (the in-memory test SQLite cannot reopen)",
)
def test_a_render_whose_connection_died_is_still_marked_failed(org, issue_inspection, monkeypatch):
    import reports.tasks

    report = issue_inspection()
    IssuedReport.objects.filter(pk=report.pk).update(render_status=RenderStatus.FAILED, pdf_sha256="", pdf="")

    def connection_terminated(report, progress):
        connection.connection.close()  # as pg_terminate_backend or a failover leaves it
        raise RuntimeError("server closed the connection unexpectedly")

    monkeypatch.setattr(reports.tasks, "produce_issued", connection_terminated)
    assert render_issued_report(report.pk) == "failed"
    report.refresh_from_db()
    assert report.render_status == RenderStatus.FAILED and "closed the connection" in report.render_error
