"""The map's basemap controls: which basemap, how opaque the cells are over it, and the
tile set's attribution. The choice is this seat's own (kept in its settings); the list of
basemaps is the center's (``python main.py basemap add``)."""

from __future__ import annotations

from PySide6.QtCore import QSettings, Qt, Signal
from PySide6.QtWidgets import QComboBox, QHBoxLayout, QLabel, QSlider, QWidget

from console.app import App
from console.core.errors import WatchroomError
from console.territory.basemaps import BasemapInfo
from console.territory.tiles import TileSource
from widgets.common.domain_messages import error_text

SETTING = "map/basemap"
OPACITY_SETTING = "map/gridOpacity"
DEFAULT_OPACITY = 55  # per cent: the streets read through the colours


class BasemapBar(QWidget):
    """Signals:
        source_changed(object): the tile source to draw (None: no basemap).
        opacity_changed(float): the cells' opacity, 0.1–1.
    """

    source_changed = Signal(object)
    opacity_changed = Signal(float)

    def __init__(self, app: App, parent: QWidget | None = None,
                 settings: QSettings | None = None) -> None:
        """``settings``: where this seat keeps its choice (None: not kept, as in a
        dialog's map, which shows the first basemap)."""
        super().__init__(parent)
        self._app = app
        self._settings = settings
        self._basemaps: list[BasemapInfo] = []
        self._source: TileSource | None = None
        self._choice = QComboBox(self)
        self._choice.setObjectName("basemapChoice")
        self._choice.setToolTip(self.tr("The map under the grid cells"))
        self._choice.setAccessibleName(self.tr("Basemap"))
        self._choice.setSizeAdjustPolicy(
            QComboBox.SizeAdjustPolicy.AdjustToMinimumContentsLengthWithIcon)
        self._choice.setMinimumContentsLength(8)
        self._opacity = QSlider(Qt.Orientation.Horizontal, self)
        self._opacity.setObjectName("gridOpacity")
        self._opacity.setRange(10, 100)
        self._opacity.setSingleStep(5)
        self._opacity.setPageStep(15)
        self._opacity.setFixedWidth(70)
        self._opacity.setToolTip(self.tr("How opaque the grid cells are over the basemap"))
        self._opacity.setAccessibleName(self.tr("Grid opacity"))
        self.attribution = QLabel(self)
        self.attribution.setObjectName("basemapAttribution")
        self.attribution.setProperty("fieldName", True)
        self.attribution.setWordWrap(True)
        self.attribution.setTextFormat(Qt.TextFormat.PlainText)  # metadata is not ours
        self.attribution.setTextInteractionFlags(
            Qt.TextInteractionFlag.TextSelectableByMouse)
        layout = QHBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.setSpacing(6)
        layout.addWidget(self._choice, 1)
        layout.addWidget(self._opacity)
        try:
            stored = int(str(self._value(OPACITY_SETTING, DEFAULT_OPACITY)))
        except ValueError:
            stored = DEFAULT_OPACITY
        self._opacity.setValue(stored)
        self._opacity.valueChanged.connect(self._on_opacity_changed)
        self._choice.currentIndexChanged.connect(self._on_choice_changed)

    def _value(self, key: str, default: object) -> object:
        return self._settings.value(key, default) if self._settings is not None else default

    def _remember(self, key: str, value: object) -> None:
        if self._settings is not None:
            self._settings.setValue(key, value)

    @property
    def choice(self) -> QComboBox:
        return self._choice

    @property
    def slider(self) -> QSlider:
        return self._opacity

    @property
    def source(self) -> TileSource | None:
        return self._source

    @property
    def opacity(self) -> float:
        """The cells' opacity now: the slider's over a basemap, whole without one."""
        return self._opacity.value() / 100 if self._source is not None else 1.0

    def reload(self) -> None:
        """Read the center's basemaps again and show the one this seat chose (the first
        when it chose none, or chose one since removed)."""
        try:
            self._basemaps = self._app.basemaps.list()
        except WatchroomError as exc:
            self._basemaps = []
            self.attribution.setText(error_text(exc))
        wanted = str(self._value(SETTING, "") or "")
        names = [b.name for b in self._basemaps]
        self._choice.blockSignals(True)
        self._choice.clear()
        self._choice.addItem(self.tr("No basemap"), "")
        for name in names:
            self._choice.addItem(name, name)
        index = self._choice.findData(wanted) if wanted in names or wanted == "-" else -1
        if wanted == "-":
            index = 0
        elif index < 0:
            index = 1 if names else 0
        self._choice.setCurrentIndex(index)
        self._choice.blockSignals(False)
        self._choice.setEnabled(bool(names))
        self._apply(self._choice.currentData() or "")

    def choose(self, name: str) -> None:
        """Show the basemap of this name ("" for none), as the combo does."""
        index = self._choice.findData(name)
        if index >= 0:
            self._choice.setCurrentIndex(index)

    def _on_choice_changed(self, _index: int) -> None:
        name = self._choice.currentData() or ""
        self._remember(SETTING, name or "-")
        self._apply(name)

    def _apply(self, name: str) -> None:
        found = next((b for b in self._basemaps if b.name == name), None)
        source: TileSource | None = None
        text = ""
        if found is not None:
            try:
                source = self._app.basemaps.source(found)
                text = source.info.attribution or found.attribution
            except WatchroomError as exc:
                text = self.tr("Basemap {name} cannot be read: {error}").format(
                    name=found.name, error=error_text(exc))
        self._source = source
        self.attribution.setText(text)
        self.attribution.setVisible(bool(text))
        self._opacity.setEnabled(source is not None)
        self.source_changed.emit(source)
        self.opacity_changed.emit(self.opacity)

    def _on_opacity_changed(self, value: int) -> None:
        self._remember(OPACITY_SETTING, value)
        self.opacity_changed.emit(self.opacity)
