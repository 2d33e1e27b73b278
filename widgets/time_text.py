"""Times and durations as the console shows them: local time, short readable ages."""

from __future__ import annotations

from datetime import date, datetime

from PySide6.QtCore import QCoreApplication, QDate, QLocale

NO_VALUE = "—"


def local_time(when: datetime | None) -> str:
    """``2026-11-22 08:05`` in this machine's time zone, or a dash."""
    if when is None:
        return NO_VALUE
    return when.astimezone().strftime("%Y-%m-%d %H:%M")


def short_local_time(when: datetime | None) -> str:
    """``11-22 08:05``: for table columns, where the year is rarely news."""
    if when is None:
        return NO_VALUE
    return when.astimezone().strftime("%m-%d %H:%M")


def local_time_seconds(when: datetime | None) -> str:
    """``2026-11-22 08:05:09`` in this machine's time zone, or a dash."""
    if when is None:
        return NO_VALUE
    return when.astimezone().strftime("%Y-%m-%d %H:%M:%S")


def duration_text(seconds: float) -> str:
    """A short human duration: ``2 d 4 h``, ``3 h 12 m``, ``7 m``, ``< 1 m``."""
    minutes = max(0, int(seconds)) // 60
    days, rest = divmod(minutes, 24 * 60)
    hours, mins = divmod(rest, 60)
    if days:
        return QCoreApplication.translate("Durations", "{d} d {h} h").format(d=days, h=hours)
    if hours:
        return QCoreApplication.translate("Durations", "{h} h {m} m").format(h=hours, m=mins)
    if mins:
        return QCoreApplication.translate("Durations", "{m} m").format(m=mins)
    return QCoreApplication.translate("Durations", "< 1 m")


def countdown_text(seconds: float) -> str:
    """A countdown that visibly ticks: ``14 s``, ``2 m 14 s``, ``3 h 05 m``, ``2 d 04 h``
    (the sign is the caller's: see ``widgets.case_table_model``)."""
    total = int(abs(seconds))
    days, rest = divmod(total, 86400)
    hours, rest = divmod(rest, 3600)
    mins, secs = divmod(rest, 60)
    if days:
        return QCoreApplication.translate("Durations", "{d} d {h:02d} h").format(d=days, h=hours)
    if hours:
        return QCoreApplication.translate("Durations", "{h} h {m:02d} m").format(h=hours, m=mins)
    if mins:
        return QCoreApplication.translate("Durations", "{m} m {s:02d} s").format(m=mins, s=secs)
    return QCoreApplication.translate("Durations", "{s} s").format(s=secs)


# ---- calendar words in the interface language (QLocale's default: see widgets.i18n) ------


def _chinese() -> bool:
    return QLocale().language() == QLocale.Language.Chinese


def weekday_name(day: date) -> str:
    """``Mon`` / ``周一``."""
    return QLocale().dayName(day.isoweekday(), QLocale.FormatType.ShortFormat)


def day_month(day: date) -> str:
    """``22 Nov`` / ``11月22日``."""
    if _chinese():
        return f"{day.month}月{day.day}日"
    return QLocale().toString(QDate(day.year, day.month, day.day), "d MMM")


def day_month_year(day: date) -> str:
    """``22 Nov 2026`` / ``2026年11月22日``."""
    if _chinese():
        return f"{day.year}年{day.month}月{day.day}日"
    return QLocale().toString(QDate(day.year, day.month, day.day), "d MMM yyyy")


def weekday_day_month(day: date) -> str:
    """``Mon 23 Nov`` / ``11月23日 周一``: a column of the week view."""
    if _chinese():
        return f"{day_month(day)} {weekday_name(day)}"
    return f"{weekday_name(day)} {day_month(day)}"


def number_text(value: int | float) -> str:
    """A count or measure with the locale's digit grouping: ``12,345``."""
    return QLocale().toString(value)
