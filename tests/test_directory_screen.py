"""F6 directory upkeep through the UI: roles, add, verify, deactivate, alert, contact."""

from __future__ import annotations

from datetime import date

from sqlmodel import select

from db.models_directory import Contact, Service
from tests.conftest import (
    FIXED_NOW,
    make_app,
    open_table_screen,
    screen_text,
    sign_in,
    wait_for,
    wait_ready,
)
from tui.screens.directory import DirectoryScreen


async def open_directory(pilot, initials: str, pin: str | None = "1234") -> DirectoryScreen:
    return await open_table_screen(pilot, initials, pin, "f6", DirectoryScreen,
                                   "#directory-table")


async def test_desk_staff_have_no_directory_screen(demo_url):
    app = make_app(demo_url)
    async with app.run_test() as pilot:
        await wait_ready(pilot)
        await sign_in(pilot, "AL")
        await pilot.press("f6")
        await pilot.pause(0.2)
        assert not isinstance(app.screen, DirectoryScreen)
        assert "F6" not in screen_text(app).splitlines()[-1]


async def test_add_a_service_then_find_it(demo_url, demo_db):
    app = make_app(demo_url)
    async with app.run_test(size=(80, 30)) as pilot:
        await open_directory(pilot, "SO")
        await pilot.press("n")
        await wait_for(pilot, lambda: app.screen.__class__.__name__ == "ServiceFormScreen")
        await pilot.press(*"Laddstationen", "enter", *"Biblioteket", "enter", *"010-555 12 12",
                          "enter", *"Storgatan 1", "enter", *"Exempelstad", "enter",
                          *"mån-fre 10-18")
        await pilot.press("ctrl+s")
        await wait_for(pilot, lambda: isinstance(app.screen, DirectoryScreen))
        await wait_for(pilot, lambda: "Laddstationen" in screen_text(app))
    with demo_db.read() as session:
        service = session.exec(select(Service).where(Service.name == "Laddstationen")).one()
    assert service.status == "active"


async def test_bad_hours_are_refused_at_the_field(demo_url, demo_db):
    app = make_app(demo_url)
    async with app.run_test(size=(80, 30)) as pilot:
        await open_directory(pilot, "SO")
        await pilot.press("n")
        await wait_for(pilot, lambda: app.screen.__class__.__name__ == "ServiceFormScreen")
        await pilot.press(*"Testtjänst", "enter", *"Org", "enter")
        app.screen.query_one("#hours").value = "ibland på kvällen"
        await pilot.press("ctrl+s")
        await wait_for(pilot, lambda: "kan inte läsa öppettiderna" in screen_text(app))
    with demo_db.read() as session:
        assert session.exec(select(Service).where(Service.name == "Testtjänst")).first() is None


async def test_verify_deactivate_alert_and_contact(demo_url, demo_db):
    app = make_app(demo_url)
    async with app.run_test(size=(100, 30)) as pilot:
        screen = await open_directory(pilot, "MH")
        await pilot.press("slash", *"Matbanken", "enter")
        await wait_for(pilot, lambda: screen.query_one("#directory-table").row_count == 1)
        await pilot.press("v")
        await wait_for(pilot, lambda: FIXED_NOW.date().isoformat() in screen_text(app))
        await pilot.press("t")
        await wait_for(pilot, lambda: app.screen.__class__.__name__ == "AlertDialog")
        await pilot.press(*"Stängt i jul", "ctrl+s")
        await wait_for(pilot, lambda: isinstance(app.screen, DirectoryScreen))
        await pilot.press("k")
        await wait_for(pilot, lambda: app.screen.__class__.__name__ == "ContactDialog")
        await pilot.press(*"Kim Kontakt", "enter", *"Samordnare", "enter", *"010-1", "enter",
                          *"inte-epost")
        await pilot.press("ctrl+s")
        await wait_for(pilot, lambda: "inte en e-postadress" in screen_text(app))
        await pilot.press(*"@exempel.se", "ctrl+s")
        await wait_for(pilot, lambda: isinstance(app.screen, DirectoryScreen))
        await pilot.press("d")
        await wait_for(pilot, lambda: "inaktiv" in screen_text(app))
    with demo_db.read() as session:
        service = session.exec(select(Service).where(Service.name == "Matbanken")).one()
        contact = session.exec(select(Contact).where(Contact.service_id == service.id)).one()
    assert service.assured_date == date(2026, 11, 24)
    assert service.alert == "Stängt i jul" and service.status == "inactive"
    assert contact.email == "inte-epost@exempel.se"


async def test_deactivating_at_one_desk_updates_the_search_at_another(demo_url):
    from tests.test_referrals import search

    reader, editor = make_app(demo_url), make_app(demo_url)
    async with reader.run_test(size=(100, 30)) as reading:
        await wait_ready(reading)
        await sign_in(reading, "AL")
        screen = await search(reading, "matbanken")
        assert screen.hits[0].service.name == "Matbanken"
        async with editor.run_test(size=(100, 30)) as editing:
            directory = await open_directory(editing, "SO")
            await editing.press("slash", *"Matbanken", "enter")
            await wait_for(editing, lambda: directory.query_one("#directory-table").row_count == 1)
            await editing.press("d")
            await wait_for(editing, lambda: "inaktiv" in screen_text(editor))
            await wait_for(reading, lambda: all(h.service.name != "Matbanken"
                                                for h in reader.screen.hits), timeout=5)
