"""The set-up assistant's territory page: GIS files checked, shown and reported, then stored."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from pathlib import Path

from PySide6.QtCore import Qt, QTimer, Signal
from PySide6.QtWidgets import (
    QCheckBox,
    QComboBox,
    QFileDialog,
    QFormLayout,
    QGridLayout,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QPlainTextEdit,
    QPushButton,
    QSplitter,
    QVBoxLayout,
    QWidget,
    QWizardPage,
)

from console.app import App
from console.territory.areas import LEVELS, Level
from console.territory.fields import ROLES, FieldChoice, Role, propose_fields
from console.territory.gis_files import read_features
from console.territory.plan import ImportPlan, plan_import
from console.territory.service import TerritoryImportResult
from widgets.common.background import BackgroundWork
from widgets.territory.area_map import AreaMap, MapItem
from widgets.territory.tree_model import level_label

CHECK_DELAY_MS = 300  # a mapping changed: check again once the choices have settled
PREVIEW_LIMIT = 5000  # areas drawn in the preview (all of a city; a sample beyond that)
FILE_FILTER = "*.geojson *.json *.shp *.csv *.txt *.tsv"


@dataclass(frozen=True)
class FileFields:
    """What the chosen files hold: their field names (first file first) and the fields
    proposed for each role."""

    names: tuple[str, ...]
    proposed: FieldChoice


def read_fields(paths: Sequence[Path], encoding: str | None) -> FileFields:
    """Every field name of the files (in order of first appearance) and the proposal made
    from the first file's values. Runs on the worker: it reads the files."""
    names: dict[str, None] = {}
    proposed: FieldChoice | None = None
    for path in paths:
        source, features = read_features(path, encoding=encoding)
        names.update(dict.fromkeys(source.field_names))
        if proposed is None:
            proposed = propose_fields(source.name, source.field_names,
                                      [f.properties for f in features])
    assert proposed is not None
    return FileFields(tuple(names), proposed)


def split_paths(text: str) -> list[Path]:
    """The files named in the field: separated by ``;``, quotes and blanks ignored."""
    return [Path(part.strip().strip('"')) for part in text.split(";") if part.strip()]


class TerritoryImportPage(QWizardPage):
    """Files and their level in; the field mapping chosen from the files' own columns
    (proposals preselected); a map of the areas found and the validation report, before
    anything is written; Import stores the level in one transaction, off the GUI thread,
    and then offers the level below. A failed import writes nothing.

    Signals:
        imported(object): a ``TerritoryImportResult`` after a level was stored.
        storing_changed(bool): an import began (True) or ended, stored or not (False).
    """

    imported = Signal(object)
    storing_changed = Signal(bool)

    def __init__(self, app: App, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("territoryImportPage")
        self._app = app
        self._work = BackgroundWork(self)
        self._plan: ImportPlan | None = None
        self._fields: FileFields | None = None
        self._storing = False
        self._done: list[str] = []
        self._read_paths: list[str] | None = None  # the files whose fields are shown
        self._check_timer = QTimer(self)
        self._check_timer.setSingleShot(True)
        self._check_timer.setInterval(CHECK_DELAY_MS)
        self.setTitle(self.tr("The territory"))
        self.setSubTitle(self.tr(
            "Load the center's areas from its own GIS files (GeoJSON, Shapefile, CSV with a "
            "WKT column), one level at a time from the top down: each level finds its "
            "parents in the one above. Nothing is written until you press Import."))
        self._build()
        self._connect_signals()
        self._show_present()

    # ---- building ----------------------------------------------------------------------

    def _combo(self, name: str, accessible: str) -> QComboBox:
        combo = QComboBox(self)
        combo.setObjectName(name)
        combo.setAccessibleName(accessible)
        return combo

    def _build(self) -> None:
        self._present = QLabel(self)
        self._present.setObjectName("territoryPresent")
        self._present.setWordWrap(True)
        self._files = QLineEdit(self)
        self._files.setObjectName("territoryFiles")
        self._files.setAccessibleName(self.tr("Files"))
        self._files.setPlaceholderText(self.tr(
            "Choose the files, or type their paths separated by ; and press Enter"))
        self._choose = QPushButton(self.tr("&Choose files…"), self)
        self._choose.setObjectName("territoryChooseFiles")
        self._level = self._combo("territoryLevel", self.tr("Level"))
        for level in LEVELS:
            self._level.addItem(level_label(level), level)
        self._level.setCurrentIndex(LEVELS.index(self._suggested_level()))
        self._mapping: dict[Role, QComboBox] = {}
        labels = {"code": self.tr("Code"), "name": self.tr("Name"),
                  "parent": self.tr("Parent code"), "households": self.tr("Households"),
                  "population": self.tr("Population")}
        for role in ROLES:
            self._mapping[role] = self._combo(f"territory{role.capitalize()}Field",
                                              self.tr("{role} field").format(role=labels[role]))
            self._mapping[role].setEnabled(False)
        self._crs = self._combo("territoryCrs", self.tr("Coordinate system"))
        self._crs.setEditable(True)
        self._crs.setInsertPolicy(QComboBox.InsertPolicy.NoInsert)
        for text, value in ((self.tr("As the file says"), ""),
                            (self.tr("GCJ-02 (traced from Chinese web maps)"), "gcj02"),
                            (self.tr("CGCS2000 longitude/latitude (EPSG:4490)"), "EPSG:4490"),
                            (self.tr("WGS 84 longitude/latitude (EPSG:4326)"), "EPSG:4326")):
            self._crs.addItem(text, value)
        self._crs.setToolTip(self.tr("Or type one: EPSG:4549 for a CGCS2000 "
                                     "Gauss-Krüger zone, …"))
        self._encoding = self._combo("territoryEncoding", self.tr("Text encoding"))
        self._encoding.setEditable(True)
        self._encoding.setInsertPolicy(QComboBox.InsertPolicy.NoInsert)
        for text, value in ((self.tr("Detect"), ""), ("UTF-8", "utf-8"),
                            ("GB18030 / GBK", "gb18030"), ("Big5", "big5"),
                            ("Shift_JIS", "shift_jis")):
            self._encoding.addItem(text, value)
        self._retire = QCheckBox(self.tr("Retire the areas of this level the files no "
                                         "longer hold"), self)
        self._retire.setObjectName("territoryRetireMissing")
        self._retire.setToolTip(self.tr("A retired grid keeps its history and its cases, "
                                        "and takes no new ones"))
        self._preview = AreaMap(self)
        self._preview.setObjectName("territoryPreview")
        self._preview.setAccessibleName(self.tr("Map preview"))
        self._report = QPlainTextEdit(self)
        self._report.setObjectName("territoryReport")
        self._report.setAccessibleName(self.tr("Validation report"))
        self._report.setReadOnly(True)
        self._report.setLineWrapMode(QPlainTextEdit.LineWrapMode.NoWrap)
        self._report.setPlaceholderText(self.tr("The report of the check appears here."))
        self._status = QLabel(self)
        self._status.setObjectName("territoryStatus")
        self._status.setWordWrap(True)
        self._import = QPushButton(self.tr("&Import"), self)
        self._import.setObjectName("territoryImportButton")
        self._import.setProperty("primary", True)
        self._import.setEnabled(False)
        self._next_level = QPushButton(self)
        self._next_level.setObjectName("territoryNextLevelButton")
        self._next_level.hide()

        files_row = QHBoxLayout()
        files_row.addWidget(self._files, 1)
        files_row.addWidget(self._choose)
        form = QFormLayout()
        form.addRow(self._buddy(self.tr("&Files"), self._files), files_row)
        form.addRow(self.tr("&Level"), self._level)
        mapping = QGridLayout()
        for n, role in enumerate(ROLES):
            label = QLabel(labels[role], self)
            label.setBuddy(self._mapping[role])
            mapping.addWidget(label, 0, n)
            mapping.addWidget(self._mapping[role], 1, n)
        form.addRow(self.tr("Fields"), mapping)
        options = QHBoxLayout()
        options.addWidget(self._crs, 2)
        options.addWidget(self._encoding, 1)
        options.addWidget(self._retire)
        form.addRow(self._buddy(self.tr("&Coordinates"), self._crs), options)
        split = QSplitter(Qt.Orientation.Horizontal, self)
        split.setObjectName("territoryPreviewSplit")
        split.addWidget(self._preview)
        split.addWidget(self._report)
        split.setStretchFactor(0, 2)
        split.setStretchFactor(1, 3)
        buttons = QHBoxLayout()
        buttons.addWidget(self._status, 1)
        buttons.addWidget(self._next_level)
        buttons.addWidget(self._import)
        layout = QVBoxLayout(self)
        layout.addWidget(self._present)
        layout.addLayout(form)
        layout.addWidget(split, 1)
        layout.addLayout(buttons)

    def _buddy(self, text: str, widget: QWidget) -> QLabel:
        """A form label whose mnemonic (``&F``) moves to ``widget``."""
        label = QLabel(text, self)
        label.setBuddy(widget)
        return label

    def _connect_signals(self) -> None:
        self._choose.clicked.connect(self._on_choose_clicked)
        self._files.editingFinished.connect(self._on_files_edited)
        self._level.currentIndexChanged.connect(self._schedule_check)
        for combo in self._mapping.values():
            combo.currentIndexChanged.connect(self._schedule_check)
        self._crs.currentTextChanged.connect(self._schedule_check)
        self._encoding.currentTextChanged.connect(self._on_encoding_changed)
        self._check_timer.timeout.connect(self._check)
        self._import.clicked.connect(self._on_import_clicked)
        self._next_level.clicked.connect(self._on_next_level_clicked)

    # ---- what is there -----------------------------------------------------------------

    def _suggested_level(self) -> Level:
        """The level below the lowest one the territory has (the top when it is empty)."""
        present = self._app.territory.levels_present()
        if not present:
            return LEVELS[0]
        lowest = LEVELS.index(present[-1])
        return LEVELS[min(lowest + 1, len(LEVELS) - 1)]

    def _show_present(self) -> None:
        counts: dict[str, int] = {}
        for area in self._app.territory.areas():
            if not area.retired:
                counts[area.level] = counts.get(area.level, 0) + 1
        if not counts:
            self._present.setText(self.tr("The territory is empty."))
            return
        parts = [self.tr("{n} × {level}").format(n=counts[lv], level=level_label(lv))
                 for lv in LEVELS if lv in counts]
        self._present.setText(self.tr("In the territory now: {parts}.").format(
            parts=", ".join(parts)))

    def level(self) -> Level:
        return LEVELS[self._level.currentIndex()]

    def set_level(self, level: Level) -> None:
        self._level.setCurrentIndex(LEVELS.index(level))

    def plan(self) -> ImportPlan | None:
        """The checked plan shown now (None while checking, or when the files failed)."""
        return self._plan

    def busy(self) -> bool:
        """Whether the files are being read or checked, or a level stored."""
        return self._storing or self._work.busy

    def storing(self) -> bool:
        """Whether a level is being stored (one transaction under way)."""
        return self._storing

    def wait(self, msecs: int = -1) -> bool:
        """Wait for the worker (the page is closing; tests)."""
        return self._work.wait_idle(msecs)

    # ---- files and mapping -------------------------------------------------------------

    def _on_choose_clicked(self) -> None:
        paths, _ = QFileDialog.getOpenFileNames(
            self, self.tr("Territory files"), "",
            self.tr("GIS files ({patterns})").format(patterns=FILE_FILTER))
        if paths:
            self._files.setText("; ".join(paths))
            self._on_files_edited()

    def _on_files_edited(self) -> None:
        paths = split_paths(self._files.text())
        if [str(p) for p in paths] == self._read_paths:
            return
        self._read_paths = [str(p) for p in paths]
        self._read_fields()

    def _on_encoding_changed(self) -> None:
        self._read_paths = None
        self._read_fields()

    def _encoding_value(self) -> str | None:
        return _choice(self._encoding)

    def _read_fields(self) -> None:
        paths = split_paths(self._files.text())
        self._plan = None
        self._fields = None
        self._update_buttons()
        if not paths:
            self._show_report([], "")
            self._preview.set_items([])
            return
        encoding = self._encoding_value()
        self._status.setText(self.tr("Reading the files…"))
        self._work.start(lambda: read_fields(paths, encoding), self._on_fields_read,
                         self._on_check_failed, kind="check")

    def _on_fields_read(self, fields: FileFields) -> None:
        self._fields = fields
        for role, combo in self._mapping.items():
            combo.blockSignals(True)
            combo.clear()
            if role != "code":
                combo.addItem(self.tr("(none)"), "")
            for name in fields.names:
                combo.addItem(name, name)
            proposed = fields.proposed.get(role)
            combo.setCurrentIndex(max(combo.findData(proposed or ""), 0))
            combo.setEnabled(True)
            combo.blockSignals(False)
        self._check()

    def _schedule_check(self) -> None:
        if self._fields is not None:
            self._plan = None
            self._update_buttons()
            self._check_timer.start()

    def _field(self, role: Role) -> str:
        return str(self._mapping[role].currentData() or "")

    def _check(self) -> None:
        """Read and check the files with the chosen fields (on the worker)."""
        self._check_timer.stop()
        paths = split_paths(self._files.text())
        if not paths or self._fields is None:
            return
        level = self.level()
        territory = self._app.territory
        proposed = self._fields.proposed
        # A field left as proposed goes as None, so that the report says why it was
        # proposed; another choice (or "none", "") goes as chosen.
        fields = {role: None if self._field(role) == (proposed.get(role) or "")
                  else self._field(role) for role in ROLES}
        name_from_code = not self._field("name")
        crs, encoding = _choice(self._crs), self._encoding_value()

        def check() -> ImportPlan:
            return plan_import(
                paths, level, code_field=fields["code"], name_field=fields["name"],
                parent_field=fields["parent"], households_field=fields["households"],
                population_field=fields["population"], crs=crs, encoding=encoding,
                known_parents=territory.known_parents(level), name_from_code=name_from_code)

        self._plan = None
        self._status.setText(self.tr("Checking…"))
        self._update_buttons()
        self._work.start(check, self._on_checked, self._on_check_failed, kind="check")

    def _on_checked(self, plan: ImportPlan) -> None:
        self._plan = plan
        counts = plan.counts()
        self._show_report(plan.report_lines(), self.tr(
            "Checked: {n} × {level}, {rejected} rejected. Nothing is written until you "
            "press Import.").format(n=len(plan.areas), level=level_label(plan.level),
                                    rejected=counts["rejected"]))
        self._draw_preview(plan)
        self._update_buttons()

    def _on_check_failed(self, message: str) -> None:
        self._plan = None
        self._show_report([message], self.tr("The files cannot be imported as they are."))
        self._preview.set_items([])
        self._update_buttons()

    def _show_report(self, lines: Sequence[str], status: str) -> None:
        self._report.setPlainText("\n".join(lines))
        self._status.setText(status)

    def _draw_preview(self, plan: ImportPlan) -> None:
        parents = self._app.territory.known_parents(plan.level)
        items = [MapItem(code, info.name, info.geometry, "outline")
                 for code, info in parents.items() if info.geometry is not None]
        step = max(1, len(plan.areas) // PREVIEW_LIMIT)
        items += [MapItem(a.code, a.name, a.geometry, "child") for a in plan.areas[::step]]
        self._preview.set_items(items, self.tr("No area to draw."))

    def _update_buttons(self) -> None:
        plan = self._plan
        ready = plan is not None and bool(plan.areas) and not self.busy()
        self._import.setEnabled(ready)
        self._import.setText(
            self.tr("&Import {n} × {level}").format(n=len(plan.areas),
                                                    level=level_label(plan.level))
            if plan is not None else self.tr("&Import"))
        editable = not self._storing
        for widget in (self._files, self._choose, self._level, self._crs, self._encoding,
                       self._retire, self._next_level):
            widget.setEnabled(editable)
        for combo in self._mapping.values():
            combo.setEnabled(editable and self._fields is not None)
        self.completeChanged.emit()

    # ---- storing -----------------------------------------------------------------------

    def _on_import_clicked(self) -> None:
        plan = self._plan
        if plan is None or self.busy():
            return
        actor = self._app.operator
        retire = self._retire.isChecked()
        territory = self._app.territory
        self._storing = True
        self._status.setText(self.tr("Importing…"))
        self._update_buttons()
        self.storing_changed.emit(True)
        self._work.start(lambda: territory.store(actor, plan, retire_missing=retire),
                         self._on_stored, self._on_store_failed)

    def _on_stored(self, result: TerritoryImportResult) -> None:
        self._storing = False
        self.storing_changed.emit(False)
        self._done.append(self.tr("{level}: {created} created, {updated} updated, "
                                  "{retired} retired").format(
            level=level_label(result.level), created=len(result.created),
            updated=len(result.updated), retired=len(result.retired)))
        self._report.appendPlainText("\n" + "\n".join(result.lines()))
        self._status.setText(self.tr("Imported. {done}.").format(done="; ".join(self._done)))
        self._plan = None
        self._show_present()
        index = LEVELS.index(result.level)
        if index + 1 < len(LEVELS):
            below = LEVELS[index + 1]
            self._next_level.setText(self.tr("Next level: {level}").format(
                level=level_label(below)))
            self._next_level.setProperty("level", below)
            self._next_level.show()
        else:
            self._next_level.hide()
        self._update_buttons()
        self.imported.emit(result)

    def _on_store_failed(self, message: str) -> None:
        self._storing = False
        self.storing_changed.emit(False)
        self._status.setText(self.tr("Nothing was imported: {why}").format(why=message))
        self._update_buttons()

    def _on_next_level_clicked(self) -> None:
        level = self._next_level.property("level")
        self._next_level.hide()
        self._files.clear()
        self._read_paths = None
        self._fields = None
        self._plan = None
        for combo in self._mapping.values():
            combo.clear()
        self._show_report([], "")
        self._preview.set_items([])
        if level in LEVELS:
            self.set_level(level)
        self._update_buttons()
        self._files.setFocus()

    # ---- QWizardPage -------------------------------------------------------------------

    def isComplete(self) -> bool:
        """On once the territory has grids (what cases, teams and hazards point at) and
        nothing is being checked or imported."""
        return not self.busy() and bool(self._app.district.active_grids())


def _choice(combo: QComboBox) -> str | None:
    """An editable combo's value: the chosen entry's data, or what was typed; None when
    empty (the files say)."""
    index = combo.findText(combo.currentText())
    value = combo.itemData(index) if index >= 0 else combo.currentText().strip()
    return str(value) or None

