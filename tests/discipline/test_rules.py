"""The rulebook and the time limits of DESIGN.md section 6, at their boundaries."""

from __future__ import annotations

import datetime

import pytest

from discipline import rules
from discipline.models import ActGravity, CasePause, DisciplinaryCase

D = datetime.date
REFORM = D(2025, 7, 1)
BEFORE, AFTER = REFORM - datetime.timedelta(days=1), REFORM

# DESIGN.md section 6, transcribed: (category, leadership post) → (until 30/06/2025, from 01/07/2025)
TABLE = {
    ("can_bo", False): (["khien_trach", "canh_cao", "cach_chuc", "bai_nhiem"],) * 2,
    ("can_bo", True): (["khien_trach", "canh_cao", "cach_chuc", "bai_nhiem"],) * 2,
    ("cong_chuc", False): (
        ["khien_trach", "canh_cao", "ha_bac_luong", "buoc_thoi_viec"],
        ["khien_trach", "canh_cao", "buoc_thoi_viec"],
    ),
    ("cong_chuc", True): (
        ["khien_trach", "canh_cao", "giang_chuc", "cach_chuc", "buoc_thoi_viec"],
        ["khien_trach", "canh_cao", "cach_chuc", "buoc_thoi_viec"],
    ),
    ("vien_chuc", False): (["khien_trach", "canh_cao", "buoc_thoi_viec"],) * 2,
    ("vien_chuc", True): (["khien_trach", "canh_cao", "cach_chuc", "buoc_thoi_viec"],) * 2,
    ("nguoi_lao_dong", False): ([], []),
    ("nguoi_lao_dong", True): ([], []),
}
CELLS = [(cat, lead, when) for (cat, lead) in TABLE for when in ("before", "after")]


@pytest.mark.parametrize(("category", "leadership", "when"), CELLS)
def test_forms_offered_by_category_post_and_date(db, category, leadership, when):
    expected = TABLE[(category, leadership)][0 if when == "before" else 1]
    for day in (D(2020, 1, 1), BEFORE) if when == "before" else (AFTER, D(2030, 12, 31)):
        assert [f.code for f in rules.offered_forms(category, leadership, day)] == expected


@pytest.mark.parametrize(
    ("act", "gravity", "last_day"),
    [
        (D(2021, 3, 15), ActGravity.REPRIMAND, D(2026, 3, 14)),
        (D(2021, 3, 15), ActGravity.HEAVIER, D(2031, 3, 14)),
        (D(2024, 2, 29), ActGravity.REPRIMAND, D(2029, 2, 27)),
        (D(2021, 3, 15), ActGravity.NO_LIMIT, None),
    ],
)
def test_statute_of_limitations(act, gravity, last_day):
    assert rules.statute_deadline(act, gravity) == last_day


def _case(org, **extra):
    values = dict(
        staff=org.own_staff,
        act_date=D(2026, 1, 5),
        discovered_on=D(2026, 1, 10),
        gravity=ActGravity.REPRIMAND,
        opened_by=org.users["director"],
    )
    values.update(extra)
    return DisciplinaryCase.objects.create(**values)


def test_processing_deadline_is_90_days_or_150_when_complex(org):
    case = _case(org)
    assert rules.processing_deadline(case, D(2026, 2, 1)) == D(2026, 4, 10)
    case.is_complex = True
    assert rules.processing_deadline(case, D(2026, 2, 1)) == D(2026, 6, 9)


def test_pauses_move_the_deadline_counted_once(org):
    case = _case(org)
    CasePause.objects.create(case=case, reason="illness", start=D(2026, 2, 1), end=D(2026, 2, 10))
    CasePause.objects.create(case=case, reason="maternity", start=D(2026, 2, 6), end=D(2026, 2, 15))
    assert rules.processing_deadline(case, D(2026, 3, 1)) == D(2026, 4, 10) + datetime.timedelta(days=15)


def test_an_open_pause_runs_until_today(org):
    case = _case(org)
    CasePause.objects.create(case=case, reason="criminal", start=D(2026, 3, 1), end=None)
    assert rules.processing_deadline(case, D(2026, 3, 1)) == D(2026, 4, 11)
    assert rules.processing_deadline(case, D(2026, 3, 10)) == D(2026, 4, 20)


def test_pause_before_discovery_does_not_count(org):
    case = _case(org)
    CasePause.objects.create(case=case, reason="illness", start=D(2026, 1, 1), end=D(2026, 1, 10))
    assert rules.processing_deadline(case, D(2026, 2, 1)) == D(2026, 4, 11)


def test_repeat_while_a_sanction_is_in_force_proposes_the_next_heavier_form(org):
    from discipline.models import SanctionForm

    reprimand = SanctionForm.objects.get(code="khien_trach")
    _case(
        org,
        stage="decided",
        form=reprimand,
        decision_date=D(2025, 9, 1),
        effective_from=D(2025, 9, 1),
        effective_to=D(2026, 8, 31),
    )
    repeat = _case(org, act_date=D(2026, 1, 5))
    assert rules.proposed_form(repeat, D(2026, 2, 1)).code == "canh_cao"
    later = _case(org, act_date=D(2026, 10, 1), discovered_on=D(2026, 10, 2))
    assert rules.proposed_form(later, D(2026, 10, 5)) is None


def test_promotion_bar(org):
    from discipline.models import SanctionForm

    case = _case(
        org, stage="decided", form=SanctionForm.objects.get(code="canh_cao"), effective_from=D(2026, 1, 31)
    )
    assert rules.promotion_bar_until(case) == D(2027, 1, 31)
    case.form = SanctionForm.objects.get(code="cach_chuc")
    assert rules.promotion_bar_until(case) == D(2028, 1, 31)
