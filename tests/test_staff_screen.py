"""F7 staff screen: own PIN, and disabling an account as a manager."""

from __future__ import annotations

from tests.conftest import make_app, open_table_screen, screen_text, wait_for
from tui.screens.staff import StaffScreen


async def open_staff(pilot, initials: str, pin: str | None = None) -> StaffScreen:
    return await open_table_screen(pilot, initials, pin, "f7", StaffScreen, "#staff-table")


async def test_set_own_pin_then_it_is_asked(demo_url):
    app = make_app(demo_url)
    async with app.run_test() as pilot:
        screen = await open_staff(pilot, "AL")
        assert screen.query_one("#staff-table").row_count == 1  # desk staff see themselves
        await pilot.press("p")
        await wait_for(pilot, lambda: type(app.screen).__name__ == "PinScreen")
        await pilot.press(*"2468", "enter", *"1357", "enter")
        await wait_for(pilot, lambda: "PIN-koderna är olika" in screen_text(app))
        await pilot.press(*["backspace"] * 4, *"2468", "enter")
        await wait_for(pilot, lambda: isinstance(app.screen, StaffScreen))
        assert app.staff.has_pin
        await pilot.press("ctrl+l")
        await pilot.press(*"AL", "enter")
        await wait_for(pilot, lambda: app.screen.query_one("#pin").display)
        await pilot.press(*"2468", "enter")
        await wait_for(pilot, lambda: not app.locked)


async def test_manager_disables_a_colleague_who_then_cannot_sign_in(demo_url):
    app = make_app(demo_url)
    async with app.run_test() as pilot:
        screen = await open_staff(pilot, "MH", "1234")
        table = screen.query_one("#staff-table")
        table.move_cursor(row=table.get_row_index("BK"))
        await pilot.press("d")
        await wait_for(pilot, lambda: "avstängd" in screen_text(app))
        await pilot.press("ctrl+l", *"BK", "enter")
        await wait_for(pilot, lambda: "Kontot är avstängt" in screen_text(app))


async def test_desk_staff_cannot_add_or_disable(demo_url):
    app = make_app(demo_url)
    async with app.run_test() as pilot:
        await open_staff(pilot, "AL")
        footer = screen_text(app).splitlines()[-1]
        assert "Ny" not in footer and "Av/på" not in footer
        await pilot.press("a")
        await pilot.pause(0.2)
        assert isinstance(app.screen, StaffScreen)
