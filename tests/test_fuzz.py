"""Bad input everywhere (hypothesis): any Unicode, control characters, huge values and wrong
types given to every validator, to what every form saves and to the HSDS importer get a
clear LotsenError or are accepted — never another exception — and a refusal leaves the
database as it was."""

from __future__ import annotations

import json
from datetime import date

import pytest
from hypothesis import HealthCheck, assume, given, settings
from hypothesis import strategies as st

from db.errors import LotsenError
from tests.conftest import FIXED_NOW

QUICK = settings(max_examples=120, deadline=None)
WITH_DB = settings(max_examples=30, deadline=None,
                   suppress_health_check=[HealthCheck.function_scoped_fixture,
                                          HealthCheck.too_slow])

# Text that hurts: any Unicode (surrogates excluded: they cannot be stored), control
# characters, very long runs, and the digits and separators that look like data.
texts = st.one_of(
    st.text(st.characters(exclude_categories=("Cs",)), max_size=300),
    st.text(st.sampled_from("0123456789-+ :.,/@KkÅåÄäÖö\x00\x07\n\t\r\u202e"), max_size=60),
    st.builds(lambda c, n: c * n, st.sampled_from("a9 -\x00å"), st.integers(0, 20_000)),
)
anything = st.one_of(texts, st.none(), st.integers(), st.floats(allow_nan=True),
                     st.booleans(), st.lists(st.integers(), max_size=3))


def _clear(call) -> None:  # noqa: ANN001
    """``call()`` either works or raises a LotsenError with a message."""
    try:
        call()
    except LotsenError as exc:
        assert str(exc).strip(), "an error without a message"


# ----------------------------------------------------------------------------- validators
@QUICK
@given(texts)
def test_time_parsing(text):
    from db.incidents import parse_when

    _clear(lambda: parse_when(text, FIXED_NOW))


@QUICK
@given(texts)
def test_police_numbers_incident_numbers_and_hours(text):
    from db.directory_edit import parse_hours_text
    from db.incidents import normalize_police_report, parse_incident_ids

    _clear(lambda: normalize_police_report(text))
    _clear(lambda: parse_incident_ids(text))
    _clear(lambda: parse_hours_text(text))


@QUICK
@given(texts)
def test_staff_fields(text):
    from db.staff import validate_initials, validate_name, validate_pin, validate_role

    for check in (validate_initials, validate_name, validate_pin, validate_role):
        _clear(lambda check=check: check(text))


@QUICK
@given(texts)
def test_the_privacy_guard_never_fails(text):
    from db.privacy import find_personal_data, mask

    findings = find_personal_data(text)
    for finding in findings:
        assert text[finding.start:finding.end] == finding.value
    masked = mask(text, findings)
    assert not find_personal_data(masked) or masked != text


@QUICK
@given(st.dates(), st.dates())
def test_statistics_periods(start, end):
    from db.incident_stats import check_period

    _clear(lambda: check_period(start, end))


# ----------------------------------------------------------------------------- forms → db
def _counts(database) -> tuple[int, ...]:  # noqa: ANN001
    from sqlmodel import func, select

    from db.models import Staff
    from db.models_directory import Service
    from db.models_handover import HandoverNote
    from db.models_incidents import BanCase, Incident

    with database.read() as session:
        return tuple(session.scalar(select(func.count()).select_from(model)) or 0
                     for model in (Incident, HandoverNote, Staff, Service, BanCase))


def _refused_leaves_nothing(database, call) -> None:  # noqa: ANN001
    before = _counts(database)
    try:
        call()
    except LotsenError as exc:
        assert str(exc).strip()
        assert _counts(database) == before, "a refusal changed the database"


@pytest.fixture
def people(demo_db):
    from tests.test_incident_screen import _place

    from db.incidents import choices
    from db.staff import find_staff

    place, context = _place(demo_db, "SO")
    options = choices(demo_db, context.branch_id)
    return demo_db, place, find_staff(demo_db, "SO"), find_staff(demo_db, "MH"), options


@WITH_DB
@given(description=texts, police=texts, kia=texts, severity=anything, actions=anything,
       follow=texts)
def test_the_incident_form(people, description, police, kia, severity, actions, follow):
    from db.incidents import IncidentInput, add_incident

    database, place, _so, _mh, options = people
    data = IncidentInput(options.types[0].id, options.zones[0].id, description=description,
                         police_report=police, kia_case=kia, staff_affected=bool(kia),
                         severity=severity, actions=actions if isinstance(actions, tuple)
                         else (actions,) if isinstance(actions, str) else (),
                         follow_up_by=follow)
    _refused_leaves_nothing(database, lambda: add_incident(database, place, data,
                                                           now=FIXED_NOW))


@WITH_DB
@given(text=texts, category=texts, priority=texts, shifts=anything, owner=texts)
def test_the_handover_note_form(people, text, category, priority, shifts, owner):
    from db.handover import NewNote, write_note

    database, place, _so, _mh, _options = people
    note = NewNote(text, category, priority, expires_after_shifts=shifts
                   if isinstance(shifts, int) else None, follow_up_owner=owner or None)
    _refused_leaves_nothing(database, lambda: write_note(database, place, note,
                                                         now=FIXED_NOW))


@WITH_DB
@given(initials=texts, name=texts, role=texts, pin=texts)
def test_the_staff_form(people, initials, name, role, pin):
    from db.staff import create_staff

    database, _place, _so, manager, _options = people
    _refused_leaves_nothing(database, lambda: create_staff(database, initials, name, role,
                                                           pin or None, actor=manager))


@WITH_DB
@given(name=texts, organization=texts, description=texts, phone=texts, hours=texts,
       languages=texts, city=texts)
def test_the_service_form(people, name, organization, description, phone, hours, languages,
                          city):
    from db.directory_edit import ServiceForm, save_service

    database, _place, social, _mh, _options = people
    form = ServiceForm(name, organization, description=description, phone=phone, hours=hours,
                       languages=languages, city=city)
    _refused_leaves_nothing(database, lambda: save_service(database, form, social))


@WITH_DB
@given(area=texts, recognition=texts, risk=texts, name=texts, how=texts,
       born=st.one_of(st.none(), st.dates()))
def test_the_access_ban_form(people, area, recognition, risk, name, how, born):
    from db import bans

    database, place, _so, manager, _options = people
    data = bans.CaseInput(area, "Maria Holm", "010-123 45 67", recognition, risk, name, born,
                          how, ())
    _refused_leaves_nothing(database, lambda: bans.create_case(
        database, manager, place.branch_id, data, FIXED_NOW.date()))


@WITH_DB
@given(payload=st.one_of(
    texts,
    st.recursive(st.one_of(st.none(), st.booleans(), st.integers(), texts),
                 lambda inner: st.lists(inner, max_size=4)
                 | st.dictionaries(st.sampled_from(["id", "name", "services", "phones",
                                                    "organization", "schedules", "x"]),
                                   inner, max_size=5), max_leaves=20)))
def test_the_hsds_importer(people, tmp_path_factory, payload):
    from db.directory import import_directory

    database = people[0]
    folder = tmp_path_factory.mktemp("hsds")
    path = folder / "directory.json"
    path.write_text(payload if isinstance(payload, str) else json.dumps(payload),
                    encoding="utf-8", errors="surrogatepass")
    assume(path.stat().st_size < 2_000_000)
    _refused_leaves_nothing(database, lambda: import_directory(database, path))
    _refused_leaves_nothing(database, lambda: import_directory(database, path, lenient=True))


def test_dates_outside_the_calendar_are_clear(people):
    from db import bans

    database, place, _so, manager, _options = people
    data = bans.CaseInput("x", "y", "z", "", "", "Fiktiv", date(1, 1, 1), "id", ())
    _refused_leaves_nothing(database, lambda: bans.create_case(
        database, manager, place.branch_id, data, FIXED_NOW.date()))


@WITH_DB
@given(text=texts, alert=texts, contact=st.tuples(texts, texts, texts, texts))
def test_follow_up_alert_and_contact_forms(people, text, alert, contact):
    from db.directory import set_alert
    from db.directory_edit import add_contact
    from db.incidents import add_follow_up
    from tests.test_incident_screen import _record

    database, _place, social, _mh, _options = people
    incident = _record(database)
    _refused_leaves_nothing(database, lambda: add_follow_up(database, incident, social, text,
                                                            now=FIXED_NOW))
    service = "aee5c921-a91c-58e7-b17f-a13c3b01848c"
    _refused_leaves_nothing(database, lambda: set_alert(database, service, alert, social))
    _refused_leaves_nothing(database, lambda: add_contact(database, service, *contact, social))


@WITH_DB
@given(decided=st.dates(), starts=st.one_of(st.none(), st.dates()),
       ends=st.one_of(st.none(), st.dates()), granted=st.booleans(), reference=texts)
def test_the_decision_form(people, decided, starts, ends, granted, reference):
    from db import bans

    database, place, _so, manager, _options = people
    from tests.test_incident_screen import _record

    case = bans.create_case(database, manager, place.branch_id, bans.CaseInput(
        "Hela huset", "Maria Holm", "010-123 45 67", "Röd mössa", "Hot mot personal",
        "Fiktiv Testperson", date(1990, 5, 17), "Id-kort", (_record(database),)),
        FIXED_NOW.date())
    bans.mark_applied(database, manager, case, FIXED_NOW.date())
    _refused_leaves_nothing(database, lambda: bans.record_decision(
        database, manager, case, decided, granted, starts, ends, reference,
        today=FIXED_NOW.date()))


@WITH_DB
@given(need=anything, method=anything, language=anything, reporter=texts)
def test_the_referral_dialog_and_the_incident_filter(people, need, method, language, reporter):
    from db.directory import record_referral
    from db.incidents import IncidentFilter, list_incidents

    database, place, _so, _mh, _options = people
    service = "aee5c921-a91c-58e7-b17f-a13c3b01848c"
    _refused_leaves_nothing(database, lambda: record_referral(
        database, place, service, method, need=need, language=language))
    _clear(lambda: list_incidents(database, IncidentFilter(reporter=reporter)))


@settings(max_examples=25, deadline=None,
          suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow])
@given(library=texts, branch=texts, desks=st.lists(texts, max_size=3), initials=texts,
       name=texts, pin=texts)
def test_the_set_up_wizard(fresh_url, library, branch, desks, initials, name, pin):
    from db.database import open_database
    from db.library import AdminSpec, ShiftSpec, is_set_up, set_up_library

    database = open_database(fresh_url())
    try:
        from datetime import time

        _clear(lambda: set_up_library(database, library, branch, desks,
                                      [ShiftSpec("Dag", time(8), time(16))],
                                      AdminSpec(initials, name, pin)))
        if not is_set_up(database):
            assert _counts(database)[2] == 0  # refused: no half-made library or admin
    finally:
        database.close()
