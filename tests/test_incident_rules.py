"""Incident rules in db/: times, police report numbers, validation, revisions, conflicts,
permissions, the work-environment report, follow-up news and drafts."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta

import pytest

from db.clock import LOCAL_TZ
from db.errors import NotFound, PermissionDenied, ValidationError
from db.incidents import (
    DRAFT_FORM_INCIDENT,
    EditConflict,
    IncidentFilter,
    IncidentInput,
    add_follow_up,
    add_incident,
    choices,
    discard_draft,
    edit_incident,
    incident_detail,
    list_incidents,
    load_draft,
    mark_seen,
    news_count,
    normalize_police_report,
    parse_when,
    reopen,
    save_draft,
)
from tests.conftest import FIXED_NOW

NOW = FIXED_NOW.astimezone(UTC)


@pytest.fixture
def desk(demo_db):
    from db.directory import Place
    from db.library import desk_context
    from db.staff import find_staff

    context = desk_context(demo_db, None)
    options = choices(demo_db, context.branch_id)
    staff = {i: find_staff(demo_db, i) for i in ("AL", "BK", "SO", "MH", "IT")}
    places = {i: Place(s.id, context.desks[0].id, context.branch_id) for i, s in staff.items()}
    kinds = {c.code: c.id for c in options.types}
    zones = {c.code: c.id for c in options.zones}
    return demo_db, staff, places, kinds, zones


@pytest.mark.parametrize(("text", "expected"), [
    ("", FIXED_NOW),
    ("nu", FIXED_NOW),
    ("10", FIXED_NOW - timedelta(minutes=10)),
    ("10 min sedan", FIXED_NOW - timedelta(minutes=10)),
    ("-25", FIXED_NOW - timedelta(minutes=25)),
    ("10 minutes ago", FIXED_NOW - timedelta(minutes=10)),
    ("2 h", FIXED_NOW - timedelta(hours=2)),
    ("14:30", FIXED_NOW.replace(hour=14, minute=30)),
    ("23.15", FIXED_NOW.replace(hour=23, minute=15) - timedelta(days=1)),  # yesterday
    ("2026-11-20 09:05", datetime(2026, 11, 20, 9, 5, tzinfo=LOCAL_TZ)),
    ("1430", FIXED_NOW.replace(hour=14, minute=30)),
    ("930", FIXED_NOW.replace(hour=9, minute=30)),
    ("120", FIXED_NOW - timedelta(minutes=120)),
])
def test_when_it_happened(text, expected):
    assert parse_when(text, FIXED_NOW) == expected


@pytest.mark.parametrize("text", ["igår", "25:00", "14:99", "2026-13-01 10:00",
                                  "2026-11-30 10:00", "2001-01-01 10:00", "\x00",
                                  "0001-01-01 00:00", "9999-12-31 23:59", "2460"])
def test_bad_times_are_refused_at_the_field(text):
    with pytest.raises(ValidationError) as caught:
        parse_when(text, FIXED_NOW)
    assert caught.value.field == "when"


def test_police_report_numbers():
    assert normalize_police_report(" 5000-k123456-26 ") == "5000-K123456-26"
    assert normalize_police_report("5000 - K 1 - 24") == "5000-K1-24"
    assert normalize_police_report("") is None
    for bad in ("123456", "K123456-26", "5000-K123456-2026", "5000-X123456-26", "112"):
        with pytest.raises(ValidationError) as caught:
            normalize_police_report(bad)
        assert caught.value.field == "police_report"


def test_validation_refuses_and_saves_nothing(desk):
    database, _staff, places, kinds, zones = desk
    good = IncidentInput(kinds["threat"], zones["entrance"])
    cases = [
        (IncidentInput(0, zones["entrance"]), "type"),
        (IncidentInput(kinds["threat"], 0), "zone"),
        (IncidentInput(kinds["threat"], 999_999), "zone"),
        (IncidentInput(kinds["threat"], zones["entrance"], severity=5), "severity"),
        (IncidentInput(kinds["threat"], zones["entrance"], actions=("shouted",)), "actions"),
        (IncidentInput(kinds["threat"], zones["entrance"], description="x" * 4001),
         "description"),
        (IncidentInput(kinds["threat"], zones["entrance"], description="a\x07b"), "description"),
        (IncidentInput(kinds["threat"], zones["entrance"], follow_up_by="police"), "follow_up"),
        (IncidentInput(kinds["threat"], zones["entrance"], kia_case="KIA-1"), "kia_case"),
        (IncidentInput(kinds["threat"], zones["entrance"], staff_affected=True,
                       kia_status="lost"), "kia_status"),
        (IncidentInput(kinds["threat"], zones["entrance"],
                       occurred_at=NOW + timedelta(hours=1)), "when"),
    ]
    for data, field in cases:
        with pytest.raises(ValidationError) as caught:
            add_incident(database, places["AL"], data, now=NOW)
        assert caught.value.field == field, data
    assert list_incidents(database, IncidentFilter()) == []
    add_incident(database, places["AL"], good, now=NOW)
    assert len(list_incidents(database, IncidentFilter())) == 1


def test_local_day_hour_and_weekday_are_stored(desk):
    from db.models_incidents import Incident

    database, _staff, places, kinds, zones = desk
    at = datetime(2026, 3, 29, 0, 30, tzinfo=LOCAL_TZ)  # Sunday, the night DST starts
    incident = add_incident(database, places["AL"],
                            IncidentInput(kinds["theft"], zones["cafe"], occurred_at=at), now=NOW)
    with database.read() as session:
        row = session.get(Incident, incident)
        assert (row.local_day.isoformat(), row.hour, row.weekday) == ("2026-03-29", 0, 6)


def test_staff_affected_defaults_the_report_to_needed(desk):
    database, _staff, places, kinds, zones = desk
    incident = add_incident(database, places["AL"], IncidentInput(
        kinds["staff_harassment"], zones["desk"], staff_affected=True), now=NOW)
    assert incident_detail(database, incident).row.kia_status == "needed"
    assert [r.id for r in list_incidents(database, IncidentFilter(status="kia"))] == [incident]


def test_every_edit_is_a_revision_and_conflicts_are_refused(desk):
    database, staff, places, kinds, zones = desk
    incident = add_incident(database, places["AL"], IncidentInput(
        kinds["threat"], zones["entrance"], description="först"), now=NOW)
    same = IncidentInput(kinds["threat"], zones["entrance"], description="först")
    assert edit_incident(database, incident, staff["AL"], same, 1, now=NOW) == 1  # no change
    changed = IncidentInput(kinds["violence"], zones["entrance"], description="sedan")
    assert edit_incident(database, incident, staff["AL"], changed, 1, now=NOW) == 2
    with pytest.raises(EditConflict):  # someone else started from revision 1
        edit_incident(database, incident, staff["SO"], same, 1, now=NOW)
    detail = incident_detail(database, incident)
    assert detail.row.description == "sedan" and detail.row.changed
    assert dict((f, (a, b)) for f, a, b in detail.revisions[1].changes) == {
        "description": ("först", "sedan"), "type": ("threat", "violence")}
    with pytest.raises(PermissionDenied):  # another desk colleague may not rewrite it
        edit_incident(database, incident, staff["BK"], same, 2, now=NOW)
    with pytest.raises(NotFound):
        edit_incident(database, 999_999, staff["AL"], same, 1, now=NOW)


def test_follow_up_roles_news_and_reopening(desk):
    database, staff, places, kinds, zones = desk
    incident = add_incident(database, places["AL"], IncidentInput(
        kinds["drug_dealing"], zones["toilets"], follow_up_by="socialworker"), now=NOW)
    queue = IncidentFilter(mine_for_follow_up="socialworker")
    assert [r.id for r in list_incidents(database, queue)] == [incident]
    assert list_incidents(database, IncidentFilter(mine_for_follow_up="manager"))  # sees all
    for initials in ("AL", "BK", "IT"):
        with pytest.raises(PermissionDenied):
            add_follow_up(database, incident, staff[initials], "klart", close=True, now=NOW)
    with pytest.raises(ValidationError):
        add_follow_up(database, incident, staff["SO"], "   ", now=NOW)
    add_follow_up(database, incident, staff["SO"], "Pratat med fältgruppen", now=NOW)
    assert news_count(database, staff["AL"].id) == 1
    mark_seen(database, incident, staff["AL"].id, now=NOW + timedelta(minutes=1))
    assert news_count(database, staff["AL"].id) == 0
    later = NOW + timedelta(minutes=5)
    add_follow_up(database, incident, staff["SO"], "Ärendet avslutat", close=True, now=later)
    assert news_count(database, staff["AL"].id) == 1
    assert list_incidents(database, queue) == []
    with pytest.raises(ValidationError):
        add_follow_up(database, incident, staff["SO"], "igen", close=True, now=later)
    reopen(database, incident, staff["MH"], "Det hände igen", now=later)
    detail = incident_detail(database, incident)
    assert detail.row.status == "open"
    assert [n.kind for n in detail.notes] == ["note", "close", "reopen"]


def test_drafts_are_per_person_and_form(desk):
    database, staff, _places, _kinds, _zones = desk
    al, bk = staff["AL"].id, staff["BK"].id
    save_draft(database, al, DRAFT_FORM_INCIDENT, {"description": "halvskrivet"})
    save_draft(database, al, DRAFT_FORM_INCIDENT, {"description": "halvskrivet, mer"})
    assert load_draft(database, al, DRAFT_FORM_INCIDENT) == {"description": "halvskrivet, mer"}
    assert load_draft(database, bk, DRAFT_FORM_INCIDENT) is None
    discard_draft(database, al, DRAFT_FORM_INCIDENT)
    assert load_draft(database, al, DRAFT_FORM_INCIDENT) is None


def test_an_edit_leaves_a_follow_up_opened_by_a_note_alone(desk):
    from dataclasses import replace

    from db.incidents import as_input

    database, staff, places, kinds, zones = desk
    incident = add_incident(database, places["AL"], IncidentInput(
        kinds["threat"], zones["entrance"], description="x"), now=NOW)
    add_follow_up(database, incident, staff["SO"], "Pratat med väktaren", now=NOW)
    detail = incident_detail(database, incident)
    assert detail.row.status == "open"
    edit_incident(database, incident, staff["AL"],
                  replace(as_input(detail), description="stavfel rättat"), detail.row.revision,
                  now=NOW)
    assert incident_detail(database, incident).row.status == "open"
    assert list_incidents(database, IncidentFilter(mine_for_follow_up="manager"))


def test_a_retired_type_or_zone_does_not_block_an_edit(desk):
    from dataclasses import replace

    from db.incidents import as_input, set_choice_active

    database, staff, places, kinds, zones = desk
    incident = add_incident(database, places["AL"], IncidentInput(
        kinds["threat"], zones["cafe"], description="x"), now=NOW)
    set_choice_active(database, "type", "threat", False)
    set_choice_active(database, "zone", "cafe", False, places["AL"].branch_id)
    detail = incident_detail(database, incident)
    edit_incident(database, incident, staff["AL"],
                  replace(as_input(detail), description="rättat"), 1, now=NOW)
    with pytest.raises(ValidationError):  # but nobody records a new one with them
        add_incident(database, places["AL"], IncidentInput(kinds["threat"], zones["entrance"]),
                     now=NOW)


def test_long_draft_keys_fit_and_stay_apart(desk):
    database, staff, _places, _kinds, _zones = desk
    al = staff["AL"].id
    one = "contact:aee5c921-a91c-58e7-b17f-a13c3b01848c"
    two = "contact:aee5c921-a91c-58e7-b17f-a13c3b01848d"
    save_draft(database, al, one, {"name": "Kim"})
    save_draft(database, al, two, {"name": "Lo"})
    assert load_draft(database, al, one) == {"name": "Kim"}
    assert load_draft(database, al, two) == {"name": "Lo"}
    discard_draft(database, al, one)
    assert load_draft(database, al, one) is None and load_draft(database, al, two)
