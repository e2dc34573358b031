"""One search in the command palette (Ctrl+P) over services, handover notes and incidents;
each hit opens its screen."""

from __future__ import annotations

from db.handover import NewNote, write_note
from tests.conftest import FIXED_NOW, make_app, screen_text, sign_in, wait_for, wait_ready
from tests.test_incident_screen import _place, _record


async def _search(pilot, text: str, expected: str) -> None:
    from textual.command import CommandPalette

    app = pilot.app
    await pilot.press("ctrl+p")
    await wait_for(pilot, lambda: isinstance(app.screen, CommandPalette))
    await pilot.press(*text)
    await wait_for(pilot, lambda: expected in screen_text(app))


async def _search_more(pilot, text: str, expected: str) -> None:
    await pilot.press(*text)
    await wait_for(pilot, lambda: expected in screen_text(pilot.app)
                   and "Note:" not in screen_text(pilot.app))


async def test_the_palette_finds_each_kind_and_opens_it(demo_url, demo_db):
    from tui.screens.handover import HandoverScreen
    from tui.screens.incident_detail import IncidentDetailScreen

    place, _context = _place(demo_db, "BK")
    write_note(demo_db, place, NewNote("Vattenläcka i läsesalen, fastighet ringd"),
               now=FIXED_NOW)
    incident = _record(demo_db, description="Vattenkrig vid fontänen utanför")
    app = make_app(demo_url, lang="en")
    async with app.run_test(size=(100, 30)) as pilot:
        await wait_ready(pilot)
        await sign_in(pilot, "AL")
        await wait_for(pilot, lambda: app.directory is not None)
        await _search(pilot, "Vatten", f"Incident {incident}")
        assert "Note: Vattenläcka" in screen_text(app)  # both kinds for one word
        await pilot.press(*["backspace"] * 6)
        await _search_more(pilot, "Vattenkrig", f"Incident {incident}")
        await pilot.press("down", "enter")
        await wait_for(pilot, lambda: isinstance(app.screen, IncidentDetailScreen))
        assert "Vattenkrig vid fontänen" in screen_text(app)
        await pilot.press("escape")
        await _search(pilot, "Vattenläcka", "Note: Vattenläcka")
        await pilot.press("down", "enter")
        await wait_for(pilot, lambda: isinstance(app.screen, HandoverScreen)
                       and app.screen.query_text == "Vattenläcka" and app.screen.notes)
        await _search(pilot, "natthärbärge", "Service:")
        await pilot.press("down", "enter")
        await wait_for(pilot, lambda: app.current_mode == "referrals")


async def test_the_search_respects_roles(demo_url, demo_db):
    from datetime import date

    from db import bans
    from db.staff import find_staff

    place, context = _place(demo_db, "MH")
    incident = _record(demo_db)
    bans.create_case(demo_db, find_staff(demo_db, "MH"), context.branch_id, bans.CaseInput(
        "Hela huset", "Maria Holm", "010-123 45 67", "Grön jacka, cykelhjälm", "Hot",
        "Fiktiv Testperson", date(1990, 5, 17), "Id-kort", (incident,)), FIXED_NOW.date())
    for initials, pin, finds in (("MH", "1234", True), ("AL", None, False)):
        app = make_app(demo_url, lang="en")
        async with app.run_test(size=(100, 30)) as pilot:
            await wait_ready(pilot)
            await sign_in(pilot, initials, pin)
            if finds:
                await _search(pilot, "cykelhj", "Access-ban case")
            else:
                await _search(pilot, "cykelhj", "cykelhj")
                await pilot.pause(1.0)
            text = screen_text(app)
            assert ("Access-ban case" in text) is finds
            assert "Fiktiv Testperson" not in text  # never an identity
        await _search_identity_never(demo_url, initials, pin)


async def _search_identity_never(demo_url, initials: str, pin: str | None) -> None:
    app = make_app(demo_url, lang="en")
    async with app.run_test(size=(100, 30)) as pilot:
        await wait_ready(pilot)
        await sign_in(pilot, initials, pin)
        await _search(pilot, "Fiktiv", "Fiktiv")
        await pilot.pause(1.0)
        assert "Access-ban case" not in screen_text(app)
