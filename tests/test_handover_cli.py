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


def test_export_a_shift_as_text_and_pdf(demo_url, tmp_path):
    from sqlmodel import select

    from db.database import open_database
    from db.models_handover import HandoverNote

    env = {"LOTSEN_DESK": "Informationsdisken"}
    lotsen("--database", demo_url, "handover", "add", "--staff", "AL", "--priority",
           "important", "Hissen är trasig, felanmäld", env=env, tmp_path=tmp_path)
    database = open_database(demo_url)
    with database.read() as session:
        written = session.exec(select(HandoverNote.created_at)).one()
    database.close()
    from db.clock import to_local

    # The note belongs to the shift running when it was written: export the one after it.
    later = to_local(written).replace(hour=23, minute=59, second=0, microsecond=0)
    result = lotsen("--database", demo_url, "handover", "export", "--output",
                    str(tmp_path / "binder"), "--at", later.strftime("%Y-%m-%dT%H:%M"),
                    env=env, tmp_path=tmp_path)
    assert result.returncode == 0, result.stderr
    text_path, pdf_path = (tmp_path / "binder" / p for p in
                           (line.split("/")[-1] for line in result.stdout.split()))
    text = text_path.read_text(encoding="utf-8")
    assert "Överlämning — Stadsbiblioteket" in text and "Förra passet: Kväll" in text
    assert pdf_path.read_bytes().startswith(b"%PDF")
