"""Incident statistics: exact counts by type, category, zone, weekday × hour and week, on
local days (midnight and the autumn DST change), per branch and for all; referrals of the
same period; an edit moves an incident in the statistics."""

from __future__ import annotations

from dataclasses import replace
from datetime import UTC, date, datetime

import pytest

from db.clock import LOCAL_TZ
from tests.conftest import FIXED_NOW

START, END = date(2026, 10, 25), date(2026, 11, 22)  # Sunday to Sunday


def local(*parts: int) -> datetime:
    return datetime(*parts, tzinfo=LOCAL_TZ)


def utc(*parts: int) -> datetime:
    return datetime(*parts, tzinfo=UTC)


# (branch "A"/"B", type code, zone code, when)
INCIDENTS = [
    ("A", "threat", "entrance", utc(2026, 10, 24, 22, 30)),  # Sun 25 Oct 00:30 local
    ("A", "toilet_stay", "toilets", utc(2026, 10, 25, 0, 30)),  # 02:30 summer time
    ("A", "toilet_stay", "toilets", utc(2026, 10, 25, 1, 30)),  # 02:30 again, winter time
    ("A", "threat", "entrance", local(2026, 11, 2, 18, 30)),  # Monday
    ("A", "threat", "toilets", local(2026, 11, 2, 18, 59)),
    ("A", "toilet_stay", "toilets", local(2026, 11, 3, 23, 59)),  # Tuesday, just before
    ("A", "theft", "entrance", local(2026, 11, 4, 0, 0)),  # midnight: Wednesday
    ("A", "medical", "children", local(2026, 11, 18, 10, 15)),  # Wednesday
    ("B", "violence", "entrance", local(2026, 11, 3, 12, 0)),  # the other branch
    ("A", "threat", "entrance", local(2026, 10, 24, 23, 59)),  # the day before the period
    ("A", "theft", "entrance", utc(2026, 11, 22, 23, 5)),  # 23 Nov 00:05 local: after it
]


def seed(database) -> dict:  # noqa: ANN001
    """Record :data:`INCIDENTS` through the data layer (as AL)."""
    from sqlmodel import select

    from db.directory import Place
    from db.incidents import IncidentInput, add_incident, choices
    from db.library import desk_context
    from db.models import Branch
    from db.staff import find_staff

    context = desk_context(database, None)
    with database.read() as session:
        other = session.exec(select(Branch.id).where(Branch.id != context.branch_id)).first()
    branches = {"A": context.branch_id, "B": other}
    staff = find_staff(database, "AL")
    ids = []
    for branch, kind, zone, when in INCIDENTS:
        options = choices(database, branches[branch])
        place = Place(staff_id=staff.id, desk_id=None, branch_id=branches[branch])
        ids.append(add_incident(database, place, IncidentInput(
            type_id=next(t.id for t in options.types if t.code == kind),
            zone_id=next(z.id for z in options.zones if z.code == zone),
            occurred_at=when), now=FIXED_NOW))
    return {"db": database, "branches": branches, "ids": ids, "staff": staff}


@pytest.fixture
def setup(demo_db):
    return seed(demo_db)


def by_code(rows) -> dict[str, int]:  # noqa: ANN001
    return {row.code: row.count for row in rows if row.count}


def cells(stats) -> dict[tuple[int, int], int]:  # noqa: ANN001
    return {(weekday, hour): count for weekday, row in enumerate(stats.heatmap)
            for hour, count in enumerate(row) if count}


def test_counts_for_one_branch(setup):
    from db.incident_stats import statistics

    stats = statistics(setup["db"], START, END, setup["branches"]["A"])
    assert stats.total == 8
    assert stats.branch_name == "Stadsbiblioteket"
    assert by_code(stats.by_type) == {"threat": 3, "toilet_stay": 3, "theft": 1, "medical": 1}
    assert stats.by_type[0].count == 3 and stats.by_type[-1].count == 0  # all types, most first
    assert {t.code for t in stats.by_type} >= {"violence", "fire_alarm"}
    assert [(c.category, c.count) for c in stats.by_category] == [
        ("visitor", 3), ("property", 1), ("accident", 1), ("risk", 3)]
    assert by_code(stats.by_zone) == {"toilets": 4, "entrance": 3, "children": 1}
    assert stats.by_zone[0].label_sv == "Toaletter" and stats.by_zone[0].label_en == "Toilets"
    # Sunday 00:30 and twice 02:30 (the DST change), Monday 18, Tuesday 23, Wednesday 0 and 10.
    assert cells(stats) == {(6, 0): 1, (6, 2): 2, (0, 18): 2, (1, 23): 1, (2, 0): 1,
                            (2, 10): 1}
    assert len(stats.heatmap) == 7 and all(len(row) == 24 for row in stats.heatmap)
    assert [(w.week_start, w.count) for w in stats.weekly] == [
        (date(2026, 10, 19), 3), (date(2026, 10, 26), 0), (date(2026, 11, 2), 4),
        (date(2026, 11, 9), 0), (date(2026, 11, 16), 1)]
    assert stats.weekly[2].iso_week == (2026, 45)


def test_counts_for_all_branches_and_the_other_one(setup):
    from db.incident_stats import statistics

    everything = statistics(setup["db"], START, END)
    assert everything.total == 9 and everything.branch_name is None
    assert by_code(everything.by_type)["violence"] == 1
    assert [c.count for c in everything.by_category] == [4, 1, 1, 3]
    # The same zone code of two branches is one line.
    assert by_code(everything.by_zone) == {"toilets": 4, "entrance": 4, "children": 1}
    assert len([z for z in everything.by_zone if z.code == "entrance"]) == 1
    assert cells(everything)[(1, 12)] == 1
    assert [w.count for w in everything.weekly] == [3, 0, 5, 0, 1]
    other = statistics(setup["db"], START, END, setup["branches"]["B"])
    assert other.total == 1 and by_code(other.by_type) == {"violence": 1}


def test_period_edges_are_local_days(setup):
    from db.incident_stats import statistics

    branch = setup["branches"]["A"]
    assert statistics(setup["db"], date(2026, 10, 24), date(2026, 10, 24), branch).total == 1
    assert statistics(setup["db"], date(2026, 11, 23), date(2026, 11, 23), branch).total == 1
    one_day = statistics(setup["db"], date(2026, 11, 4), date(2026, 11, 4), branch)
    assert one_day.total == 1 and by_code(one_day.by_type) == {"theft": 1}
    assert [(w.week_start, w.count) for w in one_day.weekly] == [(date(2026, 11, 2), 1)]
    empty = statistics(setup["db"], date(2020, 1, 1), date(2020, 1, 31), branch)
    assert empty.total == 0 and cells(empty) == {} and len(empty.weekly) == 5
    assert all(c.count == 0 for c in empty.by_category)


def test_referrals_of_the_same_period(setup):
    from sqlmodel import select

    from db.directory import Place, record_referral
    from db.models_directory import Referral, Service
    from db.thesaurus import CONCEPTS

    database, branches, staff = setup["db"], setup["branches"], setup["staff"]
    with database.read() as session:
        first, second = session.exec(select(Service.id, Service.name).order_by(Service.id)
                                     .limit(2)).all()
    need_a, need_b = CONCEPTS[0].key, CONCEPTS[1].key
    here = Place(staff_id=staff.id, desk_id=None, branch_id=branches["A"])
    there = Place(staff_id=staff.id, desk_id=None, branch_id=branches["B"])
    made = [
        (here, first[0], need_a, local(2026, 11, 2, 12, 0)),
        (here, first[0], need_a, local(2026, 10, 25, 0, 10)),  # the first minutes
        (here, second[0], need_b, local(2026, 11, 22, 23, 50)),  # the last minutes
        (here, second[0], None, local(2026, 11, 10, 9, 0)),
        (here, second[0], need_b, local(2026, 11, 23, 0, 10)),  # the day after
        (there, first[0], need_b, local(2026, 11, 2, 12, 0)),  # another branch
    ]
    for place, service, need, when in made:
        referral_id = record_referral(database, place, service, "information", need=need)
        with database.write() as session:
            row = session.get(Referral, referral_id)
            row.at = when.astimezone(UTC)
            session.add(row)

    from db.incident_stats import statistics

    stats = statistics(database, START, END, branches["A"])
    assert stats.referrals_total == 4
    assert [(n.name, n.count) for n in stats.referrals_by_need] == [
        (need_a, 2), ("", 1), (need_b, 1)]
    assert stats.referrals_by_need[0].label("sv") == CONCEPTS[0].label_sv
    assert stats.referrals_by_need[0].label("en") == CONCEPTS[0].label_en
    assert sorted((n.name, n.count) for n in stats.referrals_by_service) == sorted(
        [(first[1], 2), (second[1], 2)])
    everywhere = statistics(database, START, END)
    assert everywhere.referrals_total == 5
    assert dict((n.name, n.count) for n in everywhere.referrals_by_need)[need_b] == 2


def test_an_edit_moves_the_incident(setup):
    from db.incident_stats import statistics
    from db.incidents import as_input, choices, edit_incident, incident_detail

    database, branch = setup["db"], setup["branches"]["A"]
    medical = setup["ids"][7]
    theft = next(t.id for t in choices(database, branch).types if t.code == "theft")
    detail = incident_detail(database, medical)
    edit_incident(database, medical, setup["staff"],
                  replace(as_input(detail), type_id=theft,
                          occurred_at=local(2026, 11, 10, 9, 0)),
                  expected_revision=1, now=FIXED_NOW)
    stats = statistics(database, START, END, branch)
    assert stats.total == 8
    assert by_code(stats.by_type) == {"threat": 3, "toilet_stay": 3, "theft": 2}
    assert [c.count for c in stats.by_category] == [3, 2, 0, 3]
    assert (2, 10) not in cells(stats) and cells(stats)[(1, 9)] == 1
    assert [w.count for w in stats.weekly] == [3, 0, 4, 1, 0]
    # An edit that changes nothing else keeps the counts.
    detail = incident_detail(database, medical)
    edit_incident(database, medical, setup["staff"],
                  replace(as_input(detail), description="Ambulans kom."), expected_revision=2,
                  now=FIXED_NOW)
    assert statistics(database, START, END, branch) == stats
    # Out of the period entirely.
    detail = incident_detail(database, medical)
    edit_incident(database, medical, setup["staff"],
                  replace(as_input(detail), occurred_at=local(2026, 11, 24, 9, 0)),
                  expected_revision=3, now=FIXED_NOW)
    assert statistics(database, START, END, branch).total == 7


def test_the_tally_agrees_with_the_incidents(setup):
    from db.incident_stats import rebuild_tally, statistics

    database = setup["db"]
    before = statistics(database, date(2026, 1, 1), date(2026, 12, 31))
    assert rebuild_tally(database) == len(INCIDENTS)
    assert statistics(database, date(2026, 1, 1), date(2026, 12, 31)) == before
    assert before.total == len(INCIDENTS)


def test_bad_periods_and_branches(setup):
    from db.errors import NotFound, ValidationError
    from db.incident_stats import branch_by_name, statistics

    with pytest.raises(ValidationError, match="ends before it starts"):
        statistics(setup["db"], END, START)
    with pytest.raises(NotFound):
        statistics(setup["db"], START, END, 9999)
    assert branch_by_name(setup["db"], "  norrby BIBLIOTEK ") == setup["branches"]["B"]
    with pytest.raises(NotFound, match="Stadsbiblioteket, Norrby bibliotek"):
        branch_by_name(setup["db"], "Centrum")
