"""What comes in over HTTP shows on a seat: a case on the board, its photos in the
detail pane, a feed's heartbeat in the alert panel."""

from __future__ import annotations

from collections.abc import Iterator

import pytest
from PySide6.QtCore import QBuffer, QByteArray, QIODevice
from PySide6.QtGui import QColor, QImage
from PySide6.QtWidgets import QLabel, QTreeWidget
from pytestqt.qtbot import QtBot

from api.limits import Limits
from console.app import App, open_app
from console.clock import FakeClock
from console.core.domain import Role
from tests.gui.helpers import child, click_case_row
from tests.unit.api.conftest import Running, start
from tests.unit.api.test_cases import CASE
from tests.unit.api.test_photos import png
from widgets.alerts.feeds import FeedHeartbeatsView
from widgets.cases.photos import CasePhotoStrip
from widgets.main_window import MainWindow


def jpeg() -> bytes:
    """A real JPEG, as a phone's camera would send (small)."""
    image = QImage(16, 12, QImage.Format.Format_RGB32)
    image.fill(QColor("darkgreen"))
    data = QByteArray()
    buffer = QBuffer(data)
    buffer.open(QIODevice.OpenModeFlag.WriteOnly)
    assert image.save(buffer, "JPEG")
    return bytes(data.data())


@pytest.fixture
def server(app: App, db_url: str, clock: FakeClock) -> Iterator[Running]:
    """The intake server as its own App on the seat's database (as ``serve`` would be)."""
    other = open_app(db_url, clock)
    url, srv, thread = start(other, Limits())
    admin = next(o for o in other.operators.list() if o.role is Role.ADMIN)
    try:
        yield Running(url, other, admin)
    finally:
        srv.should_exit = True
        thread.join(10)
        other.close()


def test_a_case_posted_over_http_appears_on_the_board_with_its_photos(
        qtbot: QtBot, main_window: MainWindow, server: Running, app: App) -> None:
    board = main_window.board
    with server.client(server.token("hotline")) as http:
        reply = http.post("/cases", json=CASE)
    assert reply.status_code == 201
    case = app.cases.get(reply.json()["reference"])
    qtbot.waitUntil(lambda: board.model.row_of(case.row.id) is not None, timeout=5000)
    click_case_row(qtbot, main_window, case.row.id)
    strip = child(main_window, CasePhotoStrip, "casePhotos")
    assert not strip.isVisible()

    app.cases.register(app.operator, case.reference)
    app.cases.dispatch(app.operator, case.reference, "UTIL-1")
    with server.client(server.token("fieldapp")) as http:
        done = http.post(f"/cases/{case.reference}/events", data={"action": "start"},
                         files=[("before", ("a.png", png(8, 6), "image/png")),
                                ("after", ("b.jpg", jpeg(), "image/jpeg"))])
    assert done.status_code == 200
    qtbot.waitUntil(strip.isVisible, timeout=5000)
    thumbs = [w for w in strip.findChildren(QLabel) if w.objectName().startswith("casePhoto_")]
    assert len(thumbs) == 2
    assert thumbs[0].pixmap() is not None
    assert not thumbs[0].pixmap().isNull()
    assert "before" in thumbs[0].toolTip()


def test_a_heartbeating_feed_is_listed_in_the_alert_panel(
        qtbot: QtBot, main_window: MainWindow, server: Running) -> None:
    feeds = child(main_window, FeedHeartbeatsView, "feedHeartbeats")
    assert not feeds.isVisible()
    with server.client(server.token("gauges", "heartbeats:write")) as http:
        assert http.post("/heartbeats/gauge-3", json={"interval": 300}).status_code == 201
    qtbot.waitUntil(feeds.isVisible, timeout=5000)
    tree = child(feeds, QTreeWidget, "feedHeartbeatList")
    assert tree.topLevelItemCount() == 1
    assert tree.topLevelItem(0).text(0) == "gauge-3"
    assert tree.topLevelItem(0).text(3) == "alive"
