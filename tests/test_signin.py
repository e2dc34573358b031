"""Sign-in, wrong PIN, switching user, the idle lock and screen switching, through the UI."""

from __future__ import annotations

from sqlmodel import select

from db.models import AuditEvent, Staff
from tests.conftest import FakeMonotonic, make_app, screen_text, sign_in, wait_for, wait_ready
from tui.screens.help import HelpScreen
from tui.screens.referrals import ReferralScreen
from tui.screens.signin import SignInScreen
from tui.screens.staff import StaffScreen


def audit_actions(database, initials: str) -> list[str]:
    with database.read() as session:
        staff_id = session.exec(select(Staff.id).where(Staff.initials == initials)).one()
        return list(session.exec(select(AuditEvent.action).where(AuditEvent.staff_id == staff_id)
                                 .order_by(AuditEvent.id)).all())


async def test_sign_in_without_pin_lands_on_referrals_with_header(demo_url, demo_db):
    app = make_app(demo_url)
    async with app.run_test() as pilot:
        await wait_ready(pilot)
        assert "Logga in i Lotsen" in screen_text(app)
        await sign_in(pilot, "AL")
        assert isinstance(app.screen, ReferralScreen)
        text = screen_text(app)
        header = text.splitlines()[0]
        assert "AL Anna Lindqvist" in header
        assert "Stadsbiblioteket" in header
        assert "Kväll" in header and "18:05" in header
    assert audit_actions(demo_db, "AL") == ["signin", "signout"]


async def test_lowercase_initials_and_right_pin(demo_url):
    app = make_app(demo_url)
    async with app.run_test() as pilot:
        await wait_ready(pilot)
        await pilot.press(*"so", "enter")
        await wait_for(pilot, lambda: app.screen.query_one("#pin").display)
        assert "PIN-kod" in screen_text(app)
        await pilot.press(*"1234", "enter")
        await wait_for(pilot, lambda: app.staff is not None and not app.locked)
        assert app.staff.initials == "SO"


async def test_wrong_pin_is_refused_with_a_message(demo_url, demo_db):
    app = make_app(demo_url)
    async with app.run_test() as pilot:
        await wait_ready(pilot)
        await pilot.press(*"MH", "enter")
        await wait_for(pilot, lambda: app.screen.query_one("#pin").display)
        await pilot.press(*"9999", "enter")
        await wait_for(pilot, lambda: "Fel PIN-kod" in screen_text(app))
        assert app.staff is None
        assert isinstance(app.screen, SignInScreen)
        # The PIN field is cleared and focused for another try.
        assert app.focused is app.screen.query_one("#pin")
        await pilot.press(*"1234", "enter")
        await wait_for(pilot, lambda: app.staff is not None)
    assert audit_actions(demo_db, "MH")[:2] == ["signin_failed", "signin"]


async def test_five_wrong_pins_lock_the_account_for_a_while(demo_url):
    app = make_app(demo_url)
    async with app.run_test() as pilot:
        await wait_ready(pilot)
        await pilot.press(*"IT", "enter")
        await wait_for(pilot, lambda: app.screen.query_one("#pin").display)
        for _attempt in range(5):
            await pilot.press(*"0000", "enter")
            await wait_for(pilot, lambda: "Fel PIN-kod" in screen_text(app))
            app.screen.show_message("")
        await pilot.press(*"1234", "enter")
        await wait_for(pilot, lambda: "För många fel PIN-koder" in screen_text(app))
        assert app.staff is None


async def test_unknown_and_disabled_initials(demo_url, demo_db):
    from db.staff import set_active

    set_active(demo_db, "BK", False)
    app = make_app(demo_url)
    async with app.run_test() as pilot:
        await wait_ready(pilot)
        await pilot.press(*"ZZ", "enter")
        await wait_for(pilot, lambda: "Ingen har de initialerna" in screen_text(app))
        await pilot.press("backspace", "backspace", *"BK", "enter")
        await wait_for(pilot, lambda: "Kontot är avstängt" in screen_text(app))
        assert app.staff is None


async def test_switch_user_in_a_few_keys(demo_url, demo_db):
    app = make_app(demo_url)
    async with app.run_test() as pilot:
        await wait_ready(pilot)
        await sign_in(pilot, "AL")
        await pilot.press("f7")
        await wait_for(pilot, lambda: isinstance(app.screen, StaffScreen))
        await pilot.press("ctrl+l")
        await wait_for(pilot, lambda: isinstance(app.screen, SignInScreen))
        assert "Låst — AL Anna Lindqvist" in screen_text(app)
        assert "AL Anna Lindqvist" not in screen_text(app).splitlines()[0]
        await sign_in(pilot, "BK")  # ctrl+l, B, K, Enter: four keys
        assert app.staff.initials == "BK"
        assert isinstance(app.screen, ReferralScreen)  # a new person starts afresh
        assert "BK Bo Karlsson" in screen_text(app).splitlines()[0]
    assert audit_actions(demo_db, "AL") == ["signin", "signout"]
    assert audit_actions(demo_db, "BK") == ["signin", "signout"]


async def test_the_first_screen_is_the_sign_in_and_keeps_nothing_once_left(demo_url):
    """The sign-in screen is the app's first screen (painted whole in the first frame); once
    someone has signed in it stays behind, unseen, with nothing typed left in it."""
    app = make_app(demo_url)
    async with app.run_test() as pilot:
        await pilot.pause()
        start = app.screen_stack[0]
        assert isinstance(start, SignInScreen)
        await wait_ready(pilot)
        await sign_in(pilot, "SO", "1234")
        assert isinstance(app.screen, ReferralScreen)
        assert start.query_one("#initials").value == ""
        assert start.query_one("#pin").value == "" and not start.query_one("#pin").display
        await pilot.press("ctrl+l")  # locking shows a new sign-in screen over the one in use
        await wait_for(pilot, lambda: isinstance(app.screen, SignInScreen))
        assert app.screen is not start and len(app.screen_stack) == 2
        await sign_in(pilot, "SO", "1234")
        assert isinstance(app.screen, ReferralScreen)


async def test_unlock_by_same_person_returns_to_the_same_screen(demo_url):
    app = make_app(demo_url)
    async with app.run_test() as pilot:
        await wait_ready(pilot)
        await sign_in(pilot, "AL")
        await pilot.press("f7")
        await wait_for(pilot, lambda: isinstance(app.screen, StaffScreen))
        await pilot.press("ctrl+l")
        await wait_for(pilot, lambda: isinstance(app.screen, SignInScreen))
        await sign_in(pilot, "AL")
        assert isinstance(app.screen, StaffScreen)


async def test_idle_lock(demo_url, demo_db):
    clock = FakeMonotonic()
    app = make_app(demo_url, idle_lock_minutes=5, monotonic=clock)
    async with app.run_test() as pilot:
        await wait_ready(pilot)
        await sign_in(pilot, "AL")
        clock.advance(4 * 60)
        await pilot.pause(1.3)  # the idle check runs every second
        assert not app.locked
        await pilot.press("f7")  # activity restarts the count
        clock.advance(4 * 60)
        await pilot.pause(1.3)
        assert not app.locked
        clock.advance(61)
        await wait_for(pilot, lambda: isinstance(app.screen, SignInScreen), timeout=5)
        assert app.locked
        assert "Låst — AL Anna Lindqvist" in screen_text(app)
        await wait_for(pilot, lambda: "signout" in audit_actions(demo_db, "AL"))
    with demo_db.read() as session:
        detail = session.exec(select(AuditEvent.detail).where(AuditEvent.action == "signout")
                              .order_by(AuditEvent.id)).first()
    assert '"idle"' in detail


async def test_function_keys_switch_screens_only_when_signed_in(demo_url):
    app = make_app(demo_url)
    async with app.run_test() as pilot:
        await wait_ready(pilot)
        await pilot.press("f7")
        await pilot.pause()
        assert isinstance(app.screen, SignInScreen)  # locked: F-keys do nothing
        await sign_in(pilot, "AL")
        await pilot.press("f7")
        await wait_for(pilot, lambda: isinstance(app.screen, StaffScreen))
        await pilot.press("f1")
        await wait_for(pilot, lambda: isinstance(app.screen, HelpScreen))
        footer = screen_text(app).splitlines()[-1]
        # The lock and the alert first; the F-keys as far as 80 columns go (F1 lists all).
        assert footer.startswith("^l Lås F9 Larm F2 Hänvisningar")
        assert "F1" not in footer  # no key for the screen you are on
        await pilot.press("f2")
        await wait_for(pilot, lambda: isinstance(app.screen, ReferralScreen))


async def test_help_lists_keys_of_every_screen_from_bindings(demo_url):
    app = make_app(demo_url, lang="en")
    async with app.run_test(size=(80, 120)) as pilot:
        await wait_ready(pilot)
        await sign_in(pilot, "AL")
        await pilot.press("f1")
        await wait_for(pilot, lambda: isinstance(app.screen, HelpScreen))
        text = screen_text(app)
        for binding in StaffScreen.BINDINGS:
            assert f"{binding.key}" in text and binding.description in text
        assert "Staff (F7)" in text
        help_screen = app.screen
        sections = dict(help_screen.help_sections())
        # The dialogs and detail screens are there too, from their own bindings.
        from tui.screens.alert import AlertScreen
        from tui.screens.privacy_dialog import PrivacyDialog

        for screen_class in (AlertScreen, PrivacyDialog):
            described = {d for rows in sections.values() for _k, d in rows}
            for binding in screen_class.BINDINGS:
                if binding.show:
                    assert binding.description in described
        assert "F9" in text and "Desk alert" in text


async def test_initials_typed_before_the_database_is_open_are_kept(demo_url, monkeypatch):
    """The sign-in screen paints at once; a quick typist does not have to wait for it."""
    import threading

    import db.library

    release = threading.Event()
    real = db.library.desk_context

    def slow_desk_context(*args, **kwargs):
        release.wait(10)
        return real(*args, **kwargs)

    monkeypatch.setattr(db.library, "desk_context", slow_desk_context)
    app = make_app(demo_url)
    async with app.run_test() as pilot:
        await wait_for(pilot, lambda: isinstance(app.screen, SignInScreen))
        await pilot.press(*"AL", "enter")
        await wait_for(pilot, lambda: "Öppnar databasen" in screen_text(app))
        assert app.database is None
        release.set()
        await wait_for(pilot, lambda: app.staff is not None and not app.locked)
        assert app.staff.initials == "AL"


async def test_switching_user_forgets_the_previous_persons_screens(demo_url):
    app = make_app(demo_url)
    async with app.run_test() as pilot:
        await wait_ready(pilot)
        await sign_in(pilot, "AL")
        await wait_for(pilot, lambda: isinstance(app.screen, ReferralScreen) and app.directory)
        await pilot.press(*"skulder")
        await pilot.press("f7", "p")  # Anna starts changing her PIN…
        await wait_for(pilot, lambda: type(app.screen).__name__ == "PinScreen")
        await pilot.press(*"12")
        app.action_lock()  # …and walks away
        await wait_for(pilot, lambda: isinstance(app.screen, SignInScreen))
        await sign_in(pilot, "BK")
        assert isinstance(app.screen, ReferralScreen)
        assert app.screen.query_one("#search").value == ""  # not Anna's search
        await pilot.press("f7")
        await wait_for(pilot, lambda: isinstance(app.screen, StaffScreen))  # no PIN dialog


async def test_a_terminal_without_a_desk_setting_asks_for_the_desk(demo_url):
    app = make_app(demo_url, desk=None)
    async with app.run_test(size=(80, 30)) as pilot:
        await wait_ready(pilot)
        await wait_for(pilot, lambda: app.screen.query("#desk"))
        app.screen.query_one("#initials").focus()
        await pilot.press(*"AL", "enter")
        await wait_for(pilot, lambda: "Välj vilken disk du sitter vid" in screen_text(app))
        assert app.staff is None
        desk = app.screen.query_one("#desk")
        desk.focus()
        await pilot.press("enter", "down", "down", "enter")  # the second desk
        await wait_for(pilot, lambda: desk.value == 2)
        app.screen.query_one("#initials").focus()
        await pilot.press("enter")
        await wait_for(pilot, lambda: app.staff is not None and not app.locked)
        assert "Barn och unga" in screen_text(app).splitlines()[0]
