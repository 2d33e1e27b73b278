"""Map tiles: the Web Mercator arithmetic against published values and pyproj, MBTiles
files and tile folders read back, and a tile URL that keeps working from its disk cache
when the server is gone."""

from __future__ import annotations

import http.server
import sqlite3
import threading
import zlib
from collections.abc import Iterator
from pathlib import Path

import pyproj
import pytest

from console.app import App
from console.core.domain import Role
from console.core.errors import PermissionDenied, ValidationError
from console.territory.basemaps import BasemapService
from console.territory.tiles import (
    MbtilesSource,
    TileError,
    UrlSource,
    lonlat,
    mercator,
    metres_per_pixel,
    tile_kind,
    tile_lonlat_bounds,
    tile_of,
    zoom_for,
)
from main import main

# ---- Web Mercator ------------------------------------------------------------------------


def test_tiles_are_where_the_published_values_put_them() -> None:
    # mercantile's README: tile(-105.0, 40.0, 1) is (0, 0); bounds of 10/486/332.
    assert tile_of(-105.0, 40.0, 1) == (0, 0)
    west, south, east, north = tile_lonlat_bounds(10, 486, 332)
    assert west == pytest.approx(-9.140625)
    assert east == pytest.approx(-8.7890625)
    assert north == pytest.approx(53.33087298301705)
    assert south == pytest.approx(53.12040528310657)
    # OpenStreetMap's zoom levels table: 156,543.03 m per pixel at zoom 0 on the equator.
    assert metres_per_pixel(0) == pytest.approx(156543.03, abs=0.01)
    assert metres_per_pixel(18) == pytest.approx(0.597, abs=0.001)
    assert zoom_for(metres_per_pixel(15)) == 15
    # The whole world at zoom 0 is one tile, ±85.0511° the edge.
    assert tile_lonlat_bounds(0, 0, 0) == pytest.approx((-180, -85.0511287798, 180,
                                                         85.0511287798))


def test_mercator_agrees_with_pyproj() -> None:
    to_3857 = pyproj.Transformer.from_crs("EPSG:4326", "EPSG:3857", always_xy=True)
    for lon, lat in ((120.18, 30.28), (121.5645, 25.034), (-0.1276, 51.5072), (0, 0),
                     (-73.98, 40.75), (151.2, -33.87)):
        x, y = mercator(lon, lat)
        assert (x, y) == pytest.approx(to_3857.transform(lon, lat), abs=1e-6)
        assert lonlat(x, y) == pytest.approx((lon, lat), abs=1e-9)


# ---- tile sets ---------------------------------------------------------------------------


def png(r: int, g: int, b: int) -> bytes:
    """A real 1×1 PNG of one colour (what a tile server sends, smallest)."""
    def chunk(kind: bytes, data: bytes) -> bytes:
        body = kind + data
        return len(data).to_bytes(4, "big") + body + zlib.crc32(body).to_bytes(4, "big")
    raw = zlib.compress(b"\x00" + bytes((r, g, b)))
    header = (1).to_bytes(4, "big") * 2 + b"\x08\x02\x00\x00\x00"  # 1×1, 8-bit RGB
    return (b"\x89PNG\r\n\x1a\n" + chunk(b"IHDR", header) + chunk(b"IDAT", raw)
            + chunk(b"IEND", b""))


def make_mbtiles(path: Path, tiles: dict[tuple[int, int, int], bytes],
                 attribution: str = "© Test Survey Office") -> Path:
    """An MBTiles file as the specification lays it out: TMS rows, metadata table."""
    con = sqlite3.connect(path)
    con.executescript("CREATE TABLE metadata (name TEXT, value TEXT);"
                      "CREATE TABLE tiles (zoom_level INTEGER, tile_column INTEGER, "
                      "tile_row INTEGER, tile_data BLOB);")
    for (z, x, y), data in tiles.items():
        con.execute("INSERT INTO tiles VALUES (?, ?, ?, ?)", (z, x, 2 ** z - 1 - y, data))
    con.executemany("INSERT INTO metadata VALUES (?, ?)", [
        ("name", "Test streets"), ("format", "png"), ("attribution", attribution),
        ("minzoom", "14"), ("maxzoom", "15"), ("bounds", "120.1,30.2,120.3,30.4")])
    con.commit()
    con.close()
    return path


def test_an_mbtiles_file_is_read_back_by_xyz_row(tmp_path: Path) -> None:
    x, y = tile_of(120.18, 30.28, 15)
    red, blue = png(255, 0, 0), png(0, 0, 255)
    source = MbtilesSource(make_mbtiles(tmp_path / "t.mbtiles",
                                        {(15, x, y): red, (15, x, y + 1): blue}))
    assert source.tile(15, x, y) == red  # the XYZ row, flipped to TMS inside
    assert source.tile(15, x, y + 1) == blue
    assert source.tile(15, x + 1, y) is None
    assert tile_kind(red) == "png"
    info = source.info
    assert (info.name, info.attribution, info.min_zoom, info.max_zoom, info.format) == \
        ("Test streets", "© Test Survey Office", 14, 15, "png")
    assert info.bounds == (120.1, 30.2, 120.3, 30.4)
    # Another thread reads with its own connection.
    seen: list[bytes | None] = []
    worker = threading.Thread(target=lambda: seen.append(source.tile(15, x, y)))
    worker.start()
    worker.join()
    assert seen == [red]
    source.close()


def test_files_that_are_no_tile_set_are_refused_by_name(tmp_path: Path) -> None:
    not_sqlite = tmp_path / "notes.mbtiles"
    not_sqlite.write_text("hello")
    with pytest.raises(TileError, match=r"notes\.mbtiles: not an MBTiles file"):
        MbtilesSource(not_sqlite)
    other = tmp_path / "other.mbtiles"
    sqlite3.connect(other).execute("CREATE TABLE t (a)").connection.close()
    with pytest.raises(TileError, match="needs the tables 'tiles' and 'metadata'"):
        MbtilesSource(other)
    vector = make_mbtiles(tmp_path / "v.mbtiles", {(14, 1, 1): b"\x1a\x00"})
    con = sqlite3.connect(vector)
    con.execute("UPDATE metadata SET value = 'pbf' WHERE name = 'format'")
    con.commit()
    con.close()
    with pytest.raises(TileError, match="vector tiles"):
        MbtilesSource(vector)


class _TileServer:
    """A real HTTP tile server on 127.0.0.1: /z/x/y.png from a dict; stops on demand."""

    def __init__(self, tiles: dict[tuple[int, int, int], bytes]) -> None:
        served = tiles

        class Handler(http.server.BaseHTTPRequestHandler):
            def do_GET(self) -> None:
                parts = self.path.strip("/").removesuffix(".png").split("/")
                key = tuple(int(p) for p in parts) if len(parts) == 3 else None
                body = served.get(key) if key else None  # type: ignore[arg-type]
                self.send_response(200 if body else 404)
                self.send_header("Content-Type", "image/png")
                self.end_headers()
                if body:
                    self.wfile.write(body)

            def log_message(self, *_args: object) -> None:
                pass

        self.server = http.server.ThreadingHTTPServer(("127.0.0.1", 0), Handler)
        self.url = f"http://127.0.0.1:{self.server.server_address[1]}/{{z}}/{{x}}/{{y}}.png"
        self.thread = threading.Thread(target=self.server.serve_forever, daemon=True)
        self.thread.start()

    def stop(self) -> None:
        self.server.shutdown()
        self.server.server_close()
        self.thread.join()


@pytest.fixture
def tile_server() -> Iterator[_TileServer]:
    server = _TileServer({(15, 27320, 13400): png(0, 128, 0), (15, 27321, 13400): png(0, 0, 9)})
    yield server
    server.stop()


def test_a_tile_url_keeps_working_from_its_cache_when_the_server_is_gone(
        tmp_path: Path, tile_server: _TileServer) -> None:
    source = UrlSource(tile_server.url, tmp_path / "cache")
    green = source.tile(15, 27320, 13400)
    assert green == png(0, 128, 0)
    assert source.tile(15, 27320, 99) is None  # a 404: no tile there, the link is fine
    assert source.online
    assert source.fetched == 1
    tile_server.stop()  # the link drops
    assert source.tile(15, 27320, 13400) == green  # from the disk
    assert source.from_cache == 1
    assert source.tile(15, 27321, 13400) is None  # never fetched: nothing to show
    assert not source.online  # the failure holds the network off for a while
    assert source.failures == 1
    assert source.tile(15, 27321, 13401) is None
    assert source.failures == 1  # no second timeout per tile while offline
    # A restarted console reads the same cache.
    again = UrlSource(tile_server.url, tmp_path / "cache")
    assert again.tile(15, 27320, 13400) == green
    source.close()
    again.close()


def test_a_url_must_name_where_the_tile_goes() -> None:
    with pytest.raises(TileError, match=r"needs \{x\}, \{y\}"):
        UrlSource("https://tiles.example.org/{z}.png", Path("/nonexistent"))
    with pytest.raises(TileError, match="starts with http"):
        UrlSource("ftp://tiles.example.org/{z}/{x}/{y}.png", Path("/nonexistent"))


# ---- the center's basemaps ---------------------------------------------------------------


def test_administrators_add_list_and_remove_basemaps(
        app: App, tmp_path: Path, capsys: pytest.CaptureFixture[str], db_url: str) -> None:
    service: BasemapService = app.basemaps
    file = make_mbtiles(tmp_path / "streets.mbtiles", {(14, 1, 1): png(1, 2, 3)})
    with pytest.raises(PermissionDenied, match="may not manage basemaps"):
        service.add(app.operator, str(file))  # a duty officer
    app.operators.create(app.operators.system(), "gis", "GIS Technician", Role.ADMIN)
    app.act_as("gis")
    added = service.add(app.operator, str(file))
    assert (added.name, added.kind, added.min_zoom, added.max_zoom) == \
        ("Test streets", "mbtiles", 14, 15)
    assert service.add(app.operator, str(file)) == added  # again: nothing changes
    folder = tmp_path / "imagery" / "16" / "3"
    folder.mkdir(parents=True)
    (folder / "7.jpg").write_bytes(b"\xff\xd8\xff\xe0")
    imagery = service.add(app.operator, str(tmp_path / "imagery"), name="Imagery 2025")
    assert (imagery.kind, imagery.min_zoom, imagery.max_zoom) == ("xyz", 16, 16)
    assert service.source(imagery).tile(16, 3, 7) == b"\xff\xd8\xff\xe0"
    with pytest.raises(ValidationError, match="no such file"):
        service.add(app.operator, str(tmp_path / "missing.mbtiles"))
    assert [b.name for b in service.list()] == ["Test streets", "Imagery 2025"]

    assert main(["basemap", "list", "--db", db_url]) == 0
    out = capsys.readouterr().out
    assert "Test streets\tmbtiles\t14-15\t" in out
    assert main(["basemap", "remove", "Imagery 2025", "--db", db_url, "--operator", "gis"]) == 0
    assert [b.name for b in service.list()] == ["Test streets"]
    assert main(["basemap", "add", str(tmp_path / "nothing"), "--db", db_url,
                 "--operator", "gis"]) == 1
    assert "no such file" in capsys.readouterr().err
