"""Which attribute holds an area's code, name, parent, households and population."""

from __future__ import annotations

import math
import re
from collections.abc import Sequence
from dataclasses import dataclass, field
from typing import Literal

from console.core.errors import ValidationError

Role = Literal["code", "name", "parent", "households", "population"]
ROLES: tuple[Role, ...] = ("code", "name", "parent", "households", "population")

_CODE_NAMES = frozenset({
    "code", "adcode", "cptvid", "cptid", "key_code", "keycode", "gridcode", "grid_code",
    "grid_id", "wgbm", "bm", "dm", "geoid", "geocode", "villcode", "towncode", "countycode",
    "编码", "代码", "网格编码", "网格代码", "社区编码", "社区代码", "街道编码", "街道代码",
    "区划代码", "行政区划代码", "区划编码",
})
_NAME_NAMES = frozenset({
    "name", "名称", "名字", "网格名称", "网格名", "社区名称", "街道名称", "区县名称", "区名",
    "vname", "tname", "s_name", "mc", "wgmc", "name_zh", "name_cn", "label",
})
_PARENT_NAMES = frozenset({
    "parent", "parent_code", "parentcode", "parent_id", "pcode", "p_code", "sjbm",
    "上级编码", "上级代码", "父级编码", "所属编码", "上级区划代码",
})
_HOUSEHOLD_NAMES = frozenset({
    "households", "household", "hh", "hu", "num_households", "setai", "户数", "总户数",
    "住户数", "hs",
})
_POPULATION_NAMES = frozenset({
    "population", "pop", "pop_total", "total_pop", "jinko", "人口", "总人口", "人口数", "rk",
})
# Row numbers written by GIS software: unique, but they mean nothing outside the file.
_ROW_IDS = frozenset({"fid", "objectid", "oid", "ogc_fid", "gid", "objectid_1", "id_0"})

_INTEGRAL_TEXT = re.compile(r"^[+-]?\d+\.0*$")
_MAX_CODE_LENGTH = 40


def normalise_code(value: object) -> str | None:
    """A code as text: whitespace stripped, integral floats as integers (6301200042.0 →
    "6301200042"); None for an empty value."""
    if value is None or isinstance(value, bool):
        return None
    if isinstance(value, float):
        if not math.isfinite(value):
            return None
        return str(int(value)) if value.is_integer() else repr(value)
    text = str(value).strip()
    if _INTEGRAL_TEXT.match(text):
        text = text.split(".", 1)[0]
    return text or None


def to_count(value: object) -> int | None:
    """A household or population count; None when empty, ValueError when not a count."""
    if value is None or (isinstance(value, str) and not value.strip()):
        return None
    if isinstance(value, bool):
        raise ValueError(f"{value!r} is not a count")
    try:
        number = float(str(value).strip()) if not isinstance(value, int | float) else value
    except ValueError:
        raise ValueError(f"{value!r} is not a number") from None
    if not math.isfinite(number) or number < 0 or not float(number).is_integer():
        raise ValueError(f"{value!r} is not a whole number of zero or more")
    return int(number)


@dataclass(frozen=True)
class FieldChoice:
    """The fields used for each role (None: the file has none) and why, for the report."""

    code: str | None
    name: str | None
    parent: str | None = None
    households: str | None = None
    population: str | None = None
    reasons: dict[str, str] = field(default_factory=dict)

    def get(self, role: Role) -> str | None:
        """The field used for ``role``."""
        return {"code": self.code, "name": self.name, "parent": self.parent,
                "households": self.households, "population": self.population}[role]

    def notes(self) -> list[str]:
        """``code: CPTVID (proposed: unique values, named like a code)`` per role."""
        lines = []
        for role in ROLES:
            used = self.get(role)
            why = self.reasons.get(role, "")
            lines.append(f"{role}: {used} ({why})" if used else f"{role}: none ({why})")
        return lines


@dataclass(frozen=True)
class _Stats:
    """What a field's values look like over all features."""

    filled: float  # share of features with a value
    distinct: int
    uniqueness: float  # distinct values / filled values
    max_length: int
    mean_length: float
    numeric: float  # share of filled values that are numbers
    integral: float  # share of filled values that are whole numbers
    with_digit: float  # share of filled values containing a digit
    with_space: float  # share of filled values containing a space


def _stats(values: Sequence[object]) -> _Stats:
    texts = [normalise_code(value) for value in values]
    filled = [text for text in texts if text is not None]
    count = len(filled) or 1
    numbers = [value for value in values
               if isinstance(value, int | float) and not isinstance(value, bool)]
    numeric_text = [text for text in filled if _is_number(text)]
    return _Stats(
        filled=len(filled) / (len(values) or 1),
        distinct=len(set(filled)),
        uniqueness=len(set(filled)) / count,
        max_length=max((len(text) for text in filled), default=0),
        mean_length=sum(len(text) for text in filled) / count,
        numeric=max(len(numbers), len(numeric_text)) / count,
        integral=sum(1 for text in filled if re.fullmatch(r"[+-]?\d+", text)) / count,
        with_digit=sum(1 for text in filled if any(ch.isdigit() for ch in text)) / count,
        with_space=sum(1 for text in filled if " " in text) / count,
    )


def _is_number(text: str) -> bool:
    try:
        float(text)
    except ValueError:
        return False
    return True


def _code_name_score(name: str) -> int:
    low = name.strip().lower()
    if low in _CODE_NAMES:
        return 3
    if (low.endswith(("code", "_cd")) or name.endswith("CD") or "编码" in low or "代码" in low
            or "编号" in low):
        return 2
    if low in _ROW_IDS:
        return 0
    if low == "id" or low.endswith("id"):
        return 1
    return 0


def _name_name_score(name: str) -> int:
    low = name.strip().lower()
    if low in _NAME_NAMES:
        return 3
    if low.endswith(("name", "_nm")) or name.endswith("NM") or "名称" in low or "名" in low:
        return 2
    return 0


def _find(name: str, field_names: Sequence[str], role: str, file: str) -> str:
    if name in field_names:
        return name
    for candidate in field_names:
        if candidate.casefold() == name.casefold():
            return candidate
    raise ValidationError(
        f"{file}: no field {name!r} for the {role} (fields: {', '.join(field_names)})",
        field=f"{role}_field")


def _propose_code(stats: dict[str, _Stats], names: Sequence[str],
                  taken: set[str]) -> tuple[str | None, str]:
    ranked = []
    for index, name in enumerate(names):
        s = stats[name]
        score = _code_name_score(name)
        if name in taken or score == 0 or s.filled < 0.9 or s.max_length > _MAX_CODE_LENGTH:
            continue
        ranked.append((score, round(s.uniqueness, 2), -index, name))
    if ranked:
        score, _, _, best = max(ranked)
        s = stats[best]
        values = ("unique values" if s.uniqueness == 1.0
                  else f"{s.distinct} distinct values: areas in several parts share a code")
        named = {3: "named like a code", 2: "named like a code", 1: "named like an id"}[score]
        return best, f"proposed: {values}, {named}"
    fallback = []
    for index, name in enumerate(names):
        s = stats[name]
        if (name in taken or name.strip().lower() in _ROW_IDS or s.filled < 0.9
                or s.max_length > 20 or s.with_space > 0 or s.with_digit < 0.9):
            continue
        fallback.append((round(s.uniqueness, 2), s.integral, -index, name))
    if fallback:
        best = max(fallback)[-1]
        return best, (f"proposed: no field is named like a code; its {stats[best].distinct} "
                      "distinct values look like codes (short, with digits)")
    return None, "no field is named like a code or holds code-like values; give the code field"


def _propose_name(stats: dict[str, _Stats], names: Sequence[str],
                  taken: set[str]) -> tuple[str | None, str]:
    ranked = []
    for index, name in enumerate(names):
        s = stats[name]
        score = _name_name_score(name)
        if name in taken or score == 0 or s.filled < 0.5 or s.numeric > 0.5:
            continue
        ranked.append((score, round(s.uniqueness * 20) / 20, -s.mean_length, -index, name))
    if not ranked:
        return None, "no field is named like a name"
    best = max(ranked)[-1]
    s = stats[best]
    values = "unique values" if s.uniqueness == 1.0 else f"{s.distinct} distinct values"
    return best, f"proposed: text, {values}, named like a name"


def _propose_number(stats: dict[str, _Stats], names: Sequence[str], taken: set[str],
                    known: frozenset[str], what: str) -> tuple[str | None, str]:
    for name in names:
        s = stats[name]
        if name not in taken and name.strip().lower() in known and s.numeric >= 0.8:
            return name, f"proposed: numbers, named like {what}"
    return None, f"no numeric field named like {what}"


def _propose_parent(names: Sequence[str], taken: set[str]) -> tuple[str | None, str]:
    for name in names:
        if name not in taken and name.strip().lower() in _PARENT_NAMES:
            return name, "proposed: named like a parent code"
    return None, "no field named like a parent code; parents come from codes or locations"


def propose_fields(file: str, field_names: Sequence[str],
                   rows: Sequence[dict[str, object]], *, code: str | None = None,
                   name: str | None = None, parent: str | None = None,
                   households: str | None = None,
                   population: str | None = None) -> FieldChoice:
    """The fields for each role: the caller's where given (ValidationError if the file has
    no such field; ``""`` for none at all), else proposed from the field names and their
    values."""
    names = list(field_names)
    given = {"code": code, "name": name, "parent": parent, "households": households,
             "population": population}
    chosen: dict[str, str | None] = {}
    reasons: dict[str, str] = {}
    for role, wanted in given.items():
        if wanted == "":  # the caller says the file has none: propose nothing either
            chosen[role] = None
            reasons[role] = ("no code field chosen; every area needs a code" if role == "code"
                             else "none chosen")
        elif wanted:
            chosen[role] = _find(wanted, names, role, file)
            reasons[role] = "given"
    taken = {value for value in chosen.values() if value}
    stats = {field_name: _stats([row.get(field_name) for row in rows]) for field_name in names}
    proposers = {
        "name": lambda: _propose_name(stats, names, taken),
        "code": lambda: _propose_code(stats, names, taken),
        "parent": lambda: _propose_parent(names, taken),
        "households": lambda: _propose_number(stats, names, taken, _HOUSEHOLD_NAMES,
                                              "a household count"),
        "population": lambda: _propose_number(stats, names, taken, _POPULATION_NAMES,
                                              "a population"),
    }
    for role in ("name", "code", "parent", "households", "population"):
        if role in chosen:
            continue
        proposed, reason = proposers[role]()
        chosen[role], reasons[role] = proposed, reason
        if proposed:
            taken.add(proposed)
    return FieldChoice(code=chosen["code"], name=chosen["name"], parent=chosen["parent"],
                       households=chosen["households"], population=chosen["population"],
                       reasons=reasons)
