"""The time limits and combinations of discipline/rules.py on cases, at their edges.

The walk over every person and date is in test_rulebook_table.py; the rows of issue 15 in
test_issue_table.py.
"""

from __future__ import annotations

import datetime

import pytest

from discipline import rules, terms
from discipline.models import ActGravity, CaseAct, CasePause, DisciplinaryCase, NonWorkingDay, SanctionForm

D = datetime.date


def form(code: str) -> SanctionForm:
    return SanctionForm.objects.get(code=code)


def _case(org, **extra):
    values = dict(
        staff=org.own_staff,
        act_date=D(2026, 1, 5),
        discovered_on=D(2026, 1, 9),
        gravity=ActGravity.REPRIMAND,
        opened_by=org.users["director"],
    )
    values.update(extra)
    return DisciplinaryCase.objects.create(**values)


@pytest.mark.parametrize(
    ("start", "length", "end"),
    [
        (D(2021, 3, 15), {"years": 5}, D(2026, 3, 15)),  # BLDS Đ.148 k.4: the corresponding day
        (D(2024, 2, 29), {"years": 5}, D(2029, 2, 28)),  # no 29/02 in 2029: the month's last day
        (D(2026, 8, 31), {"months": 6}, D(2027, 2, 28)),  # BLDS Đ.148 k.3
        (D(2026, 1, 31), {"months": 1}, D(2026, 2, 28)),
        (D(2026, 1, 9), {"days": 90}, D(2026, 4, 9)),  # BLDS Đ.147 k.2: the event day not counted
    ],
)
def test_term_end_follows_the_civil_code(start, length, end):
    assert terms.term_end(start, **length) == end


def test_a_term_ending_on_a_holiday_ends_on_the_next_working_day(db):
    assert terms.next_working_day(D(2026, 4, 30)) == D(2026, 4, 30)  # a Thursday with no row
    NonWorkingDay.objects.create(day=D(2026, 4, 30), name="Ngày Chiến thắng")
    NonWorkingDay.objects.create(day=D(2026, 5, 1), name="Quốc tế Lao động")
    assert terms.next_working_day(D(2026, 4, 30)) == D(2026, 5, 4)  # Fri holiday, then Sat, Sun


def test_processing_deadline_is_90_days_or_150_when_complex(org):
    case = _case(org)
    # NĐ 112/2020 Đ.5 k.5 / NĐ 172/2025: 90 days after 09/01/2026 is Thursday 09/04/2026
    assert rules.processing_deadline(case, D(2026, 2, 1)).value == D(2026, 4, 9)
    case.is_complex = True
    assert rules.processing_deadline(case, D(2026, 2, 1)).value == D(2026, 6, 8)  # 150 days, a Monday


def test_pauses_move_the_deadline_counted_once(org):
    case = _case(org)
    CasePause.objects.create(case=case, reason="illness", start=D(2026, 2, 1), end=D(2026, 2, 10))
    CasePause.objects.create(case=case, reason="maternity", start=D(2026, 2, 6), end=D(2026, 2, 15))
    deadline = rules.processing_deadline(case, D(2026, 3, 1))
    assert deadline.value == D(2026, 4, 24)  # 09/04 + 15 paused days, a Friday
    assert any("15" in r.text for r in deadline.reasons)


def test_an_open_pause_runs_until_today(org):
    case = _case(org)
    CasePause.objects.create(case=case, reason="criminal", start=D(2026, 3, 2), end=None)
    assert rules.processing_deadline(case, D(2026, 3, 2)).value == D(2026, 4, 10)
    assert rules.processing_deadline(case, D(2026, 3, 11)).value == D(2026, 4, 20)  # Sunday 19/04 → Monday


def test_a_pause_on_the_discovery_day_or_before_does_not_count(org):
    """The discovery day is not in the term (BLDS Đ.147 k.2); the old code added it as a paused day."""
    case = _case(org)
    CasePause.objects.create(case=case, reason="illness", start=D(2026, 1, 1), end=D(2026, 1, 9))
    assert rules.processing_deadline(case, D(2026, 2, 1)).value == D(2026, 4, 9)


def test_a_pause_after_the_deadline_does_not_reopen_it(org):
    case = _case(org)
    CasePause.objects.create(case=case, reason="illness", start=D(2026, 5, 1), end=D(2026, 5, 20))
    assert rules.processing_deadline(case, D(2026, 6, 1)).value == D(2026, 4, 9)


def test_repeat_while_a_sanction_is_in_force(org):
    _case(
        org,
        stage="decided",
        form=form("khien_trach"),
        decision_date=D(2025, 9, 1),
        effective_from=D(2025, 9, 1),
        effective_to=D(2026, 8, 31),
    )
    repeat = _case(org, act_date=D(2026, 1, 5))
    # NĐ 172/2025 Đ.2 k.3: without the act's own form, any form heavier than the one in force
    assert [f.code for f in rules.decision_forms(repeat, D(2026, 2, 2)).value] == [
        "canh_cao",
        "buoc_thoi_viec",
    ]
    repeat.act_form = form("khien_trach")
    assert rules.proposed_form(repeat, D(2026, 2, 2)).code == "canh_cao"  # one above the sanction in force
    repeat.act_form = form("canh_cao")
    assert rules.proposed_form(repeat, D(2026, 2, 2)).code == "buoc_thoi_viec"  # one above its own form
    later = _case(org, act_date=D(2026, 9, 1), discovered_on=D(2026, 9, 2))
    assert rules.proposed_form(later, D(2026, 10, 5)) is None  # committed after the sanction ended


def test_several_acts_in_one_case(org):
    case = _case(org, act_form=form("khien_trach"))
    CaseAct.objects.create(
        case=case, act_date=D(2026, 1, 7), gravity="heavier", form=form("canh_cao"), description="Vắng mặt"
    )
    # công chức, from 01/07/2025 (NĐ 172/2025 Đ.2 k.2): the heaviest
    assert [f.code for f in rules.decision_forms(case, D(2026, 2, 2)).value] == ["canh_cao"]
    # before (NĐ 112/2020 Đ.2 k.2): one level above the heaviest
    case.act_date, case.discovered_on = D(2025, 1, 6), D(2025, 1, 9)
    case.save()
    CaseAct.objects.filter(case=case).update(act_date=D(2025, 1, 7))
    assert [f.code for f in rules.decision_forms(case, D(2025, 2, 3)).value] == ["ha_bac_luong"]


def test_promotion_bar(org):
    case = _case(
        org,
        stage="decided",
        form=form("canh_cao"),
        decision_date=D(2026, 1, 30),
        effective_from=D(2026, 1, 31),
    )
    assert rules.promotion_bar_until(case) == D(2027, 1, 31)  # Luật CBCC 2025; 12 months
    case.form = form("cach_chuc")
    assert rules.promotion_bar_until(case) == D(2028, 1, 31)  # 24 months


def test_case_rulebook_is_one_bundle(org, django_assert_max_num_queries):
    case = _case(org)
    with django_assert_max_num_queries(40):
        book = rules.case_rulebook(case, D(2026, 2, 2))
    assert book.statute.value == D(2031, 1, 6)  # 05/01/2031 is a Sunday: Monday (BLDS Đ.148 k.5)
    assert book.processing.value == D(2026, 4, 9)
    assert [f.code for f in book.offered.value] == ["khien_trach", "canh_cao", "buoc_thoi_viec"]
    assert any("80/2025/QH15" in basis for basis in book.legal_basis)


@pytest.mark.django_db(transaction=True)
def test_a_flush_puts_the_rulebook_back():
    """Browser and transactional tests flush the database; the rulebook returns like the role groups."""
    from django.core.management import call_command

    from discipline.models import DisciplineRule, StatuteRule

    counts = (SanctionForm.objects.count(), DisciplineRule.objects.count(), StatuteRule.objects.count())
    call_command("flush", "--noinput")
    assert (
        SanctionForm.objects.count(),
        DisciplineRule.objects.count(),
        StatuteRule.objects.count(),
    ) == counts
    assert counts[0] == 10
