"""The rulebook walked cell by cell: every category × post × elected/appointed × in service/left ×
decision date, and every term at its last allowed day and the day after.

The expected values are transcribed here from the texts (article in each row's comment), not from the
migration, so a wrong row in the data fails a cell. docs/rulebook.md is the same law in prose.
"""

from __future__ import annotations

import datetime
import itertools

import pytest

from discipline import rules
from discipline.models import CasePause, DisciplinaryCase, SanctionForm
from staff.models import Staff

D = datetime.date
DAY = datetime.timedelta(days=1)
KT, CC, HBL, GC, CCH, BN, BTV = (
    "khien_trach",
    "canh_cao",
    "ha_bac_luong",
    "giang_chuc",
    "cach_chuc",
    "bai_nhiem",
    "buoc_thoi_viec",
)
KD, ST, XOA = "keo_dai_nang_luong", "sa_thai", "xoa_tu_cach_chuc_vu"
DATES = {"30/06/2025": D(2025, 6, 30), "01/07/2025": D(2025, 7, 1), "today": D(2026, 12, 1)}
LEFT_ON = D(2025, 1, 15)

# (category, leadership post, mandate, has left) → (forms until 30/06/2025, forms from 01/07/2025)
FORMS = {
    # Cán bộ: Luật CBCC 2008 Đ.78 k.1–2, NĐ 112/2020 Đ.7 k.1; Luật 80/2025/QH15, NĐ 172/2025 from 01/07/2025.
    # Cách chức only for the approved/appointed (Đ.78 k.2; NĐ 172: "phê chuẩn, bổ nhiệm hoặc chỉ định"),
    # bãi nhiệm only for the elected; elected then approved (a People's Committee chair): both;
    # unknown → neither. A post changes nothing for a cán bộ.
    **{("can_bo", post, "", False): ([KT, CC], [KT, CC]) for post in (False, True)},
    **{("can_bo", post, "elected", False): ([KT, CC, BN], [KT, CC, BN]) for post in (False, True)},
    **{("can_bo", post, "approved", False): ([KT, CC, CCH, BN], [KT, CC, CCH, BN]) for post in (False, True)},
    **{("can_bo", post, "appointed", False): ([KT, CC, CCH], [KT, CC, CCH]) for post in (False, True)},
    # Left or retired, acts in office: Luật CBCC Đ.84 k.5 (sửa đổi bởi k.18 Đ.1 Luật 52/2019/QH14) and
    # NĐ 172/2025 Đ.1 k.2 b: khiển trách, cảnh cáo, xóa tư cách chức vụ (a cán bộ always held one).
    **{
        ("can_bo", post, mandate, True): ([KT, CC, XOA], [KT, CC, XOA])
        for post in (False, True)
        for mandate in ("", "elected", "approved", "appointed")
    },
    # Công chức: Luật CBCC 2008 Đ.79, NĐ 112/2020 Đ.7 k.2–3; NĐ 172/2025 drops hạ bậc lương, giáng chức.
    ("cong_chuc", False, "", False): ([KT, CC, HBL, BTV], [KT, CC, BTV]),
    ("cong_chuc", True, "", False): ([KT, CC, GC, CCH, BTV], [KT, CC, CCH, BTV]),
    # Left: Đ.84 k.5 (sđ 2019); xóa tư cách chức vụ only for one who held a post.
    ("cong_chuc", False, "", True): ([KT, CC], [KT, CC]),
    ("cong_chuc", True, "", True): ([KT, CC, XOA], [KT, CC, XOA]),
    # Viên chức: Luật Viên chức 2010 Đ.52, NĐ 112/2020 Đ.15 — unchanged on 01/07/2025.
    ("vien_chuc", False, "", False): ([KT, CC, BTV], [KT, CC, BTV]),
    ("vien_chuc", True, "", False): ([KT, CC, CCH, BTV], [KT, CC, CCH, BTV]),
    ("vien_chuc", False, "", True): ([KT, CC], [KT, CC]),  # NĐ 112/2020 Đ.1 k.2
    ("vien_chuc", True, "", True): ([KT, CC, XOA], [KT, CC, XOA]),  # NĐ 112/2020 Đ.22
    # Người lao động: Bộ luật Lao động 2019 Đ.124; cách chức only for one holding a post.
    ("nguoi_lao_dong", False, "", False): ([KT, KD, ST], [KT, KD, ST]),
    ("nguoi_lao_dong", True, "", False): ([KT, KD, CCH, ST], [KT, KD, CCH, ST]),
    # Once the labour relation has ended the Labour Code gives no disciplinary form.
    ("nguoi_lao_dong", False, "", True): ([], []),
    ("nguoi_lao_dong", True, "", True): ([], []),
}
MANDATES = {"can_bo": ("", "elected", "approved", "appointed")}
CELLS = [
    (category, post, mandate, left, when)
    for category in ("can_bo", "cong_chuc", "vien_chuc", "nguoi_lao_dong")
    for post, mandate, left, when in itertools.product(
        (False, True), MANDATES.get(category, ("",)), (False, True), DATES
    )
]


def person(category: str, post: bool, mandate: str = "", left_on: datetime.date | None = None) -> Staff:
    return Staff(
        full_name="Nguyễn Văn A",
        category=category,
        holds_leadership_post=post,
        mandate=mandate,
        departure="retired" if left_on else "",
        departed_on=left_on,
    )


def test_the_walk_covers_every_cell():
    assert len(CELLS) == 84 and {c[:4] for c in CELLS} == set(FORMS)


@pytest.mark.parametrize(("category", "post", "mandate", "left", "when"), CELLS)
def test_forms_by_person_and_date(db, category, post, mandate, left, when):
    before, after = FORMS[(category, post, mandate, left)]
    on = DATES[when]
    staff = person(category, post, mandate, LEFT_ON if left else None)
    offered = rules.forms_offered(staff, on)
    assert [f.code for f in offered.value] == (before if on < D(2025, 7, 1) else after)
    assert bool(offered.value) == any(r.basis for r in offered.reasons)  # every form comes with its article


@pytest.mark.parametrize(
    ("staff", "on", "expected"),
    [
        # Đ.84 k.5 as amended in 2019 is in force from 01/07/2020; before, nobody who had left was disciplined.
        (person("cong_chuc", True, left_on=D(2020, 1, 2)), D(2020, 6, 30), []),
        (person("cong_chuc", True, left_on=D(2020, 1, 2)), D(2020, 7, 1), [KT, CC, XOA]),
        # The departure takes effect on its day: the day before, the forms of a person in service.
        (person("vien_chuc", False, left_on=D(2026, 6, 1)), D(2026, 5, 31), [KT, CC, BTV]),
        (person("vien_chuc", False, left_on=D(2026, 6, 1)), D(2026, 6, 1), [KT, CC]),
        # Bộ luật Lao động 2012 Đ.125 (to 31/12/2020) had the same forms as the 2019 Code's Đ.124.
        (person("nguoi_lao_dong", False), D(2020, 12, 31), [KT, KD, ST]),
    ],
)
def test_forms_at_the_edges_of_service_and_of_the_laws(db, staff, on, expected):
    assert [f.code for f in rules.forms_for(staff, on)] == expected


def _statute(category, act_date, gravity, on, *, finance=False, pauses=()):
    act = rules.Act(act_date, gravity, finance, None, "")
    return rules.statute_end(person(category, False), act, on, pauses)


# (category, gravity, finance-related, act date, last allowed day) — the decision on the last day is
# within the statute, the day after is not; the law is the one in force on the decision date.
STATUTE_EDGES = [
    # Luật CBCC 2008 Đ.80 k.1 / Luật Viên chức Đ.53 k.1 before 01/07/2020: 24 months.
    ("cong_chuc", "reprimand", False, D(2018, 4, 10), D(2020, 4, 10)),
    # Luật 52/2019/QH14 k.16 Đ.1 (Đ.80), 01/07/2020–19/09/2023: 2 years for a reprimand, 5 otherwise.
    ("cong_chuc", "reprimand", False, D(2020, 8, 3), D(2022, 8, 3)),
    ("vien_chuc", "heavier", False, D(2018, 2, 6), D(2023, 2, 6)),
    # NĐ 112/2020 Đ.5 k.3 (sđ NĐ 71/2023) from 20/09/2023: 5 and 10 years.
    ("can_bo", "reprimand", False, D(2019, 3, 12), D(2024, 3, 12)),
    ("vien_chuc", "reprimand", False, D(2021, 6, 1), D(2026, 6, 1)),
    # Luật 80/2025/QH15, NĐ 172/2025 from 01/07/2025: 5 and 10 years.
    ("cong_chuc", "reprimand", False, D(2021, 3, 16), D(2026, 3, 16)),
    ("cong_chuc", "heavier", False, D(2016, 6, 15), D(2026, 6, 15)),
    # BLDS Đ.148 k.5: 15/03/2026 is a Sunday, the term runs to Monday 16/03/2026.
    ("can_bo", "reprimand", False, D(2021, 3, 15), D(2026, 3, 16)),
    # BLDS Đ.148 k.4: from 29/02/2024, ten years end on 28/02/2034 (no 29/02 that year).
    ("cong_chuc", "heavier", False, D(2024, 2, 29), D(2034, 2, 28)),
    # Bộ luật Lao động 2019 Đ.123 k.1: 6 months (31/03 → 30/09, BLDS Đ.148 k.3), 12 for finance etc.
    ("nguoi_lao_dong", "heavier", False, D(2026, 3, 31), D(2026, 9, 30)),
    ("nguoi_lao_dong", "reprimand", True, D(2025, 11, 4), D(2026, 11, 4)),
]


@pytest.mark.parametrize(("category", "gravity", "finance", "act", "last"), STATUTE_EDGES)
def test_statute_last_day_and_the_day_after(db, category, gravity, finance, act, last):
    on_last = _statute(category, act, gravity, last, finance=finance)
    assert on_last.value == last and on_last.reasons[0].basis
    after = _statute(category, act, gravity, last + DAY, finance=finance)
    assert after.value is not None and after.value < last + DAY


def test_law_in_force_on_the_decision_date_decides_the_statute(db):
    """2 years from 19/09/2021 end on 19/09/2023; from 20/09/2023 (NĐ 71/2023) a decision has 5 years."""
    assert _statute("cong_chuc", D(2021, 9, 19), "reprimand", D(2023, 9, 19)).value == D(2023, 9, 19)
    assert _statute("cong_chuc", D(2021, 9, 19), "reprimand", D(2023, 9, 20)).value == D(2026, 9, 21)


def test_no_limitation_for_listed_acts(db):
    """NĐ 112/2020 Đ.5 k.4 (sđ NĐ 71/2023): e.g. forged diplomas."""
    statute = _statute("cong_chuc", D(2001, 1, 1), "no_limit", D(2026, 12, 1))
    assert statute.value is None and not statute.missing


def test_labour_code_extension_after_a_pause(org):
    """Bộ luật Lao động 2019 Đ.123 k.2: a bar (Đ.122 k.4) ending with fewer than 60 days of statute left
    extends it to 60 days after the bar: 6 months from 05/01/2026 end 05/07/2026; sick until 20/07/2026
    → 18/09/2026 is the last day."""
    worker = Staff.objects.create(
        staff_code="LD1", full_name="Lê Văn Bảo", category="nguoi_lao_dong", unit=org.division_in
    )
    case = DisciplinaryCase.objects.create(
        staff=worker,
        act_date=D(2026, 1, 5),
        discovered_on=D(2026, 5, 1),
        gravity="heavier",
        opened_by=org.users["director"],
    )
    assert rules.case_statute(case, D(2026, 5, 2)).value == D(2026, 7, 6)  # 05/07 is a Sunday
    CasePause.objects.create(case=case, reason="illness", start=D(2026, 6, 1), end=D(2026, 7, 20))
    assert rules.case_statute(case, D(2026, 9, 18)).value == D(2026, 9, 18)
    assert rules.case_statute(case, D(2026, 9, 19)).value < D(2026, 9, 19)
    assert rules.processing_deadline(case, D(2026, 9, 1)).value is None  # no 90/150-day rule for them


def _case(org, act_date, **extra):
    values = dict(
        staff=org.own_staff,
        act_date=act_date,
        discovered_on=act_date,
        gravity="reprimand",
        opened_by=org.users["director"],
    )
    values.update(extra)
    return DisciplinaryCase.objects.create(**values)


@pytest.mark.parametrize(
    ("new_act", "last_day"),
    [
        # NĐ 112/2020 Đ.5 k.1 (sđ NĐ 71/2023; NĐ 172/2025): a new violation within the term (5 years from
        # 10/01/2020, to 10/01/2025) restarts the earlier act's term from the new act.
        (D(2025, 1, 10), D(2030, 1, 10)),  # on the term's last day: restarted
        (D(2025, 1, 11), D(2025, 1, 10)),  # the day after: the term had ended, nothing restarts
        (D(2024, 6, 3), D(2029, 6, 4)),  # 03/06/2029 is a Sunday (BLDS Đ.148 k.5)
    ],
)
def test_statute_restarts_on_a_new_violation(org, new_act, last_day):
    first = _case(org, D(2020, 1, 10))
    _case(org, new_act)
    statute = rules.case_statute(first, D(2026, 12, 1))
    assert statute.value == last_day
    assert any("#" in r.text for r in statute.reasons) == (last_day != D(2025, 1, 10))


def test_a_case_closed_as_no_violation_does_not_restart(org):
    first = _case(org, D(2020, 1, 10))
    _case(org, D(2024, 6, 3), stage="not_disciplined")
    assert rules.case_statute(first, D(2026, 12, 1)).value == D(2025, 1, 10)


@pytest.mark.parametrize(
    ("is_complex", "last"),
    [
        (
            False,
            D(2026, 6, 1),
        ),  # 90 days after 02/03/2026 is Sunday 31/05 → Monday (NĐ 172/2025; BLDS Đ.148 k.5)
        (True, D(2026, 7, 30)),  # 150 days
    ],
)
def test_processing_deadline_last_day(org, is_complex, last):
    case = _case(org, D(2026, 3, 2), is_complex=is_complex)
    assert rules.processing_deadline(case, D(2026, 3, 3)).value == last


def test_leave_pauses_a_cong_chuc_until_30_06_2025_only(org):
    """NĐ 112/2020 Đ.3 k.1 counted authorised leave; NĐ 172/2025 (from 01/07/2025) does not. A viên
    chức's leave still pauses (NĐ 112/2020 Đ.3 k.1 still governs them)."""
    case = _case(org, D(2025, 6, 2))
    CasePause.objects.create(case=case, reason="leave", start=D(2025, 6, 29), end=D(2025, 7, 2))
    assert rules.processing_deadline(case, D(2025, 7, 3)).value == D(2025, 9, 2)  # 31/08 + 2 days
    clerk = org.own_staff
    clerk.category = "vien_chuc"
    clerk.save()
    assert rules.processing_deadline(case, D(2025, 7, 3)).value == D(2025, 9, 4)  # + 4 days


@pytest.mark.parametrize(
    ("act", "repeat"),
    [
        (D(2026, 8, 31), True),  # the sanction's last day: committed while in force (NĐ 172/2025 Đ.2 k.3)
        (D(2026, 9, 1), False),  # the day after: an ordinary act
    ],
)
def test_repeat_at_the_end_of_the_sanction(org, act, repeat):
    _case(
        org,
        D(2025, 8, 1),
        stage="decided",
        form=SanctionForm.objects.get(code=KT),
        decision_date=D(2025, 9, 1),
        effective_from=D(2025, 9, 1),
        effective_to=D(2026, 8, 31),
    )
    case = _case(org, act)
    codes = [f.code for f in rules.decision_forms(case, D(2026, 12, 1)).value]
    assert codes == ([CC, BTV] if repeat else [KT, CC, BTV])


@pytest.mark.parametrize(
    ("category", "form", "decided", "effective", "until"),
    [
        # Luật CBCC Đ.82 k.2–3 (sđ k.17 Đ.1 Luật 52/2019): 12 months for khiển trách, cảnh cáo, hạ bậc
        # lương; 24 for giáng chức, cách chức — from the effective date.
        ("cong_chuc", HBL, D(2025, 5, 5), D(2025, 5, 6), D(2026, 5, 6)),
        ("cong_chuc", GC, D(2025, 5, 5), D(2025, 5, 6), D(2027, 5, 6)),
        ("cong_chuc", KT, D(2026, 3, 30), D(2026, 3, 31), D(2027, 3, 31)),
        ("vien_chuc", CCH, D(2026, 3, 30), D(2026, 3, 31), D(2028, 3, 31)),  # Luật Viên chức Đ.56 (sđ 2019)
        ("nguoi_lao_dong", KT, D(2026, 3, 30), D(2026, 3, 31), None),  # the Labour Code sets no such bar
    ],
)
def test_bar_on_promotion(org, category, form, decided, effective, until):
    staff = org.own_staff
    staff.category = category
    staff.save()
    case = _case(
        org,
        decided - 30 * DAY,
        stage="decided",
        form=SanctionForm.objects.get(code=form),
        decision_date=decided,
        effective_from=effective,
    )
    assert rules.promotion_bar_until(case) == until
