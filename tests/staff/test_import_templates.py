"""The import templates are read back by the importer as they are downloaded: every column the importer
knows is in its template, under a header the importer resolves to that column, and the example rows
import."""

from __future__ import annotations

import io

import pytest
from django.urls import reverse
from openpyxl import load_workbook

from core.text import fold
from staff.import_templates import ALIASES, TEMPLATES, WORDS
from staff.models import Staff, Unit

pytestmark = pytest.mark.django_db


def _download(client, kind: str) -> bytes:
    response = client.get(reverse("org-import-template", args=[kind]))
    assert response.status_code == 200
    assert response["Content-Type"].startswith("application/vnd.openxmlformats")
    assert response["Content-Disposition"].endswith('.xlsx"')
    return response.content


@pytest.mark.parametrize("kind", sorted(TEMPLATES))
def test_every_column_of_the_importer_is_in_its_template_under_a_header_it_reads(org, client, kind):
    columns_of, spec, required, _name = TEMPLATES[kind]
    client.force_login(org.users["admin"])
    book = load_workbook(io.BytesIO(_download(client, kind)))
    headers = [cell.value for cell in book.worksheets[0][1]]
    assert {c.field for c in columns_of()} == set(spec), "the template and the importer name the same columns"
    for column, header in zip(columns_of(), headers, strict=True):
        assert fold(header) in spec[column.field], f"{header!r} is not read as {column.field}"
    guide = [row[0].value for row in book.worksheets[1].iter_rows(min_row=2) if row and row[0].value]
    assert set(headers) <= set(guide), "the guide explains every column"
    flagged = {row[0].value for row in book.worksheets[1].iter_rows(min_row=2) if row[1].value}
    assert flagged == {c.header for c in columns_of() if c.field in required}


@pytest.mark.parametrize("field", sorted(WORDS))
def test_every_word_the_guide_offers_is_one_the_importer_accepts(field):
    for word in WORDS[field]:
        assert fold(word) in ALIASES[field], f"{word!r} for {field}"


def test_the_example_rows_import_as_downloaded(org, client):
    client.force_login(org.users["admin"])
    for kind in ("units", "staff"):
        upload = io.BytesIO(_download(client, kind))
        upload.name = f"{kind}.xlsx"
        response = client.post(reverse("org-import"), {"kind": kind, "file": upload})
        assert response.status_code == 302, response.content.decode()[-2000:]
    unit = Unit.objects.get(code="HN.P-BD")
    assert unit.name == "Phường Ba Đình" and unit.kind == "ward"
    person = Staff.objects.get(staff_code="CB-000123")
    assert person.unit == unit and person.category == "cong_chuc"


@pytest.mark.parametrize("role", ["director", "inspector", "unit_head", "staff", "leadership"])
def test_only_administrators_download_templates(org, client, role):
    client.force_login(org.users[role])
    assert client.get(reverse("org-import-template", args=["units"])).status_code == 404


def test_an_unknown_template_is_not_found(org, client):
    client.force_login(org.users["admin"])
    assert client.get(reverse("org-import-template", args=["findings"])).status_code == 404
