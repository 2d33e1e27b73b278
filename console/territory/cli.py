"""``main.py district …`` and ``export grids``: the territory from and to GIS files."""

from __future__ import annotations

import argparse
import json
from pathlib import Path
from typing import TYPE_CHECKING, TextIO

from console.core.domain import OperatorRef
from console.core.errors import ValidationError
from console.core.spreadsheet import csv_writer
from console.reports.wording import ENGLISH, ReportWords
from console.territory.areas import LEVELS, Level, check_level

if TYPE_CHECKING:
    from console.territory.service import TerritoryService

GRID_EXPORT_FORMATS = ("geojson", "csv")
CSV_COLUMNS = ("code", "name", "name_en", "level", "parent", "households", "population",
               "retired", "wkt")


def _level(text: str) -> Level:
    try:
        return check_level(text)
    except ValueError as error:
        raise ValidationError(str(error), "level") from error


def add_district_parser(commands: argparse._SubParsersAction[argparse.ArgumentParser],
                        shared: argparse.ArgumentParser) -> None:
    district = commands.add_parser(
        "district", parents=[shared],
        help="the territory: load districts, streets, communities or grids from GIS files")
    sub = district.add_subparsers(dest="district_command", metavar="ACTION", required=True)
    load = sub.add_parser(
        "import", parents=[shared],
        help="load areas of one level from GeoJSON, Shapefiles or CSV with a WKT column; "
             "a report per feature, good features kept")
    load.add_argument("files", nargs="+", metavar="FILE")
    load.add_argument("--level", choices=LEVELS, default="grid",
                      help="what the files hold (default: grid)")
    for name in ("code", "name", "parent", "households", "population"):
        load.add_argument(f"--{name}", metavar="FIELD", dest=f"{name}_field",
                          help=f"the field holding the {name} (default: proposed from the "
                               "file's own fields)" if name in ("code", "name") else
                          f"the field holding the {name}")
    load.add_argument("--crs", metavar="CRS",
                      help="the files' coordinate system when the file does not say, or says "
                           "wrong: EPSG:4549, a CGCS2000 zone, … or gcj02 for coordinates "
                           "traced from Chinese web maps")
    load.add_argument("--encoding", metavar="ENC",
                      help="the text encoding of a Shapefile's DBF without a .cpg "
                           "(default: detected; GBK/GB18030, UTF-8, Shift_JIS…)")
    load.add_argument("--name-from-code", action="store_true",
                      help="a file with no name field: name each area by its code")
    load.add_argument("--dry-run", action="store_true",
                      help="print the report and change nothing")
    load.add_argument("--retire-missing", action="store_true",
                      help="retire the areas of this level that the files no longer hold "
                           "(a retired grid keeps its history and cases, takes no new ones)")
    sub.add_parser("list", parents=[shared], help="the territory's areas, a line each")


def run_district(args: argparse.Namespace, territory: TerritoryService,
                 actor: OperatorRef, out: TextIO, words: ReportWords = ENGLISH) -> int:
    """Run ``district import`` or ``district list``; returns the exit code (1 when some
    features were rejected, good ones kept). The import's report is in ``words``'
    language; the list is data (level, code, name, parent)."""
    from console.territory.plan import plan_import  # GIS readers: this command only

    if args.district_command == "list":
        for area in territory.areas():
            flags = " retired" if area.retired else ""
            print(f"{area.level:9} {area.code:16} {area.name_zh}"
                  f"{' ← ' + area.parent_code if area.parent_code else ''}{flags}", file=out)
        return 0
    level = _level(args.level)
    plan = plan_import(
        [Path(f) for f in args.files], level, code_field=args.code_field,
        name_field=args.name_field, parent_field=args.parent_field,
        households_field=args.households_field, population_field=args.population_field,
        crs=args.crs, encoding=args.encoding, known_parents=territory.known_parents(level),
        name_from_code=args.name_from_code)
    for line in plan.report_lines(words):
        print(line, file=out)
    result = territory.store(actor, plan, retire_missing=args.retire_missing,
                             dry_run=args.dry_run)
    for line in result.lines(words):
        print(line, file=out)
    return 1 if plan.counts()["rejected"] else 0


def export_grids(territory: TerritoryService, fmt: str, out: TextIO,
                 level: str | None = None) -> int:
    """Write the areas of ``level`` (grids by default) as GeoJSON or CSV (WKT shapes);
    returns how many."""
    import shapely  # loaded with the first export, not with every command line run

    checked = _level(level or "grid")
    if fmt == "geojson":
        collection = territory.feature_collection(checked)
        json.dump(collection, out, ensure_ascii=False, indent=1)
        out.write("\n")
        features = collection["features"]
        return len(features) if isinstance(features, list) else 0
    shapes = territory.shapes(checked)
    writer = csv_writer(out)
    writer.writerow(CSV_COLUMNS)
    count = 0
    for area in territory.areas(checked):
        geom = shapes.get(area.code)
        writer.writerow((area.code, area.name_zh, area.name_en, area.level, area.parent_code,
                         "" if area.households is None else area.households,
                         "" if area.population is None else area.population,
                         "yes" if area.retired else "no",
                         shapely.to_wkt(geom, rounding_precision=7) if geom is not None
                         else ""))
        count += 1
    return count
