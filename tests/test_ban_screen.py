"""F8 access bans through the UI (80×24): the manager builds a case from an incident, marks
it applied, records a granted decision and sees it active; opening a case is logged; the
application is exported as text and PDF; desk staff cannot reach F8."""

from __future__ import annotations

from datetime import date, datetime

from sqlmodel import select

from db import bans
from db.clock import LOCAL_TZ
from db.directory import Place
from db.incidents import IncidentInput, add_incident, choices
from db.library import desk_context
from db.models import AuditEvent
from db.staff import find_staff
from tests.conftest import FIXED_NOW, make_app, screen_text, sign_in, wait_for, wait_ready
from tui.screens.ban_forms import AppliedDialog, CaseFormScreen, DecisionDialog
from tui.screens.bans import BanCaseScreen, BanScreen

TODAY = FIXED_NOW.date()
SIZE = (80, 24)


def an_incident(database) -> tuple[int, int]:
    """An incident with a police report at the demo branch; returns (branch id, incident id)."""
    context = desk_context(database, "Informationsdisken")
    assert context is not None and context.desk is not None
    reporter = find_staff(database, "AL")
    assert reporter is not None
    options = choices(database, context.branch_id)
    incident_id = add_incident(
        database, Place(reporter.id, context.desk.id, context.branch_id),
        IncidentInput(options.types[0].id, options.zones[0].id,
                      occurred_at=datetime(2026, 11, 21, 14, 10, tzinfo=LOCAL_TZ),
                      description="Hotade personal i entrén", police_report="5000-K12345-26"),
        now=FIXED_NOW)
    return context.branch_id, incident_id


async def open_bans(pilot) -> BanScreen:
    app = pilot.app
    await wait_ready(pilot)
    await sign_in(pilot, "MH", "1234")
    await pilot.press("f8")
    await wait_for(pilot, lambda: isinstance(app.screen, BanScreen))
    return app.screen


async def test_manager_builds_a_case_and_records_a_granted_ban(demo_url, demo_db):
    branch_id, incident_id = an_incident(demo_db)
    app = make_app(demo_url, lang="en")
    async with app.run_test(size=SIZE) as pilot:
        await open_bans(pilot)
        await wait_for(pilot, lambda: "No access-ban cases here" in screen_text(app))
        await pilot.press("n")
        await wait_for(pilot, lambda: isinstance(app.screen, CaseFormScreen)
                       and "Recent incidents here" in screen_text(app))
        form = app.screen
        await pilot.press("tab", "tab", *"010-123 45 67", "tab", *"Fiktiv Testperson",
                          "tab", *"2012-01-05")
        form.query_one("#established_how").value = "ID card shown to the police"
        form.query_one("#recognition").value = "Green jacket, bike helmet"
        form.query_one("#incidents").value = f"#{incident_id}"
        form.query_one("#risk_assessment").value = "Repeated threats against staff."
        await pilot.press("ctrl+s")  # born 2012: only 14 today
        await wait_for(pilot, lambda: "nobody under 15" in screen_text(app))
        assert isinstance(app.screen, CaseFormScreen)
        form.query_one("#birth_date").value = "1990-05-17"
        await pilot.press("ctrl+s")
        await wait_for(pilot, lambda: isinstance(app.screen, BanScreen)
                       and "draft" in screen_text(app))
        await pilot.press("a")
        await wait_for(pilot, lambda: isinstance(app.screen, AppliedDialog))
        await pilot.press("ctrl+s")
        await wait_for(pilot, lambda: isinstance(app.screen, BanScreen)
                       and "applied" in screen_text(app))
        await pilot.press("b")
        await wait_for(pilot, lambda: isinstance(app.screen, DecisionDialog))
        assert app.screen.query_one("#ends_on").value == "2027-11-23"  # a year less a day
        app.screen.query_one("#ends_on").value = "2027-11-24"
        await pilot.press("ctrl+s")
        await wait_for(pilot, lambda: "at most one year" in screen_text(app))
        app.screen.query_one("#ends_on").value = "2027-05-31"
        await pilot.press("ctrl+s")
        await wait_for(pilot, lambda: isinstance(app.screen, BanScreen)
                       and "ACTIVE" in screen_text(app))
        text = screen_text(app)
        assert "2026-11-24–2027-05-31" in text and "Green jacket" in text
        assert "Fiktiv Testperson" not in text  # the list never shows the identity
        assert [n.recognition for n in bans.active_bans(demo_db, branch_id, TODAY)] == \
            ["Green jacket, bike helmet"]

        await pilot.press("enter")  # the case in full: the identity, and the read is logged
        await wait_for(pilot, lambda: isinstance(app.screen, BanCaseScreen))
        await wait_for(pilot, lambda: "Fiktiv Testperson" in screen_text(app))
        assert "5000-K12345-26" in screen_text(app)
        await pilot.press("escape")
        await wait_for(pilot, lambda: isinstance(app.screen, BanScreen))
    with demo_db.read() as session:
        reads = session.exec(select(AuditEvent)
                             .where(AuditEvent.action == "ban_identity_read")).all()
    assert len(reads) == 1 and reads[0].desk_id is not None


async def test_desk_staff_cannot_reach_f8(demo_url, demo_db):
    manager = find_staff(demo_db, "MH")
    assert manager is not None
    branch_id, incident_id = an_incident(demo_db)
    bans.create_case(demo_db, manager, branch_id, bans.CaseInput(
        "Hela biblioteket", "Maria Hansson", "010-123 45 67", "Röd mössa", "Hot mot personal",
        "Fiktiv Testperson", date(1990, 5, 17), "Id-kort", (incident_id,)), TODAY)
    app = make_app(demo_url)
    async with app.run_test(size=SIZE) as pilot:
        await wait_ready(pilot)
        await sign_in(pilot, "AL")
        before = app.current_mode
        assert "F8" not in screen_text(app)
        await pilot.press("f8")
        await pilot.pause(0.2)
        assert app.current_mode == before and not isinstance(app.screen, BanScreen)
        assert "Fiktiv Testperson" not in screen_text(app)


async def test_export_writes_the_application_as_text_and_pdf(demo_url, demo_db, tmp_path,
                                                             monkeypatch):
    monkeypatch.setenv("XDG_DATA_HOME", str(tmp_path))
    manager = find_staff(demo_db, "MH")
    assert manager is not None
    branch_id, incident_id = an_incident(demo_db)
    case_id = bans.create_case(demo_db, manager, branch_id, bans.CaseInput(
        "Stadsbiblioteket, hela huset", "Maria Hansson", "010-123 45 67", "Röd mössa",
        "Upprepade hot; risk för fortsatta brott.", "Fiktiv Testperson", date(1990, 5, 17),
        "Id-kort visat för polisen", (incident_id,)), TODAY)
    app = make_app(demo_url)
    async with app.run_test(size=SIZE) as pilot:
        await open_bans(pilot)
        await wait_for(pilot, lambda: app.screen.query_one("#bans-table").row_count == 1)
        await pilot.press("x")
        folder = tmp_path / "lotsen" / "bans"
        await wait_for(pilot, lambda: len(list(folder.glob("*"))) == 2)
    stem = folder / f"ban-case-{case_id}-2026-11-24"
    text = stem.with_suffix(".txt").read_text(encoding="utf-8")
    for expected in ("Fiktiv Testperson", "1990-05-17", "Id-kort visat för polisen",
                     "5000-K12345-26", "Hotade personal i entrén", "2021:34",
                     "Stadsbiblioteket, hela huset", "Maria Hansson", "010-123 45 67",
                     "Upprepade hot", "2026-11-24"):
        assert expected in text, expected
    assert stem.with_suffix(".pdf").read_bytes().startswith(b"%PDF")
    # Once the identity is deleted, the exported files go as well.
    bans.withdraw(demo_db, manager, case_id, TODAY)
    assert bans.purge_identities(demo_db, date(2027, 1, 1), 30) == 1
    app = make_app(demo_url)
    async with app.run_test(size=SIZE) as pilot:
        await open_bans(pilot)
        await wait_for(pilot, lambda: not list(folder.glob("*")))
        assert "identity deleted" in screen_text(app) or "identitet" in screen_text(app)
