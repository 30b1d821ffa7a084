"""A composed Document as PDF with fpdf2 (pure Python), in DejaVu Sans for the accents.

Sober on purpose: A4, one column, grey rules, the picture at page width. The creation date
is the document's own instant, so the same review gives the same bytes.
"""

from __future__ import annotations

import io
from datetime import datetime

from fpdf import FPDF
from fpdf.enums import XPos, YPos
from fpdf.fonts import FontFace

from bot.documents.fonts import dejavu
from bot.journey.compose import Bullets, Document, Heading, Paragraph, Picture, Table

_FAMILY = "DejaVu"
_INK = (33, 37, 41)
_MUTED = (108, 117, 125)
_RULE = (206, 212, 218)
_SIZES = {1: 14.0, 2: 12.0, 3: 10.5}


class _Pdf(FPDF):
    def __init__(self, footer_text: str) -> None:
        super().__init__(format="A4")
        self._footer_text = footer_text

    def footer(self) -> None:
        self.set_y(-14)
        self.set_font(_FAMILY, "", 8)
        self.set_text_color(*_MUTED)
        self.cell(0, 8, f"{self._footer_text} · {self.page_no()}/{{nb}}", align="C")


def to_pdf(document: Document, *, created_at: datetime, footer: str) -> bytes:
    pdf = _Pdf(footer)
    pdf.add_font(_FAMILY, "", str(dejavu()))
    pdf.add_font(_FAMILY, "B", str(dejavu("Bold")))
    pdf.add_font(_FAMILY, "I", str(dejavu("Oblique")))
    pdf.set_creation_date(created_at)
    pdf.set_title(document.title)
    pdf.set_creator("Cadre")
    pdf.set_margins(20, 18, 20)
    pdf.set_auto_page_break(True, margin=20)
    pdf.add_page()
    pdf.set_text_color(*_INK)
    pdf.set_font(_FAMILY, "B", 17)
    pdf.multi_cell(0, 9, document.title, align="L", new_x=XPos.LMARGIN, new_y=YPos.NEXT)
    pdf.set_draw_color(*_RULE)
    pdf.line(pdf.l_margin, pdf.get_y() + 1, pdf.w - pdf.r_margin, pdf.get_y() + 1)
    pdf.ln(5)
    for block in document.blocks:
        if isinstance(block, Heading):
            pdf.ln(2 if block.level > 2 else 4)
            pdf.set_font(_FAMILY, "B", _SIZES.get(block.level, 10.5))
            pdf.multi_cell(0, 6.5, block.text, align="L", new_x=XPos.LMARGIN, new_y=YPos.NEXT)
            pdf.ln(1)
        elif isinstance(block, Paragraph):
            if block.is_quote:
                pdf.set_font(_FAMILY, "I", 10)
                pdf.set_text_color(*_MUTED)
                pdf.set_x(pdf.l_margin + 6)
                pdf.multi_cell(0, 5.5, block.text, align="L", new_x=XPos.LMARGIN, new_y=YPos.NEXT)
                pdf.set_text_color(*_INK)
            else:
                pdf.set_font(_FAMILY, "", 10)
                pdf.multi_cell(0, 5.5, block.text, align="L", new_x=XPos.LMARGIN, new_y=YPos.NEXT)
            pdf.ln(1.5)
        elif isinstance(block, Bullets):
            pdf.set_font(_FAMILY, "", 10)
            for item in block.items:
                pdf.set_x(pdf.l_margin + 2)
                pdf.multi_cell(0, 5.5, f"•  {item}", align="L", new_x=XPos.LMARGIN, new_y=YPos.NEXT)
            pdf.ln(1.5)
        elif isinstance(block, Table):
            pdf.set_font(_FAMILY, "", 9)
            with pdf.table(
                headings_style=FontFace(emphasis="BOLD", color=_INK),
                line_height=5.5,
                borders_layout="HORIZONTAL_LINES",
                text_align="LEFT",
            ) as table:
                header = table.row()
                for text in block.headers:
                    header.cell(text)
                for values in block.rows:
                    row = table.row()
                    for text in values:
                        row.cell(text)
            pdf.ln(3)
        elif isinstance(block, Picture):
            pdf.image(io.BytesIO(block.png), w=pdf.epw)
            pdf.set_font(_FAMILY, "I", 8.5)
            pdf.set_text_color(*_MUTED)
            pdf.multi_cell(0, 5, block.caption, align="C", new_x=XPos.LMARGIN, new_y=YPos.NEXT)
            pdf.set_text_color(*_INK)
            pdf.ln(2)
    return bytes(pdf.output())
