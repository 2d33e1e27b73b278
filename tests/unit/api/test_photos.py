"""Field photos: JPEG/PNG told by content, size and count limits, stored by SHA-256 in
the photo folder beside the database, linked to the case and audited."""

from __future__ import annotations

import hashlib
import json
import struct
import zlib
from pathlib import Path

import pytest

from api.limits import Limits
from console.app import App, photo_dir
from console.handover.domain import HandoverSnapshot
from console.handover.report import handover_report
from console.intake.photos import MAX_PHOTO_BYTES, PhotoUpload, sniff
from tests.unit.api.conftest import Running
from tests.unit.api.test_cases import CASE


def png(width: int = 2, height: int = 2) -> bytes:
    """A real, tiny PNG."""
    def chunk(kind: bytes, data: bytes) -> bytes:
        body = kind + data
        return struct.pack(">I", len(data)) + body + struct.pack(">I", zlib.crc32(body))
    raw = b"".join(b"\x00" + b"\xff\x00\x00" * width for _ in range(height))
    return (b"\x89PNG\r\n\x1a\n" + chunk(b"IHDR", struct.pack(">IIBBBBB", width, height, 8,
                                                              2, 0, 0, 0))
            + chunk(b"IDAT", zlib.compress(raw)) + chunk(b"IEND", b""))


JPEG = bytes.fromhex("ffd8ffe000104a46494600010100000100010000ffd9")
ELF = b"\x7fELF\x02\x01\x01" + b"\x00" * 200


def _dispatched(running: Running) -> str:
    app = running.app
    ref = app.cases.report(app.operator, **{k: v for k, v in CASE.items()}).reference
    app.cases.register(app.operator, ref)
    app.cases.dispatch(app.operator, ref, "UTIL-1")
    return ref


def test_photos_are_stored_by_content_linked_and_audited(running: Running) -> None:
    ref = _dispatched(running)
    before, after = png(), JPEG
    with running.client(running.token("fieldapp")) as http:
        started = http.post(f"/cases/{ref}/events", data={"action": "start"},
                            files=[("before", ("IMG_1.png", before, "image/png"))])
        done = http.post(f"/cases/{ref}/events",
                         data={"action": "resolve", "text": "Cover replaced"},
                         files=[("after", ("IMG_2.jpg", after, "image/jpeg")),
                                ("other", ("same.png", before, "image/png"))])
        public = http.get(f"/cases/{ref}").json()
    assert started.status_code == 200, started.text
    assert done.json()["stage"] == "resolved"
    kinds = [(p["kind"], p["mime"]) for p in done.json()["photos"]]
    assert kinds == [("before", "image/png"), ("after", "image/jpeg"), ("other", "image/png")]
    digest = hashlib.sha256(before).hexdigest()
    stored = running.app.photos.path_of(digest)
    assert stored.read_bytes() == before
    assert stored.name == digest
    assert stored.is_relative_to(running.app.photos.folder)
    assert len(list(running.app.photos.folder.rglob("*"))) == 4  # two files, two folders
    assert next(p["sha256"] for p in public["photos"]) == digest
    actions = [e.action for e in running.app.cases.timeline(ref)]
    assert actions[-4:] == ["start", "photos", "resolve", "photos"]


def test_a_renamed_program_and_oversized_photos_are_refused(running: Running) -> None:
    ref = _dispatched(running)
    with running.client(running.token("fieldapp")) as http:
        program = http.post(f"/cases/{ref}/events", data={"action": "start"},
                            files=[("before", ("photo.jpg", ELF, "image/jpeg"))])
        big = http.post(f"/cases/{ref}/events", data={"action": "start"},
                        files=[("before", ("big.jpg", JPEG[:-2] + b"\x00" * MAX_PHOTO_BYTES
                                           + b"\xff\xd9", "image/jpeg"))])
        kind = http.post(f"/cases/{ref}/events", data={"action": "start"},
                         files=[("selfie", ("a.png", png(), "image/png"))])
        no_action = http.post(f"/cases/{ref}/events", files=[("before", ("a.png", png(),
                                                                          "image/png"))])
    assert program.status_code == 422
    assert "not a JPEG or PNG" in program.json()["detail"]
    assert "photo.jpg" in program.json()["detail"]
    assert big.status_code == 413  # over the upload limit of this server (2 MiB in tests)
    assert kind.status_code == 422
    assert kind.json()["errors"][0]["field"] == "selfie"
    assert no_action.status_code == 422
    # Nothing was done to the case by a refused event.
    assert running.app.cases.get(ref).row.stage.value == "dispatched"
    assert not running.app.photos.folder.exists() or not any(
        running.app.photos.folder.rglob("*.*"))


@pytest.mark.parametrize("limits", [Limits(upload_bytes=20 * 1024 * 1024)])
def test_a_photo_over_the_per_photo_limit_is_422(running: Running) -> None:
    ref = _dispatched(running)
    huge = JPEG[:-2] + b"\x00" * MAX_PHOTO_BYTES + b"\xff\xd9"
    with running.client(running.token("fieldapp")) as http:
        reply = http.post(f"/cases/{ref}/events", data={"action": "start"},
                          files=[("before", ("huge.jpg", huge, "image/jpeg"))])
    assert reply.status_code == 422
    assert "at most" in reply.json()["detail"]


def test_types_are_told_by_content() -> None:
    assert sniff(png()) == "image/png"
    assert sniff(JPEG) == "image/jpeg"
    assert sniff(ELF) is None
    assert sniff(b"GIF89a") is None
    assert sniff(b"\x89PNG\r\n\x1a\n") is None  # a signature alone is not a PNG


def test_the_photo_folder_is_beside_a_sqlite_file(tmp_path: Path,
                                                  monkeypatch: pytest.MonkeyPatch) -> None:
    assert photo_dir(f"sqlite:///{tmp_path / 'center.sqlite'}") == tmp_path / "center.photos"
    monkeypatch.setenv("WATCHROOM_DATA_DIR", str(tmp_path / "data"))
    assert photo_dir("postgresql+psycopg://u@h/db") == tmp_path / "data" / "photos"
    monkeypatch.setenv("WATCHROOM_PHOTO_DIR", str(tmp_path / "share"))
    assert photo_dir("postgresql+psycopg://u@h/db") == tmp_path / "share"


def test_counts_per_case(running: Running, app: App) -> None:
    ref = _dispatched(running)
    app.photos.attach(app.operator, ref, [PhotoUpload(png(), "before")])
    case_id = app.cases.get(ref).row.id
    assert app.photos.counts([case_id]) == {case_id: 1}


def test_the_handover_counts_each_cases_photos(app: App) -> None:
    ref = app.cases.report(app.operator, **dict(CASE)).reference
    app.photos.attach(app.operator, ref, [PhotoUpload(png(), "before"),
                                          PhotoUpload(JPEG, "after")])
    snap = app.handovers.snapshot()
    listed = {c.reference: c.photos for c in snap.cases}
    assert listed[ref] == 2
    text = handover_report(app.handovers.preview(), app.clock.now())
    assert any(f"{CASE['title']} · 2 photo(s)" in str(row) for table in text.tables()
               for row in table.rows)
    # A snapshot stored before photos existed still reads (the count is 0).
    data = json.loads(snap.to_json())
    for case in data["cases"]:
        del case["photos"]
    assert HandoverSnapshot.from_json(json.dumps(data)).cases[0].photos == 0
