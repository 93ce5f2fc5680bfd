"""Bilingual (Chinese and English, side by side) PDF pieces for the documents rights owners use
with authorities: the authorization letter (ipr.letters) and the exclusive account statement
(accounts.statements).

Every text is written once, as a translatable string, and drawn twice: in Simplified Chinese
(left) and in English (right), each rendered under its own language. Chinese glyphs come from
reportlab's built-in CID font STSong-Light (the PDF viewer supplies the glyphs; no font file is
committed or embedded); Latin text uses DejaVu Sans when the system has it, else reportlab's
Vera."""

from collections.abc import Callable
from pathlib import Path
from xml.sax.saxutils import escape

from django.utils import translation
from django.utils.translation import gettext as _
from reportlab.lib.styles import ParagraphStyle
from reportlab.lib.units import mm
from reportlab.pdfbase import pdfmetrics
from reportlab.pdfbase.cidfonts import UnicodeCIDFont
from reportlab.pdfbase.ttfonts import TTFont
from reportlab.platypus import Paragraph, Table, TableStyle

CHINESE, ENGLISH = "zh-hans", "en"
CJK_FONT = "STSong-Light"
LATIN_FONT = "IPPSans"
_LATIN_CANDIDATES = (Path("/usr/share/fonts/truetype/dejavu/DejaVuSans.ttf"),)

Words = Callable[[], str]  # a text built with gettext, evaluated once per language


def cjk_font() -> str:
    if CJK_FONT not in pdfmetrics.getRegisteredFontNames():
        pdfmetrics.registerFont(UnicodeCIDFont(CJK_FONT))
    return CJK_FONT


def latin_font() -> str:
    if LATIN_FONT not in pdfmetrics.getRegisteredFontNames():
        import reportlab

        vera = Path(reportlab.__file__).parent / "fonts" / "Vera.ttf"
        path = next((p for p in _LATIN_CANDIDATES if p.exists()), vera)
        pdfmetrics.registerFont(TTFont(LATIN_FONT, str(path)))
    return LATIN_FONT


def needs_cjk(text: str) -> bool:
    return any(ord(ch) >= 0x2E80 for ch in text)


def font_for(text: str) -> str:
    """A font that can draw `text` (users' own names may be in any script)."""
    return cjk_font() if needs_cjk(text) else latin_font()


def both(words: Words) -> tuple[str, str]:
    """(Chinese, English) of one text."""
    with translation.override(CHINESE):
        chinese = str(words())
    with translation.override(ENGLISH):
        english = str(words())
    return chinese, english


def style(name: str, *, size: float = 10, leading: float | None = None, **extra) -> ParagraphStyle:
    return ParagraphStyle(
        name, fontName=latin_font(), fontSize=size, leading=leading or size * 1.45, **extra
    )


def _cell(text: str, base: ParagraphStyle, chinese: bool) -> Paragraph:
    font = cjk_font() if chinese or needs_cjk(text) else latin_font()
    return Paragraph(
        escape(text).replace("\n", "<br/>"), ParagraphStyle(base.name, base, fontName=font)
    )


def pair(words: Words, base: ParagraphStyle, width: float) -> Table:
    """One text, Chinese on the left and English on the right."""
    return pairs([words], base, width)


def pairs(texts: list[Words], base: ParagraphStyle, width: float) -> Table:
    rows = [[_cell(zh, base, True), _cell(en, base, False)] for zh, en in map(both, texts)]
    table = Table(rows, colWidths=[width / 2, width / 2])
    table.setStyle(
        TableStyle(
            [
                ("VALIGN", (0, 0), (-1, -1), "TOP"),
                ("LEFTPADDING", (0, 0), (-1, -1), 0),
                ("RIGHTPADDING", (0, 0), (0, -1), 4 * mm),
                ("LINEAFTER", (0, 0), (0, -1), 0.3, "#cccccc"),
                ("LEFTPADDING", (1, 0), (1, -1), 4 * mm),
            ]
        )
    )
    return table


def stacked(words: Words, base: ParagraphStyle) -> Paragraph:
    """One text, Chinese above English, in one cell (a short label)."""
    return _cell("\n".join(both(words)), base, True)


def governing_language_note() -> str:
    return _(
        "This document is in Chinese and English. If the two versions differ, the English "
        "version governs."
    )
