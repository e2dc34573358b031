"""The desk alert: raised with F9 at one desk, it rings at another within two seconds until
someone answers; the sender sees who is coming; cancelling closes it everywhere; logged and
counted in the shift summary."""

from __future__ import annotations

import asyncio

from sqlmodel import select

from db.models import AuditEvent
from tests.conftest import make_app, screen_text, sign_in, wait_for, wait_ready


async def _ready(pilot, initials: str, pin: str | None = None) -> None:
    await wait_ready(pilot)
    await sign_in(pilot, initials, pin)
    await wait_for(pilot, lambda: pilot.app.listener is not None and pilot.app.listener.running)


async def test_an_alert_rings_at_another_desk_and_the_sender_sees_who_comes(demo_url, demo_db):
    from tui.screens.alert import AlertDialog, AlertScreen

    sender, colleague = make_app(demo_url), make_app(demo_url, desk="Barn och unga")
    bells: list[float] = []
    colleague.bell = lambda: bells.append(asyncio.get_running_loop().time())  # type: ignore[method-assign]
    async with colleague.run_test(size=(80, 24)) as other:
        await _ready(other, "BK")
        async with sender.run_test(size=(80, 24)) as pilot:
            await _ready(pilot, "AL")
            await pilot.press("f9")
            await wait_for(pilot, lambda: isinstance(sender.screen, AlertDialog))
            await pilot.press("e", "2")  # the entrance, come now
            raised = asyncio.get_running_loop().time()
            await wait_for(pilot, lambda: isinstance(sender.screen, AlertScreen))
            assert "KOM NU" in screen_text(sender) and "Entré" in screen_text(sender)
            await wait_for(other, lambda: isinstance(colleague.screen, AlertScreen), timeout=15)
            assert asyncio.get_running_loop().time() - raised < 2.0
            assert bells, "the colleague's terminal did not ring"
            assert "AL" in screen_text(colleague) and "ingen än" in screen_text(colleague)
            await other.press("k")  # I am coming
            await wait_for(pilot, lambda: sender.screen.alert.coming == ("BK",), timeout=15)
            assert "På väg: BK" in screen_text(sender)
            await pilot.press("c")  # over: the alert closes at the other desk too
            await wait_for(other, lambda: not isinstance(colleague.screen, AlertScreen),
                           timeout=15)  # generous: CI machines are shared
    with demo_db.read() as session:
        actions = [a for a in session.exec(select(AuditEvent.action).order_by(AuditEvent.id)).all()
                   if a.startswith("alert_")]
    assert actions == ["alert_raised", "alert_answered", "alert_cancelled"]


def test_the_shift_summary_counts_alerts(demo_db):
    from datetime import timedelta

    from db.alerts import raise_alert
    from db.handover import previous_shift, shift_summary
    from db.incidents import choices
    from tests.conftest import FIXED_NOW
    from tests.test_incident_screen import _place

    place, context = _place(demo_db, "AL")
    span = previous_shift(demo_db, context.branch_id, FIXED_NOW)
    zone = choices(demo_db, context.branch_id).zones[0].id
    raise_alert(demo_db, place, zone, "now", now=span.start + timedelta(minutes=30))
    raise_alert(demo_db, place, zone, "call_112", now=span.end + timedelta(minutes=5))
    assert shift_summary(demo_db, context.branch_id, span).alerts == 1


async def test_a_locked_desk_shows_the_alert_after_sign_in(demo_url, demo_db):
    from db.alerts import raise_alert
    from db.incidents import choices
    from tests.test_incident_screen import _place
    from tui.screens.alert import AlertScreen

    app = make_app(demo_url)
    app.bell = lambda: None  # type: ignore[method-assign]
    async with app.run_test(size=(80, 24)) as pilot:
        await wait_ready(pilot)
        place, context = _place(demo_db, "JE")
        from tests.conftest import FIXED_NOW

        raise_alert(demo_db, place, choices(demo_db, context.branch_id).zones[3].id, "call_112",
                    now=FIXED_NOW)
        await sign_in(pilot, "AL")
        await wait_for(pilot, lambda: isinstance(app.screen, AlertScreen))
        assert "RING 112 NU" in screen_text(app) and "Toaletter" in screen_text(app)
