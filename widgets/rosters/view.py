"""The roster panel: teams at a glance, their members, now and next on duty, the week.

Over 600 lines on purpose: the four tables follow one selection (the team chosen drives
the members, now-and-next and the week's highlight; the case selected on the board
drives dispatch), so building, loading and the slots share that state; the models, the
words and colours, and the dispatch dialog already live beside it.
"""

from __future__ import annotations

from datetime import date, timedelta

from PySide6.QtCore import (
    QEvent,
    QItemSelection,
    QItemSelectionModel,
    QModelIndex,
    QSize,
    QSortFilterProxyModel,
    Qt,
    QTimer,
    Signal,
)
from PySide6.QtGui import QShowEvent
from PySide6.QtWidgets import (
    QAbstractItemView,
    QComboBox,
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QPushButton,
    QSizePolicy,
    QSplitter,
    QTableView,
    QTabWidget,
    QVBoxLayout,
    QWidget,
)

from console.app import App
from console.core.domain import CaseDetail, Role, Stage
from console.core.errors import NotFound, WatchroomError
from console.rosters.domain import Availability, MemberRow
from console.rosters.service import DISPATCHERS, ROSTER_EDITORS
from widgets.changes.bus import ChangeBus
from widgets.common import labels
from widgets.common.dock_scroll import is_wide, orient
from widgets.common.domain_messages import error_text
from widgets.common.row_model import ID_ROLE, SORT_ROLE
from widgets.common.tables import filter_combo, row_table, search_field
from widgets.common.time_text import day_month, day_month_year
from widgets.rosters.dispatch import DispatchMembersDialog
from widgets.rosters.labels import ZoneTimes, availability_label, roster_colors
from widgets.rosters.models import (
    MemberColumn,
    MemberProxy,
    MemberTableModel,
    TeamColumn,
    TeamStatusModel,
)
from widgets.rosters.schedule_models import DutyModel, WeekModel
from widgets.shell.theme import Theme, current_theme

SINCE_REFRESH_MS = 60_000  # the Since column moves once a minute
STATUS_DEBOUNCE_MS = 300  # team statuses refresh at most about three times a second
MAX_BOUNDARY_WAIT_MS = 15 * 60_000  # re-check now/next at least every quarter hour
DISPATCHABLE = frozenset({Stage.REGISTERED, Stage.DISPATCHED, Stage.IN_PROGRESS})
SETTABLE = (Availability.AVAILABLE, Availability.OFF_DUTY, Availability.LEAVE)
WEEK_TAB = 1


class RosterView(QWidget):
    """Who can respond: every team's readiness against its minimum staffing, its members
    and their availability, who is on duty now and next, and a week of shifts.

    Live changes arrive through the console's change bus (``members_changed``,
    ``schedule_changed``, ``cases_changed``); member rows update in place, team rows
    repaint. Time moves now/next at each shift boundary (a timer armed for the next one).
    A case selected elsewhere (``set_selected_case``) can be dispatched to the selected
    team with members chosen in the dispatch dialog.

    Signals:
        case_dispatched(int): a case's id, after it was dispatched (or reinforced) here.
        team_selected(int): the selected team's id, or -1 when cleared.
        member_selected(int): the selected member's id, or -1 when cleared.
    """

    case_dispatched = Signal(int)
    team_selected = Signal(int)
    member_selected = Signal(int)

    def __init__(self, app: App, bus: ChangeBus, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("rosterView")
        self._app = app
        self._times = ZoneTimes(app.rosters.timezone)
        self._case: CaseDetail | None = None
        self._team_id = -1
        self._week_start = self._monday(app.rosters.local_date())
        self._qualification_names: dict[str, str] = {}
        self._sized = False
        self._room = QSize()  # the dock's room, once it says (DockScroll)
        self._week_stale = True

        self._team_model = TeamStatusModel(self._times, self)
        self._team_model.setObjectName("rosterTeamModel")
        self._team_proxy = QSortFilterProxyModel(self)
        self._team_proxy.setSourceModel(self._team_model)
        self._team_proxy.setSortRole(SORT_ROLE)
        self._member_model = MemberTableModel(self)
        self._member_model.setObjectName("rosterMemberModel")
        self._member_proxy = MemberProxy(self._member_model, self)
        self._week_model = WeekModel(self._times, self)
        self._duty_model = DutyModel(self._times, self)
        self._bus = bus
        self._dialog = DispatchMembersDialog(app, self)

        self._status_timer = QTimer(self)
        self._status_timer.setSingleShot(True)
        self._status_timer.setInterval(STATUS_DEBOUNCE_MS)
        self._since_timer = QTimer(self)
        self._since_timer.setInterval(SINCE_REFRESH_MS)
        self._boundary_timer = QTimer(self)
        self._boundary_timer.setObjectName("rosterBoundaryTimer")
        self._boundary_timer.setSingleShot(True)

        self._build()
        self.set_theme(current_theme())
        self._connect_signals()
        self.reload()
        self._since_timer.start()

    # ---- building ----------------------------------------------------------------------

    def _table(self, name: str) -> QTableView:
        return row_table(self, name)

    def _build(self) -> None:
        self._qualification = filter_combo(
            self, "rosterQualificationFilter",
            self.tr("Show only members holding this qualification"), 16)
        self._team_combo = filter_combo(
            self, "rosterTeamFilter", self.tr("Show the members of one team, or of all"), 22)
        self._search = search_field(self, "rosterSearch", self.tr("Search members"),
                                    self.tr("Search name, role, phone…"), 180)
        self._case_label = QLabel(self)
        self._case_label.setObjectName("rosterSelectedCase")
        self._case_label.setProperty("fieldName", True)
        self._dispatch = QPushButton(self.tr("Dispatch selected case to this team…"), self)
        self._dispatch.setObjectName("rosterDispatchButton")
        self._dispatch.setProperty("primary", True)

        top = QHBoxLayout()
        top.setSpacing(8)
        top.addWidget(QLabel(self.tr("Team"), self))
        top.addWidget(self._team_combo)
        top.addWidget(QLabel(self.tr("Qualification"), self))
        top.addWidget(self._qualification)
        top.addWidget(self._search, 1)
        top.addSpacing(12)
        top.addWidget(self._case_label)
        top.addWidget(self._dispatch)

        self._teams = self._table("rosterTeams")
        self._teams.setAccessibleName(self.tr("Teams and readiness"))
        self._teams.setModel(self._team_proxy)
        self._teams.setSortingEnabled(True)
        self._teams.sortByColumn(TeamColumn.TEAM, Qt.SortOrder.AscendingOrder)

        self._members = self._table("rosterMembers")
        self._members.setAccessibleName(self.tr("Members"))
        self._members.setModel(self._member_proxy)
        # Rows come in roster order (team, then as added: leaders first); sorting 2,000
        # rows through Python on every load would cost more than the load itself, so
        # the table sorts only when a header is clicked.
        self._members.horizontalHeader().setSortIndicator(-1, Qt.SortOrder.AscendingOrder)
        self._members.setSortingEnabled(True)
        self._size_member_columns()
        self._availability = QComboBox(self)
        self._availability.setObjectName("rosterAvailabilityChoice")
        for state in SETTABLE:
            self._availability.addItem(availability_label(state), state.value)
        self._set_availability = QPushButton(self.tr("Set availability"), self)
        self._set_availability.setObjectName("rosterSetAvailability")
        self._member_count = QLabel(self)
        self._member_count.setObjectName("rosterMemberCount")
        self._member_count.setProperty("fieldName", True)
        members_box = QWidget(self)
        members_layout = QVBoxLayout(members_box)
        members_layout.setContentsMargins(0, 0, 0, 0)
        members_layout.addWidget(self._members, 1)
        self._member_count.setSizePolicy(QSizePolicy.Policy.Ignored,
                                         QSizePolicy.Policy.Preferred)
        self._availability.setToolTip(self.tr("The selected member's availability"))
        actions = QHBoxLayout()
        actions.addWidget(self._member_count, 1)
        actions.addWidget(self._availability)
        actions.addWidget(self._set_availability)
        members_layout.addLayout(actions)

        upper = QSplitter(Qt.Orientation.Horizontal, self)
        upper.setObjectName("rosterUpperSplitter")
        upper.addWidget(self._teams)
        upper.addWidget(members_box)
        upper.setStretchFactor(0, 7)
        upper.setStretchFactor(1, 5)
        self._upper = upper

        self._duty = self._table("rosterNowNext")
        self._duty.setAccessibleName(self.tr("On duty now and next"))
        self._duty.setModel(self._duty_model)
        duty_header = self._duty.horizontalHeader()
        duty_header.setSectionResizeMode(QHeaderView.ResizeMode.ResizeToContents)
        duty_header.setStretchLastSection(True)
        self._duty_hint = QLabel(self)
        self._duty_hint.setObjectName("rosterNowNextHint")
        self._duty_hint.setProperty("fieldName", True)
        duty_box = QWidget(self)
        duty_layout = QVBoxLayout(duty_box)
        duty_layout.setContentsMargins(4, 4, 4, 4)
        duty_layout.addWidget(self._duty_hint)
        duty_layout.addWidget(self._duty, 1)

        self._week = self._table("rosterWeek")
        self._week.setAccessibleName(self.tr("Shifts of the week"))
        self._week.setModel(self._week_model)
        self._week.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectItems)
        self._week.setWordWrap(True)
        self._week.setShowGrid(True)
        self._week.verticalHeader().show()
        self._week.verticalHeader().setDefaultSectionSize(
            self._week.fontMetrics().height() * 2 + 14)
        self._week.horizontalHeader().setSectionResizeMode(QHeaderView.ResizeMode.Stretch)
        self._week_prev = QPushButton(self.tr("◀ Previous week"), self)
        self._week_prev.setObjectName("rosterWeekPrevious")
        self._week_today = QPushButton(self.tr("This week"), self)
        self._week_today.setObjectName("rosterWeekToday")
        self._week_next = QPushButton(self.tr("Next week ▶"), self)
        self._week_next.setObjectName("rosterWeekNext")
        self._week_label = QLabel(self)
        self._week_label.setObjectName("rosterWeekLabel")
        week_box = QWidget(self)
        week_layout = QVBoxLayout(week_box)
        week_layout.setContentsMargins(4, 4, 4, 4)
        week_bar = QHBoxLayout()
        week_bar.addWidget(self._week_prev)
        week_bar.addWidget(self._week_today)
        week_bar.addWidget(self._week_next)
        week_bar.addSpacing(12)
        week_bar.addWidget(self._week_label, 1)
        week_layout.addLayout(week_bar)
        week_layout.addWidget(self._week, 1)

        self._tabs = QTabWidget(self)
        self._tabs.setObjectName("rosterTabs")
        self._tabs.addTab(duty_box, self.tr("Now && next"))
        self._tabs.addTab(week_box, self.tr("Week"))

        lower = QSplitter(Qt.Orientation.Vertical, self)
        lower.setObjectName("rosterSplitter")
        lower.addWidget(upper)
        lower.addWidget(self._tabs)
        lower.setStretchFactor(0, 3)
        lower.setStretchFactor(1, 2)
        self._lower = lower

        self._message = QLabel(self)
        self._message.setObjectName("rosterMessage")
        self._message.setWordWrap(True)
        self._message.hide()

        layout = QVBoxLayout(self)
        layout.setContentsMargins(8, 8, 8, 4)
        layout.setSpacing(8)
        layout.addLayout(top)
        layout.addWidget(self._message)
        layout.addWidget(lower, 1)

    def _size_team_columns(self) -> None:
        """Fit the columns to their contents (a row per team), once the theme's font is
        known; measured once, not on every repaint and resize."""
        header = self._teams.horizontalHeader()
        header.setSectionResizeMode(QHeaderView.ResizeMode.Interactive)
        self._teams.resizeColumnsToContents()
        header.setSectionResizeMode(TeamColumn.NAME, QHeaderView.ResizeMode.Stretch)

    def _size_member_columns(self) -> None:
        metrics = self._members.fontMetrics()
        samples = {MemberColumn.NAME: "欧阳建国", MemberColumn.TEAM: "GW-WANGJIANG",
                   MemberColumn.ROLE: "Crew commander",
                   MemberColumn.AVAILABILITY: "On task C-2026-000000",
                   MemberColumn.SINCE: "23 h 59 m", MemberColumn.SHIFT: "On shift",
                   MemberColumn.PHONE: "13800000000 "}
        header = self._members.horizontalHeader()
        for column, sample in samples.items():
            title = self._member_model.headerData(column, Qt.Orientation.Horizontal)
            header.resizeSection(column, max(metrics.horizontalAdvance(sample),
                                             metrics.horizontalAdvance(str(title)) + 16) + 20)
        header.setSectionResizeMode(QHeaderView.ResizeMode.Interactive)
        header.setSectionResizeMode(MemberColumn.QUALIFICATIONS,
                                    QHeaderView.ResizeMode.Stretch)

    def _connect_signals(self) -> None:
        self._teams.selectionModel().selectionChanged.connect(self._on_team_selection_changed)
        self._members.selectionModel().selectionChanged.connect(
            self._on_member_selection_changed)
        self._team_combo.currentIndexChanged.connect(self._on_team_combo_changed)
        self._qualification.currentIndexChanged.connect(self._on_filter_changed)
        self._search.textChanged.connect(self._on_filter_changed)
        self._dispatch.clicked.connect(self.open_dispatch_dialog)
        self._set_availability.clicked.connect(self._on_set_availability_clicked)
        self._week_prev.clicked.connect(self._on_week_prev_clicked)
        self._week_next.clicked.connect(self._on_week_next_clicked)
        self._week_today.clicked.connect(self._on_week_today_clicked)
        self._dialog.case_dispatched.connect(self._on_dialog_case_dispatched)
        self._tabs.currentChanged.connect(self._on_tabs_current_changed)
        self._bus.members_changed.connect(self.apply_member_changes)
        self._bus.schedule_changed.connect(self._on_bus_schedule_changed)
        self._bus.cases_changed.connect(self._on_bus_cases_changed)
        self._status_timer.timeout.connect(self.refresh_schedule)
        self._since_timer.timeout.connect(self._on_since_timer_timeout)
        self._boundary_timer.timeout.connect(self.refresh_now)
        self._member_proxy.rowsInserted.connect(self._update_member_count)
        self._member_proxy.rowsRemoved.connect(self._update_member_count)
        self._member_proxy.modelReset.connect(self._update_member_count)
        self._member_proxy.layoutChanged.connect(self._update_member_count)
        # A member sent on a task changes the "available" count without a row moving.
        self._member_proxy.dataChanged.connect(self._update_member_count)

    def showEvent(self, event: QShowEvent) -> None:
        if not self._sized:
            # The theme's font is known once the widget is polished: size columns to it.
            self._sized = True
            self._size_team_columns()
            self._size_member_columns()
            # Teams first: every team's row and columns in view, members beside them.
            width = max(self.width(), 800)
            self._upper.setSizes([int(width * 0.63), width - int(width * 0.63)])
            self.fit_to_room(self._room if not self._room.isEmpty() else self.size(),
                             force=True)
        super().showEvent(event)

    def fit_to_room(self, room: QSize, force: bool = False) -> None:
        """Side by side in a wide, low strip (the bottom of the window: every list gets
        the strip's whole height), one above the other in a tall dock."""
        self._room = room
        if not self._sized:
            return
        if (orient(self._lower, room, 0.68) or force) and not is_wide(room):
            rows = self._team_model.rowCount() + 1
            wanted = self._teams.verticalHeader().defaultSectionSize() * rows + 24
            total = max(room.height() - 60, 400)
            top = min(wanted, int(total * 0.62))
            self._lower.setSizes([top, total - top])

    # ---- parts, for tests and for the main window -------------------------------------

    @property
    def team_model(self) -> TeamStatusModel:
        return self._team_model

    @property
    def member_model(self) -> MemberTableModel:
        return self._member_model

    @property
    def member_proxy(self) -> MemberProxy:
        return self._member_proxy

    @property
    def week_model(self) -> WeekModel:
        return self._week_model

    @property
    def duty_model(self) -> DutyModel:
        return self._duty_model

    @property
    def dispatch_dialog(self) -> DispatchMembersDialog:
        return self._dialog

    @property
    def selected_team_id(self) -> int:
        return self._team_id

    def set_theme(self, theme: Theme) -> None:
        colors = roster_colors(theme)
        for model in (self._team_model, self._member_model, self._week_model,
                      self._duty_model):
            model.set_colors(colors)

    # ---- loading -----------------------------------------------------------------------

    def reload(self) -> None:
        """Read everything afresh (at start, and when the whole roster was replaced)."""
        now = self._app.clock.now()
        self._qualification_names = {q.code: q.name_en
                                     for q in self._app.rosters.qualifications()}
        self._member_model.set_qualification_names(self._qualification_names)
        self._fill_choices()
        self._member_model.reset_rows(self._app.rosters.members(), now)
        self.refresh_schedule()
        self._apply_filter()
        self._update_buttons()

    def refresh_schedule(self) -> None:
        """Team statuses, now/next of the selected team and the week, as of now."""
        now = self._app.clock.now()
        self._team_model.set_statuses(self._app.rosters.team_statuses(now), now)
        self._refresh_duty()
        # The week (hundreds of shifts) is read only while its tab is shown.
        self._week_stale = True
        if self._tabs.currentIndex() == WEEK_TAB:
            self._refresh_week()
        self._arm_boundary_timer()

    def changeEvent(self, event: QEvent) -> None:
        super().changeEvent(event)
        if event.type() == QEvent.Type.LanguageChange:
            self.refresh_schedule()  # readiness, now/next and the week, in the new words

    def refresh_now(self) -> None:
        """The clock passed a shift boundary (or was moved): who is on shift changed."""
        now = self._app.clock.now()
        self._member_model.apply_rows(self._app.rosters.members(), now)
        self._member_model.refresh_since(now)
        self.refresh_schedule()

    def apply_member_changes(self, member_ids: list[int]) -> None:
        """Members changed (here or at another console): update their rows in place;
        the team statuses follow shortly."""
        if not member_ids:
            return
        now = self._app.clock.now()
        self._member_model.apply_rows(self._app.rosters.members_by_ids(member_ids), now)
        self._status_timer.start()

    def _fill_choices(self) -> None:
        for combo in (self._team_combo, self._qualification):
            combo.blockSignals(True)
        kept_team = self._team_combo.currentData()
        kept_qual = self._qualification.currentData()
        self._team_combo.clear()
        self._team_combo.addItem(self.tr("All teams"), -1)
        for team in sorted(self._app.district.teams(), key=lambda t: t.code):
            self._team_combo.addItem(f"{team.code} — {labels.place_name(team)}", team.id)
        self._qualification.clear()
        self._qualification.addItem(self.tr("Any qualification"), "")
        for code, name in sorted(self._qualification_names.items(), key=lambda i: i[1]):
            self._qualification.addItem(name, code)
        self._team_combo.setCurrentIndex(max(0, self._team_combo.findData(kept_team)))
        self._qualification.setCurrentIndex(max(0, self._qualification.findData(kept_qual)))
        for combo in (self._team_combo, self._qualification):
            combo.blockSignals(False)

    def _refresh_duty(self) -> None:
        now = self._app.clock.now()
        if self._team_id == -1:
            self._duty_model.set_shifts([], None, now)
            self._duty_hint.setText(self.tr("Select a team to see who is on duty now and "
                                            "next, with their phones."))
            return
        row = self._team_model.row_of(self._team_id)
        if row is None:
            return
        status = self._team_model.status_at(row)
        self._duty_model.set_shifts(status.current, status.next, now)
        self._duty_hint.setText(self.tr("{team} {name}: on duty now and next (✓ counts "
                                        "towards readiness).").format(
            team=status.team.code, name=labels.place_name(status.team)))

    def _refresh_week(self) -> None:
        self._week_stale = False
        shifts = self._app.rosters.week(self._week_start)
        teams = sorted(self._app.district.teams(), key=lambda t: t.code)
        self._week_model.set_week(self._week_start, teams, shifts, self._app.clock.now())
        lines = max(2, self._week_model.max_lines())
        self._week.verticalHeader().setDefaultSectionSize(
            self._week.fontMetrics().lineSpacing() * lines + 12)
        last = self._week_start + timedelta(days=6)
        self._week_label.setText(self.tr("Week of {first} – {last} ({zone})").format(
            first=day_month(self._week_start), last=day_month_year(last),
            zone=self._app.rosters.timezone))

    def _arm_boundary_timer(self) -> None:
        now = self._app.clock.now()
        boundary = self._app.rosters.next_boundary_after(now)
        if boundary is None:
            wait_ms = MAX_BOUNDARY_WAIT_MS
        else:
            wait_ms = int((boundary - now).total_seconds() * 1000) + 500
            wait_ms = max(1000, min(wait_ms, MAX_BOUNDARY_WAIT_MS))
        self._boundary_timer.start(wait_ms)

    @staticmethod
    def _monday(day: date) -> date:
        return day - timedelta(days=day.weekday())

    # ---- the selected case ---------------------------------------------------------------

    def set_selected_case(self, case_id: int) -> None:
        """The case selected elsewhere (the board); -1 clears it."""
        if case_id == -1:
            self._case = None
        else:
            try:
                self._case = self._app.cases.get_by_id(case_id)
            except NotFound:
                self._case = None
        self._update_buttons()

    def open_dispatch_dialog(self) -> None:
        """Propose members of the selected team for the selected case, to tick and send."""
        if self._case is None or self._team_id == -1:
            return
        try:
            case = self._app.cases.get_by_id(self._case.row.id)
            proposals = self._app.rosters.propose_members(case.row.id, self._team_id)
        except WatchroomError as exc:
            self._show_message(error_text(exc))
            return
        self._case = case
        team = self._app.district.team(self._team_id)
        wanted = self._app.rosters.required_qualifications(case.row.category)
        preselect = (self._app.rosters.suggested_crew(case.row.severity)
                     if case.row.stage is Stage.REGISTERED else 0)
        self._dialog.prepare(case, team, proposals, wanted, self._qualification_names,
                             min(preselect, len(proposals)))
        self._dialog.open()

    def _update_buttons(self) -> None:
        role = self._app.operator.role
        case = self._case
        if case is None:
            self._case_label.setText(self.tr("No case selected"))
            self._case_label.setToolTip(self.tr("Select a case on the board to dispatch it "
                                                "from here"))
        else:
            self._case_label.setText(self.tr("Case {ref} · {category}").format(
                ref=case.reference, category=labels.category_label(case.row.category)))
            self._case_label.setToolTip(f"{case.reference} — {case.row.title}")
        reason = ""
        if role not in DISPATCHERS:
            reason = self.tr("Your role may not dispatch cases")
        elif case is None:
            reason = self.tr("Select a case on the board first")
        elif self._team_id == -1:
            reason = self.tr("Select the team to send")
        elif case.row.stage not in DISPATCHABLE:
            reason = self.tr("{ref} is {stage}: only registered cases are dispatched").format(
                ref=case.reference, stage=case.row.stage.value.replace("_", " "))
        elif case.row.stage is not Stage.REGISTERED and case.row.team_id != self._team_id:
            reason = self.tr("{ref} is with {team}: members can join it from that team "
                             "only").format(ref=case.reference, team=case.row.team_code)
        self._dispatch.setEnabled(not reason)
        self._dispatch.setToolTip(reason or self.tr("Choose the members to send with "
                                                    "{ref}").format(
            ref=case.reference if case else ""))
        member = self._selected_member()
        may_set = role in ROSTER_EDITORS or role is Role.DUTY_OFFICER
        self._set_availability.setEnabled(member is not None and may_set)
        self._availability.setEnabled(member is not None and may_set)

    # ---- slots ---------------------------------------------------------------------------

    def _selected_member(self) -> MemberRow | None:
        rows = self._members.selectionModel().selectedRows()
        if not rows:
            return None
        source = self._member_proxy.mapToSource(rows[0])
        return self._member_model.row_at(source.row())

    def _on_team_selection_changed(self, selected: QItemSelection,
                                   deselected: QItemSelection) -> None:
        rows = self._teams.selectionModel().selectedRows()
        team_id = int(rows[0].data(ID_ROLE)) if rows else -1
        if team_id == self._team_id:
            return
        self._team_id = team_id
        self._team_combo.blockSignals(True)
        self._team_combo.setCurrentIndex(max(0, self._team_combo.findData(team_id)))
        self._team_combo.blockSignals(False)
        self._apply_filter()
        # One team's members need no team column.
        self._members.setColumnHidden(MemberColumn.TEAM, team_id != -1)
        self._refresh_duty()
        self._update_buttons()
        self.team_selected.emit(team_id)

    def _on_team_combo_changed(self, _index: int) -> None:
        team_id = int(self._team_combo.currentData() or -1)
        selection = self._teams.selectionModel()
        if team_id == -1:
            selection.clearSelection()
            return
        row = self._team_model.row_of(team_id)
        if row is None:
            return
        index = self._team_proxy.mapFromSource(self._team_model.index(row, 0))
        selection.select(index, QItemSelectionModel.SelectionFlag.ClearAndSelect
                         | QItemSelectionModel.SelectionFlag.Rows)
        self._teams.scrollTo(index)

    def _on_member_selection_changed(self, selected: QItemSelection,
                                     deselected: QItemSelection) -> None:
        member = self._selected_member()
        if member is not None:
            self._availability.setCurrentIndex(
                max(0, self._availability.findData(member.availability.value)))
        self._update_buttons()
        self.member_selected.emit(member.id if member else -1)

    def _on_filter_changed(self, *_: object) -> None:
        self._apply_filter()

    def _apply_filter(self) -> None:
        team_id = self._team_id if self._team_id != -1 else None
        self._member_proxy.set_filter(team_id=team_id,
                                      qualification=self._qualification.currentData() or None,
                                      text=self._search.text())
        self._update_member_count()

    def _update_member_count(self, *_: object) -> None:
        shown = [r for r in self._member_model.rows() if self._member_proxy.accepts(r)]
        available = sum(1 for r in shown if r.availability is Availability.AVAILABLE)
        self._member_count.setText(self.tr("{n} members shown, {a} available").format(
            n=len(shown), a=available))

    def _on_set_availability_clicked(self) -> None:
        member = self._selected_member()
        if member is None:
            return
        state = Availability(self._availability.currentData())
        try:
            row = self._app.rosters.set_availability(
                self._app.operator, member.id, state, expected_version=member.version)
        except WatchroomError as exc:
            self._show_message(error_text(exc))
            return
        self._hide_message()
        self._member_model.apply_rows([row], self._app.clock.now())
        self.refresh_schedule()

    def _on_dialog_case_dispatched(self, case_id: int) -> None:
        self._hide_message()
        members = self._app.rosters.members_on_case(case_id)
        self._member_model.apply_rows(members, self._app.clock.now())
        self.refresh_schedule()
        self.set_selected_case(case_id)
        self.case_dispatched.emit(case_id)

    def _on_bus_schedule_changed(self) -> None:
        if self._team_combo.count() - 1 != len(self._app.district.teams()):
            self.reload()
            return
        self.refresh_now()

    def _on_bus_cases_changed(self, case_ids: list[int]) -> None:
        if self._case is not None and self._case.row.id in case_ids:
            self.set_selected_case(self._case.row.id)

    def _on_tabs_current_changed(self, index: int) -> None:
        if index == WEEK_TAB and self._week_stale:
            self._refresh_week()

    def _on_since_timer_timeout(self) -> None:
        self._member_model.refresh_since(self._app.clock.now())

    def _on_week_prev_clicked(self) -> None:
        self._week_start -= timedelta(days=7)
        self._refresh_week()

    def _on_week_next_clicked(self) -> None:
        self._week_start += timedelta(days=7)
        self._refresh_week()

    def _on_week_today_clicked(self) -> None:
        self._week_start = self._monday(self._app.rosters.local_date())
        self._refresh_week()

    def _show_message(self, text: str) -> None:
        self._message.setText(text)
        self._message.show()

    def _hide_message(self) -> None:
        self._message.hide()

    def stop(self) -> None:
        """Stop the timers (the window is closing)."""
        for timer in (self._status_timer, self._since_timer, self._boundary_timer):
            timer.stop()

    def show_team(self, team_id: int) -> None:
        """Select a team's row (its members and shifts follow) and scroll to it."""
        index = self.team_index(team_id)
        if index.isValid():
            self._teams.setCurrentIndex(index)
            self._teams.scrollTo(index)

    def show_member(self, name: str) -> None:
        """Find a person among the members: the search field holds their name."""
        self._search.setText(name)

    def team_index(self, team_id: int) -> QModelIndex:
        """The view index of a team's row (for tests and keyboard navigation)."""
        row = self._team_model.row_of(team_id)
        if row is None:
            return QModelIndex()
        return self._team_proxy.mapFromSource(self._team_model.index(row, 0))

    def member_index(self, member_id: int) -> QModelIndex:
        row = self._member_model.row_of(member_id)
        if row is None:
            return QModelIndex()
        return self._member_proxy.mapFromSource(self._member_model.index(row, 0))

    @property
    def teams_table(self) -> QTableView:
        return self._teams

    @property
    def members_table(self) -> QTableView:
        return self._members
