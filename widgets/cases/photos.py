"""The case detail's strip of field photos: a thumbnail per photo, before/after marked."""

from __future__ import annotations

from PySide6.QtCore import QSize, Qt
from PySide6.QtGui import QImageReader, QPixmap
from PySide6.QtWidgets import QHBoxLayout, QLabel, QScrollArea, QWidget

from console.intake.photos import PhotoRow
from widgets.common.time_text import short_local_time

THUMB_PX = 72
MAX_SHOWN = 12  # the newest; older ones are counted in the title


class CasePhotoStrip(QScrollArea):
    """Thumbnails of a case's photos (hidden when it has none). Each is decoded at
    thumbnail size straight from the file (``QImageReader.setScaledSize``), so a
    camera's 8-megapixel JPEG costs the GUI thread little."""

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("casePhotos")
        self.setWidgetResizable(True)
        self.setFrameShape(QScrollArea.Shape.NoFrame)
        self.setFixedHeight(THUMB_PX + 40)
        self.setVerticalScrollBarPolicy(Qt.ScrollBarPolicy.ScrollBarAlwaysOff)
        self._inner = QWidget(self)
        self._row = QHBoxLayout(self._inner)
        self._row.setContentsMargins(0, 0, 0, 0)
        self._row.setSpacing(6)
        self._title = QLabel(self._inner)
        self._title.setProperty("fieldName", True)
        self._row.addWidget(self._title)
        self._row.addStretch(1)
        self.setWidget(self._inner)
        self.hide()

    def show_photos(self, photos: list[PhotoRow]) -> None:
        while self._row.count() > 2:  # title and stretch stay
            item = self._row.takeAt(1)
            widget = item.widget() if item is not None else None
            if widget is not None:
                widget.deleteLater()
        self.setVisible(bool(photos))
        if not photos:
            return
        self._title.setText(self.tr("Photos ({n})").format(n=len(photos)))
        kinds = {"before": self.tr("before"), "after": self.tr("after"),
                 "other": self.tr("other")}
        for n, photo in enumerate(photos[-MAX_SHOWN:], start=1):
            thumb = QLabel(self._inner)
            thumb.setObjectName(f"casePhoto_{n}")
            thumb.setFixedSize(QSize(THUMB_PX, THUMB_PX + 18))
            thumb.setAlignment(Qt.AlignmentFlag.AlignCenter)
            reader = QImageReader(str(photo.path))
            size = reader.size()
            if size.isValid():
                reader.setScaledSize(size.scaled(THUMB_PX, THUMB_PX,
                                                 Qt.AspectRatioMode.KeepAspectRatio))
            image = reader.read()
            if image.isNull():
                thumb.setText(self.tr("{kind}\n(missing)").format(
                    kind=kinds.get(photo.kind, photo.kind)))
            else:
                thumb.setPixmap(QPixmap.fromImage(image))
            thumb.setToolTip(self.tr("{kind} · {when} · {who}\n{sha}").format(
                kind=kinds.get(photo.kind, photo.kind), when=short_local_time(photo.added_at),
                who=photo.added_by, sha=photo.sha256[:16]))
            self._row.insertWidget(self._row.count() - 1, thumb)
