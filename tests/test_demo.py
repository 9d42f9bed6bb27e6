import pytest
from django.contrib.auth import authenticate
from django.core.management import call_command

from core import policy
from core.roles import user_roles
from portal.demo import ACCOUNTS, DEMO_PASSWORD, load_demo
from staff.models import Staff, StaffCategory, Unit, UnitKind


@pytest.fixture(scope="module")
def demo(django_db_setup, django_db_blocker):
    """Load the demo once for this module (it takes seconds), then empty the database again.

    Data written outside a test's transaction outlives it, so the teardown flushes (the post_migrate
    hooks then re-create the role groups and the rulebook), leaving the database as the other tests expect.
    """
    with django_db_blocker.unblock():
        counts = load_demo()
    yield counts
    with django_db_blocker.unblock():
        call_command("flush", "--noinput")


def test_demo_organisation_shape(demo, db):
    assert 250 <= Staff.objects.count() <= 350
    assert Unit.objects.filter(kind=UnitKind.WARD).count() == 12
    assert Unit.objects.get(code="HN.SNV").name == "Sở Nội vụ"
    assert set(Staff.objects.values_list("category", flat=True)) == set(StaffCategory.values)
    assert Staff.objects.filter(full_name__contains="ễ").exists()
    old = Unit.objects.get(code="HN.Q-HK")
    assert old.is_dissolved and old.successor.code == "HN.P-HK"


def test_demo_accounts_log_in_with_their_role(demo, db, rf):
    for account in ACCOUNTS:
        user = authenticate(rf.get("/"), username=account.username, password=DEMO_PASSWORD)
        assert user is not None, account.username
        assert account.role in user_roles(user)


def test_demo_scopes(demo, db):
    from django.contrib.auth import get_user_model

    users = {u.username: u for u in get_user_model().objects.all()}
    assert policy.visible(users["unithead"], Unit).count() == 5
    assert policy.visible(users["director"], Unit).count() == Unit.objects.count()
    assert list(policy.visible(users["staff"], Staff).values_list("full_name", flat=True)) == [
        "Hoàng Thị Lan"
    ]


def test_load_demo_is_idempotent(demo, db, capsys):
    before = (Unit.objects.count(), Staff.objects.count(), Unit.history.count(), Staff.history.count())
    call_command("load_demo")
    after = (Unit.objects.count(), Staff.objects.count(), Unit.history.count(), Staff.history.count())
    assert before == after
    assert "congvu-demo" in capsys.readouterr().out


def test_demo_cites_the_law_in_force_and_seeds_the_rulebook_fields(demo, db):
    """Issue 15: from 01/07/2025 the report cites Luật 80/2025/QH15, not the 2008 law."""
    import datetime

    from django.utils import timezone

    from discipline import rules
    from reports.bases import listed_bases

    def civil_service_law(day: datetime.date) -> list[str]:
        return [basis.text for basis in listed_bases([], day) if "Cán bộ, công chức" in basis.text]

    assert civil_service_law(timezone.localdate()) == civil_service_law(datetime.date(2025, 7, 1))
    assert "24 tháng 6 năm 2025" in civil_service_law(datetime.date(2025, 7, 1))[0]
    assert "13 tháng 11 năm 2008" in civil_service_law(datetime.date(2025, 6, 30))[0]
    retired = Staff.objects.get(staff_code="P-HK-VP-NH")
    assert not retired.is_active and retired.departure == "retired"
    offered = [f.code for f in rules.forms_for(retired, timezone.localdate())]
    assert offered == ["khien_trach", "canh_cao", "xoa_tu_cach_chuc_vu"]
    assert set(Staff.objects.filter(category="can_bo").values_list("mandate", flat=True)) == {"approved"}
