from __future__ import annotations

from dataclasses import dataclass

import pytest

from core.roles import Role
from staff import services
from staff.models import Staff, Unit, UnitKind
from staff.permissions import oversight_grant
from tests.factories import StaffFactory, UserFactory, make_unit


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
    head_staff = StaffFactory(full_name="Lê Quang Huy", unit=ward_in, user=users["unit_head"])
    services.unit_post_assign(actor=None, unit=ward_in, staff=head_staff, role="head")
    own_staff = StaffFactory(full_name="Hoàng Thị Lan", unit=division_in, user=users["staff"])
    colleague = StaffFactory(full_name="Trần Văn Bình", unit=division_in)
    outsider = StaffFactory(full_name="Phạm Thị Ngọc Ánh", unit=division_out)
    oversight_grant(user=users["director"], unit=ward_in)
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
