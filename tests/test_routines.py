"""Routines: two keys from any screen, the "record" step opens a pre-filled incident, and an
edit keeps the old text as a revision (manager and social worker only, enforced in db/)."""

from __future__ import annotations

import pytest

from db.errors import PermissionDenied
from db.routines import edit_routine, revisions, routines
from db.staff import find_staff
from tests.conftest import make_app, screen_text, sign_in, wait_for, wait_ready


async def test_a_routine_opens_in_two_keys_and_records_a_prefilled_incident(demo_url):
    from tui.screens.incident_form import IncidentFormScreen
    from tui.screens.routine import RoutineScreen

    app = make_app(demo_url)
    async with app.run_test(size=(80, 24)) as pilot:
        await wait_ready(pilot)
        await sign_in(pilot, "AL")
        await pilot.press("f4")  # any screen
        await pilot.press("f1", "1")
        await wait_for(pilot, lambda: isinstance(app.screen, RoutineScreen))
        assert "Misstänkt överdos" in screen_text(app) and "112" in screen_text(app)
        assert app.screen.check_action("edit", ()) is False  # desk staff read, not edit
        await pilot.press("r")
        await wait_for(pilot, lambda: isinstance(app.screen, IncidentFormScreen))
        form = app.screen
        kind = form.query_one("#type").value
        assert kind is not None
        assert next(c.code for c in form.choices.types if c.id == kind) == "medical"


async def test_editing_a_routine_keeps_the_old_revision(demo_url, demo_db):
    from tui.screens.routine import RoutineEditScreen, RoutineScreen

    original = routines(demo_db)[1]
    app = make_app(demo_url)
    async with app.run_test(size=(80, 24)) as pilot:
        await wait_ready(pilot)
        await sign_in(pilot, "MH", "1234")
        await pilot.press("f1", "2")
        await wait_for(pilot, lambda: isinstance(app.screen, RoutineScreen))
        await pilot.press("e")
        await wait_for(pilot, lambda: isinstance(app.screen, RoutineEditScreen))
        app.screen.query_one("TextArea").text = "1. Ring väktarbolaget 010-123 45 67 först."
        await pilot.press("ctrl+s")
        await wait_for(pilot, lambda: isinstance(app.screen, RoutineScreen)
                       and "väktarbolaget 010-123" in screen_text(app))
    kept = revisions(demo_db, original.id)
    assert [r.revision for r in kept] == [1, 2]
    assert kept[0].body_sv == original.body_sv
    assert kept[1].body_sv.startswith("1. Ring väktarbolaget")
    with pytest.raises(PermissionDenied):
        edit_routine(demo_db, original.id, find_staff(demo_db, "AL"), "x", "x", "x", "x")


async def test_who_to_call_opens_the_services_and_the_palette_finds_routines(demo_url):
    from textual.command import CommandPalette

    from tui.screens.referrals import ReferralScreen
    from tui.screens.routine import RoutineScreen

    app = make_app(demo_url)
    async with app.run_test(size=(100, 30)) as pilot:
        await wait_ready(pilot)
        await sign_in(pilot, "AL")
        await wait_for(pilot, lambda: app.directory is not None)
        await pilot.press("f1", "1", "s")
        await wait_for(pilot, lambda: isinstance(app.screen, ReferralScreen)
                       and app.screen.query_one("#search").value == "förgiftning")
        await pilot.press("ctrl+p")
        await wait_for(pilot, lambda: isinstance(app.screen, CommandPalette))
        await pilot.press(*"sidoläge")
        await wait_for(pilot, lambda: "Rutin: Misstänkt överdos" in screen_text(app))
        await pilot.press("down", "enter")
        await wait_for(pilot, lambda: isinstance(app.screen, RoutineScreen))
