"""The audit log: who may read it (enforced in db/), the screen, and `lotsen audit`."""

from __future__ import annotations

import json

import pytest

from db.audit import events
from db.errors import PermissionDenied
from db.staff import find_staff
from tests.conftest import make_app, screen_text, sign_in, wait_for, wait_ready
from tests.test_cli import assert_one_line_error, lotsen


def test_only_managers_and_administrators_read_the_log(demo_db):
    for initials in ("AL", "SO"):
        with pytest.raises(PermissionDenied):
            events(demo_db, find_staff(demo_db, initials))
    for initials in ("MH", "IT"):
        events(demo_db, find_staff(demo_db, initials))
    events(demo_db, None)  # the local administrator at the command line


async def test_the_manager_browses_sign_ins_and_sensitive_reads(demo_url, demo_db):
    from tui.screens.audit import AuditScreen
    from tui.screens.staff import StaffScreen

    app = make_app(demo_url)
    async with app.run_test(size=(100, 30)) as pilot:
        await wait_ready(pilot)
        await sign_in(pilot, "AL")
        await pilot.press("f7")
        await wait_for(pilot, lambda: isinstance(app.screen, StaffScreen))
        assert app.screen.check_action("audit", ()) is False  # desk staff: no log
        await pilot.press("ctrl+l")
        await wait_ready(pilot)
        await sign_in(pilot, "MH", "1234")
        await pilot.press("f7")
        await wait_for(pilot, lambda: isinstance(app.screen, StaffScreen))
        await pilot.press("g")
        await wait_for(pilot, lambda: isinstance(app.screen, AuditScreen) and app.screen.rows)
        text = screen_text(app)
        assert "signin" in text and "AL" in text and "MH" in text
        await pilot.press("slash", *"signout", "enter")
        await wait_for(pilot, lambda: app.screen.rows
                       and {r.action for r in app.screen.rows} == {"signout"})
        assert {r.initials for r in app.screen.rows} == {"AL"}
        await pilot.press("escape")
        await wait_for(pilot, lambda: isinstance(app.screen, StaffScreen))


def test_lotsen_audit_prints_the_log(demo_url, tmp_path):
    lotsen("--database", demo_url, "staff", "disable", "BK", tmp_path=tmp_path)
    listed = json.loads(lotsen("--database", demo_url, "audit", "--json", "--action", "staff",
                               tmp_path=tmp_path).stdout)
    assert listed and listed[0]["action"].startswith("staff")
    assert_one_line_error(lotsen("--database", demo_url, "audit", "--from", "igår",
                                 tmp_path=tmp_path), "--from")
