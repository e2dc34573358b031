"""`lotsen incident add|list` as real processes."""

from __future__ import annotations

import json

from tests.test_cli import assert_one_line_error, lotsen

ENV = {"LOTSEN_DESK": "Informationsdisken"}


def test_add_and_list_incidents(demo_url, tmp_path):
    added = lotsen("--database", demo_url, "incident", "add", "--staff", "al", "--type", "h",
                   "--zone", "toaletter", "--at", "2026-11-20T21:15", "--action", "talked",
                   "--action", "guard", "--police-report", "5000-k4711-26", "--staff-affected",
                   "Hotade personal vid toaletterna", env=ENV, tmp_path=tmp_path)
    assert added.returncode == 0, added.stderr
    assert lotsen("--database", demo_url, "incident", "add", "--staff", "BK", "--type",
                  "theft", "--zone", "computers", "--at", "2026-11-22T12:00", "Laddare stulen",
                  env=ENV, tmp_path=tmp_path).returncode == 0
    listed = json.loads(lotsen("--database", demo_url, "incident", "list", "--json",
                               env=ENV, tmp_path=tmp_path).stdout)
    assert [(i["type"], i["zone_sv"], i["reporter"]) for i in listed] == [
        ("Theft", "Datorer", "BK"), ("Threat", "Toaletter", "AL")]
    threat = listed[1]
    assert threat["occurred_at"] == "2026-11-20T20:15:00+00:00"
    assert (threat["police_report"], threat["staff_affected"], threat["kia_status"]) == (
        "5000-K4711-26", True, "needed")
    window = json.loads(lotsen("--database", demo_url, "incident", "list", "--from",
                               "2026-11-21", "--to", "2026-11-22", "--json", env=ENV,
                               tmp_path=tmp_path).stdout)
    assert [i["type"] for i in window] == ["Theft"]
    text = lotsen("--database", demo_url, "incident", "list", env=ENV, tmp_path=tmp_path).stdout
    assert "Hot · Toaletter · recorded · AL" in text


def test_bad_incident_input_is_one_line(demo_url, tmp_path):
    def run(*args: str):
        return lotsen("--database", demo_url, "incident", *args, env=ENV, tmp_path=tmp_path)

    assert_one_line_error(run("add", "--staff", "AL", "--type", "meteor", "--zone", "entré",
                              "x"), "meteor")
    assert_one_line_error(run("add", "--staff", "AL", "--type", "h", "--zone", "attic", "x"),
                          "attic")
    assert_one_line_error(run("add", "--staff", "AL", "--type", "h", "--zone", "e",
                              "--police-report", "12", "x"), "5000-K123456-26")
    assert_one_line_error(run("add", "--staff", "AL", "--type", "h", "--zone", "e",
                              "--at", "2099-01-01T10:00", "x"), "not come yet")
    assert_one_line_error(run("add", "--staff", "AL", "--type", "h", "--zone", "e",
                              "--severity", "9", "x"), "severity")
    assert_one_line_error(run("add", "--type", "h", "--zone", "e", "x"), "--staff")
    assert_one_line_error(run("list", "--from", "igår"), "--from")
    assert_one_line_error(run("list", "--from", "2026-11-22", "--to", "2026-11-01"), "--from")


def test_types_and_zones_are_configurable(demo_url, tmp_path):
    def run(*args: str):
        return lotsen("--database", demo_url, "incident", *args, env=ENV, tmp_path=tmp_path)

    assert run("type", "bike_theft", "--key", "c", "--sv", "Cykelstöld", "--en", "Bike theft",
               "--category", "property").returncode == 0
    assert run("zone", "garden", "--key", "r", "--sv", "Lästrädgården",
               "--en", "Reading garden").returncode == 0
    assert run("type", "fire_alarm", "--disable").returncode == 0
    listed = json.loads(run("types", "--json").stdout)
    types = {t["code"]: t for t in listed["types"]}
    assert types["bike_theft"] == {"code": "bike_theft", "key": "c", "sv": "Cykelstöld",
                                   "en": "Bike theft", "category": "property"}
    assert "fire_alarm" not in types
    assert {"code": "garden", "key": "r", "sv": "Lästrädgården", "en": "Reading garden"} in \
        listed["zones"]
    assert run("add", "--staff", "AL", "--type", "c", "--zone", "r", "Cykel borta").returncode == 0
    assert_one_line_error(run("type", "graffiti", "--key", "h", "--sv", "Klotter", "--en",
                              "Graffiti", "--category", "property"), "already Hot")
    assert_one_line_error(run("type", "graffiti", "--key", "9", "--sv", "Klotter", "--en",
                              "Graffiti", "--category", "property"), "one letter")
    assert_one_line_error(run("type", "graffiti", "--key", "q", "--sv", "Klotter", "--en",
                              "Graffiti", "--category", "fun"), "category")
    assert_one_line_error(run("zone", "nowhere", "--disable"), "nowhere")
