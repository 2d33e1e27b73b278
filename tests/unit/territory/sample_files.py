"""Where the real GIS sample files are, and copying a Shapefile layer to try changes on."""

from __future__ import annotations

import os
import shutil
from pathlib import Path

import pytest

SAMPLES = Path(__file__).resolve().parents[3].parent / "shared" / "samples" / "gis"


def missing_sample(message: str) -> None:
    """No samples here: a skip on a developer's machine, a failure under CI=true (CI has
    shared/ beside the clone, so a missing sample means the tests lost their data)."""
    if os.environ.get("CI") == "true":
        pytest.fail(message)
    pytest.skip(message)


def sample(name: str) -> Path:
    """A sample file by name; the test is skipped when the samples are not on this machine."""
    path = SAMPLES / name
    if not path.is_file():
        missing_sample(f"GIS sample {name} is not at {SAMPLES}")
    return path


def copy_layer(stem: str, target: Path, *, without: tuple[str, ...] = (),
               rename: dict[str, str] | None = None) -> Path:
    """Copy the files of a Shapefile layer to ``target`` (leaving out some extensions, or
    giving some another name) and return the copied .shp."""
    rename = rename or {}
    found = sorted(SAMPLES.glob(f"{stem}.*"))
    if not found:
        missing_sample(f"GIS sample {stem} is not at {SAMPLES}")
    shp = target / f"{stem}.shp"
    for path in found:
        if path.suffix in without:
            continue
        copied = target / rename.get(path.suffix, path.name)
        shutil.copyfile(path, copied)
    return shp
