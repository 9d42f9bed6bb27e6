"""Text helpers for Vietnamese: NFC normalisation and diacritic-free folding for search."""

from __future__ import annotations

import unicodedata

_EXTRA = str.maketrans({"đ": "d", "Đ": "d"})


def nfc(text: str) -> str:
    return unicodedata.normalize("NFC", text)


def fold(text: str) -> str:
    """Lower-case ``text`` and strip Vietnamese diacritics, so "nguyen van a" matches "Nguyễn Văn A"."""
    decomposed = unicodedata.normalize("NFD", text.translate(_EXTRA))
    stripped = "".join(ch for ch in decomposed if unicodedata.category(ch) != "Mn")
    return " ".join(stripped.lower().split())


def shown_name(text: str, limit: int = 255) -> str:
    """A file name as people may safely see it: NFC, with control characters, bidirectional overrides and
    other invisible format characters (which can make "hoso‮fdp.exe" read as "hosoexe.pdf") replaced
    by "_", and path separators dropped. Applied when a name is stored and wherever one is shown."""
    cleaned = []
    for ch in nfc(text or ""):
        category = unicodedata.category(ch)
        if category in ("Cc", "Cf", "Zl", "Zp") or ch in "/\\":
            cleaned.append("_")
        else:
            cleaned.append(ch)
    return "".join(cleaned).strip()[:limit]
