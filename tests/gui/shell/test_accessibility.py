"""Accessibility: every control has a name a screen reader can speak, colour is never the
only carrier of severity or escalation, dialogs tab in reading order, and the interface
grows with the desktop's font size."""

from __future__ import annotations

import itertools
from collections.abc import Callable, Iterator
from datetime import timedelta

import pytest
from PySide6.QtCore import QSettings, Qt
from PySide6.QtGui import QAccessible
from PySide6.QtWidgets import (
    QAbstractButton,
    QAbstractItemView,
    QAbstractSlider,
    QAbstractSpinBox,
    QApplication,
    QComboBox,
    QDialog,
    QHeaderView,
    QLineEdit,
    QPlainTextEdit,
    QTableView,
    QTextEdit,
    QWidget,
)
from pytestqt.qtbot import QtBot

from console.app import App
from console.clock import FakeClock
from console.core.domain import OperatorRef
from tests.gui.helpers import child
from widgets.alerts.dialogs import PromoteDialog, ShelveDialog
from widgets.cases.action_dialogs import DispatchDialog, TextActionDialog
from widgets.cases.new_case_dialog import NewCaseDialog
from widgets.cases.table_model import Column
from widgets.hazards.dialogs import HazardDialog
from widgets.hazards.inspection_dialogs import HazardStatusDialog
from widgets.main_window import MainWindow
from widgets.policies.editor import PolicyEditor
from widgets.rosters.dispatch import DispatchMembersDialog
from widgets.shell import theme
from widgets.shell.command_palette import CommandPalette

INTERACTIVE = (QAbstractButton, QLineEdit, QComboBox, QAbstractSpinBox, QAbstractItemView,
               QPlainTextEdit, QTextEdit, QAbstractSlider)


def _dialogs(app: App, window: MainWindow) -> list[QDialog]:
    return [NewCaseDialog(app, window), DispatchDialog(window), TextActionDialog(window),
            ShelveDialog(window), PromoteDialog(window), HazardDialog(app, None, window),
            HazardStatusDialog(window), PolicyEditor(app, window),
            DispatchMembersDialog(app, window), CommandPalette(app, window.menuBar(), window)]


def _unnamed(root: QWidget) -> list[str]:
    """Our controls (they carry an objectName; Qt's own parts start with ``qt_``) that a
    screen reader would announce without a name: no accessibleName, no text, no label
    buddy."""
    found = []
    for w in [root, *root.findChildren(QWidget)]:
        name = w.objectName()
        if not isinstance(w, INTERACTIVE) or not name or name.startswith("qt_"):
            continue
        iface = QAccessible.queryAccessibleInterface(w)
        spoken = iface.text(QAccessible.Text.Name) if iface is not None else ""
        if not spoken.strip():
            found.append(f"{type(w).__name__} {name}")
    return found


def test_every_control_of_the_window_and_its_dialogs_has_an_accessible_name(
        app: App, main_window: MainWindow) -> None:
    # The panels built when their docks first show, built here (as a click would).
    for panel in (main_window.roster, main_window.hazards, main_window.dashboard):
        assert panel.parent() is not None
    assert _unnamed(main_window) == []
    for dialog in _dialogs(app, main_window):
        assert _unnamed(dialog) == [], type(dialog).__name__


def _focus_chain(dialog: QDialog) -> list[QWidget]:
    """The widgets Tab visits, in order, starting from the dialog."""
    out: list[QWidget] = []
    seen: set[int] = set()
    w = dialog.nextInFocusChain()
    while w is not dialog and id(w) not in seen:
        seen.add(id(w))
        if (w.isVisible() and w.isEnabled() and w.window() is dialog
                and w.focusPolicy() & Qt.FocusPolicy.TabFocus
                and not w.objectName().startswith("qt_")
                and not isinstance(w.parent(), QComboBox | QAbstractSpinBox)):
            out.append(w)
        w = w.nextInFocusChain()
    return out


def test_dialogs_tab_in_reading_order(qtbot: QtBot, app: App, main_window: MainWindow) -> None:
    """Tab goes down the form, left to right within a row, and ends on the buttons."""
    for dialog in _dialogs(app, main_window):
        dialog.show()
        qtbot.waitExposed(dialog)
        places = [(w.mapTo(dialog, w.rect().topLeft()), w) for w in _focus_chain(dialog)]
        assert len(places) >= 2, type(dialog).__name__
        for (a, wa), (b, wb) in itertools.pairwise(places):
            same_row = abs(a.y() - b.y()) < wa.height() // 2
            assert (b.x() > a.x()) if same_row else (b.y() > a.y()), \
                f"{type(dialog).__name__}: Tab goes from {wa.objectName()} to {wb.objectName()}"
        dialog.hide()


def test_severity_and_escalation_are_written_not_only_coloured(
        qtbot: QtBot, app: App, officer: OperatorRef, clock: FakeClock,
        main_window: MainWindow) -> None:
    case = app.cases.report(officer, title="Gas smell in stairwell", category="fire",
                            severity=1, grid="XH-03")
    clock.advance(timedelta(hours=6))
    app.deadlines.backfill()
    app.escalation.sweep()
    main_window.board.reload()
    table = child(main_window, QTableView, "caseTable")
    model = table.model()

    def row_texts() -> list[str] | None:
        for r in range(model.rowCount()):
            texts = [str(model.index(r, c).data() or "") for c in range(model.columnCount())]
            if texts[Column.REF].endswith(case.reference):
                return texts
        return None

    qtbot.waitUntil(lambda: row_texts() is not None and "▲" in row_texts()[Column.LEVEL])
    texts = row_texts()
    assert texts is not None
    assert texts[Column.SEV] == "1 Critical"  # the number and the word, beside the colour
    assert texts[Column.LEVEL] in {"▲2", "▲3"}
    level_tip = model.index(0, Column.LEVEL).data(Qt.ItemDataRole.ToolTipRole)
    assert level_tip is None or isinstance(level_tip, str)
    # The alert panel's severity column says the CAP word (Extreme … Minor) and the
    # hazard registry's level column its words: tests/gui/alerts/test_alert_panel.py and
    # test_registry_shows_levels_in_words_and_colours_and_the_countdown.


@pytest.fixture
def twice_the_font(monkeypatch: pytest.MonkeyPatch, qapp: QApplication) -> Iterator[None]:
    """A desktop whose font is twice the usual size (a 4K wall, a large-print setting)."""
    monkeypatch.setattr(theme, "system_point_size", lambda: 2 * theme.NOMINAL_SYSTEM_PT)
    theme.apply_theme(qapp, theme.Theme.DARK)
    yield
    monkeypatch.undo()
    theme.apply_theme(qapp, theme.Theme.DARK)


def test_twice_the_font_keeps_the_column_titles_whole(
        twice_the_font: None, open_window: Callable[[QSettings], MainWindow],
        settings: QSettings, qapp: QApplication) -> None:
    assert qapp.font().pointSizeF() == pytest.approx(2 * theme.BASE_PT)
    window = open_window(settings)
    window.resize(3000, 1800)
    assert window.hazards.isWindow() is False  # the registry, built as its tab would
    clipped = []
    for name in ("caseTable", "alertTable", "hazardTable"):
        table = child(window, QTableView, name)
        header = table.horizontalHeader()
        assert header.font().pointSizeF() >= 1.9 * theme.BASE_PT
        metrics = header.fontMetrics()
        assert table.verticalHeader().defaultSectionSize() >= metrics.height()
        model = table.model()
        for column in range(model.columnCount()):
            if (header.isSectionHidden(column)
                    or header.sectionResizeMode(column) is QHeaderView.ResizeMode.Stretch):
                continue
            title = str(model.headerData(column, Qt.Orientation.Horizontal))
            if header.sectionSize(column) < metrics.horizontalAdvance(title):
                clipped.append((name, title, header.sectionSize(column)))
    assert clipped == []
