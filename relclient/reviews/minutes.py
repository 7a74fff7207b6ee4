"""The minutes of a review, as HTML or PDF: header, attendees, each input with its figures, charts
and comments, then the decisions with owners and dates. Charts are drawn by kaleido (which drives
the system's Chromium); the PDF is laid out by ReportLab."""

from __future__ import annotations

import base64
import html
import io
import os
import shutil
import warnings
from dataclasses import dataclass

import plotly.graph_objects as go

from relclient.i18n import format_date, t
from relclient.reviews.content import ReviewContent
from relclient.reviews.model import SECTIONS
from relclient.reviews.sections import Table, period_note, section_charts, section_tables
from relclient.reviews.views import attendee_names, closed_early_text, decision_table, outputs

CHART_WIDTH, CHART_HEIGHT = 760, 300


@dataclass(frozen=True)
class Minutes:
    """The minutes' content in one language, ready for either format."""

    title: str
    header: list[tuple[str, str]]  # label, value
    sections: list[tuple[str, str, list[Table], list[bytes], str]]  # heading, note, tables, chart PNGs, comment
    decisions: Table
    outputs: list[tuple[str, str]]  # resource needs, target changes
    footer: str
    sign_off: list[tuple[str, str]]  # the chair, the date, a line to sign on


def chart_browser() -> str | None:
    """The browser kaleido draws the minutes' charts with: BROWSER_PATH when set, else Debian's
    chromium-headless-shell (`make charts`: a third of chromium's packages, no systemd), else a
    full chromium; None when the machine has none (the minutes are then made without charts)."""
    for found in (os.environ.get("BROWSER_PATH"), shutil.which("chromium-headless-shell"), shutil.which("chromium")):
        if found and os.path.exists(found):
            return found
    return None


def chart_images(figures: list[go.Figure]) -> list[bytes]:
    """PNG images of figures, drawn by kaleido in one browser for them all (none without a browser)."""
    browser = chart_browser()
    if not figures or browser is None:
        return []
    import kaleido  # imported here: only exports draw images

    os.environ["BROWSER_PATH"] = browser
    kaleido.start_sync_server(silence_warnings=True)
    try:
        with warnings.catch_warnings():
            # Plotly warns that its per-call options are ignored by a running server: they are not needed.
            warnings.simplefilter("ignore", UserWarning)
            return [fig.to_image(format="png", width=CHART_WIDTH, height=CHART_HEIGHT) for fig in figures]
    finally:
        kaleido.stop_sync_server(silence_warnings=True)


def build_minutes(content: ReviewContent, lang: str, depts: dict[str, str], people: dict[str, str],
                  charts: bool = True) -> Minutes:
    """The minutes of a review in `lang` (with `charts`, the images are drawn now: a few seconds)."""
    r = content.review
    tables = section_tables(content, lang, depts)
    charts = charts and chart_browser() is not None  # without a browser, the minutes have no charts
    figures = section_charts(content, lang) if charts else {s.id: [] for s in SECTIONS}
    images = chart_images([f for s in SECTIONS for f in figures[s.id]])
    note = period_note(content, lang) or ""  # every section of an unfinished period says so
    sections = []
    for s in SECTIONS:
        mine, images = images[:len(figures[s.id])], images[len(figures[s.id]):]
        # The KPI table carries what the page's tiles show: n, the same days before, the verdict.
        sections.append((f"{t(f'reviews.section.{s.id}', lang)} (ISO 9001 §{s.clause})", note, tables[s.id], mine,
                         content.comments.get(s.id, "")))
    attendees = attendee_names(r, people, depts)
    return Minutes(
        title=r.title,
        header=[(t("reviews.h.period", lang), f"{format_date(r.period_start, lang)} → {format_date(r.period_end, lang)}"
                 + (f" ({to_date})" if (to_date := _to_date(content, lang)) else "")),
                (t("reviews.h.meeting", lang), format_date(r.meeting_date, lang) if r.meeting_date else "—"),
                (t("reviews.h.chair", lang), people.get(r.chair, r.chair)),
                (t("reviews.h.status", lang), t(f"reviews.status.{r.status}", lang)),
                (t("reviews.h.attendees", lang), ", ".join(attendees) or "—"),
                (t("reviews.h.previous", lang), content.previous_title or "—")],
        sections=sections,
        decisions=decision_table(content, lang, depts, people),
        outputs=outputs(r, lang),
        footer=" ".join([t("reviews.h.frozen" if content.frozen else "reviews.h.live", lang)]
                        + ([closed_early_text(content, people, lang)] if content.closed_early else [])),
        sign_off=[(t("reviews.h.signed_by", lang), people.get(r.chair, r.chair)),
                  (t("reviews.h.signed_on", lang), format_date(r.meeting_date, lang) if r.meeting_date else ""),
                  (t("reviews.h.signature", lang), "")],
    )


@dataclass(frozen=True)
class MinutesFiles:
    """The minutes in one language as the page offers them: both formats, named after the review."""

    lang: str
    name: str  # without the extension: revue-<number>-<language>
    pdf: bytes
    html: str


def minutes_files(content: ReviewContent, lang: str, depts: dict[str, str], people: dict[str, str],
                  charts: bool = True) -> MinutesFiles:
    """The review's minutes in `lang` as a PDF and an HTML page (drawn once, both from the same Minutes)."""
    minutes = build_minutes(content, lang, depts, people, charts=charts)
    return MinutesFiles(lang, f"revue-{content.review.review_id}-{lang}", to_pdf(minutes, lang), to_html(minutes, lang))


def _to_date(content: ReviewContent, lang: str) -> str | None:
    p = content.inputs["period"]
    return t("period.to_date", lang, days=p["days"], of=p["of"]) if content.partial else None


def to_html(minutes: Minutes, lang: str) -> str:
    """The minutes as one self-contained HTML page (images inline, every text escaped)."""
    e = html.escape

    def table(tb: Table) -> str:
        if not tb.rows:
            return f"<h3>{e(tb.title)}</h3><p class='none'>—</p>"
        head = "".join(f"<th>{e(c)}</th>" for c in tb.columns)
        body = "".join("<tr>" + "".join(f"<td>{e(str(c))}</td>" for c in row) + "</tr>" for row in tb.rows)
        return f"<h3>{e(tb.title)}</h3><table><thead><tr>{head}</tr></thead><tbody>{body}</tbody></table>"

    parts = [f"<!doctype html><html lang='{lang}'><head><meta charset='utf-8'><title>{e(minutes.title)}</title>",
             "<style>body{font-family:sans-serif;max-width:60em;margin:2em auto;color:#222}"
             "table{border-collapse:collapse;margin:.5em 0 1em}td,th{border:1px solid #ccc;padding:.25em .5em;"
             "text-align:left;vertical-align:top}th{background:#f3f3f3}img{max-width:100%}"
             ".comment{background:#fff8e1;padding:.5em;border-left:4px solid #f0b400}.none{color:#888}"
             ".partial{background:#fdecea;padding:.5em;border-left:4px solid #c0392b}</style>"
             "</head><body>", f"<h1>{e(minutes.title)}</h1><dl>"]
    parts += [f"<dt><b>{e(label)}</b></dt><dd>{e(value)}</dd>" for label, value in minutes.header]
    parts.append("</dl>")
    for heading, note, tables, images, comment in minutes.sections:
        parts.append(f"<h2>{e(heading)}</h2>")
        if note:
            parts.append(f"<p class='partial'>{e(note)}</p>")
        parts += [table(tb) for tb in tables]
        parts += [f"<img alt='' src='data:image/png;base64,{base64.b64encode(png).decode()}'>" for png in images]
        label = t("reviews.h.comment", lang)
        parts.append(f"<p class='comment'><b>{e(label)}</b> {e(comment)}</p>" if comment
                     else f"<p class='none'>{e(label)} —</p>")
    parts.append(f"<h2>{e(t('reviews.h.outputs', lang))}</h2>" + table(minutes.decisions))
    parts += [f"<h3>{e(label)}</h3><p>{e(value)}</p>" for label, value in minutes.outputs]
    parts.append(f"<h2>{e(t('reviews.h.sign_off', lang))}</h2><table class='sign'>"
                 + "".join(f"<tr><th>{e(label)}</th><td style='min-width:18em;height:2.5em'>{e(value)}</td></tr>"
                           for label, value in minutes.sign_off) + "</table>")
    parts.append(f"<hr><p class='none'>{e(minutes.footer)}</p></body></html>")
    return "".join(parts)


def to_pdf(minutes: Minutes, lang: str) -> bytes:
    """The minutes as an A4 PDF."""
    from reportlab.lib import colors
    from reportlab.lib.pagesizes import A4
    from reportlab.lib.styles import getSampleStyleSheet
    from reportlab.lib.units import cm
    from reportlab.platypus import Image, KeepTogether, Paragraph, SimpleDocTemplate, Spacer
    from reportlab.platypus import Table as PdfTable
    from reportlab.platypus import TableStyle
    from xml.sax.saxutils import escape

    styles = getSampleStyleSheet()
    regular, bold, italic = _fonts()
    for name, style in styles.byName.items():
        style.fontName = bold if name.startswith(("Heading", "Title")) else (italic if name == "Italic" else regular)
        if name.startswith("Heading"):
            style.keepWithNext = 1  # a heading never ends a page without the first lines of its section
    cell = styles["BodyText"].clone("cell", fontSize=8, leading=10)
    width = A4[0] - 4 * cm

    def p(text: str, style=cell) -> Paragraph:
        return Paragraph(escape(text), style)  # Paragraph reads markup: data is escaped

    def table(tb: Table) -> list:
        flow = [Paragraph(escape(tb.title), styles["Heading4"])]
        if not tb.rows:
            return flow + [p("—")]
        grid = PdfTable([[p(c) for c in tb.columns]] + [[p(str(c)) for c in row] for row in tb.rows],
                        colWidths=[width / len(tb.columns)] * len(tb.columns), repeatRows=1)
        grid.setStyle(TableStyle([("GRID", (0, 0), (-1, -1), 0.4, colors.grey),
                                  ("BACKGROUND", (0, 0), (-1, 0), colors.whitesmoke),
                                  ("VALIGN", (0, 0), (-1, -1), "TOP")]))
        return flow + [grid]

    story = [Paragraph(escape(minutes.title), styles["Title"])]
    story += [p(t("reviews.label_value", lang, label=label, value=value), styles["BodyText"])
              for label, value in minutes.header]
    for heading, note, tables, images, comment in minutes.sections:
        story.append(Paragraph(escape(heading), styles["Heading2"]))
        if note:
            story.append(p(note, styles["Italic"]))
        for tb in tables:
            story += table(tb)
        for png in images:
            story.append(Image(io.BytesIO(png), width=width, height=width * CHART_HEIGHT / CHART_WIDTH))
        label = t("reviews.h.comment", lang)
        story.append(p(f"{label} {comment or '—'}", styles["Italic"]))
        story.append(Spacer(1, 0.3 * cm))
    story.append(Paragraph(escape(t("reviews.h.outputs", lang)), styles["Heading2"]))
    story += table(minutes.decisions)
    for label, value in minutes.outputs:
        story += [Paragraph(escape(label), styles["Heading4"]), p(value, styles["BodyText"])]
    sign = PdfTable([[p(label, styles["BodyText"]), p(value, styles["BodyText"])] for label, value in minutes.sign_off],
                    colWidths=[width * 0.4, width * 0.6], rowHeights=[0.9 * cm, 0.9 * cm, 2 * cm])
    sign.setStyle(TableStyle([("GRID", (0, 0), (-1, -1), 0.4, colors.grey), ("VALIGN", (0, 0), (-1, -1), "TOP")]))
    # The sign-off stays whole, with its heading, on one page.
    story += [KeepTogether([Paragraph(escape(t("reviews.h.sign_off", lang)), styles["Heading2"]), sign])]
    story += [Spacer(1, 0.5 * cm), p(minutes.footer, styles["Italic"])]
    out = io.BytesIO()
    doc = SimpleDocTemplate(out, pagesize=A4, leftMargin=2 * cm, rightMargin=2 * cm, topMargin=2 * cm,
                            bottomMargin=2 * cm, title=minutes.title, lang=lang)
    doc.build(story, onFirstPage=_page_number, onLaterPages=_page_number)
    return out.getvalue()


_DEJAVU = "/usr/share/fonts/truetype/dejavu"


def _fonts() -> tuple[str, str, str]:
    # DejaVu (Debian's fonts-dejavu-core) writes every character the data may hold (→, ⇄, œ, €);
    # ReportLab's built-in Helvetica knows only Latin-1, so it is the fallback.
    from reportlab.pdfbase import pdfmetrics
    from reportlab.pdfbase.ttfonts import TTFont

    names = ("DejaVuSans", "DejaVuSans-Bold", "DejaVuSans-Oblique")
    if not all(os.path.exists(f"{_DEJAVU}/{n}.ttf") for n in names):
        return "Helvetica", "Helvetica-Bold", "Helvetica-Oblique"
    for n in names:
        if n not in pdfmetrics.getRegisteredFontNames():
            pdfmetrics.registerFont(TTFont(n, f"{_DEJAVU}/{n}.ttf"))
    return names


def _page_number(canvas, doc) -> None:
    # Every page says which page it is: minutes get printed and passed around.
    canvas.saveState()
    canvas.setFont("Helvetica", 8)
    canvas.drawRightString(doc.pagesize[0] - doc.rightMargin, doc.bottomMargin / 2, str(doc.page))
    canvas.restoreState()
