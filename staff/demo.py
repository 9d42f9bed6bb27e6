"""A Hanoi-like organisation after the 1 July 2025 reform (two-level local government), for demos.

Everything is derived from fixed lists and a seeded random generator, so loading twice gives the same
records and the second load changes nothing.
"""

from __future__ import annotations

import datetime
import random
from collections.abc import Iterator
from dataclasses import dataclass

from django.contrib.auth import get_user_model
from django.contrib.auth.models import Group
from django.db import transaction

from core.roles import Role
from staff import services
from staff.models import Departure, Mandate, PostRole, Staff, StaffCategory, Unit, UnitKind, UnitPost
from staff.permissions import oversight_grant, sync_unit_grants

DEMO_PASSWORD = "congvu-demo"
REFORM_DAY = datetime.date(2025, 7, 1)
RETIRED_ON = datetime.date(2025, 12, 1)

SURNAMES = [
    "Nguyễn",
    "Trần",
    "Lê",
    "Phạm",
    "Hoàng",
    "Phan",
    "Vũ",
    "Đặng",
    "Bùi",
    "Đỗ",
    "Hồ",
    "Ngô",
    "Dương",
    "Lý",
    "Đinh",
    "Trịnh",
]
MIDDLE_MALE = ["Văn", "Đức", "Minh", "Quang", "Hữu", "Xuân", "Thành", "Mạnh", "Tiến", "Công"]
MIDDLE_FEMALE = ["Thị", "Thu", "Ngọc", "Hồng", "Thanh", "Minh", "Phương", "Thuỳ", "Bích", "Diệu"]
GIVEN_MALE = [
    "An",
    "Bình",
    "Cường",
    "Dũng",
    "Đạt",
    "Hải",
    "Hùng",
    "Khánh",
    "Long",
    "Nam",
    "Phong",
    "Quân",
    "Sơn",
    "Thắng",
    "Trung",
    "Tuấn",
    "Việt",
    "Đông",
    "Hiếu",
    "Lộc",
]
GIVEN_FEMALE = [
    "Anh",
    "Giang",
    "Hà",
    "Hạnh",
    "Hiền",
    "Hoa",
    "Hương",
    "Lan",
    "Linh",
    "Mai",
    "Nga",
    "Phương",
    "Quỳnh",
    "Tâm",
    "Thảo",
    "Trang",
    "Vân",
    "Yến",
    "Ngân",
    "Huyền",
]

DEPARTMENTS = [
    (
        "SNV",
        "Sở Nội vụ",
        ["Văn phòng Sở", "Thanh tra Sở", "Phòng Công chức, viên chức", "Phòng Cải cách hành chính"],
    ),
    ("STP", "Sở Tư pháp", ["Văn phòng Sở", "Phòng Hành chính tư pháp"]),
    ("STC", "Sở Tài chính", ["Văn phòng Sở", "Phòng Quản lý ngân sách"]),
    ("SXD", "Sở Xây dựng", ["Văn phòng Sở", "Phòng Quản lý hoạt động xây dựng"]),
    ("SYT", "Sở Y tế", ["Văn phòng Sở", "Phòng Nghiệp vụ Y"]),
    ("SGDDT", "Sở Giáo dục và Đào tạo", ["Văn phòng Sở", "Phòng Giáo dục phổ thông"]),
]
WARDS = [
    ("P-HK", "Phường Hoàn Kiếm"),
    ("P-CN", "Phường Cửa Nam"),
    ("P-BD", "Phường Ba Đình"),
    ("P-NH", "Phường Ngọc Hà"),
    ("P-GV", "Phường Giảng Võ"),
    ("P-HBT", "Phường Hai Bà Trưng"),
    ("P-DD", "Phường Đống Đa"),
    ("P-CG", "Phường Cầu Giấy"),
    ("P-TH", "Phường Tây Hồ"),
    ("X-SS", "Xã Sóc Sơn"),
    ("X-DA", "Xã Đông Anh"),
    ("X-GL", "Xã Gia Lâm"),
]
WARD_DIVISIONS = [
    ("VP", "Văn phòng HĐND và UBND"),
    ("KT", "Phòng Kinh tế, Hạ tầng và Đô thị"),
    ("VHXH", "Phòng Văn hóa - Xã hội"),
    ("MC", "Trung tâm Phục vụ hành chính công"),
]
FORMER_DISTRICTS = [("Q-HK", "Quận Hoàn Kiếm", "P-HK"), ("H-SS", "Huyện Sóc Sơn", "X-SS")]

DIVISION_WORK = {
    "VP": [("Chuyên viên văn phòng", "Chuyên viên"), ("Văn thư", "Cán sự"), ("Kế toán", "Kế toán viên")],
    "KT": [
        ("Chuyên viên địa chính", "Chuyên viên"),
        ("Chuyên viên xây dựng đô thị", "Chuyên viên"),
        ("Chuyên viên kinh tế", "Chuyên viên"),
    ],
    "VHXH": [
        ("Chuyên viên văn hóa", "Chuyên viên"),
        ("Chuyên viên lao động - xã hội", "Chuyên viên"),
        ("Chuyên viên y tế", "Chuyên viên"),
        ("Chuyên viên giáo dục", "Chuyên viên"),
    ],
    "MC": [
        ("Chuyên viên tiếp nhận hồ sơ một cửa", "Chuyên viên"),
        ("Chuyên viên tư pháp - hộ tịch", "Chuyên viên"),
        ("Chuyên viên chứng thực", "Cán sự"),
    ],
}


@dataclass(frozen=True)
class DemoAccount:
    username: str
    role: Role
    full_name: str
    staff_code: str | None
    description: str


ACCOUNTS = [
    DemoAccount("admin", Role.ADMIN, "Quản trị hệ thống", None, "system administrator"),
    DemoAccount(
        "director",
        Role.DIRECTOR,
        "Trần Thị Thu Hà",
        "SNV-0001",
        "Director, Sở Nội vụ; jurisdiction over the whole city",
    ),
    DemoAccount("inspector", Role.INSPECTOR, "Nguyễn Văn Dũng", "SNV-0010", "inspector, Thanh tra Sở Nội vụ"),
    DemoAccount(
        "inspector2", Role.INSPECTOR, "Phạm Thị Ngọc Ánh", "SNV-0011", "inspector, Thanh tra Sở Nội vụ"
    ),
    DemoAccount(
        "unithead",
        Role.UNIT_HEAD,
        "Lê Quang Huy",
        "P-HK-0001",
        "Chairman of Phường Hoàn Kiếm People's Committee",
    ),
    DemoAccount(
        "leader", Role.LEADERSHIP, "Đỗ Mạnh Cường", "HN-0001", "Vice-Chairman of the city People's Committee"
    ),
    DemoAccount(
        "staff", Role.STAFF, "Hoàng Thị Lan", "P-HK-MC-01", "one-stop desk officer, Phường Hoàn Kiếm"
    ),
]


class _Names:
    def __init__(self, seed: int = 2025):
        self.rng = random.Random(seed)

    def __call__(self) -> str:
        if self.rng.random() < 0.5:
            return f"{self.rng.choice(SURNAMES)} {self.rng.choice(MIDDLE_MALE)} {self.rng.choice(GIVEN_MALE)}"
        return f"{self.rng.choice(SURNAMES)} {self.rng.choice(MIDDLE_FEMALE)} {self.rng.choice(GIVEN_FEMALE)}"


def _unit(code: str, name: str, kind: str, parent: Unit | None, **dates: datetime.date | None) -> Unit:
    unit = Unit.objects.filter(code=code).first()
    if unit is None:
        return services.unit_create(actor=None, code=code, name=name, kind=kind, parent=parent, **dates)
    return unit


def _org() -> dict[str, Unit]:
    units: dict[str, Unit] = {}
    city = units["HN"] = _unit("HN", "Thành phố Hà Nội", UnitKind.CITY, None)
    for code, name, divisions in DEPARTMENTS:
        dept = units[code] = _unit(f"HN.{code}", name, UnitKind.DEPARTMENT, city)
        for index, division in enumerate(divisions, start=1):
            units[f"{code}.{index}"] = _unit(f"HN.{code}.{index:02d}", division, UnitKind.DIVISION, dept)
    for code, name in WARDS:
        ward = units[code] = _unit(f"HN.{code}", name, UnitKind.WARD, city, valid_from=REFORM_DAY)
        for div_code, div_name in WARD_DIVISIONS:
            label = "Phòng Kinh tế" if div_code == "KT" and name.startswith("Xã") else div_name
            units[f"{code}.{div_code}"] = _unit(
                f"HN.{code}.{div_code}", label, UnitKind.DIVISION, ward, valid_from=REFORM_DAY
            )
    for code, name, successor in FORMER_DISTRICTS:
        old = _unit(
            f"HN.{code}", name, UnitKind.DISTRICT, city, valid_to=REFORM_DAY - datetime.timedelta(days=1)
        )
        if old.successor_id is None:
            services.unit_dissolve(
                actor=None, unit=old, on=REFORM_DAY - datetime.timedelta(days=1), successor=units[successor]
            )
    return units


def _people(units: dict[str, Unit]) -> Iterator[dict]:
    """Every demo staff member as keyword arguments for ``staff_upsert``."""
    names = _Names()
    yield dict(
        staff_code="HN-0001",
        full_name="Đỗ Mạnh Cường",
        category=StaffCategory.CAN_BO,
        holds_leadership_post=True,
        mandate=Mandate.APPROVED,
        position="Phó Chủ tịch UBND Thành phố",
        grade="",
        unit=units["HN"],
    )
    for code, _name, divisions in DEPARTMENTS:
        dept = units[code]
        head = "Trần Thị Thu Hà" if code == "SNV" else names()
        yield dict(
            staff_code=f"{code}-0001",
            full_name=head,
            category=StaffCategory.CONG_CHUC,
            holds_leadership_post=True,
            position="Giám đốc Sở",
            grade="Chuyên viên cao cấp",
            unit=dept,
        )
        yield dict(
            staff_code=f"{code}-0002",
            full_name=names(),
            category=StaffCategory.CONG_CHUC,
            holds_leadership_post=True,
            position="Phó Giám đốc Sở",
            grade="Chuyên viên cao cấp",
            unit=dept,
        )
        for index in range(1, len(divisions) + 1):
            division = units[f"{code}.{index}"]
            for n in range(3):
                yield dict(
                    staff_code=f"{code}-{index:02d}{n:02d}",
                    full_name=names(),
                    category=StaffCategory.CONG_CHUC,
                    holds_leadership_post=n == 0,
                    position="Trưởng phòng" if n == 0 else "Chuyên viên",
                    grade="Chuyên viên chính" if n == 0 else "Chuyên viên",
                    unit=division,
                )
    inspectors = [("SNV-0010", "Nguyễn Văn Dũng"), ("SNV-0011", "Phạm Thị Ngọc Ánh"), ("SNV-0012", names())]
    for staff_code, full_name in inspectors:
        yield dict(
            staff_code=staff_code,
            full_name=full_name,
            category=StaffCategory.CONG_CHUC,
            holds_leadership_post=False,
            position="Thanh tra viên",
            grade="Thanh tra viên",
            unit=units["SNV.2"],
        )
    for code, name in WARDS:
        ward = units[code]
        chair = "Lê Quang Huy" if code == "P-HK" else names()
        yield dict(
            staff_code=f"{code}-0001",
            full_name=chair,
            category=StaffCategory.CAN_BO,
            holds_leadership_post=True,
            mandate=Mandate.APPROVED,
            position=f"Chủ tịch UBND {name}",
            grade="",
            unit=ward,
        )
        yield dict(
            staff_code=f"{code}-0002",
            full_name=names(),
            category=StaffCategory.CAN_BO,
            holds_leadership_post=True,
            mandate=Mandate.APPROVED,
            position=f"Phó Chủ tịch UBND {name}",
            grade="",
            unit=ward,
        )
        for div_code, _div_name in WARD_DIVISIONS:
            division = units[f"{code}.{div_code}"]
            is_centre = div_code == "MC"
            lead_category = StaffCategory.VIEN_CHUC if is_centre else StaffCategory.CONG_CHUC
            yield dict(
                staff_code=f"{code}-{div_code}-00",
                full_name=names(),
                category=lead_category,
                holds_leadership_post=True,
                position="Giám đốc Trung tâm" if is_centre else "Trưởng phòng",
                grade="Chuyên viên chính",
                unit=division,
            )
            for n, (position, grade) in enumerate(DIVISION_WORK[div_code], start=1):
                demo_staff_account = code == "P-HK" and div_code == "MC" and n == 1
                full_name = "Hoàng Thị Lan" if demo_staff_account else names()
                category = StaffCategory.VIEN_CHUC if is_centre and n > 1 else StaffCategory.CONG_CHUC
                yield dict(
                    staff_code=f"{code}-{div_code}-{n:02d}",
                    full_name=full_name,
                    category=category,
                    holds_leadership_post=False,
                    position=position,
                    grade=grade,
                    unit=division,
                )
            if code == "P-HK" and div_code == "VP":
                yield dict(  # retired: the rulebook offers khiển trách, cảnh cáo, xóa tư cách chức vụ
                    staff_code=f"{code}-{div_code}-NH",
                    full_name="Vương Đình Khải",
                    category=StaffCategory.CONG_CHUC,
                    holds_leadership_post=True,
                    position="Nguyên Chánh Văn phòng",
                    grade="Chuyên viên chính",
                    unit=division,
                    departure=Departure.RETIRED,
                    departed_on=RETIRED_ON,
                    is_active=False,
                )
            if is_centre:
                yield dict(
                    staff_code=f"{code}-{div_code}-LD",
                    full_name=names(),
                    category=StaffCategory.NGUOI_LAO_DONG,
                    holds_leadership_post=False,
                    position="Nhân viên bảo vệ",
                    grade="Nhân viên",
                    unit=division,
                )


def _accounts(staff_by_code: dict[str, Staff], units: dict[str, Unit]) -> None:
    User = get_user_model()
    for account in ACCOUNTS:
        user, created = User.objects.get_or_create(username=account.username)
        if created:
            user.set_password(DEMO_PASSWORD)
            first, _, last = account.full_name.rpartition(" ")
            user.last_name, user.first_name = first, last
            user.is_staff = user.is_superuser = account.role == Role.ADMIN
            user.save()
        user.groups.add(Group.objects.get(name=account.role.value))
        if account.staff_code:
            member = staff_by_code[account.staff_code]
            if member.user_id != user.pk:
                services.staff_upsert(actor=None, staff_code=member.staff_code, user=user)
        if account.role == Role.DIRECTOR:
            oversight_grant(user=user, unit=units["HN"])
        if account.role == Role.UNIT_HEAD:
            sync_unit_grants(user)


def _posts(staff_by_code: dict[str, Staff], units: dict[str, Unit]) -> None:
    """The chair heads each ward and the vice-chair deputises; department directors head their Sở."""
    wanted = [(units[c], staff_by_code[f"{c}-0001"], PostRole.HEAD) for c, _ in WARDS]
    wanted += [(units[c], staff_by_code[f"{c}-0002"], PostRole.DEPUTY) for c, _ in WARDS]
    wanted += [(units[c], staff_by_code[f"{c}-0001"], PostRole.HEAD) for c, _, _ in DEPARTMENTS]
    for unit, member, role in wanted:
        if not UnitPost.objects.filter(unit=unit, staff=member, role=role, valid_to__isnull=True).exists():
            services.unit_post_assign(actor=None, unit=unit, staff=member, role=role, valid_from=REFORM_DAY)


@transaction.atomic
def load_org_demo() -> dict[str, int]:
    """Create or complete the demo organisation and accounts; returns counts of what now exists."""
    units = _org()
    staff_by_code: dict[str, Staff] = {}
    for person in _people(units):
        unit = person.pop("unit")
        member, _ = services.staff_upsert(actor=None, unit_id=unit.pk, **person)
        staff_by_code[member.staff_code] = member
    _posts(staff_by_code, units)
    _accounts(staff_by_code, units)
    return {"units": Unit.objects.count(), "staff": Staff.objects.count()}
