"""Small dialogs an action on a case needs: choosing the team, writing a reason or note."""

from __future__ import annotations

from collections.abc import Iterable

from PySide6.QtCore import Qt
from PySide6.QtWidgets import (
    QComboBox,
    QDialog,
    QDialogButtonBox,
    QFormLayout,
    QLabel,
    QListWidget,
    QListWidgetItem,
    QPlainTextEdit,
    QPushButton,
    QVBoxLayout,
    QWidget,
)

from console.cases.lifecycle import NEEDS_TEXT, Action
from console.core.domain import CaseRow, Category, GridRef, Severity, TeamKind, TeamRef
from widgets.common import labels

PROMPT_TITLE_WIDTH = 300  # pixels of the case title in the dispatch prompt; the rest elided

# Which kind of team usually takes a case of each category.
CATEGORY_TEAM_KIND: dict[Category, TeamKind] = {
    Category.FIRE: TeamKind.FIRE,
    Category.FLOOD: TeamKind.RESCUE,
    Category.DISPUTE: TeamKind.MEDIATION,
    Category.PETITION: TeamKind.MEDIATION,
    Category.PUBLIC_SECURITY: TeamKind.PATROL,
    Category.TRAFFIC: TeamKind.PATROL,
    Category.UTILITIES: TeamKind.UTILITIES,
    Category.PUBLIC_HEALTH: TeamKind.MEDICAL,
    Category.ENVIRONMENT: TeamKind.GRID_WORKERS,
    Category.OTHER: TeamKind.GRID_WORKERS,
}


def suggested_team(row: CaseRow, grids: Iterable[GridRef],
                   teams: Iterable[TeamRef]) -> TeamRef | None:
    """The team to preselect when dispatching ``row``.

    The kind follows the category (a critical case that would go to the grid workers
    goes to the rescue team instead); among teams of that kind, one based in the case's
    community comes first (for grid workers, that is the community's own team).
    """
    kind = CATEGORY_TEAM_KIND[row.category]
    if kind is TeamKind.GRID_WORKERS and row.severity is Severity.CRITICAL:
        kind = TeamKind.RESCUE
    by_id = {g.id: g for g in grids}
    home = by_id.get(row.grid_id)
    candidates = [t for t in teams if t.kind is kind]
    if not candidates:
        return None
    if home is not None:
        for team in candidates:
            base = by_id.get(team.base_grid_id) if team.base_grid_id is not None else None
            if base is not None and base.community_en == home.community_en:
                return team
    return candidates[0]


class DispatchDialog(QDialog):
    """Choose the team a case goes to (the lead, 主办); a sensible team is preselected.
    Assisting teams (协办) may be ticked, each with its part written on its own line.

    Signals: only those of ``QDialog`` (``accepted`` when the officer chose a team).
    """

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("dispatchDialog")
        self.setMinimumWidth(460)
        self._prompt = QLabel(self)
        self._team = QComboBox(self)
        self._team.setObjectName("dispatchTeam")
        self._team.setAccessibleName(self.tr("Team to dispatch to"))
        self._hint = QLabel(self)
        self._hint.setObjectName("dispatchHint")
        self._hint.setProperty("fieldName", True)
        self._hint.setWordWrap(True)
        self._assist_label = QLabel(self.tr("Assisting teams (协办), if the case needs "
                                            "more than one:"), self)
        self._assist_label.setWordWrap(True)
        self._assist = QListWidget(self)
        self._assist.setObjectName("dispatchAssist")
        self._assist.setAccessibleName(self.tr("Assisting teams"))
        self._assist.setMaximumHeight(120)
        self._parts = QPlainTextEdit(self)
        self._parts.setObjectName("dispatchParts")
        self._parts.setAccessibleName(self.tr("Parts of the assisting teams"))
        self._parts.setPlaceholderText(self.tr("Each assisting team's part, one line each in "
                                               "the order ticked (e.g. clear the vehicles)"))
        self._parts.setMaximumHeight(70)
        self._parts.setTabChangesFocus(True)
        self._buttons = QDialogButtonBox(
            QDialogButtonBox.StandardButton.Ok | QDialogButtonBox.StandardButton.Cancel, self)
        self.ok_button.setText(self.tr("Dispatch"))
        self._buttons.button(QDialogButtonBox.StandardButton.Cancel).setText(self.tr("Cancel"))
        layout = QVBoxLayout(self)
        layout.addWidget(self._prompt)
        layout.addWidget(self._team)
        layout.addWidget(self._hint)
        layout.addWidget(self._assist_label)
        layout.addWidget(self._assist)
        layout.addWidget(self._parts)
        layout.addWidget(self._buttons)
        self._buttons.accepted.connect(self.accept)
        self._buttons.rejected.connect(self.reject)
        self._assist.itemChanged.connect(self._on_assist_item_changed)
        self._team.currentIndexChanged.connect(self._on_assist_item_changed)
        self._ticked: list[str] = []  # assisting teams, in the order they were ticked

    @property
    def ok_button(self) -> QPushButton:
        return self._buttons.button(QDialogButtonBox.StandardButton.Ok)

    def assisting(self) -> list[str]:
        """The assisting teams ticked (never the lead), in the order they were ticked."""
        lead = self.team_code()
        return [code for code in self._ticked if code != lead]

    def parts(self) -> list[str]:
        """Each assisting team's part, in the order of ``assisting``."""
        return [line.strip() for line in self._parts.toPlainText().splitlines()
                if line.strip()][:len(self.assisting())]

    def _on_assist_item_changed(self, *_args: object) -> None:
        for i in range(self._assist.count()):
            item = self._assist.item(i)
            code = str(item.data(Qt.ItemDataRole.UserRole))
            on = item.checkState() == Qt.CheckState.Checked
            if on and code not in self._ticked:
                self._ticked.append(code)
            elif not on and code in self._ticked:
                self._ticked.remove(code)
        self._parts.setEnabled(bool(self.assisting()))

    def prepare(self, row: CaseRow, teams: list[TeamRef], suggested: TeamRef | None) -> None:
        """Fill the dialog for ``row``, with ``suggested`` preselected."""
        self.setWindowTitle(self.tr("Dispatch {ref}").format(ref=row.reference))
        title = self._prompt.fontMetrics().elidedText(
            row.title, Qt.TextElideMode.ElideRight, PROMPT_TITLE_WIDTH)
        self._prompt.setText(self.tr("Dispatch {ref} “{title}” to:").format(
            ref=row.reference, title=title))
        self._prompt.setToolTip(row.title)
        self._team.clear()
        for team in teams:
            kind = labels.team_kind_label(team.kind)
            self._team.addItem(f"{team.code} — {labels.place_name(team)} ({kind})", team.code)
        if suggested is not None:
            self._team.setCurrentIndex(self._team.findData(suggested.code))
            self._hint.setText(self.tr("Suggested for {category}: {team}").format(
                category=labels.category_label(row.category), team=suggested.code))
        else:
            self._hint.setText(self.tr("No team of the usual kind; choose one."))
        self._assist.blockSignals(True)
        self._assist.clear()
        for team in teams:
            item = QListWidgetItem(f"{team.code} — {labels.place_name(team)}", self._assist)
            item.setData(Qt.ItemDataRole.UserRole, team.code)
            item.setFlags(item.flags() | Qt.ItemFlag.ItemIsUserCheckable)
            item.setCheckState(Qt.CheckState.Unchecked)
        self._assist.blockSignals(False)
        self._ticked = []
        self._parts.clear()
        self._parts.setEnabled(False)
        self.adjustSize()  # the prompt may wrap onto more lines than last time

    def team_code(self) -> str:
        return str(self._team.currentData() or "")


class TextActionDialog(QDialog):
    """Write the reason for a pause, a failed verification or a supervision, or a note.

    OK stays disabled while the text is empty.

    Signals: only those of ``QDialog`` (``accepted`` when the text was confirmed).
    """

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("textActionDialog")
        self.setMinimumWidth(460)
        self._prompt = QLabel(self)
        self._prompt.setWordWrap(True)
        self._text = QPlainTextEdit(self)
        self._text.setObjectName("actionText")
        self._text.setAccessibleName(self.tr("Text"))
        self._text.setTabChangesFocus(True)
        self._text.setMinimumHeight(100)
        self._buttons = QDialogButtonBox(
            QDialogButtonBox.StandardButton.Ok | QDialogButtonBox.StandardButton.Cancel, self)
        self._buttons.button(QDialogButtonBox.StandardButton.Cancel).setText(self.tr("Cancel"))
        layout = QVBoxLayout(self)
        layout.addWidget(self._prompt)
        layout.addWidget(self._text)
        layout.addWidget(self._buttons)
        self._text.textChanged.connect(self._on_text_changed)
        self._buttons.accepted.connect(self.accept)
        self._buttons.rejected.connect(self.reject)

    @property
    def ok_button(self) -> QPushButton:
        return self._buttons.button(QDialogButtonBox.StandardButton.Ok)

    def prepare(self, row: CaseRow, action: Action) -> None:
        """Empty the text and word the dialog for ``action`` on ``row``."""
        prompts = {
            Action.PAUSE: self.tr("Why is {ref} paused? Say who or what it is waiting on."),
            Action.REOPEN: self.tr("What failed verification on {ref}? It goes back to the "
                                   "team as rework."),
            Action.NOTE: self.tr("Note on {ref}:"),
        }
        self.ask(f"{labels.action_label(action)} — {row.reference}",
                 prompts.get(action, self.tr("Text for {ref}:")).format(ref=row.reference),
                 labels.action_label(action))

    def ask(self, title: str, prompt: str, ok_text: str) -> None:
        """Empty the text and word the dialog as given (also for steps that are not loop
        actions, such as putting a case under supervision)."""
        self.setWindowTitle(title)
        self._prompt.setText(prompt)
        self.ok_button.setText(ok_text)
        self._text.clear()
        self._on_text_changed()
        self._text.setFocus()
        self.adjustSize()

    def text(self) -> str:
        return self._text.toPlainText().strip()

    def _on_text_changed(self) -> None:
        self.ok_button.setEnabled(bool(self.text()))


class JointStepDialog(QDialog):
    """What a joint-handling step needs (吹哨, 报到, 退单, 确权, 回访): the teams summoned,
    the assisting team or the owner ruled, a return's reason, a callback's satisfaction and
    the citizen's view, and a note; only the fields of the step are shown. OK stays
    disabled until every field the step needs is filled.

    Signals: only those of ``QDialog`` (``accepted`` when the step was confirmed).
    """

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("jointStepDialog")
        self.setMinimumWidth(460)
        self._action = Action.NOTE
        self._prompt = QLabel(self)
        self._prompt.setWordWrap(True)
        self._teams = QListWidget(self)
        self._teams.setObjectName("jointTeams")
        self._teams.setAccessibleName(self.tr("Teams summoned"))
        self._team = QComboBox(self)
        self._team.setObjectName("jointTeam")
        self._team.setAccessibleName(self.tr("Team"))
        self._reason = QComboBox(self)
        self._reason.setObjectName("jointReason")
        self._reason.setAccessibleName(self.tr("Reason for the return"))
        self._satisfaction = QComboBox(self)
        self._satisfaction.setObjectName("jointSatisfaction")
        self._satisfaction.setAccessibleName(self.tr("Satisfaction"))
        self._resolved = QComboBox(self)
        self._resolved.setObjectName("jointResolved")
        self._resolved.setAccessibleName(self.tr("Resolved in the citizen's view"))
        self._text = QPlainTextEdit(self)
        self._text.setObjectName("jointText")
        self._text.setAccessibleName(self.tr("Text"))
        self._text.setTabChangesFocus(True)
        self._text.setMinimumHeight(80)
        self._buttons = QDialogButtonBox(
            QDialogButtonBox.StandardButton.Ok | QDialogButtonBox.StandardButton.Cancel, self)
        self._buttons.button(QDialogButtonBox.StandardButton.Cancel).setText(self.tr("Cancel"))
        self._form = QFormLayout()
        self._form.addRow(self.tr("Teams:"), self._teams)
        self._form.addRow(self.tr("Team:"), self._team)
        self._form.addRow(self.tr("Reason:"), self._reason)
        self._form.addRow(self.tr("Satisfaction:"), self._satisfaction)
        self._form.addRow(self.tr("Resolved:"), self._resolved)
        self._form.addRow(self.tr("Note:"), self._text)
        layout = QVBoxLayout(self)
        layout.addWidget(self._prompt)
        layout.addLayout(self._form)
        layout.addWidget(self._buttons)
        self._connect_signals()

    def _connect_signals(self) -> None:
        self._text.textChanged.connect(self._on_input_changed)
        self._teams.itemChanged.connect(self._on_input_changed)
        self._buttons.accepted.connect(self.accept)
        self._buttons.rejected.connect(self.reject)

    @property
    def ok_button(self) -> QPushButton:
        return self._buttons.button(QDialogButtonBox.StandardButton.Ok)

    def _reasons(self) -> dict[str, str]:
        return {"not_our_jurisdiction": self.tr("Not our jurisdiction"),
                "wrong_address": self.tr("Wrong address"),
                "duplicate": self.tr("Duplicate"),
                "insufficient_information": self.tr("Insufficient information")}

    def _satisfactions(self) -> dict[str, str]:
        return {"satisfied": self.tr("Satisfied"), "basic": self.tr("Basically satisfied"),
                "dissatisfied": self.tr("Dissatisfied")}

    def prepare(self, row: CaseRow, action: Action, teams: list[TeamRef]) -> None:
        """Word the dialog for ``action`` on ``row``; ``teams`` are the ones to choose
        from (every team to summon or rule, or the case's open assisting parts)."""
        self._action = action
        ref = row.reference
        prompts = {
            Action.WHISTLE: self.tr("Blow the whistle on {ref}: tick the departments "
                                    "summoned; each must report in."),
            Action.REPORT_IN: self.tr("Which summoned team reports in on {ref}?"),
            Action.PART_DONE: self.tr("Which assisting team has done its part of {ref}?"),
            Action.WAIVE: self.tr("Release an assisting team from its part of {ref}; "
                                  "say why."),
            Action.RETURN: self.tr("Return {ref} to the center: it is not this team's. "
                                   "Choose the reason and explain."),
            Action.DISPUTE: self.tr("Whose case is {ref}? Say what is disputed; the "
                                    "coordinator rules."),
            Action.RULE: self.tr("Rule the owner of {ref}: final for this case, and the "
                                 "team cannot return it."),
            Action.CALLBACK: self.tr("Callback on {ref}: what does the citizen say?"),
        }
        self.setWindowTitle(f"{labels.action_label(action)} — {ref}")
        self._prompt.setText(prompts.get(action, self.tr("Text for {ref}:")).format(ref=ref))
        self.ok_button.setText(labels.action_label(action))
        self._teams.clear()
        self._team.clear()
        for team in teams:
            text = f"{team.code} — {labels.place_name(team)}"
            if action is Action.WHISTLE:
                item = QListWidgetItem(text, self._teams)
                item.setData(Qt.ItemDataRole.UserRole, team.code)
                item.setFlags(item.flags() | Qt.ItemFlag.ItemIsUserCheckable)
                item.setCheckState(Qt.CheckState.Unchecked)
            else:
                self._team.addItem(text, team.code)
        self._reason.clear()
        for value, text in self._reasons().items():
            self._reason.addItem(text, value)
        self._satisfaction.clear()
        for value, text in self._satisfactions().items():
            self._satisfaction.addItem(text, value)
        self._resolved.clear()
        self._resolved.addItem(self.tr("Yes"), "yes")
        self._resolved.addItem(self.tr("No"), "no")
        shown = {
            self._teams: action is Action.WHISTLE,
            self._team: action in (Action.REPORT_IN, Action.PART_DONE, Action.WAIVE,
                                   Action.RULE),
            self._reason: action is Action.RETURN,
            self._satisfaction: action is Action.CALLBACK,
            self._resolved: action is Action.CALLBACK,
        }
        for widget, visible in shown.items():
            self._form.setRowVisible(widget, visible)
        self._text.clear()
        self._on_input_changed()
        self.adjustSize()

    def checked_teams(self) -> list[str]:
        return [str(self._teams.item(i).data(Qt.ItemDataRole.UserRole))
                for i in range(self._teams.count())
                if self._teams.item(i).checkState() is Qt.CheckState.Checked]

    def team_code(self) -> str:
        return str(self._team.currentData() or "")

    def reason(self) -> str:
        return str(self._reason.currentData() or "")

    def satisfaction(self) -> str:
        return str(self._satisfaction.currentData() or "")

    def resolved(self) -> bool:
        return self._resolved.currentData() == "yes"

    def text(self) -> str:
        return self._text.toPlainText().strip()

    def _on_input_changed(self) -> None:
        ready = bool(self.text()) or self._action not in NEEDS_TEXT
        if self._action is Action.WHISTLE:
            ready = ready and bool(self.checked_teams())
        self.ok_button.setEnabled(ready)
