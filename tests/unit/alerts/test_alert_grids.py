"""A CAP alert whose area reaches several grid cells is in each of them: the grid filter
finds it under every cell, the list names them, an Update that moves the area moves them."""

from __future__ import annotations

from pathlib import Path

from sqlalchemy import select

from console.alerts.service import AlertFilter
from console.app import App
from db.models import Alert, AlertGrid, Grid

# A rectangle over the corner where Riverside North (XH-01), XH-02, XH-07 and XH-08 meet.
FOUR_CELLS = "30.288,120.153 30.288,120.165 30.298,120.165 30.298,120.153 30.288,120.153"
# The same warning narrowed to the north: XH-01 and XH-02 only.
TWO_CELLS = "30.293,120.153 30.293,120.165 30.298,120.165 30.298,120.153 30.293,120.153"


def _cap(identifier: str, area: str, *, msg_type: str = "Alert", references: str = "",
         sent: str = "2026-11-22T08:00:00+08:00") -> str:
    refs = f"<references>{references}</references>" if references else ""
    return (
        '<alert xmlns="urn:oasis:names:tc:emergency:cap:1.2">'
        f"<identifier>{identifier}</identifier><sender>hz-met</sender><sent>{sent}</sent>"
        f"<status>Actual</status><msgType>{msg_type}</msgType><scope>Public</scope>{refs}"
        "<info><language>en-US</language><category>Met</category><event>Flood</event>"
        "<urgency>Immediate</urgency><severity>Severe</severity><certainty>Likely</certainty>"
        f"<headline>Flood warning {identifier}</headline>"
        f"<area><areaDesc>Canal corner</areaDesc>{area}</area></info></alert>")


def _import(app: App, tmp_path: Path, name: str, xml: str) -> None:
    path = tmp_path / name
    path.write_text(xml, encoding="utf-8")
    report = app.importer.import_file(path)
    assert report.ok, report


def _grid_ids(app: App, *codes: str) -> frozenset[int]:
    with app.db.read() as s:
        return frozenset(s.scalars(select(Grid.id).where(Grid.code.in_(codes))))


def _stored_grids(app: App, alert_id: int) -> set[str]:
    with app.db.read() as s:
        return set(s.scalars(select(Grid.code).join(AlertGrid, AlertGrid.grid_id == Grid.id)
                             .where(AlertGrid.alert_id == alert_id)))


def test_a_polygon_over_four_cells_is_found_under_each(app: App, tmp_path: Path) -> None:
    _import(app, tmp_path, "flood.xml", _cap("F-1", f"<polygon>{FOUR_CELLS}</polygon>"))
    (row,) = app.alerts.list_alerts().rows
    assert set(row.grid_codes) == {"XH-01", "XH-02", "XH-07", "XH-08"}
    assert row.grid_codes[0] == row.grid_code  # the one it is shown under comes first
    assert _stored_grids(app, row.id) == {"XH-01", "XH-02", "XH-07", "XH-08"}
    for code in ("XH-01", "XH-02", "XH-07", "XH-08"):
        page = app.alerts.list_alerts(AlertFilter(grid_ids=_grid_ids(app, code)))
        assert [r.id for r in page.rows] == [row.id], code
        assert AlertFilter(grid_ids=_grid_ids(app, code)).matches(row), code
    assert app.alerts.list_alerts(AlertFilter(grid_ids=_grid_ids(app, "XH-03"))).rows == []
    assert not AlertFilter(grid_ids=_grid_ids(app, "XH-03")).matches(row)
    assert set(app.alerts.get(row.id).row.grid_codes) == set(row.grid_codes)


def test_a_small_circle_stays_in_its_cell_and_a_wide_one_reaches_its_neighbours(
        app: App, tmp_path: Path) -> None:
    _import(app, tmp_path, "small.xml", _cap("C-1", "<circle>30.296,120.174 0.1</circle>"))
    _import(app, tmp_path, "wide.xml", _cap("C-2", "<circle>30.296,120.174 1.5</circle>"))
    rows = {r.headline: r for r in app.alerts.list_alerts().rows}
    assert rows["Flood warning C-1"].grid_codes == ("XH-03",)
    wide = set(rows["Flood warning C-2"].grid_codes)
    assert {"XH-02", "XH-03", "XH-04"} <= wide  # 1.5 km each way from XH-03's middle
    assert rows["Flood warning C-2"].grid_code == "XH-03"


def test_an_update_that_narrows_the_area_moves_the_alert_out_of_the_cells_it_left(
        app: App, tmp_path: Path) -> None:
    _import(app, tmp_path, "f1.xml", _cap("F-1", f"<polygon>{FOUR_CELLS}</polygon>"))
    _import(app, tmp_path, "f2.xml", _cap(
        "F-2", f"<polygon>{TWO_CELLS}</polygon>", msg_type="Update",
        references="hz-met,F-1,2026-11-22T08:00:00+08:00", sent="2026-11-22T09:00:00+08:00"))
    (row,) = app.alerts.list_alerts().rows
    assert set(row.grid_codes) == {"XH-01", "XH-02"}
    assert app.alerts.list_alerts(AlertFilter(grid_ids=_grid_ids(app, "XH-07"))).rows == []


def test_alerts_stored_before_the_grids_table_keep_their_one_grid(app: App,
                                                                   tmp_path: Path) -> None:
    # The console's own alerts (and those of older releases) name one grid and have no
    # rows of their own in alert_grids: the filter still finds them by that grid.
    _import(app, tmp_path, "f1.xml", _cap("F-1", f"<polygon>{FOUR_CELLS}</polygon>"))
    (row,) = app.alerts.list_alerts().rows
    with app.db.write.begin() as s:
        s.execute(AlertGrid.__table__.delete())
        first = s.get(Alert, row.id)
        assert first is not None
    page = app.alerts.list_alerts(AlertFilter(grid_ids=_grid_ids(app, row.grid_code or "")))
    assert [r.id for r in page.rows] == [row.id]
    assert page.rows[0].grid_codes == (row.grid_code,)
