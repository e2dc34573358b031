"""Shift times (including past midnight) and where settings come from."""

from __future__ import annotations

from datetime import datetime, time

import pytest

from db.errors import LotsenError
from db.records import ShiftInfo
from db.settings import load_settings
from db.shifts import current_shift, parse_clock, parse_shift

SHIFTS = (ShiftInfo(1, "Dag", time(8), time(16)), ShiftInfo(2, "Kväll", time(16), time(22)),
          ShiftInfo(3, "Natt", time(22), time(8)))


@pytest.mark.parametrize("clock,expected", [
    ("07:59", "Natt"), ("08:00", "Dag"), ("15:59", "Dag"), ("16:00", "Kväll"),
    ("21:59", "Kväll"), ("22:00", "Natt"), ("00:00", "Natt"), ("03:30", "Natt"),
])
def test_current_shift(clock, expected):
    hours, minutes = map(int, clock.split(":"))
    assert current_shift(SHIFTS, datetime(2026, 11, 24, hours, minutes)).name == expected


def test_no_shift_outside_opening_hours():
    assert current_shift(SHIFTS[:2], datetime(2026, 11, 24, 23, 0)) is None


@pytest.mark.parametrize("text,expected", [
    ("Kväll 16:30–21:00", ("Kväll", time(16, 30), time(21))),
    ("Sen kväll 18.00-22.00", ("Sen kväll", time(18), time(22))),
    ("Natt 2200–0800", ("Natt", time(22), time(8))),
    ("Dag 8-16", ("Dag", time(8), time(16))),
])
def test_parse_shift(text, expected):
    assert parse_shift(text) == expected


@pytest.mark.parametrize("text", ["Kväll", "16:00-21:00", "Kväll 25:00-26:00", "Kväll x-y",
                                  "Kväll 16:61-17:00", ""])
def test_parse_shift_refuses_nonsense(text):
    with pytest.raises(ValueError):
        parse_shift(text)


def test_parse_clock_midnight_as_24():
    assert parse_clock("24:00") == time(0)


def test_settings_file_then_environment(tmp_path):
    config = tmp_path / "config.toml"
    config.write_text('database_url = "sqlite:///from-file.sqlite"\nlang = "en"\n'
                      'idle_lock_minutes = 2\n')
    settings = load_settings({"LOTSEN_CONFIG": str(config)})
    assert (settings.database_url, settings.lang, settings.idle_lock_minutes) == (
        "sqlite:///from-file.sqlite", "en", 2.0)
    settings = load_settings({"LOTSEN_CONFIG": str(config), "LOTSEN_LANG": "sv",
                              "LOTSEN_DATABASE_URL": "sqlite:///env.sqlite"})
    assert (settings.database_url, settings.lang) == ("sqlite:///env.sqlite", "sv")
    assert settings.with_overrides(database_url="sqlite:///cli.sqlite").database_url == \
        "sqlite:///cli.sqlite"


@pytest.mark.parametrize("content,needle", [
    ("idle_lock_minutes = 'soon'", "idle_lock_minutes must be a number"),
    ("lang = 'fi'", "lang must be one of sv, en"),
    ("this is not toml", "cannot read settings file"),
])
def test_bad_settings_file_is_a_clear_error(tmp_path, content, needle):
    config = tmp_path / "config.toml"
    config.write_text(content)
    with pytest.raises(LotsenError, match=needle):
        load_settings({"LOTSEN_CONFIG": str(config)})
