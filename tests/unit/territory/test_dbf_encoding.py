"""Choosing a DBF's text encoding: .cpg, the caller's choice, detection."""

from __future__ import annotations

from pathlib import Path

import pytest
import shapefile

from console.territory.dbf_encoding import choose_encoding, codec_from_cpg, read_dbf_text
from console.territory.gis_files import read_features
from tests.unit.territory.sample_files import sample


@pytest.mark.parametrize(("cpg", "codec"), [
    ("UTF-8", "utf-8"),
    ("65001", "utf-8"),
    ("ISO-8859-1", "latin-1"),
    ("88591", "latin-1"),
    ("936", "gb18030"),
    ("GBK", "gb18030"),
    ("ANSI 1252", "cp1252"),
    ("932", "cp932"),
    ("BIG5", "cp950"),
    ("28595", "iso8859-5"),
    ("nonsense", None),
    ("", None),
])
def test_cpg_texts(cpg: str, codec: str | None) -> None:
    assert codec_from_cpg(cpg) == codec


def test_the_language_byte_of_the_samples() -> None:
    tokyo = read_dbf_text(sample("jp_tokyo_shinjuku_smallareas_2015.dbf").read_bytes())
    shanghai = read_dbf_text(sample("cn_shanghai_districts_amap.dbf").read_bytes())
    assert tokyo.ldid == 0x13
    assert shanghai.ldid == 0x00
    assert b"S_NAME" in tokyo.names


def _write_dbf(base: Path, encoding: str, names: list[str], ldid: int, width: int = 40) -> Path:
    with shapefile.Writer(str(base), shapeType=shapefile.POINT, encoding=encoding) as writer:
        writer.field("NAME", "C", width)
        for index, _ in enumerate(names):
            writer.point(120 + index / 100, 30)
        for name in names:
            writer.record(name)
    dbf = base.with_suffix(".dbf")
    data = bytearray(dbf.read_bytes())
    data[29] = ldid
    dbf.write_bytes(bytes(data))
    return dbf


def test_ldid_0x4d_reads_gbk(tmp_path: Path) -> None:
    dbf = _write_dbf(tmp_path / "a", "gbk", ["黄浦区", "徐汇区"], 0x4D)
    choice = choose_encoding(dbf, None, None)
    assert choice.encoding == "gb18030"
    assert "0x4D" in choice.reason


def test_ldid_0x4e_is_korean_not_chinese(tmp_path: Path) -> None:
    dbf = _write_dbf(tmp_path / "a", "cp949", ["종로구", "중구"], 0x4E)
    assert choose_encoding(dbf, None, None).encoding == "cp949"


def test_shift_jis_without_a_language_byte_falls_back_past_gb18030(tmp_path: Path) -> None:
    # An odd number of half-width katakana bytes (0xA1-0xDF) is not valid GB18030 (an even
    # number is, as garbage: the language byte is what tells them apart).
    dbf = _write_dbf(tmp_path / "a", "cp932", ["ｼﾝｼﾞｭ"], 0x00)
    choice = choose_encoding(dbf, None, None)
    assert choice.encoding == "cp932"
    assert "names no code page" in choice.reason


def test_ascii_only_is_utf8(tmp_path: Path) -> None:
    dbf = _write_dbf(tmp_path / "a", "ascii", ["Camden 001"], 0x57)
    choice = choose_encoding(dbf, None, None)
    assert (choice.encoding, choice.reason) == ("utf-8", "detected: all text is ASCII")


def test_utf8_cut_mid_character_by_a_narrow_field_is_still_utf8(tmp_path: Path) -> None:
    dbf = _write_dbf(tmp_path / "narrow", "ascii", ["PLACEHOLDER!"], 0x00, width=12)
    # A C12 field filled with 1黄浦区 and the first two bytes of 路, as a truncating writer
    # leaves a longer name: the last character is broken, the encoding is still UTF-8.
    cut = "1黄浦区".encode() + "路".encode()[:2]
    assert len(cut) == 12
    dbf.write_bytes(dbf.read_bytes().replace(b"PLACEHOLDER!", cut))
    choice = choose_encoding(dbf, None, None)
    assert choice.encoding == "utf-8"
    assert "1 values cut mid-character" in choice.reason
    info, features = read_features(dbf.with_suffix(".shp"))
    assert features[0].properties["NAME"] == "1黄浦区"
    assert any("end mid-character" in note for note in info.notes)


def test_the_requested_encoding_is_used_without_a_cpg(tmp_path: Path) -> None:
    dbf = _write_dbf(tmp_path / "a", "gbk", ["黄浦区"], 0x00)
    assert choose_encoding(dbf, None, "gbk").reason == "as requested"
    with pytest.raises(ValueError, match="unknown encoding"):
        choose_encoding(dbf, None, "klingon")
