"""The basemap under the grid cells: tiles read and decoded on worker threads, kept as
pixmaps, drawn in the scene's Web Mercator metres.

The view paints its background (tiles, then cells) into a cache; a tile that arrives
repaints only its own rectangle. While a tile of the zoom being shown is on its way, a
coarser tile already at hand is drawn scaled in its place, so a zoom never shows blank
squares, only a moment of blur. Beyond the tile set's deepest zoom its deepest tiles are
drawn larger.
"""

from __future__ import annotations

import contextlib
import math
from collections import OrderedDict
from collections.abc import Callable

from PySide6.QtCore import QObject, QRectF, QRunnable, Qt, QThreadPool, Signal
from PySide6.QtGui import QImage, QPainter, QPixmap

from console.territory.tiles import ORIGIN_SHIFT, TileSource, zoom_for

CACHE_TILES = 768  # about 200 MB of 256-pixel RGBA at most, usually far less
LOADER_THREADS = 4
FALLBACK_LEVELS = 5  # how many zooms up a stand-in tile is looked for
Key = tuple[int, int, int]  # z, x, y


class _Relay(QObject):
    """Carries a decoded tile from a loader thread to the GUI thread (queued)."""

    loaded = Signal(int, object, object)  # generation, key, QImage | None


class _Load(QRunnable):
    def __init__(self, source: TileSource, key: Key, generation: int, relay: _Relay) -> None:
        super().__init__()
        self._source, self._key, self._generation, self._relay = source, key, generation, relay

    def run(self) -> None:
        z, x, y = self._key
        image: QImage | None = None
        try:
            data = self._source.tile(z, x, y)
        except Exception:  # a source that breaks mid-read shows no tile, never a crash
            data = None
        if data:
            decoded = QImage.fromData(data)
            image = None if decoded.isNull() else decoded
        # The map may have been closed while the tile was read: nobody to show it to.
        with contextlib.suppress(RuntimeError):
            self._relay.loaded.emit(self._generation, self._key, image)


class TileLayer:
    """Tiles of one source at a time; ``repaint(rect)`` is called (scene rectangle) when
    a tile that was asked for arrives."""

    def __init__(self, repaint: Callable[[QRectF], None], owner: QObject) -> None:
        """``owner``: the widget drawing the tiles; tiles still on their way when it is
        deleted are dropped with it (their relay is its child)."""
        self._repaint = repaint
        self._source: TileSource | None = None
        self._generation = 0
        self._pixmaps: OrderedDict[Key, QPixmap] = OrderedDict()
        self._missing: set[Key] = set()
        self._pending: set[Key] = set()
        self._origin = (0.0, 0.0)  # Mercator metres of the scene's (0, 0)
        self._min_zoom, self._max_zoom = 0, 19
        self._pool = QThreadPool()
        self._pool.setMaxThreadCount(LOADER_THREADS)
        self._relay = _Relay(owner)
        self._relay.loaded.connect(self._arrived, Qt.ConnectionType.QueuedConnection)
        self.requested = 0  # tiles asked of the source (tests and the bench read these)
        self.drawn = 0  # tiles drawn by the last paint, stand-ins included

    @property
    def source(self) -> TileSource | None:
        return self._source

    def set_source(self, source: TileSource | None) -> None:
        """Show another tile set (None: no basemap); what was cached is dropped."""
        self._generation += 1
        self._source = source
        self._pixmaps.clear()
        self._missing.clear()
        self._pending.clear()
        if source is not None:
            self._min_zoom, self._max_zoom = source.info.min_zoom, source.info.max_zoom

    def set_origin(self, origin: tuple[float, float]) -> None:
        self._origin = origin

    def retry_missing(self) -> None:
        """Ask again for tiles the source had not got (a link that came back)."""
        self._missing.clear()

    def idle(self) -> bool:
        return not self._pending

    def wait(self, msecs: int = 5000) -> bool:
        """Wait for the loader threads (tests and the bench; never the GUI's own path)."""
        return self._pool.waitForDone(msecs)

    # ---- geometry ----------------------------------------------------------------------

    def _tile_rect(self, z: int, x: int, y: int) -> QRectF:
        size = 2 * ORIGIN_SHIFT / 2 ** z
        x0, y0 = self._origin
        left = -ORIGIN_SHIFT + x * size - x0
        top = y0 - (ORIGIN_SHIFT - y * size)
        return QRectF(left, top, size, size)

    def zoom_at(self, pixels_per_metre: float) -> int:
        """The tile zoom drawn at this scale (clamped to the tile set's zooms)."""
        z = zoom_for(1.0 / pixels_per_metre) if pixels_per_metre > 0 else 0
        return max(self._min_zoom, min(self._max_zoom, z))

    def _range(self, rect: QRectF, z: int) -> tuple[int, int, int, int]:
        n = 2 ** z
        size = 2 * ORIGIN_SHIFT / n
        x0, y0 = self._origin
        left = math.floor((rect.left() + x0 + ORIGIN_SHIFT) / size)
        right = math.floor((rect.right() + x0 + ORIGIN_SHIFT) / size)
        top = math.floor((ORIGIN_SHIFT - (y0 - rect.top())) / size)
        bottom = math.floor((ORIGIN_SHIFT - (y0 - rect.bottom())) / size)
        clamp = lambda v: max(0, min(n - 1, v))  # noqa: E731
        return clamp(left), clamp(top), clamp(right), clamp(bottom)

    # ---- painting ----------------------------------------------------------------------

    def paint(self, painter: QPainter, rect: QRectF) -> None:
        """Draw the tiles over ``rect`` (scene), asking for the ones not at hand."""
        self.drawn = 0
        if self._source is None:
            return
        device = painter.device()
        ratio = device.devicePixelRatioF() if device is not None else 1.0
        z = self.zoom_at(painter.worldTransform().m11() * ratio)
        x0, y0, x1, y1 = self._range(rect, z)
        if (x1 - x0 + 1) * (y1 - y0 + 1) > 400:
            return  # zoomed far out of the tile set: nothing sensible to fetch
        painter.save()
        painter.setRenderHint(QPainter.RenderHint.SmoothPixmapTransform)
        for x in range(x0, x1 + 1):
            for y in range(y0, y1 + 1):
                key = (z, x, y)
                pixmap = self._pixmaps.get(key)
                target = self._tile_rect(z, x, y)
                if pixmap is not None:
                    self._pixmaps.move_to_end(key)
                    painter.drawPixmap(target, pixmap, QRectF(pixmap.rect()))
                    self.drawn += 1
                    continue
                self._ask(key)
                self._stand_in(painter, key, target)
        painter.restore()

    def _stand_in(self, painter: QPainter, key: Key, target: QRectF) -> None:
        z, x, y = key
        for up in range(1, FALLBACK_LEVELS + 1):
            if z - up < 0:
                return
            parent = (z - up, x >> up, y >> up)
            pixmap = self._pixmaps.get(parent)
            if pixmap is None:
                continue
            share = pixmap.width() / 2 ** up
            sx = (x - (parent[1] << up)) * share
            sy = (y - (parent[2] << up)) * share
            painter.drawPixmap(target, pixmap, QRectF(sx, sy, share, share))
            self.drawn += 1
            return

    def _ask(self, key: Key) -> None:
        if key in self._pending or key in self._missing or self._source is None:
            return
        self._pending.add(key)
        self.requested += 1
        self._pool.start(_Load(self._source, key, self._generation, self._relay))

    def _arrived(self, generation: int, key: Key, image: QImage | None) -> None:
        if generation != self._generation:
            return  # a tile of a set no longer shown
        self._pending.discard(key)
        if image is None:
            self._missing.add(key)
            return
        self._pixmaps[key] = QPixmap.fromImage(image)
        while len(self._pixmaps) > CACHE_TILES:
            self._pixmaps.popitem(last=False)
        self._repaint(self._tile_rect(*key))

    def close(self) -> None:
        self._generation += 1
        self._pool.clear()
        self._pool.waitForDone(2000)
