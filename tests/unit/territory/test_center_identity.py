"""The center's name and time zone, as the set-up assistant stores them; "no field" chosen."""

from __future__ import annotations

from zoneinfo import ZoneInfo

import pytest

from console.app import App
from console.core.errors import PermissionDenied, ValidationError
from console.territory.fields import propose_fields
from console.territory.gis_files import read_features
from tests.unit.territory.sample_files import sample


@pytest.fixture
def admin(empty_app: App) -> App:
    empty_app.operators.create_first_admin("admin", "Admin", "correct-horse-9")
    empty_app.act_as("admin")
    return empty_app


def test_a_new_center_has_no_name_and_the_default_zone(empty_app: App) -> None:
    center = empty_app.territory.center()
    assert center.name == ""
    assert center.zone == "Asia/Shanghai"


def test_setting_the_center_moves_the_zone_every_time_is_shown_in(admin: App) -> None:
    center = admin.territory.set_center(admin.operator, "  台北市  災害應變中心 ", "Asia/Taipei")
    assert center.name == "台北市 災害應變中心"
    assert center.zone == "Asia/Taipei"
    assert admin.zone == ZoneInfo("Asia/Taipei"), "the cached working calendar was forgotten"
    assert admin.territory.center() == center


def test_the_center_is_an_administrators_to_set(app: App) -> None:
    with pytest.raises(PermissionDenied):
        app.territory.set_center(app.operator, "Xinhe", "Asia/Shanghai")


@pytest.mark.parametrize(("name", "zone"), [("", "Asia/Taipei"), ("Center", "Mars/Olympus"),
                                            ("Center", "../etc/passwd")])
def test_a_center_needs_a_name_and_a_real_zone(admin: App, name: str, zone: str) -> None:
    with pytest.raises(ValidationError):
        admin.territory.set_center(admin.operator, name, zone)
    assert admin.territory.center().zone == "Asia/Shanghai"


def test_an_empty_field_name_means_none_and_nothing_is_proposed_instead() -> None:
    source, features = read_features(sample("jp_tokyo_shinjuku_smallareas_2015.shp"))
    rows = [f.properties for f in features]
    proposed = propose_fields(source.name, source.field_names, rows)
    assert proposed.population == "JINKO"
    chosen = propose_fields(source.name, source.field_names, rows, population="")
    assert chosen.population is None
    assert chosen.reasons["population"] == "none chosen"
    assert propose_fields(source.name, source.field_names, rows, code="").code is None
