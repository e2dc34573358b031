"""Access-ban cases in the data layer: who may read them, the one-year rule, extensions, the
15-year limit, what desk staff see, audited identity reads and deletion when it is over."""

from __future__ import annotations

from dataclasses import replace
from datetime import date, datetime, timedelta

import pytest
from sqlmodel import select

from db import bans
from db.bans import CaseInput
from db.clock import LOCAL_TZ, to_local
from db.directory import Place
from db.errors import PermissionDenied, ValidationError
from db.incidents import IncidentInput, add_incident, choices
from db.library import desk_context
from db.models import AuditEvent
from db.models_incidents import BanCase, BanIdentity
from db.staff import find_staff
from tests.conftest import FIXED_NOW

TODAY = FIXED_NOW.date()  # 2026-11-24
PERSON = "Testperson Fiktiv Exempelsson"


@pytest.fixture
def setting(demo_db):
    context = desk_context(demo_db, "Informationsdisken")
    assert context is not None and context.desk is not None
    return demo_db, context.branch_id, context.desk.id


def staff(database, initials: str):
    info = find_staff(database, initials)
    assert info is not None
    return info


def incident(database, branch_id: int, desk_id: int, police: str = "5000-K12345-26") -> int:
    options = choices(database, branch_id)
    reporter = staff(database, "AL")
    when = datetime(2026, 11, 20, 15, 30, tzinfo=LOCAL_TZ)
    return add_incident(database, Place(reporter.id, desk_id, branch_id),
                        IncidentInput(options.types[0].id, options.zones[0].id, occurred_at=when,
                                      description="Hotade personal vid disken",
                                      police_report=police), now=FIXED_NOW)


def case_input(incident_ids: tuple[int, ...], **changes) -> CaseInput:
    data = CaseInput(
        area="Exempelstad stadsbibliotek, hela huset med entré", responsible_name="Maria Hansson",
        responsible_contact="010-123 45 67", recognition="Lång, grön jacka, cykelhjälm",
        risk_assessment="Upprepade hot mot personal; risk för fortsatta brott.",
        full_name=PERSON, birth_date=date(1990, 5, 17),
        established_how="Visade id-kort vid polisens ingripande", incident_ids=incident_ids)
    return replace(data, **changes)


def applied_case(database, branch_id: int, desk_id: int, applied_on: date = TODAY) -> int:
    manager = staff(database, "MH")
    case_id = bans.create_case(database, manager, branch_id,
                               case_input((incident(database, branch_id, desk_id),)), TODAY)
    bans.mark_applied(database, manager, case_id, applied_on)
    return case_id


def granted_case(database, branch_id: int, desk_id: int, starts: date, ends: date) -> int:
    case_id = applied_case(database, branch_id, desk_id, min(TODAY, starts - timedelta(days=14)))
    bans.record_decision(database, staff(database, "MH"), case_id, starts, True, starts, ends,
                         "AM-12345-26")
    return case_id


def identity_count(database) -> int:
    with database.read() as session:
        return len(session.exec(select(BanIdentity)).all())


@pytest.mark.parametrize("initials", ["AL", "SO", "IT"])
def test_only_the_manager_reaches_cases_in_the_data_layer(setting, initials):
    database, branch_id, desk_id = setting
    case_id = granted_case(database, branch_id, desk_id, TODAY, TODAY + timedelta(days=90))
    other = staff(database, initials)
    with pytest.raises(PermissionDenied):
        bans.case_detail(database, other, case_id)
    with pytest.raises(PermissionDenied):
        bans.case_list(database, other, branch_id)
    with pytest.raises(PermissionDenied):
        bans.create_case(database, other, branch_id, case_input(()), TODAY)
    with pytest.raises(PermissionDenied):
        bans.record_decision(database, other, case_id, TODAY, False)
    with pytest.raises(PermissionDenied):
        bans.withdraw(database, other, case_id, TODAY)
    with database.read() as session:
        reads = session.exec(select(AuditEvent)
                             .where(AuditEvent.action == "ban_identity_read")).all()
    assert reads == []  # a refused read leaves no trace of a read either


def test_desk_staff_see_an_active_ban_without_the_identity(setting):
    database, branch_id, desk_id = setting
    case_id = granted_case(database, branch_id, desk_id, TODAY - timedelta(days=10),
                           TODAY + timedelta(days=100))
    notices = bans.active_bans(database, branch_id, TODAY)
    assert [n.case_id for n in notices] == [case_id]
    notice = notices[0]
    assert notice.recognition == "Lång, grön jacka, cykelhjälm"
    assert set(vars(notice)) == {"case_id", "recognition", "area", "starts_on", "ends_on"}
    assert PERSON not in repr(notice) and "1990" not in repr(notice)
    assert bans.active_bans(database, branch_id, TODAY + timedelta(days=101)) == []
    assert bans.active_bans(database, branch_id, TODAY - timedelta(days=11)) == []
    summary = bans.case_list(database, staff(database, "MH"), branch_id, TODAY)[0]
    assert summary.state == "active" and PERSON not in repr(summary)


def test_identity_reads_are_audited(setting):
    database, branch_id, desk_id = setting
    manager = staff(database, "MH")
    case_id = applied_case(database, branch_id, desk_id)
    detail = bans.case_detail(database, manager, case_id, desk_id=desk_id)
    assert detail.identity is not None and detail.identity.full_name == PERSON
    assert [i.police_report for i in detail.incidents] == ["5000-K12345-26"]
    bans.case_detail(database, manager, case_id)
    bans.case_list(database, manager, branch_id)  # the list has no identity: no read
    with database.read() as session:
        reads = session.exec(select(AuditEvent)
                             .where(AuditEvent.action == "ban_identity_read")).all()
    assert [(r.staff_id, r.subject) for r in reads] == [(manager.id, f"ban_case:{case_id}")] * 2
    assert reads[0].desk_id == desk_id


def test_identity_is_deleted_after_the_ban_ends_and_the_days_pass(setting):
    database, branch_id, desk_id = setting
    manager = staff(database, "MH")
    ends = TODAY + timedelta(days=30)
    case_id = granted_case(database, branch_id, desk_id, TODAY, ends)
    keep = 30
    # The last day it can be kept: ends + keep days. Still there.
    assert bans.purge_identities(database, ends + timedelta(days=keep), keep) == 0
    assert identity_count(database) == 1
    assert bans.purge_identities(database, ends + timedelta(days=keep + 1), keep) == 1
    assert identity_count(database) == 0
    detail = bans.case_detail(database, manager, case_id)
    assert detail.identity is None and detail.identity_deleted_at is not None
    assert detail.summary.recognition == "" and detail.summary.identity_deleted
    assert [i.police_report for i in detail.incidents] == ["5000-K12345-26"]
    with database.read() as session:
        deleted = session.exec(select(AuditEvent)
                               .where(AuditEvent.action == "ban_identity_deleted")).all()
        case = session.get(BanCase, case_id)
    assert [e.subject for e in deleted] == [f"ban_case:{case_id}"]
    assert case is not None and case.recognition == ""
    # Nothing left to purge; a second run changes nothing.
    assert bans.purge_identities(database, ends + timedelta(days=400), keep) == 0
    with pytest.raises(ValidationError):
        bans.update_case(database, manager, case_id, case_input(()), TODAY)


def test_identity_is_deleted_after_a_refusal_and_a_withdrawal(setting):
    database, branch_id, desk_id = setting
    manager = staff(database, "MH")
    refused = applied_case(database, branch_id, desk_id)
    bans.record_decision(database, manager, refused, TODAY, False, reference="AM-1-26")
    withdrawn = bans.create_case(database, manager, branch_id, case_input(()), TODAY)
    bans.withdraw(database, manager, withdrawn, TODAY + timedelta(days=5))
    running = granted_case(database, branch_id, desk_id, TODAY, TODAY + timedelta(days=200))
    draft = bans.create_case(database, manager, branch_id, case_input(()), TODAY)
    assert bans.purge_identities(database, TODAY + timedelta(days=7), 7) == 0
    assert bans.purge_identities(database, TODAY + timedelta(days=8), 7) == 1
    assert bans.case_detail(database, manager, refused).identity is None
    assert bans.case_detail(database, manager, withdrawn).identity is not None
    assert bans.purge_identities(database, TODAY + timedelta(days=13), 7) == 1
    assert bans.case_detail(database, manager, withdrawn).identity is None
    assert bans.case_detail(database, manager, running).identity is not None
    assert bans.case_detail(database, manager, draft).identity is not None
    states = {s.id: s.state for s in bans.case_list(database, manager, branch_id, TODAY)}
    assert states == {refused: "refused", withdrawn: "withdrawn", running: "active",
                      draft: "draft"}


def test_a_ban_lasts_at_most_one_year(setting):
    database, branch_id, desk_id = setting
    manager = staff(database, "MH")
    case_id = applied_case(database, branch_id, desk_id)
    start = date(2026, 12, 1)
    with pytest.raises(ValidationError) as refused:
        bans.record_decision(database, manager, case_id, TODAY, True, start, date(2027, 12, 1))
    assert refused.value.field == "ends_on"
    with pytest.raises(ValidationError) as backwards:
        bans.record_decision(database, manager, case_id, TODAY, True, start, date(2026, 11, 30))
    assert backwards.value.field == "ends_on"
    with pytest.raises(ValidationError) as no_period:
        bans.record_decision(database, manager, case_id, TODAY, False, start, date(2027, 1, 1))
    assert no_period.value.field == "starts_on"
    bans.record_decision(database, manager, case_id, TODAY, True, start, date(2027, 11, 30))
    summary = bans.case_list(database, manager, branch_id, TODAY)[0]
    assert (summary.state, summary.starts_on, summary.ends_on) == \
        ("upcoming", start, date(2027, 11, 30))


def test_an_extension_follows_on_and_is_itself_at_most_a_year(setting):
    database, branch_id, desk_id = setting
    manager = staff(database, "MH")
    first_end = date(2027, 6, 30)
    case_id = granted_case(database, branch_id, desk_id, date(2026, 7, 1), first_end)
    with pytest.raises(ValidationError) as gap:
        bans.record_decision(database, manager, case_id, date(2027, 6, 20), True,
                             date(2027, 7, 2), date(2028, 6, 30))
    assert gap.value.field == "starts_on"
    with pytest.raises(ValidationError) as too_long:
        bans.record_decision(database, manager, case_id, date(2027, 6, 20), True,
                             date(2027, 7, 1), date(2028, 7, 1))
    assert too_long.value.field == "ends_on"
    with pytest.raises(ValidationError) as not_longer:
        bans.record_decision(database, manager, case_id, date(2027, 6, 20), True,
                             date(2027, 6, 1), date(2027, 6, 30))
    assert not_longer.value.field == "ends_on"
    bans.record_decision(database, manager, case_id, date(2027, 6, 20), True,
                         date(2027, 7, 1), date(2028, 6, 30), "AM-2-27")
    notice, = bans.active_bans(database, branch_id, date(2028, 1, 15))
    assert (notice.starts_on, notice.ends_on) == (date(2026, 7, 1), date(2028, 6, 30))
    # The identity stays through the extension.
    assert bans.purge_identities(database, date(2027, 8, 15), 30) == 0
    assert identity_count(database) == 1
    assert bans.purge_identities(database, date(2028, 7, 31), 30) == 1


def test_nobody_under_15_can_be_banned(setting):
    database, branch_id, desk_id = setting
    manager = staff(database, "MH")
    fifteen_tomorrow = date(TODAY.year - 15, TODAY.month, TODAY.day) + timedelta(days=1)
    with pytest.raises(ValidationError) as young:
        bans.create_case(database, manager, branch_id,
                         case_input((), birth_date=fifteen_tomorrow), TODAY)
    assert young.value.field == "birth_date"
    assert identity_count(database) == 0
    # Fifteen today is enough; applying later than the birthday is checked again.
    case_id = bans.create_case(database, manager, branch_id,
                               case_input((incident(database, branch_id, desk_id),),
                                          birth_date=fifteen_tomorrow - timedelta(days=1)),
                               TODAY)
    bans.mark_applied(database, manager, case_id, TODAY)
    with pytest.raises(ValidationError) as missing:
        bans.create_case(database, manager, branch_id, case_input((), birth_date=None), TODAY)
    assert missing.value.field == "birth_date"


def test_applying_needs_incidents_and_the_right_order(setting):
    database, branch_id, desk_id = setting
    manager = staff(database, "MH")
    case_id = bans.create_case(database, manager, branch_id, case_input(()), TODAY)
    with pytest.raises(ValidationError):
        bans.record_decision(database, manager, case_id, TODAY, False)  # not applied yet
    with pytest.raises(ValidationError):
        bans.mark_applied(database, manager, case_id, TODAY)  # no incident linked
    with pytest.raises(ValidationError) as unknown:
        bans.update_case(database, manager, case_id, case_input((999_999,)), TODAY)
    assert unknown.value.field == "incidents"
    bans.update_case(database, manager, case_id,
                     case_input((incident(database, branch_id, desk_id, "5000-K7-26"),
                                 incident(database, branch_id, desk_id, "")),
                                recognition="Röd mössa"), TODAY)
    bans.mark_applied(database, manager, case_id, TODAY)
    detail = bans.case_detail(database, manager, case_id)
    assert detail.summary.status == "applied" and detail.summary.recognition == "Röd mössa"
    assert [i.police_report for i in detail.incidents] == ["5000-K7-26", None]
    with pytest.raises(ValidationError) as early:
        bans.record_decision(database, manager, case_id, TODAY - timedelta(days=1), False)
    assert early.value.field == "decided_on"


def _granted_case(database, branch_id: int, desk_id: int, starts: date, ends: date) -> int:
    manager = staff(database, "MH")
    case = bans.create_case(database, manager, branch_id,
                            case_input((incident(database, branch_id, desk_id),)),
                            today=starts - timedelta(days=20))
    bans.mark_applied(database, manager, case, starts - timedelta(days=20))
    bans.record_decision(database, manager, case, starts - timedelta(days=2), True, starts, ends,
                         "AM-1234-26")
    return case


async def test_desk_staff_see_that_a_ban_is_active_but_never_who(setting):
    from tests.conftest import make_app, screen_text, sign_in, wait_for, wait_ready
    from tui.screens.incidents import IncidentScreen

    database, branch_id, desk_id = setting
    _granted_case(database, branch_id, desk_id, TODAY - timedelta(days=10),
                  TODAY + timedelta(days=100))
    app = make_app(database.url)
    async with app.run_test(size=(80, 24)) as pilot:
        await wait_ready(pilot)
        await sign_in(pilot, "AL")
        await pilot.press("f4")
        await wait_for(pilot, lambda: isinstance(app.screen, IncidentScreen) and app.screen.bans)
        text = screen_text(app)
        assert "Lång, grön jacka, cykelhjälm" in text
        assert PERSON not in text and "1990" not in text


async def test_the_app_deletes_expired_identities_when_it_starts(setting):
    from tests.conftest import make_app, wait_for, wait_ready

    database, branch_id, desk_id = setting
    case = _granted_case(database, branch_id, desk_id, TODAY - timedelta(days=200),
                         TODAY - timedelta(days=31))  # over for 31 days; 30 are kept
    kept = _granted_case(database, branch_id, desk_id, TODAY - timedelta(days=200),
                         TODAY - timedelta(days=29))
    app = make_app(database.url)
    async with app.run_test(size=(80, 24)) as pilot:
        await wait_ready(pilot)

        def identities() -> set[int]:
            with database.read() as session:
                return set(session.exec(select(BanIdentity.case_id)).all())

        await wait_for(pilot, lambda: case not in identities())
        assert kept in identities()


def test_a_forgotten_draft_loses_its_identity_and_future_dates_are_refused(setting):
    database, branch_id, desk_id = setting
    manager = staff(database, "MH")
    case = bans.create_case(database, manager, branch_id,
                            case_input((incident(database, branch_id, desk_id),)), today=TODAY)
    with pytest.raises(ValidationError):  # a typo in the year would keep the name for years
        bans.mark_applied(database, manager, case, date(2062, 11, 24), today=TODAY)
    with pytest.raises(ValidationError):
        bans.withdraw(database, manager, case, TODAY + timedelta(days=1), today=TODAY)
    # Idle counts from the case's last change, which the database stamps with the real clock.
    with database.read() as session:
        touched = to_local(session.get(BanCase, case).updated_at).date()
    idle = bans.IDLE_DAYS + 30
    assert bans.purge_identities(database, touched + timedelta(days=idle - 1), 30) == 0
    assert bans.purge_identities(database, touched + timedelta(days=idle + 1), 30) == 1
    with database.read() as session:
        row = session.get(BanCase, case)
        assert (row.recognition, row.risk_assessment) == ("", "")
        assert session.exec(select(BanIdentity).where(BanIdentity.case_id == case)).first() \
            is None


async def test_typed_brackets_are_shown_as_typed(setting):
    from tests.conftest import make_app, screen_text, sign_in, wait_for, wait_ready
    from tui.screens.bans import BanCaseScreen, BanScreen

    database, branch_id, desk_id = setting
    manager = staff(database, "MH")
    bans.create_case(database, manager, branch_id, case_input(
        (incident(database, branch_id, desk_id),), recognition="grå jacka [ofta vid entrén]",
        risk_assessment="Kalle [/] x [bold]inte fet[/bold]"), today=TODAY)
    app = make_app(database.url)
    async with app.run_test(size=(100, 30)) as pilot:
        await wait_ready(pilot)
        await sign_in(pilot, "MH", "1234")
        await pilot.press("f8")
        await wait_for(pilot, lambda: isinstance(app.screen, BanScreen)
                       and app.screen.query_one("#bans-table").row_count == 1)
        assert "[ofta vid entrén]" in screen_text(app)
        await pilot.press("enter")
        await wait_for(pilot, lambda: isinstance(app.screen, BanCaseScreen)
                       and "Kalle [/] x" in screen_text(app))
        assert "[bold]inte fet[/bold]" in screen_text(app)
