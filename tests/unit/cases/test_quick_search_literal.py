"""Quick search takes % and _ as the characters a duty officer typed, not as wildcards."""

from __future__ import annotations

from console.app import App
from console.cases.query import CaseFilter
from console.core.domain import OperatorRef


def test_percent_and_underscore_match_themselves(app: App, officer: OperatorRef) -> None:
    titles = ["Water at 100% of the kerb", "Water at 1000 of the kerb", "pipe a_b burst",
              "pipe axb burst", "back\\slash sign"]
    refs = {t: app.cases.report(officer, title=t, category="utilities", severity=3,
                                grid="XH-02").reference for t in titles}

    def found(text: str) -> set[str]:
        return {r.title for r in app.cases.open_cases(CaseFilter(text=text))}

    assert found("100%") == {"Water at 100% of the kerb"}
    assert found("a_b") == {"pipe a_b burst"}
    assert found("k\\s") == {"back\\slash sign"}
    assert found("%") == {"Water at 100% of the kerb"}
    assert len(refs) == 5
