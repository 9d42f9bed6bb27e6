"""What every congvu PDF shares: the Unicode font, the styles, the national heading and the footer.

The PDF standard fonts have no Vietnamese glyphs, so DejaVu Sans (shipped in ``reports/fonts``) is
registered with its bold and italic faces and every style and table names it explicitly. Documents are
built with reportlab's *invariant* mode, so the same content always gives the same bytes.
"""

from __future__ import annotations

import functools
import io
from collections.abc import Callable
from pathlib import Path
from typing import Any
from xml.sax.saxutils import escape

from reportlab.lib import colors
from reportlab.lib.enums import TA_CENTER, TA_JUSTIFY
from reportlab.lib.pagesizes import A4
from reportlab.lib.styles import ParagraphStyle
from reportlab.lib.units import mm
from reportlab.pdfbase import pdfmetrics
from reportlab.pdfbase.ttfonts import TTFont
from reportlab.pdfgen import canvas
from reportlab.platypus import Flowable, Paragraph, SimpleDocTemplate, Table, TableStyle

from core.text import nfc

FONT_DIR = Path(__file__).resolve().parent.parent / "fonts"
FONT = "DejaVuSans"
FONT_BOLD = "DejaVuSans-Bold"
FONT_ITALIC = "DejaVuSans-Oblique"
Progress = Callable[[int], None]


@functools.cache
def register_fonts() -> None:
    pdfmetrics.registerFont(TTFont(FONT, str(FONT_DIR / "DejaVuSans.ttf")))
    pdfmetrics.registerFont(TTFont(FONT_BOLD, str(FONT_DIR / "DejaVuSans-Bold.ttf")))
    pdfmetrics.registerFont(TTFont(FONT_ITALIC, str(FONT_DIR / "DejaVuSans-Oblique.ttf")))
    pdfmetrics.registerFontFamily(FONT, normal=FONT, bold=FONT_BOLD, italic=FONT_ITALIC, boldItalic=FONT_BOLD)


register_fonts()


def _style(name: str, **kwargs: Any) -> ParagraphStyle:
    base = {"fontName": FONT, "fontSize": 10, "leading": 13.5}
    return ParagraphStyle(name, **{**base, **kwargs})


STYLES = {
    "body": _style("body", alignment=TA_JUSTIFY, spaceAfter=4),
    "cell": _style("cell", fontSize=8.5, leading=11),
    "cell_bold": _style("cell_bold", fontName=FONT_BOLD, fontSize=8.5, leading=11),
    "small": _style("small", fontSize=8, leading=10),
    "center": _style("center", alignment=TA_CENTER),
    "center_bold": _style("center_bold", fontName=FONT_BOLD, alignment=TA_CENTER),
    "center_italic": _style("center_italic", fontName=FONT_ITALIC, alignment=TA_CENTER),
    "title": _style("title", fontName=FONT_BOLD, fontSize=14, leading=18, alignment=TA_CENTER, spaceAfter=2),
    "subtitle": _style("subtitle", fontName=FONT_BOLD, alignment=TA_CENTER, spaceAfter=8),
    "h1": _style(
        "h1", keepWithNext=1, fontName=FONT_BOLD, fontSize=11, leading=15, spaceBefore=8, spaceAfter=4
    ),
    "h2": _style(
        "h2", keepWithNext=1, fontName=FONT_BOLD, fontSize=10, leading=14, spaceBefore=6, spaceAfter=3
    ),
    "h3": _style(
        "h3", keepWithNext=1, fontName=FONT_ITALIC, fontSize=10, leading=13, spaceBefore=4, spaceAfter=2
    ),
}


def para(text: str, style: str = "body") -> Paragraph:
    """A paragraph of user text: NFC-normalised and XML-escaped (Paragraph parses a markup language)."""
    return Paragraph(escape(nfc(str(text))).replace("\n", "<br/>"), STYLES[style])


def markup(text: str, style: str = "body") -> Paragraph:
    """A paragraph of the program's own markup (``<b>``, ``<i>``); never pass user text unescaped."""
    return Paragraph(nfc(text), STYLES[style])


def table(rows: list[list[Any]], widths: list[float], header: bool = True, grid: bool = True) -> Table:
    """A table with a repeated header row; every cell is a flowable or text in DejaVu Sans."""
    result = Table(rows, colWidths=widths, repeatRows=1 if header else 0)
    commands = [
        ("FONTNAME", (0, 0), (-1, -1), FONT),
        ("FONTSIZE", (0, 0), (-1, -1), 8.5),
        ("VALIGN", (0, 0), (-1, -1), "TOP"),
        ("LEFTPADDING", (0, 0), (-1, -1), 3),
        ("RIGHTPADDING", (0, 0), (-1, -1), 3),
    ]
    if grid:
        commands.append(("GRID", (0, 0), (-1, -1), 0.4, colors.HexColor("#666666")))
    if header:
        commands += [
            ("FONTNAME", (0, 0), (-1, 0), FONT_BOLD),
            ("BACKGROUND", (0, 0), (-1, 0), colors.HexColor("#e8eef5")),
        ]
    result.setStyle(TableStyle(commands))
    return result


def national_heading(left_lines: list[tuple[str, str]], place_date: str) -> Table:
    """The two-column heading of an administrative document (Decree 30/2020 layout)."""
    left = [para(text, style) for text, style in left_lines]
    right = [
        para("CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM", "center_bold"),
        markup("<u>Độc lập - Tự do - Hạnh phúc</u>", "center_bold"),
        para(place_date, "center_italic"),
    ]
    heading = Table([[left, right]], colWidths=[72 * mm, 104 * mm])
    heading.setStyle(
        TableStyle(
            [
                ("FONTNAME", (0, 0), (-1, -1), FONT),
                ("VALIGN", (0, 0), (-1, -1), "TOP"),
                ("LEFTPADDING", (0, 0), (-1, -1), 0),
                ("RIGHTPADDING", (0, 0), (-1, -1), 0),
            ]
        )
    )
    return heading


def vietnamese_date(place: str, day_month_year: str) -> str:
    """``"Hà Nội", "22/11/2026"`` → ``"Hà Nội, ngày 22 tháng 11 năm 2026"``."""
    day, month, year = day_month_year.split("/")
    return f"{place}, ngày {day} tháng {month} năm {year}"


class FooterCanvas(canvas.Canvas):
    """Draws "Trang x / y" and the content hash on every page, once the page count is known."""

    def __init__(
        self, *args: Any, footer_left: str = "", content_hash: str = "", watermark: str = "", **kwargs: Any
    ):
        super().__init__(*args, **kwargs)
        self._footer_left = nfc(footer_left)
        self._content_hash = content_hash
        self._watermark = nfc(watermark)
        self._pages: list[dict[str, Any]] = []

    def showPage(self) -> None:
        self._pages.append(dict(self.__dict__))
        self._startPage()

    def save(self) -> None:
        total = len(self._pages)
        for state in self._pages:
            self.__dict__.update(state)
            if self._watermark:
                self._draw_watermark()
            self._draw_footer(total)
            super().showPage()
        super().save()

    def _draw_watermark(self) -> None:
        """Large, light, diagonal text across the page, drawn over the content so it cannot be hidden."""
        width, height = self._pagesize
        self.saveState()
        self.setFillColor(colors.HexColor("#b3261e"), alpha=0.14)
        self.setFont(FONT_BOLD, 72)
        self.translate(width / 2, height / 2)
        self.rotate(45)
        self.drawCentredString(0, 0, self._watermark)
        self.restoreState()

    def _draw_footer(self, total: int) -> None:
        width = self._pagesize[0]
        self.saveState()
        self.setStrokeColor(colors.HexColor("#999999"))
        self.line(18 * mm, 15 * mm, width - 18 * mm, 15 * mm)
        self.setFont(FONT, 7.5)
        self.drawString(18 * mm, 11 * mm, self._footer_left)
        self.drawRightString(width - 18 * mm, 11 * mm, f"Trang {self._pageNumber} / {total}")
        self.setFont(FONT, 6.5)
        self.drawString(18 * mm, 7.5 * mm, f"Mã băm nội dung (SHA-256): {self._content_hash}")
        self.restoreState()


def build_pdf(
    story: list[Flowable], *, title: str, footer_left: str, content_hash: str, watermark: str = ""
) -> bytes:
    """Lay out ``story`` on A4 with the shared margins and footer (and ``watermark`` across every page);
    the same input gives the same bytes."""
    buffer = io.BytesIO()
    document = SimpleDocTemplate(
        buffer,
        pagesize=A4,
        leftMargin=20 * mm,
        rightMargin=15 * mm,
        topMargin=18 * mm,
        bottomMargin=22 * mm,
        title=nfc(title),
        author="congvu",
        creator="congvu",
        invariant=1,
        initialFontName=FONT,
        initialFontSize=10,
    )
    document.build(
        story,
        canvasmaker=functools.partial(
            FooterCanvas, footer_left=footer_left, content_hash=content_hash, watermark=watermark
        ),
    )
    return buffer.getvalue()
