"""Writes a ``console.reports.document.Report`` as an A4 PDF: text and tables laid out by Qt,
charts drawn."""

from __future__ import annotations

import html
import math
import os
import sys
from pathlib import Path

from PySide6.QtCore import QCoreApplication, QMarginsF, QPointF, QRectF, QSizeF, Qt, QUrl
from PySide6.QtGui import (
    QColor,
    QFont,
    QFontMetricsF,
    QGuiApplication,
    QImage,
    QPageLayout,
    QPageSize,
    QPainter,
    QPdfWriter,
    QPen,
    QTextDocument,
)
from PySide6.QtWidgets import QApplication

from console.core.local_time import in_zone, zone_named
from console.reports.document import Report, ReportChart, ReportParagraph, ReportTable

# Latin from DejaVu (TrueType: digits stay searchable in the PDF, which Qt's embedding of
# the CJK fonts' CFF outlines does not give), then the CJK family Debian's fonts-noto-cjk
# installs, so Chinese never prints as empty boxes. Text extracted from the PDF may show
# some ideographs as their Kangxi-radical twins (网 as ⽹): compare after NFKC normalising.
FONT_FAMILIES = ["DejaVu Sans", "Noto Sans CJK SC", "Noto Sans SC", "Noto Sans"]
# Print-friendly series colours (distinct in grey scale too: light to dark).
SERIES_COLOURS = ["#4c78a8", "#f58518", "#54a24b", "#b279a2", "#e45756", "#72b7b2"]
CHART_SIZE = (1800, 720)  # pixels of the drawn chart; printed 170 mm wide
CHART_WIDTH_PT = 480

_own_app: QApplication | None = None


def ensure_gui_application(on_screen: bool = False) -> None:
    """Fonts and painting need a QGuiApplication; the command line has none, so make one
    (offscreen unless the caller chose a platform, or ``on_screen``: a window opens next,
    as the demo's does after its set-up lines). A QApplication, so that widgets made
    later in the same process (a test run, a console opened after a report) still work."""
    global _own_app
    if QGuiApplication.instance() is None:
        if not on_screen:
            os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")
        _own_app = QApplication(sys.argv if on_screen else ["watchroom-report"])


def report_font(point_size: float = 9.5) -> QFont:
    font = QFont()
    font.setFamilies(FONT_FAMILIES)
    font.setPointSizeF(point_size)
    return font


def write_pdf(report: Report, path: Path) -> None:
    """Write ``report`` to ``path`` as an A4 PDF, 2 cm margins, page numbers at the foot."""
    ensure_gui_application()
    path = Path(path)
    path.parent.mkdir(parents=True, exist_ok=True)
    writer = QPdfWriter(str(path))
    writer.setTitle(report.title)
    writer.setCreator("Watchroom")
    writer.setResolution(300)
    writer.setPageLayout(QPageLayout(
        QPageSize(QPageSize.PageSizeId.A4), QPageLayout.Orientation.Portrait,
        QMarginsF(0, 0, 0, 0), QPageLayout.Unit.Millimeter))
    # The document keeps Qt's own 2 cm page margins (and puts page numbers in the foot).
    document = build_document(report)
    document.print_(writer)


def build_document(report: Report) -> QTextDocument:
    """The report as a rich-text document, charts attached as image resources."""
    document = QTextDocument()
    document.setDefaultFont(report_font())
    document.setDefaultStyleSheet(
        "h1 { font-size: 17pt; margin-bottom: 2pt; }"
        "h2 { font-size: 12.5pt; margin-top: 14pt; margin-bottom: 4pt; }"
        "h3 { font-size: 10.5pt; margin-top: 8pt; margin-bottom: 3pt; }"
        "p.subtitle { color: #444444; margin-top: 0; }"
        "p.empty { color: #555555; font-style: italic; }"
        "table { border-collapse: collapse; }"
        "th { background-color: #e6e6e6; font-weight: bold; text-align: left; }"
        "th, td { border: 1px solid #999999; padding: 3px; }"
    )
    zone = zone_named(report.timezone)
    generated = f"{in_zone(report.generated_at, zone):%Y-%m-%d %H:%M} ({zone.key})"
    generated_line = QCoreApplication.translate("ReportPdf", "Generated {0}").format(generated)
    parts = [
        f"<h1>{html.escape(report.title)}</h1>",
        f'<p class="subtitle">{html.escape(report.subtitle)}<br/>'
        f"{html.escape(generated_line)}</p>",
    ]
    chart_number = 0
    for section in report.sections:
        parts.append(f"<h2>{html.escape(section.heading)}</h2>")
        for block in section.blocks:
            if isinstance(block, ReportParagraph):
                for paragraph in block.text.split("\n\n"):
                    text = html.escape(paragraph).replace("\n", "<br/>")
                    parts.append(f"<p>{text}</p>")
            elif isinstance(block, ReportTable):
                parts.append(_table_html(block))
            else:
                chart_number += 1
                url = QUrl(f"chart:{chart_number}")
                document.addResource(
                    QTextDocument.ResourceType.ImageResource, url, render_chart(block))
                parts.append(f"<h3>{html.escape(block.title)}</h3>")
                parts.append(f'<p><img src="{url.toString()}" width="{CHART_WIDTH_PT}"/></p>')
    document.setHtml("".join(parts))
    return document


def _table_html(table: ReportTable) -> str:
    out = []
    if table.title:
        out.append(f"<h3>{html.escape(table.title)}</h3>")
    if not table.rows:
        out.append(f'<p class="empty">{html.escape(table.empty_text)}</p>')
        return "".join(out)
    out.append('<table width="100%" cellspacing="0" cellpadding="3"><thead><tr>')
    out.extend(f"<th>{html.escape(c)}</th>" for c in table.columns)
    out.append("</tr></thead><tbody>")
    for row in table.rows:
        out.append("<tr>" + "".join(f"<td>{html.escape(c)}</td>" for c in row) + "</tr>")
    out.append("</tbody></table>")
    return "".join(out)


def render_chart(chart: ReportChart, size: tuple[int, int] = CHART_SIZE) -> QImage:
    """Draw ``chart`` on a white image: axes, grid lines, bars or lines, labels, legend."""
    ensure_gui_application()
    width, height = size
    image = QImage(width, height, QImage.Format.Format_ARGB32)
    image.fill(QColor("white"))
    painter = QPainter(image)
    try:
        painter.setRenderHint(QPainter.RenderHint.Antialiasing)
        font = report_font()
        font.setPixelSize(30)
        painter.setFont(font)
        metrics = QFontMetricsF(font)
        _draw_chart(painter, metrics, chart, QSizeF(width, height))
    finally:
        painter.end()
    return image


def axis_ticks(peak: float) -> list[float]:
    """Round tick values from 0 to at or above ``peak``: steps of 1, 2, 2.5 or 5 × 10ⁿ,
    four to six of them."""
    if peak <= 0:
        return [0.0, 1.0]
    raw = peak / 4
    magnitude = 10 ** math.floor(math.log10(raw))
    step = next(m * magnitude for m in (1, 2, 2.5, 5, 10) if m * magnitude >= raw)
    count = math.ceil(peak / step - 1e-9)
    return [step * i for i in range(count + 1)]


def _number(value: float) -> str:
    return f"{value:.0f}" if value == int(value) else f"{value:g}"


def _draw_chart(painter: QPainter, metrics: QFontMetricsF, chart: ReportChart,
                size: QSizeF) -> None:
    legend_h = metrics.height() * 1.6 if len(chart.series) > 1 else 0.0
    left = metrics.horizontalAdvance("00000") + metrics.height() * (1.4 if chart.y_label else 0)
    plot = QRectF(left + 10, 20 + legend_h, size.width() - left - 40,
                  size.height() - 40 - legend_h - metrics.height() * 2.2)
    ticks = axis_ticks(chart.peak)
    top = ticks[-1]
    axis_pen = QPen(QColor("#333333"), 2)
    grid_pen = QPen(QColor("#d0d0d0"), 1)
    text_colour = QColor("#222222")

    # Grid lines and y labels.
    for i, value in enumerate(ticks):
        y = plot.bottom() - plot.height() * value / top
        painter.setPen(grid_pen if i else axis_pen)
        painter.drawLine(QPointF(plot.left(), y), QPointF(plot.right(), y))
        painter.setPen(text_colour)
        label = _number(value)
        painter.drawText(QPointF(plot.left() - 10 - metrics.horizontalAdvance(label),
                                 y + metrics.ascent() / 2.5), label)
    painter.setPen(axis_pen)
    painter.drawLine(plot.bottomLeft(), plot.topLeft())
    if chart.y_label:
        painter.save()
        painter.translate(metrics.height(), plot.center().y())
        painter.rotate(-90)
        painter.setPen(text_colour)
        painter.drawText(QPointF(-metrics.horizontalAdvance(chart.y_label) / 2, 0), chart.y_label)
        painter.restore()

    count = len(chart.labels)
    if count:
        slot = plot.width() / count
        # X labels: as many as fit without overlapping.
        widest = max(metrics.horizontalAdvance(label) for label in chart.labels) + 12
        every = max(1, int(widest // slot) + 1)
        painter.setPen(text_colour)
        for i, label in enumerate(chart.labels):
            if i % every:
                continue
            x = plot.left() + slot * (i + 0.5) - metrics.horizontalAdvance(label) / 2
            painter.drawText(QPointF(x, plot.bottom() + metrics.height() * 1.2), label)
        series_count = max(1, len(chart.series))
        for index, (_name, values) in enumerate(chart.series):
            colour = QColor(SERIES_COLOURS[index % len(SERIES_COLOURS)])
            if chart.kind == "bar":
                bar_w = slot * 0.8 / series_count
                painter.setPen(Qt.PenStyle.NoPen)
                painter.setBrush(colour)
                for i, value in enumerate(values):
                    h = plot.height() * max(0.0, value) / top
                    x = plot.left() + slot * (i + 0.1) + bar_w * index
                    painter.drawRect(QRectF(x, plot.bottom() - h, bar_w, h))
            else:
                painter.setPen(QPen(colour, 4))
                painter.setBrush(Qt.BrushStyle.NoBrush)
                points = [QPointF(plot.left() + slot * (i + 0.5),
                                  plot.bottom() - plot.height() * max(0.0, v) / top)
                          for i, v in enumerate(values)]
                painter.drawPolyline(points)
                painter.setBrush(colour)
                for point in points:
                    painter.drawEllipse(point, 5, 5)
    if len(chart.series) > 1:
        x = plot.left()
        y = 12.0
        for index, (name, _values) in enumerate(chart.series):
            colour = QColor(SERIES_COLOURS[index % len(SERIES_COLOURS)])
            painter.setPen(Qt.PenStyle.NoPen)
            painter.setBrush(colour)
            painter.drawRect(QRectF(x, y, metrics.height() * 0.8, metrics.height() * 0.8))
            painter.setPen(text_colour)
            painter.drawText(QPointF(x + metrics.height(), y + metrics.ascent() * 0.8), name)
            x += metrics.height() * 2 + metrics.horizontalAdvance(name)
    if not chart.peak:
        painter.setPen(text_colour)
        painter.drawText(plot, Qt.AlignmentFlag.AlignCenter,
                         QCoreApplication.translate("ReportPdf", "No data in this period."))
