"""What every congvu document shares: the Decree 30 page, font, sizes, heading and signature block.

Nghị định 30/2020/NĐ-CP, Phụ lục I, Phần I lays out an administrative document: A4, margins top and
bottom 20–25 mm, left 30–35 mm, right 15–20 mm (I.3); Times New Roman in Unicode (I.4), for which
Liberation Serif — same metrics, every Vietnamese letter, shipped in ``reports/fonts`` with its
licence — stands in; page numbers at the top centre from the second page (I.7); the heading of II.1–4,
the title of II.5, body text of II.6, the signature block of II.7 and the recipients of II.9. Each
element below names the point it follows. Documents are built in reportlab's *invariant* mode, so the
same content always gives the same bytes (the digital signature is added afterwards, by
``reports.signing``).
"""

from __future__ import annotations

import functools
import io
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path
from typing import Any
from xml.sax.saxutils import escape

from reportlab.lib import colors
from reportlab.lib.enums import TA_CENTER, TA_JUSTIFY, TA_LEFT
from reportlab.lib.pagesizes import A4
from reportlab.lib.styles import ParagraphStyle
from reportlab.lib.units import mm
from reportlab.pdfbase import pdfmetrics
from reportlab.pdfbase.ttfonts import TTFont
from reportlab.platypus import (
    BaseDocTemplate,
    CondPageBreak,
    Flowable,
    Frame,
    KeepTogether,
    LongTable,
    PageTemplate,
    Paragraph,
    Spacer,
    Table,
    TableStyle,
)

from core.text import nfc

FONT_DIR = Path(__file__).resolve().parent.parent / "fonts"
FONT = "LiberationSerif"
FONT_BOLD = "LiberationSerif-Bold"
FONT_ITALIC = "LiberationSerif-Italic"
FONT_BOLD_ITALIC = "LiberationSerif-BoldItalic"
Progress = Callable[[int], None]

PAGE_WIDTH, PAGE_HEIGHT = A4
MARGIN_TOP = 20 * mm  # I.3: 20–25 mm
MARGIN_BOTTOM = 20 * mm  # I.3: 20–25 mm
MARGIN_LEFT = 30 * mm  # I.3: 30–35 mm
MARGIN_RIGHT = 17 * mm  # I.3: 15–20 mm (17: a justified line may overrun its frame by a fraction of a mm)
TEXT_WIDTH = PAGE_WIDTH - MARGIN_LEFT - MARGIN_RIGHT
BODY_SIZE = 14  # II.6.e: 13–14
CELL_SIZE = 12  # tables are not regulated; 12 keeps a findings table readable on A4
PAGE_NUMBER_SIZE = 13  # I.7: 13–14
HEADING_LEFT = 70 * mm
HEADING_RIGHT = TEXT_WIDTH - HEADING_LEFT
RECIPIENTS_WIDTH = 72 * mm
SIGNATURE_WIDTH = TEXT_WIDTH - RECIPIENTS_WIDTH
SIGNATURE_SPACE = 26 * mm


@functools.cache
def register_fonts() -> None:
    for name, file in (
        (FONT, "LiberationSerif-Regular.ttf"),
        (FONT_BOLD, "LiberationSerif-Bold.ttf"),
        (FONT_ITALIC, "LiberationSerif-Italic.ttf"),
        (FONT_BOLD_ITALIC, "LiberationSerif-BoldItalic.ttf"),
    ):
        pdfmetrics.registerFont(TTFont(name, str(FONT_DIR / file)))
    pdfmetrics.registerFontFamily(
        FONT, normal=FONT, bold=FONT_BOLD, italic=FONT_ITALIC, boldItalic=FONT_BOLD_ITALIC
    )


register_fonts()


def _style(name: str, **kwargs: Any) -> ParagraphStyle:
    size = kwargs.get("fontSize", BODY_SIZE)
    base = {"fontName": FONT, "fontSize": BODY_SIZE, "leading": round(size * 1.25, 1)}
    return ParagraphStyle(name, **{**base, **kwargs})


STYLES = {
    # II.6.e: body in 13–14 pt, justified, first line indented 1 cm, at least 6 pt between paragraphs.
    "body": _style("body", alignment=TA_JUSTIFY, firstLineIndent=10 * mm, spaceAfter=6),
    "plain": _style("plain", alignment=TA_JUSTIFY, spaceAfter=3),
    # II.6.a: the bases in italics, one per line.
    "basis": _style(
        "basis", fontName=FONT_ITALIC, alignment=TA_JUSTIFY, firstLineIndent=10 * mm, spaceAfter=3
    ),
    "cell": _style("cell", fontSize=CELL_SIZE, leading=14),
    "cell_bold": _style("cell_bold", fontName=FONT_BOLD, fontSize=CELL_SIZE, leading=14),
    "cell_center": _style("cell_center", fontSize=CELL_SIZE, leading=14, alignment=TA_CENTER),
    "cell_head": _style("cell_head", fontName=FONT_BOLD, fontSize=CELL_SIZE, leading=14, alignment=TA_CENTER),
    "small": _style("small", fontSize=11, leading=13),
    "center": _style("center", alignment=TA_CENTER),
    "center_italic": _style("center_italic", fontName=FONT_ITALIC, alignment=TA_CENTER),
    # II.1.a/b: national title 12–13 pt bold capitals, motto 13–14 pt bold.
    "national": _style("national", fontName=FONT_BOLD, fontSize=12, leading=15, alignment=TA_CENTER),
    "motto": _style("motto", fontName=FONT_BOLD, fontSize=13, leading=16, alignment=TA_CENTER),
    # II.2.b: superior body 12–13 pt capitals, issuing body 12–13 pt bold capitals.
    "superior": _style("superior", fontSize=12, leading=15, alignment=TA_CENTER),
    "issuer": _style("issuer", fontName=FONT_BOLD, fontSize=12, leading=15, alignment=TA_CENTER),
    # II.3.c: "Số: …" 13 pt; II.4.c: place and date 13–14 pt italic.
    "number": _style("number", fontSize=13, leading=16, alignment=TA_CENTER),
    "place_date": _style("place_date", fontName=FONT_ITALIC, fontSize=13, leading=16, alignment=TA_CENTER),
    # II.5.b: type name 13–14 pt bold capitals, summary 13–14 pt bold beneath it.
    "title": _style("title", fontName=FONT_BOLD, fontSize=14, alignment=TA_CENTER, spaceBefore=6),
    "summary": _style("summary", fontName=FONT_BOLD, fontSize=14, alignment=TA_CENTER),
    "to": _style("to", alignment=TA_CENTER, spaceBefore=6, spaceAfter=6),
    # Phụ lục I, V (table, row 6.b): part and section headings 13–14 pt bold.
    "h1": _style("h1", fontName=FONT_BOLD, spaceBefore=6, spaceAfter=3),
    "h2": _style("h2", fontName=FONT_BOLD, spaceBefore=4, spaceAfter=3),
    "h3": _style("h3", fontName=FONT_ITALIC, spaceBefore=3, spaceAfter=3),
    # II.7.đ: authority and position 13–14 pt bold capitals; the name 13–14 pt bold.
    "sign_title": _style("sign_title", fontName=FONT_BOLD, alignment=TA_CENTER, leading=17),
    "sign_name": _style("sign_name", fontName=FONT_BOLD, alignment=TA_CENTER),
    "sign_note": _style("sign_note", fontName=FONT_ITALIC, fontSize=12, leading=15, alignment=TA_CENTER),
    # II.9.d (9b): "Nơi nhận:" 12 pt bold italic; the list 11 pt upright.
    "recipients_label": _style("recipients_label", fontName=FONT_BOLD_ITALIC, fontSize=12, leading=15),
    "recipients": _style("recipients", fontSize=11, leading=13, alignment=TA_LEFT),
    "hash": _style("hash", fontSize=8, leading=10, textColor=colors.HexColor("#555555")),
}
NO_HEADING_STYLES = {"h1", "h2", "h3"}


class CellParagraph(Paragraph):
    """A table cell's paragraph, line-broken once per width.

    reportlab wraps every cell when it measures the row and again when it draws it; in a thousand-row
    table that second line-breaking is a third of the rendering time, so the first result is kept.
    A cell is never split across pages (rows are), so the kept lines stay right.
    """

    def wrap(self, available_width: float, available_height: float) -> tuple[float, float]:
        kept = self.__dict__.get("_kept")
        if kept is not None and kept[0] == available_width:
            _, self.width, self.height, self.blPara, result = kept
            return result
        result = super().wrap(available_width, available_height)
        self._kept = (available_width, self.width, self.height, self.blPara, result)
        return result


def para(text: str, style: str = "body") -> Paragraph:
    """A paragraph of user text: NFC-normalised and XML-escaped (Paragraph parses a markup language)."""
    kind = CellParagraph if style.startswith("cell") else Paragraph
    return kind(escape(nfc(str(text))).replace("\n", "<br/>"), STYLES[style])


def markup(text: str, style: str = "body") -> Paragraph:
    """A paragraph of the program's own markup (``<b>``, ``<i>``); never pass user text unescaped."""
    return Paragraph(nfc(text), STYLES[style])


def heading(text: str, style: str = "h1", room: float = 30 * mm) -> list[Flowable]:
    """A section heading that never stays alone at the foot of a page.

    A conditional page break is used instead of ``keepWithNext``: reportlab keeps a heading with the
    next flowable by wrapping both together, which for a thousand-row table means measuring the whole
    table again on every page it is split over.
    """
    return [CondPageBreak(room), para(text, style)]


def table(rows: list[list[Any]], widths: list[float], header: bool = True, grid: bool = True) -> Table:
    """A table with a repeated header row, split across pages without re-measuring the rows it has
    already placed (``LongTable``)."""
    if header:
        rows = [[para(cell, "cell_head") if isinstance(cell, str) else cell for cell in rows[0]], *rows[1:]]
    result = LongTable(rows, colWidths=widths, repeatRows=1 if header else 0)
    commands: list[tuple] = [
        ("FONTNAME", (0, 0), (-1, -1), FONT),
        ("FONTSIZE", (0, 0), (-1, -1), CELL_SIZE),
        ("LEADING", (0, 0), (-1, -1), 14),
        ("VALIGN", (0, 0), (-1, -1), "TOP"),
        ("LEFTPADDING", (0, 0), (-1, -1), 3),
        ("RIGHTPADDING", (0, 0), (-1, -1), 3),
    ]
    if grid:
        commands.append(("GRID", (0, 0), (-1, -1), 0.5, colors.black))
    if header:
        commands += [("FONTNAME", (0, 0), (-1, 0), FONT_BOLD), ("ALIGN", (0, 0), (-1, 0), "CENTER")]
    result.setStyle(TableStyle(commands))
    return result


def _plain_table(rows: list[list[Any]], widths: list[float], valign: str = "TOP") -> Table:
    layout = Table(rows, colWidths=widths)
    layout.setStyle(
        TableStyle(
            [
                ("FONTNAME", (0, 0), (-1, -1), FONT),
                ("VALIGN", (0, 0), (-1, -1), valign),
                ("LEFTPADDING", (0, 0), (-1, -1), 0),
                ("RIGHTPADDING", (0, 0), (-1, -1), 0),
                ("TOPPADDING", (0, 0), (-1, -1), 0),
                ("BOTTOMPADDING", (0, 0), (-1, -1), 0),
            ]
        )
    )
    return layout


class Rule(Flowable):
    """A centred horizontal rule of ``length`` (II.1.b under the motto, II.2.b under the issuing body,
    II.5.b under the summary)."""

    def __init__(self, length: float, space_before: float = 1, space_after: float = 3):
        super().__init__()
        self.length = length
        self.space_before = space_before
        self.space_after = space_after

    def wrap(self, available_width: float, available_height: float) -> tuple[float, float]:
        self.width = available_width
        return available_width, self.space_before + self.space_after + 0.6

    def draw(self) -> None:
        y = self.space_after
        start = (self.width - self.length) / 2
        self.canv.setLineWidth(0.6)
        self.canv.line(start, y, start + self.length, y)


def _text_width(text: str, font: str, size: float, limit: float) -> float:
    return min(pdfmetrics.stringWidth(nfc(text), font, size), limit)


def document_heading(heading_lines: dict[str, str], number: str, place_date: str) -> Table:
    """The heading (Phụ lục I, IV, cells 1–4): superior and issuing body on the left with a short rule
    beneath and the number under them; the national title and motto on the right with a rule as long as
    the motto, and the place and date under them on the same line as the number (II.4.c)."""
    left: list[Flowable] = []
    if heading_lines.get("superior"):
        left.append(para(heading_lines["superior"], "superior"))
    left.append(para(heading_lines["issuer"], "issuer"))
    longest = max(heading_lines["issuer"].split("\n"), key=len)
    left.append(Rule(_text_width(longest, FONT_BOLD, 12, HEADING_LEFT) * 0.4 or 20 * mm))
    motto = "Độc lập - Tự do - Hạnh phúc"
    right: list[Flowable] = [
        para("CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM", "national"),
        para(motto, "motto"),
        Rule(_text_width(motto, FONT_BOLD, 13, HEADING_RIGHT)),
    ]
    number_cell = para(f"Số: {number}" if number else "Số:        /", "number")
    rows = [[left, right], [number_cell, para(place_date, "place_date")]]
    return _plain_table(rows, [HEADING_LEFT, HEADING_RIGHT], valign="BOTTOM")


def title_block(name: str, summary: str) -> list[Flowable]:
    """Type name and summary with the short rule beneath (II.5.b)."""
    width = _text_width(summary, FONT_BOLD, 14, TEXT_WIDTH) * 0.4 or 30 * mm
    return [
        Spacer(1, 4 * mm),
        para(name.upper(), "title"),
        para(summary, "summary"),
        Rule(max(width, 25 * mm)),
    ]


@dataclass
class SignatureBox:
    """Where a signature's visible stamp goes: 0-based page index and (x1, y1, x2, y2) in points."""

    page: int
    box: tuple[float, float, float, float]


class SignaturePlace(Flowable):
    """The space between a signer's position and name (II.7.d, II.8.a), where the digital signature's
    stamp is placed; records where it landed into ``places``."""

    def __init__(self, places: list[SignatureBox] | None, height: float = SIGNATURE_SPACE, image: Any = None):
        super().__init__()
        self.places = places
        self.height = height
        self.image = image

    def wrap(self, available_width: float, available_height: float) -> tuple[float, float]:
        self.width = available_width
        return available_width, self.height

    def draw(self) -> None:
        if self.image is not None:
            self.image.drawOn(self.canv, (self.width - self.image.drawWidth) / 2, 1 * mm)
        if self.places is None:
            return
        x, y = self.canv.absolutePosition(0, 0)
        inset = 6 * mm
        self.places.append(
            SignatureBox(
                self.canv.getPageNumber() - 1,
                (
                    round(x + inset, 2),
                    round(y + 1 * mm, 2),
                    round(x + self.width - inset, 2),
                    round(y + self.height - 1 * mm, 2),
                ),
            )
        )


def signature_cell(
    block: dict[str, Any], places: list[SignatureBox] | None, image: Any = None
) -> list[Flowable]:
    """Authority line(s), the place of the signature, the full name (II.7.b–đ)."""
    cell = [para(line, "sign_title") for line in block["lines"]]
    if block.get("note"):
        cell.append(para(block["note"], "sign_note"))
    cell.append(SignaturePlace(places, image=image))
    cell.append(para(block.get("name") or " ", "sign_name"))
    return cell


def recipients_cell(recipients: list[str]) -> list[Flowable]:
    """ "Nơi nhận:" and one line per recipient, "-" first, ";" last, the archive line ending "." (II.9.d)."""
    cell = [para("Nơi nhận:", "recipients_label")]
    for index, name in enumerate(recipients):
        end = "." if index == len(recipients) - 1 else ";"
        cell.append(para(f"- {nfc(name).rstrip(' ;.')}{end}", "recipients"))
    return cell


def closing(
    recipients: list[str], block: dict[str, Any], places: list[SignatureBox] | None, *, content_hash: str = ""
) -> list[Flowable]:
    """Nơi nhận at the bottom left beside the signature block (Phụ lục I, IV, cells 7–9), kept on one
    page, and the content hash in small print beneath."""
    layout = _plain_table(
        [[recipients_cell(recipients), signature_cell(block, places)]], [RECIPIENTS_WIDTH, SIGNATURE_WIDTH]
    )
    story: list[Flowable] = [Spacer(1, 4 * mm), KeepTogether([layout])]
    if content_hash:
        story += [Spacer(1, 3 * mm), para(f"Mã kiểm tra nội dung (SHA-256): {content_hash}", "hash")]
    return story


def two_signatures(
    left: dict[str, Any],
    right: dict[str, Any],
    places: list[SignatureBox] | None,
    images: tuple[Any, Any] = (None, None),
) -> Flowable:
    """Two signers side by side, as the minutes are signed by the unit and the team."""
    half = TEXT_WIDTH / 2
    return KeepTogether(
        [
            _plain_table(
                [[signature_cell(left, None, images[0]), signature_cell(right, places, images[1])]],
                [half, half],
            )
        ]
    )


def numbered_basis(lines: list[str]) -> list[Flowable]:
    return [para(line, "basis") for line in lines]


def _page_furniture(watermark: str, footer: str) -> Callable[[Any, Any], None]:
    def draw(canvas: Any, document: Any) -> None:
        number = canvas.getPageNumber()
        canvas.saveState()
        if number > 1:  # I.7: from the second page, at the top centre, within the top margin
            canvas.setFont(FONT, PAGE_NUMBER_SIZE)
            canvas.drawCentredString(MARGIN_LEFT + TEXT_WIDTH / 2, PAGE_HEIGHT - 12 * mm, str(number))
        if footer:
            canvas.setFont(FONT, 9)
            canvas.drawString(MARGIN_LEFT, 10 * mm, nfc(footer))
        if watermark:
            # Drawn after the page's content, so nothing on the page can cover it.
            canvas.setFillColor(colors.HexColor("#b3261e"), alpha=0.14)
            canvas.setFont(FONT_BOLD, 72)
            canvas.translate(PAGE_WIDTH / 2, PAGE_HEIGHT / 2)
            canvas.rotate(45)
            canvas.drawCentredString(0, 0, nfc(watermark))
        canvas.restoreState()

    return draw


def build_pdf(
    story: list[Flowable], *, title: str, subject: str = "", watermark: str = "", footer: str = ""
) -> bytes:
    """Lay out ``story`` on the Decree 30 page (A4, margins of I.3, page numbers of I.7); ``watermark``
    across and ``footer`` under every page are for drafts only. The same input gives the same bytes."""
    buffer = io.BytesIO()
    document = BaseDocTemplate(
        buffer,
        pagesize=A4,
        leftMargin=MARGIN_LEFT,
        rightMargin=MARGIN_RIGHT,
        topMargin=MARGIN_TOP,
        bottomMargin=MARGIN_BOTTOM,
        title=nfc(title),
        subject=nfc(subject),
        author="congvu",
        creator="congvu",
        invariant=1,
        initialFontName=FONT,
        initialFontSize=BODY_SIZE,
    )
    frame = Frame(
        MARGIN_LEFT,
        MARGIN_BOTTOM,
        TEXT_WIDTH,
        PAGE_HEIGHT - MARGIN_TOP - MARGIN_BOTTOM,
        0,
        0,
        0,
        0,
        id="text",
    )
    document.addPageTemplates(
        [PageTemplate(id="page", frames=[frame], onPageEnd=_page_furniture(watermark, footer))]
    )
    document.build(story)
    return buffer.getvalue()
