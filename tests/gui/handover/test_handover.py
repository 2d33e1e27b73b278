"""The shift handover as officers use it: the prompt near shift end, the dialog, both
signatures, the PDF, the history, the case replay, and flags on timeline and alerts."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta
from pathlib import Path
from zoneinfo import ZoneInfo

import pytest
from PySide6.QtCore import QDate
from PySide6.QtWidgets import (
    QDateTimeEdit,
    QDialog,
    QFileDialog,
    QLabel,
    QLineEdit,
    QPlainTextEdit,
    QPushButton,
    QTableWidget,
    QToolButton,
    QTreeWidget,
)
from pytestqt.qtbot import QtBot

from console.app import App, open_app
from console.clock import FakeClock
from console.core.domain import OperatorRef, Role
from tests.gui.helpers import child, click
from widgets.main_window import MainWindow

PASSWORD = "correct horse battery"
ZONE = ZoneInfo("Asia/Shanghai")


def local(day: int, hour: int, minute: int = 0) -> datetime:
    return datetime(2026, 11, day, hour, minute, tzinfo=ZONE).astimezone(UTC)


def incoming_officer(app: App, outgoing: OperatorRef) -> OperatorRef:
    admin = next(o for o in app.operators.list() if o.role is Role.ADMIN)
    other = next(o for o in app.operators.list()
                 if o.role is Role.DUTY_OFFICER and o.id != outgoing.id)
    app.operators.set_password(admin, other.username, PASSWORD)
    return other


def handover_dialog(window: MainWindow) -> QDialog:
    shown = [d for d in window.findChildren(QDialog, "handoverDialog") if d.isVisible()]
    assert len(shown) == 1
    return shown[0]


def test_a_shift_is_handed_over_and_read_back(
        qtbot: QtBot, main_window: MainWindow, app: App, officer: OperatorRef,
        clock: FakeClock, tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    incoming = incoming_officer(app, officer)
    ref = app.cases.report(officer, title="Smoke from a kitchen", category="fire",
                           severity=1, grid="XH-04").reference
    reported_at = clock.now()
    clock.advance(timedelta(minutes=2))
    app.cases.note(officer, ref, "Caller says the smoke is black")

    # Flag the note on the case's timeline.
    window = main_window
    window.detail.show_case_id(app.cases.get(ref).row.id)
    timeline = child(window, QTreeWidget, "caseTimeline")
    note_item = next(timeline.topLevelItem(i) for i in range(timeline.topLevelItemCount())
                     if "black" in timeline.topLevelItem(i).text(3))
    timeline.setCurrentItem(note_item)
    flag = next(a for a in timeline.actions()
                if a.objectName() == "flagTimelineSignificantAction")
    assert flag.isEnabled()
    flag.trigger()
    qtbot.waitUntil(lambda: any(
        "★" in timeline.topLevelItem(i).text(2) for i in range(timeline.topLevelItemCount())))

    # Half an hour before the shift ends the console asks, without taking focus.
    clock.set(local(22, 19, 31))
    app.escalation.sweep()
    prompt = child(window, QToolButton, "handoverPromptOpen")
    assert not prompt.isVisible()
    app.handovers.check_due()
    qtbot.waitUntil(prompt.isVisible)
    assert "Day shift" in child(window, QLabel, "handoverPromptText").text()
    click(qtbot, prompt)
    dialog = handover_dialog(window)

    cases = child(dialog, QTableWidget, "handoverCasesTable")
    assert cases.rowCount() == 1
    assert cases.item(0, 0).text() == ref
    significant = child(dialog, QTableWidget, "handoverSignificantTable")
    assert significant.rowCount() == 1
    assert "black" in significant.item(0, 2).text()
    assert child(dialog, QTableWidget, "handoverEscalationsTable").rowCount() >= 3

    notes = child(dialog, QPlainTextEdit, "handoverNotes")
    qtbot.keyClicks(notes, "Fire at XH-04 still open; crew asked for a ladder truck.")
    take_over = child(dialog, QPushButton, "handoverTakeOverButton")
    assert not take_over.isEnabled()
    sign_out = child(dialog, QPushButton, "handoverSignOutButton")
    click(qtbot, sign_out)  # signing cannot be undone: the first click only asks
    assert "cannot be undone" in child(dialog, QLabel, "handoverMessage").text()
    assert app.handovers.get(dialog.record.id).outgoing_signed_at is None
    click(qtbot, child(dialog, QPushButton, "handoverSignOutCancel"))  # not yet
    assert sign_out.text() == "Sign as outgoing"
    assert not notes.isReadOnly()
    qtbot.keyClicks(notes, " Pump 2 is back.")
    click(qtbot, sign_out)
    qtbot.keyClicks(notes, " Gate code changed.")  # writing again takes the question back
    assert not child(dialog, QPushButton, "handoverSignOutCancel").isVisible()
    click(qtbot, sign_out)
    click(qtbot, sign_out)  # asked, confirmed
    assert officer.display_name in child(dialog, QLabel, "handoverOutgoingSignature").text()
    assert notes.isReadOnly()
    assert app.handovers.get(dialog.record.id).notes.endswith("Gate code changed.")

    clock.set(local(22, 20, 2))
    qtbot.keyClicks(child(dialog, QLineEdit, "handoverIncomingUser"), incoming.username)
    qtbot.keyClicks(child(dialog, QLineEdit, "handoverIncomingPassword"), PASSWORD)
    click(qtbot, take_over)
    assert incoming.display_name in child(dialog, QLabel, "handoverIncomingSignature").text()
    # The incoming officer now acts at this console.
    assert app.operator.id == incoming.id
    assert incoming.display_name in child(window, QLabel, "statusOperator").text()

    out = tmp_path / "handover.pdf"
    monkeypatch.setattr(QFileDialog, "getSaveFileName",
                        lambda *args, **kwargs: (str(out), "PDF (*.pdf)"))
    click(qtbot, child(dialog, QPushButton, "handoverExportButton"))
    assert out.read_bytes().startswith(b"%PDF")
    click(qtbot, child(dialog, QPushButton, "handoverCloseButton"))
    qtbot.waitUntil(lambda: not window.findChildren(QDialog, "handoverDialog"))

    # A reviewer finds it in the history and opens it as signed.
    toggle = next(a for a in window.findChildren(type(window.handover.toggle_action))
                  if a.objectName() == "toggleHandoverHistoryDock")
    if not window.handover.dock.isVisible():
        toggle.trigger()
    window.handover.dock.raise_()
    history = window.handover.history
    click(qtbot, child(history, QPushButton, "handoverHistoryShow"))
    table = child(history, QTableWidget, "handoverHistoryTable")
    qtbot.waitUntil(lambda: table.rowCount() == 1)
    assert table.item(0, 0).text() == "Day shift"  # 白班 in Chinese
    status = child(history, QLabel, "handoverHistoryStatus")
    qtbot.waitUntil(lambda: status.text() != "Reading…")
    assert status.text() == "1 handover"
    table.selectRow(0)
    click(qtbot, child(history, QPushButton, "handoverHistoryOpen"))
    signed = handover_dialog(window)
    assert child(signed, QPlainTextEdit, "handoverNotes").toPlainText() == (
        "Fire at XH-04 still open; crew asked for a ladder truck. Pump 2 is back. "
        "Gate code changed.")
    assert not child(signed, QPushButton, "handoverSignOutButton").isEnabled()
    assert not child(signed, QPushButton, "handoverTakeOverButton").isEnabled()
    assert child(signed, QTableWidget, "handoverCasesTable").rowCount() == 1
    signed.close()

    # The replay shows the case as the board showed it right after its report.
    history.show_replay()
    qtbot.keyClicks(child(history, QLineEdit, "replayReference"), ref)
    moment = child(history, QDateTimeEdit, "replayMoment")
    moment.setDateTime(moment.dateTime().fromSecsSinceEpoch(
        int((reported_at + timedelta(minutes=1)).timestamp())))
    click(qtbot, child(history, QPushButton, "replayShow"))
    state = child(history, QLabel, "replayState")
    qtbot.waitUntil(lambda: ref in state.text() and "events so far" in state.text())
    assert "Reported" in state.text()
    notes_then = child(history, QTableWidget, "replayNotes")
    assert notes_then.rowCount() == 0  # the note came a minute later


def test_the_file_menu_opens_the_handover_read_only_for_a_reviewer(
        qtbot: QtBot, main_window: MainWindow, app: App) -> None:
    reviewer = next(o for o in app.operators.list() if o.role is Role.REVIEWER)
    app.act_as(reviewer.username)
    main_window.handover.action.trigger()
    dialog = handover_dialog(main_window)
    assert not child(dialog, QPushButton, "handoverSignOutButton").isEnabled()
    message = child(dialog, QLabel, "handoverMessage")
    assert "write handovers" in message.text()
    assert message.isVisible()
    assert main_window.handover.action.shortcut().toString() == "Ctrl+Shift+H"


def test_an_alert_is_flagged_from_the_alert_table(
        qtbot: QtBot, main_window: MainWindow, app: App, officer: OperatorRef,
        clock: FakeClock) -> None:
    app.cases.report(officer, title="Smoke from a kitchen", category="fire", severity=1,
                     grid="XH-04")
    clock.advance(timedelta(minutes=10))
    app.escalation.sweep()
    panel = main_window.alerts
    qtbot.waitUntil(lambda: panel.model.rowCount() > 0)
    panel.table.selectRow(0)
    selected = panel.selected_alert()
    assert selected is not None
    action = main_window.handover.alert_flagging.action
    assert action in panel.table.actions()
    action.trigger()
    assert app.significant.is_alert_flagged(selected.id)
    assert "flagged significant" in main_window.statusBar().currentMessage()
    action.trigger()
    assert "already flagged" in main_window.statusBar().currentMessage()


def test_the_history_lists_a_handover_signed_on_another_seat_by_itself(
        qtbot: QtBot, main_window: MainWindow, app: App, db_url: str,
        clock: FakeClock, officer: OperatorRef) -> None:
    controls = main_window.handover
    controls.dock.show()
    controls.dock.raise_()
    history = controls.history
    history.set_dates(QDate(2026, 11, 1), QDate(2026, 11, 30))
    history.reload()
    qtbot.waitUntil(lambda: history.handover_ids() == [], timeout=10_000)

    seat = open_app(db_url, clock)  # the other seat: its own connections, same database
    try:
        proposed = seat.handovers.propose(officer)
        assert proposed.id is not None
        seat.handovers.sign_out(officer, proposed.id, "Quiet night; watch XH-16.")
    finally:
        seat.close()
    # Nobody pressed Show: the change feed told this console.
    qtbot.waitUntil(lambda: proposed.id in history.handover_ids(), timeout=15_000)
