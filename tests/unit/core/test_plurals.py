"""English counted nouns agree with their number; Chinese text is left as it is."""

from __future__ import annotations

import pytest

from widgets.common.plurals import counted


@pytest.mark.parametrize(("n", "expected"), [
    (0, "0 handovers in 0 days"), (1, "1 handover in 1 day"), (2, "2 handovers in 2 days")])
def test_a_count_of_one_is_singular(n: int, expected: str) -> None:
    assert counted("{n} handover(s) in {n} day(s)", n).format(n=n) == expected


def test_chinese_has_no_plural_to_make() -> None:
    assert counted("{n} 次交接", 1).format(n=1) == "1 次交接"
