"""F4 incidents through the real UI: the 12-keystroke common case, edits as revisions,
follow-up with feedback to the reporter, filters, the work-environment flag, drafts."""

from __future__ import annotations

from db.incidents import IncidentFilter, incident_detail, list_incidents
from tests.conftest import make_app, screen_text, sign_in, wait_for, wait_ready


async def _incidents(pilot, initials: str = "AL", pin: str | None = None):
    from tui.screens.incidents import IncidentScreen

    app = pilot.app
    await wait_ready(pilot)
    await sign_in(pilot, initials, pin)
    await pilot.press("f4")
    await wait_for(pilot, lambda: isinstance(app.screen, IncidentScreen)
                   and app.screen.choices is not None)
    return app.screen


async def test_common_case_takes_at_most_twelve_keys(demo_url, demo_db):
    from tui.screens.incident_form import IncidentFormScreen

    app = make_app(demo_url)
    async with app.run_test(size=(80, 24)) as pilot:
        screen = await _incidents(pilot)
        await pilot.press("n")
        await wait_for(pilot, lambda: isinstance(app.screen, IncidentFormScreen))
        keys = ["h", "t", "2", "enter"]  # threat, toilets, asked to leave, on to the text
        text = "Hotade personal vid toaletten"
        keys_after_text = ["ctrl+s"]
        await pilot.press(*keys)
        await pilot.press(*text)
        await pilot.press(*keys_after_text)
        assert len(keys) + len(keys_after_text) <= 12
        await wait_for(pilot, lambda: app.screen is screen and len(screen.rows) == 1)
        row = screen.rows[0]
        assert (row.type_sv, row.zone_sv, row.description) == ("Hot", "Toaletter", text)
        detail = incident_detail(demo_db, row.id)
        assert detail.actions == ("asked_to_leave",)
        assert row.severity == 2 and row.status == "recorded" and row.reporter == "AL"
        assert "Hot · Toaletter" in screen_text(app)


# ----------------------------------------------------------------------------- helpers
def _place(database, initials: str):
    from db.directory import Place
    from db.library import desk_context
    from db.staff import find_staff

    context = desk_context(database, None)
    staff = find_staff(database, initials)
    return Place(staff.id, context.desks[0].id, context.branch_id), context


def _record(database, initials: str = "AL", type_code: str = "threat", zone_code: str = "toilets",
            minutes_ago: int = 30, **fields) -> int:
    from datetime import timedelta

    from db.incidents import IncidentInput, add_incident, choices
    from tests.conftest import FIXED_NOW

    place, context = _place(database, initials)
    options = choices(database, context.branch_id)
    kind = next(c.id for c in options.types if c.code == type_code)
    zone = next(c.id for c in options.zones if c.code == zone_code)
    at = FIXED_NOW - timedelta(minutes=minutes_ago, seconds=17)  # seconds: see the edit test
    return add_incident(database, place, IncidentInput(kind, zone, occurred_at=at, **fields),
                        now=FIXED_NOW)


# ----------------------------------------------------------------------------- tests
async def test_edit_keeps_the_old_version_as_a_revision(demo_url, demo_db):
    from tui.screens.incident_detail import IncidentDetailScreen
    from tui.screens.incident_form import IncidentFormScreen

    incident = _record(demo_db, description="Hotade en besökare")
    app = make_app(demo_url)
    async with app.run_test(size=(80, 24)) as pilot:
        screen = await _incidents(pilot)
        await wait_for(pilot, lambda: len(screen.rows) == 1)
        await pilot.press("e")
        await wait_for(pilot, lambda: isinstance(app.screen, IncidentFormScreen))
        await pilot.press("end", *" och personal", "enter", "3", "ctrl+s")
        await wait_for(pilot, lambda: app.screen is screen and screen.rows[0].revision == 2)
        assert "changed" in screen_text(app) or "ändrad" in screen_text(app)
        await pilot.press("enter")
        await wait_for(pilot, lambda: isinstance(app.screen, IncidentDetailScreen)
                       and app.screen.detail is not None)
        text = screen_text(app)
        assert "rev 1" in text and "rev 2" in text
        assert "Hotade en besökare → Hotade en besökare och personal" in " ".join(text.split())
    detail = incident_detail(demo_db, incident)
    assert [r.revision for r in detail.revisions] == [1, 2]
    changed = {field for field, _before, _after in detail.revisions[1].changes}
    assert changed == {"description", "severity"}  # the time, to the second, is untouched
    assert detail.row.severity == 3


async def test_follow_up_closes_and_the_reporter_sees_what_happened_next(demo_url, demo_db):
    from db.incidents import news_count
    from db.staff import find_staff
    from tui.screens.incident_detail import IncidentDetailScreen
    from tui.screens.incidents import IncidentScreen

    incident = _record(demo_db, follow_up_by="manager", description="Langning vid entrén",
                       type_code="drug_dealing", zone_code="entrance")
    app = make_app(demo_url)
    async with app.run_test(size=(100, 30), notifications=True) as pilot:
        screen = await _incidents(pilot, "MH", "1234")
        await pilot.press("v", "v")  # all → yours → to follow up
        await wait_for(pilot, lambda: screen.view == "follow" and len(screen.rows) == 1)
        await pilot.press("c")
        await wait_for(pilot, lambda: app.screen.query("#text"))
        await pilot.press(*"Polisanmälan gjord, väktare bokad", "ctrl+s")
        await wait_for(pilot, lambda: app.screen is screen and not screen.rows)
        assert news_count(demo_db, find_staff(demo_db, "AL").id) == 1
        await pilot.press("ctrl+l")
        await wait_ready(pilot)
        await sign_in(pilot, "AL")
        await wait_for(pilot, lambda: any("1" in str(n.message) and "F4" in str(n.message)
                                          for n in app._notifications))
        await pilot.press("f4")
        await wait_for(pilot, lambda: isinstance(app.screen, IncidentScreen))
        screen = app.screen
        await pilot.press("v")
        await wait_for(pilot, lambda: screen.view == "mine" and screen.rows
                       and screen.rows[0].news)
        assert "★" in screen_text(app)
        await pilot.press("enter")
        await wait_for(pilot, lambda: isinstance(app.screen, IncidentDetailScreen)
                       and app.screen.detail is not None)
        text = screen_text(app)
        assert "Polisanmälan gjord, väktare bokad" in text
        assert "MH" in text
        await wait_for(pilot, lambda: news_count(demo_db, find_staff(demo_db, "AL").id) == 0)
    assert incident_detail(demo_db, incident).row.status == "closed"


async def test_desk_staff_are_not_offered_follow_up(demo_url, demo_db):
    _record(demo_db, follow_up_by="socialworker")
    app = make_app(demo_url)
    async with app.run_test(size=(80, 24)) as pilot:
        screen = await _incidents(pilot, "BK")
        await wait_for(pilot, lambda: len(screen.rows) == 1)
        assert screen.check_action("close_case", ()) is False
        await pilot.press("c")
        await pilot.pause()
        assert app.screen is screen
        await pilot.press("v", "v")  # desk staff have two views: all, yours
        assert screen.view == "all"


async def test_filters_period_status_type_zone_reporter_and_paging(demo_url, demo_db):
    from tui.screens.incident_filter import IncidentFilterDialog

    _record(demo_db, "AL", "threat", "toilets")
    _record(demo_db, "BK", "threat", "entrance", minutes_ago=60)
    _record(demo_db, "BK", "theft", "entrance", minutes_ago=90, follow_up_by="manager")
    _record(demo_db, "BK", "threat", "entrance", minutes_ago=60 * 24 * 40)  # 40 days ago
    app = make_app(demo_url)
    async with app.run_test(size=(80, 24)) as pilot:
        screen = await _incidents(pilot)
        await wait_for(pilot, lambda: len(screen.rows) == 3)  # last 30 days
        await pilot.press("p", "p", "p", "p")  # 7 days, today, 12 months, all time
        await wait_for(pilot, lambda: screen.period == "all" and len(screen.rows) == 4)
        await pilot.press("s")  # open follow-ups only
        await wait_for(pilot, lambda: screen.status == "open" and len(screen.rows) == 1)
        assert screen.rows[0].type_sv == "Stöld"
        await pilot.press("s", "s", "s", "s")  # … back to any status
        await wait_for(pilot, lambda: screen.status is None and len(screen.rows) == 4)
        await pilot.press("f")
        await wait_for(pilot, lambda: isinstance(app.screen, IncidentFilterDialog))
        await pilot.press("h", "e", *"bk", "enter")  # threat, entrance, reported by BK
        await wait_for(pilot, lambda: app.screen is screen and len(screen.rows) == 2)
        assert {(r.type_sv, r.zone_sv, r.reporter) for r in screen.rows} == {
            ("Hot", "Entré", "BK")}
        assert "Hot · Entré · @BK" in screen_text(app)
        await pilot.press("f")
        await wait_for(pilot, lambda: isinstance(app.screen, IncidentFilterDialog))
        await pilot.press("0", "0", "backspace", "backspace", "enter")
        await wait_for(pilot, lambda: app.screen is screen and len(screen.rows) == 4)


async def test_list_pages_in_sql(demo_url, demo_db):
    from db.incidents import PAGE_SIZE

    for minute in range(PAGE_SIZE + 5):
        _record(demo_db, minutes_ago=minute + 1)
    app = make_app(demo_url)
    async with app.run_test(size=(80, 24)) as pilot:
        screen = await _incidents(pilot)
        await wait_for(pilot, lambda: len(screen.rows) == PAGE_SIZE and screen.more)
        assert f"{PAGE_SIZE}+" in screen_text(app)
        await pilot.press("end")
        await wait_for(pilot, lambda: len(screen.rows) == PAGE_SIZE + 5)
        assert not screen.more
        times = [row.occurred_at for row in screen.rows]
        assert times == sorted(times, reverse=True) and len({r.id for r in screen.rows}) == \
            PAGE_SIZE + 5


async def test_staff_affected_asks_for_the_work_environment_report(demo_url, demo_db):
    from tui.screens.incident_form import IncidentFormScreen

    app = make_app(demo_url)
    async with app.run_test(size=(80, 24)) as pilot:
        screen = await _incidents(pilot)
        await pilot.press("n")
        await wait_for(pilot, lambda: isinstance(app.screen, IncidentFormScreen))
        form = app.screen
        assert not form.query_one("#field-kia_case").display
        await pilot.press("t", "i", "1", "enter", *"Skrek åt personalen", "enter")
        await pilot.press("3", "enter", "j")  # serious; time: now; staff affected: yes
        assert form.query_one("#field-kia_case").display
        await pilot.press("2", *"KIA-2026-17", "enter", "0", *"12345", "ctrl+s")
        await wait_for(pilot, lambda: "5000-K123456-26" in screen_text(app))
        assert app.screen is form and not list_incidents(demo_db, IncidentFilter())
        await pilot.press(*["backspace"] * 5, *"5000-k123456-26", "ctrl+s")
        await wait_for(pilot, lambda: app.screen is screen and len(screen.rows) == 1)
        assert "⚠" in screen_text(app)
    detail = incident_detail(demo_db, screen.rows[0].id)
    row = detail.row
    assert (row.staff_affected, row.kia_status, detail.kia_case, row.severity) == (
        True, "reported", "KIA-2026-17", 3)
    assert row.police_report == "5000-K123456-26"
    assert list_incidents(demo_db, IncidentFilter(status="kia")) == []  # reported, not due
    assert row.type_sv == "Trakasserier mot personal" and row.zone_sv == "Informationsdisk"


async def test_unsaved_entry_survives_as_a_draft(demo_url, demo_db):
    from db.incidents import DRAFT_FORM_INCIDENT, load_draft
    from db.staff import find_staff
    from tui.screens.incident_form import IncidentFormScreen

    al = find_staff(demo_db, "AL")
    app = make_app(demo_url)
    async with app.run_test(size=(80, 24)) as pilot:
        screen = await _incidents(pilot)
        await pilot.press("n")
        await wait_for(pilot, lambda: isinstance(app.screen, IncidentFormScreen))
        await pilot.press("v", "k", "enter", *"Bråk i kön")
        await pilot.press("escape")
        await wait_for(pilot, lambda: app.screen is screen
                       and load_draft(demo_db, al.id, DRAFT_FORM_INCIDENT) is not None)
        await pilot.press("n")
        await wait_for(pilot, lambda: isinstance(app.screen, IncidentFormScreen))
        form = app.screen
        assert form.query_one("#description").value == "Bråk i kön"
        assert form.query_one("#zone").value is not None
        await pilot.press("ctrl+s")
        await wait_for(pilot, lambda: app.screen is screen and len(screen.rows) == 1)
    assert screen.rows[0].type_sv == "Våld" and screen.rows[0].zone_sv == "Kafé"
    assert load_draft(demo_db, al.id, DRAFT_FORM_INCIDENT) is None


async def test_the_command_palette_opens_a_new_incident(demo_url):
    from tui.screens.incident_form import IncidentFormScreen

    app = make_app(demo_url)
    async with app.run_test(size=(80, 24)) as pilot:
        await wait_ready(pilot)
        await sign_in(pilot, "AL")
        await pilot.press("ctrl+p")
        await pilot.pause(0.3)
        await pilot.press(*"Ny händelse")
        await pilot.pause(0.5)
        await pilot.press("enter")
        await wait_for(pilot, lambda: isinstance(app.screen, IncidentFormScreen))
        assert app.current_mode == "incidents"


async def test_an_incident_recorded_at_another_desk_appears_live(demo_url, demo_db):
    app = make_app(demo_url)
    async with app.run_test(size=(80, 24)) as pilot:
        screen = await _incidents(pilot)
        await wait_for(pilot, lambda: app.listener is not None and app.listener.running)
        assert screen.rows == []
        _record(demo_db, "BK", "violence", "cafe")  # another desk, another process's write
        await wait_for(pilot, lambda: len(screen.rows) == 1)
        assert "Våld · Kafé" in screen_text(app)


async def test_an_incident_is_handed_over_in_a_linked_note(demo_url, demo_db):
    from db.handover import active_notes
    from tui.screens.handover import HandoverScreen
    from tui.screens.incident_detail import IncidentDetailScreen
    from tui.screens.note_form import NoteFormScreen

    incident = _record(demo_db, description="Hot mot personal vid disken")
    app = make_app(demo_url)
    async with app.run_test(size=(80, 24)) as pilot:
        screen = await _incidents(pilot)
        await wait_for(pilot, lambda: len(screen.rows) == 1)
        await pilot.press("enter")
        await wait_for(pilot, lambda: isinstance(app.screen, IncidentDetailScreen)
                       and app.screen.detail is not None)
        await pilot.press("h")
        await wait_for(pilot, lambda: isinstance(app.screen, NoteFormScreen))
        assert app.screen.query_one("#incidents").value == str(incident)
        await pilot.press(*"Håll utkik vid disken i kväll", "ctrl+s")
        await wait_for(pilot, lambda: isinstance(app.screen, IncidentDetailScreen))
        await pilot.press("escape", "f3")
        await wait_for(pilot, lambda: isinstance(app.screen, HandoverScreen))
        await pilot.press("v")  # all notes in force (the author has read their own)
        await wait_for(pilot, lambda: app.screen.view == "all" and app.screen.notes)
        assert f"{incident} (o" in screen_text(app)
        await pilot.press("o")
        await wait_for(pilot, lambda: isinstance(app.screen, IncidentDetailScreen)
                       and app.screen.detail is not None)
        assert "Hot mot personal vid disken" in screen_text(app)
    from tests.conftest import FIXED_NOW

    notes = active_notes(demo_db, app.context.branch_id, None, now=FIXED_NOW)
    assert [n.incidents for n in notes] == [(incident,)]
