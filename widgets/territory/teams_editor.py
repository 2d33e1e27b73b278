"""The teams editor of the territory view: the teams based in the chosen grid, and a
coordinator's or administrator's way to base another team there or take one out."""

from __future__ import annotations

from collections.abc import Callable

from PySide6.QtCore import Qt, Signal
from PySide6.QtWidgets import (
    QComboBox,
    QGroupBox,
    QHBoxLayout,
    QLabel,
    QListWidget,
    QListWidgetItem,
    QPushButton,
    QVBoxLayout,
    QWidget,
)

from console.app import App
from console.core.domain import OperatorRef, TeamRef
from console.core.errors import WatchroomError
from console.rosters.service import ROSTER_EDITORS
from widgets.common.domain_messages import error_text
from widgets.common.labels import team_kind_label
from widgets.common.plurals import counted

TEAM_ROLE = Qt.ItemDataRole.UserRole + 1


class GridTeamsEditor(QGroupBox):
    """The teams based in one grid (``set_grid``), each with its kind and members; pick
    a team and *Base here* to move it into this grid (a team has one base grid), or pick a
    team in the list and *Remove* to leave it based nowhere. Coordinators and
    administrators may change; the others read, and the buttons say who may.

    Every read here is a small indexed one (the cached teams, a team's members); every
    change is one service call, the role checked there.

    Signals:
        teams_changed(str): the code of the grid whose teams changed.
    """

    teams_changed = Signal(str)

    def __init__(self, app: App, parent: QWidget | None = None) -> None:
        super().__init__(self.tr("Teams based here"), parent)
        self.setObjectName("territoryTeamsEditor")
        self._app = app
        self._grid = ""
        self._may_edit = False
        self._teams = QListWidget(self)
        self._teams.setObjectName("territoryGridTeams")
        self._teams.setAccessibleName(self.tr("Teams based in this grid"))
        self._teams.setMaximumHeight(90)
        self._choice = QComboBox(self)
        self._choice.setObjectName("territoryTeamChoice")
        self._choice.setAccessibleName(self.tr("Team to base in this grid"))
        self._choice.setPlaceholderText(self.tr("Choose a team to base here…"))
        self._assign = QPushButton(self.tr("&Base here"), self)
        self._assign.setObjectName("territoryAssignTeamButton")
        self._remove = QPushButton(self.tr("Re&move"), self)
        self._remove.setObjectName("territoryRemoveTeamButton")
        self._message = QLabel(self)
        self._message.setObjectName("territoryTeamsMessage")
        self._message.setWordWrap(True)
        row = QHBoxLayout()
        row.addWidget(self._choice, 1)
        row.addWidget(self._assign)
        row.addWidget(self._remove)
        layout = QVBoxLayout(self)
        layout.addWidget(self._teams)
        layout.addLayout(row)
        layout.addWidget(self._message)
        self._connect_signals()
        self.apply_role(app.operator)

    def _connect_signals(self) -> None:
        self._assign.clicked.connect(self._on_assign_clicked)
        self._remove.clicked.connect(self._on_remove_clicked)
        self._teams.currentItemChanged.connect(self._on_teams_current_changed)
        self._choice.currentIndexChanged.connect(self._on_choice_changed)

    # ---- what it shows ---------------------------------------------------------------

    def grid(self) -> str:
        return self._grid

    def set_grid(self, code: str) -> None:
        """Show the teams of grid ``code`` ("" for none: the editor is then empty)."""
        if code != self._grid:
            self._message.clear()
        self._grid = code
        self._teams.clear()
        self._choice.clear()
        if not code:
            self._update_buttons()
            return
        try:
            here = self._app.rosters.teams_based_in(code)
            grids = {g.id: g.code for g in self._app.district.grids()}
            teams = self._app.district.teams()
        except WatchroomError as exc:  # removed meanwhile by another console
            self._message.setText(error_text(exc))
            self._update_buttons()
            return
        for team in here:
            item = QListWidgetItem(self._team_line(team), self._teams)
            item.setData(TEAM_ROLE, team.code)
        if not here:
            placeholder = QListWidgetItem(self.tr("No team is based in this grid."),
                                          self._teams)
            placeholder.setFlags(Qt.ItemFlag.NoItemFlags)
        codes_here = {t.code for t in here}
        for team in teams:
            if team.code in codes_here:
                continue
            base = grids.get(team.base_grid_id) if team.base_grid_id is not None else None
            where = self.tr("based in {grid}").format(grid=base) if base else \
                self.tr("based nowhere")
            self._choice.addItem(f"{team.code} · {team.name_en} · {where}", team.code)
        self._choice.setCurrentIndex(-1)
        self._update_buttons()

    def _team_line(self, team: TeamRef) -> str:
        members = len(self._app.rosters.members(team.id))
        count = counted(self.tr("{n} member(s)"), members).format(n=members)
        return f"{team.code} · {team.name_en} · {team_kind_label(team.kind)} · {count}"

    def teams_shown(self) -> list[str]:
        """The codes of the teams listed as based here."""
        items = (self._teams.item(i) for i in range(self._teams.count()))
        return [code for item in items if item is not None
                and (code := item.data(TEAM_ROLE))]

    # ---- who may ----------------------------------------------------------------------

    def apply_role(self, op: OperatorRef) -> None:
        self._may_edit = op.role in ROSTER_EDITORS
        refused = self.tr("Only a coordinator or an administrator may assign teams.")
        self._assign.setToolTip(self.tr("Base the chosen team here: it leaves the grid it "
                                        "was based in (a team has one base grid)")
                                if self._may_edit else refused)
        self._remove.setToolTip(self.tr("Take the team picked in the list out of this grid: "
                                        "it is then based nowhere")
                                if self._may_edit else refused)
        self._update_buttons()

    def _update_buttons(self) -> None:
        item = self._teams.currentItem()
        picked = item is not None and bool(item.data(TEAM_ROLE))
        self._choice.setEnabled(self._may_edit and bool(self._grid))
        self._assign.setEnabled(self._may_edit and bool(self._grid)
                                and self._choice.currentIndex() >= 0)
        self._remove.setEnabled(self._may_edit and bool(self._grid) and picked)

    # ---- slots ------------------------------------------------------------------------

    def _on_teams_current_changed(self, _current: QListWidgetItem | None,
                                  _previous: QListWidgetItem | None) -> None:
        self._update_buttons()

    def _on_choice_changed(self, _index: int) -> None:
        self._update_buttons()

    def _on_assign_clicked(self) -> None:
        team = self._choice.currentData()
        if not team or not self._grid:
            return
        self._change(lambda actor: self._app.rosters.base_team_in(actor, team, self._grid),
                     self.tr("{team} is based in {grid} now.").format(team=team,
                                                                      grid=self._grid))

    def _on_remove_clicked(self) -> None:
        item = self._teams.currentItem()
        team = item.data(TEAM_ROLE) if item is not None else None
        if not team or not self._grid:
            return
        self._change(lambda actor: self._app.rosters.unbase_team(actor, team, self._grid),
                     self.tr("{team} is no longer based in {grid}.").format(team=team,
                                                                            grid=self._grid))

    def _change(self, call: Callable[[OperatorRef], object], done: str) -> None:
        grid = self._grid
        try:
            call(self._app.operator)
        except WatchroomError as exc:
            self.set_grid(grid)  # what is true now (a conflict: someone moved the team)
            self._message.setText(error_text(exc))
            return
        self.set_grid(grid)
        self._message.setText(done)
        self.teams_changed.emit(grid)
