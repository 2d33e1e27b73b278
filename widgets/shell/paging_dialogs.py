"""Paging in the console: Tools › Paging… (administrators: channels, rules, a test
message) and Alerts › Pages… (duty officers and up: the delivery log, acknowledging by
code). The service refuses anyone else; these dialogs show its refusals and errors inline."""

from __future__ import annotations

from PySide6.QtCore import QCoreApplication
from PySide6.QtWidgets import (
    QAbstractItemView,
    QComboBox,
    QDialog,
    QFormLayout,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QPushButton,
    QSpinBox,
    QTableWidget,
    QTableWidgetItem,
    QTabWidget,
    QVBoxLayout,
    QWidget,
)

from console.app import App
from console.core.domain import Category, Severity
from console.core.errors import WatchroomError
from console.paging.channels import ChannelKind
from console.paging.outbox import PageStatus
from console.paging.rules import MAX_REPEATS, TRIGGERS, Rule
from console.paging.service import ChannelInfo, PageEntry
from widgets.common.domain_messages import error_text
from widgets.common.labels import category_label, severity_label, stored_severity_label
from widgets.common.panes import set_style_property
from widgets.common.time_text import local_time


def page_status_label(status: str) -> str:
    """A page's status in words of the console's language (an unknown one as stored)."""
    translate = QCoreApplication.translate
    labels = {
        PageStatus.QUEUED: translate("PageStatus", "Queued"),
        PageStatus.SENT: translate("PageStatus", "Sent"),
        PageStatus.FAILED: translate("PageStatus", "Failed, will retry"),
        PageStatus.ACKNOWLEDGED: translate("PageStatus", "Acknowledged"),
        PageStatus.GAVE_UP: translate("PageStatus", "Given up"),
    }
    return labels.get(status, status)


def _table(parent: QWidget, name: str, headers: list[str]) -> QTableWidget:
    table = QTableWidget(0, len(headers), parent)
    table.setObjectName(name)
    table.setHorizontalHeaderLabels(headers)
    table.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
    table.setSelectionMode(QAbstractItemView.SelectionMode.SingleSelection)
    table.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
    table.verticalHeader().hide()
    table.horizontalHeader().setStretchLastSection(True)
    return table


def _fill(table: QTableWidget, rows: list[tuple[str, ...]]) -> None:
    table.setRowCount(len(rows))
    for r, cells in enumerate(rows):
        for c, text in enumerate(cells):
            table.setItem(r, c, QTableWidgetItem(text))
    table.resizeColumnsToContents()


def _selected_row(table: QTableWidget) -> int:
    rows = table.selectionModel().selectedRows()
    return rows[0].row() if rows else -1


def _button(parent: QWidget, name: str, text: str) -> QPushButton:
    button = QPushButton(text, parent)
    button.setObjectName(name)
    button.setAccessibleName(text)
    return button


def _combo(parent: QWidget, name: str, accessible: str,
           items: list[tuple[str, object]] | None = None) -> QComboBox:
    """A drop-down list of (text, data) items."""
    combo = QComboBox(parent)
    combo.setObjectName(name)
    combo.setAccessibleName(accessible)
    for text, data in items or []:
        combo.addItem(text, data)
    return combo


def _line(parent: QWidget, name: str, accessible: str) -> QLineEdit:
    line = QLineEdit(parent)
    line.setObjectName(name)
    line.setAccessibleName(accessible)
    return line


class PagingDialog(QDialog):
    """Where pages go (channels) and who gets them on what (rules): administrators."""

    def __init__(self, app: App, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("pagingDialog")
        self.setWindowTitle(self.tr("Paging"))
        self.resize(860, 680)  # the rules form has the command line's nine fields
        self._app = app
        self._channels: list[ChannelInfo] = []
        self._rules: list[Rule] = []
        tabs = QTabWidget(self)
        tabs.setObjectName("pagingTabs")
        tabs.addTab(self._build_channels(), self.tr("Channels"))
        tabs.addTab(self._build_rules(), self.tr("Rules"))
        self._message = QLabel(self)
        self._message.setObjectName("pagingMessage")
        self._message.setWordWrap(True)
        close = _button(self, "pagingCloseButton", self.tr("Close"))
        close.clicked.connect(self.accept)
        bottom = QHBoxLayout()
        bottom.addWidget(self._message, 1)
        bottom.addWidget(close)
        layout = QVBoxLayout(self)
        layout.addWidget(tabs, 1)
        layout.addLayout(bottom)
        self.reload()

    # ---- building --------------------------------------------------------------------

    def _build_channels(self) -> QWidget:
        page = QWidget(self)
        self._channel_table = _table(page, "pagingChannels", [
            self.tr("Name"), self.tr("Kind"), self.tr("URL"), self.tr("Secret")])
        self._channel_name = _line(page, "pagingChannelName", self.tr("Channel name"))
        self._channel_name.setPlaceholderText(self.tr("one word, e.g. duty-hook"))
        self._channel_kind = _combo(page, "pagingChannelKind", self.tr("Kind"),
                                    [(kind.value, kind.value) for kind in ChannelKind])
        self._channel_url = _line(page, "pagingChannelUrl", self.tr("URL"))
        self._channel_url.setPlaceholderText(self.tr("https://… or smtp://…"))
        self._channel_secret = _line(page, "pagingChannelSecret", self.tr("Secret"))
        self._channel_secret.setEchoMode(QLineEdit.EchoMode.Password)
        self._channel_secret.setPlaceholderText(self.tr("signing secret, if the robot has one"))
        add = _button(page, "pagingChannelAdd", self.tr("Add channel"))
        remove = _button(page, "pagingChannelRemove", self.tr("Remove selected channel"))
        self._test_to = _line(page, "pagingTestTo", self.tr("Test recipient"))
        self._test_to.setPlaceholderText(self.tr("an address, or a target such as operator:NAME"))
        test = _button(page, "pagingChannelTest", self.tr("Send test"))
        add.clicked.connect(self._on_add_channel)
        remove.clicked.connect(self._on_remove_channel)
        test.clicked.connect(self._on_test)
        form = QFormLayout()
        form.addRow(self.tr("&Name"), self._channel_name)
        form.addRow(self.tr("&Kind"), self._channel_kind)
        form.addRow(self.tr("&URL"), self._channel_url)
        form.addRow(self.tr("&Secret"), self._channel_secret)
        form.addRow("", add)
        test_row = QHBoxLayout()
        test_row.addWidget(self._test_to, 1)
        test_row.addWidget(test)
        form.addRow(self.tr("Test the selected channel"), test_row)
        layout = QVBoxLayout(page)
        layout.addWidget(self._channel_table, 1)
        layout.addWidget(remove)
        layout.addLayout(form)
        self._admin_widgets: list[QWidget] = [add, remove, test]
        return page

    def _build_rules(self) -> QWidget:
        page = QWidget(self)
        self._rule_table = _table(page, "pagingRules", [
            self.tr("Rule"), self.tr("On"), self.tr("To"), self.tr("Channel"),
            self.tr("Repeat"), self.tr("Category"), self.tr("Severity"),
            self.tr("Quiet hours"), self.tr("Then")])
        self._rule_on = _combo(page, "pagingRuleOn", self.tr("Trigger"),
                               [(trigger, trigger) for trigger in TRIGGERS])
        self._rule_to = _line(page, "pagingRuleTo", self.tr("Target"))
        self._rule_to.setPlaceholderText(self.tr(
            "on-duty:TEAM:ROLE, team-leader, grid-worker, operator:NAME or address:ADDR"))
        self._rule_channel = _combo(page, "pagingRuleChannel", self.tr("Channel"))
        self._rule_repeat = QSpinBox(page)
        self._rule_repeat.setObjectName("pagingRuleRepeat")
        self._rule_repeat.setAccessibleName(self.tr("Repeat every (minutes)"))
        self._rule_repeat.setRange(0, 24 * 60)
        self._rule_repeat.setSpecialValueText(self.tr("no repeat"))
        self._rule_repeat.setSuffix(self.tr(" min"))
        self._rule_category = _combo(
            page, "pagingRuleCategory", self.tr("Category"),
            [(self.tr("any category"), ""),
             *((category_label(c), c.value) for c in Category)])
        self._rule_severity = _combo(
            page, "pagingRuleSeverity", self.tr("Severity"),
            [(self.tr("any severity"), 0), *((severity_label(s), int(s)) for s in Severity)])
        self._rule_quiet = _line(page, "pagingRuleQuiet", self.tr("Quiet hours"))
        self._rule_quiet.setPlaceholderText(self.tr(
            "HH:MM-HH:MM, e.g. 22:00-07:00 (never holds back levels 2-3 or critical alerts)"))
        self._rule_repeats = QSpinBox(page)
        self._rule_repeats.setObjectName("pagingRuleRepeats")
        self._rule_repeats.setAccessibleName(self.tr("Repeats"))
        self._rule_repeats.setRange(0, MAX_REPEATS)
        self._rule_repeats.setValue(2)
        self._rule_repeats.setSuffix(self.tr(" times"))
        self._rule_then = _combo(page, "pagingRuleThen", self.tr("Then page by rule"))
        self._rule_repeat.valueChanged.connect(self._on_rule_repeat_changed)
        self._on_rule_repeat_changed(self._rule_repeat.value())
        add = _button(page, "pagingRuleAdd", self.tr("Add rule"))
        remove = _button(page, "pagingRuleRemove", self.tr("Remove selected rule"))
        add.clicked.connect(self._on_add_rule)
        remove.clicked.connect(self._on_remove_rule)
        form = QFormLayout()
        form.addRow(self.tr("&On"), self._rule_on)
        form.addRow(self.tr("C&ategory"), self._rule_category)
        form.addRow(self.tr("Se&verity"), self._rule_severity)
        form.addRow(self.tr("&To"), self._rule_to)
        form.addRow(self.tr("&Channel"), self._rule_channel)
        form.addRow(self.tr("&Quiet hours"), self._rule_quiet)
        form.addRow(self.tr("&Repeat every"), self._rule_repeat)
        form.addRow(self.tr("Re&peats"), self._rule_repeats)
        form.addRow(self.tr("T&hen page by"), self._rule_then)
        form.addRow("", add)
        layout = QVBoxLayout(page)
        layout.addWidget(self._rule_table, 1)
        layout.addWidget(remove)
        layout.addLayout(form)
        self._admin_widgets += [add, remove]
        return page

    # ---- reading ---------------------------------------------------------------------

    def reload(self) -> None:
        paging = self._app.paging
        self._channels = paging.channels()
        self._rules = paging.rules()
        _fill(self._channel_table, [
            (c.name, c.kind, c.url, self.tr("set") if c.secret_set else self.tr("none"))
            for c in self._channels])
        _fill(self._rule_table, [self._rule_cells(r) for r in self._rules])
        chosen = self._rule_channel.currentData()
        self._rule_channel.clear()
        for c in self._channels:
            self._rule_channel.addItem(c.name, c.name)
        index = self._rule_channel.findData(chosen)
        if index >= 0:
            self._rule_channel.setCurrentIndex(index)
        chosen = self._rule_then.currentData()
        self._rule_then.clear()
        self._rule_then.addItem(self.tr("no next rule"), 0)
        for r in self._rules:
            self._rule_then.addItem(self.tr("#{id}: {on} to {to}").format(
                id=r.id, on=r.trigger, to=r.target), r.id)
        index = self._rule_then.findData(chosen)
        self._rule_then.setCurrentIndex(max(index, 0))

    def _rule_cells(self, r: Rule) -> tuple[str, ...]:
        repeat = (self.tr("every {n} min ×{k}").format(n=r.repeat_min, k=r.repeats)
                  if r.repeat_min else "—")
        category = category_label(Category(r.category)) if r.category else "—"
        severity = stored_severity_label(r.severity) if r.severity is not None else "—"
        then = f"#{r.then_rule_id}" if r.then_rule_id else "—"
        return (f"#{r.id}", r.trigger, r.target, r.channel, repeat, category, severity,
                r.quiet or "—", then)

    def channels(self) -> list[ChannelInfo]:
        return list(self._channels)

    def rules(self) -> list[Rule]:
        return list(self._rules)

    def message(self) -> str:
        return self._message.text()

    # ---- acting ----------------------------------------------------------------------

    def _say(self, text: str, error: bool = False) -> None:
        self._message.setText(text)
        set_style_property(self._message, "error", error)

    def _selected_channel(self) -> ChannelInfo | None:
        row = _selected_row(self._channel_table)
        return self._channels[row] if 0 <= row < len(self._channels) else None

    def _on_add_channel(self) -> None:
        name = self._channel_name.text()
        try:
            info = self._app.paging.add_channel(
                self._app.operator, name, str(self._channel_kind.currentData()),
                self._channel_url.text(), self._channel_secret.text())
        except WatchroomError as exc:
            self._say(error_text(exc), error=True)
            return
        for line in (self._channel_name, self._channel_url, self._channel_secret):
            line.clear()
        self.reload()
        self._say(self.tr("Added channel {name}.").format(name=info.name))

    def _on_remove_channel(self) -> None:
        channel = self._selected_channel()
        if channel is None:
            self._say(self.tr("Select a channel to remove."), error=True)
            return
        try:
            self._app.paging.remove_channel(self._app.operator, channel.name)
        except WatchroomError as exc:
            self._say(error_text(exc), error=True)
            return
        self.reload()
        self._say(self.tr("Removed channel {name}.").format(name=channel.name))

    def _on_test(self) -> None:
        channel = self._selected_channel()
        if channel is None:
            self._say(self.tr("Select the channel to test."), error=True)
            return
        if not self._test_to.text().strip():
            self._say(self.tr("Say whom the test goes to."), error=True)
            return
        try:
            outcome = self._app.paging.send_test(self._app.operator, channel.name,
                                                 self._test_to.text().strip())
        except WatchroomError as exc:
            self._say(error_text(exc), error=True)
            return
        self._say(outcome)

    def _on_rule_repeat_changed(self, minutes: int) -> None:
        """How many repeats, and who next, mean something only when the page repeats."""
        self._rule_repeats.setEnabled(minutes > 0)
        self._rule_then.setEnabled(minutes > 0)

    def _on_add_rule(self) -> None:
        if self._rule_channel.count() == 0:
            self._say(self.tr("Add a channel first: a rule pages by one."), error=True)
            return
        repeat = self._rule_repeat.value() or None
        then = int(self._rule_then.currentData() or 0) if repeat else 0
        try:
            rule = self._app.paging.add_rule(
                self._app.operator, str(self._rule_on.currentData()), self._rule_to.text(),
                str(self._rule_channel.currentData()),
                category=str(self._rule_category.currentData() or "") or None,
                severity=int(self._rule_severity.currentData() or 0) or None,
                repeat_min=repeat, repeats=self._rule_repeats.value() if repeat else 2,
                then=then or None, quiet=self._rule_quiet.text().strip() or None)
        except WatchroomError as exc:
            self._say(error_text(exc), error=True)
            return
        self._rule_to.clear()
        self._rule_quiet.clear()
        self.reload()
        self._say(self.tr("Added rule #{id}.").format(id=rule.id))

    def _on_remove_rule(self) -> None:
        row = _selected_row(self._rule_table)
        if not 0 <= row < len(self._rules):
            self._say(self.tr("Select a rule to remove."), error=True)
            return
        rule = self._rules[row]
        try:
            self._app.paging.remove_rule(self._app.operator, rule.id)
        except WatchroomError as exc:
            self._say(error_text(exc), error=True)
            return
        self.reload()
        self._say(self.tr("Removed rule #{id}.").format(id=rule.id))


STATUS_COLUMN = 5


class PagesDialog(QDialog):
    """The delivery log, newest first, and acknowledging a page by its code."""

    def __init__(self, app: App, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("pagesDialog")
        self.setWindowTitle(self.tr("Pages"))
        self.resize(900, 520)
        self._app = app
        self._entries: list[PageEntry] = []
        self._table = _table(self, "pagesTable", [
            self.tr("Time"), self.tr("Cause"), self.tr("Code"), self.tr("Target"),
            self.tr("Channel"), self.tr("Status"), self.tr("Acknowledged by")])
        self._table.itemSelectionChanged.connect(self._on_selection)
        self._empty = QLabel(self.tr("No pages yet"), self)
        self._empty.setObjectName("pagesEmpty")
        self._note = QLabel(self)
        self._note.setObjectName("pagesEngineNote")
        self._note.setWordWrap(True)
        set_style_property(self._note, "error", True)
        self._code = _line(self, "pageAckCode", self.tr("Page code"))
        self._code.setPlaceholderText(self.tr("the six-character code in the page"))
        ack = _button(self, "pageAckButton", self.tr("Acknowledge"))
        ack.clicked.connect(self._on_acknowledge)
        self._code.returnPressed.connect(self._on_acknowledge)
        refresh = _button(self, "pagesRefreshButton", self.tr("Refresh"))
        refresh.clicked.connect(self.reload)
        self._message = QLabel(self)
        self._message.setObjectName("pagesMessage")
        self._message.setWordWrap(True)
        close = _button(self, "pagesCloseButton", self.tr("Close"))
        close.clicked.connect(self.accept)
        ack_row = QHBoxLayout()
        ack_row.addWidget(QLabel(self.tr("Code"), self))
        ack_row.addWidget(self._code, 1)
        ack_row.addWidget(ack)
        ack_row.addWidget(refresh)
        bottom = QHBoxLayout()
        bottom.addWidget(self._message, 1)
        bottom.addWidget(close)
        layout = QVBoxLayout(self)
        layout.addWidget(self._note)
        layout.addWidget(self._empty)
        layout.addWidget(self._table, 1)
        layout.addLayout(ack_row)
        layout.addLayout(bottom)
        self.reload()

    def reload(self) -> None:
        paging = self._app.paging
        self._entries = paging.log()
        _fill(self._table, [
            (local_time(e.created_at), e.reference, e.code, e.recipient or e.target,
             e.channel, page_status_label(e.status), e.acknowledged_by)
            for e in self._entries])
        for row, entry in enumerate(self._entries):
            status = self._table.item(row, STATUS_COLUMN)
            if entry.last_error and status is not None:
                status.setToolTip(entry.last_error)  # why it failed: the channel's words
        self._table.setVisible(bool(self._entries))
        self._empty.setVisible(not self._entries)
        note = paging.engine_note()
        self._note.setText(note or "")
        self._note.setVisible(bool(note))

    def entries(self) -> list[PageEntry]:
        return list(self._entries)

    def message(self) -> str:
        return self._message.text()

    def engine_note(self) -> str:
        return self._note.text()

    def _on_selection(self) -> None:
        row = _selected_row(self._table)
        if 0 <= row < len(self._entries):
            self._code.setText(self._entries[row].code)

    def _on_acknowledge(self) -> None:
        code = self._code.text().strip()
        if not code:
            self._message.setText(self.tr("Type the page's code, or select its row."))
            set_style_property(self._message, "error", True)
            return
        try:
            done = self._app.paging.acknowledge(self._app.operator, code)
        except WatchroomError as exc:
            self._message.setText(error_text(exc))
            set_style_property(self._message, "error", True)
            return
        self._code.clear()
        self.reload()
        self._message.setText(self.tr("Page {code} of {ref} acknowledged; {n} page(s) stopped.")
                              .format(code=done.code, ref=done.reference, n=done.stopped))
        set_style_property(self._message, "error", False)
