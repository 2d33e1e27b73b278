"""Benchmark plumbing: timing helpers, results with targets, the table and the JSON file."""

from __future__ import annotations

import json
import platform
import statistics
import time
from collections.abc import Callable
from dataclasses import asdict, dataclass, field
from datetime import UTC, datetime
from pathlib import Path
from typing import Any


@dataclass
class Result:
    """One figure. ``target`` and ``better`` say what the issue asks for, if anything."""

    issue: int
    name: str
    value: float
    unit: str
    target: float | None = None
    better: str = "lower"  # or "higher"
    note: str = ""

    @property
    def verdict(self) -> str:
        if self.target is None:
            return ""
        ok = self.value <= self.target if self.better == "lower" else self.value >= self.target
        return "ok" if ok else "MISSED"


@dataclass
class Report:
    scale: dict[str, Any]
    results: list[Result] = field(default_factory=list)

    def add(self, result: Result) -> None:
        self.results.append(result)
        print(f"  {result.name}: {fmt(result.value)} {result.unit} {result.verdict}", flush=True)

    def table(self) -> str:
        rows = [("#", "benchmark", "measured", "target", "", "note")]
        for r in self.results:
            target = "" if r.target is None else (
                f"{'≤' if r.better == 'lower' else '≥'} {fmt(r.target)} {r.unit}")
            rows.append((str(r.issue), r.name, f"{fmt(r.value)} {r.unit}", target,
                         r.verdict, r.note))
        widths = [max(len(row[i]) for row in rows) for i in range(len(rows[0]))]
        lines = ["  ".join(c.ljust(w) for c, w in zip(row, widths, strict=True)).rstrip()
                 for row in rows]
        lines.insert(1, "  ".join("-" * w for w in widths))
        return "\n".join(lines)

    def write(self, path: Path) -> None:
        """Write this run's results, keeping those of benchmarks this run did not measure
        (``--only`` runs one group; each result carries the time it was measured)."""
        when = datetime.now(UTC).isoformat(timespec="seconds")
        fresh = [asdict(r) | {"verdict": r.verdict, "when": when} for r in self.results]
        measured = {r["name"] for r in fresh}
        kept: list[dict[str, Any]] = []
        if path.exists():
            try:
                previous = json.loads(path.read_text())
                kept = [r | {"when": r.get("when", previous.get("when"))}
                        for r in previous.get("results", []) if r["name"] not in measured]
            except (ValueError, KeyError, TypeError, AttributeError):
                kept = []  # an unreadable old file is replaced, not merged
        payload = {
            "when": when,
            "machine": {"python": platform.python_version(), "platform": platform.platform(),
                        "cpus": __import__("os").cpu_count()},
            "scale": self.scale,
            "results": sorted(kept + fresh, key=lambda r: (r["issue"], r["when"])),
        }
        path.write_text(json.dumps(payload, indent=2, ensure_ascii=False) + "\n")


def fmt(value: float) -> str:
    if value >= 100:
        return f"{value:,.0f}"
    if value >= 10:
        return f"{value:.1f}"
    return f"{value:.2f}"


def timed_ms(fn: Callable[[], Any], repeat: int = 20, warmup: int = 2) -> tuple[float, float]:
    """(median, worst) wall time of ``fn`` in milliseconds over ``repeat`` runs."""
    for _ in range(warmup):
        fn()
    times = []
    for _ in range(repeat):
        started = time.perf_counter()
        fn()
        times.append((time.perf_counter() - started) * 1000)
    return statistics.median(times), max(times)
