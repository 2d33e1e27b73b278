"""The hazard registry panel: filters, the live table, the 5×5 risk matrix and the detail."""

from __future__ import annotations

from PySide6.QtCore import (
    QEvent,
    QItemSelection,
    QSize,
    Qt,
    Signal,
)
from PySide6.QtGui import QCloseEvent, QColor, QFontMetrics
from PySide6.QtWidgets import (
    QComboBox,
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QPushButton,
    QSizePolicy,
    QSplitter,
    QTableView,
    QToolButton,
    QVBoxLayout,
    QWidget,
)

from console.app import App
from console.hazards.domain import (
    WATCHED,
    HazardCursor,
    HazardFilter,
    HazardKind,
    HazardPage,
    HazardRow,
    HazardStatus,
    RiskLevel,
    assess,
)
from console.hazards.service import HAZARD_MANAGERS
from widgets.changes.bus import ChangeBus
from widgets.common.background import BackgroundWork
from widgets.common.dock_scroll import is_wide, orient
from widgets.common.flow_layout import flow_container
from widgets.common.live_slices import LiveSlices
from widgets.common.tables import (
    filter_combo,
    owned_timer,
    row_table,
    search_field,
    select_source_row,
)
from widgets.hazards import labels as hl
from widgets.hazards.detail import HazardDetailPane
from widgets.hazards.dialogs import HazardDialog
from widgets.hazards.matrix import Cell, RiskMatrix
from widgets.hazards.table_model import Column, HazardProxy, HazardTableModel
from widgets.shell.theme import Theme, colors, current_theme

FIRST_PAGE = 300  # rows painted at once; the rest load off the GUI thread
PAGE_SIZE = 5000
SLICE_SIZE = 200  # live changes applied per event-loop turn
COUNTDOWN_MS = 60_000  # the countdown column moves once a minute
COUNTS_DEBOUNCE_MS = 400
SEARCH_DEBOUNCE_MS = 250

# Status filter choices: (key, statuses).
_STATUS_CHOICES: tuple[tuple[str, frozenset[HazardStatus]], ...] = (
    ("watched", WATCHED),
    ("active", frozenset({HazardStatus.ACTIVE})),
    ("mitigated", frozenset({HazardStatus.MITIGATED})),
    ("retired", frozenset({HazardStatus.RETIRED})),
    ("all", frozenset()),
)


class HazardRegistry(QWidget):
    """Every registered hazard, what it risks and when it is next to be inspected.

    The table holds every hazard (retired ones too; the status filter hides them by
    default). The first page paints at once; further pages load off the GUI thread.
    Live changes arrive through the console's change bus (``hazards_changed``) and are
    applied row by row. A click on a matrix cell filters the table to that cell; a second
    click, or Clear, removes the filter.

    Signals:
        hazard_selected(int): the selected hazard's id, or -1 when cleared.
        case_activated(int): a linked case was double-clicked in the detail pane.
    """

    hazard_selected = Signal(int)
    case_activated = Signal(int)

    first_page = FIRST_PAGE
    page_size = PAGE_SIZE

    def __init__(self, app: App, bus: ChangeBus, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("hazardRegistry")
        self._app = app
        self._work = BackgroundWork(self)  # the pages after the first, one after another
        self._loaded = False
        self._reloading = False  # pages update rows in place (``reload``), not append
        self._grid_ids: frozenset[int] = frozenset()  # the grid map's chosen cell
        self._bus = bus
        self._model = HazardTableModel(app.clock.now, self)
        self._model.setObjectName("hazardTableModel")
        self._proxy = HazardProxy(self._model, self)
        self._proxy.setObjectName("hazardProxy")
        self._counts_timer = owned_timer(self, COUNTS_DEBOUNCE_MS)
        self._pending = LiveSlices(self, self._apply_live_rows, lambda: SLICE_SIZE,
                                   also=self._counts_timer)
        self._search_timer = owned_timer(self, SEARCH_DEBOUNCE_MS)
        self._countdown_timer = owned_timer(self, COUNTDOWN_MS, single=False)
        self._countdown_timer.setObjectName("hazardCountdownTimer")

        self._build()
        self._populate_choices()
        self.set_theme(current_theme())
        self._connect_signals()
        self._load_first_page()
        self.refresh_counts()
        self._countdown_timer.start()

    # ---- building ----------------------------------------------------------------------

    def _combo(self, name: str, tooltip: str, chars: int) -> QComboBox:
        return filter_combo(self, name, tooltip, chars)

    def _build(self) -> None:
        self._register = QPushButton(self.tr("Register hazard…"), self)
        self._register.setObjectName("registerHazardButton")
        self._register.setProperty("primary", True)
        self._status = self._combo("hazardStatusFilter", self.tr("Filter by status"), 18)
        self._kind = self._combo("hazardKindFilter", self.tr("Filter by kind"), 20)
        self._search = search_field(self, "hazardSearch", self.tr("Search hazards"),
                                    self.tr("Search code, name, grid, unit…"), 160)
        self._cell_label = QLabel(self)
        self._cell_label.setObjectName("matrixFilterLabel")
        self._clear_cell = QToolButton(self)
        self._clear_cell.setObjectName("clearMatrixFilter")
        self._clear_cell.setText(self.tr("✕ Clear"))
        self._clear_cell.setToolTip(self.tr("Show every cell of the matrix again"))
        self._clear_cell.setProperty("stripButton", True)
        self._grid_label = QLabel(self)
        self._grid_label.setObjectName("hazardGridFilterLabel")
        self._clear_grid = QToolButton(self)
        self._clear_grid.setObjectName("clearHazardGridFilter")
        self._clear_grid.setText(self.tr("✕ All grids"))
        self._clear_grid.setToolTip(self.tr("Show the hazards of every grid again"))
        self._clear_grid.setAccessibleName(self.tr("Show every grid"))
        self._clear_grid.setProperty("stripButton", True)
        self._count = QLabel(self)
        self._count.setObjectName("hazardCount")
        self._count.setProperty("fieldName", True)
        # One line high: the strip's spare height goes to the list, not to this label.
        self._count.setSizePolicy(QSizePolicy.Policy.Preferred, QSizePolicy.Policy.Fixed)

        bar_box, bar = flow_container(self)
        for widget in (self._register, self._status, self._kind):
            widget.setParent(bar_box)
            bar.addWidget(widget)
        top = QHBoxLayout()
        top.setSpacing(8)
        top.addWidget(bar_box, 2)
        top.addWidget(self._search, 1, Qt.AlignmentFlag.AlignTop)
        cell_row = QHBoxLayout()
        cell_row.setSpacing(8)
        cell_row.addWidget(self._count)
        cell_row.addStretch(1)
        cell_row.addWidget(self._grid_label)
        cell_row.addWidget(self._clear_grid)
        cell_row.addWidget(self._cell_label)
        cell_row.addWidget(self._clear_cell)

        self._table = row_table(self, "hazardTable", self.tr("Registered hazards"),
                                self._proxy)
        header = self._table.horizontalHeader()
        header.setSortIndicator(Column.LEVEL, Qt.SortOrder.DescendingOrder)
        self._table.setSortingEnabled(True)
        self._size_columns()

        self._matrix = RiskMatrix(self)
        self._detail = HazardDetailPane(self._app, self)
        side = QSplitter(Qt.Orientation.Vertical, self)
        side.setObjectName("hazardSideSplitter")
        side.setChildrenCollapsible(False)
        side.addWidget(self._matrix)
        side.addWidget(self._detail)
        side.setStretchFactor(0, 2)
        side.setStretchFactor(1, 3)
        main = QSplitter(Qt.Orientation.Horizontal, self)
        main.setObjectName("hazardSplitter")
        main.setChildrenCollapsible(False)
        main.addWidget(self._table)
        main.addWidget(side)
        main.setStretchFactor(0, 3)
        main.setStretchFactor(1, 2)
        main.setSizes([620, 380])
        self._splitter = main
        self._side = side
        self._matrix.setMaximumHeight(300)
        self._cell_label.hide()
        self._clear_cell.hide()
        self._grid_label.hide()
        self._clear_grid.hide()

        layout = QVBoxLayout(self)
        layout.setContentsMargins(8, 8, 8, 4)
        layout.setSpacing(6)
        layout.addLayout(top)
        layout.addLayout(cell_row)
        layout.addWidget(main, 1)

    def _size_columns(self) -> None:
        metrics = self._table.fontMetrics()
        samples = {
            Column.LEVEL: hl.level_with_score(RiskLevel.EXTREME, 25),
            Column.CODE: "HZ-000000",
            Column.KIND: hl.kind_label(HazardKind.FLOOD_UNDERPASS),
            Column.GRID: "XH-00",
            Column.DUE: "overdue 23 d 23 h",
            Column.STATUS: hl.status_label(HazardStatus.MITIGATED),
            Column.LAST: "11-22 08:00",
            Column.UNIT: "M" * 16,
        }
        header = self._table.horizontalHeader()
        header.setMinimumSectionSize(48)
        header.setHighlightSections(False)
        header.setSectionResizeMode(QHeaderView.ResizeMode.Interactive)
        bold_font = self._table.font()
        bold_font.setBold(True)
        bold = QFontMetrics(bold_font)
        for column, sample in samples.items():
            title = str(self._model.headerData(column, Qt.Orientation.Horizontal))
            text = (bold if column in (Column.LEVEL, Column.DUE) else metrics).horizontalAdvance(
                sample)
            width = max(text, bold.horizontalAdvance(title) + 20)
            # The level's colour swatch takes an icon's width before the text.
            header.resizeSection(column, width + (48 if column == Column.LEVEL else 24))
        header.resizeSection(Column.NAME, metrics.horizontalAdvance("M") * 22)
        header.setStretchLastSection(True)

    def _populate_choices(self) -> None:
        self._status.blockSignals(True)
        self._kind.blockSignals(True)
        self._status.clear()
        names = {"watched": self.tr("Active and mitigated"), "active": self.tr("Active"),
                 "mitigated": self.tr("Mitigated"), "retired": self.tr("Retired"),
                 "all": self.tr("All statuses")}
        for key, _statuses in _STATUS_CHOICES:
            self._status.addItem(names[key], key)
        self._kind.clear()
        self._kind.addItem(self.tr("All kinds"), None)
        for kind in HazardKind:
            self._kind.addItem(hl.kind_label(kind), kind.value)
        self._status.blockSignals(False)
        self._kind.blockSignals(False)
        self._model.set_grid_names({g.id: f"{g.name_en} · {g.name_zh}"
                                    for g in self._app.district.grids()})
        manager = self._app.operator.role in HAZARD_MANAGERS
        self._register.setEnabled(manager)
        self._register.setToolTip(
            self.tr("Register a new hazard source") if manager
            else self.tr("Only coordinators and admins register hazards."))

    def _connect_signals(self) -> None:
        self._register.clicked.connect(self.open_register_dialog)
        self._status.currentIndexChanged.connect(self._on_filter_changed)
        self._kind.currentIndexChanged.connect(self._on_filter_changed)
        self._search.textChanged.connect(self._on_search_text_changed)
        self._clear_cell.clicked.connect(self._on_clear_cell_clicked)
        self._clear_grid.clicked.connect(self._on_clear_grid_clicked)
        self._matrix.cell_selected.connect(self._on_matrix_cell_selected)
        self._table.selectionModel().selectionChanged.connect(self._on_selection_changed)
        self._detail.hazard_changed.connect(self.refresh_hazard)
        self._detail.case_activated.connect(self.case_activated)
        self._bus.hazards_changed.connect(self.queue_hazard_ids)
        self._bus.hazards_changed.connect(self._detail.refresh_if_changed)
        self._bus.cases_changed.connect(self._detail.refresh_cases_if_changed)
        self._counts_timer.timeout.connect(self.refresh_counts)
        self._search_timer.timeout.connect(self._on_search_timer_timeout)
        self._countdown_timer.timeout.connect(self.refresh_countdown)
        self._proxy.rowsInserted.connect(self._update_count)
        self._proxy.rowsRemoved.connect(self._update_count)
        self._proxy.modelReset.connect(self._update_count)
        self._proxy.layoutChanged.connect(self._update_count)

    # ---- public ------------------------------------------------------------------------

    @property
    def model(self) -> HazardTableModel:
        return self._model

    @property
    def proxy(self) -> HazardProxy:
        return self._proxy

    @property
    def table(self) -> QTableView:
        return self._table

    @property
    def matrix(self) -> RiskMatrix:
        return self._matrix

    @property
    def detail(self) -> HazardDetailPane:
        return self._detail

    @property
    def loaded(self) -> bool:
        """True once every page of the registry is in the table."""
        return self._loaded

    def current_filter(self) -> HazardFilter:
        """The filter the table shows, from the widgets and the matrix selection."""
        key = self._status.currentData()
        statuses = dict(_STATUS_CHOICES).get(str(key), WATCHED)
        kind = self._kind.currentData()
        return HazardFilter(
            statuses=statuses,
            kinds=frozenset({HazardKind(kind)}) if kind else frozenset(),
            grid_ids=self._grid_ids,
            text=self._search.text().strip(),
            cell=self._matrix.selected,
        )

    def set_theme(self, theme: Theme) -> None:
        c = colors(theme)
        self._model.set_colors(hl.level_colors(theme), hl.due_colors(theme),
                               QColor(c.disabled_text))
        self._matrix.set_theme(theme)
        self._detail.set_theme(theme)

    def show_grid(self, code: str | None) -> None:
        """Show only the hazards of one grid cell (None: every grid)."""
        self._set_grid_filter(code)
        self._apply_filter()
        self.refresh_counts()

    def _set_grid_filter(self, code: str | None) -> None:
        grid = self._app.district.grid_by_code(code) if code else None
        self._grid_ids = frozenset({grid.id}) if grid is not None else frozenset()
        self._grid_label.setText(
            self.tr("Grid: {code}").format(code=grid.code) if grid is not None else "")
        self._grid_label.setVisible(grid is not None)
        self._clear_grid.setVisible(grid is not None)

    def set_matrix_cell(self, cell: Cell | None) -> None:
        """Filter the table to one cell of the matrix (None: every cell)."""
        self._matrix.select(cell)
        self._apply_filter()

    def selected_hazard_id(self) -> int:
        rows = self._table.selectionModel().selectedRows()
        if not rows:
            return -1
        return self._model.row_at(self._proxy.mapToSource(rows[0]).row()).id

    def select_hazard(self, hazard_id: int) -> bool:
        """Select the hazard's row and scroll to it; False when the filters hide it."""
        return select_source_row(self._table, self._model.row_of(hazard_id))

    def show_hazard(self, code: str) -> None:
        """Bring a hazard onto the table (clearing filters that hide it) and select it."""
        row = self._app.hazards.get(code).row
        self._model.apply_rows([row])
        if not self.select_hazard(row.id):
            self._clear_filters()
            self.select_hazard(row.id)
        self.refresh_counts()

    def open_register_dialog(self) -> HazardDialog:
        dialog = HazardDialog(self._app, None, self)
        dialog.hazard_saved.connect(self.show_hazard)
        dialog.finished.connect(dialog.deleteLater)
        dialog.open()
        return dialog

    def queue_hazard_ids(self, hazard_ids: list[int]) -> None:
        """Hazards changed somewhere: bring their rows up to date in small slices."""
        self._pending.queue(hazard_ids)

    def refresh_hazard(self, hazard_id: int) -> None:
        self.queue_hazard_ids([hazard_id])

    def refresh_counts(self) -> None:
        """Matrix counts for the current filter without its cell (a few indexed counts)."""
        self._matrix.set_counts(self._app.hazards.matrix_counts(self.current_filter()))
        self._update_count()

    def changeEvent(self, event: QEvent) -> None:
        super().changeEvent(event)
        if event.type() == QEvent.Type.LanguageChange:
            self._update_count()  # "{shown} of {total} hazards shown" in the new words

    def refresh_countdown(self) -> None:
        """Time passed: repaint the countdown of the rows on screen, and the detail's."""
        viewport = self._table.viewport()
        first = self._table.rowAt(0)
        last = self._table.rowAt(viewport.height() - 1)
        if first < 0:
            self._model.refresh_countdown([])
        else:
            last = last if last >= 0 else self._proxy.rowCount() - 1
            rows = [self._proxy.mapToSource(self._proxy.index(r, 0)).row()
                    for r in range(first, last + 1)]
            self._model.refresh_countdown(rows)
        self._detail.refresh_countdown()

    def shutdown(self) -> None:
        """Stop the timers and any page still loading (the composition root calls this
        when the window closes; it also happens when the panel is destroyed)."""
        self._pending.stop()
        for running in (self._countdown_timer, self._counts_timer, self._search_timer):
            running.stop()
        self._work.cancel()  # the page being read is the last
        self._work.wait_idle()

    def fit_to_room(self, room: QSize) -> None:
        """In the window's low, wide bottom strip the matrix and the detail sit side by
        side, so the list keeps the strip's height; stacked in a tall dock."""
        orient(self._side, room, 0.4)
        # Stacked, the matrix stops at 300 px so the detail below keeps its room; side by
        # side it may not cap the strip's height (the list would lose it).
        self._matrix.setMaximumHeight(16777215 if is_wide(room) else 300)

    def closeEvent(self, event: QCloseEvent) -> None:
        self.shutdown()
        super().closeEvent(event)

    # ---- loading -----------------------------------------------------------------------

    def reload(self) -> None:
        """Read every hazard afresh, page by page (the seat was away longer than the
        change feed keeps changes): rows are updated in place and new ones added."""
        self._reloading = True
        self._load_first_page()
        self.refresh_counts()

    def _load_first_page(self) -> None:
        page = self._app.hazards.rows_page(self.first_page)
        self._take_page(page.rows)
        if page.next_cursor is None:
            self._loaded = True
            self._reloading = False
            return
        self._load_page_after(page.next_cursor)

    def _take_page(self, rows: list[HazardRow]) -> None:
        if self._reloading:
            self._model.apply_rows(rows)
        else:
            self._model.append_rows(rows)

    def _load_page_after(self, after: HazardCursor) -> None:
        """Read the next page off the GUI thread; it is appended when it arrives, and the
        one after it is asked for then."""
        rows_page, size = self._app.hazards.rows_page, self.page_size
        self._work.start(lambda: rows_page(size, after), self._on_page_read,
                         self._on_page_failed)

    def _on_page_read(self, page: HazardPage) -> None:
        if page.rows:
            self._take_page(page.rows)
        if page.next_cursor is not None:
            self._load_page_after(page.next_cursor)
            return
        self._loaded = True
        self._reloading = False
        self._update_count()

    def _on_page_failed(self, message: str) -> None:
        self._loaded = True  # no more pages come; the ones so far stay shown
        self._reloading = False
        self._count.setText(self.tr("Could not load every hazard: {error}").format(
            error=message))

    # ---- live updates ----------------------------------------------------------------

    def _apply_live_rows(self, chunk: list[int]) -> None:
        self._model.apply_rows(self._app.hazards.rows_by_ids(chunk))

    # ---- filters -----------------------------------------------------------------------

    def _apply_filter(self) -> None:
        flt = self.current_filter()
        self._proxy.set_filter(flt)
        if flt.cell is not None:
            self._cell_label.setText(self.tr("Matrix: {cell} ({level})").format(
                cell=hl.cell_label(*flt.cell),
                level=hl.level_label(_level_of(flt.cell))))
        self._cell_label.setVisible(flt.cell is not None)
        self._clear_cell.setVisible(flt.cell is not None)
        self._update_count()

    def _clear_filters(self) -> None:
        for widget in (self._status, self._kind, self._search):
            widget.blockSignals(True)
        self._status.setCurrentIndex(self._status.findData("all"))
        self._kind.setCurrentIndex(0)
        self._search.clear()
        for widget in (self._status, self._kind, self._search):
            widget.blockSignals(False)
        self._set_grid_filter(None)
        self._matrix.select(None)
        self._apply_filter()
        self.refresh_counts()

    def _update_count(self) -> None:
        shown = self._proxy.rowCount()
        total = self._model.rowCount()
        if total == 0 and self._loaded:
            self._count.setText(self.tr("No hazards registered yet."))
            return
        text = self.tr("{shown} of {total} hazards shown").format(shown=shown, total=total)
        if not self._loaded:
            text += self.tr(" (loading…)")
        self._count.setText(text)

    # ---- slots -------------------------------------------------------------------------

    def _on_filter_changed(self, _index: int) -> None:
        self._apply_filter()
        self.refresh_counts()

    def _on_search_text_changed(self, _text: str) -> None:
        self._apply_filter()
        self._search_timer.start()

    def _on_search_timer_timeout(self) -> None:
        self.refresh_counts()

    def _on_matrix_cell_selected(self, _cell: object) -> None:
        self._apply_filter()

    def _on_clear_cell_clicked(self) -> None:
        self.set_matrix_cell(None)

    def _on_clear_grid_clicked(self) -> None:
        self.show_grid(None)

    def _on_selection_changed(self, _selected: QItemSelection,
                              _deselected: QItemSelection) -> None:
        hazard_id = self.selected_hazard_id()
        if hazard_id != -1 or self._detail.hazard_id == -1:
            self._detail.show_hazard_id(hazard_id)
        self.hazard_selected.emit(hazard_id)


def _level_of(cell: Cell) -> RiskLevel:
    return assess(*cell)[1]

