"""First run: an empty database walks the administrator through setting up the library."""

from __future__ import annotations

from sqlmodel import select

from db.models import Branch, Desk, Library, ShiftDefinition, Staff
from tests.conftest import make_app, screen_text, wait_for, wait_ready
from tui.screens.setup import SetupScreen
from tui.screens.staff import StaffScreen
from tui.screens.staff_form import StaffFormScreen


async def fill(pilot, values: list[str]) -> None:
    """Type each value into the focused field and press Enter to move on (None: keep)."""
    for value in values:
        if value:
            await pilot.press(*value)
        await pilot.press("enter")


async def test_first_run_creates_library_admin_and_colleagues(empty_url):
    from db.database import open_database

    app = make_app(empty_url, desk=None)
    async with app.run_test(size=(80, 24)) as pilot:
        await wait_ready(pilot)
        assert isinstance(app.screen, SetupScreen)
        assert "Välkommen till Lotsen" in screen_text(app)
        await fill(pilot, ["Testby bibliotek", "Centrum", "Disken, Barnhörnan",
                           "", "", "", "Natt 21:00-08:00",
                           "ad", "Alex Admin", "2468", "2468"])
        await wait_for(pilot, lambda: isinstance(app.screen, StaffScreen))
        assert app.staff.initials == "AD" and app.staff.role == "admin"
        assert "Centrum · Disken" in screen_text(app).splitlines()[0]
        # Add the first colleague from the staff screen.
        await pilot.press("a")
        await wait_for(pilot, lambda: isinstance(app.screen, StaffFormScreen))
        await pilot.press(*"bt", "enter", *"Bea Test", "enter")
        await pilot.press("ctrl+s")
        await wait_for(pilot, lambda: isinstance(app.screen, StaffScreen))
        await wait_for(pilot, lambda: "Bea Test" in screen_text(app))
    database = open_database(empty_url)
    with database.read() as session:
        assert session.exec(select(Library.name)).all() == ["Testby bibliotek"]
        assert session.exec(select(Branch.name)).all() == ["Centrum"]
        assert sorted(session.exec(select(Desk.name)).all()) == ["Barnhörnan", "Disken"]
        shifts = session.exec(select(ShiftDefinition).order_by(ShiftDefinition.position)).all()
        assert [s.name for s in shifts] == ["Förmiddag", "Eftermiddag", "Kväll", "Natt"]
        assert (shifts[3].starts_at.hour, shifts[3].ends_at.hour) == (21, 8)
        staff = {s.initials: s for s in session.exec(select(Staff)).all()}
        assert staff["AD"].pin_hash and "2468" not in staff["AD"].pin_hash
        assert staff["BT"].role == "desk" and staff["BT"].pin_hash is None
    database.close()


async def test_setup_errors_are_shown_at_the_field_and_nothing_is_saved(empty_url):
    from db.database import open_database
    from db.library import is_set_up

    app = make_app(empty_url, desk=None)
    async with app.run_test(size=(80, 24)) as pilot:
        await wait_ready(pilot)
        await fill(pilot, ["Testby bibliotek", "", "Disken", "", "", "", "",
                           "ad", "Alex Admin", "2468", "1357"])
        await wait_for(pilot, lambda: "PIN-koderna är olika" in screen_text(app))
        assert app.focused is app.screen.query_one("#admin_pin2")
        await pilot.press("backspace", "backspace", "backspace", "backspace", *"2468")
        await pilot.press("ctrl+s")
        await wait_for(pilot, lambda: "fältet behövs" in screen_text(app))
        assert app.focused is app.screen.query_one("#branch")
        assert isinstance(app.screen, SetupScreen)
        await pilot.press(*"Centrum")
        app.screen.query_one("#shift1").value = "Eftermiddag 25:00-26:00"
        await pilot.press("ctrl+s")
        await wait_for(pilot, lambda: "Skriv ett namn och tider" in screen_text(app))
    database = open_database(empty_url)
    assert not is_set_up(database)
    database.close()
