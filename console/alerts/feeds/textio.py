"""Bytes to text for feeds: UTF-8 (with or without BOM), else GB18030, line by line when large."""

from __future__ import annotations

import codecs
import re
from collections.abc import Iterator
from dataclasses import dataclass
from typing import BinaryIO

from console.alerts.feeds.errors import FeedError, RecordError

UTF8 = "utf-8"
UTF8_BOM = "utf-8 (with BOM)"
GB18030 = "gb18030"

# One JSON line or CSV line longer than this is refused (the rest of the file goes on).
MAX_LINE_BYTES = 1 << 20


def _utf16_refusal(name: str) -> FeedError:
    return FeedError("the file is UTF-16 text; save it as UTF-8 (or GB18030) and import "
                     "it again", file=name)


_XML_DECLARATION = re.compile(
    rb"""^\s*<\?xml[^>]*?\sencoding\s*=\s*["']([A-Za-z0-9._:-]{1,40})["']""")


def declared_encoding(data: bytes) -> str | None:
    """The encoding an XML declaration names (``<?xml version="1.0"
    encoding="ISO-8859-1"?>``), or None."""
    match = _XML_DECLARATION.match(data[:200])
    return match.group(1).decode("ascii") if match else None


def decode_document(data: bytes, name: str) -> tuple[str, str]:
    """The text of a whole document and the encoding used: the one an XML declaration
    names, if any (it wins over guessing); else UTF-8 (a BOM is dropped) if the bytes are
    valid UTF-8, else GB18030 (which covers GBK and GB2312)."""
    declared = declared_encoding(data)
    if declared is not None and not data.startswith(codecs.BOM_UTF8):
        try:
            codec = codecs.lookup(declared).name
        except LookupError:
            raise FeedError(f"the XML declaration names the encoding {declared!r}, which "
                            "is not a known text encoding", file=name) from None
        if codec in ("gbk", "gb2312"):
            codec = GB18030  # the superset: every GBK file is GB18030 text
        if not codec.startswith("utf-16") and not codec.startswith("utf-32"):
            try:
                return data.decode(codec), codec
            except UnicodeDecodeError as e:
                raise FeedError(f"the XML declaration says {declared}, but byte {e.start} "
                                f"(0x{data[e.start]:02x}) is not {declared}",
                                file=name) from None
    if data.startswith(codecs.BOM_UTF8):
        try:
            return data[len(codecs.BOM_UTF8):].decode("utf-8"), UTF8_BOM
        except UnicodeDecodeError as e:
            raise FeedError(f"the file starts with a UTF-8 mark but byte {e.start} is not "
                            "UTF-8", file=name) from None
    if data.startswith((codecs.BOM_UTF16_LE, codecs.BOM_UTF16_BE)):
        raise _utf16_refusal(name)
    try:
        return data.decode("utf-8"), UTF8
    except UnicodeDecodeError as e:
        utf8_error = e
    try:
        return data.decode("gb18030"), GB18030
    except UnicodeDecodeError:
        raise FeedError(
            f"the file is neither UTF-8 nor GB18030 (GBK) text: byte {utf8_error.start} "
            f"(0x{data[utf8_error.start]:02x}) fits neither", file=name) from None


@dataclass(slots=True)
class Line:
    """One line of text, its line end kept (CSV needs it inside quoted fields)."""

    number: int
    text: str


class LineReader:
    """Reads a binary stream line by line with bounded memory.

    The encoding is settled by the first line that is not plain ASCII: UTF-8 if it
    decodes as UTF-8, else GB18030. A line that then does not decode, or is longer than
    ``max_line_bytes``, is yielded as a ``RecordError`` and reading goes on.
    """

    def __init__(self, stream: BinaryIO, name: str, max_line_bytes: int = MAX_LINE_BYTES
                 ) -> None:
        self._stream = stream
        self._name = name
        self._max = max_line_bytes
        self._encoding: str | None = None
        self.bom = False
        self.lines_read = 0
        self.bytes_read = 0

    @property
    def encoding(self) -> str:
        """The encoding used so far (UTF-8 while everything was ASCII)."""
        if self._encoding == GB18030:
            return GB18030
        return UTF8_BOM if self.bom else UTF8

    def _skip_rest_of_line(self) -> None:
        while True:
            chunk = self._stream.readline(self._max)
            self.bytes_read += len(chunk)
            if not chunk or chunk.endswith(b"\n"):
                return

    def _decode(self, raw: bytes, number: int) -> str | RecordError:
        if raw.isascii():
            return raw.decode("ascii")
        if self._encoding is None:
            try:
                text = raw.decode("utf-8")
                self._encoding = UTF8
                return text
            except UnicodeDecodeError:
                pass
            try:
                text = raw.decode("gb18030")
                self._encoding = GB18030
                return text
            except UnicodeDecodeError:
                return RecordError("the line is neither UTF-8 nor GB18030 (GBK) text",
                                   file=self._name, record=number)
        try:
            return raw.decode(self._encoding)
        except UnicodeDecodeError as e:
            label = "UTF-8" if self._encoding == UTF8 else "GB18030 (GBK)"
            return RecordError(f"byte {e.start} of the line is not {label} text like the "
                               "lines before it", file=self._name, record=number)

    def __iter__(self) -> Iterator[Line | RecordError]:
        number = 0
        while True:
            try:
                raw = self._stream.readline(self._max + 1)
            except OSError as e:
                raise FeedError(f"reading stopped at line {number + 1}: {e.strerror or e}",
                                file=self._name) from None
            if not raw:
                return
            number += 1
            self.lines_read = number
            self.bytes_read += len(raw)
            if number == 1:
                if raw.startswith(codecs.BOM_UTF8):
                    raw = raw[len(codecs.BOM_UTF8):]
                    self.bom = True
                    self._encoding = UTF8
                elif raw.startswith((codecs.BOM_UTF16_LE, codecs.BOM_UTF16_BE)):
                    raise _utf16_refusal(self._name)
            if len(raw) > self._max and not raw.endswith(b"\n"):
                self._skip_rest_of_line()
                yield RecordError(f"the line is longer than {self._max // 1024} KB; "
                                  "nothing in it was read", file=self._name, record=number)
                continue
            text = self._decode(raw, number)
            if isinstance(text, RecordError):
                yield text
                continue
            yield Line(number, text)
