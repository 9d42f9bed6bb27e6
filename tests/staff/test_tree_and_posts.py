import datetime

import pytest
from django.core.exceptions import ValidationError

from core import policy
from staff import services
from staff.models import Unit, UnitKind
from staff.permissions import jurisdiction_paths
from tests.factories import StaffFactory, UserFactory, make_unit


def test_subtree_is_one_query(org, django_assert_num_queries):
    for n in range(5):
        make_unit(f"Tổ {n}", parent=org.division_in, kind=UnitKind.DIVISION)
    with django_assert_num_queries(1):
        codes = sorted(u.code for u in org.ward_in.subtree())
    assert "HN.HK" in codes and "HN.HK.MC" in codes and len(codes) == 7
    assert "HN.CG" not in codes


def test_subtree_query_uses_the_path_prefix(org):
    sql = str(org.ward_in.subtree().query)
    assert "LIKE" in sql.upper() and "path" in sql


def test_moving_a_unit_moves_its_subtree(org):
    services.unit_update(actor=None, unit=org.ward_out, parent=org.ward_in)
    org.division_out.refresh_from_db()
    assert org.division_out in org.ward_in.subtree()


def test_a_unit_cannot_move_under_its_descendant(org):
    with pytest.raises(ValidationError):
        services.unit_update(actor=None, unit=org.ward_in, parent=org.division_in)


def test_dissolved_unit_keeps_its_record_and_points_to_successor(org):
    org.dissolved.refresh_from_db()
    assert org.dissolved.is_dissolved
    assert org.dissolved.successor == org.ward_in
    assert list(org.ward_in.predecessors.all()) == [org.dissolved]


def test_validity_range_is_enforced(db):
    with pytest.raises(ValidationError):
        make_unit(valid_from=datetime.date(2025, 7, 1), valid_to=datetime.date(2025, 6, 30))


def test_a_new_head_ends_the_previous_post_and_moves_the_grant(org):
    successor_user = UserFactory(username="new_head", roles=["unit_head"])
    new_head = StaffFactory(unit=org.ward_in, user=successor_user)
    services.unit_post_assign(actor=None, unit=org.ward_in, staff=new_head, role="head")
    old_user = org.users["unit_head"]
    assert jurisdiction_paths(old_user, "head_unit") == ()
    assert not policy.visible(old_user, Unit).exists()
    assert jurisdiction_paths(successor_user, "head_unit") == (org.ward_in.path,)
    assert org.ward_in.posts.filter(valid_to__isnull=True).get().staff == new_head


def test_deputy_gets_the_subtree_too(org):
    deputy_user = UserFactory(username="deputy", roles=["unit_head"])
    deputy = StaffFactory(unit=org.ward_in, user=deputy_user)
    services.unit_post_assign(actor=None, unit=org.ward_in, staff=deputy, role="deputy")
    assert policy.can(deputy_user, "view", org.division_in)
    assert not policy.can(deputy_user, "view", org.ward_out)


def test_unit_head_role_without_post_sees_nothing(org):
    user = UserFactory(username="head_without_post", roles=["unit_head"])
    assert not policy.visible(user, Unit).exists()


def test_nested_grants_collapse_to_the_outermost(org):
    user = org.users["director"]
    from staff.permissions import forget_jurisdiction, oversight_grant

    oversight_grant(user=user, unit=org.division_in)
    forget_jurisdiction(user)
    assert jurisdiction_paths(user, "oversee_unit") == (org.ward_in.path,)


def test_staff_names_are_nfc_and_searchable_without_diacritics(org):
    import unicodedata

    decomposed = unicodedata.normalize("NFD", "Nguyễn  Văn   A")
    member = StaffFactory(full_name=decomposed, unit=org.division_in)
    member.refresh_from_db()
    assert member.full_name == unicodedata.normalize("NFC", "Nguyễn Văn A")
    from staff.selectors import staff_list_for_user

    found = staff_list_for_user(org.users["admin"], search="nguyen van a")
    assert member in found
    assert member in staff_list_for_user(org.users["admin"], search="NGUYỄN văn")
    assert member not in staff_list_for_user(org.users["admin"], search="tran van a")
