"""How dates and titles are written in administrative documents (Nghị định 30/2020/NĐ-CP, Phụ lục I)."""

from __future__ import annotations

import datetime

from core.text import nfc


def long_date(day: datetime.date) -> str:
    """ "ngày 05 tháng 02 năm 2026": a day below 10 and the months 1 and 2 with a leading zero (II.4.b)."""
    month = f"{day.month:02d}" if day.month < 3 else str(day.month)
    return f"ngày {day.day:02d} tháng {month} năm {day.year}"


def place_and_date(place: str, day: datetime.date) -> str:
    """ "Hà Nội, ngày 01 tháng 12 năm 2026" (II.4.c)."""
    return f"{nfc(place)}, {long_date(day)}"


def parse_vn_date(text: str) -> datetime.date:
    """ "01/12/2026" → the date (the form snapshots store dates in)."""
    return datetime.datetime.strptime(text, "%d/%m/%Y").date()


def month_label(year: int, month: int) -> str:
    """ "tháng 12/2026", as a month is named in Vietnamese prose."""
    return f"tháng {month:02d}/{year}" if month < 3 else f"tháng {month}/{year}"


def sentence_case(text: str) -> str:
    """ "GIÁM ĐỐC" → "Giám đốc", for a title inside running text."""
    text = nfc(text).strip()
    return text[:1].upper() + text[1:].lower()
