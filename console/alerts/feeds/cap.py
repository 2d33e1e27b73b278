"""CAP 1.2 and 1.1 alerts, alone or in an Atom/RSS feed, parsed safely into alert records.

Safety: the XML is parsed by defusedxml with entity declarations refused, so an entity
bomb ("billion laughs") or an external entity stops the parse at its declaration, before
anything is expanded. Documents larger than ``max_bytes`` (default 50 MB) are refused
before they are read.

What is read:

- a single ``<alert>`` (CAP 1.2 or 1.1 namespace, a prefix such as ``cap:``, or no
  namespace at all);
- an Atom ``<feed>`` or RSS ``<rss>`` whose entries/items embed an ``<alert>``; an Atom
  entry that carries CAP fields directly (``cap:event``, ``cap:severity``… as the US NWS
  index feeds do) is read from those fields;
- any other document that holds ``<alert>`` elements somewhere inside.

Elements from other namespaces (XML signatures, ``<ds:Signature>``, extensions) are
ignored. Every ``<info>`` block is kept (``AlertRecord.infos``); the headline, event,
texts and area shown come from the block in the requested language (exact tag, then the
same primary language, ``zh`` for ``zh-CN``, then the first block). The severity is the
most severe of all blocks, so a severe block behind a milder one is never missed.
"""

from __future__ import annotations

import logging
import re
import xml.etree.ElementTree as StdET
from collections.abc import Callable, Iterator
from dataclasses import dataclass
from datetime import datetime
from functools import partial
from typing import Any

from defusedxml import (  # type: ignore[import-untyped]
    DefusedXmlException,
    DTDForbidden,
    EntitiesForbidden,
    ExternalReferenceForbidden,
)
from defusedxml import ElementTree as SafeET

from console.alerts.feeds.errors import FeedError, RecordError
from console.alerts.feeds.geo import parse_circle, parse_polygon
from console.alerts.feeds.records import (
    CATEGORY_MAX,
    EVENT_MAX,
    EXTERNAL_ID_MAX,
    HEADLINE_MAX,
    LANGUAGE_MAX,
    SENDER_MAX,
    SEVERITY_RANK,
    TEXT_MAX,
    AlertRecord,
    BadValue,
    CapReference,
    Geometry,
    cap_key,
    cap_value,
    clean_text,
    cut,
    human_size,
    parse_time,
)
from console.alerts.feeds.textio import decode_document

log = logging.getLogger(__name__)

CAP12 = "urn:oasis:names:tc:emergency:cap:1.2"
CAP11 = "urn:oasis:names:tc:emergency:cap:1.1"
CAP_NAMESPACES = frozenset({CAP12, CAP11, ""})
ATOM = "http://www.w3.org/2005/Atom"
MAX_XML_BYTES = 50 * 1024 * 1024
DEFAULT_LANGUAGE = "en-US"  # what CAP says an <info> without <language> is in
SOURCE = "cap"

_XML_DECLARATION = re.compile(r"^\s*<\?xml[^>]*\?>")
_REQUIRED = ("identifier", "sender", "sent", "status", "msgType", "scope")
_INFO_REQUIRED = ("event", "urgency", "severity", "certainty")


@dataclass(frozen=True, slots=True)
class CapDocument:
    """What one XML document held: its kind (``alert``, ``atom``, ``rss``, ``xml``), the
    encoding it was read in, and one item per alert found — a record or why not."""

    kind: str
    encoding: str
    items: tuple[AlertRecord | RecordError, ...]


def _split(tag: Any) -> tuple[str, str]:
    """(namespace, local name) of an element tag; comments and PIs give ("", "")."""
    if not isinstance(tag, str):
        return "", ""
    if tag.startswith("{"):
        ns, _, local = tag[1:].partition("}")
        return ns, local
    return "", tag


def _is_alert(elem: StdET.Element) -> bool:
    ns, local = _split(elem.tag)
    return local == "alert" and ns in CAP_NAMESPACES


class _Fields:
    """Children of one CAP element, by local name, in the element's own namespace or
    none; anything in a foreign namespace is invisible here."""

    def __init__(self, elem: StdET.Element, namespaces: frozenset[str] | None) -> None:
        self._by_name: dict[str, list[StdET.Element]] = {}
        for child in elem:
            ns, local = _split(child.tag)
            if local and (namespaces is None or ns in namespaces):
                self._by_name.setdefault(local, []).append(child)

    def all(self, name: str) -> list[StdET.Element]:
        return self._by_name.get(name, [])

    def text(self, name: str) -> str:
        found = self._by_name.get(name)
        if not found:
            return ""
        return clean_text("".join(found[0].itertext()).strip())

    def texts(self, name: str) -> list[str]:
        return [clean_text("".join(e.itertext()).strip()) for e in self._by_name.get(name, [])]

    def pairs(self, name: str) -> list[list[str]]:
        """``valueName``/``value`` pairs (eventCode, parameter, geocode). Their children
        are read in any namespace: Atom feeds that carry ``cap:geocode`` leave
        ``valueName`` in the feed's own default namespace."""
        out = []
        for e in self._by_name.get(name, []):
            sub = _Fields(e, None)
            out.append([sub.text("valueName"), sub.text("value")])
        return out


def self_namespaces(elem: StdET.Element) -> frozenset[str]:
    ns, _ = _split(elem.tag)
    return frozenset({ns, ""})


def _required(fields: _Fields, name: str, where: str) -> str:
    value = fields.text(name)
    if not value:
        raise BadValue(f"{where}: <{name}> is missing or empty (CAP requires it)")
    return value


def _time(text: str, label: str) -> str:
    """Checks a CAP time and gives back its text as received ("" when absent)."""
    if text:
        parse_time(text, label)
    return text


def _parse_info(elem: StdET.Element, n: int) -> dict[str, Any]:
    f = _Fields(elem, self_namespaces(elem))
    where = f"info block {n}"
    categories = [cap_value("category", c) for c in f.texts("category") if c]
    if not categories:
        raise BadValue(f"{where}: <category> is missing (CAP requires at least one)")
    for name in _INFO_REQUIRED:
        _required(f, name, where)
    areas = []
    for a in f.all("area"):
        af = _Fields(a, self_namespaces(a))
        areas.append({
            "areaDesc": af.text("areaDesc"),
            "polygon": af.texts("polygon"),
            "circle": af.texts("circle"),
            "geocode": af.pairs("geocode"),
            "altitude": af.text("altitude"),
            "ceiling": af.text("ceiling"),
        })
    resources = []
    for r in f.all("resource"):
        rf = _Fields(r, self_namespaces(r))
        resources.append({k: rf.text(k) for k in
                          ("resourceDesc", "mimeType", "size", "uri", "digest")})
    return {
        "language": f.text("language") or DEFAULT_LANGUAGE,
        "category": categories,
        "event": f.text("event"),
        "responseType": f.texts("responseType"),
        "urgency": cap_value("urgency", f.text("urgency")),
        "severity": cap_value("severity", f.text("severity")),
        "certainty": cap_value("certainty", f.text("certainty")),
        "audience": f.text("audience"),
        "eventCode": f.pairs("eventCode"),
        "effective": _time(f.text("effective"), f"{where}: effective"),
        "onset": _time(f.text("onset"), f"{where}: onset"),
        "expires": _time(f.text("expires"), f"{where}: expires"),
        "senderName": f.text("senderName"),
        "headline": f.text("headline"),
        "description": f.text("description"),
        "instruction": f.text("instruction"),
        "web": f.text("web"),
        "contact": f.text("contact"),
        "parameter": f.pairs("parameter"),
        "resource": resources,
        "area": areas,
    }


def choose_info(infos: list[dict[str, Any]], language: str) -> dict[str, Any] | None:
    """The info block to show for ``language``: the exact tag, else the same primary
    language (``zh-CN`` matches ``zh`` and ``zh-TW`` only after ``zh-CN``), else the
    first block."""
    if not infos:
        return None
    want = language.strip().casefold()
    for info in infos:
        if str(info.get("language", "")).casefold() == want:
            return info
    primary = want.split("-")[0]
    for info in infos:
        if str(info.get("language", "")).casefold().split("-")[0] == primary:
            return info
    return infos[0]


def _geometry(areas: list[dict[str, Any]], notes: list[str]) -> Geometry:
    polygons: list[tuple[tuple[float, float], ...]] = []
    circles: list[tuple[float, float, float]] = []
    geocodes: list[tuple[str, str]] = []
    for area in areas:
        for text in area["polygon"]:
            if not text.strip():
                notes.append(f"an empty <polygon> of area {area['areaDesc'][:60]!r} was "
                             "left out (it names no points)")
                continue
            try:
                polygons.append(parse_polygon(text))
            except BadValue as e:
                notes.append(f"a polygon of area {area['areaDesc'][:60]!r} was left out: {e}")
        for text in area["circle"]:
            if not text.strip():
                notes.append(f"an empty <circle> of area {area['areaDesc'][:60]!r} was "
                             "left out")
                continue
            try:
                circles.append(parse_circle(text))
            except BadValue as e:
                notes.append(f"a circle of area {area['areaDesc'][:60]!r} was left out: {e}")
        geocodes.extend((str(n), str(v)) for n, v in area["geocode"])
    return Geometry(tuple(polygons), tuple(circles), tuple(geocodes))


def _references(text: str, notes: list[str]) -> tuple[CapReference, ...]:
    refs = []
    for item in text.split():
        parts = item.split(",")
        if len(parts) != 3 or not all(parts):
            notes.append(f"reference {item[:80]!r} is not 'sender,identifier,sent'; ignored")
            continue
        refs.append(CapReference(parts[0], parts[1], parts[2]))
    return tuple(refs)


def _record(
    *, n: int, identifier: str, sender: str, sent: datetime, status: str, msg_type: str,
    scope: str, infos: list[dict[str, Any]], language: str, references_text: str,
    note: str, raw: str, notes: list[str],
) -> AlertRecord:
    chosen = choose_info(infos, language)
    references = _references(references_text, notes)
    if msg_type in {"Update", "Cancel"} and not references:
        notes.append(f"{msg_type} names no earlier message in <references>")
    area_source: list[dict[str, Any]] = []
    if chosen is not None:
        area_source = chosen["area"] or next((i["area"] for i in infos if i["area"]), [])
    geometry = _geometry(area_source, notes)
    severity = min((i["severity"] for i in infos), key=SEVERITY_RANK.__getitem__,
                   default="Unknown")
    expires_text = chosen["expires"] if chosen else ""
    return AlertRecord(
        record=n,
        source=SOURCE,
        external_id=cut(identifier, EXTERNAL_ID_MAX, "identifier", notes),
        dedup_key=cap_key(sender, identifier, sent),
        sender=cut(sender, SENDER_MAX, "sender", notes),
        sent_at=sent,
        cap_status=status,
        msg_type=msg_type,
        scope=scope,
        event=cut(chosen["event"], EVENT_MAX, "event", notes) if chosen else "",
        category=cut(" ".join(chosen["category"]), CATEGORY_MAX, "category", notes)
        if chosen else "",
        urgency=chosen["urgency"] if chosen else "Unknown",
        severity=severity,
        certainty=chosen["certainty"] if chosen else "Unknown",
        headline=cut(chosen["headline"], HEADLINE_MAX, "headline", notes) if chosen else "",
        description=cut(chosen["description"], TEXT_MAX, "description", notes)
        if chosen else "",
        instruction=cut(chosen["instruction"], TEXT_MAX, "instruction", notes)
        if chosen else "",
        area_desc=cut("; ".join(a["areaDesc"] for a in area_source if a["areaDesc"]),
                      TEXT_MAX, "area description", notes),
        geometry=geometry,
        expires_at=parse_time(expires_text, "expires") if expires_text else None,
        language=cut(chosen["language"], LANGUAGE_MAX, "language", notes) if chosen else "",
        infos=tuple(infos),
        references=references,
        references_text=references_text,
        note=cut(note, TEXT_MAX, "note", notes),
        raw=raw,
        notes=tuple(notes),
    )


def _alert(elem: StdET.Element, n: int, language: str, raw: str) -> AlertRecord:
    f = _Fields(elem, self_namespaces(elem))
    where = f"alert {n}"
    values = {name: _required(f, name, where) for name in _REQUIRED}
    identifier = values["identifier"]
    where = f"alert {n} ({identifier[:80]})"
    sent = parse_time(values["sent"], f"{where}: sent")
    try:
        status = cap_value("status", values["status"])
        msg_type = cap_value("msgType", values["msgType"])
        scope = cap_value("scope", values["scope"])
        infos = [_parse_info(info, i) for i, info in enumerate(f.all("info"), start=1)]
    except BadValue as e:
        raise BadValue(f"{where}: {e}") from None
    return _record(n=n, identifier=identifier, sender=values["sender"], sent=sent,
                   status=status, msg_type=msg_type, scope=scope, infos=infos,
                   language=language, references_text=f.text("references"),
                   note=f.text("note"), raw=raw, notes=[])


def _atom_entry_fields(entry: StdET.Element, n: int, feed_author: str, language: str
                       ) -> AlertRecord | None:
    """An Atom entry carrying CAP fields itself (``cap:event``…), or None if it has none."""
    cap = _Fields(entry, frozenset({CAP12, CAP11}))
    if not cap.text("event"):
        return None
    atom = _Fields(entry, frozenset({ATOM, ""}))
    identifier = atom.text("id")
    where = f"entry {n} ({identifier[:80] or 'no id'})"
    if not identifier:
        raise BadValue(f"{where}: <id> is missing; an entry needs one to be told apart")
    author = next((_Fields(a, frozenset({ATOM, ""})).text("name")
                   for a in atom.all("author")), "") or feed_author
    sent_text = atom.text("published") or atom.text("updated") or cap.text("effective")
    if not sent_text:
        raise BadValue(f"{where}: no <published>, <updated> or <cap:effective> time")
    try:
        sent = parse_time(sent_text, "sent")
        status = cap_value("status", cap.text("status") or "Actual")
        msg_type = cap_value("msgType", cap.text("msgType") or "Alert")
        scope = cap_value("scope", cap.text("scope") or "Public")
        category = [cap_value("category", c) for c in cap.texts("category") if c] or ["Other"]
        info = {
            # An entry's language is its own (<cap:language>), else CAP's default; never
            # the console's language.
            "language": cap.text("language") or DEFAULT_LANGUAGE,
            "category": category,
            "event": cap.text("event"),
            "responseType": [],
            "urgency": cap_value("urgency", cap.text("urgency") or "Unknown"),
            "severity": cap_value("severity", cap.text("severity") or "Unknown"),
            "certainty": cap_value("certainty", cap.text("certainty") or "Unknown"),
            "audience": "",
            "eventCode": [],
            "effective": _time(cap.text("effective"), "effective"),
            "onset": _time(cap.text("onset"), "onset"),
            "expires": _time(cap.text("expires"), "expires"),
            "senderName": author,
            "headline": atom.text("title"),
            "description": atom.text("summary"),
            "instruction": cap.text("instruction"),
            "web": "",
            "contact": "",
            "parameter": [],
            "resource": [],
            "area": _entry_areas(cap),
        }
    except BadValue as e:
        raise BadValue(f"{where}: {e}") from None
    return _record(n=n, identifier=identifier, sender=author or "unknown sender", sent=sent,
                   status=status, msg_type=msg_type, scope=scope, infos=[info],
                   language=language, references_text=cap.text("references"), note="",
                   raw=_serialize(entry), notes=[])


def _entry_areas(cap: _Fields) -> list[dict[str, Any]]:
    """The areas an Atom entry carries: ``<cap:area>`` blocks inside the entry (polygon,
    circle, geocode, as in an alert), and loose ``<cap:areaDesc>``/``<cap:polygon>``…
    directly in the entry."""
    areas = []
    for a in cap.all("area"):
        af = _Fields(a, self_namespaces(a) | frozenset({CAP12, CAP11}))
        areas.append({"areaDesc": af.text("areaDesc"), "polygon": af.texts("polygon"),
                      "circle": af.texts("circle"), "geocode": af.pairs("geocode"),
                      "altitude": af.text("altitude"), "ceiling": af.text("ceiling")})
    loose = {"areaDesc": cap.text("areaDesc"), "polygon": cap.texts("polygon"),
             "circle": cap.texts("circle"), "geocode": cap.pairs("geocode"),
             "altitude": "", "ceiling": ""}
    if loose["areaDesc"] or loose["polygon"] or loose["circle"] or loose["geocode"] \
            or not areas:
        areas.append(loose)
    return areas


def _serialize(elem: StdET.Element) -> str:
    try:
        return clean_text(StdET.tostring(elem, encoding="unicode"))
    except (RecursionError, ValueError, TypeError):
        return ""


def _title(entry: StdET.Element) -> str:
    return _Fields(entry, frozenset({ATOM, ""})).text("title")[:60]


def _first_alert(elem: StdET.Element) -> StdET.Element | None:
    for sub in elem.iter():
        if sub is not elem and _is_alert(sub):
            return sub
    return None


def _guarded(name: str, n: int, make: Callable[[], AlertRecord | None], missing: str = ""
             ) -> AlertRecord | RecordError:
    try:
        rec = make()
    except BadValue as e:
        return RecordError(str(e), file=name, record=n)
    if rec is None:
        return RecordError(missing, file=name, record=n)
    return rec


def _embedded(elems: list[StdET.Element], name: str, language: str, what: str
              ) -> Iterator[AlertRecord | RecordError]:
    """One item per entry/item element: the CAP alert embedded in it, or why not."""
    for n, elem in enumerate(elems, start=1):
        alert = elem if _is_alert(elem) else _first_alert(elem)
        if alert is not None:
            yield _guarded(name, n, partial(_alert, alert, n, language, _serialize(alert)))
        else:
            yield RecordError(f"{what} {n} ({_title(elem)!r}) holds no CAP alert (only a "
                              "link?); nothing to import from it", file=name, record=n)


def _atom_entries(entries: list[StdET.Element], feed_author: str, name: str, language: str
                  ) -> Iterator[AlertRecord | RecordError]:
    for n, entry in enumerate(entries, start=1):
        alert = _first_alert(entry)
        if alert is not None:
            yield _guarded(name, n, partial(_alert, alert, n, language, _serialize(alert)))
        else:
            yield _guarded(
                name, n, partial(_atom_entry_fields, entry, n, feed_author, language),
                f"entry {n} ({_title(entry)!r}) holds no CAP alert (only a link?); "
                "nothing to import from it")


def _items(root: StdET.Element, text: str, name: str, language: str
           ) -> tuple[str, Iterator[AlertRecord | RecordError]]:
    ns, local = _split(root.tag)
    if local == "alert":
        if ns not in CAP_NAMESPACES:
            raise FeedError(f"<alert> in namespace {ns!r} is not CAP 1.2 or 1.1", file=name)
        return "alert", iter([_guarded(name, 1, partial(_alert, root, 1, language, text))])
    if local == "feed":
        feed = _Fields(root, frozenset({ns, ""}))
        feed_author = next((_Fields(a, frozenset({ns, ""})).text("name")
                            for a in feed.all("author")), "") or feed.text("title")
        return "atom", _atom_entries(feed.all("entry"), feed_author, name, language)
    if local in {"rss", "RDF"}:
        items = [e for e in root.iter() if _split(e.tag)[1] == "item"]
        return "rss", _embedded(items, name, language, "item")
    alerts = [e for e in root.iter() if _is_alert(e)]
    if not alerts:
        raise FeedError(f"the document's root is <{local}>: it is not a CAP alert, nor an "
                        "Atom or RSS feed of CAP alerts", file=name)
    return "xml", _embedded(alerts, name, language, "alert")


def too_large(size: int, limit: int) -> str:
    return (f"the XML file is {human_size(size)}; XML feeds above {human_size(limit)} are "
            "refused (split it, or use JSON lines for bulk imports)")


def parse_xml(text: str, name: str) -> StdET.Element:
    """Parse with entity declarations, external entities and DTD fetching refused."""
    try:
        root: StdET.Element = SafeET.fromstring(
            _XML_DECLARATION.sub("", text, count=1), forbid_dtd=False,
            forbid_entities=True, forbid_external=True)
    except EntitiesForbidden as e:
        raise FeedError(
            f"the XML declares an entity ({getattr(e, 'name', '?')!r}); entity declarations "
            "are refused (they can expand into gigabytes — a 'billion laughs' bomb — or "
            "read local files)", file=name) from None
    except (DTDForbidden, ExternalReferenceForbidden) as e:
        raise FeedError(f"the XML refers to an external document ({e}); refused",
                        file=name) from None
    except DefusedXmlException as e:
        raise FeedError(f"the XML uses a construct that is refused for safety ({e})",
                        file=name) from None
    except StdET.ParseError as e:
        line, column = getattr(e, "position", (0, 0))
        reason = str(e).split(":")[0]
        raise FeedError(f"not well-formed XML at line {line}, column {column + 1}: {reason}",
                        file=name) from None
    except (RecursionError, MemoryError):
        raise FeedError("the XML is nested too deeply or too large to read",
                        file=name) from None
    return root


def parse_cap(data: bytes, name: str, *, language: str = "en",
              max_bytes: int = MAX_XML_BYTES) -> CapDocument:
    """Read one XML document (a CAP alert or a feed of them) into alert records.

    Raises ``FeedError`` when the document as a whole cannot be used; a bad alert inside
    a feed becomes a ``RecordError`` item and the others are still returned.
    """
    if len(data) > max_bytes:
        raise FeedError(too_large(len(data), max_bytes), file=name)
    if not data.strip():
        raise FeedError("the file is empty", file=name)
    try:
        text, encoding = decode_document(data, name)
        if not text.strip():
            raise FeedError("the file holds only white space", file=name)
        root = parse_xml(text, name)
        kind, items = _items(root, clean_text(text), name, language)
        return CapDocument(kind, encoding, tuple(items))
    except FeedError:
        raise
    except Exception as e:  # the last line of defence: bad input must never crash a console
        log.exception("unexpected error reading %s", name)
        raise FeedError(f"could not read the file ({type(e).__name__}: {e})",
                        file=name) from None
