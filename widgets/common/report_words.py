"""A printed report, or what the command line says, in the interface language: the
``ReportWords`` the console's report builders take, from the same catalogue and labels the
screen uses."""

from __future__ import annotations

from PySide6.QtCore import QCoreApplication, QLocale

from console.core.domain import Stage
from console.hazards.domain import HazardStatus, RiskLevel
from console.reports.wording import Translate
from widgets.alerts.headlines import headline_text
from widgets.alerts.labels import severity_text, source_text, urgency_text
from widgets.common import labels
from widgets.common.domain_messages import role_word, sentence_text
from widgets.common.time_text import lateness_text
from widgets.hazards.labels import level_label as hazard_level_label
from widgets.hazards.labels import status_label as hazard_status_label


def shift_name(name: str) -> str:
    """The default shifts' names (``Day``, ``Night``) in the interface language; a name
    the center gave its shifts as it is."""
    names = {"Day": QCoreApplication.translate("Shifts", "Day"),
             "Night": QCoreApplication.translate("Shifts", "Night")}
    return names.get(name, name)


class QtReportWords:
    """``ReportWords`` in the language installed in Qt (English or Chinese)."""

    @property
    def translate(self) -> Translate:
        return QCoreApplication.translate

    def stage(self, stage: str) -> str:
        try:
            return labels.stage_label(Stage(stage))
        except ValueError:
            return stage.replace("_", " ")

    def level(self, level: int) -> str:
        return labels.level_name(level)

    def deadline_kind(self, kind: str | None) -> str:
        return labels.deadline_kind_label(kind)

    def alert_severity(self, severity: str) -> str:
        return severity_text(severity)

    def alert_urgency(self, urgency: str) -> str:
        return urgency_text(urgency)

    def alert_source(self, source: str) -> str:
        return source_text(source)

    def alert_headline(self, source: str, headline: str) -> str:
        return headline_text(source, headline)

    def hazard_level(self, level: str) -> str:
        try:
            return hazard_level_label(RiskLevel(level))
        except ValueError:
            return level

    def hazard_status(self, status: str) -> str:
        try:
            return hazard_status_label(HazardStatus(status))
        except ValueError:
            return status

    def shift(self, name: str) -> str:
        return shift_name(name)

    def late(self, minutes: int) -> str:
        return lateness_text(minutes)

    def place(self, name_en: str, name_zh: str) -> str:
        """A grid's, area's or team's name in the interface language, as on screen."""
        if QLocale().name().startswith("zh"):
            return name_zh or name_en
        return name_en or name_zh

    def role(self, role: str) -> str:
        return role_word(role)

    def sentence(self, text: str) -> str:
        """A sentence the console wrote deeper down (a refused record's reason), as the
        GUI says it (``widgets.common.domain_messages``)."""
        return sentence_text(text)


def command_line_words(lang: str | None, on_screen: bool = False) -> QtReportWords:
    """For the command line: Qt made ready to print (a QGuiApplication, offscreen unless
    ``on_screen``: the GUI's own, when a window opens next) and the language installed as
    the console would choose it: ``--lang``, else the one saved in View › Language, else
    the system's. What every command prints for a person is worded here."""
    from PySide6.QtCore import QSettings

    from widgets.common.report_pdf import ensure_gui_application
    from widgets.shell.i18n import choose_language, install_language
    from widgets.shell.identity import APP_NAME, ORGANIZATION

    QCoreApplication.setApplicationName(APP_NAME)
    QCoreApplication.setOrganizationName(ORGANIZATION)
    ensure_gui_application(on_screen)
    install_language(choose_language(lang, QSettings()))
    return QtReportWords()
