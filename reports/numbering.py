"""Document numbers: the next line of an agency's register, without gaps or duplicates.

Phụ lục I, II.3 of Nghị định 30/2020/NĐ-CP: the number is the order of the document among those the
body issues in the year, in Arabic digits with a leading zero below 10, then "/", the abbreviation of
the document type and "-" the abbreviation of the body: "Số: 05/TB-SNV". The year is not part of the
number (only legal normative documents carry it).
"""

from __future__ import annotations

import datetime

from django.db import connection, transaction
from django.db.models import Max

from reports.identity import Agency, DocumentNumber, DocumentType, Issuer


def format_number(sequence: int, doc_type: str, abbreviation: str) -> str:
    return f"{sequence:02d}/{doc_type}-{abbreviation}"


def allocate(*, agency: Agency, issuer: str, doc_type: str, on: datetime.date, title: str) -> DocumentNumber:
    """Register the next number of ``doc_type`` issued by ``issuer`` (the agency or its teams) in the
    year of ``on``.

    Precondition: inside the transaction that creates the document, so that a rolled-back issuance
    gives its number back. The agency's row is locked first, so concurrent allocations for one agency
    queue behind each other and each reads the latest sequence; the register's unique constraint is
    the last line of defence.
    """
    if not connection.in_atomic_block:
        raise RuntimeError("allocate a document number inside the transaction that issues the document")
    if doc_type not in DocumentType.values or issuer not in Issuer.values:
        raise ValueError(f"unknown document type {doc_type!r} or issuer {issuer!r}")
    agency = Agency.objects.select_for_update().get(pk=agency.pk)
    last = DocumentNumber.objects.filter(
        agency=agency, issuer=issuer, doc_type=doc_type, year=on.year
    ).aggregate(last=Max("sequence"))["last"]
    sequence = (last or 0) + 1
    abbreviation = agency.team_abbreviation if issuer == Issuer.TEAM else agency.abbreviation
    with transaction.atomic():
        return DocumentNumber.objects.create(
            agency=agency,
            issuer=issuer,
            doc_type=doc_type,
            year=on.year,
            sequence=sequence,
            number=format_number(sequence, doc_type, abbreviation),
            title=title[:255],
        )
