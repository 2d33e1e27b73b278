"""A duty officer finds a grid by what they remember of it: code, name, pinyin, initials."""

from __future__ import annotations

from console.app import App
from console.territory.grid_search import GridSearch


def test_the_demo_grids_are_found_by_code_name_pinyin_and_initials(app: App) -> None:
    district = app.district
    assert district.search_grids("XH-07")[0].code == "XH-07"
    assert district.search_grids("xh-0")[0].code.startswith("XH-0")
    assert district.search_grids("滨河北")[0].code == "XH-01"
    assert district.search_grids("binhebei")[0].code == "XH-01"
    assert district.search_grids("bhb")[0].code == "XH-01"
    assert {g.code for g in district.search_grids("binhe")} >= {"XH-01", "XH-02", "XH-07"}
    assert district.search_grids("Riverside North")[0].code == "XH-01"
    assert district.search_grids("no such place") == []


def test_retired_grids_are_left_out_unless_asked_for(app: App) -> None:
    grids = [g for g in app.district.grids()]
    retired = [g if g.code != "XH-01" else
               type(g)(*[getattr(g, f) for f in g.__dataclass_fields__][:-1], True)
               for g in grids]
    search = GridSearch(retired)
    assert "XH-01" not in [g.code for g in search.find("bhb")]
    assert search.find("bhb", include_retired=True)[0].code == "XH-01"
