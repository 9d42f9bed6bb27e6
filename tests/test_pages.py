"""Pages: login, language, home per role, constant query counts on lists, audit trail display."""

from __future__ import annotations

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from core.roles import Role
from staff import services
from tests.factories import StaffFactory, make_unit


def test_anonymous_is_sent_to_login(client, db):
    response = client.get(reverse("home"))
    assert response.status_code == 302 and response["Location"].startswith(reverse("login"))


def test_login_page_is_vietnamese_by_default_even_for_english_browsers(client, db):
    response = client.get(reverse("login"), HTTP_ACCEPT_LANGUAGE="en-US,en;q=0.9")
    assert "Đăng nhập" in response.content.decode()
    assert response["Content-Language"] == "vi"


def test_language_switch_to_english(org, client):
    client.force_login(org.users["admin"])
    client.post(reverse("set_language"), {"language": "en", "next": "/"})
    body = client.get(reverse("home")).content.decode()
    assert "Log out" in body and "Đăng xuất" not in body


def test_login_and_logout(org, client):
    response = client.post(reverse("login"), {"username": "u_staff", "password": "congvu-test-pass"})
    assert response.status_code == 302
    assert "Hoàng Thị Lan" in client.get(reverse("home")).content.decode()
    client.post(reverse("logout"))
    assert client.get(reverse("home")).status_code == 302


def test_repeated_failed_logins_lock_the_account(org, client):
    for _ in range(5):
        client.post(reverse("login"), {"username": "u_staff", "password": "wrong"})
    response = client.post(reverse("login"), {"username": "u_staff", "password": "congvu-test-pass"})
    assert response.status_code == 429
    assert "tạm thời bị khoá" in response.content.decode()


@pytest.mark.parametrize(
    ("role", "marker"),
    [
        (Role.ADMIN, "home-admin"),
        (Role.DIRECTOR, "home-director"),
        (Role.INSPECTOR, "home-inspector"),
        (Role.UNIT_HEAD, "home-unit-head"),
        (Role.LEADERSHIP, "home-leadership"),
        (Role.STAFF, "home-staff"),
    ],
)
def test_home_shows_the_role_section_only(org, client, role, marker):
    client.force_login(org.users[role.value])
    body = client.get(reverse("home")).content.decode()
    all_markers = {
        "home-admin",
        "home-director",
        "home-inspector",
        "home-unit-head",
        "home-leadership",
        "home-staff",
    }
    assert marker in body
    for other in all_markers - {marker}:
        assert f'data-testid="{other}"' not in body


def test_home_counts_follow_the_policy(org, client):
    client.force_login(org.users["unit_head"])
    body = client.get(reverse("home")).content.decode()
    assert "2 đơn vị bạn được xem" in body
    assert "3 cán bộ bạn được xem" in body


def _queries(client, url):
    with CaptureQueriesContext(connection) as ctx:
        response = client.get(url)
    assert response.status_code == 200
    return len(ctx.captured_queries)


@pytest.mark.parametrize("role", ["admin", "unit_head", "director"])
@pytest.mark.parametrize("page", ["unit-list", "staff-list"])
def test_list_pages_run_a_constant_number_of_queries(org, client, role, page):
    client.force_login(org.users[role])
    url = reverse(page)
    _queries(client, url)
    small = _queries(client, url)
    for n in range(30):
        unit = make_unit(f"Tổ công tác {n}", parent=org.division_in, kind="division")
        StaffFactory(unit=unit)
    large = _queries(client, url)
    assert small == large


def test_detail_pages_run_a_constant_number_of_queries(org, client):
    client.force_login(org.users["admin"])
    url = reverse("unit-detail", args=[org.ward_in.pk])
    _queries(client, url)
    small = _queries(client, url)
    for n in range(10):
        make_unit(f"Tổ {n}", parent=org.ward_in, kind="division")
        StaffFactory(unit=org.ward_in)
        services.unit_update(actor=org.users["admin"], unit=org.ward_in, name=f"Phường Hoàn Kiếm {n}")
    assert _queries(client, url) == small


def test_changes_are_audited_and_shown_with_who_and_what(org, client):
    services.unit_update(actor=org.users["admin"], unit=org.ward_in, name="Phường Hoàn Kiếm (mới)")
    record = org.ward_in.history.first()
    assert record.history_user == org.users["admin"]
    client.force_login(org.users["unit_head"])
    body = client.get(reverse("unit-detail", args=[org.ward_in.pk])).content.decode()
    assert "Phường Hoàn Kiếm → Phường Hoàn Kiếm (mới)" in body
    assert "u_admin" in body


def test_web_edits_are_attributed_to_the_requesting_user(org, client):
    client.force_login(org.users["admin"])
    response = client.post(
        reverse("admin:staff_staff_change", args=[org.colleague.pk]),
        {
            "staff_code": org.colleague.staff_code,
            "full_name": "Trần Văn Bình Minh",
            "category": "cong_chuc",
            "unit": org.colleague.unit_id,
            "is_active": "on",
            "position": "",
            "grade": "",
            "email": "",
        },
    )
    assert response.status_code == 302, response.content.decode()[:2000]
    latest = org.colleague.history.first()
    assert latest.full_name == "Trần Văn Bình Minh" and latest.history_user == org.users["admin"]


def test_admin_site_is_closed_to_other_roles(org, client):
    client.force_login(org.users["director"])
    response = client.get(reverse("admin:index"))
    assert response.status_code == 302


def test_security_headers(org, client):
    client.force_login(org.users["admin"])
    response = client.get(reverse("home"))
    assert "default-src 'self'" in response["Content-Security-Policy"]
    assert response["X-Frame-Options"] == "DENY"


def test_a_non_numeric_or_huge_id_is_a_404(org, client):
    client.force_login(org.users["admin"])
    assert client.get("/org/units/99999999999999999999999/").status_code == 404
    assert client.get("/org/units/abc/").status_code == 404


def test_roles_exist_as_groups(db):
    from django.contrib.auth.models import Group

    assert set(Group.objects.values_list("name", flat=True)) >= {r.value for r in Role}


@pytest.mark.parametrize(
    "name", ["staff_unit", "staff_staff", "staff_unitpost", "staff_unituserobjectpermission", "auth_user"]
)
def test_admin_pages_open_for_the_admin_role(org, client, name):
    client.force_login(org.users["admin"])
    assert client.get(reverse(f"admin:{name}_changelist")).status_code == 200
    if name == "staff_unit":
        assert client.get(reverse("admin:staff_unit_change", args=[org.ward_in.pk])).status_code == 200
        assert client.get(reverse("admin:staff_unit_history", args=[org.ward_in.pk])).status_code == 200


def test_post_assigned_in_the_admin_grants_the_subtree(org, client):
    from staff.permissions import jurisdiction_paths
    from tests.factories import UserFactory

    deputy_user = UserFactory(username="deputy_admin", roles=["unit_head"])
    deputy = StaffFactory(unit=org.ward_out, user=deputy_user)
    client.force_login(org.users["admin"])
    response = client.post(
        reverse("admin:staff_unitpost_add"),
        {"unit": org.ward_out.pk, "staff": deputy.pk, "role": "deputy", "valid_from": "2025-07-01"},
    )
    assert response.status_code == 302
    assert jurisdiction_paths(deputy_user, "head_unit") == (org.ward_out.path,)


def test_role_changes_are_audited(org):
    from django.contrib.auth.models import Group

    user = org.users["none"]
    user.groups.add(Group.objects.get(name="director"))
    latest = user.history.first()
    assert list(latest.groups.values_list("group__name", flat=True)) == ["director"]


@pytest.mark.parametrize("page", ["unit-list", "staff-list"])
def test_a_list_keeps_what_was_searched_in_its_box(org, client, page):
    client.force_login(org.users["admin"])
    html = client.get(reverse(page), {"q": "Hoàn Kiếm"}).content.decode()
    assert html.count('name="q" value="Hoàn Kiếm"') == 2, "the header's box and the list's own"
