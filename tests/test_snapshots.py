"""Snapshots of the sign-in screen and the shell at 80×24 (pytest-textual-snapshot).

Update after an intended change with: python3 run.py test tests/test_snapshots.py --snapshot-update
"""

from __future__ import annotations

from tests.conftest import make_app, sign_in, wait_for, wait_ready
from tui.screens.staff import StaffScreen

SIZE = (80, 24)


def test_sign_in_screen(snap_compare, demo_url):
    assert snap_compare(make_app(demo_url), terminal_size=SIZE, run_before=wait_ready)


def test_pin_prompt_after_wrong_pin(snap_compare, demo_url):
    async def wrong_pin(pilot):
        await wait_ready(pilot)
        await pilot.press(*"SO", "enter")
        await wait_for(pilot, lambda: pilot.app.screen.query_one("#pin").display)
        await pilot.press(*"0000", "enter")
        await wait_for(pilot, lambda: "Fel" in str(pilot.app.screen.query_one(
            "#signin-message").render()))

    assert snap_compare(make_app(demo_url), terminal_size=SIZE, run_before=wrong_pin)


def test_shell_after_sign_in(snap_compare, demo_url):
    async def signed_in(pilot):
        await wait_ready(pilot)
        await sign_in(pilot, "AL")

    assert snap_compare(make_app(demo_url), terminal_size=SIZE, run_before=signed_in)


def test_staff_screen_for_a_manager(snap_compare, demo_url):
    async def staff(pilot):
        await wait_ready(pilot)
        await sign_in(pilot, "MH", "1234")
        await pilot.press("f7")
        await wait_for(pilot, lambda: isinstance(pilot.app.screen, StaffScreen)
                       and pilot.app.screen.query_one("#staff-table").row_count == 6)

    assert snap_compare(make_app(demo_url), terminal_size=SIZE, run_before=staff)


def test_sign_in_screen_ansi_dark(snap_compare, demo_url):
    """Thin clients with 16 colours: the ansi-dark theme."""
    assert snap_compare(make_app(demo_url, theme="ansi-dark"), terminal_size=SIZE,
                        run_before=wait_ready)


def test_shell_after_sign_in_ansi_dark(snap_compare, demo_url):
    async def signed_in(pilot):
        await wait_ready(pilot)
        await sign_in(pilot, "AL")

    assert snap_compare(make_app(demo_url, theme="ansi-dark"), terminal_size=SIZE,
                        run_before=signed_in)


def test_first_run_setup(snap_compare, empty_url):
    assert snap_compare(make_app(empty_url, desk=None), terminal_size=SIZE,
                        run_before=wait_ready)
