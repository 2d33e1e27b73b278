"""The dispatch dialog of the roster: a case, a team, and the proposed members to tick."""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from typing import Any

from PySide6.QtCore import QCoreApplication, QObject, Qt, Signal
from PySide6.QtWidgets import (
    QAbstractItemView,
    QDialog,
    QDialogButtonBox,
    QHeaderView,
    QLabel,
    QPushButton,
    QTableView,
    QVBoxLayout,
    QWidget,
)

from console.app import App
from console.core.domain import CaseDetail, Stage, TeamRef
from console.core.errors import WatchroomError
from console.rosters.domain import MemberRow, ShiftRow
from widgets.common import labels
from widgets.common.domain_messages import error_text
from widgets.common.plurals import counted
from widgets.common.row_model import ModelIndex, RowTableModel
from widgets.common.time_text import NO_VALUE


def proposal_titles() -> tuple[str, ...]:
    return (
        QCoreApplication.translate("ProposalModel", "Member"),
        QCoreApplication.translate("ProposalModel", "Role"),
        QCoreApplication.translate("ProposalModel", "Qualifications"),
        QCoreApplication.translate("ProposalModel", "Shift"),
        QCoreApplication.translate("ProposalModel", "Phone"),
    )


class ProposalModel(RowTableModel[MemberRow, int]):
    """Proposed members, each with a checkbox in the first column.

    Signals: only those of ``QAbstractTableModel`` (a tick is a ``dataChanged`` of its
    row's first cell).
    """

    def __init__(self, parent: QObject | None = None) -> None:
        super().__init__(proposal_titles, lambda item: item.id, parent)
        self._checked: set[int] = set()  # ids of the members ticked
        self._wanted: tuple[str, ...] = ()
        self._names: Mapping[str, str] = {}

    def set_rows(self, rows: Sequence[MemberRow], wanted: Sequence[str],
                 names: Mapping[str, str], preselect: int) -> None:
        self._checked = {row.id for row in rows[:preselect]}
        self._wanted = tuple(wanted)
        self._names = dict(names)
        self._reset_items(rows)

    def checked_ids(self) -> list[int]:
        return [r.id for r in self._items if r.id in self._checked]

    def row_at(self, row: int) -> MemberRow:
        return self._items[row]

    def flags(self, index: ModelIndex) -> Qt.ItemFlag:
        base = super().flags(index)
        if index.isValid() and index.column() == 0:
            return base | Qt.ItemFlag.ItemIsUserCheckable
        return base

    def cell(self, row: MemberRow, column: int, role: int) -> Any:
        if role == Qt.ItemDataRole.CheckStateRole and column == 0:
            return (Qt.CheckState.Checked if row.id in self._checked
                    else Qt.CheckState.Unchecked)
        if role == Qt.ItemDataRole.DisplayRole:
            if column == 0:
                return row.name
            if column == 1:
                return row.role
            if column == 2:
                # What the case needs first, then the rest.
                held = sorted(row.qualifications,
                              key=lambda q: (q not in self._wanted, q))
                return ", ".join(self._names.get(q, q) for q in held)
            if column == 3:
                return (QCoreApplication.translate("ProposalModel", "On shift")
                        if row.on_shift else
                        QCoreApplication.translate("ProposalModel", "Call in"))
            return row.phone or NO_VALUE
        return None

    def setData(self, index: ModelIndex, value: Any,
                role: int = Qt.ItemDataRole.EditRole) -> bool:
        if not index.isValid() or index.column() != 0 \
                or role != Qt.ItemDataRole.CheckStateRole:
            return False
        checked = Qt.CheckState(value) == Qt.CheckState.Checked
        member_id = self._items[index.row()].id
        if (member_id in self._checked) == checked:
            return True
        if checked:
            self._checked.add(member_id)
        else:
            self._checked.discard(member_id)
        self.dataChanged.emit(index, index, [Qt.ItemDataRole.CheckStateRole])
        return True


class DispatchMembersDialog(QDialog):
    """Send a case to a team with the members ticked: a registered case is dispatched
    with them; a case the team already has gets them as reinforcement. The members the
    case's category needs are proposed, those on shift first; as many as the severity
    suggests are ticked. A refusal is shown in the dialog, which stays open.

    Signals:
        case_dispatched(int): the case's id, after the service accepted.
    """

    case_dispatched = Signal(int)

    def __init__(self, app: App, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("dispatchMembersDialog")
        self.setMinimumSize(760, 480)
        self._app = app
        self._case: CaseDetail | None = None
        self._team: TeamRef | None = None
        self._prompt = QLabel(self)
        self._prompt.setObjectName("dispatchMembersPrompt")
        self._prompt.setWordWrap(True)
        self._needs = QLabel(self)
        self._needs.setObjectName("dispatchMembersNeeds")
        self._needs.setProperty("fieldName", True)
        self._needs.setWordWrap(True)
        self._model = ProposalModel(self)
        self._table = QTableView(self)
        self._table.setObjectName("dispatchMembersTable")
        self._table.setAccessibleName(self.tr("Members to send"))
        self._table.setModel(self._model)
        self._table.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        self._table.setSelectionMode(QAbstractItemView.SelectionMode.SingleSelection)
        self._table.setAlternatingRowColors(True)
        self._table.setShowGrid(False)
        self._table.setWordWrap(False)
        self._table.verticalHeader().hide()
        self._table.verticalHeader().setDefaultSectionSize(
            self._table.fontMetrics().height() + 12)
        header = self._table.horizontalHeader()
        header.setSectionResizeMode(QHeaderView.ResizeMode.ResizeToContents)
        header.setSectionResizeMode(2, QHeaderView.ResizeMode.Stretch)
        # What sending the ticked members does to the team's staffing, said before it is
        # done: 6 firefighters out of FIRE-1 can leave its shift short of its minimum.
        self._staffing = QLabel(self)
        self._staffing.setObjectName("dispatchStaffingWarning")
        self._staffing.setWordWrap(True)
        self._staffing.setProperty("warning", True)
        self._staffing.hide()
        self._shift: ShiftRow | None = None
        self._error = QLabel(self)
        self._error.setObjectName("dispatchMembersError")
        self._error.setWordWrap(True)
        self._error.hide()
        self._buttons = QDialogButtonBox(
            QDialogButtonBox.StandardButton.Ok | QDialogButtonBox.StandardButton.Cancel, self)
        self.confirm_button.setObjectName("dispatchMembersConfirm")
        self._buttons.button(QDialogButtonBox.StandardButton.Cancel).setText(self.tr("Cancel"))
        self._buttons.button(QDialogButtonBox.StandardButton.Cancel).setObjectName(
            "dispatchMembersCancel")
        layout = QVBoxLayout(self)
        layout.addWidget(self._prompt)
        layout.addWidget(self._needs)
        layout.addWidget(self._table, 1)
        layout.addWidget(self._staffing)
        layout.addWidget(self._error)
        layout.addWidget(self._buttons)
        self._buttons.accepted.connect(self._on_confirm_clicked)
        self._buttons.rejected.connect(self.reject)
        self._model.dataChanged.connect(self._on_model_data_changed)
        self._model.modelReset.connect(self._update_confirm)

    @property
    def confirm_button(self) -> QPushButton:
        return self._buttons.button(QDialogButtonBox.StandardButton.Ok)

    @property
    def table(self) -> QTableView:
        return self._table

    @property
    def model(self) -> ProposalModel:
        return self._model

    def prepare(self, case: CaseDetail, team: TeamRef, proposals: Sequence[MemberRow],
                wanted: Sequence[str], names: Mapping[str, str], preselect: int) -> None:
        """Fill the dialog for sending ``case`` to ``team``."""
        self._case, self._team = case, team
        row = case.row
        self.setWindowTitle(self.tr("Dispatch {ref} to {team}").format(
            ref=row.reference, team=team.code))
        self._prompt.setText(self.tr(
            "<b>{ref}</b> “{title}” — {category}, severity {severity}<br>"
            "to <b>{team}</b> {name}").format(
            ref=row.reference, title=row.title, category=labels.category_label(row.category),
            severity=labels.severity_label(row.severity), team=team.code,
            name=labels.place_name(team)))
        need = " / ".join(names.get(q, q) for q in wanted)
        if not wanted:
            self._needs.setText(self.tr("Any available member of {team} can go: "
                                        "{n} proposed.").format(team=team.code,
                                                                n=len(proposals)))
        elif proposals:
            self._needs.setText(self.tr("Needs {need}: {n} available members of {team} "
                                        "qualify, those on shift first.").format(
                need=need, n=len(proposals), team=team.code))
        else:
            self._needs.setText(self.tr("No available member of {team} holds {need}.").format(
                team=team.code, need=need))
        statuses = {st.team.id: st for st in self._app.rosters.team_statuses()}
        status = statuses.get(team.id)
        self._shift = status.readiness_shift if status is not None else None
        self._model.set_rows(proposals, wanted, names, preselect)
        self._error.hide()
        self._table.setFocus()

    def selected_member_ids(self) -> list[int]:
        return self._model.checked_ids()

    def _update_confirm(self) -> None:
        n = len(self._model.checked_ids())
        reinforce = self._case is not None and self._case.row.stage is not Stage.REGISTERED
        if reinforce:
            text = counted(self.tr("Send %n member(s)", "", n), n)
        elif n:
            text = counted(self.tr("Dispatch with %n member(s)", "", n), n)
        else:
            text = self.tr("Dispatch without members")
        self.confirm_button.setText(text)
        self.confirm_button.setEnabled(bool(n) or not reinforce)
        self._warn_staffing()

    def _warn_staffing(self) -> None:
        shift, team = self._shift, self._team
        if shift is None or team is None:
            self._staffing.hide()
            return
        sent = set(self._model.checked_ids())
        left = sum(1 for m in shift.members if m.counts and m.id not in sent)
        if left >= shift.needed or left == shift.ready:
            # Still staffed, or short already and these members change nothing.
            self._staffing.hide()
            return
        self._staffing.setText(self.tr(
            "Sending these members leaves {team} with {left} of the {needed} its shift "
            "needs ({ready} ready now): a readiness gap.").format(
            team=team.code, left=left, needed=shift.needed, ready=shift.ready))
        self._staffing.show()

    def _on_model_data_changed(self, *_: object) -> None:
        self._update_confirm()

    def _on_confirm_clicked(self) -> None:
        if self._case is None or self._team is None:
            return
        try:
            done = self._app.rosters.dispatch_members(
                self._app.operator, self._case.reference, self._team.id,
                self.selected_member_ids(), expected_version=self._case.version)
        except WatchroomError as exc:
            self._error.setText(error_text(exc))
            self._error.show()
            return
        self.accept()
        self.case_dispatched.emit(done.row.id)
