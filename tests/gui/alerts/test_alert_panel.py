"""The alert panel: order, flashing, acknowledge, shelve, promote, refusals, live bursts."""

from __future__ import annotations

import json
import sqlite3
from collections.abc import Iterator
from datetime import timedelta
from itertools import pairwise
from pathlib import Path

import pytest
from PySide6.QtCore import QEventLoop, QSettings, Qt, QTimer
from PySide6.QtWidgets import (
    QApplication,
    QComboBox,
    QLabel,
    QLineEdit,
    QPlainTextEdit,
    QPushButton,
    QRadioButton,
    QTableView,
)
from pytestqt.qtbot import QtBot
from sqlalchemy import select

from console.alerts.service import AlertRow, AlertStatus
from console.app import App
from console.clock import FakeClock
from console.core.domain import Category, ChangeEvent, OperatorRef, Role, Severity
from console.core.errors import ConflictError
from db.models import Alert
from tests.gui.helpers import child, click, open_dialog
from widgets.alerts import manager as alert_manager
from widgets.alerts.dialogs import PromoteDialog, ShelveDialog
from widgets.alerts.feed import ROWS_CHUNK, AlertRowReader
from widgets.alerts.model import AlertColumn
from widgets.alerts.panel import AlertPanel
from widgets.changes.bus import ChangeBus

SMOKE = {"event": "Smoke", "category": "Fire", "lat": 30.296, "lon": 120.1545}


def _add(app: App, tmp_path: Path, *records: dict[str, object]) -> list[int]:
    """Import JSON-lines records as a feed would; the new alerts' ids in file order."""
    path = tmp_path / f"feed{len(list(tmp_path.iterdir()))}.jsonl"
    path.write_text("".join(json.dumps(r) + "\n" for r in records))
    report = app.importer.import_file(path)
    assert report.ok, report.format()
    keys = [f"{r.get('source', 'feed')}:{r['id']}" for r in records]
    with app.db.read() as s:
        found = {key: aid for key, aid in s.execute(
            select(Alert.dedup_key, Alert.id).where(Alert.dedup_key.in_(keys)))}
    return [found[k] for k in keys]


@pytest.fixture
def make_panel(qtbot: QtBot, app: App, settings: QSettings) -> Iterator[type[AlertPanel]]:
    panels: list[AlertPanel] = []

    def make() -> AlertPanel:
        panel = AlertPanel(app, ChangeBus(app), settings)
        qtbot.addWidget(panel)
        panel.resize(900, 700)
        panel.show()
        with qtbot.waitActive(panel):
            panel.activateWindow()
        panels.append(panel)
        return panel

    yield make  # type: ignore[misc]
    for panel in panels:
        panel.stop()


def _shown_ids(panel: AlertPanel) -> list[int]:
    proxy = panel.proxy
    return [panel.model.row_at(proxy.mapToSource(proxy.index(r, 0)).row()).id
            for r in range(proxy.rowCount())]


def _click_alert(qtbot: QtBot, panel: AlertPanel, alert_id: int) -> None:
    pos = panel.model.row_of(alert_id)
    assert pos is not None, f"alert {alert_id} is not in the panel"
    index = panel.proxy.mapFromSource(panel.model.index(pos, 0))
    assert index.isValid(), f"alert {alert_id} is filtered out"
    table = child(panel, QTableView, "alertTable")
    table.scrollTo(index)
    qtbot.mouseClick(table.viewport(), Qt.MouseButton.LeftButton,
                     pos=table.visualRect(index).center())
    assert panel.selected_alert() is not None
    assert panel.selected_alert().id == alert_id


def _press_f2(qtbot: QtBot, panel: AlertPanel) -> None:
    panel.table.setFocus()
    qtbot.keyClick(panel.table, Qt.Key.Key_F2)


def _wait_applied(qtbot: QtBot, panel: AlertPanel) -> None:
    panel.poll()
    qtbot.waitUntil(lambda: not panel.busy, timeout=5000)


def test_newest_and_most_severe_first(make_panel, app: App, clock: FakeClock,
                                      tmp_path: Path, qtbot: QtBot) -> None:
    moderate = _add(app, tmp_path, {**SMOKE, "id": "M", "severity": "Moderate"})[0]
    clock.advance(timedelta(minutes=1))
    severe_old = _add(app, tmp_path, {**SMOKE, "id": "S1", "severity": "Severe"})[0]
    clock.advance(timedelta(minutes=1))
    minor = _add(app, tmp_path, {**SMOKE, "id": "m", "severity": "Minor"})[0]
    clock.advance(timedelta(minutes=1))
    severe_new = _add(app, tmp_path, {**SMOKE, "id": "S2", "severity": "Severe"})[0]
    panel = make_panel()
    assert _shown_ids(panel) == [severe_new, severe_old, moderate, minor]
    clock.advance(timedelta(minutes=1))
    extreme = _add(app, tmp_path, {**SMOKE, "id": "X", "severity": "Extreme"})[0]
    _wait_applied(qtbot, panel)
    assert _shown_ids(panel) == [extreme, severe_new, severe_old, moderate, minor]
    sev = panel.proxy.index(0, 0).data()
    assert sev == "Extreme"
    assert panel.proxy.index(0, 0).data(Qt.ItemDataRole.ForegroundRole) is not None


def test_filters_by_severity_and_status(make_panel, app: App, tmp_path: Path) -> None:
    severe, minor = _add(app, tmp_path, {**SMOKE, "id": "S", "severity": "Severe"},
                         {**SMOKE, "id": "m", "severity": "Minor"})
    panel = make_panel()
    severity = child(panel, QComboBox, "alertSeverityFilter")
    severity.setCurrentIndex(severity.findData("Minor"))
    assert _shown_ids(panel) == [minor]
    severity.setCurrentIndex(0)
    app.alerts.resolve(app.operator, severe)
    panel.enqueue_rows(app.alerts.rows_by_ids([severe]))
    QApplication.processEvents()
    assert _shown_ids(panel) == [minor]
    status = child(panel, QComboBox, "alertStatusFilter")
    status.setCurrentIndex(status.findData("resolved"))
    assert _shown_ids(panel) == [severe]
    source = child(panel, QComboBox, "alertSourceFilter")
    assert source.findData("feed") >= 0, "a source seen in the alerts is offered"


def test_f2_acknowledges_and_stops_the_flashing(make_panel, app: App, tmp_path: Path,
                                                qtbot: QtBot) -> None:
    aid = _add(app, tmp_path, {**SMOKE, "id": "X", "severity": "Extreme"})[0]
    panel = make_panel()
    badge = child(panel, QLabel, "alertAttention")
    assert panel.flashing
    assert badge.isVisible()
    assert "1 unacknowledged critical" in badge.text()
    _click_alert(qtbot, panel, aid)
    assert "F2" in child(panel, QPushButton, "alertAcknowledge").toolTip()
    _press_f2(qtbot, panel)
    row = panel.model.alert(aid)
    assert row is not None
    assert row.status is AlertStatus.ACKNOWLEDGED
    assert app.alerts.get(aid).row.status is AlertStatus.ACKNOWLEDGED
    assert not panel.flashing
    assert not badge.isVisible()
    assert panel.model.index(panel.model.row_of(aid) or 0, 0).data(
        Qt.ItemDataRole.BackgroundRole) is None
    assert child(panel, QLabel, "alertDetail_acknowledged").text().startswith(
        app.operator.display_name)


def test_shelve_for_an_hour_and_back(make_panel, app: App, clock: FakeClock,
                                     tmp_path: Path, qtbot: QtBot) -> None:
    aid = _add(app, tmp_path, {**SMOKE, "id": "S", "severity": "Severe"})[0]
    panel = make_panel()
    _click_alert(qtbot, panel, aid)
    click(qtbot, child(panel, QPushButton, "alertShelve"))
    dialog = open_dialog(panel, ShelveDialog, "shelveDialog")
    click(qtbot, child(dialog, QRadioButton, "shelve1h"))
    click(qtbot, dialog.ok_button)
    assert app.alerts.get(aid).row.status is AlertStatus.SHELVED
    assert aid not in _shown_ids(panel), "shelved alerts are not active"
    clock.advance(timedelta(minutes=59))
    assert panel.run_timers() == 0
    clock.advance(timedelta(minutes=2))
    assert panel.run_timers() == 1
    qtbot.waitUntil(lambda: aid in _shown_ids(panel), timeout=3000)
    row = panel.model.alert(aid)
    assert row is not None
    assert row.status is AlertStatus.NEW
    assert panel.flashing


def test_promote_prefills_and_links_a_case(make_panel, app: App, tmp_path: Path,
                                           qtbot: QtBot) -> None:
    aid = _add(app, tmp_path, {**SMOKE, "id": "F", "severity": "Severe",
                               "headline": "Kitchen fire, 3rd floor"})[0]
    panel = make_panel()
    _click_alert(qtbot, panel, aid)
    row = panel.selected_alert()
    assert row is not None
    assert row.grid_code
    click(qtbot, child(panel, QPushButton, "alertPromote"))
    dialog = open_dialog(panel, PromoteDialog, "promoteDialog")
    title = child(dialog, QLineEdit, "promoteTitle")
    assert title.text() == "Kitchen fire, 3rd floor"
    assert child(dialog, QComboBox, "promoteCategory").currentData() == Category.FIRE.value
    assert child(dialog, QComboBox, "promoteSeverity").currentData() == int(Severity.HIGH)
    assert child(dialog, QComboBox, "promoteGrid").currentData() == row.grid_code
    title.clear()
    assert not dialog.ok_button.isEnabled(), "a case needs a title"
    qtbot.keyClicks(title, "Kitchen fire at block 3")
    assert dialog.ok_button.isEnabled()
    with qtbot.waitSignal(panel.case_promoted) as promoted:
        click(qtbot, dialog.ok_button)
    reference = promoted.args[0]
    case = app.cases.get(reference)
    assert case.row.title == "Kitchen fire at block 3"
    linked = panel.model.alert(aid)
    assert linked is not None
    assert linked.case_reference == reference
    assert reference in child(panel, QLabel, "alertMessage").text()
    assert child(panel, QLabel, "alertDetail_case").text() == reference


def test_a_hazard_alert_promotes_to_the_case_a_person_would_write(
        make_panel, app: App, clock: FakeClock, qtbot: QtBot) -> None:
    manager = next(o for o in app.operators.list() if o.role is Role.COORDINATOR)
    app.hazards.register(manager, code="HZ-0012", name="Riverside petrol station",
                         kind="gas_station", grid="XH-07", likelihood=4, severity=5,
                         inspection_interval_days=30)
    clock.advance(timedelta(days=30))
    assert [e.level for e in app.escalation.sweep()] == [1, 2]  # coming due, overdue
    with app.db.read() as s:
        aid = s.scalar(select(Alert.id).where(Alert.source == "hazard",
                                              Alert.headline.like("%: inspection overdue%")))
    panel = make_panel()
    _click_alert(qtbot, panel, aid)
    click(qtbot, child(panel, QPushButton, "alertPromote"))
    dialog = open_dialog(panel, PromoteDialog, "promoteDialog")
    assert child(dialog, QLineEdit, "promoteTitle").text() == \
        "Gas station HZ-0012: inspection overdue"
    assert child(dialog, QComboBox, "promoteCategory").currentData() == Category.FIRE.value
    assert child(dialog, QComboBox, "promoteGrid").currentData() == "XH-07"
    dialog.reject()


def test_the_grid_filter_shows_the_alerts_of_one_grid(
        make_panel, app: App, tmp_path: Path, qtbot: QtBot) -> None:
    placed, elsewhere = _add(app, tmp_path, {**SMOKE, "id": "G1"},
                             {"id": "G2", "event": "Gale", "category": "Met"})
    panel = make_panel()
    qtbot.waitUntil(lambda: {placed, elsewhere} <= set(_shown_ids(panel)))
    row = panel.model.alert(placed)
    assert row is not None
    assert row.grid_code
    picker = child(panel, QComboBox, "alertGridFilter")
    # Typed as a person would: the grid's code, then Enter.
    picker.lineEdit().selectAll()
    qtbot.keyClicks(picker.lineEdit(), row.grid_code)
    qtbot.keyClick(picker.lineEdit(), Qt.Key.Key_Return)
    qtbot.waitUntil(lambda: _shown_ids(panel) == [placed])
    panel.show_grid(None)  # a second click on the map's cell
    qtbot.waitUntil(lambda: {placed, elsewhere} <= set(_shown_ids(panel)))


def test_reviewer_is_refused_inline(make_panel, app: App, reviewer: OperatorRef,
                                    tmp_path: Path, qtbot: QtBot) -> None:
    aid = _add(app, tmp_path, {**SMOKE, "id": "X", "severity": "Extreme"})[0]
    panel = make_panel()
    app.act_as(reviewer.username)
    _click_alert(qtbot, panel, aid)
    _press_f2(qtbot, panel)
    message = child(panel, QLabel, "alertMessage")
    assert message.isVisible()
    assert message.text()
    assert QApplication.activeModalWidget() is None
    assert app.alerts.get(aid).row.status is AlertStatus.NEW
    assert panel.flashing


def test_conflict_offers_a_reload(make_panel, app: App, officer: OperatorRef,
                                  tmp_path: Path, qtbot: QtBot) -> None:
    aid = _add(app, tmp_path, {**SMOKE, "id": "X", "severity": "Extreme"})[0]
    panel = make_panel()
    _click_alert(qtbot, panel, aid)
    app.alerts.shelve(officer, aid, app.clock.now() + timedelta(hours=1))  # elsewhere
    _press_f2(qtbot, panel)
    reload = child(panel, QPushButton, "alertReload")
    assert reload.isVisible()
    click(qtbot, reload)
    row = panel.model.alert(aid)
    assert row is not None
    assert row.status is AlertStatus.SHELVED


def test_raw_payload_shown_read_only(make_panel, app: App, tmp_path: Path,
                                     qtbot: QtBot) -> None:
    aid = _add(app, tmp_path, {**SMOKE, "id": "R", "severity": "Minor",
                               "description": "Dense smoke"})[0]
    panel = make_panel()
    _click_alert(qtbot, panel, aid)
    raw = child(panel, QPlainTextEdit, "alertRaw")
    assert raw.isReadOnly()
    assert "Smoke" in raw.toPlainText()
    assert child(panel, QLabel, "alertDetail_description").text() == "Dense smoke"


def test_burst_of_500_without_a_reset(make_panel, app: App, tmp_path: Path,
                                      qtbot: QtBot) -> None:
    first = _add(app, tmp_path, {**SMOKE, "id": "first", "severity": "Minor"})[0]
    panel = make_panel()
    _click_alert(qtbot, panel, first)
    _add(app, tmp_path, *({**SMOKE, "id": f"B{n}", "severity": "Moderate"}
                          for n in range(500)))
    batches: list[int] = []
    panel.model.rowsInserted.connect(lambda _p, a, b: batches.append(b - a + 1))
    with qtbot.assert_not_emitted(panel.model.modelReset), \
            qtbot.assert_not_emitted(panel.proxy.modelReset):
        _wait_applied(qtbot, panel)
    assert panel.model.rowCount() == 501
    assert sum(batches) == 500
    assert max(batches) <= 200
    assert len(batches) >= 3
    selected = panel.selected_alert()
    assert selected is not None
    assert selected.id == first, "selection kept"


def test_a_burst_longer_than_a_turn_arrives_whole_in_order_over_several_passes(
        make_panel, app: App, clock: FakeClock, tmp_path: Path, qtbot: QtBot,
        monkeypatch: pytest.MonkeyPatch) -> None:
    """Each turn does one step (a zero budget), so 300 alerts take many turns: a read of
    40 alerts, their inserts, a paint, the next read... Between turns the event loop runs
    other timers (as it paints and takes input: QTimer.singleShot(0) chains starved
    them), and no alert is lost, doubled or out of order, without a reset."""
    monkeypatch.setattr(alert_manager, "SLICE_BUDGET_S", 0.0)
    first = _add(app, tmp_path, {**SMOKE, "id": "first", "severity": "Minor"})[0]
    panel = make_panel()
    _click_alert(qtbot, panel, first)
    severities = ("Moderate", "Extreme", "Minor", "Severe", "Unknown")
    records = []
    for n in range(300):
        records.append({**SMOKE, "id": f"B{n}", "severity": severities[n % 5]})
    burst = _add(app, tmp_path, *records[:150])
    clock.advance(timedelta(minutes=1))  # the second half is newer
    burst += _add(app, tmp_path, *records[150:])
    # The console's own event loop (exec, as in the application), with another timer
    # that counts its passes and ends the loop once the panel is done.
    loop = QEventLoop()
    ticks = [0]

    def tick() -> None:
        ticks[0] += 1
        if not panel.busy:
            loop.quit()

    other = QTimer(panel)
    other.setTimerType(Qt.TimerType.PreciseTimer)
    other.setInterval(1)
    other.timeout.connect(tick)
    seen_at: list[int] = []  # the other timer's count at each insert
    inserted: list[int] = []
    panel.model.rowsInserted.connect(
        lambda _p, a, b: (inserted.append(b - a + 1), seen_at.append(ticks[0])))
    QTimer.singleShot(10_000, loop.quit)  # a safety net, not a deadline
    with qtbot.assert_not_emitted(panel.model.modelReset), \
            qtbot.assert_not_emitted(panel.proxy.modelReset):
        panel.poll()
        other.start()
        loop.exec()
    other.stop()
    assert not panel.busy
    assert panel.table.updatesEnabled(), "the table paints again after the burst"
    assert sum(inserted) == 300
    assert max(inserted) <= alert_manager.APPLY_CHUNK
    assert len(inserted) >= 300 // alert_manager.APPLY_CHUNK
    assert all(b >= a for a, b in pairwise(seen_at))
    assert sum(b > a for a, b in pairwise(seen_at)) >= (len(seen_at) - 1) // 2, \
        "a 1 ms timer fires between inserts (each insert is a turn of its own)"
    assert sorted(panel.model.row_of(aid) is not None for aid in burst) == [True] * 300
    shown = _shown_ids(panel)
    assert len(shown) == 301
    rank = {"Extreme": 1, "Severe": 2, "Moderate": 3, "Minor": 4, "Unknown": 5}
    rows = [panel.model.alert(aid) for aid in shown]
    keys = [(rank[r.severity], -r.received_at.timestamp()) for r in rows if r is not None]
    assert keys == sorted(keys), "most severe first, newest first within a severity"
    selected = panel.selected_alert()
    assert selected is not None
    assert selected.id == first, "selection kept"


def test_critical_alerts_in_a_burst_are_all_counted_and_flash(
        make_panel, app: App, tmp_path: Path, qtbot: QtBot,
        monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(alert_manager, "SLICE_BUDGET_S", 0.0)
    panel = make_panel()
    assert not panel.flashing
    _add(app, tmp_path, *({**SMOKE, "id": f"X{n}", "severity": s} for n, s in
                          enumerate(("Extreme", "Severe", "Minor") * 40)))
    _wait_applied(qtbot, panel)
    assert panel.flashing
    assert panel.attention_count == 80
    assert "80 unacknowledged critical" in child(panel, QLabel, "alertAttention").text()


def test_a_failed_read_is_shown_and_read_again(make_panel, app: App, tmp_path: Path,
                                               qtbot: QtBot,
                                               monkeypatch: pytest.MonkeyPatch) -> None:
    real_since = app.changes.since
    failures = [1]

    def since(seq: int, limit: int = 5000) -> list[ChangeEvent]:
        if failures[0]:
            failures[0] -= 1
            raise ConflictError("database is locked")
        return real_since(seq, limit)

    monkeypatch.setattr(app.changes, "since", since)
    panel = make_panel()
    aid = _add(app, tmp_path, {**SMOKE, "id": "late", "severity": "Severe"})[0]
    panel.poll()
    message = child(panel, QLabel, "alertMessage")
    qtbot.waitUntil(lambda: message.isVisible(), timeout=3000)
    assert "locked" in message.text()
    assert panel.model.row_of(aid) is None
    _wait_applied(qtbot, panel)
    assert panel.model.row_of(aid) is not None, "the next poll reads what failed"
    assert not message.isVisible(), "the error goes once reading works again"


def test_the_periodic_timers_never_wait_on_the_gui_thread_for_a_writer(
        make_panel, app: App, clock: FakeClock, tmp_path: Path, qtbot: QtBot) -> None:
    """Another process holding SQLite's write lock (an importer in a burst) must not
    freeze the window when the 30 s alert timers come due: they write, in the
    background, once the lock is free."""
    aid = _add(app, tmp_path, {**SMOKE, "id": "S", "severity": "Severe"})[0]
    app.alerts.shelve(app.operator, aid, clock.now() + timedelta(hours=1))
    panel = make_panel()
    assert aid not in _shown_ids(panel)
    clock.advance(timedelta(hours=2))
    tick = panel.findChild(QTimer, "alertTimersTimer")
    assert tick is not None
    holder = None
    if app.db.dialect == "sqlite":
        holder = sqlite3.connect(str(app.db.engine.url.database), isolation_level=None)
        holder.execute("BEGIN IMMEDIATE")  # the write lock, as an importer holds it
    try:
        panel.start()
        tick.timeout.emit()  # returns at once: the run waits for the lock elsewhere
        if holder is not None:
            qtbot.wait(300)  # the event loop keeps running meanwhile
            assert app.alerts.get(aid).row.status is AlertStatus.SHELVED
    finally:
        if holder is not None:
            holder.rollback()
            holder.close()
    qtbot.waitUntil(lambda: aid in _shown_ids(panel), timeout=10_000)
    row = panel.model.alert(aid)
    assert row is not None
    assert row.status is AlertStatus.NEW
    assert panel.flashing


def test_row_reader_reads_each_named_alert_once_and_keeps_its_place_on_failure() -> None:
    named = [100 + n % 70 for n in range(300)]  # 70 alerts, each named several times
    reads: list[list[int]] = []
    broken = [False]

    def rows_by_ids(ids: list[int]) -> list[AlertRow]:
        if broken[0]:
            raise ConflictError("busy")
        reads.append(list(ids))
        return []

    reader = AlertRowReader(rows_by_ids)
    assert reader.idle
    reader.add(named[:150])
    assert reader.queued == 70
    assert reader.step() == []  # the rows of the first chunk
    assert reader.queued == 70 - ROWS_CHUNK
    broken[0] = True
    with pytest.raises(ConflictError):
        reader.step()
    assert reader.queued == 70 - ROWS_CHUNK, "a failed read loses nothing"
    broken[0] = False
    reader.add(named[150:])  # named again while queued (or already read): read once more
    while not reader.idle:
        reader.step()
    assert all(len(r) <= ROWS_CHUNK for r in reads)
    flat = [i for r in reads for i in r]
    assert flat[:70] == list(dict.fromkeys(named)), "each alert once, in the order named"
    assert sorted(flat[70:]) == list(range(100, 100 + ROWS_CHUNK)), \
        "an alert named again after its rows were read is read again, once"


def test_sound_setting_is_saved(make_panel, settings: QSettings) -> None:
    panel = make_panel()
    assert not panel.sound_action.isChecked()
    panel.sound_action.trigger()
    assert settings.value("attention/soundOnCriticalAlert", type=bool) is True


def test_model(make_panel, app: App, tmp_path: Path, qtmodeltester) -> None:
    _add(app, tmp_path, *({**SMOKE, "id": f"Q{n}", "severity": s}
                          for n, s in enumerate(("Extreme", "Minor", "Unknown", "Severe"))))
    panel = make_panel()
    qtmodeltester.check(panel.model)
    qtmodeltester.check(panel.proxy)


def test_an_alert_over_several_grids_is_listed_under_each_and_names_them(
        make_panel, app: App, tmp_path: Path, qtbot: QtBot) -> None:
    # A CAP flood warning whose polygon reaches XH-01, XH-02, XH-07 and XH-08.
    flood = tmp_path / "flood.xml"
    flood.write_text(
        '<alert xmlns="urn:oasis:names:tc:emergency:cap:1.2"><identifier>F-1</identifier>'
        "<sender>hz-met</sender><sent>2026-11-22T08:00:00+08:00</sent><status>Actual"
        "</status><msgType>Alert</msgType><scope>Public</scope><info><category>Met"
        "</category><event>Flood</event><urgency>Immediate</urgency><severity>Severe"
        "</severity><certainty>Likely</certainty><headline>Canal flooding</headline>"
        "<area><areaDesc>Canal corner</areaDesc><polygon>30.288,120.153 30.288,120.165 "
        "30.298,120.165 30.298,120.153 30.288,120.153</polygon></area></info></alert>",
        encoding="utf-8")
    assert app.importer.import_file(flood).ok
    (elsewhere,) = _add(app, tmp_path, {"id": "G2", "event": "Gale", "category": "Met",
                                        "lat": 30.296, "lon": 120.174})  # XH-03
    panel = make_panel()
    qtbot.waitUntil(lambda: len(_shown_ids(panel)) == 2)
    flood_id = next(i for i in _shown_ids(panel) if i != elsewhere)
    pos = panel.model.row_of(flood_id)
    assert pos is not None
    area = panel.model.index(pos, AlertColumn.AREA).data()
    assert area.endswith(" +3 · Canal corner"), area  # one cell named, three more counted
    picker = child(panel, QComboBox, "alertGridFilter")
    for code in ("XH-08", "XH-02"):  # not the cell it is shown under, yet there
        picker.lineEdit().selectAll()
        qtbot.keyClicks(picker.lineEdit(), code)
        qtbot.keyClick(picker.lineEdit(), Qt.Key.Key_Return)
        qtbot.waitUntil(lambda: _shown_ids(panel) == [flood_id])
    _click_alert(qtbot, panel, flood_id)
    shown = child(panel, QLabel, "alertDetail_area").text()
    assert all(code in shown for code in ("XH-01", "XH-02", "XH-07", "XH-08")), shown
