"""`lotsen handover add|list` as real processes."""

from __future__ import annotations

import json

from tests.test_cli import assert_one_line_error, lotsen


def test_add_and_list_notes(demo_url, tmp_path):
    env = {"LOTSEN_DESK": "Informationsdisken"}
    added = lotsen("--database", demo_url, "handover", "add", "--staff", "al",
                   "Hissen är trasig", env=env, tmp_path=tmp_path)
    assert added.returncode == 0, added.stderr
    lotsen("--database", demo_url, "handover", "add", "--staff", "BK", "--priority", "urgent",
           "--category", "situation", "Orolig besökare vid datorerna", env=env, tmp_path=tmp_path)
    listed = json.loads(lotsen("--database", demo_url, "handover", "list", "--json",
                               env=env, tmp_path=tmp_path).stdout)
    assert [(n["author"], n["priority"], n["category"], n["text"]) for n in listed] == [
        ("BK", "urgent", "situation", "Orolig besökare vid datorerna"),
        ("AL", "normal", "info", "Hissen är trasig")]
    assert listed[0]["read_by"] == ["BK"]  # the author has read it
    since = json.loads(lotsen("--database", demo_url, "handover", "list", "--since",
                              "2099-01-01T00:00", "--json", env=env, tmp_path=tmp_path).stdout)
    assert since == []


def test_bad_handover_input_is_one_line(demo_url, tmp_path):
    assert_one_line_error(lotsen("--database", demo_url, "handover", "add", "--staff", "AL",
                                 "--priority", "asap", "x", tmp_path=tmp_path),
                          "priority must be one of")
    assert_one_line_error(lotsen("--database", demo_url, "handover", "add", "--staff", "QQ",
                                 "x", tmp_path=tmp_path), "QQ")
    assert_one_line_error(lotsen("--database", demo_url, "handover", "list", "--since", "igår",
                                 tmp_path=tmp_path), "--since")
