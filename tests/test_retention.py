"""Retention: a period per record type (the administrator's), the purge with a fake clock,
what waits for an open ban case, and that purged text is really gone from the file."""

from __future__ import annotations

from datetime import date, timedelta

import pytest
from sqlmodel import func, select

from db.errors import PermissionDenied, ValidationError
from db.handover import NewNote, write_note
from db.incident_stats import statistics
from db.incidents import IncidentFilter, list_incidents, save_draft
from db.models import AuditEvent
from db.retention import DEFAULTS, purge, retention_days, set_retention
from db.staff import find_staff
from tests.conftest import FIXED_NOW, ON_POSTGRES
from tests.test_cli import lotsen
from tests.test_incident_screen import _place, _record

SECRET = "Zorbablåbärssoppa"  # a word that appears nowhere else


def test_the_administrator_sets_the_periods(demo_db):
    assert retention_days(demo_db) == DEFAULTS
    with pytest.raises(PermissionDenied):
        set_retention(demo_db, "incidents", 400, find_staff(demo_db, "MH"))
    with pytest.raises(ValidationError):
        set_retention(demo_db, "incidents", 0, find_staff(demo_db, "IT"))
    with pytest.raises(ValidationError):
        set_retention(demo_db, "visitors", 10, find_staff(demo_db, "IT"))
    set_retention(demo_db, "incidents", 400, find_staff(demo_db, "IT"))
    assert retention_days(demo_db)["incidents"] == 400


def test_purge_deletes_what_is_older_than_its_period(demo_db):
    from db import bans

    place, context = _place(demo_db, "AL")
    day = timedelta(days=1)
    old = _record(demo_db, minutes_ago=60 * 24 * 1100, description=f"gammal {SECRET}")
    kept = _record(demo_db, minutes_ago=60 * 24 * 1000, description="nyare")
    banned = _record(demo_db, minutes_ago=60 * 24 * 1200, description="i ett förbudsärende")
    manager = find_staff(demo_db, "MH")
    bans.create_case(demo_db, manager, context.branch_id, bans.CaseInput(
        "Hela huset", "Maria Holm", "010-123 45 67", "Röd mössa", "Hot mot personal",
        "Fiktiv Testperson", date(1990, 5, 17), "Id-kort", (banned,)), FIXED_NOW.date())
    write_note(demo_db, place, NewNote(f"Gammal anteckning {SECRET}", expires_on=None),
               now=FIXED_NOW - 200 * day)
    save_draft(demo_db, place.staff_id, "incident", {"description": "x"},
               now=FIXED_NOW - 40 * day)
    with demo_db.write() as session:
        session.add(AuditEvent(action="signin", staff_id=place.staff_id, at=FIXED_NOW - 800 * day))

    dry = purge(demo_db, FIXED_NOW, dry_run=True)
    assert dry.counts == {"handover_notes": 1, "incidents": 1, "referrals": 0,
                          "audit_events": 1, "drafts": 1}
    assert len(list_incidents(demo_db, IncidentFilter())) == 3  # nothing deleted yet
    done = purge(demo_db, FIXED_NOW)
    assert done.counts == dry.counts
    assert {r.id for r in list_incidents(demo_db, IncidentFilter())} == {kept, banned}
    all_time = statistics(demo_db, date(2020, 1, 1), FIXED_NOW.date())
    assert all_time.total == 2  # the tally followed the deletion
    with demo_db.read() as session:
        assert session.exec(select(func.count()).select_from(AuditEvent)
                            .where(AuditEvent.action == "purged")).one() == 1
    assert purge(demo_db, FIXED_NOW).total == 0  # nothing twice

    if not ON_POSTGRES:  # secure_delete: the words are not left in the file
        path = demo_db.url.removeprefix("sqlite:///")
        demo_db.close()
        for suffix in ("", "-wal"):
            try:
                data = open(path + suffix, "rb").read()
            except FileNotFoundError:
                continue
            assert SECRET.encode() not in data


def test_lotsen_purge_and_retention_commands(demo_url, tmp_path):
    shown = lotsen("--database", demo_url, "retention", tmp_path=tmp_path)
    assert "incidents" in shown.stdout and "1095" in shown.stdout
    assert lotsen("--database", demo_url, "retention", "set", "drafts", "14",
                  tmp_path=tmp_path).returncode == 0
    assert "drafts" in lotsen("--database", demo_url, "retention",
                              tmp_path=tmp_path).stdout.split("14")[0]
    dry = lotsen("--database", demo_url, "purge", "--dry-run", tmp_path=tmp_path)
    assert dry.returncode == 0 and "would delete 0" in dry.stdout
    bad = lotsen("--database", demo_url, "retention", "set", "drafts", "0", tmp_path=tmp_path)
    assert bad.returncode == 2 and "1–3650" in bad.stderr


def test_an_open_follow_up_keeps_its_note_and_big_purges_go_in_batches(demo_db, monkeypatch):
    from db import retention
    from db.handover import my_follow_ups

    place, _context = _place(demo_db, "AL")
    day = timedelta(days=1)
    write_note(demo_db, place, NewNote("Ring tillbaka om nyckeln", follow_up_owner="SO"),
               now=FIXED_NOW - 100 * day)
    for n in range(7):
        _record(demo_db, minutes_ago=60 * 24 * 1100 + n)
    monkeypatch.setattr(retention, "BATCH", 3)
    report = purge(demo_db, FIXED_NOW)
    assert report.counts["handover_notes"] == 0 and report.counts["incidents"] == 7
    assert len(my_follow_ups(demo_db, find_staff(demo_db, "SO"))) == 1
    assert list_incidents(demo_db, IncidentFilter()) == []
    assert statistics(demo_db, date(2020, 1, 1), FIXED_NOW.date()).total == 0
