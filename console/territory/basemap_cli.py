"""``main.py basemap add|list|remove``: the maps under the grid cells."""

from __future__ import annotations

import argparse
from collections.abc import Callable
from typing import TextIO

from console.core.domain import OperatorRef
from console.reports.wording import ReportWords
from console.territory.basemaps import BasemapService


def add_basemap_parser(commands: argparse._SubParsersAction[argparse.ArgumentParser],
                       shared: argparse.ArgumentParser) -> None:
    basemap = commands.add_parser(
        "basemap", parents=[shared],
        help="the maps under the grids: MBTiles files, folders of XYZ tiles, tile URLs")
    sub = basemap.add_subparsers(dest="basemap_command", metavar="ACTION", required=True)
    add = sub.add_parser(
        "add", parents=[shared],
        help="add an MBTiles file, a folder of z/x/y tiles, or an http(s) URL with {z}, {x} "
             "and {y} (its tiles cached on disk)")
    add.add_argument("location", metavar="FILE|DIR|URL")
    add.add_argument("--name", help="the name seats choose it by (default: the tile set's)")
    sub.add_parser("list", parents=[shared], help="the basemaps, one per line")
    remove = sub.add_parser("remove", parents=[shared],
                            help="forget a basemap (its file and cached tiles stay)")
    remove.add_argument("name")


def run_basemap(args: argparse.Namespace, basemaps: BasemapService,
                acting: Callable[[], OperatorRef], out: TextIO, words: ReportWords) -> int:
    if args.basemap_command == "add":
        added = basemaps.add(acting(), args.location, args.name)
        line = words.translate("CommandLine", "Basemap {name} ({kind}, zoom {low}–{high}): "
                                              "{location}")
        print(line.format(name=added.name, kind=added.kind, low=added.min_zoom,
                          high=added.max_zoom, location=added.location), file=out)
        if added.attribution:
            line = words.translate("CommandLine", "Attribution: {text}")
            print(line.format(text=added.attribution), file=out)
        return 0
    if args.basemap_command == "remove":
        gone = basemaps.remove(acting(), args.name)
        line = words.translate("CommandLine", "Basemap {name} removed.")
        print(line.format(name=gone.name), file=out)
        return 0
    found = basemaps.list()
    if not found:
        print(words.translate("CommandLine", "No basemaps yet: python main.py basemap add "
                                             "FILE|DIR|URL"), file=out)
    for b in found:
        print(f"{b.name}\t{b.kind}\t{b.min_zoom}-{b.max_zoom}\t{b.location}", file=out)
    return 0
