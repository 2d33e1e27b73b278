"""The case board: stage counts, filters, quick search and the live table of cases, with
countdowns to each case's next deadline and a banner for new breaches.

Over 600 lines on purpose: ``CaseBoard`` is one panel whose parts share one state (the
filter, the open load running in the background, the history pages, the live slices and
the selection kept across them); the parts that stand alone already live beside it
(``table_model``, ``board_filter``, ``stage_strip``, ``new_case_dialog``).
"""

from __future__ import annotations

from PySide6.QtCore import (
    QEvent,
    QItemSelection,
    QObject,
    QPoint,
    Qt,
    QTimer,
    Signal,
)
from PySide6.QtGui import QFontMetrics, QKeySequence, QShortcut
from PySide6.QtWidgets import (
    QCheckBox,
    QComboBox,
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QMenu,
    QPushButton,
    QTableView,
    QVBoxLayout,
    QWidget,
)

from console.app import App
from console.cases.query import OVERDUE_LEVEL, CaseFilter, PageCursor, Scope
from console.core.domain import OPEN_STAGES, CaseRow, Category, Severity, Stage, StageCounts
from console.territory.grid_map import ALL_CASES, CaseScope
from widgets.cases.board_filter import CaseBoardProxy
from widgets.cases.stage_strip import CLOSED_KEY, PAUSED_KEY, StageCountStrip
from widgets.cases.table_model import CaseBoardModel, Column
from widgets.common import labels
from widgets.common.background import BackgroundWork
from widgets.common.flow_layout import flow_container
from widgets.common.grid_picker import GridPicker
from widgets.common.live_slices import LiveSlices
from widgets.common.row_model import ascending_runs
from widgets.common.tables import (
    fill_combo,
    filter_combo,
    owned_timer,
    row_table,
    search_field,
    select_source_row,
)
from widgets.common.time_text import countdown_text, duration_text
from widgets.shell.escalation_banner import EscalationBanner
from widgets.shell.theme import Theme, current_theme, escalation_colors, severity_colors

PAGE_SIZE = 200  # closed cases per history page
FIRST_PAINT_SIZE = 200  # the most urgent open cases, shown before the rest has loaded
SLICE_SIZE = 200  # live changes applied per event-loop turn
MERGE_SLICE_SIZE = 500  # rows of the background load inserted per event-loop turn
COUNTS_DEBOUNCE_MS = 500  # stage counts refresh at most twice a second
SEARCH_DEBOUNCE_MS = 300  # history search goes to the database; wait for a pause in typing
AGE_REFRESH_MS = 30_000
COUNTDOWN_MS = 1000  # the Due column ticks once a second
# The rest of the open board is read once its first rows are on screen (or this long
# after a reload at the latest): that thread would otherwise hold Python's lock while the
# window is still being built and painted (0.15 s of a cold start, measured).
FIRST_PAINT_WAIT_MS = 1000
_OPEN_LOAD = "open board"  # the background load's kind of request: a newer one drops the older
# Shown on demand (right-click the header): at 1600 px, beside the detail pane, the title
# needs the room more. Due says how pressing a case is; the detail pane has the times.
HIDDEN_AT_FIRST = (Column.REPORTED, Column.AGE, Column.UPDATED)


def _counted_as(row: CaseRow) -> tuple[Stage, bool, bool]:
    """What the stage counts count a case by: its stage, paused, overdue."""
    return row.stage, row.paused, row.escalation_level >= OVERDUE_LEVEL


class CaseBoard(QWidget):
    """The center of the console: what is open, in which stage, and what just changed.

    The open scope holds every open case matching the server-side filters: the most
    urgent ``first_paint_size`` at once, the rest loaded in a pool thread and merged in
    slices; live changes are applied row by row in slices (never a reset). The history
    scope pages closed cases, newest closure first.

    Signals:
        case_selected(int): the selected case's id, or -1 when the person cleared it.
        counts_changed(object): fresh ``StageCounts`` for the status bar.
        escalated(list): ``CaseRow``s that just breached a deadline (level 2 or 3); the
            banner names them, the window may alert the taskbar.
        loaded(int): the open board holds every case matching its filters (how many).
        grid_shown(object): the board now shows one grid's cases (its code) or every
            grid's (None), whoever changed the filter.
        case_scope_changed(object): the category and severity filters, as the
            ``CaseScope`` the grid map counts by.
    """

    case_selected = Signal(int)
    counts_changed = Signal(object)
    escalated = Signal(list)
    loaded = Signal(int)
    grid_shown = Signal(object)
    case_scope_changed = Signal(object)

    page_size = PAGE_SIZE
    first_paint_size = FIRST_PAINT_SIZE
    slice_size = SLICE_SIZE
    merge_slice_size = MERGE_SLICE_SIZE

    def __init__(self, app: App, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self._last_scope = ALL_CASES  # what the map was last told to count
        self.setObjectName("caseBoard")
        self._app = app
        self._filter = CaseFilter()
        self._shown_grid_ids: frozenset[int] = frozenset()
        self._cursors: list[PageCursor | None] = [None]
        self._next_cursor: PageCursor | None = None
        self._reshaping = 0  # > 0 while rows move, vanish or reload under the selection
        self._shown_case = -1  # the case last announced with case_selected
        self._restoring = False
        # The background load (a reload cancels the one under way: its rows never
        # arrive), rows waiting to be merged, and the cases the live path fetched since it
        # began (fresher than the load's snapshot, so the merge leaves them alone).
        self._work = BackgroundWork(self)
        self._merging: list[CaseRow] = []
        self._fetched_live: set[int] | None = None  # None: no load under way
        self._painted = False  # the table has painted rows once
        self._load_waiting: CaseFilter | None = None  # the load that waits for that

        self._model = CaseBoardModel(app.clock.now, self)
        self._model.setObjectName("caseBoardModel")
        self._proxy = CaseBoardProxy(self._model, self)
        self._proxy.setObjectName("caseBoardProxy")

        self._counts: StageCounts | None = None  # the last stage counts read
        self._merge_timer = owned_timer(self, 0)
        self._counts_timer = owned_timer(self, COUNTS_DEBOUNCE_MS)
        self._pending = LiveSlices(self, self._apply_live_rows, lambda: self.slice_size)
        self._search_timer = owned_timer(self, SEARCH_DEBOUNCE_MS)
        self._age_timer = QTimer(self)
        self._age_timer.setInterval(AGE_REFRESH_MS)
        self._countdown_timer = QTimer(self)
        self._countdown_timer.setObjectName("countdownTimer")
        self._countdown_timer.setInterval(COUNTDOWN_MS)
        self._unseen_timer = owned_timer(self, 0)  # the board is not on screen: load now
        self._unseen_timer.timeout.connect(self._load_now_if_unseen)
        self._paint_wait_timer = owned_timer(self, FIRST_PAINT_WAIT_MS)
        self._paint_wait_timer.timeout.connect(self._start_waiting_load)

        self._build()
        self._populate_choices()
        self.set_theme(current_theme())
        self._connect_signals()
        self._apply_scope_defaults()
        self.reload()
        self.refresh_counts()
        self._age_timer.start()
        self._countdown_timer.start()

    # ---- building ----------------------------------------------------------------------

    def _combo(self, name: str, tooltip: str, chars: int,
               combo: QComboBox | None = None) -> QComboBox:
        return filter_combo(self, name, tooltip, chars, combo)

    def _build(self) -> None:
        self._banner = EscalationBanner(self)
        self._strip = StageCountStrip(self)

        self._scope = self._combo("scopeCombo", self.tr("Open cases, or the closed history"), 5)
        self._stage = self._combo("stageFilter", self.tr("Filter by stage"), 9)
        self._severity = self._combo("severityFilter", self.tr("Filter by severity"), 8)
        self._category = self._combo("categoryFilter", self.tr("Filter by category"), 9)
        # Typed to find a grid among thousands: code, name or pinyin (retired ones too:
        # their cases are history worth filtering).
        self._grid = GridPicker(self, name="gridFilter", key="id",
                                find=self._app.district.search_grids, include_retired=True,
                                restore_on_leave=True)
        self._combo("gridFilter", self.tr("Filter by grid cell"), 7, self._grid)
        self._grid.setAccessibleName(self.tr("Grid filter"))
        self._team = self._combo("teamFilter", self.tr("Filter by owner team"), 8)
        self._search = search_field(self, "quickSearch", self.tr("Quick search"),
                                    self.tr("Search ref, title, grid… (Ctrl+F)"))
        self._overdue = QCheckBox(self.tr("Overdue only"), self)
        self._overdue.setObjectName("overdueOnly")
        self._overdue.setToolTip(
            self.tr("Only open cases past a deadline (breached, level 2 or 3)"))
        self._new_case = QPushButton(self.tr("New case"), self)
        self._new_case.setObjectName("newCaseButton")
        self._new_case.setProperty("primary", True)
        self._new_case.setToolTip(self.tr("Report a new case (Ctrl+N)"))
        self._find_shortcut = QShortcut(QKeySequence(QKeySequence.StandardKey.Find), self)

        # Filters and search wrap onto a second line when the board is narrow.
        filters_box, filters = flow_container(self)
        filters_box.setObjectName("boardFilters")
        for widget in (self._scope, self._stage, self._severity, self._category, self._grid,
                       self._team, self._overdue, self._search):
            widget.setParent(filters_box)
            filters.addWidget(widget)

        self._table = row_table(self, "caseTable", self.tr("Cases"))
        self._table.viewport().installEventFilter(self)  # its first paint (see reload)
        # Before the view's selection model connects: know that rows are about to move or
        # vanish before it reports the selection it loses (see _on_selection_changed) ...
        self._proxy.rowsAboutToBeRemoved.connect(self._on_proxy_reshaping)
        self._proxy.layoutAboutToBeChanged.connect(self._on_proxy_reshaping)
        self._proxy.modelAboutToBeReset.connect(self._on_proxy_reshaping)
        self._table.setModel(self._proxy)
        # ... and after it: stop knowing once it has.
        self._proxy.rowsRemoved.connect(self._on_proxy_reshaped)
        self._proxy.layoutChanged.connect(self._on_proxy_reshaped)
        self._proxy.modelReset.connect(self._on_proxy_reshaped)
        self._proxy.rowsInserted.connect(self._on_proxy_rows_inserted)
        self._table.setSortingEnabled(True)
        header = self._table.horizontalHeader()
        header.setContextMenuPolicy(Qt.ContextMenuPolicy.CustomContextMenu)
        header.setToolTip(self.tr("Click to sort; right-click to choose the columns"))
        for column in HIDDEN_AT_FIRST:
            header.setSectionHidden(column, True)
        self._size_columns()

        self._newer = QPushButton(self.tr("◀ Newer"), self)
        self._newer.setObjectName("pageNewer")
        self._older = QPushButton(self.tr("Older ▶"), self)
        self._older.setObjectName("pageOlder")
        self._page_label = QLabel(self)
        self._page_label.setObjectName("pageLabel")
        self._paging = QWidget(self)
        paging = QHBoxLayout(self._paging)
        paging.setContentsMargins(0, 0, 0, 0)
        paging.addWidget(self._newer)
        paging.addWidget(self._page_label)
        paging.addWidget(self._older)
        paging.addStretch(1)

        self._notice = QLabel(self)
        self._notice.setObjectName("boardNotice")
        self._notice.setWordWrap(True)
        self._notice.hide()

        layout = QVBoxLayout(self)
        layout.setContentsMargins(8, 8, 8, 4)
        layout.setSpacing(8)
        layout.addWidget(self._banner)
        top = QHBoxLayout()
        top.setSpacing(12)
        top.addWidget(self._new_case, 0, Qt.AlignmentFlag.AlignTop)
        top.addWidget(self._strip, 1)
        layout.addLayout(top)
        layout.addWidget(filters_box)
        layout.addWidget(self._notice)
        layout.addWidget(self._table, 1)
        layout.addWidget(self._paging)

    def _size_columns(self) -> None:
        """Widths that fit the longest usual value; the title takes what is left.
        (The search box too: it must show its whole hint.)"""
        self._search.ensurePolished()
        self._search.setFixedWidth(self._search.fontMetrics().horizontalAdvance(
            self._search.placeholderText()) + 48)
        self._table.ensurePolished()  # measure with the theme's font
        metrics = self._table.fontMetrics()
        samples = {
            Column.REF: "★ C-2026-000000",
            Column.SEV: labels.severity_label(Severity.CRITICAL),
            # The widest word in the interface language (环境 is short, 矛盾纠纷调解 is not).
            Column.CATEGORY: max((labels.category_label(c) for c in Category),
                                 key=metrics.horizontalAdvance),
            Column.STAGE: labels.stage_status(Stage.IN_PROGRESS, True),
            Column.DUE: self.tr("{kind} {late} late").format(
                kind=max((labels.deadline_kind_label(k) for k in ("register", "dispatch",
                                                                  "resolve")),
                         key=metrics.horizontalAdvance),
                late=countdown_text(23 * 3600 + 59 * 60)),
            Column.LEVEL: labels.level_mark(3),
            Column.GRID: "XH-00",
            Column.TEAM: "RESCUE-1",
            Column.REPORTED: "11-22 08:00",
            Column.AGE: duration_text(23 * 3600 + 59 * 60),
            Column.UPDATED: "23 h 59 m ago",
        }
        bold = self._table.font()
        bold.setBold(True)
        self._model.set_emphasis_font(bold)
        bold_metrics = QFontMetrics(bold)
        header = self._table.horizontalHeader()
        header.setMinimumSectionSize(48)
        header.setHighlightSections(False)
        for column, sample in samples.items():
            title = self._model.headerData(column, Qt.Orientation.Horizontal)
            measure = bold_metrics if column == Column.LEVEL else metrics
            width = max(measure.horizontalAdvance(sample), metrics.horizontalAdvance(title) + 16)
            header.resizeSection(column, width + 14)
        header.setSectionResizeMode(QHeaderView.ResizeMode.Interactive)
        header.setSectionResizeMode(Column.TITLE, QHeaderView.ResizeMode.Stretch)

    def _populate_choices(self) -> None:
        """Fill the filter combos (again after the district changed), keeping choices."""
        kept = {combo: combo.currentData() for combo in self._filter_combos()}
        for combo in (self._scope, *self._filter_combos()):
            combo.blockSignals(True)
        if self._scope.count() == 0:
            self._scope.addItem(self.tr("Open"), Scope.OPEN.value)
            self._scope.addItem(self.tr("History"), Scope.HISTORY.value)
        fill_combo(self._stage, self.tr("All open stages"),
                   [(labels.stage_label(s), s.value) for s in OPEN_STAGES])
        fill_combo(self._severity, self.tr("All severities"),
                   [(labels.severity_label(s), int(s)) for s in Severity])
        fill_combo(self._category, self.tr("All categories"),
                   [(labels.category_label(c), c.value) for c in Category])
        self._grid.set_grids(self._app.district.grids(), self.tr("All grids"))
        fill_combo(self._team, self.tr("All teams"),
                   [(t.code, t.id) for t in self._app.district.teams()])
        for combo, value in kept.items():
            combo.setCurrentIndex(max(combo.findData(value), 0) if value is not None else 0)
        for combo in (self._scope, *self._filter_combos()):
            combo.blockSignals(False)
        self._model.set_reference_names(
            {g.id: labels.place_name(g) for g in self._app.district.grids()},
            {t.id: f"{t.code} — {labels.place_name(t)}" for t in self._app.district.teams()},
        )

    def _filter_combos(self) -> tuple[QComboBox, ...]:
        return (self._stage, self._severity, self._category, self._grid, self._team)

    def _connect_signals(self) -> None:
        self._strip.stage_clicked.connect(self._on_strip_stage_clicked)
        self._scope.currentIndexChanged.connect(self._on_scope_changed)
        for combo in self._filter_combos():
            combo.currentIndexChanged.connect(self._on_filter_changed)
        self._stage.currentIndexChanged.connect(self._on_stage_filter_changed)
        self._search.textChanged.connect(self._on_search_text_changed)
        self._overdue.toggled.connect(self._on_overdue_toggled)
        self._strip.overdue_clicked.connect(self._on_strip_overdue_clicked)
        self._banner.case_clicked.connect(self.select_case)
        self._model.escalated.connect(self._banner.announce)
        self._model.escalated.connect(self.escalated)
        self._merge_timer.timeout.connect(self._merge_slice)
        self._countdown_timer.timeout.connect(self.refresh_countdowns)
        self._find_shortcut.activated.connect(self._on_find_shortcut_activated)
        self._new_case.clicked.connect(self.open_new_case_dialog)
        self._newer.clicked.connect(self._on_newer_clicked)
        self._older.clicked.connect(self._on_older_clicked)
        self._table.selectionModel().selectionChanged.connect(self._on_selection_changed)
        self._table.horizontalHeader().customContextMenuRequested.connect(
            self._on_header_menu_requested)
        self._counts_timer.timeout.connect(self.refresh_counts)
        self._search_timer.timeout.connect(self._on_search_timer_timeout)
        self._age_timer.timeout.connect(self._model.refresh_ages)

    # ---- public ------------------------------------------------------------------------

    @property
    def model(self) -> CaseBoardModel:
        return self._model

    @property
    def proxy(self) -> CaseBoardProxy:
        return self._proxy

    @property
    def table(self) -> QTableView:
        return self._table

    @property
    def banner(self) -> EscalationBanner:
        return self._banner

    @property
    def countdown_timer(self) -> QTimer:
        return self._countdown_timer

    @property
    def loading(self) -> bool:
        """Whether the rest of the open board is still being loaded or merged."""
        return self._fetched_live is not None

    @property
    def current_filter(self) -> CaseFilter:
        """The server-side filter the rows on the board were loaded with."""
        return self._filter

    def selected_case_id(self) -> int:
        rows = self._table.selectionModel().selectedRows()
        if not rows:
            return -1
        source = self._proxy.mapToSource(rows[0])
        return self._model.row_at(source.row()).id

    def set_theme(self, theme: Theme) -> None:
        self._model.set_severity_colors(severity_colors(theme))
        self._model.set_level_colors(escalation_colors(theme))

    def changeEvent(self, event: QEvent) -> None:
        super().changeEvent(event)
        if event.type() == QEvent.Type.FontChange:
            self._size_columns()  # a theme's style sheet sets the font after construction
        elif event.type() == QEvent.Type.LanguageChange:
            # Static texts were re-labelled (widgets.shell.i18n); the composed ones are redone.
            self._size_columns()
            self.refresh_counts()

    def reload(self) -> None:
        """Load the board afresh for the current filters (one reset).

        The open board first shows the most urgent ``first_paint_size`` cases; if there
        may be more, the rest is read in a pool thread and merged in without a reset."""
        self._filter = self._filter_from_widgets()
        if self._filter.grid_ids != self._shown_grid_ids:
            self._shown_grid_ids = self._filter.grid_ids
            self.grid_shown.emit(self.shown_grid_code())
        self._work.cancel(_OPEN_LOAD)
        self._load_waiting = None
        self._merging = []
        self._merge_timer.stop()
        self._fetched_live = None
        self._notice.hide()
        if self._filter.scope is Scope.OPEN:
            rows = self._app.cases.open_page(self._filter, self.first_paint_size)
            self._model.reset_rows(rows)
            if len(rows) < self.first_paint_size:
                self.loaded.emit(self._model.rowCount())
            else:
                self._fetched_live = set()
                self._load_waiting = self._filter
                if self._painted:
                    self._start_waiting_load()
                else:
                    self._unseen_timer.start()
                    self._paint_wait_timer.start(FIRST_PAINT_WAIT_MS)
        else:
            page = self._app.cases.history_page(
                self._filter, limit=self.page_size, after=self._cursors[-1])
            self._next_cursor = page.next_cursor
            self._model.reset_rows(page.rows)
            self._update_paging()

    def _start_waiting_load(self) -> None:
        """Read the rest of the open board in a pool thread (what ``reload`` left
        waiting for the first paint)."""
        flt, self._load_waiting = self._load_waiting, None
        self._paint_wait_timer.stop()
        if flt is None:
            return
        open_cases = self._app.cases.open_cases
        self._work.start(lambda: open_cases(flt), self._on_open_cases_read,
                         self._on_open_cases_failed, kind=_OPEN_LOAD)

    def _load_now_if_unseen(self) -> None:
        if not self.isVisible():  # no paint is coming (a board without a window)
            self._start_waiting_load()

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:
        if (not self._painted and event.type() == QEvent.Type.Paint
                and watched is self._table.viewport()):
            self._painted = True
            if self._load_waiting is not None:
                self._paint_wait_timer.start(0)  # once this paint is done
        return super().eventFilter(watched, event)

    def shut_down(self, msecs: int = 5000) -> None:
        """Stop ticking and wait (a bounded time) for a background load to end."""
        self._countdown_timer.stop()
        self._age_timer.stop()
        self._work.cancel()  # whatever the load brings now is stale
        self._work.wait_idle(msecs)

    def refresh_all_cases(self) -> None:
        """Deadlines moved for many cases at once (an SLA policy edit): bring every row
        on the board up to date, in the same small slices as live changes."""
        self.queue_case_ids(self._model.case_ids())

    def refresh_countdowns(self) -> None:
        """Repaint the Due cells of the rows on screen, measured from now."""
        self._model.refresh_countdowns(self._visible_source_runs())

    def _visible_source_runs(self) -> list[tuple[int, int]]:
        """(first, last) runs of model rows behind the rows the viewport shows now (none
        while the table is not on screen: a headless seat's board, a hidden tab)."""
        count = self._proxy.rowCount()
        if count == 0 or not self._table.isVisible():
            return []
        first = self._table.rowAt(0)
        if first < 0:
            return []
        last = self._table.rowAt(self._table.viewport().height() - 1)
        if last < 0:
            last = count - 1
        return ascending_runs(self._proxy.mapToSource(self._proxy.index(r, 0)).row()
                              for r in range(first, last + 1))

    def reload_reference_data(self) -> None:
        """The district changed (grids or teams): refill the choices and reload."""
        self._populate_choices()
        self.reload()

    def queue_case_ids(self, case_ids: list[int]) -> None:
        """Cases changed somewhere: bring their rows up to date in small slices."""
        self._pending.queue(case_ids)

    def refresh_case(self, case_id: int) -> None:
        self.queue_case_ids([case_id])

    def open_new_case_dialog(self) -> None:
        # Loaded with the first new case: its map and the address search bring pyproj.
        from widgets.cases.new_case_dialog import NewCaseDialog

        dialog = NewCaseDialog(self._app, self)
        dialog.case_reported.connect(self.show_case)
        dialog.finished.connect(dialog.deleteLater)
        dialog.open()

    def show_case(self, reference: str) -> None:
        """Put the case on the board (clearing filters that would hide it) and select it."""
        row = self._app.cases.get(reference).row
        if not (self._filter.matches(row) and self._proxy.accepts(row)):
            self._clear_filters()
            self.reload()
        else:
            self._model.apply_rows([row], self._filter)
        self.select_case(row.id)
        self._counts_timer.start()

    def show_category(self, value: str | None) -> None:
        """Filter the board to one category (None: every one), as its combo does."""
        index = self._category.findData(value) if value else 0
        self._category.setCurrentIndex(max(index, 0))

    def show_grid(self, code: str | None) -> None:
        """Filter the board to one grid cell (None: every grid), as the grid combo does."""
        index = self._grid.findData(self._app.district.grid_by_code(code).id) if code else 0
        self._grid.setCurrentIndex(max(index, 0))

    def select_case(self, case_id: int) -> bool:
        """Select the case's row and scroll to it; False when it is not on the board."""
        return select_source_row(self._table, self._model.row_of(case_id))

    # ---- live updates ----------------------------------------------------------------

    def _apply_live_rows(self, chunk: list[int]) -> None:
        """Apply one slice of queued changes (at most ``slice_size`` cases)."""
        rows = self._app.cases.rows_by_ids(chunk)
        if self._fetched_live is not None:
            self._fetched_live.update(chunk)
        if not self._counts_timer.isActive() and self._moves_counts(chunk, rows):
            self._counts_timer.start()
        if self._filter.scope is Scope.HISTORY:
            # A history page is a fixed window: update what it shows, add nothing.
            rows = [r for r in rows if self._model.row_of(r.id) is not None]
        self._model.apply_rows(rows, self._filter)

    def _moves_counts(self, chunk: list[int], rows: list[CaseRow]) -> bool:
        """Whether the changed cases can move the stage counts: one the board did not
        hold (new, outside the filter: not known), gone, or now in another stage, pause
        or overdue state than the board showed. A note or an edit moves none of them:
        twenty seats need not recount the city's open cases for each."""
        if len(rows) != len(chunk):
            return True
        model = self._model
        for row in rows:
            pos = model.row_of(row.id)
            if pos is None or _counted_as(model.row_at(pos)) != _counted_as(row):
                return True
        return False

    def _on_open_cases_read(self, rows: list[CaseRow]) -> None:
        self._merging = rows
        self._merge_timer.start()

    def _on_open_cases_failed(self, message: str) -> None:
        self._fetched_live = None
        self._notice.setText(self.tr(
            "Only the {n} most urgent cases are shown: the rest could not be read ({error}). "
            "Change a filter to try again.").format(n=self._model.rowCount(), error=message))
        self._notice.show()

    def _merge_slice(self) -> None:
        """Insert the next slice of the background load (never a reset)."""
        chunk = self._merging[:self.merge_slice_size]
        del self._merging[:self.merge_slice_size]
        fresher = self._fetched_live or set()
        self._model.insert_rows(r for r in chunk if r.id not in fresher)
        if self._merging:
            self._merge_timer.start()
        else:
            self._fetched_live = None
            self.loaded.emit(self._model.rowCount())

    @property
    def counts(self) -> StageCounts | None:
        """The stage counts last read (None before the first read)."""
        return self._counts

    def refresh_counts(self) -> None:
        """Read the stage counts (a few indexed counts) and show them."""
        counts = self._app.cases.stage_counts()
        self._counts = counts
        self._strip.set_counts(counts)
        self.counts_changed.emit(counts)

    # ---- filters -----------------------------------------------------------------------

    def _scope_value(self) -> Scope:
        return Scope(self._scope.currentData())

    def _filter_from_widgets(self) -> CaseFilter:
        scope = self._scope_value()
        stage = self._stage.currentData()
        severity = self._severity.currentData()
        category = self._category.currentData()
        grid = self._grid.currentData()
        team = self._team.currentData()
        return CaseFilter(
            scope=scope,
            stages=frozenset({Stage(stage)}) if stage and scope is Scope.OPEN else frozenset(),
            severities=frozenset({Severity(severity)}) if severity else frozenset(),
            categories=frozenset({Category(category)}) if category else frozenset(),
            grid_ids=frozenset({int(grid)}) if grid else frozenset(),
            team_ids=frozenset({int(team)}) if team else frozenset(),
            overdue_only=self._overdue.isChecked() and scope is Scope.OPEN,
            text=self._search.text().strip() if scope is Scope.HISTORY else "",
        )

    def _clear_filters(self) -> None:
        widgets = (self._scope, *self._filter_combos(), self._search, self._overdue)
        for widget in widgets:
            widget.blockSignals(True)
        self._scope.setCurrentIndex(0)
        for combo in self._filter_combos():
            combo.setCurrentIndex(0)
        self._search.clear()
        self._overdue.setChecked(False)
        for widget in widgets:
            widget.blockSignals(False)
        self._proxy.set_paused_only(False)
        self._cursors = [None]
        self._emit_case_scope()
        self._apply_scope_defaults()

    def _apply_scope_defaults(self) -> None:
        """What changes with the scope: stage filter, paging, search and default sort."""
        history = self._scope_value() is Scope.HISTORY
        self._stage.setEnabled(not history)
        self._overdue.setEnabled(not history)
        self._paging.setVisible(history)
        self._proxy.set_text("" if history else self._search.text().strip())
        if history:
            self._proxy.set_paused_only(False)
            self._table.sortByColumn(Column.UPDATED, Qt.SortOrder.DescendingOrder)
        else:
            self._table.sortByColumn(Column.SEV, Qt.SortOrder.AscendingOrder)
        self._sync_strip()

    def _sync_strip(self) -> None:
        self._strip.set_overdue_checked(
            self._overdue.isChecked() and self._scope_value() is Scope.OPEN)
        if self._scope_value() is Scope.HISTORY:
            self._strip.set_checked(CLOSED_KEY)
        elif self._proxy.paused_only:
            self._strip.set_checked(PAUSED_KEY)
        else:
            self._strip.set_checked(self._stage.currentData() or "")

    def _update_paging(self) -> None:
        page = len(self._cursors)
        self._newer.setEnabled(page > 1)
        self._older.setEnabled(self._next_cursor is not None)
        first = (page - 1) * self.page_size + 1
        shown = self._model.rowCount()
        if shown:
            self._page_label.setText(self.tr("Page {page} · closed cases {first}–{last}").format(
                page=page, first=first, last=first + shown - 1))
        else:
            self._page_label.setText(self.tr("No closed cases match these filters"))

    # ---- slots -------------------------------------------------------------------------

    def _on_strip_stage_clicked(self, key: str) -> None:
        widgets = (self._scope, self._stage)
        for widget in widgets:
            widget.blockSignals(True)
        self._scope.setCurrentIndex(self._scope.findData(
            Scope.HISTORY.value if key == CLOSED_KEY else Scope.OPEN.value))
        stage_index = self._stage.findData(key) if key not in {PAUSED_KEY, CLOSED_KEY} else 0
        self._stage.setCurrentIndex(max(stage_index, 0))
        for widget in widgets:
            widget.blockSignals(False)
        self._proxy.set_paused_only(key == PAUSED_KEY)
        self._cursors = [None]
        self._apply_scope_defaults()
        self.reload()

    def _on_strip_overdue_clicked(self, checked: bool) -> None:
        """Overdue in the strip: the open board, breached cases only (or all again)."""
        widgets = (self._scope, self._overdue)
        for widget in widgets:
            widget.blockSignals(True)
        self._scope.setCurrentIndex(self._scope.findData(Scope.OPEN.value))
        self._overdue.setChecked(checked)
        for widget in widgets:
            widget.blockSignals(False)
        self._cursors = [None]
        self._apply_scope_defaults()
        self.reload()

    def _on_overdue_toggled(self, _checked: bool) -> None:
        self._sync_strip()
        self.reload()

    def _on_scope_changed(self, _index: int) -> None:
        self._cursors = [None]
        self._apply_scope_defaults()
        self.reload()

    def _on_filter_changed(self, _index: int) -> None:
        self._cursors = [None]
        self.reload()
        self._emit_case_scope()

    def _emit_case_scope(self) -> None:
        scope = self.case_scope()
        if scope != self._last_scope:
            self._last_scope = scope
            self.case_scope_changed.emit(scope)

    def shown_grid_code(self) -> str | None:
        """The code of the grid whose cases the board shows, or None for every grid."""
        return next((self._app.district.grid(g).code for g in self._shown_grid_ids), None)

    def case_scope(self) -> CaseScope:
        """The cases the category and severity filters let through, for the map."""
        severity = self._severity.currentData()
        category = self._category.currentData()
        return CaseScope(
            categories=frozenset({str(category)}) if category else frozenset(),
            severities=frozenset({int(severity)}) if severity is not None and severity != ""
            else frozenset())

    def _on_stage_filter_changed(self, _index: int) -> None:
        self._proxy.set_paused_only(False)
        self._sync_strip()

    def _on_search_text_changed(self, text: str) -> None:
        if self._scope_value() is Scope.OPEN:
            self._proxy.set_text(text.strip())
        else:
            self._search_timer.start()

    def _on_search_timer_timeout(self) -> None:
        self._cursors = [None]
        self.reload()

    def columns_menu(self) -> QMenu:
        """A menu of the columns that may be hidden, each checked while it is shown."""
        header = self._table.horizontalHeader()
        menu = QMenu(self.tr("Columns"), self)
        menu.setObjectName("boardColumnsMenu")
        for column in Column:
            if column in (Column.REF, Column.TITLE):
                continue  # a row without them means nothing
            action = menu.addAction(str(self._model.headerData(
                column, Qt.Orientation.Horizontal)))
            action.setObjectName(f"showColumn_{column.name.lower()}")
            action.setCheckable(True)
            action.setChecked(not header.isSectionHidden(column))
            action.toggled.connect(
                lambda shown, c=column: header.setSectionHidden(c, not shown))
        return menu

    def _on_header_menu_requested(self, pos: QPoint) -> None:
        menu = self.columns_menu()
        menu.aboutToHide.connect(menu.deleteLater)
        menu.popup(self._table.horizontalHeader().mapToGlobal(pos))

    def _on_find_shortcut_activated(self) -> None:
        self._search.setFocus(Qt.FocusReason.ShortcutFocusReason)
        self._search.selectAll()

    def _on_newer_clicked(self) -> None:
        if len(self._cursors) > 1:
            self._cursors.pop()
            self.reload()

    def _on_older_clicked(self) -> None:
        if self._next_cursor is not None:
            self._cursors.append(self._next_cursor)
            self.reload()

    def _on_selection_changed(self, _selected: QItemSelection,
                              _deselected: QItemSelection) -> None:
        if self._reshaping or self._restoring:
            # Rows moved, vanished or reloaded under the selection: Qt clears it or moves
            # it to a neighbour, but the officer chose nothing (see _on_proxy_reshaped).
            return
        case_id = self.selected_case_id()
        if case_id != self._shown_case:
            self._shown_case = case_id
            self.case_selected.emit(case_id)

    def _on_proxy_reshaping(self) -> None:
        self._reshaping += 1

    def _on_proxy_reshaped(self) -> None:
        self._reshaping = max(0, self._reshaping - 1)
        self._restore_selection()

    def _on_proxy_rows_inserted(self) -> None:
        self._restore_selection()  # the shown case may be back (quick search cleared)

    def _restore_selection(self) -> None:
        if self._reshaping or self.selected_case_id() == self._shown_case:
            return
        # The case the pane shows stays selected where it is still on the board; where
        # it left (closed elsewhere, hidden by quick search) nothing else is highlighted.
        self._restoring = True
        try:
            if self._shown_case == -1 or not self.select_case(self._shown_case):
                self._table.selectionModel().clearSelection()
        finally:
            self._restoring = False
