"""Working-time arithmetic: petitions are answered in working hours, not wall-clock time."""

from __future__ import annotations

from datetime import UTC, date, datetime, time, timedelta
from zoneinfo import ZoneInfo

import pytest
from hypothesis import given
from hypothesis import strategies as st

from console.cases.calendar import RoundTheClock, WorkingCalendar

SH = ZoneInfo("Asia/Shanghai")


def local(y: int, m: int, d: int, hh: int, mm: int = 0) -> datetime:
    return datetime(y, m, d, hh, mm, tzinfo=SH)


CAL = WorkingCalendar(
    holidays=frozenset({date(2026, 10, 1), date(2026, 10, 2)}),
    workdays=frozenset({date(2026, 10, 10)}),  # a Saturday worked in exchange
)


def test_round_the_clock_counts_every_second() -> None:
    start = datetime(2026, 11, 22, 23, 50, tzinfo=UTC)
    assert RoundTheClock().add(start, 600) == datetime(2026, 11, 23, 0, 0, tzinfo=UTC)
    assert RoundTheClock().between(start, start - timedelta(hours=1)) == 0


def test_working_time_skips_lunch_evening_and_weekend() -> None:
    friday_4pm = local(2026, 11, 20, 16, 0)
    # 1.5 h left on Friday (16:00-17:30); 2 working hours land on Monday 09:00.
    assert CAL.add(friday_4pm, 2 * 3600) == local(2026, 11, 23, 9, 0)
    morning = local(2026, 11, 23, 11, 0)
    assert CAL.add(morning, 2 * 3600) == local(2026, 11, 23, 14, 30)  # lunch skipped


def test_report_outside_hours_starts_counting_next_morning() -> None:
    saturday_night = local(2026, 11, 21, 22, 0)
    assert CAL.add(saturday_night, 60) == local(2026, 11, 23, 8, 31)


def test_holidays_and_make_up_days() -> None:
    before_holiday = local(2026, 9, 30, 17, 0)
    # Oct 1-2 (Thu, Fri) are holidays, Oct 3-4 a weekend: the next working minute is Mon 5th.
    assert CAL.add(before_holiday, 3600) == local(2026, 10, 5, 9, 0)
    friday = local(2026, 10, 9, 17, 0)
    # Saturday Oct 10 is a make-up working day.
    assert CAL.add(friday, 3600) == local(2026, 10, 10, 9, 0)


def test_between_counts_only_working_seconds() -> None:
    assert CAL.between(local(2026, 11, 20, 16, 0), local(2026, 11, 23, 9, 0)) == 2 * 3600
    one_day = (3.5 + 4) * 3600
    assert CAL.between(local(2026, 11, 23, 0, 0), local(2026, 11, 24, 0, 0)) == one_day


def test_bad_calendar_is_refused() -> None:
    with pytest.raises(ValueError, match="start before they end"):
        WorkingCalendar(periods=((time(12), time(8)),))


@given(
    start=st.datetimes(min_value=datetime(2026, 1, 1), max_value=datetime(2027, 12, 31),  # noqa: DTZ001
                       timezones=st.just(UTC)),
    seconds=st.integers(min_value=0, max_value=40 * 3600),
)
def test_between_inverts_add(start: datetime, seconds: int) -> None:
    end = CAL.add(start, seconds)
    assert end >= start
    assert CAL.between(start, end) == pytest.approx(seconds, abs=1e-6)
