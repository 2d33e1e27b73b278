"""The parent of each area: from a parent field, from its code, or from where it lies."""

from __future__ import annotations

import math
from collections.abc import Mapping, Sequence
from dataclasses import dataclass

import numpy as np
import numpy.typing as npt
import shapely
from shapely.geometry.base import BaseGeometry

from console.territory.areas import Finding, Level, ParentInfo, level_above
from console.territory.checks import Draft

# The national unit-grid code (GB/T 30428, CJ/T 213): county 6 + street 3 + community 3 +
# grid 2 digits. A code of a level's length names its parent by its first digits.
NATIONAL_CODE_LENGTHS: dict[Level, tuple[int, int]] = {
    "grid": (14, 12),
    "community": (12, 9),
    "street": (9, 6),
}
CODE_SEPARATORS = ("-", "_", ".")

# An area with less than this share inside its parent is reported as lying outside it.
INSIDE_SHARE = 0.9


@dataclass(frozen=True)
class Placement:
    """An area's parent (None at the top or when none was found) and the rule that gave it."""

    parent_code: str | None
    rule: str
    share: float | None = None  # the share of the area inside its parent, when measured


def percent(share: float) -> str:
    """A share as whole percent, never rounded up to 100% (99.6% shows as 99%)."""
    return f"{math.floor(share * 100 + 1e-9)}%"


def national_parent(code: str, level: Level) -> str | None:
    """The parent code the national unit-grid scheme gives a code of this level, if any:
    grid 31010100100101 → community 310101001001 → street 310101001 → district 310101."""
    lengths = NATIONAL_CODE_LENGTHS.get(level)
    if lengths is None or not code.isdigit() or len(code) != lengths[0]:
        return None
    return code[:lengths[1]]


def separator_parent(code: str) -> str | None:
    """The code before the last separator: ``BH-3`` for ``BH-3-2`` (also ``_`` and ``.``)."""
    cut = max(code.rfind(separator) for separator in CODE_SEPARATORS)
    return code[:cut] if cut > 0 else None


def prefix_parent(code: str, known: Mapping[str, object]) -> str | None:
    """The longest known code that is a strict prefix of ``code`` (6301200 for 6301200042)."""
    for length in range(len(code) - 1, 0, -1):
        if code[:length] in known:
            return code[:length]
    return None


def _by_code(draft: Draft, level: Level, known: Mapping[str, ParentInfo]) -> Placement | None:
    national = national_parent(draft.code, level)
    if national is not None and national in known:
        return Placement(national, f"parent {national} by {len(draft.code)}-digit code")
    separated = separator_parent(draft.code)
    if separated is not None and separated in known:
        return Placement(separated, f"parent {separated} by code prefix")
    prefixed = prefix_parent(draft.code, known)
    if prefixed is not None:
        return Placement(prefixed, f"parent {prefixed} by code prefix")
    return None


def _shares(children: Sequence[BaseGeometry], parents: Sequence[BaseGeometry],
            pairs: tuple[npt.NDArray[np.intp], npt.NDArray[np.intp]]) -> npt.NDArray[np.float64]:
    """The share of each child (pairs[0]) inside each parent (pairs[1]), vectorised."""
    child_index, parent_index = pairs
    child_array = np.array(children, dtype=object)
    parent_array = np.array(parents, dtype=object)
    shares = np.zeros(len(child_index))
    if len(child_index) == 0:
        return shares
    shapely.prepare(parent_array)
    a, b = child_array[child_index], parent_array[parent_index]
    inside = shapely.within(a, b)
    shares[inside] = 1.0
    rest = ~inside
    if rest.any():
        overlap = shapely.area(shapely.intersection(a[rest], b[rest]))
        own = shapely.area(a[rest])
        shares[rest] = np.divide(overlap, own, out=np.zeros_like(overlap), where=own > 0)
    return shares


def _usable(parent: ParentInfo) -> ParentInfo:
    """A known parent whose shape the overlay can use (repaired if stored invalid)."""
    if parent.geometry is None or shapely.is_valid(parent.geometry):
        return parent
    return ParentInfo(parent.name, shapely.make_valid(parent.geometry))


def _outside(share: float, parent: str) -> str:
    extent = "mostly" if share < 0.5 else "partly"
    return f"{extent} outside its parent {parent}: {percent(share)} inside"


def place_areas(drafts: Sequence[Draft], level: Level,
                known_parents: Mapping[str, ParentInfo] | None,
                parent_field: str | None = None) -> tuple[list[Placement], list[Finding]]:
    """The parent of each draft and findings (parents not found, areas outside parents).

    Rules in order: the parent field; the code (national 14/12/9-digit scheme, a separator
    prefix such as BH-3 for BH-3-2, or the longest known code that prefixes it); then the
    known parent holding the largest share of the area. The top level has no parent, and
    without known parents only a parent field can give one (unchecked).
    """
    above = level_above(level)
    if above is None:
        top = [Placement(None, "top level") for _ in drafts]
        return top, _same_names(drafts, top, level)
    known = {code: _usable(info) for code, info in (known_parents or {}).items()}
    findings: list[Finding] = []
    placements: list[Placement | None] = []
    for draft in drafts:
        placements.append(_first_rules(draft, level, above, known, parent_field, findings))
    if known:
        _place_by_location(drafts, placements, known, above, findings)
        _check_inside(drafts, placements, known, findings)
    final = [placement or Placement(None, "no parent found") for placement in placements]
    findings.extend(_same_names(drafts, final, above))
    return final, findings


def _first_rules(draft: Draft, level: Level, above: Level, known: Mapping[str, ParentInfo],
                 parent_field: str | None, findings: list[Finding]) -> Placement | None:
    where = (draft.file, draft.numbers[0], draft.code)
    if draft.parent_value is not None:
        value = draft.parent_value
        if not known:
            return Placement(value, f"parent {value} from field {parent_field} (not checked: "
                                    f"no {above} areas given)")
        if value in known:
            return Placement(value, f"parent {value} from field {parent_field}")
        findings.append(Finding(*where, f"parent {value} from field {parent_field} is not a "
                                        f"known {above}", "warning"))
    if not known:
        return Placement(None, f"top level: no {above} areas given")
    placement = _by_code(draft, level, known)
    if placement is None:
        national = national_parent(draft.code, level)
        if national is not None:
            findings.append(Finding(*where, f"the code names parent {national}, which is not "
                                            f"a known {above}", "warning"))
    return placement


def _place_by_location(drafts: Sequence[Draft], placements: list[Placement | None],
                       known: Mapping[str, ParentInfo], above: Level,
                       findings: list[Finding]) -> None:
    """Place the drafts no rule placed in the known parent holding most of each."""
    todo = [index for index, placement in enumerate(placements) if placement is None]
    if not todo:
        return
    parent_codes: list[str] = []
    parent_geometries: list[BaseGeometry] = []
    for code, info in known.items():
        if info.geometry is not None:
            parent_codes.append(code)
            parent_geometries.append(info.geometry)
    children = [drafts[index].geometry for index in todo]
    best: dict[int, tuple[float, int]] = {}
    if parent_codes:
        tree = shapely.STRtree(np.array(parent_geometries, dtype=object))
        child_index, parent_index = tree.query(np.array(children, dtype=object),
                                               predicate="intersects")
        shares = _shares(children, parent_geometries, (child_index, parent_index))
        for child, parent, share in zip(child_index, parent_index, shares, strict=True):
            if share > best.get(int(child), (0.0, -1))[0]:
                best[int(child)] = (float(share), int(parent))
    for position, index in enumerate(todo):
        draft = drafts[index]
        if position not in best:
            findings.append(Finding(draft.file, draft.numbers[0], draft.code,
                                    f"no parent found: not inside any known {above}",
                                    "warning"))
            continue
        share, parent = best[position]
        code = parent_codes[parent]
        placements[index] = Placement(code, f"parent {code} by location ({percent(share)} "
                                            "inside)", share)
        if share < INSIDE_SHARE:
            findings.append(Finding(draft.file, draft.numbers[0], draft.code,
                                    _outside(share, code), "warning"))


def _check_inside(drafts: Sequence[Draft], placements: list[Placement | None],
                  known: Mapping[str, ParentInfo], findings: list[Finding]) -> None:
    """Report areas placed by field or code that lie mostly outside their parent."""
    checks: list[int] = []
    parents: list[BaseGeometry] = []
    for index, placement in enumerate(placements):
        if placement is None or placement.share is not None or placement.parent_code is None:
            continue
        parent = known.get(placement.parent_code)
        if parent is not None and parent.geometry is not None:
            checks.append(index)
            parents.append(parent.geometry)
    if not checks:
        return
    children = [drafts[index].geometry for index in checks]
    pairs = (np.arange(len(checks)), np.arange(len(checks)))
    shares = _shares(children, parents, pairs)
    for index, share in zip(checks, shares, strict=True):
        placement = placements[index]
        assert placement is not None
        assert placement.parent_code is not None
        placements[index] = Placement(placement.parent_code, placement.rule, float(share))
        if share < INSIDE_SHARE:
            draft = drafts[index]
            findings.append(Finding(draft.file, draft.numbers[0], draft.code,
                                    _outside(float(share), placement.parent_code), "warning"))


def _same_names(drafts: Sequence[Draft], placements: Sequence[Placement],
                above: Level) -> list[Finding]:
    """Warn when two areas with one parent share a name (they cannot be told apart)."""
    seen: dict[tuple[str | None, str], Draft] = {}
    findings = []
    for draft, placement in zip(drafts, placements, strict=True):
        key = (placement.parent_code, draft.name)
        if key in seen:
            other = seen[key]
            within = (f"in {above} {placement.parent_code}" if placement.parent_code
                      else "at the top level")
            findings.append(Finding(draft.file, draft.numbers[0], draft.code,
                                    f"name {draft.name} is also used by {other.code} {within}",
                                    "warning"))
        else:
            seen[key] = draft
    return findings
