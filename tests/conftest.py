from __future__ import annotations

from dataclasses import dataclass

import pytest

from core.roles import Role
from staff import services
from staff.models import Staff, Unit, UnitKind
from staff.permissions import oversight_grant
from tests.factories import StaffFactory, UserFactory, make_unit
from tests.workflow import advance


@dataclass
class Org:
    """A small organisation with one user per role and records inside and outside their reach.

    city ─┬─ ward_in (headed by ``unit_head``; ``director`` oversees it) ── division_in (``staff`` works here)
          ├─ ward_out ── division_out
          └─ dissolved (ended, succeeded by ward_in)
    """

    city: Unit
    ward_in: Unit
    division_in: Unit
    ward_out: Unit
    division_out: Unit
    dissolved: Unit
    own_staff: Staff
    colleague: Staff
    outsider: Staff
    head_staff: Staff
    users: dict[str, object]


@pytest.fixture
def org(db) -> Org:
    import datetime

    city = make_unit("Thành phố Hà Nội", kind=UnitKind.CITY, code="HN")
    ward_in = make_unit("Phường Hoàn Kiếm", parent=city, code="HN.HK")
    division_in = make_unit(
        "Bộ phận Một cửa Hoàn Kiếm", parent=ward_in, kind=UnitKind.DIVISION, code="HN.HK.MC"
    )
    ward_out = make_unit("Phường Cầu Giấy", parent=city, code="HN.CG")
    division_out = make_unit(
        "Bộ phận Một cửa Cầu Giấy", parent=ward_out, kind=UnitKind.DIVISION, code="HN.CG.MC"
    )
    dissolved = make_unit("Quận Hoàn Kiếm", parent=city, kind=UnitKind.DISTRICT, code="HN.QHK")
    services.unit_dissolve(actor=None, unit=dissolved, on=datetime.date(2025, 6, 30), successor=ward_in)

    users = {role.value: UserFactory(username=f"u_{role.value}", roles=[role]) for role in Role}
    users["none"] = UserFactory(username="u_none")
    users["inspector_off_team"] = UserFactory(username="u_inspector_off_team", roles=[Role.INSPECTOR])
    users["unit_head_other"] = UserFactory(username="u_unit_head_other", roles=[Role.UNIT_HEAD])
    users["director_other"] = UserFactory(username="u_director_other", roles=[Role.DIRECTOR])
    head_staff = StaffFactory(full_name="Lê Quang Huy", unit=ward_in, user=users["unit_head"])
    services.unit_post_assign(actor=None, unit=ward_in, staff=head_staff, role="head")
    own_staff = StaffFactory(full_name="Hoàng Thị Lan", unit=division_in, user=users["staff"])
    colleague = StaffFactory(full_name="Trần Văn Bình", unit=division_in)
    outsider = StaffFactory(full_name="Phạm Thị Ngọc Ánh", unit=division_out)
    other_head = StaffFactory(full_name="Vũ Minh Tuấn", unit=ward_out, user=users["unit_head_other"])
    services.unit_post_assign(actor=None, unit=ward_out, staff=other_head, role="head")
    oversight_grant(user=users["director"], unit=ward_in)
    oversight_grant(user=users["director_other"], unit=ward_out)
    return Org(
        city,
        ward_in,
        division_in,
        ward_out,
        division_out,
        dissolved,
        own_staff,
        colleague,
        outsider,
        head_staff,
        users,
    )


@pytest.fixture
def login(client):
    def _login(user):
        client.force_login(user)
        return client

    return _login


@pytest.fixture
def checklist(db):
    from inspection.models import ChecklistTemplate, Criterion

    template = ChecklistTemplate.objects.create(code="T", name="Kiểm tra công vụ")
    for position, (code, category) in enumerate(
        [("GH-01", "working_hours"), ("TP-01", "badge_dress"), ("MC-02", "late_dossiers")], start=1
    ):
        Criterion.objects.create(
            template=template, code=code, category=category, position=position, text=f"Tiêu chí {code}"
        )
    return template


@pytest.fixture
def make_inspection(org, checklist):
    """Build an inspection of ``kind`` targeting ``ward_in``, led by ``inspector``, driven by ``director``."""
    import datetime

    from inspection import services as inspection_services

    body = make_unit("Sở Nội vụ", parent=org.city, kind=UnitKind.DEPARTMENT, code="HN.SNV")

    def build(kind: str = "scheduled", steps=(), *, target=None, title="Kiểm tra công vụ", **extra):
        inspection = inspection_services.inspection_create(
            actor=org.users["director"],
            title=title,
            kind=kind,
            inspecting_unit=body,
            template=checklist,
            planned_start=extra.pop("planned_start", datetime.date(2026, 11, 20)),
            planned_end=extra.pop("planned_end", datetime.date(2026, 11, 25)),
            targets=[target or org.ward_in],
            team=[(org.users["inspector"], "leader")],
            trigger_summary=extra.pop(
                "trigger_summary", "Phản ánh của người dân" if kind == "case_verification" else ""
            ),
            **extra,
        )
        for action in steps:
            reason = "Thay đổi kế hoạch" if action == "cancel" else ""
            inspection = advance(
                actor=org.users["director"], inspection=inspection, action=action, reason=reason
            )
        return inspection

    return build


@pytest.fixture
def private_storage(settings, tmp_path):
    """Evidence files go to a temporary folder instead of var/private."""
    settings.STORAGES = {
        **settings.STORAGES,
        "default": {
            "BACKEND": "django.core.files.storage.FileSystemStorage",
            "OPTIONS": {"location": str(tmp_path)},
        },
    }
    return tmp_path


def pytest_collection_modifyitems(config, items) -> None:
    """Every test under tests/browser is a browser test, whether or not its file says so (CI's
    PostgreSQL run leaves them out by this marker)."""
    for item in items:
        if "tests/browser/" in item.nodeid:
            item.add_marker(pytest.mark.browser)


@pytest.fixture
def approved_plan(org):
    """An approved plan of the city for 2027, its body overseen by ``director``."""
    import datetime

    from inspection import services
    from staff.permissions import oversight_grant

    D = datetime.date
    oversight_grant(user=org.users["director"], unit=org.city)
    plan = services.plan_create(
        actor=org.users["director"],
        title="Kế hoạch kiểm tra công vụ năm 2027",
        issuing_unit=org.city,
        period_start=D(2027, 1, 1),
        period_end=D(2027, 12, 31),
    )
    return services.plan_approve(
        actor=org.users["director"], plan=plan, decision_number="12/QĐ-UBND", decision_date=D(2026, 12, 20)
    )
