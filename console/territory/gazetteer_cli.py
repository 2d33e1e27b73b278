"""``main.py gazetteer …``: load the center's address file, find an address, the nearest."""

from __future__ import annotations

import argparse
import math
from collections.abc import Callable
from pathlib import Path
from typing import TYPE_CHECKING, TextIO

from console.core.domain import OperatorRef
from console.reports.wording import ENGLISH, ReportWords
from console.territory.places import Datum

if TYPE_CHECKING:  # the registry's module (numpy, pyproj, shapely) loads with its service
    from console.territory.gazetteer import AddressMatch, Gazetteer

CRS_NAMES = tuple(datum.value for datum in Datum)  # what the registry reads: wgs84, gcj02


def _count(text: str) -> int:
    try:
        value = int(text)
    except ValueError:
        raise argparse.ArgumentTypeError(f"not a whole number: {text}") from None
    if value <= 0:
        raise argparse.ArgumentTypeError(f"must be positive: {text}")
    return value


def _coordinate(text: str) -> float:
    try:
        value = float(text)
    except ValueError:
        raise argparse.ArgumentTypeError(f"not a number: {text}") from None
    if not math.isfinite(value):
        raise argparse.ArgumentTypeError(f"not a number: {text}")
    return value


def add_gazetteer_parser(commands: argparse._SubParsersAction[argparse.ArgumentParser],
                         shared: argparse.ArgumentParser) -> None:
    gazetteer = commands.add_parser(
        "gazetteer", parents=[shared],
        help="the center's addresses: load its door-plate file, find an address, the "
             "addresses near a point")
    sub = gazetteer.add_subparsers(dest="gazetteer_command", metavar="ACTION", required=True)
    load = sub.add_parser(
        "import", parents=[shared],
        help="load a CSV of address, longitude, latitude (UTF-8 or GB 18030); each "
             "address placed in its grid; a report per row, good rows kept")
    load.add_argument("file", metavar="FILE")
    load.add_argument("--crs", choices=CRS_NAMES, default="wgs84",
                      help="the file's coordinates: wgs84 (default, GPS) or gcj02 (from "
                           "Chinese web maps; converted)")
    find = sub.add_parser("find", parents=[shared],
                          help="addresses matching TEXT (Chinese, part of it, pinyin or "
                               "its initials), best first: address, longitude, latitude, "
                               "grid")
    find.add_argument("text", metavar="TEXT")
    find.add_argument("--limit", type=_count, default=10, metavar="N",
                      help="at most N addresses (default 10)")
    near = sub.add_parser("near", parents=[shared],
                          help="the addresses nearest a point, nearest first: address, "
                               "longitude, latitude, grid, metres")
    near.add_argument("--lon", type=_coordinate, required=True, metavar="X")
    near.add_argument("--lat", type=_coordinate, required=True, metavar="Y")
    near.add_argument("--crs", choices=CRS_NAMES, default="wgs84",
                      help="the point's coordinates: wgs84 (default) or gcj02")
    near.add_argument("--limit", type=_count, default=5, metavar="N",
                      help="how many addresses (default 5)")


def match_line(match: AddressMatch) -> str:
    """One address as ``find`` and ``near`` print it: tab-separated, WGS84, 7 decimals;
    the grid code (``-`` for none), and the distance in metres from ``near``."""
    cells = [match.address, f"{match.lon:.7f}", f"{match.lat:.7f}", match.grid_code or "-"]
    if match.distance_m is not None:
        cells.append(f"{match.distance_m:.0f}")
    return "\t".join(cells)


def run_gazetteer(args: argparse.Namespace, gazetteer: Gazetteer,
                  acting: Callable[[], OperatorRef], out: TextIO, err: TextIO,
                  words: ReportWords = ENGLISH) -> int:
    """Run ``gazetteer import|find|near``; returns the exit code: 1 when some rows were
    rejected (the good ones kept) or nothing was found. The import's report is in
    ``words``' language; found addresses are data, a line each."""
    translate = words.translate
    if args.gazetteer_command == "import":
        result = gazetteer.import_csv(acting(), Path(args.file), args.crs)
        for line in result.lines(words):
            print(line, file=out)
        return 0 if result.ok else 1
    if args.gazetteer_command == "find":
        matches = gazetteer.search(args.text, args.limit)
        if not matches:
            print(_empty(gazetteer, words) or translate(
                "GazetteerCommand", "no address matches {text}").format(text=repr(args.text)),
                file=err)
            return 1
        for match in matches:
            print(match_line(match), file=out)
        return 0
    matches = gazetteer.nearest(args.lon, args.lat, args.limit, crs=args.crs)
    if not matches:
        print(_empty(gazetteer, words), file=err)
        return 1
    for match in matches:
        print(match_line(match), file=out)
    return 0


def _empty(gazetteer: Gazetteer, words: ReportWords) -> str:
    """What to say when the gazetteer holds no address at all ("" when it holds some)."""
    if gazetteer.count():
        return ""
    return words.translate("GazetteerCommand", "the gazetteer holds no addresses yet: load "
                                               "the center's address file first (python "
                                               "main.py gazetteer import FILE)")
