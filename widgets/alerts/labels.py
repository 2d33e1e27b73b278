"""The alerts' words: CAP severities and urgencies, statuses and sources, translated."""

from __future__ import annotations

from functools import cache

from PySide6.QtCore import QCoreApplication

from console.alerts.service import AlertStatus


@cache
def _severity_names() -> dict[str, str]:
    return {
        "Extreme": QCoreApplication.translate("AlertLabels", "Extreme"),
        "Severe": QCoreApplication.translate("AlertLabels", "Severe"),
        "Moderate": QCoreApplication.translate("AlertLabels", "Moderate"),
        "Minor": QCoreApplication.translate("AlertLabels", "Minor"),
        "Unknown": QCoreApplication.translate("AlertLabels", "Unknown"),
    }


@cache
def _urgency_names() -> dict[str, str]:
    return {
        "Immediate": QCoreApplication.translate("AlertLabels", "Immediate"),
        "Expected": QCoreApplication.translate("AlertLabels", "Expected"),
        "Future": QCoreApplication.translate("AlertLabels", "Future"),
        "Past": QCoreApplication.translate("AlertLabels", "Past"),
        "Unknown": QCoreApplication.translate("AlertLabels", "Unknown"),
    }


@cache
def _status_names() -> dict[AlertStatus, str]:
    return {
        AlertStatus.NEW: QCoreApplication.translate("AlertLabels", "New"),
        AlertStatus.ACKNOWLEDGED: QCoreApplication.translate("AlertLabels", "Acknowledged"),
        AlertStatus.SHELVED: QCoreApplication.translate("AlertLabels", "Shelved"),
        AlertStatus.RESOLVED: QCoreApplication.translate("AlertLabels", "Resolved"),
    }


@cache
def _source_names() -> dict[str, str]:
    return {
        "cap": QCoreApplication.translate("AlertLabels", "CAP"),
        "jsonl": QCoreApplication.translate("AlertLabels", "JSON lines"),
        "csv": QCoreApplication.translate("AlertLabels", "CSV"),
        "escalation": QCoreApplication.translate("AlertLabels", "Escalation"),
        "hazard": QCoreApplication.translate("AlertLabels", "Hazard"),
        "roster": QCoreApplication.translate("AlertLabels", "Roster"),
        "heartbeat": QCoreApplication.translate("AlertLabels", "Heartbeat"),
    }


def severity_text(severity: str) -> str:
    """``Extreme``: a CAP severity in the interface language."""
    return _severity_names().get(severity, severity or _severity_names()["Unknown"])


def urgency_text(urgency: str) -> str:
    return _urgency_names().get(urgency, urgency)


def status_text(status: AlertStatus) -> str:
    return _status_names()[status]


def source_text(source: str) -> str:
    return _source_names().get(source, source)


def known_sources() -> tuple[str, ...]:
    return tuple(_source_names())


@cache
def _inspection_names() -> dict[str, str]:
    return {
        "inspection coming due": QCoreApplication.translate("AlertLabels",
                                                            "inspection coming due"),
        "inspection overdue": QCoreApplication.translate("AlertLabels", "inspection overdue"),
        "inspection overdue for long": QCoreApplication.translate(
            "AlertLabels", "inspection overdue for long"),
    }


def inspection_text(meaning: str) -> str:
    """A hazard inspection alert's meaning ("inspection overdue"), translated."""
    return _inspection_names().get(meaning, meaning)


def retranslate() -> None:
    for table in (_severity_names, _urgency_names, _status_names, _source_names,
                  _inspection_names):
        table.cache_clear()
