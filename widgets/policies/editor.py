"""The SLA policy editor: every policy in one editable table, and the stricter tiers."""

from __future__ import annotations

from PySide6.QtCore import QAbstractItemModel, QModelIndex, QPersistentModelIndex, Qt
from PySide6.QtGui import QColor
from PySide6.QtWidgets import (
    QAbstractItemView,
    QComboBox,
    QDialog,
    QDialogButtonBox,
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QPushButton,
    QStyledItemDelegate,
    QStyleOptionViewItem,
    QTableView,
    QTabWidget,
    QVBoxLayout,
    QWidget,
)

from console.app import App
from console.cases.sla import COORDINATORS
from console.core.errors import ConflictError, WatchroomError
from widgets.common.domain_messages import error_text
from widgets.common.panes import show_message
from widgets.policies.table_model import CALENDARS, PolicyColumn, PolicyTableModel, calendar_label
from widgets.policies.tier_editor import TierEditor
from widgets.shell.theme import current_theme, escalation_colors

ModelIndex = QModelIndex | QPersistentModelIndex


class CalendarDelegate(QStyledItemDelegate):
    """Edits the calendar column with a choice of the two calendars, not free text.

    Signals: only those of ``QStyledItemDelegate``.
    """

    def createEditor(self, parent: QWidget, option: QStyleOptionViewItem,
                     index: ModelIndex) -> QWidget:
        if index.column() != PolicyColumn.CALENDAR:
            return super().createEditor(parent, option, index)
        combo = QComboBox(parent)
        combo.setObjectName("policyCalendarEditor")
        for calendar in CALENDARS:
            combo.addItem(calendar_label(calendar), calendar)
        return combo

    def setEditorData(self, editor: QWidget, index: ModelIndex) -> None:
        if isinstance(editor, QComboBox):
            editor.setCurrentIndex(max(editor.findData(index.data(Qt.ItemDataRole.EditRole)),
                                       0))
            return
        super().setEditorData(editor, index)

    def setModelData(self, editor: QWidget, model: QAbstractItemModel,
                     index: ModelIndex) -> None:
        if isinstance(editor, QComboBox):
            model.setData(index, editor.currentData(), Qt.ItemDataRole.EditRole)
            return
        super().setModelData(editor, model, index)


class PolicyEditor(QDialog):
    """SLA policies (tab one) and stricter tiers (tab two).

    Coordinators and administrators edit policies in place; Save sends each changed
    policy with the version it was read at and shows what each save moved. Other roles
    read the same tables, told that they are read-only.

    Signals: only those of ``QDialog``.
    """

    def __init__(self, app: App, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("policyEditor")
        self.setWindowTitle(self.tr("SLA policies"))
        self._app = app
        self._editable = app.operator.role in COORDINATORS
        self._model = PolicyTableModel(self._editable, self)
        self._model.setObjectName("policyTableModel")
        self._build()
        self._connect_signals()
        self._load()
        self.resize(self._fitting_width(), 700)

    # ---- building ----------------------------------------------------------------------

    def _build(self) -> None:
        self._tabs = QTabWidget(self)
        self._tabs.setObjectName("policyTabs")
        self._tabs.addTab(self._build_policies(), self.tr("Policies"))
        self._tiers = TierEditor(self._app, self)
        self._tabs.addTab(self._tiers, self.tr("Stricter tiers"))
        self._buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Close, self)
        self._buttons.button(QDialogButtonBox.StandardButton.Close).setText(self.tr("Close"))
        layout = QVBoxLayout(self)
        layout.addWidget(self._tabs, 1)
        layout.addWidget(self._buttons)

    def _build_policies(self) -> QWidget:
        page = QWidget(self)
        self._access = QLabel(page)
        self._access.setObjectName("policyAccess")
        self._access.setWordWrap(True)
        self._access.setProperty("fieldName", True)
        if self._editable:
            self._access.setText(self.tr(
                "Double-click a number to change it. Saving moves the pending deadlines of "
                "open cases under that policy to the new limits."))
        else:
            self._access.setText(self.tr(
                "Read-only: changing SLA policies needs a coordinator or an administrator."))
        self._table = QTableView(page)
        self._table.setObjectName("policyTable")
        self._table.setAccessibleName(self.tr("SLA policies"))
        self._table.setModel(self._model)
        self._table.setItemDelegate(CalendarDelegate(self._table))
        self._table.setAlternatingRowColors(True)
        self._table.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectItems)
        self._table.setSelectionMode(QAbstractItemView.SelectionMode.SingleSelection)
        self._table.setEditTriggers(
            QAbstractItemView.EditTrigger.DoubleClicked
            | QAbstractItemView.EditTrigger.EditKeyPressed
            | QAbstractItemView.EditTrigger.AnyKeyPressed)
        self._table.verticalHeader().hide()
        self._table.setWordWrap(False)
        self._table.verticalHeader().setDefaultSectionSize(
            self._table.fontMetrics().height() + 12)
        header = self._table.horizontalHeader()
        header.setSectionResizeMode(QHeaderView.ResizeMode.ResizeToContents)
        header.setHighlightSections(False)

        self._message = QLabel(page)
        self._message.setObjectName("policyMessage")
        self._message.setWordWrap(True)
        self._message.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
        self._message.hide()
        self._reload = QPushButton(self.tr("Reload"), page)
        self._reload.setObjectName("policyReload")
        self._reload.setToolTip(self.tr("Drop the edits and show the policies as saved now"))
        self._reload.hide()
        self._save = QPushButton(self.tr("Save"), page)
        self._save.setObjectName("policySave")
        self._save.setProperty("primary", True)
        self._save.setVisible(self._editable)
        message_row = QHBoxLayout()
        message_row.addWidget(self._message, 100)
        message_row.addStretch(1)  # holds the buttons right while there is no message
        message_row.addWidget(self._reload, 0, Qt.AlignmentFlag.AlignTop)
        message_row.addWidget(self._save, 0, Qt.AlignmentFlag.AlignTop)

        layout = QVBoxLayout(page)
        layout.addWidget(self._access)
        layout.addWidget(self._table, 1)
        layout.addLayout(message_row)
        bold = self._table.font()
        bold.setBold(True)
        self._model.set_edited_font(bold)
        self._model.set_colors(QColor(escalation_colors(current_theme())[2]))
        return page

    def _fitting_width(self) -> int:
        """Wide enough to show every column of the policy table without scrolling."""
        self._table.resizeColumnsToContents()
        columns = sum(self._table.columnWidth(c) for c in range(self._model.columnCount()))
        chrome = self._table.verticalScrollBar().sizeHint().width() + 80  # frame, margins
        return max(900, columns + chrome)

    def _connect_signals(self) -> None:
        self._buttons.rejected.connect(self.reject)
        self._model.edits_changed.connect(self._on_model_edits_changed)
        self._save.clicked.connect(self._on_save_clicked)
        self._reload.clicked.connect(self._on_reload_clicked)

    # ---- parts, for tests --------------------------------------------------------------

    @property
    def model(self) -> PolicyTableModel:
        return self._model

    @property
    def table(self) -> QTableView:
        return self._table

    @property
    def tiers(self) -> TierEditor:
        return self._tiers

    # ---- acting ------------------------------------------------------------------------

    def _load(self) -> None:
        self._model.set_policies(self._app.sla.policies())

    def _set_message(self, text: str, kind: str = "info", offer_reload: bool = False) -> None:
        show_message(self._message, text, kind)
        self._reload.setVisible(offer_reload)

    def _on_model_edits_changed(self) -> None:
        self._save.setEnabled(self._model.has_edits and not self._model.has_errors)
        self._save.setToolTip(
            self.tr("Fix the marked cells first") if self._model.has_errors else "")

    def _on_save_clicked(self) -> None:
        """Save each changed policy (one service call per policy); stop at the first
        refusal, keeping what was saved before it."""
        summaries: list[str] = []
        for policy, fields in self._model.changes():
            try:
                change = self._app.sla.update_policy(
                    self._app.operator, policy.id, policy.version, **fields)
            except ConflictError as exc:
                self._set_message("\n".join([*summaries, error_text(exc)]), "error",
                                  offer_reload=True)
                return
            except WatchroomError as exc:
                self._set_message("\n".join([*summaries, error_text(exc)]), "error",
                                  offer_reload=bool(summaries))
                return
            summaries.append(change.summary())
        self._load()
        self._set_message("\n".join(summaries))

    def _on_reload_clicked(self) -> None:
        self._app.sla.invalidate()
        self._load()
        self._set_message("")
