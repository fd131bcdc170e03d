"""PDF documents with fpdf2: the certificate and « Mon dossier de financement ». Pure: data in, bytes out."""

from __future__ import annotations

import importlib.util
import io
import re
from dataclasses import dataclass
from datetime import date
from html import escape, unescape
from pathlib import Path

from fpdf import FPDF

from learning.i18n import short_date_fr
from learning.templating import STATIC_DIR

from .calculators import Result, Table, format_value
from .charts import HEIGHT, WIDTH, Chart, charts_for


def _font_dir() -> Path | None:
    """DejaVu from Debian's fonts-dejavu-core, else the copy matplotlib ships if it is installed."""
    debian = Path("/usr/share/fonts/truetype/dejavu")
    if (debian / "DejaVuSans.ttf").is_file():
        return debian
    spec = importlib.util.find_spec("matplotlib")
    if spec is not None and spec.origin:
        bundled = Path(spec.origin).parent / "mpl-data" / "fonts" / "ttf"
        if (bundled / "DejaVuSans.ttf").is_file():
            return bundled
    return None


FONT_DIR = _font_dir()
# The network's face (docs/identity.md): the logo drawn from its SVG, the palette's brand, ink and muted.
LOGO_SVG = STATIC_DIR / "img" / "logo-mark.svg"
BRAND = (107, 47, 163)
BRAND_DARK = (78, 31, 122)
GOLD = (246, 184, 75)
INK = (31, 26, 46)
MUTED = (91, 86, 112)
TAGLINE = "le réseau des entrepreneuses qui s'entraident"


@dataclass(frozen=True)
class DossierItem:
    title: str
    inputs: list[tuple[str, str]]  # (label, shown value)
    result: Result
    kind: str = ""  # the calculator's kind, for its chart (courses.charts)


class _Doc(FPDF):
    def __init__(self, orientation: str = "P", running_title: str = "") -> None:
        super().__init__(orientation=orientation, unit="mm", format="A4")
        # A document of several pages (the dossier) carries the logo and its title on each; the certificate
        # draws its own.
        self.running_title = running_title
        self.unicode = FONT_DIR is not None
        if FONT_DIR is not None:
            self.add_font("DejaVu", "", str(FONT_DIR / "DejaVuSans.ttf"))
            self.add_font("DejaVu", "B", str(FONT_DIR / "DejaVuSans-Bold.ttf"))
        self.set_auto_page_break(True, margin=15)
        self.set_title("Entraide")
        self.set_creator("Entraide")

    def logo(self, x: float, y: float, size: float) -> None:
        self.image(io.BytesIO(LOGO_SVG.read_bytes()), x=x, y=y, w=size, h=size)

    def header(self) -> None:
        if not self.running_title:
            return
        self.logo(self.l_margin, 8, 11)
        self.set_xy(self.l_margin + 14, 8.5)
        self.set_text_color(*BRAND_DARK)
        self.font(14, True)
        self.cell(0, 6, "Entraide", new_x="LMARGIN", new_y="NEXT")
        self.set_x(self.l_margin + 14)
        self.set_text_color(*MUTED)
        self.font(8)
        self.cell(0, 4, self.text_safe(TAGLINE), new_x="LMARGIN", new_y="NEXT")
        self.set_draw_color(*BRAND)
        self.set_line_width(0.8)
        self.line(self.l_margin, 22, self.w - self.r_margin, 22)
        self.set_text_color(*INK)
        self.set_y(27)

    def footer(self) -> None:
        if not self.running_title:
            return
        self.set_y(-12)
        self.set_text_color(*MUTED)
        self.font(8)
        self.cell(
            0, 5, self.text_safe(f"Entraide — {self.running_title} — page {self.page_no()}/{{nb}}"), align="C"
        )
        self.set_text_color(*INK)

    def font(self, size: float, bold: bool = False) -> None:
        self.set_font("DejaVu" if self.unicode else "helvetica", "B" if bold else "", size)

    def text_safe(self, text: str) -> str:
        # Without a Unicode font (DejaVu missing), keep to what the core fonts can encode.
        text = text.replace("\u202f", " ").replace("\u00a0", " ")
        if self.unicode:
            return text
        text = (
            text.replace("€", "EUR").replace("’", "'").replace("«", '"').replace("»", '"').replace("—", "-")
        )
        return text.encode("latin-1", "replace").decode("latin-1")

    def line_text(
        self, text: str, size: float = 11, bold: bool = False, align: str = "L", h: float = 6
    ) -> None:
        self.font(size, bold)
        self.multi_cell(0, h, self.text_safe(text), align=align, new_x="LMARGIN", new_y="NEXT")


def certificate_pdf(learner: str, course: str, issued: date, verify_url: str) -> bytes:
    pdf = _Doc("L")
    pdf.set_auto_page_break(False)  # one page, laid out by hand
    pdf.add_page()
    pdf.set_draw_color(*BRAND)
    pdf.set_line_width(1.2)
    pdf.rect(10, 10, 277, 190)
    pdf.set_draw_color(*GOLD)
    pdf.set_line_width(0.6)
    pdf.rect(13, 13, 271, 184)
    pdf.logo((297 - 18) / 2, 20, 18)
    pdf.set_y(41)
    pdf.set_text_color(*BRAND_DARK)
    pdf.line_text("Entraide — " + TAGLINE, 13, align="C")
    pdf.ln(5)
    pdf.line_text("Attestation de réussite", 30, bold=True, align="C", h=14)
    pdf.set_text_color(*INK)
    pdf.ln(6)
    pdf.line_text("Le réseau Entraide atteste que", 14, align="C")
    pdf.ln(2)
    pdf.line_text(learner, 24, bold=True, align="C", h=12)
    pdf.ln(2)
    pdf.line_text("a lu toutes les leçons et réussi tous les contrôles du cours", 14, align="C")
    pdf.ln(2)
    pdf.line_text(f"« {course} »", 20, bold=True, align="C", h=10)
    pdf.ln(4)
    pdf.line_text(f"Délivré le {short_date_fr(issued)}", 13, align="C")
    # Below: where to check it (left) and who delivers it (right).
    top = max(pdf.get_y() + 8, 160)
    pdf.set_text_color(*MUTED)
    pdf.set_xy(25, top)
    pdf.font(10)
    pdf.multi_cell(125, 5, pdf.text_safe(f"Vérifier cette attestation :\n{verify_url}"))
    pdf.set_xy(180, top)
    pdf.set_text_color(*INK)
    pdf.font(11)
    pdf.multi_cell(90, 5.5, pdf.text_safe("Pour le réseau Entraide,"), align="C")
    pdf.set_draw_color(*BRAND)
    pdf.set_line_width(0.4)
    pdf.line(190, top + 18, 260, top + 18)
    pdf.set_xy(180, top + 19)
    pdf.set_text_color(*BRAND_DARK)
    pdf.font(11, True)
    pdf.multi_cell(90, 5.5, pdf.text_safe("L'équipe du MOOC"), align="C")
    return bytes(pdf.output())


def dossier_pdf(learner: str, course: str, made: date, items: list[DossierItem]) -> bytes:
    pdf = _Doc("P", running_title="Mon dossier de financement")
    pdf.add_page()
    pdf.set_text_color(*BRAND_DARK)
    pdf.line_text("Mon dossier de financement", 22, bold=True, h=11)
    pdf.set_text_color(*INK)
    pdf.line_text(f"{learner} — {course}", 12)
    pdf.line_text(f"Édité le {short_date_fr(made)}", 10)
    pdf.ln(4)
    if not items:
        pdf.line_text("Vous n'avez encore enregistré aucun calculateur.", 11)
    for item in items:
        pdf.ln(3)
        pdf.set_text_color(*BRAND_DARK)
        pdf.line_text(item.title, 15, bold=True, h=8)
        pdf.set_text_color(*INK)
        pdf.line_text("Vos hypothèses", 11, bold=True)
        for label, value in item.inputs:
            pdf.line_text(f"{label} : {value}", 9, h=5)
        pdf.ln(1)
        pdf.line_text("Résultats", 11, bold=True)
        for out in item.result.outputs:
            pdf.line_text(
                f"{out.label} : {format_value(out.value, out.unit, out.decimals)}", 10, bold=out.main, h=5
            )
            if out.formula:
                pdf.line_text(f"   {out.formula}", 8, h=4)
        for warning in item.result.warnings:
            pdf.line_text(f"Attention : {warning}", 9, h=5)
        for table in item.result.tables:
            _table(pdf, table)
        for chart in charts_for(item.kind, item.result):
            _chart(pdf, chart)
    return bytes(pdf.output())


def _chart(pdf: _Doc, chart: Chart) -> None:
    """The page's SVG, drawn by fpdf2 with the document's font (its text goes through the same safety)."""
    family = "DejaVu" if pdf.unicode else "helvetica"
    svg = chart.svg.replace('width="100%"', f'width="{WIDTH}" height="{HEIGHT}"')
    svg = svg.replace('font-family="sans-serif"', f'font-family="{family}"')
    svg = re.sub(
        r">([^<>]*)</text>", lambda m: ">" + escape(pdf.text_safe(unescape(m.group(1)))) + "</text>", svg
    )
    pdf.ln(2)
    if pdf.get_y() > 200:
        pdf.add_page()
    pdf.image(io.BytesIO(svg.encode()), x=15, w=175)
    pdf.line_text(chart.description, 8, h=4)


def _table(pdf: _Doc, table: Table) -> None:
    pdf.ln(1)
    pdf.line_text(table.title, 10, bold=True)
    # Wide tables (12 months) are printed in slices of 6 columns so that they fit the page.
    for start in range(0, len(table.columns), 6):
        columns = table.columns[start : start + 6]
        label_w = 190 - 22 * len(columns)
        pdf.font(7, True)
        pdf.cell(label_w, 5, "", border=1)
        for col in columns:
            pdf.cell(22, 5, pdf.text_safe(col), border=1, align="R")
        pdf.ln()
        for label, values in table.rows:
            pdf.font(7, label in table.strong_rows)
            pdf.cell(label_w, 5, pdf.text_safe(label[:70]), border=1)
            for value in values[start : start + 6]:
                pdf.cell(22, 5, pdf.text_safe(format_value(value, table.unit)), border=1, align="R")
            pdf.ln()
        pdf.ln(1)
