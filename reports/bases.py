"""The legal bases a document prints: chosen from the dated list, plus what the writer typed, each once.

Phụ lục I, II.6.a: each basis on its own line, ending with ";", the last with "." — the endings are set
here, so a writer's own punctuation never doubles them.
"""

from __future__ import annotations

import datetime
import re
import unicodedata
from collections.abc import Iterable

from django.db.models import QuerySet
from django.utils import timezone

from core.text import nfc
from reports.identity import LegalBasis

DOCUMENT_ID = re.compile(r"\d+/(?:\d{4}/)?[A-ZĐa-zđ0-9]+(?:-[A-ZĐa-zđ0-9]+)*", re.UNICODE)


def _plain(text: str) -> str:
    """Case-, accent- and spacing-insensitive form for comparing a typed line with a listed basis."""
    decomposed = unicodedata.normalize("NFD", nfc(text).casefold().replace("đ", "d"))
    stripped = "".join(ch for ch in decomposed if not unicodedata.combining(ch))
    return re.sub(r"[\s.,;:()]+", " ", stripped).strip()


def _in_force(basis: LegalBasis, day: datetime.date) -> LegalBasis | None:
    """``basis`` if in force on ``day``, else its replacement (followed as far as needed)."""
    seen = set()
    current: LegalBasis | None = basis
    while current is not None and current.pk not in seen:
        if current.in_force(day):
            return current
        seen.add(current.pk)
        current = current.replaced_by
    return None


def bases_in_force(day: datetime.date | None = None) -> QuerySet[LegalBasis]:
    """The bases a draft or a correction may tick: those in force on ``day`` (today)."""
    day = day or timezone.localdate()
    return LegalBasis.objects.filter(
        pk__in=[basis.pk for basis in LegalBasis.objects.all() if basis.in_force(day)]
    )


def listed_bases(chosen: Iterable[LegalBasis], day: datetime.date) -> list[LegalBasis]:
    """The chosen bases as in force on ``day``; the standard ones when nothing is chosen."""
    picked = list(chosen)
    if not picked:
        picked = [basis for basis in LegalBasis.objects.filter(standard=True) if basis.in_force(day)]
    result: list[LegalBasis] = []
    for basis in sorted(picked, key=lambda b: (b.position, b.pk)):
        current = _in_force(basis, day)
        if current is not None and current not in result:
            result.append(current)
    return sorted(result, key=lambda b: (b.position, b.pk))


def _repeats(line: str, keys: list[str], printed: list[str]) -> bool:
    plain = _plain(line)
    if any(_plain(key) and _plain(key) in plain for key in keys):
        return True
    return any(plain == _plain(other) for other in printed)


def basis_lines(
    *, chosen: Iterable[LegalBasis], typed: str, day: datetime.date, extra: Iterable[str] = ()
) -> list[str]:
    """Every basis line to print on a document dated ``day``, ending with ";" and the last with ".".

    ``extra`` are lines the system adds itself (the decision forming the team, the report a notice
    follows from); a typed line naming a listed basis, an extra line's document number, or repeating
    a line already printed, is dropped.
    """
    listed = listed_bases(chosen, day)
    lines = [nfc(basis.text) for basis in listed]
    keys = [key for basis in listed for key in basis.key_list()]
    extra = [nfc(line) for line in extra if line.strip()]
    keys += [match for line in extra for match in DOCUMENT_ID.findall(line)]
    for raw in typed.splitlines():
        line = nfc(raw.strip()).rstrip(" ;.")
        if line and not _repeats(line, keys, lines + extra):
            lines.append(line)
    lines += extra
    cleaned = [line.rstrip(" ;.,") for line in lines]
    return [line + (";" if index < len(cleaned) - 1 else ".") for index, line in enumerate(cleaned)]
