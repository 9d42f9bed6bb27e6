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
