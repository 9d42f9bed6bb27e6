"""Document numbers: one register per agency, issuer, type and year, without gaps or duplicates."""

from __future__ import annotations

import datetime
import threading
import time

import pytest
from django.db import connection, transaction

from reports import numbering
from reports.models import Agency, DocumentNumber, DocumentType, Issuer
from staff.models import UnitKind
from tests.factories import make_unit

DAY = datetime.date(2026, 12, 1)


@pytest.fixture
def agency(db):
    city = make_unit("Thành phố Hà Nội", kind=UnitKind.CITY, code="HN")
    body = make_unit("Sở Nội vụ", parent=city, kind=UnitKind.DEPARTMENT, code="HN.SNV")
    return Agency.objects.create(unit=body, name="SỞ NỘI VỤ", abbreviation="SNV", place="Hà Nội")


def _take(agency, doc_type=DocumentType.NOTICE, issuer=Issuer.AGENCY, on=DAY):
    with transaction.atomic():
        return numbering.allocate(agency=agency, issuer=issuer, doc_type=doc_type, on=on, title="x").number


def test_numbers_run_per_type_issuer_and_year_with_a_leading_zero_below_ten(agency):
    assert [_take(agency) for _ in range(10)][::9] == ["01/TB-SNV", "10/TB-SNV"]
    assert _take(agency, DocumentType.REPORT) == "01/BC-SNV", "each type has its own sequence"
    assert _take(agency, DocumentType.REPORT, Issuer.TEAM) == "01/BC-ĐKT", "the team numbers its own"
    assert _take(agency, on=datetime.date(2027, 1, 2)) == "01/TB-SNV", "numbering starts again each year"
    assert _take(agency) == "11/TB-SNV"


def test_a_rolled_back_issuance_gives_its_number_back(agency):
    _take(agency)
    with pytest.raises(RuntimeError), transaction.atomic():
        numbering.allocate(
            agency=agency, issuer=Issuer.AGENCY, doc_type=DocumentType.NOTICE, on=DAY, title="x"
        )
        raise RuntimeError("issuance failed after the number was taken")
    assert _take(agency) == "02/TB-SNV"


@pytest.mark.django_db(transaction=True)
def test_outside_a_transaction_nothing_is_allocated(agency):
    with pytest.raises(RuntimeError, match="inside the transaction"):
        numbering.allocate(
            agency=agency, issuer=Issuer.AGENCY, doc_type=DocumentType.NOTICE, on=DAY, title="x"
        )


@pytest.mark.django_db(transaction=True)
@pytest.mark.skipif(
    connection.vendor != "postgresql", reason="row locks need PostgreSQL; run by .ci/run there"
)
def test_concurrent_issuances_get_consecutive_distinct_numbers(agency, monkeypatch):
    """Eight issuances at once, each pausing between reading the last number and writing its own: with
    the agency row locked they queue, and the register ends 01..08 with no gap and no duplicate."""
    original = DocumentNumber.objects.create

    def slow_create(**kwargs):
        time.sleep(0.2)
        return original(**kwargs)

    monkeypatch.setattr(DocumentNumber.objects, "create", slow_create)
    count = 8
    barrier = threading.Barrier(count)
    taken: list[object] = [None] * count

    def run(index):
        from django.db import connections

        barrier.wait()
        try:
            taken[index] = _take(agency)
        except Exception as error:
            taken[index] = error
        finally:
            connections.close_all()

    threads = [threading.Thread(target=run, args=(i,)) for i in range(count)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(60)
    assert sorted(taken) == [f"{n:02d}/TB-SNV" for n in range(1, count + 1)], taken
    assert DocumentNumber.objects.filter(agency=agency).count() == count
