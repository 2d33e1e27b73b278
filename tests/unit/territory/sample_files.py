"""Where the real GIS sample files are, and copying a Shapefile layer to try changes on."""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest

# Real public files, copied byte for byte from the project's shared samples into the
# repository (tests/samples/*/README.md says where each came from): a fresh clone tests
# against them, nothing is skipped for want of them.
SAMPLES_ROOT = Path(__file__).resolve().parents[2] / "samples"
SAMPLES = SAMPLES_ROOT / "gis"
CAP_SAMPLES = SAMPLES_ROOT / "cap"


def sample(name: str) -> Path:
    """A sample file by name (the test fails if the repository lost it)."""
    path = SAMPLES / name
    if not path.is_file():
        pytest.fail(f"GIS sample {name} is not at {SAMPLES}")
    return path


def copy_layer(stem: str, target: Path, *, without: tuple[str, ...] = (),
               rename: dict[str, str] | None = None) -> Path:
    """Copy the files of a Shapefile layer to ``target`` (leaving out some extensions, or
    giving some another name) and return the copied .shp."""
    rename = rename or {}
    found = sorted(SAMPLES.glob(f"{stem}.*"))
    if not found:
        pytest.fail(f"GIS sample {stem} is not at {SAMPLES}")
    shp = target / f"{stem}.shp"
    for path in found:
        if path.suffix in without:
            continue
        copied = target / rename.get(path.suffix, path.name)
        shutil.copyfile(path, copied)
    return shp
