"""``make bench``: every benchmark at the scale the issues name; a table and a JSON file."""

from __future__ import annotations

import argparse
from pathlib import Path

from tests.bench import bench_hazards, bench_rosters, bench_storage
from tests.bench.dataset import build
from tests.bench.harness import Report

ROOT = Path(__file__).resolve().parents[2]


def main() -> int:
    parser = argparse.ArgumentParser(prog="make bench")
    parser.add_argument("--cases", type=int, default=1_000_000)
    parser.add_argument("--open", type=int, default=10_000)
    parser.add_argument("--fresh", action="store_true", help="re-seed the cached database")
    parser.add_argument("--only", nargs="*", default=None,
                        help="run only these groups: seeding board engine rosters hazards "
                             "gui multiseat")
    args = parser.parse_args()

    ds = build(args.cases, args.open, fresh=args.fresh)
    report = Report(scale={"cases": ds.cases, "open": ds.open})
    groups = {
        "seeding": bench_storage.seeding,
        "board": bench_storage.board_queries,
        "engine": bench_storage.engine,
        "rosters": bench_rosters.run,
        "hazards": bench_hazards.run,
    }
    try:
        from tests.bench import bench_gui
        groups["gui"] = bench_gui.run
    except ImportError as exc:  # the GUI probe needs Qt; report, don't hide
        print(f"GUI benchmarks unavailable: {exc}")
    try:
        from tests.bench import bench_alerts
        groups["alerts"] = bench_alerts.run
    except ImportError as exc:
        print(f"alert benchmarks unavailable: {exc}")
    try:
        from tests.bench import bench_map
        groups["map"] = bench_map.run
    except ImportError as exc:
        print(f"grid map benchmarks unavailable: {exc}")
    from tests.bench import bench_multiseat
    groups["multiseat"] = bench_multiseat.run
    try:
        from tests.bench import bench_kpis
        groups["kpis"] = bench_kpis.run
    except ImportError as exc:
        print(f"KPI benchmarks unavailable: {exc}")
    for name, fn in groups.items():
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
