"""The interface language: the zh_CN catalogue, compiled when needed, installed and switched.

English is the source language (the strings in the code); Simplified Chinese comes from
``resources/translations/watchroom_zh_CN.ts``. The ``.ts`` file is the one committed; its
``.qm`` is compiled by ``pyside6-lrelease`` at install time (``make``) or here at start-up,
when it is missing or older than the ``.ts`` (next to it, or in the user data directory
when that folder is read-only). Without ``lrelease`` the catalogue is read from the
``.ts`` itself, so a clean clone always speaks both languages.

Switching at runtime (``install_language``) swaps the translators, sets the default
``QLocale`` (dates, numbers, grid and team names), forgets the cached label tables and
re-labels the widgets already on screen: each static text is looked up in the catalogue
(old language → source → new language), and every item model with a ``retranslate()``
method re-reads its column titles and row texts. Widgets also receive
``QEvent.LanguageChange`` and may refresh whatever they compose from data.
"""

from __future__ import annotations

import shutil
import subprocess
import sys
import xml.etree.ElementTree as ET
from collections.abc import Iterable, Iterator
from dataclasses import dataclass
from pathlib import Path

from PySide6.QtCore import (
    QAbstractItemModel,
    QAbstractProxyModel,
    QCoreApplication,
    QLibraryInfo,
    QLocale,
    QObject,
    QSettings,
    QTranslator,
)
from PySide6.QtGui import QAction
from PySide6.QtWidgets import (
    QAbstractButton,
    QAbstractItemView,
    QAbstractSpinBox,
    QApplication,
    QComboBox,
    QDoubleSpinBox,
    QGroupBox,
    QLabel,
    QLineEdit,
    QMenu,
    QPlainTextEdit,
    QSpinBox,
    QTabBar,
    QTabWidget,
    QTextEdit,
    QTreeWidget,
    QWidget,
)

from widgets.shell.command_palette import plain
from widgets.shell.keyboard import plain_tooltip, show_shortcuts_in_tooltips

TRANSLATIONS_DIR = Path(__file__).resolve().parents[2] / "resources" / "translations"
TS_FILE = TRANSLATIONS_DIR / "watchroom_zh_CN.ts"
ENGLISH = "en"
CHINESE = "zh_CN"
LANGUAGES = (ENGLISH, CHINESE)
SETTINGS_KEY = "language"


@dataclass(frozen=True, slots=True)
class Message:
    """One entry of a ``.ts`` file: context, English source, Chinese translation."""

    context: str
    source: str
    translation: str
    plurals: tuple[str, ...]  # the numerus forms, for ``%n`` messages
    unfinished: bool


def read_catalogue(path: Path = TS_FILE) -> list[Message]:
    """Every message of a Qt Linguist ``.ts`` file (obsolete and vanished ones left out)."""
    messages: list[Message] = []
    for context in ET.parse(path).getroot().iter("context"):
        name = context.findtext("name") or ""
        for message in context.iter("message"):
            element = message.find("translation")
            kind = element.get("type", "") if element is not None else "unfinished"
            if kind in {"obsolete", "vanished"}:
                continue
            forms = tuple(f.text or "" for f in element.iter("numerusform")) \
                if element is not None else ()
            text = (element.text or "") if element is not None and not forms else ""
            messages.append(Message(
                context=name, source=message.findtext("source") or "",
                translation=text, plurals=forms, unfinished=kind == "unfinished"))
    return messages


# ---- compiling -----------------------------------------------------------------------------


def lrelease() -> Path | None:
    """PySide6's ``lrelease`` (beside this Python, as pip installs it), or one on PATH."""
    beside = Path(sys.executable).parent / "pyside6-lrelease"
    if beside.exists():
        return beside
    found = shutil.which("pyside6-lrelease") or shutil.which("lrelease")
    return Path(found) if found else None


def compiled_catalogue(ts: Path = TS_FILE, out_dir: Path | None = None) -> Path | None:
    """The ``.qm`` of ``ts``, compiled now if missing or older than the ``.ts``; ``None``
    when it cannot be made (no ``lrelease``, nowhere writable)."""
    candidates = [out_dir] if out_dir is not None else [ts.parent, _user_catalogue_dir()]
    for folder in candidates:
        qm = folder / ts.with_suffix(".qm").name
        if qm.exists() and qm.stat().st_mtime >= ts.stat().st_mtime:
            return qm
    tool = lrelease()
    if tool is None:
        return None
    for folder in candidates:
        qm = folder / ts.with_suffix(".qm").name
        try:
            folder.mkdir(parents=True, exist_ok=True)
            done = subprocess.run([str(tool), "-silent", str(ts), "-qm", str(qm)],
                                  capture_output=True, timeout=60, check=False)
        except (OSError, subprocess.SubprocessError):
            continue
        if done.returncode == 0 and qm.exists():
            return qm
    return None


def _user_catalogue_dir() -> Path:
    from console.app import data_dir  # the user data directory, as the database uses

    return data_dir() / "translations"


class CatalogueTranslator(QTranslator):
    """Translations read straight from the ``.ts``: the fallback without ``lrelease``."""

    def __init__(self, messages: Iterable[Message], parent: QObject | None = None) -> None:
        super().__init__(parent)
        self._table = {(m.context, m.source): m for m in messages if not m.unfinished}

    def isEmpty(self) -> bool:
        return not self._table

    def translate(self, context: str, source: str, disambiguation: str | None = None,
                  n: int = -1) -> str:
        message = self._table.get((context, source))
        if message is None:
            return ""
        if message.plurals:
            return message.plurals[0]  # Chinese has one plural form
        return message.translation


# ---- choosing ------------------------------------------------------------------------------


def normalize(lang: str | None) -> str | None:
    """``zh``, ``zh_CN``, ``zh-Hans-CN`` → ``zh_CN``; ``en…`` → ``en``; else ``None``."""
    if not lang:
        return None
    low = lang.replace("-", "_").lower()
    if low.startswith("zh"):
        return CHINESE
    if low.startswith("en") or low in {"c", "posix"}:
        return ENGLISH
    return None


def system_language() -> str:
    """Chinese when the system locale is Chinese, English otherwise."""
    return CHINESE if QLocale.system().language() == QLocale.Language.Chinese else ENGLISH


def choose_language(requested: str | None, settings: QSettings | None) -> str:
    """``--lang`` first, then the language saved in ``settings``, then the system's."""
    chosen = normalize(requested)
    if chosen is None and settings is not None:
        chosen = normalize(str(settings.value(SETTINGS_KEY, "") or ""))
    return chosen or system_language()


def save_language(settings: QSettings, lang: str) -> None:
    settings.setValue(SETTINGS_KEY, lang)


# ---- installing ----------------------------------------------------------------------------


class _State:
    language = ENGLISH
    translators: list[QTranslator] = []  # noqa: RUF012 (one process-wide list)


def current_language() -> str:
    return _State.language


def install_language(lang: str) -> bool:
    """Switch the whole application to ``lang`` (``en`` or ``zh_CN``), at start or at
    runtime; returns whether the Chinese catalogue was found (always true for English)."""
    app = QCoreApplication.instance()
    if app is None:
        raise RuntimeError("install_language needs a QApplication")
    lang = normalize(lang) or ENGLISH
    old = _State.language
    for translator in _State.translators:
        app.removeTranslator(translator)
    _State.translators = []
    found = True
    if lang == CHINESE:
        found = False
        qm = compiled_catalogue()
        ours = QTranslator(app)
        if qm is not None and ours.load(str(qm)):
            found = True
        else:
            ours = CatalogueTranslator(read_catalogue(), app)
            found = not ours.isEmpty()
        qt = QTranslator(app)  # Qt's own words: the standard buttons, context menus
        if qt.load(QLocale(CHINESE), "qtbase", "_",
                   QLibraryInfo.path(QLibraryInfo.LibraryPath.TranslationsPath)):
            _State.translators.append(qt)
        _State.translators.append(ours)
    for translator in _State.translators:
        app.installTranslator(translator)
    QLocale.setDefault(QLocale(QLocale.Language.Chinese, QLocale.Country.China)
                       if lang == CHINESE else QLocale(QLocale.Language.English,
                                                       QLocale.Country.UnitedStates))
    _State.language = lang
    _forget_cached_labels()
    if old != lang and isinstance(app, QApplication):
        retranslate_widgets(app.topLevelWidgets(), old, lang)
    return found


def _forget_cached_labels() -> None:
    from widgets.alerts import labels as alert_labels
    from widgets.common import labels
    from widgets.hazards import labels as hazard_labels
    from widgets.rosters import labels as roster_labels

    for module in (labels, hazard_labels, roster_labels, alert_labels):
        module.retranslate()


# ---- re-labelling what is on screen --------------------------------------------------------


class _Lookup:
    """Maps a text shown in one language to the same text in the other. Where one text
    stands for several sources (预警: "Alerts" and "Alert"), the context of the class
    that made it, or of a class around it, decides."""

    def __init__(self, old: str) -> None:
        self._by_text: dict[str, list[tuple[str, str]]] = {}
        for m in read_catalogue():
            shown = m.source if old == ENGLISH else (m.translation or "")
            if shown and not m.plurals:
                self._by_text.setdefault(shown, []).append((m.context, m.source))

    def __call__(self, text: str, owner: QObject | None = None) -> str | None:
        found = self._by_text.get(text)
        if not found:
            return None
        context, source = found[0]
        if len(found) > 1 and owner is not None:
            contexts = _contexts(owner)
            context, source = min(found, key=lambda cs: contexts.get(cs[0], len(contexts)))
        return QCoreApplication.translate(context, source)


def _contexts(owner: QObject) -> dict[str, int]:
    """Class names of ``owner`` and the objects around it, nearest first (the contexts
    ``self.tr`` would have used)."""
    order: dict[str, int] = {}
    obj: QObject | None = owner
    while obj is not None:
        for cls in type(obj).__mro__:
            order.setdefault(cls.__name__, len(order))
        obj = obj.parent()
    return order


def retranslate_widgets(roots: Iterable[QWidget], old: str, new: str) -> None:
    """Re-label ``roots`` and everything in them from language ``old`` to ``new``."""
    lookup = _Lookup(old)
    seen_actions: set[int] = set()
    models: dict[int, QAbstractItemModel] = {}
    for widget in _all_widgets(roots):
        _retranslate_widget(widget, lookup)
        for action in [*widget.actions(), *widget.findChildren(QAction)]:
            if id(action) not in seen_actions:
                seen_actions.add(id(action))
                _retranslate_action(action, lookup)
        if isinstance(widget, QAbstractItemView) and widget.model() is not None:
            model = widget.model()
            while isinstance(model, QAbstractProxyModel) and model.sourceModel() is not None:
                model = model.sourceModel()
            models[id(model)] = model
    for model in models.values():
        retranslate = getattr(model, "retranslate", None)
        if callable(retranslate):
            retranslate()
    for widget in _all_widgets(roots):
        if isinstance(widget, QAbstractItemView):
            widget.viewport().update()


def _all_widgets(roots: Iterable[QWidget]) -> Iterator[QWidget]:
    for root in roots:
        yield root
        yield from root.findChildren(QWidget)


def _mapped(lookup: _Lookup, text: str, owner: QObject | None = None) -> str | None:
    return lookup(text, owner) if text else None


def _retranslate_action(action: QAction, lookup: _Lookup) -> None:
    owner = action.parent()
    text_was_tip = action.toolTip() == plain(action.text())
    for getter, setter in ((action.text, action.setText), (action.statusTip, action.setStatusTip),
                           (action.iconText, action.setIconText)):
        new = _mapped(lookup, getter(), owner)
        if new is not None:
            setter(new)
    # A tooltip may carry the shortcut (``Acknowledge (F2)``): translate what is before it.
    tip = plain_tooltip(action)
    new = _mapped(lookup, tip, owner)
    if new is not None and new != tip:
        action.setToolTip(new)
        show_shortcuts_in_tooltips([action])
    elif text_was_tip:
        action.setToolTip("")  # back to Qt's default: the (new) text


def _retranslate_widget(w: QWidget, lookup: _Lookup) -> None:
    owner = w
    pairs = [(w.toolTip, w.setToolTip), (w.statusTip, w.setStatusTip),
             (w.whatsThis, w.setWhatsThis), (w.accessibleName, w.setAccessibleName),
             (w.accessibleDescription, w.setAccessibleDescription)]
    if w.isWindow() or w.inherits("QDockWidget"):
        pairs.append((w.windowTitle, w.setWindowTitle))
    if isinstance(w, QLabel | QAbstractButton):
        pairs.append((w.text, w.setText))
    if isinstance(w, QGroupBox):
        pairs.append((w.title, w.setTitle))
    if isinstance(w, QMenu):
        pairs.append((w.title, w.setTitle))
    if isinstance(w, QLineEdit | QPlainTextEdit | QTextEdit):
        pairs.append((w.placeholderText, w.setPlaceholderText))
    if isinstance(w, QAbstractSpinBox):
        pairs.append((w.specialValueText, w.setSpecialValueText))
    if isinstance(w, QSpinBox | QDoubleSpinBox):
        pairs += [(w.suffix, w.setSuffix), (w.prefix, w.setPrefix)]
    for getter, setter in pairs:
        new = _mapped(lookup, getter(), owner)
        if new is not None:
            setter(new)
    if isinstance(w, QComboBox):
        for i in range(w.count()):
            new = _mapped(lookup, w.itemText(i), w)
            if new is not None:
                w.setItemText(i, new)
    if isinstance(w, QTabWidget):
        for i in range(w.count()):
            new = _mapped(lookup, w.tabText(i), w)
            if new is not None:
                w.setTabText(i, new)
            new = _mapped(lookup, w.tabToolTip(i), w)
            if new is not None:
                w.setTabToolTip(i, new)
    elif isinstance(w, QTabBar) and not isinstance(w.parentWidget(), QTabWidget):
        for i in range(w.count()):
            new = _mapped(lookup, w.tabText(i), w)
            if new is not None:
                w.setTabText(i, new)
    if isinstance(w, QTreeWidget):
        header = w.headerItem()
        for column in range(header.columnCount()):
            new = _mapped(lookup, header.text(column), w)
            if new is not None:
                header.setText(column, new)
