"""Times and durations as the console shows them: the center's time zone, short readable ages.

Every time on screen is in the center's zone (``App.zone``), whatever this machine's zone:
the main window sets it once with ``set_center_zone`` and every panel, dialog and report
reads it here. Date and time editors are put in the same zone with ``center_editor``.
"""

from __future__ import annotations

from datetime import UTC, date, datetime, tzinfo
from zoneinfo import ZoneInfo

from PySide6.QtCore import QByteArray, QCoreApplication, QDate, QDateTime, QLocale, QTimeZone
from PySide6.QtWidgets import QDateTimeEdit

from console.core.durations import span_parts
from console.core.local_time import DEFAULT_CENTER_ZONE, in_zone

NO_VALUE = "—"

_zone: ZoneInfo = ZoneInfo(DEFAULT_CENTER_ZONE)


def set_center_zone(zone: ZoneInfo) -> None:
    """Show every time in ``zone`` from now on (the main window calls this with the app's)."""
    global _zone
    _zone = zone


def center_zone() -> ZoneInfo:
    """The zone every time on screen is written in."""
    return _zone


def center_zone_name() -> str:
    """``Asia/Shanghai``: the zone named once, in the status bar's tooltip."""
    return _zone.key


def local(when: datetime) -> datetime:
    """``when`` in the center's zone."""
    return in_zone(when, _zone)


def local_time(when: datetime | None) -> str:
    """``2026-11-22 08:05`` in the center's time zone, or a dash."""
    if when is None:
        return NO_VALUE
    return local(when).strftime("%Y-%m-%d %H:%M")


def short_local_time(when: datetime | None) -> str:
    """``11-22 08:05``: for table columns, where the year is rarely news."""
    if when is None:
        return NO_VALUE
    return local(when).strftime("%m-%d %H:%M")


def local_time_seconds(when: datetime | None) -> str:
    """``2026-11-22 08:05:09`` in the center's time zone, or a dash."""
    if when is None:
        return NO_VALUE
    return local(when).strftime("%Y-%m-%d %H:%M:%S")


def clock_time(when: datetime | None) -> str:
    """``08:05`` in the center's time zone, or a dash."""
    if when is None:
        return NO_VALUE
    return local(when).strftime("%H:%M")


def local_date(when: datetime) -> date:
    """The center's calendar date at ``when``."""
    return local(when).date()


def qt_zone(zone: tzinfo | None = None) -> QTimeZone:
    """Qt's time zone for the center (or ``zone``), for date and time editors."""
    name = getattr(zone, "key", None) if zone is not None else _zone.key
    qz = QTimeZone(QByteArray(str(name).encode())) if name else QTimeZone.utc()
    return qz if qz.isValid() else QTimeZone.utc()


def to_qt(when: datetime) -> QDateTime:
    """An aware datetime as a ``QDateTime`` in the center's zone (what an editor shows)."""
    if when.tzinfo is None:
        when = when.replace(tzinfo=UTC)
    return QDateTime.fromSecsSinceEpoch(int(when.timestamp()), qt_zone())


def from_qt(when: QDateTime) -> datetime:
    """What an editor holds (wall time in the center's zone) as an aware UTC datetime."""
    return datetime.fromtimestamp(when.toSecsSinceEpoch(), UTC)


def center_editor(edit: QDateTimeEdit) -> QDateTimeEdit:
    """Make a date/time editor show and take the center's wall-clock time, not the
    machine's (``QDateEdit`` included: its dates are the center's dates)."""
    edit.setTimeZone(qt_zone())
    return edit


def qdate(day: date) -> QDate:
    return QDate(day.year, day.month, day.day)


def pydate(day: QDate) -> date:
    return date(day.year(), day.month(), day.day())


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
    (the sign is the caller's: see ``widgets.cases.table_model``)."""
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


# ---- calendar words in the interface language (QLocale's default: see widgets.shell.i18n) ------


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


def lateness_text(minutes: int) -> str:
    """How late, in the board's format and the interface language: ``2 d 06 h``,
    ``3 h 05 min``, ``40 min`` (``console.core.durations.late_text`` on screen)."""
    days, hours, mins = span_parts(minutes)
    if days:
        return QCoreApplication.translate("Durations", "{d} d {h:02d} h").format(d=days, h=hours)
    if hours:
        return QCoreApplication.translate("Durations", "{h} h {m:02d} min").format(
            h=hours, m=mins)
    if mins:
        return QCoreApplication.translate("Durations", "{m} min").format(m=mins)
    return QCoreApplication.translate("Durations", "< 1 min")


def span_minutes_text(minutes: int) -> str:
    """An exact span in the interface language: ``4 d 16 h 30 min`` (a setting's value)."""
    days, hours, mins = span_parts(minutes)
    translate = QCoreApplication.translate
    parts = [translate("Durations", "{n} d").format(n=days)] if days else []
    if hours:
        parts.append(translate("Durations", "{n} h").format(n=hours))
    if mins or not parts:
        parts.append(translate("Durations", "{n} min").format(n=mins))
    return " ".join(parts)
