"""``make bench``: every benchmark at the scale the issues name; a table and a JSON file."""

from __future__ import annotations

import argparse
from collections.abc import Callable
from pathlib import Path

from tests.bench import (
    bench_alerts,
    bench_api,
    bench_city,
    bench_gazetteer,
    bench_gui,
    bench_hazards,
    bench_incidents,
    bench_joint,
    bench_kpis,
    bench_map,
    bench_multiseat,
    bench_paging,
    bench_realmap,
    bench_retention,
    bench_rosters,
    bench_storage,
    bench_territory,
)
from tests.bench.dataset import Dataset, build
from tests.bench.harness import Report

ROOT = Path(__file__).resolve().parents[2]

# Every group of benchmarks, in the order the table lists them.
GROUPS: dict[str, Callable[[Dataset, Report], None]] = {
    "seeding": bench_storage.seeding,
    "board": bench_storage.board_queries,
    "engine": bench_storage.engine,
    "rosters": bench_rosters.run,
    "hazards": bench_hazards.run,
    "gui": bench_gui.run,
    "alerts": bench_alerts.run,
    "map": bench_map.run,
    "multiseat": bench_multiseat.run,
    "kpis": bench_kpis.run,
    "territory": bench_territory.run,
    "paging": bench_paging.run,
    "incidents": bench_incidents.run,
    "gazetteer": bench_gazetteer.run,
    "joint": bench_joint.run,
    "api": bench_api.run,
    "realmap": bench_realmap.run,
    "retention": bench_retention.run,
    "city": lambda ds, report: bench_city.run(report, CITY["cases"], CITY["open"]),
}
# The city group's scale (issue 24): --city-cases and --city-open.
CITY = {"cases": 10_000_000, "open": 60_000}


def main() -> int:
    parser = argparse.ArgumentParser(prog="make bench")
    parser.add_argument("--cases", type=int, default=1_000_000)
    parser.add_argument("--open", type=int, default=10_000)
    parser.add_argument("--fresh", action="store_true", help="re-seed the cached database")
    parser.add_argument("--only", nargs="*", default=None, choices=list(GROUPS),
                        metavar="GROUP", help=f"run only these groups: {' '.join(GROUPS)}")
    parser.add_argument("--city-cases", type=int, default=CITY["cases"],
                        help="cases in the city group's PostgreSQL database (default 10M)")
    parser.add_argument("--city-open", type=int, default=CITY["open"])
    args = parser.parse_args()
    CITY.update(cases=args.city_cases, open=args.city_open)

    ds = build(args.cases, args.open, fresh=args.fresh)
    report = Report(scale={"cases": ds.cases, "open": ds.open})
    for name, fn in GROUPS.items():
        if args.only and name not in args.only:
            continue
        print(f"[{name}]", flush=True)
        fn(ds, report)
    print()
    print(report.table())
    out = ROOT / "bench-results.json"
    report.write(out)
    print(f"\nwritten to {out}")
    return 0 if all(r.verdict != "MISSED" for r in report.results) else 1


if __name__ == "__main__":
    raise SystemExit(main())
