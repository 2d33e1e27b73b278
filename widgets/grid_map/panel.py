"""The grid map: the district's cells coloured by a layer, with markers, zoom and pan.

The pieces live beside this module: ``geometry`` (the cells projected once, an index to
find them), ``cells`` (the cell layer, painted as the view's cached background),
``labels`` (codes and figures where a cell is big enough to hold them), ``markers``
(case badges, hazards) and ``view`` (zoom, pan, fit, clicks, tooltips). This panel reads,
decides each cell's look, and tells the layers which cells changed.

Over 600 lines on purpose: what is left is the panel's controls, their words (one
translation context) and the reads' bookkeeping (pending cells, stale reads, the scope of
cases counted); split further, each half would need the other's state.
"""

from __future__ import annotations

import html
from dataclasses import replace
from datetime import datetime
from typing import cast

from PySide6.QtCore import QEvent, QLocale, QPointF, QSettings, Qt, QTimer, Signal
from PySide6.QtGui import QColor, QPen, QShowEvent, QStandardItemModel
from PySide6.QtWidgets import (
    QCheckBox,
    QComboBox,
    QGraphicsEllipseItem,
    QGraphicsItem,
    QGraphicsScene,
    QHBoxLayout,
    QLabel,
    QToolButton,
    QVBoxLayout,
    QWidget,
)

from console.app import App
from console.core.domain import Category, Severity
from console.territory.grid_map import (
    ALL_CASES,
    CaseMarker,
    CaseScope,
    CellFigures,
    ColourScale,
    GridCell,
    HazardMarker,
    MapLayer,
    MapPoints,
    case_markers,
    layer_value,
    scale_for,
)
from widgets.common import labels
from widgets.common.background import BackgroundWork
from widgets.common.time_text import clock_time
from widgets.grid_map import style
from widgets.grid_map.basemap_bar import BasemapBar
from widgets.grid_map.cells import Z_SELECTED, CellLayer, CellLook, CellOutline, CellView
from widgets.grid_map.geometry import CellShape, DistrictGeometry, Point, Projection
from widgets.grid_map.labels import LabelLayer
from widgets.grid_map.markers import CaseBadgeLayer, HazardLayer
from widgets.grid_map.points import Cluster, PointLayer
from widgets.grid_map.reads import (
    HazardData,
    MapData,
    read_case_counts,
    read_everything,
    read_geometry,
    read_hazards,
    read_points,
)
from widgets.grid_map.view import ZOOM_STEP, GridMapView
from widgets.hazards import labels as hl
from widgets.shell.theme import Theme, current_theme, severity_colors

REFRESH_DEBOUNCE_MS = 400
CLOSURE_REFRESH_MS = 5 * 60 * 1000
# A cell shorter than this on screen (the median cell) shows its figure without its code.
COMPACT_BELOW_PX = 80.0
# More changed cells than this: repaint the whole layer at once, not cell by cell.
MANY_CELLS = 500


def _place(cell: GridCell) -> str:
    """A cell's name in the interface language."""
    return cell.name(QLocale().name())


# ---- the panel ---------------------------------------------------------------------------

# The layers that count cases (and so follow the board's filters).
CASE_LAYERS = frozenset({MapLayer.OPEN, MapLayer.OVERDUE})


class GridMap(QWidget):
    """The district's grid cells coloured by a layer: open cases, overdue cases, highest
    hazard level or closure rate over 30 days; case and hazard markers; a legend.

    The district's geometry is read and projected off the GUI thread, then the figures
    (``BackgroundWork``): every cell at start and after a bulk reload; after case
    changes (debounced) only the counts of the changed cases' grids; after hazard changes
    the hazard counts and markers. These reads run one after another, so their results
    arrive in the order they were asked for and each is applied as it comes. Only the
    cells whose figures changed are looked at again, and only those whose look changed
    are repainted (``repainted``). Closure rates read history: they are read when the
    map is shown and every five minutes while it is, on a thread of their own, so they
    never hold up a live update.

    Signals:
        grid_chosen(object): a cell was clicked: its grid code, or None when the chosen
            cell was clicked again (show every grid).
        refreshed(): new figures were applied to the cells.
        closure_refreshed(): new closure rates were applied to the cells.
    """

    grid_chosen = Signal(object)
    case_chosen = Signal(str)
    alert_chosen = Signal(int)
    place_picked = Signal(float, float)
    refreshed = Signal()
    closure_refreshed = Signal()
    points_refreshed = Signal()

    def __init__(self, app: App, parent: QWidget | None = None, *,
                 picker: bool = False, settings: QSettings | None = None) -> None:
        """``picker``: the map of a dialog that places a point — cells and basemap only,
        a click picks the point (``place_picked``) and a pin marks it."""
        super().__init__(parent)
        self.setObjectName("gridMap" if not picker else "placePickerMap")
        self._app = app
        self._settings = settings
        self._picker = picker
        self._theme = current_theme()
        self._palette = style.map_colors(self._theme)
        self._geometry: DistrictGeometry | None = None
        self._figures: dict[int, CellFigures] = {}
        self._case_scope = ALL_CASES
        self._closure: dict[int, float | None] | None = None
        self._scale: ColourScale = scale_for(MapLayer.OPEN, [])
        self._cell_layer = CellLayer()
        self._labels = LabelLayer(self._cell_layer)
        self._selection = CellOutline(Z_SELECTED)
        self._badges = CaseBadgeLayer()
        self._hazard_layer = HazardLayer()
        self._points = PointLayer()
        self._points_stale = False
        self._selected: int | None = None
        self._wanted_code: str | None = None  # chosen before the geometry was read
        self._pending_cases: set[int] = set()
        self._hazards_stale = False
        self._loaded = False
        self._closure_at: datetime | None = None
        self._compact = False
        self._closure_after_load = False
        # The codes of the cells the last figures repainted (the others kept their look).
        self.repainted: set[str] = set()

        self._scene = QGraphicsScene(self)
        self._scene.setObjectName("gridMapScene")
        self._view = GridMapView(self._scene, self._cell_layer, self)
        self._view.cell_tooltip = self._cell_tooltip
        self._view.hazard_layer = self._hazard_layer
        self._view.badges = self._badges
        self._view.points = self._points
        self._view.marker_tooltip = self._marker_tooltip
        for item in (self._labels, self._selection, self._hazard_layer, self._badges,
                     self._points):
            self._scene.addItem(item)
        self._work = BackgroundWork(self)  # geometry, figures, case counts, hazards: in order
        self._history_work = BackgroundWork(self)  # closure rates, one read at a time
        self._refresh_timer = QTimer(self)
        self._refresh_timer.setObjectName("gridMapRefreshTimer")
        self._refresh_timer.setSingleShot(True)
        self._refresh_timer.setInterval(REFRESH_DEBOUNCE_MS)
        self._closure_timer = QTimer(self)
        self._closure_timer.setObjectName("gridMapClosureTimer")
        self._closure_timer.setInterval(CLOSURE_REFRESH_MS)
        self._build()
        self._connect_signals()
        self.set_theme(self._theme)
        self._pin = QGraphicsEllipseItem(-7, -7, 14, 14)
        self._pin.setFlag(QGraphicsItem.GraphicsItemFlag.ItemIgnoresTransformations)
        self._pin.setZValue(10)
        self._pin.setPen(QPen(QColor("#ffffff"), 2.5))
        self._pin.setBrush(QColor("#e5484d"))
        self._pin.hide()
        self._pin_point: Point | None = None
        self._scene.addItem(self._pin)
        if picker:
            for widget in (self._layer, self._case_toggle, self._alert_toggle,
                           self._hazard_toggle, self._base_toggle, self._clear,
                           self._legend, self._status):
                widget.hide()
            self.set_place_mode(True)
            # A pointing device beside a form: the keyboard's way to a place is the form's
            # address and grid fields, so Tab does not wander through the map.
            for control in self.findChildren(QWidget):
                control.setFocusPolicy(Qt.FocusPolicy.NoFocus)
        self._read_district()
        self.refresh()
        if not picker:  # a dialog's map has no closure layer: no history to read for it
            self._closure_timer.start()
        self._basemap.reload()

    # ---- building ----------------------------------------------------------------------

    def _tool_button(self, name: str, text: str, tip: str) -> QToolButton:
        button = QToolButton(self)
        button.setObjectName(name)
        button.setText(text)
        button.setToolTip(tip)
        button.setAccessibleName(tip)
        button.setProperty("stripButton", True)
        return button

    def _build(self) -> None:
        self._layer = QComboBox(self)
        self._layer.setObjectName("gridMapLayer")
        self._layer.setToolTip(self.tr("What colours the cells"))
        self._layer.setAccessibleName(self.tr("Map layer"))
        for layer, name in style.layer_names().items():
            self._layer.addItem(name, layer.value)
        self._case_toggle = QCheckBox(self.tr("Cases"), self)
        self._case_toggle.setObjectName("gridMapCaseMarkers")
        self._case_toggle.setToolTip(self.tr(
            "Show each cell's open cases as a badge, ringed when some are overdue (not on "
            "the open-cases layer, whose figures are that count)"))
        self._case_toggle.setAccessibleName(self.tr("Show case markers"))
        self._case_toggle.setChecked(True)
        self._hazard_toggle = QCheckBox(self.tr("Hazards"), self)
        self._hazard_toggle.setObjectName("gridMapHazardMarkers")
        self._hazard_toggle.setToolTip(self.tr("Show watched hazards where they are"))
        self._hazard_toggle.setAccessibleName(self.tr("Show hazard markers"))
        self._hazard_toggle.setChecked(True)
        self._alert_toggle = QCheckBox(self.tr("Alerts"), self)
        self._alert_toggle.setObjectName("gridMapAlertMarkers")
        self._alert_toggle.setToolTip(self.tr("Show open alerts where their areas are"))
        self._alert_toggle.setAccessibleName(self.tr("Show alert markers"))
        self._alert_toggle.setChecked(True)
        self._base_toggle = QCheckBox(self.tr("Teams"), self)
        self._base_toggle.setObjectName("gridMapTeamBases")
        self._base_toggle.setToolTip(self.tr("Show where each team is based"))
        self._base_toggle.setAccessibleName(self.tr("Show team bases"))
        self._base_toggle.setChecked(True)
        self._basemap = BasemapBar(self._app, self, self._settings)
        self._zoom_in = self._tool_button("gridMapZoomIn", "+", self.tr("Zoom in (+)"))
        self._zoom_out = self._tool_button("gridMapZoomOut", "−", self.tr("Zoom out (−)"))
        self._fit = self._tool_button("gridMapFit", self.tr("Fit"),
                                      self.tr("Show the whole district (0)"))
        self._clear = self._tool_button("gridMapClearGrid", self.tr("✕ All grids"),
                                        self.tr("Stop filtering the board to one grid"))
        self._clear.setEnabled(False)
        self._legend = QLabel(self)
        self._legend.setObjectName("gridMapLegend")
        self._legend.setTextFormat(Qt.TextFormat.RichText)
        self._legend.setWordWrap(True)
        self._status = QLabel(self)
        self._status.setObjectName("gridMapStatus")
        self._status.setProperty("fieldName", True)
        self._status.setWordWrap(True)

        top = QHBoxLayout()
        top.setSpacing(6)
        top.addWidget(self._layer, 1)
        top.addWidget(self._basemap, 1)
        toggles = QHBoxLayout()
        toggles.setSpacing(6)
        for toggle in (self._case_toggle, self._alert_toggle, self._hazard_toggle,
                       self._base_toggle):
            toggles.addWidget(toggle)
        toggles.addStretch(1)
        tools = QHBoxLayout()
        tools.setSpacing(4)
        for button in (self._zoom_in, self._zoom_out, self._fit):
            tools.addWidget(button)
        tools.addStretch(1)
        tools.addWidget(self._clear)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(8, 8, 8, 4)
        layout.setSpacing(6)
        layout.addLayout(top)
        layout.addLayout(toggles)
        layout.addLayout(tools)
        layout.addWidget(self._view, 1)
        layout.addWidget(self._legend)
        layout.addWidget(self._basemap.attribution)
        layout.addWidget(self._status)
        self.setMinimumSize(240, 200)

    def _connect_signals(self) -> None:
        self._layer.currentIndexChanged.connect(self._on_layer_changed)
        self._case_toggle.toggled.connect(self._on_case_toggle_toggled)
        self._hazard_toggle.toggled.connect(self._on_hazard_toggle_toggled)
        self._alert_toggle.toggled.connect(self._on_point_toggles_toggled)
        self._base_toggle.toggled.connect(self._on_point_toggles_toggled)
        self._view.marker_clicked.connect(self._on_view_marker_clicked)
        self._view.place_clicked.connect(self._on_view_place_clicked)
        self._basemap.source_changed.connect(self._on_basemap_source_changed)
        self._basemap.opacity_changed.connect(self._on_basemap_opacity_changed)
        self._show_badges()
        self._zoom_in.clicked.connect(self._on_zoom_in_clicked)
        self._zoom_out.clicked.connect(self._on_zoom_out_clicked)
        self._fit.clicked.connect(self.fit_district)
        self._clear.clicked.connect(self._on_clear_clicked)
        self._view.cell_clicked.connect(self._on_view_cell_clicked)
        self._view.zoomed.connect(self._on_view_zoomed)
        self._refresh_timer.timeout.connect(self._on_refresh_timer_timeout)
        self._closure_timer.timeout.connect(self.refresh_closure)

    def _read_district(self) -> None:
        """Read the district's cells and project them, off the GUI thread."""
        service = self._app.grid_map
        self._work.start(lambda: read_geometry(service), self._on_geometry_read,
                         self._on_read_failed)

    def _on_geometry_read(self, geometry: DistrictGeometry) -> None:
        """Put the district's cells on the map; every look is worked out again when the
        figures (asked for after the geometry, so arriving after it) come in."""
        code = self.selected_grid if self._geometry is not None else self._wanted_code
        self._geometry = geometry
        self._selected = None
        self._selection.show_cell(None)
        self._view.hover.show_cell(None)
        self._cell_layer.set_geometry(geometry)
        # Asked for already, the figures come next: every look is worked out then.
        self._cell_layer.waiting = not self._figures
        self._labels.set_geometry(geometry)
        self._badges.set_geometry(geometry)
        self._hazard_layer.set_markers([], geometry.projection)
        self._view.tiles.set_origin(geometry.projection.origin)
        self._view.invalidate_all_cells()
        district = geometry.rect
        self._view.district_rect = district
        margin = max(district.width(), district.height()) * 0.1
        self._scene.setSceneRect(district.adjusted(-margin, -margin, margin, margin))
        has_kpis = self._app.grid_map.kpis is not None
        closure = cast(QStandardItemModel, self._layer.model()).item(
            self._layer.findData(MapLayer.CLOSURE.value))
        closure.setEnabled(has_kpis)
        closure.setToolTip("" if has_kpis else self.tr("No KPI service to read closure rates"))
        if not self._cell_layer.waiting:
            self._restyle_all()
        if self._view.auto_fit:
            self._view.fit_district()
        self.select_grid(code)
        if self._pin_point is not None:  # placed before the cells were read
            self.show_pin(self._pin_point)

    # ---- public ------------------------------------------------------------------------

    @property
    def view(self) -> GridMapView:
        return self._view

    @property
    def layer(self) -> MapLayer:
        return MapLayer(self._layer.currentData())

    def set_layer(self, layer: MapLayer) -> None:
        self._layer.setCurrentIndex(self._layer.findData(layer.value))

    @property
    def loaded(self) -> bool:
        """Whether figures have been applied at least once."""
        return self._loaded

    @property
    def closure_read(self) -> bool:
        return self._closure is not None

    @property
    def scale(self) -> ColourScale:
        return self._scale

    @property
    def compact(self) -> bool:
        return self._compact

    @property
    def cell_layer(self) -> CellLayer:
        return self._cell_layer

    @property
    def labels(self) -> LabelLayer:
        return self._labels

    @property
    def selected_grid(self) -> str | None:
        if self._geometry is None:
            return self._wanted_code
        shape = self._geometry.by_id.get(self._selected) if self._selected is not None \
            else None
        return shape.cell.code if shape is not None else None

    def _view_of(self, shape: CellShape) -> CellView:
        return CellView(shape, self._cell_layer.look(shape.grid_id),
                        shape.grid_id == self._selected, self._compact, self._cell_tooltip)

    def cell_item(self, code: str) -> CellView:
        """How the cell of ``code`` looks now (read-only)."""
        if self._geometry is None:
            raise LookupError(f"the map has no cells yet: {code}")
        return self._view_of(self._geometry.by_code[code])

    def cell_items(self) -> list[CellView]:
        shapes = self._geometry.shapes if self._geometry is not None else []
        return [self._view_of(s) for s in shapes]

    def case_marker_items(self) -> list[CaseMarker]:
        """The cells' case badges (none while they are switched off); each is drawn where
        its cell is big enough on screen."""
        return self._badges.markers if self._badges.isVisible() else []

    @property
    def badges(self) -> CaseBadgeLayer:
        return self._badges

    def scene_point(self, point: Point) -> QPointF:
        """Where a (lon, lat) lies on the map's scene."""
        return self._projection.point(point)

    @property
    def _projection(self) -> Projection:
        return self._geometry.projection if self._geometry is not None else Projection([])

    def hazard_markers(self) -> list[HazardMarker]:
        """The hazards marked on the map now (none while the markers are switched off)."""
        return self._hazard_layer.markers if self._hazard_layer.isVisible() else []

    def current_figures(self) -> dict[int, CellFigures]:
        """Every cell's figures as the map shows them (grid id → figures)."""
        return dict(self._figures)

    def figures(self, code: str) -> CellFigures | None:
        return self._figures.get(self.cell_item(code).grid_id)

    def legend_entries(self) -> list[tuple[str, QColor]]:
        """What the legend states: each bucket's words and fill, in order."""
        entries = [(style.range_label(self._scale, b), self._swatch(b).fill)
                   for b in range(len(self._scale.ranges))]
        if self.layer is MapLayer.CLOSURE:
            entries.append((style.no_data_label(self.layer), self._palette.no_data.fill))
        return entries

    def set_theme(self, theme: Theme) -> None:
        self._theme = theme
        self._palette = style.map_colors(theme)
        self._scene.setBackgroundBrush(self._palette.background)
        self._cell_layer.set_border(self._palette.border)
        none = self._swatch(None)
        self._cell_layer.set_default(CellLook(None, "", none.fill, none.text))
        self._selection.set_pen(self._palette.selected, 3.0)
        self._view.hover.set_pen(self._palette.border, 2.5)
        self._restyle_all()
        self._badges.set_colors(self._palette.marker_fill, self._palette.marker_text,
                                self._palette.overdue_ring)
        self._color_hazard_markers()
        dark = theme is Theme.DARK
        self._points.set_colors(
            {int(sev): colour for sev, colour in severity_colors(theme).items()},
            alert=QColor("#f0a030"), base=QColor("#4d8fd6"),
            edge=QColor("#f4f6f8" if dark else "#1b1f24"), text=QColor("#101418"))
        self._update_legend()

    def select_grid(self, code: str | None) -> None:
        """Outline the cell of ``code`` (None: no cell), without announcing it."""
        if self._geometry is None:
            self._wanted_code = code
            self._clear.setEnabled(code is not None)
            self._update_status()
            return
        shape = self._geometry.by_code.get(code) if code is not None else None
        wanted = shape.grid_id if shape is not None else None
        if wanted == self._selected:
            return
        self._selected = wanted
        self._selection.show_cell(shape)
        self._clear.setEnabled(wanted is not None)
        self._update_status()

    def fit_district(self) -> None:
        self._view.auto_fit = True
        self._view.fit_district()

    @property
    def case_scope(self) -> CaseScope:
        """The cases the map counts (the board's category and severity filters)."""
        return self._case_scope

    def set_case_scope(self, scope: CaseScope) -> None:
        """Count only these cases (the board's filters changed): read every figure
        again, off the GUI thread."""
        if scope == self._case_scope:
            return
        self._case_scope = scope
        self._update_legend()
        self.refresh()

    def refresh(self) -> None:
        """Read every figure and the hazard markers again, off the GUI thread."""
        self._pending_cases.clear()
        self._hazards_stale = False
        service, scope = self._app.grid_map, self._case_scope
        self._work.start(lambda: read_everything(service, scope),
                         self._on_figures_read, self._on_read_failed)

    def refresh_closure(self) -> None:
        """Read the closure rates again (history: off the GUI thread) while the map is
        on screen; a hidden map reads them when it is shown. Before the first figures are
        in, they are read just after them: the map opens first, on its own."""
        if self._picker:
            return
        if not self._loaded:
            self._closure_after_load = True
            return
        if self._app.grid_map.kpis is not None and self.isVisible() \
                and not self._history_work.busy:  # unless a read is already under way
            self._history_work.start(self._app.grid_map.closure_rates,
                                     self._on_closure_read, self._on_read_failed)

    def showEvent(self, event: QShowEvent) -> None:
        super().showEvent(event)
        stale = self._closure_at is None or (
            self._app.clock.now() - self._closure_at).total_seconds() * 1000 \
            >= CLOSURE_REFRESH_MS
        if stale:
            self.refresh_closure()

    def queue_case_ids(self, case_ids: list[int]) -> None:
        """Cases changed: shortly, read the counts of their grids again (changes arriving
        together are read once)."""
        self._pending_cases.update(case_ids)
        if not self._refresh_timer.isActive():
            self._refresh_timer.start()

    def queue_alert_ids(self, _alert_ids: list[int]) -> None:
        """Alerts changed: shortly, read the positioned markers again."""
        self._points_stale = True
        if not self._refresh_timer.isActive():
            self._refresh_timer.start()

    def queue_hazard_ids(self, _hazard_ids: list[int]) -> None:
        """Hazards changed: shortly, read the hazard counts and markers again."""
        self._hazards_stale = True
        if not self._refresh_timer.isActive():
            self._refresh_timer.start()

    def reload_district(self) -> None:
        """Grids were reloaded: read the cells and every figure again."""
        self._figures = {}
        self._read_district()
        self.refresh()
        self.refresh_closure()

    def shutdown(self, msecs: int = 5000) -> None:
        self._refresh_timer.stop()
        self._closure_timer.stop()
        self._view.tiles.close()
        for work in (self._work, self._history_work):
            work.cancel()
            work.wait_idle(msecs)

    # ---- applying figures --------------------------------------------------------------

    def _swatch(self, bucket: int | None) -> style.Swatch:
        return style.swatch(self._palette, self._scale, bucket)

    def _looks(self, shapes: list[CellShape]) -> list[tuple[CellShape, CellLook]]:
        """What these cells show on the current layer, scale and theme. A look depends on
        the layer's value alone, so cells with the same value share one (worked out once)."""
        layer, scale, all_figures = self.layer, self._scale, self._figures
        no_rates = layer is MapLayer.CLOSURE and not self.closure_read
        none = self._swatch(None)
        unknown = CellLook(None, style.value_text(layer, None), none.fill, none.text)
        by_value: dict[float | None, CellLook] = {}
        out = []
        for shape in shapes:
            figures = all_figures.get(shape.cell.id)
            if figures is None:
                out.append((shape, unknown))
                continue
            value = layer_value(layer, figures)
            look = by_value.get(value)
            if look is None:
                bucket = None if no_rates else scale.bucket(value)
                swatch = self._swatch(bucket)
                look = by_value[value] = CellLook(bucket, style.value_text(layer, figures),
                                                  swatch.fill, swatch.text)
            out.append((shape, look))
        return out

    def _restyle(self, shapes: list[CellShape]) -> list[CellShape]:
        """Work out these cells' looks again; repaint those that changed (all at once
        when many did); the cells that changed."""
        layer = self._cell_layer
        changed = [s for s, look in self._looks(shapes) if layer.set_look(s.grid_id, look)]
        if len(changed) > MANY_CELLS:
            self._view.invalidate_all_cells()
            self._labels.update()
        else:
            self._view.invalidate_cells(changed)
            for shape in changed:
                self._labels.update_cell(shape)
        return changed

    def _restyle_all(self) -> None:
        """Every cell's look again (a new layer, theme or language), repainting them all."""
        if self._geometry is None:
            return
        layer = self._cell_layer
        for shape, look in self._looks(self._geometry.shapes):
            layer.set_look(shape.grid_id, look)
        self._view.invalidate_all_cells()
        self._labels.update()

    def apply_figures(self, figures: dict[int, CellFigures]) -> None:
        """Take new figures; look again only at the cells whose figures changed (at every
        cell when the colour scale changed) and repaint those whose look changed
        (``repainted``)."""
        old = self._figures
        if self._closure is not None:
            figures = self._app.grid_map.with_closure(figures, self._closure)
        self._figures = figures
        scale = scale_for(self.layer, figures.values())
        rescaled = scale != self._scale
        self._scale = scale
        self.repainted = set()
        if self._geometry is None:
            return
        if self._cell_layer.waiting:
            self._cell_layer.waiting = False
            self._view.invalidate_all_cells()
        by_id = self._geometry.by_id
        if rescaled or not old:
            candidates = self._geometry.shapes
        else:
            # Figures kept from the last read are the same objects: compare the others.
            candidates = [by_id[gid] for gid, f in figures.items()
                          if (o := old.get(gid)) is not f and o != f and gid in by_id]
            candidates += [by_id[gid] for gid in old.keys() - figures.keys() if gid in by_id]
        self.repainted = {s.cell.code for s in self._restyle(candidates)}
        self._apply_case_markers(candidates if old and not rescaled else None)
        if rescaled:
            self._update_legend()

    def _apply_case_markers(self, shapes: list[CellShape] | None) -> None:
        """Bring the badges of these cells (None: of every cell) up to date."""
        if self._geometry is None:
            return
        if shapes is None:
            shapes = self._geometry.shapes
        self._badges.set_markers((s.grid_id for s in shapes),
                                 case_markers((s.cell for s in shapes), self._figures))

    def _apply_hazard_markers(self, markers: list[HazardMarker]) -> None:
        self._hazard_layer.set_markers(markers, self._projection)

    def _color_hazard_markers(self) -> None:
        levels = hl.level_colors(self._theme)
        self._hazard_layer.set_colors({level: look.text for level, look in levels.items()},
                                      self._palette.background)

    def _cell_tooltip(self, shape: CellShape) -> str:
        """A cell's words on hover: its code, place and figures (made when asked for)."""
        return style.tooltip(shape.cell.code, _place(shape.cell),
                             self._figures.get(shape.grid_id), self.closure_read)

    def _update_legend(self) -> None:
        parts = []
        for text, fill in self.legend_entries():
            edge = self._palette.border.name()
            parts.append(
                f'<span style="background-color:{fill.name()}; color:{fill.name()}; '
                f'border:1px solid {edge};">&nbsp;&nbsp;&nbsp;&nbsp;</span>&nbsp;{text}')
        title = style.layer_names()[self.layer]
        scope = self._scope_text() if self.layer in CASE_LAYERS else ""
        if scope:
            title = self.tr("{layer} ({scope})").format(layer=title, scope=scope)
        markers = self.tr("Markers: ● a case at its point, ● with a number: cases close "
                          "together (click to zoom in), ▲ an alert, ■ a team's base, "
                          "◆ a hazard")
        self._legend.setText(f"<b>{html.escape(title)}</b>: " + " &nbsp; ".join(parts)
                             + f"<br>{html.escape(markers)}")

    def _scope_text(self) -> str:
        """The board's filters the case counts follow, in words ("Fire, 1 Critical")."""
        scope = self._case_scope
        words = [labels.category_label(Category(c)) for c in sorted(scope.categories)]
        words += [labels.severity_label(Severity(v)) for v in sorted(scope.severities)]
        return ", ".join(words)

    def _update_status(self) -> None:
        parts = []
        code = self.selected_grid
        if code is not None:
            parts.append(self.tr("Board and registry show grid {code} only.").format(code=code))
        if not self._loaded:
            parts.append(self.tr("Reading figures…"))
        elif self.layer is MapLayer.CLOSURE and self._closure_at is None:
            parts.append(self.tr("Reading closure rates…"))
        elif self.layer is MapLayer.CLOSURE and self._closure_at is not None:
            parts.append(self.tr("Closure rates read at {time}.").format(
                time=clock_time(self._closure_at)))
        self._status.setText(" ".join(parts) or self.tr(
            "Click a cell to show its cases and hazards. Wheel or +/− zoom, drag pans."))

    # ---- slots -------------------------------------------------------------------------

    def _on_figures_read(self, data: MapData) -> None:
        self._apply_hazard_markers(data.hazard_markers)
        self._apply_points(data.points)
        self.apply_figures(data.figures)
        self._loaded = True
        self._update_status()
        self.refreshed.emit()
        if self._closure_after_load:
            self._closure_after_load = False
            self.refresh_closure()

    def _on_case_counts_read(self, counts: dict[int, tuple[int, int]]) -> None:
        """New open/overdue counts for the grids whose cases changed; the other cells
        keep theirs."""
        figures = dict(self._figures)
        for gid, (open_cases, overdue) in counts.items():
            old = figures.get(gid, CellFigures(gid))
            figures[gid] = replace(old, open_cases=open_cases, overdue_cases=overdue)
        self.apply_figures(figures)
        self.refreshed.emit()

    def _on_hazards_read(self, data: HazardData) -> None:
        figures = {gid: replace(f, hazards=data.counts.get(gid, (0, 0))[0],
                                top_score=data.counts.get(gid, (0, 0))[1])
                   for gid, f in self._figures.items()}
        self._apply_hazard_markers(data.markers)
        self.apply_figures(figures)
        self.refreshed.emit()

    def _on_closure_read(self, rates: dict[int, float | None]) -> None:
        self._closure = rates
        self._closure_at = self._app.clock.now()
        figures = self._figures
        self._figures = {}  # every tooltip gains its rate
        self.apply_figures(figures)
        self._update_status()
        self.closure_refreshed.emit()

    def _on_read_failed(self, message: str) -> None:
        if self._cell_layer.waiting:  # no figures: show the cells as they are
            self._cell_layer.waiting = False
            self._view.invalidate_all_cells()
        self._status.setText(self.tr("The map could not read its figures: {error}").format(
            error=message))

    def _on_refresh_timer_timeout(self) -> None:
        service = self._app.grid_map
        if self._pending_cases or self._points_stale:
            self._points_stale = False
            scope = self._case_scope
            self._work.start(lambda: read_points(service, scope), self._apply_points,
                             self._on_read_failed)
        if self._pending_cases:
            case_ids = sorted(self._pending_cases)
            self._pending_cases.clear()
            scope = self._case_scope
            self._work.start(lambda: read_case_counts(service, case_ids, scope),
                             self._on_case_counts_read, self._on_read_failed)
        if self._hazards_stale:
            self._hazards_stale = False
            self._work.start(lambda: read_hazards(service), self._on_hazards_read,
                             self._on_read_failed)

    def _on_layer_changed(self, _index: int) -> None:
        self._show_badges()
        self._scale = scale_for(self.layer, self._figures.values())
        self._restyle_all()
        self._update_legend()
        self._update_status()

    def _on_case_toggle_toggled(self, _checked: bool) -> None:
        self._show_badges()
        self._on_point_toggles_toggled()

    def _on_point_toggles_toggled(self, _checked: bool = True) -> None:
        self._points.set_visible_kinds(self._case_toggle.isChecked(),
                                       self._alert_toggle.isChecked(),
                                       self._base_toggle.isChecked())

    # ---- positioned markers, the basemap, placing a point ------------------------------

    def _apply_points(self, points: MapPoints) -> None:
        self._points.set_points(points, self._projection)
        self.points_refreshed.emit()

    @property
    def points(self) -> PointLayer:
        return self._points

    @property
    def basemap(self) -> BasemapBar:
        return self._basemap

    def show_pin(self, point: Point | None, centre: bool = False) -> None:
        """Mark a (lon, lat) with the pin (None: no pin); ``centre`` brings it into view."""
        self._pin_point = point
        if point is None:
            self._pin.hide()
            return
        at = self._projection.point(point)
        self._pin.setPos(at)
        self._pin.show()
        if centre:
            self._view.centerOn(at)

    @property
    def pin(self) -> QGraphicsEllipseItem:
        return self._pin

    def set_place_mode(self, on: bool) -> None:
        """While on, a click on the map picks a point (``place_picked``), not a cell."""
        self._view.place_mode = on
        self._view.viewport().setCursor(Qt.CursorShape.CrossCursor if on
                                        else Qt.CursorShape.OpenHandCursor)

    def _on_view_place_clicked(self, scene: QPointF) -> None:
        lon, lat = self._projection.lonlat(scene)
        self.place_picked.emit(lon, lat)

    def _on_view_marker_clicked(self, marker: Cluster) -> None:
        """One case or alert: select it in its panel; a cluster: zoom into it."""
        if len(marker.members) > 1:
            self._view.zoom_at(marker.centre, 2.0)
            return
        if marker.kind == "case":
            self.case_chosen.emit(self._points.cases[marker.members[0]].reference)
        elif marker.kind == "alert":
            self.alert_chosen.emit(self._points.alerts[marker.members[0]].id)

    def _marker_tooltip(self, marker: Cluster) -> str:
        count = len(marker.members)
        if marker.kind == "base":
            base = self._points.bases[marker.members[0]]
            return self.tr("Team {code} is based here: {name}").format(
                code=base.code, name=base.name(QLocale().name()))
        if marker.kind == "case":
            if count > 1:
                return self.tr("%n open case(s) here: click to zoom in", "", count)
            case = self._points.cases[marker.members[0]]
            return f"{case.reference} · {html.escape(case.title)}"
        if count > 1:
            return self.tr("%n open alert(s) here: click to zoom in", "", count)
        return html.escape(self._points.alerts[marker.members[0]].headline)

    def _on_basemap_source_changed(self, source: object) -> None:
        self._view.tiles.set_source(source)  # type: ignore[arg-type]
        self._view.invalidate_all_cells()

    def _on_basemap_opacity_changed(self, opacity: float) -> None:
        self._cell_layer.opacity = opacity
        self._view.invalidate_all_cells()

    def _show_badges(self) -> None:
        """Badges while switched on, except on the open-cases layer: there the cell's
        figure is the same count, and it would be drawn twice."""
        self._badges.setVisible(self._case_toggle.isChecked()
                                and self.layer is not MapLayer.OPEN)

    def _on_hazard_toggle_toggled(self, checked: bool) -> None:
        self._hazard_layer.setVisible(checked)

    def _on_zoom_in_clicked(self) -> None:
        self._view.zoom_by(ZOOM_STEP)

    def _on_zoom_out_clicked(self) -> None:
        self._view.zoom_by(1 / ZOOM_STEP)

    def _on_clear_clicked(self) -> None:
        self.select_grid(None)
        self.grid_chosen.emit(None)

    def _on_view_zoomed(self) -> None:
        """Cells small on screen print their figure only (the code is in the tooltip), so
        labels and badges stay inside their cells."""
        if self._geometry is None or not self._geometry.shapes:
            return
        on_screen = self._geometry.median_height * self._view.transform().m11()
        compact = on_screen < COMPACT_BELOW_PX
        if compact == self._compact:
            return
        self._compact = compact
        self._labels.set_compact(compact)
        self._badges.set_compact(compact)

    def _on_view_cell_clicked(self, grid_id: int) -> None:
        if self._geometry is None or grid_id not in self._geometry.by_id:
            return
        code: str | None = self._geometry.by_id[grid_id].cell.code
        if grid_id == self._selected:
            code = None  # a second click on the chosen cell shows every grid again
        self.select_grid(code)
        self.grid_chosen.emit(code)

    def changeEvent(self, event: QEvent) -> None:
        super().changeEvent(event)
        if event.type() == QEvent.Type.LanguageChange:
            self._retranslate()

    def _retranslate(self) -> None:
        """Everything the map composes from data, in the new words: layer names, legend,
        status, the figures printed in the cells (hazard levels) and every tooltip."""
        for index, name in enumerate(style.layer_names().values()):
            self._layer.setItemText(index, name)
        self._restyle_all()  # tooltips are made when asked for: in the new words already
        self._update_legend()
        self._update_status()
