"""Change history reads in words: every step code recorded as a reason has a label, found from the
state tables and from the codes the code base writes, so a new step cannot appear as a bare code."""

from __future__ import annotations

import re
from pathlib import Path

from django.urls import reverse
from django.utils import translation

from core import states
from core.audit import _reason

ROOT = Path(__file__).resolve().parent.parent
APPS = ("core", "staff", "inspection", "findings", "discipline", "reports", "api", "portal")
LITERAL = re.compile(r'note_change_reason\(\s*[\w.]+,\s*"([^"]+)"')


def _recorded_literals() -> set[str]:
    found = set()
    for app in APPS:
        for path in (ROOT / app).rglob("*.py"):
            found |= set(LITERAL.findall(path.read_text(encoding="utf-8")))
    return found


def test_every_step_code_has_words():
    codes = {action for machine in states._MACHINES for action in machine.actions} | _recorded_literals()
    assert "overdue" in codes and "finish_fieldwork" in codes
    assert sorted(code for code in codes if str(states.step_label(code)) == code) == []


def test_a_reason_with_a_note_keeps_the_note():
    with translation.override("en"):
        assert _reason("cancel: Thay đổi kế hoạch") == "Cancel: Thay đổi kế hoạch"
        assert _reason("something unknown") == "something unknown"


def test_the_inspection_page_shows_the_step_in_words(org, make_inspection, client):
    inspection = make_inspection("scheduled", ["approve"])
    client.force_login(org.users["director"])
    page = client.get(reverse("inspection-detail", args=[inspection.pk])).content.decode()
    assert '<div class="muted">Phê duyệt</div>' in page
    assert '<div class="muted">approve</div>' not in page


def _fields_without_vietnamese() -> list[str]:
    """Fields of every model with a policy and a change history that read the same in Vietnamese as in
    English: a field named only by Django ("approved by") would show untranslated in the history."""
    from core import policy
    from core.audit import NOT_SHOWN

    missing = []
    for model in policy.registered():
        if not hasattr(model, "history"):
            continue
        for field in model._meta.concrete_fields:
            if field.name in NOT_SHOWN:
                continue
            with translation.override("en"):
                english = str(field.verbose_name)
            with translation.override("vi"):
                vietnamese = str(field.verbose_name)
            if english == vietnamese:
                missing.append(f"{model._meta.label}.{field.name}: {english}")
    return missing


def test_every_field_a_history_can_show_has_a_vietnamese_name():
    assert _fields_without_vietnamese() == []


def test_a_plan_approval_reads_in_words(org, approved_plan, client):
    client.force_login(org.users["director"])
    page = client.get(reverse("plan-detail", args=[approved_plan.pk])).content.decode()
    assert "người phê duyệt" in page and "approved by" not in page
