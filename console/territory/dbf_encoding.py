"""Which text encoding a Shapefile's DBF uses: the .cpg, the caller's choice, or detection."""

from __future__ import annotations

import codecs
import struct
from dataclasses import dataclass
from pathlib import Path

# DBF language driver IDs (byte 29 of the header) of the code pages worth trying, as written
# by ArcGIS, dBase and FoxPro. 0x00 (none) and 0x57 ("ANSI": the writer's Windows code page)
# say nothing about the text.
LDID_CODECS: dict[int, str] = {
    0x13: "cp932",  # Japanese Shift-JIS
    0x4D: "gb18030",  # Simplified Chinese GBK (cp936); GB18030 decodes every GBK text
    0x4E: "cp949",  # Korean
    0x4F: "cp950",  # Traditional Chinese Big5
    0x50: "cp874",  # Thai
    0x78: "cp950",
    0x79: "cp949",
    0x7A: "gb18030",
    0x7B: "cp932",
    0x7C: "cp874",
    0xC8: "cp1250",
    0xC9: "cp1251",
    0xCA: "cp1254",
    0xCB: "cp1253",
    0xCC: "cp1257",
}

# Tried in this order when nothing else decides; latin-1 decodes anything, so it is last.
FALLBACK_CODECS = ("gb18030", "cp932", "latin-1")

_CPG_ALIASES: dict[str, str] = {
    "UTF8": "utf-8",
    "UTF-8": "utf-8",
    "65001": "utf-8",
    "88591": "latin-1",
    "ISO88591": "latin-1",
    "ISO-8859-1": "latin-1",
    "LATIN1": "latin-1",
    "936": "gb18030",
    "CP936": "gb18030",
    "GBK": "gb18030",
    "GB2312": "gb18030",
    "GB18030": "gb18030",
    "932": "cp932",
    "SJIS": "cp932",
    "SHIFT_JIS": "cp932",
    "SHIFT-JIS": "cp932",
    "950": "cp950",
    "BIG5": "cp950",
}


@dataclass(frozen=True)
class EncodingChoice:
    """The codec the DBF's text is read with, and why (for the import report)."""

    encoding: str
    reason: str


@dataclass(frozen=True)
class DbfText:
    """The raw bytes of a DBF's field names and text values, read without decoding."""

    ldid: int
    names: tuple[bytes, ...]
    values: tuple[tuple[bytes, bool], ...]  # (value, whether it fills its field)


def codec_from_cpg(text: str) -> str | None:
    """The Python codec a .cpg's text names, or None when it names none we know."""
    label = text.strip().strip("\x00").upper()
    if not label:
        return None
    if label in _CPG_ALIASES:
        return _CPG_ALIASES[label]
    for prefix in ("ANSI ", "CP", "WINDOWS-", "OEM "):
        if label.startswith(prefix) and label[len(prefix):].strip().isdigit():
            label = label[len(prefix):].strip()
            break
    if label.isdigit():
        if label in _CPG_ALIASES:
            return _CPG_ALIASES[label]
        if label.startswith("2859") and len(label) == 5:
            return f"iso8859-{label[4]}"
        label = f"cp{label}"
    try:
        return codecs.lookup(label).name
    except LookupError:
        return None


def read_dbf_text(data: bytes) -> DbfText:
    """Field names and text (C) values of a DBF, as bytes; ValueError if it is not a DBF."""
    if len(data) < 32:
        raise ValueError("the DBF is shorter than its 32-byte header")
    count, header_length, record_length = struct.unpack("<IHH", data[4:12])
    names: list[bytes] = []
    text_fields: list[tuple[int, int]] = []
    offset, position = 1, 32  # position 0 of a record is the deletion flag
    while position + 32 <= min(header_length, len(data)) and data[position] != 0x0D:
        descriptor = data[position:position + 32]
        names.append(descriptor[:11].split(b"\x00", 1)[0])
        size = descriptor[16]
        if descriptor[11:12] == b"C":
            size += descriptor[17] * 256  # FoxPro stores long text lengths in two bytes
            text_fields.append((offset, size))
        offset += size
        position += 32
    values: list[tuple[bytes, bool]] = []
    for index in range(count):
        start = header_length + index * record_length
        record = data[start:start + record_length]
        if len(record) < record_length:
            break
        for field_offset, size in text_fields:
            raw = record[field_offset:field_offset + size]
            value = raw.rstrip(b" \x00")
            if value and not value.isascii():
                values.append((value, len(value) == size))
    return DbfText(ldid=data[29], names=tuple(names), values=tuple(values))


def _decodes(text: DbfText, encoding: str) -> tuple[bool, int]:
    """Whether every name and value decodes strictly, and how many values were cut short.

    A value that fills its field and ends in the middle of a character was truncated by
    the writer (a C12 field holds four Chinese characters in UTF-8); that is not a sign of
    a wrong encoding.
    """
    truncated = 0
    for name in text.names:
        try:
            name.decode(encoding)
        except UnicodeDecodeError:
            return False, 0
    for value, full in text.values:
        try:
            value.decode(encoding)
        except UnicodeDecodeError as error:
            if full and error.reason == "unexpected end of data":
                truncated += 1
                continue
            return False, 0
    return True, truncated


def _non_ascii(text: DbfText) -> bool:
    return bool(text.values) or any(not name.isascii() for name in text.names)


def choose_encoding(dbf: Path, cpg: Path | None, requested: str | None) -> EncodingChoice:
    """The DBF's encoding: the .cpg wins, then the caller's, then detection.

    Detection tries UTF-8 strictly on every text field, then the code page of the LDID
    byte, then GB18030, Shift-JIS (cp932) and finally latin-1, which never fails.
    """
    if cpg is not None:
        cpg_text = cpg.read_bytes().decode("latin-1")
        codec = codec_from_cpg(cpg_text)
        if codec is not None:
            reason = f"from {cpg.name} ({cpg_text.strip()})"
            if requested and codecs.lookup(requested).name != codecs.lookup(codec).name:
                reason += f"; the requested {requested} was not used"
            return EncodingChoice(codec, reason)
    if requested:
        try:
            codec = codecs.lookup(requested).name
        except LookupError as error:
            raise ValueError(f"unknown encoding {requested!r}") from error
        return EncodingChoice(codec, "as requested")
    text = read_dbf_text(dbf.read_bytes())
    if not _non_ascii(text):
        return EncodingChoice("utf-8", "detected: all text is ASCII")
    ok, truncated = _decodes(text, "utf-8")
    if ok:
        reason = "detected: every text field is valid UTF-8"
        if truncated:
            reason += f" ({truncated} values cut mid-character by their field width)"
        return EncodingChoice("utf-8", reason)
    ldid_codec = LDID_CODECS.get(text.ldid)
    if ldid_codec is not None and _decodes(text, ldid_codec)[0]:
        return EncodingChoice(
            ldid_codec, f"detected: not UTF-8; the DBF's language byte 0x{text.ldid:02X} "
            f"says {ldid_codec}")
    for codec in FALLBACK_CODECS:
        if _decodes(text, codec)[0]:
            why = "not UTF-8"
            if ldid_codec is not None:
                why += f" nor {ldid_codec} (language byte 0x{text.ldid:02X})"
            else:
                why += f"; the language byte 0x{text.ldid:02X} names no code page"
            guess = "" if codec != "latin-1" else " (a guess: check the names)"
            return EncodingChoice(codec, f"detected: {why}; {codec} decodes it{guess}")
    return EncodingChoice("latin-1", "detected: nothing else decodes it (a guess)")
