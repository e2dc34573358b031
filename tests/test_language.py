"""Swedish by default, English per setting and per staff member, switchable in the app."""

from __future__ import annotations

from sqlmodel import select

from db.models import Staff
from tests.conftest import make_app, screen_text, sign_in, wait_for, wait_ready
from tui import i18n
from tui.screens.staff import StaffScreen


async def test_swedish_by_default_and_english_by_setting(demo_url):
    app = make_app(demo_url)
    async with app.run_test() as pilot:
        await wait_ready(pilot)
        assert "Logga in i Lotsen" in screen_text(app)
    app = make_app(demo_url, lang="en")
    async with app.run_test() as pilot:
        await wait_ready(pilot)
        assert "Sign in to Lotsen" in screen_text(app)
        assert "Type your initials and press Enter." in screen_text(app)


async def test_staff_language_applies_at_sign_in_and_toggle_is_saved(demo_url, demo_db):
    app = make_app(demo_url)
    async with app.run_test() as pilot:
        await wait_ready(pilot)
        await sign_in(pilot, "JE")  # Jamie prefers English
        assert "F3 Handover" in screen_text(app).splitlines()[-1]
        await pilot.press("f1")
        await wait_for(pilot, lambda: "Everywhere" in screen_text(app))
        await pilot.press("f7")
        await wait_for(pilot, lambda: isinstance(app.screen, StaffScreen))
        await wait_for(pilot, lambda: "Your account." in screen_text(app))
        await pilot.press("l")
        await wait_for(pilot, lambda: "Ditt konto." in screen_text(app))
        assert "F1 Hjälp" in screen_text(app).splitlines()[-1]
        await wait_for(pilot, lambda: _lang(demo_db, "JE") == "sv")
        # The next person gets their own language back (Anna has none: the default, Swedish).
        await pilot.press("ctrl+l")
        await sign_in(pilot, "AL")
        assert i18n.language() == "sv"


async def test_language_switch_from_the_command_palette(demo_url, demo_db):
    app = make_app(demo_url)
    async with app.run_test() as pilot:
        await wait_ready(pilot)
        await sign_in(pilot, "AL")
        await pilot.press("f1")
        await wait_for(pilot, lambda: "Överallt" in screen_text(app))
        await pilot.press("ctrl+p")
        await pilot.pause()
        await pilot.press(*"byt språk")
        await pilot.pause(0.3)
        await pilot.press("enter")
        await wait_for(pilot, lambda: "Everywhere" in screen_text(app))
        await wait_for(pilot, lambda: _lang(demo_db, "AL") == "en")


def _lang(database, initials: str) -> str | None:
    with database.read() as session:
        return session.exec(select(Staff.lang).where(Staff.initials == initials)).one()


def test_swedish_sorting_and_clock():
    from datetime import datetime

    i18n.set_language("sv")
    names = ["Örjan", "Åsa", "Anna", "Ärla", "Zorro", "Emil"]
    assert sorted(names, key=i18n.sort_key) == ["Anna", "Emil", "Zorro", "Åsa", "Ärla", "Örjan"]
    i18n.set_language("en")
    assert sorted(names, key=i18n.sort_key) == ["Anna", "Ärla", "Åsa", "Emil", "Örjan", "Zorro"]
    i18n.set_language("sv")
    assert i18n.format_datetime(datetime(2026, 3, 29, 21, 5)) == "2026-03-29 21:05"
    assert i18n.weekday_name(datetime(2026, 11, 24)) == "tisdag"
