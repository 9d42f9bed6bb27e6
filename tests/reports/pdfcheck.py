"""Reading a PDF back as a person checks a document: which text sits where, in which font and size."""

from __future__ import annotations

import io
import math
import unicodedata
from dataclasses import dataclass

from pypdf import PdfReader
from reportlab.lib.units import mm
from reportlab.pdfbase import pdfmetrics

import reports.pdf.base  # noqa: F401  (registers the fonts whose widths are measured below)


@dataclass(frozen=True)
class Run:
    """One piece of text as drawn: its start (x, y) in mm from the bottom left, font and size in pt."""

    page: int
    text: str
    x: float
    y: float
    font: str
    size: float

    @property
    def right(self) -> float:
        registered = self.font.split("+")[-1]
        return self.x + pdfmetrics.stringWidth(self.text.rstrip(), registered, self.size) / mm


def runs(data: bytes) -> list[Run]:
    reader = PdfReader(io.BytesIO(data))
    found: list[Run] = []
    for number, page in enumerate(reader.pages, start=1):

        def visit(text, cm, tm, font, size, number=number):
            text = unicodedata.normalize("NFC", text.replace("\n", ""))
            if not text.strip():
                return
            a, b, _c, _d, e, f = tm
            ca, cb, cc, cd, ce, cf = cm
            x = e * ca + f * cc + ce
            y = e * cb + f * cd + cf
            scale = math.hypot(a, b) * math.hypot(ca, cb)
            name = str(font.get("/BaseFont", "")) if font else ""
            found.append(Run(number, text, x / mm, y / mm, name.lstrip("/"), round(size * scale, 2)))

        page.extract_text(visitor_text=visit)
    return found


def page_fonts(data: bytes) -> set[str]:
    reader = PdfReader(io.BytesIO(data))
    fonts = set()
    for page in reader.pages:
        for font in page["/Resources"].get("/Font", {}).values():
            fonts.add(str(font.get_object()["/BaseFont"]))
    return fonts
