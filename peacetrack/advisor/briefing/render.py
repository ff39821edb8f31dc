"""The briefing in three formats: a self-contained HTML page (also the PDF's source), a PDF
through WeasyPrint, and a Word document through python-docx. Every file says CONFIDENTIAL on
its first line and on every page, and is named for the case and the day."""

from __future__ import annotations

import io
import re
from pathlib import Path
from typing import Any

from django.template.loader import render_to_string
from django.utils.formats import date_format
from django.utils.safestring import mark_safe
from django.utils.text import slugify
from django.utils.translation import get_language, get_language_bidi, gettext_lazy
from django.utils.translation import gettext as _

from peacetrack.advisor.briefing.content import (
    Bars,
    Block,
    Bullets,
    Entry,
    Facts,
    Image,
    Markdown,
    Paragraph,
    Subheading,
    Table,
)
from peacetrack.advisor.briefing.sections import Briefing

# The formats offered, in the form's order.
FORMATS = {
    "pdf": gettext_lazy("PDF, to read or print"),
    "docx": gettext_lazy("Word document (.docx), to edit"),
    "html": gettext_lazy("Web page (.html), one file that opens offline"),
}
STYLESHEET = Path(__file__).with_name("briefing.css")
SEVERITY_COLOURS = {"high": "C53030", "medium": "C05621", "low": "4A5568"}
NAVY = "1F3A5F"
# Markdown's emphasis and code marks, and a list item's bullet (Word gets the plain text)
_MARKUP = re.compile(r"(\*\*|__|`)")
_BULLET = re.compile(r"^([-*+]|\d+[.)])\s+")


def briefing_filename(briefing: Briefing, fmt: str) -> str:
    """e.g. valdoria-ceasefire-talks-briefing-2026-11-30.pdf"""
    slug = slugify(briefing.case_title)[:80] or "case"
    return f"{slug}-briefing-{briefing.day.isoformat()}.{fmt}"


def confidential_word() -> str:
    return _("CONFIDENTIAL")


def confidential_notice(briefing: Briefing) -> str:
    return _(
        "Briefing on “%(title)s” for the mediation team of this case only, prepared for "
        "%(reader)s on %(day)s. It holds the team's internal analysis: do not forward it, "
        "keep it encrypted, destroy it after use."
    ) % {"title": briefing.case_title, "reader": briefing.reader, "day": _day(briefing)}


def _day(briefing: Briefing) -> str:
    return date_format(briefing.day, "DATE_FORMAT")


def _css_string(text: str) -> str:
    """A CSS string literal holding `text` (the case's title in the page margins)."""
    escaped = text.replace("\\", "\\\\").replace('"', '\\"').replace("<", "\\3c ")
    return '"' + " ".join(escaped.split()) + '"'


def _page_css(briefing: Briefing) -> str:
    word = _css_string(confidential_word())
    footer = _css_string(
        _("%(title)s · briefing of %(day)s") % {"title": briefing.case_title, "day": _day(briefing)}
    )
    page = _css_string(_("Page"))
    return (
        "@page { size: A4; margin: 20mm 17mm 20mm 17mm;"
        f" @top-left {{ content: {word}; color: #9b2c2c; font-weight: bold;"
        " letter-spacing: 0.14em; font-size: 8pt; }"
        f" @top-right {{ content: {footer}; color: #4a5568; font-size: 8pt; }}"
        f" @bottom-left {{ content: {word}; color: #9b2c2c; font-weight: bold;"
        " letter-spacing: 0.14em; font-size: 8pt; }"
        f" @bottom-right {{ content: {page} ' ' counter(page) ' / ' counter(pages);"
        " color: #4a5568; font-size: 8pt; } }"
    )


def briefing_html(briefing: Briefing) -> str:
    """One HTML file, its styles and images inside it (opens offline, prints as the PDF)."""
    css = STYLESHEET.read_text(encoding="utf-8") + "\n" + _page_css(briefing)
    context: dict[str, Any] = {
        "briefing": briefing,
        "day": _day(briefing),
        "css": mark_safe(css.replace("</", "<\\/")),  # noqa: S308 — ours, title escaped above
        "confidential_word": confidential_word(),
        "notice": confidential_notice(briefing),
        "language": get_language() or "en",
        "bidi": get_language_bidi(),
    }
    return render_to_string("advisor/briefing/document.html", context)


def briefing_pdf(briefing: Briefing) -> bytes:
    """The HTML page printed to PDF. WeasyPrint (and the system libraries it loads) is
    imported here only, when a PDF is asked for."""
    import weasyprint

    # Nothing is fetched: the page's images are inside it (data: URIs), and a link or image a
    # team's text might name is never requested by the server.
    fetcher = weasyprint.URLFetcher(allowed_protocols={"data"})
    document = weasyprint.HTML(string=briefing_html(briefing), base_url=None, url_fetcher=fetcher)
    pdf: bytes = document.write_pdf()
    return pdf


# Word


def _shade(cell: Any, fill: str) -> None:
    from docx.oxml import OxmlElement
    from docx.oxml.ns import qn

    shading = OxmlElement("w:shd")
    shading.set(qn("w:val"), "clear")
    shading.set(qn("w:color"), "auto")
    shading.set(qn("w:fill"), fill)
    cell._tc.get_or_add_tcPr().append(shading)


def _repeat_header(row: Any) -> None:
    from docx.oxml import OxmlElement
    from docx.oxml.ns import qn

    mark = OxmlElement("w:tblHeader")
    mark.set(qn("w:val"), "true")
    row._tr.get_or_add_trPr().append(mark)


def _page_number(paragraph: Any) -> None:
    from docx.oxml import OxmlElement
    from docx.oxml.ns import qn

    field = OxmlElement("w:fldSimple")
    field.set(qn("w:instr"), "PAGE")
    run = OxmlElement("w:r")
    text = OxmlElement("w:t")
    text.text = "1"
    run.append(text)
    field.append(run)
    paragraph._p.append(field)


def _table(
    document: Any, headers: tuple[str, ...], rows: list[tuple[str, ...]], *, first_bold: bool
) -> None:
    from docx.shared import Pt, RGBColor

    table = document.add_table(rows=1, cols=len(headers))
    table.style = "Table Grid"
    for cell, text in zip(table.rows[0].cells, headers, strict=True):
        cell.text = ""
        run = cell.paragraphs[0].add_run(text)
        run.bold = True
        run.font.color.rgb = RGBColor(0xFF, 0xFF, 0xFF)
        run.font.size = Pt(8.5)
        _shade(cell, NAVY)
    _repeat_header(table.rows[0])
    for values in rows:
        cells = table.add_row().cells
        for index, (cell, text) in enumerate(zip(cells, values, strict=False)):
            cell.text = ""
            lines = str(text).split("\n")
            paragraph = cell.paragraphs[0]
            for number, line in enumerate(lines):
                if number:
                    paragraph.add_run().add_break()
                run = paragraph.add_run(line)
                run.font.size = Pt(8.5)
                run.bold = first_bold and index == 0
    document.add_paragraph()


def _block_docx(document: Any, block: Block) -> None:
    from docx.shared import Cm, Pt, RGBColor

    if isinstance(block, Paragraph):
        paragraph = document.add_paragraph()
        run = paragraph.add_run(block.text)
        if block.style == "lead":
            run.font.size = Pt(11)
        elif block.style == "muted":
            run.italic = True
            run.font.size = Pt(8.5)
            run.font.color.rgb = RGBColor(0x4A, 0x55, 0x68)
    elif isinstance(block, Markdown):
        for part in block.text.replace("\r\n", "\n").split("\n\n"):
            lines = [line.strip() for line in part.split("\n") if line.strip()]
            for line in lines:
                plain = _MARKUP.sub("", line)
                if _BULLET.match(plain):
                    document.add_paragraph(_BULLET.sub("", plain), style="List Bullet")
                else:
                    document.add_paragraph(plain.lstrip("#").strip())
    elif isinstance(block, Subheading):
        document.add_heading(block.text, level=2)
    elif isinstance(block, Facts):
        _table(document, (_("About the case"), ""), list(block.items), first_bold=True)
    elif isinstance(block, Table):
        _table(document, block.headers, list(block.rows), first_bold=block.row_headers)
    elif isinstance(block, Bars):
        _table(
            document,
            (_("Step"), _("Tasks done"), _("Detail")),
            [(label, f"{percent}%", detail) for label, percent, detail in block.rows],
            first_bold=True,
        )
    elif isinstance(block, Image):
        document.add_picture(io.BytesIO(block.png), width=Cm(16.5))
        # the image's description, read out by screen readers (Word's "alt text")
        picture = document.inline_shapes[-1]
        picture._inline.docPr.set("descr", block.alt)
        if block.caption:
            caption = document.add_paragraph()
            run = caption.add_run(block.caption)
            run.italic = True
            run.font.size = Pt(8.5)
    elif isinstance(block, Bullets):
        for item in block.items:
            document.add_paragraph(item, style="List Bullet")
    elif isinstance(block, Entry):
        heading = document.add_heading(level=3)
        if block.tag:
            tag = heading.add_run(f"[{block.tag}] ")
            tag.font.color.rgb = RGBColor.from_string(SEVERITY_COLOURS.get(block.tag_style, NAVY))
        heading.add_run(block.title)
        for label, text in block.lines:
            paragraph = document.add_paragraph()
            paragraph.add_run(f"{label}: ").bold = True
            paragraph.add_run(text)
        if block.points:
            label = document.add_paragraph()
            run = label.add_run(block.points_label)
            run.italic = True
            for point in block.points:
                document.add_paragraph(point, style="List Bullet")


def briefing_docx(briefing: Briefing) -> bytes:
    """The briefing as a Word document: headings, tables for the facts, matrix and strength,
    the map and the chart as pictures; CONFIDENTIAL in every page's header and footer."""
    import docx
    from docx.enum.section import WD_ORIENT, WD_SECTION
    from docx.enum.text import WD_ALIGN_PARAGRAPH
    from docx.shared import Cm, Pt, RGBColor

    document = docx.Document()
    properties = document.core_properties
    properties.title = _("Briefing: %(title)s") % {"title": briefing.case_title}
    properties.subject = confidential_word()
    properties.keywords = confidential_word()
    normal = document.styles["Normal"]
    normal.font.name = "Arial"
    normal.font.size = Pt(10)
    for level in (1, 2, 3):
        document.styles[f"Heading {level}"].font.color.rgb = RGBColor.from_string(NAVY)
    section = document.sections[0]
    section.page_height, section.page_width = Cm(29.7), Cm(21.0)
    section.left_margin = section.right_margin = Cm(2.0)
    word = confidential_word()
    day = _day(briefing)
    header = section.header.paragraphs[0]
    run = header.add_run(f"{word} — {briefing.case_title}")
    run.bold = True
    run.font.size = Pt(8)
    run.font.color.rgb = RGBColor(0x9B, 0x2C, 0x2C)
    footer = section.footer.paragraphs[0]
    footer.alignment = WD_ALIGN_PARAGRAPH.CENTER
    run = footer.add_run(
        f"{word} · "
        + _("%(title)s · briefing of %(day)s") % {"title": briefing.case_title, "day": day}
        + " · "
    )
    run.font.size = Pt(8)
    _page_number(footer)

    first = document.add_paragraph()
    run = first.add_run(word)
    run.bold = True
    run.font.color.rgb = RGBColor(0x9B, 0x2C, 0x2C)
    notice = first.add_run(" — " + confidential_notice(briefing))
    notice.font.size = Pt(8.5)
    notice.font.color.rgb = RGBColor(0x9B, 0x2C, 0x2C)
    eyebrow = document.add_paragraph()
    run = eyebrow.add_run(_("Briefing pack").upper())
    run.bold = True
    run.font.color.rgb = RGBColor.from_string(NAVY)
    document.add_heading(briefing.case_title, level=0)
    byline = document.add_paragraph()
    run = byline.add_run(
        _("As the case stood on %(day)s · prepared for %(reader)s")
        % {"day": day, "reader": briefing.reader}
    )
    run.font.color.rgb = RGBColor(0x4A, 0x55, 0x68)
    landscape = False
    for number, built in enumerate(briefing.sections, start=1):
        if built.landscape != landscape:  # a wide table on landscape pages, as in the PDF
            landscape = not landscape
            page = document.add_section(WD_SECTION.NEW_PAGE)
            page.orientation = WD_ORIENT.LANDSCAPE if landscape else WD_ORIENT.PORTRAIT
            page.page_width, page.page_height = page.page_height, page.page_width
        document.add_heading(f"{number}. {built.title}", level=1)
        for block in built.blocks:
            _block_docx(document, block)
    buffer = io.BytesIO()
    document.save(buffer)
    return buffer.getvalue()


def briefing_render(briefing: Briefing, fmt: str) -> bytes:
    if fmt == "pdf":
        return briefing_pdf(briefing)
    if fmt == "docx":
        return briefing_docx(briefing)
    if fmt == "html":
        return briefing_html(briefing).encode("utf-8")
    raise ValueError(f"unknown briefing format {fmt!r}")
