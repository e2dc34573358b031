"""Sign-in and lock screen for shared desk terminals: initials, then a PIN if one is set."""

from __future__ import annotations

from typing import TYPE_CHECKING

from textual import on, work
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Vertical
from textual.screen import Screen
from textual.widgets import Input, Label, Select, Static

from tui.i18n import N_, _, error_text
from tui.messages import SignedIn
from tui.widgets.footer import LotsenFooter
from tui.widgets.form import text_input
from tui.widgets.header import LotsenHeader

if TYPE_CHECKING:
    from db.records import StaffInfo

REASONS = {
    "unknown": N_("No one has these initials."),
    "disabled": N_("This account is disabled. Ask your manager."),
    "pin_required": N_("Type your PIN."),
    "wrong_pin": N_("Wrong PIN."),
    "locked_out": N_("Too many wrong PINs. Wait 5 minutes or ask a colleague."),
}


def reason_text(reason: str) -> str:
    return _(REASONS[reason]) if reason in REASONS else reason


class SignInScreen(Screen[None]):
    """Shown at start and when the desk is locked. Anyone may sign in: that switches user."""

    AUTO_FOCUS = "#initials"
    BINDINGS = [Binding("ctrl+q", "app.quit", N_("Quit"), id="signin.quit")]

    def __init__(self, locked_by: StaffInfo | None = None) -> None:
        super().__init__()
        self.locked_by = locked_by
        self._pending_initials = ""
        self._pending_desk: int | None = None
        self._waiting = False

    def compose(self) -> ComposeResult:
        yield LotsenHeader()
        # Few widgets, centred by the screen itself: this is the first paint.
        with Vertical(id="signin-box"):
            yield Static(id="signin-title")
            yield Static("", id="signin-library")
            yield Label(id="initials-label")
            yield text_input(id="initials", max_length=6)
            yield Label(id="pin-label")  # the PIN fields show when the person has a PIN
            yield text_input(id="pin", password=True, max_length=8, restrict=r"[0-9]*")
            yield Static(id="signin-message")
            yield Static(id="signin-hint")
        yield LotsenFooter()

    def on_mount(self) -> None:
        self.refresh_texts()
        if self.app.database is not None:  # type: ignore[attr-defined]
            self.database_ready()

    def database_ready(self) -> None:
        """Show the library (and a desk choice when needed); go on with waiting initials."""
        context = self.app.context  # type: ignore[attr-defined]
        if context is None:
            return
        self.query_one("#signin-library", Static).update(context.library_name)
        if context.desk is None and len(context.desks) > 1 and not self.query("#desk"):
            before = self.query_one("#initials-label")
            self.query_one("#signin-box").mount_all(
                [Label(_("Desk"), id="desk-label"),
                 Select([(d.name, d.id) for d in context.desks], id="desk",
                        allow_blank=True, compact=True)],
                before=before)
        if self._waiting:
            self._waiting = False
            self.submit_initials(self.query_one("#initials", Input).value)

    def refresh_texts(self) -> None:
        if self.locked_by is not None:
            title = _("Locked — {initials} {name}").format(
                initials=self.locked_by.initials, name=self.locked_by.name)
            hint = _("Type your initials to unlock, or someone else's to switch user.")
        else:
            title = _("Sign in to Lotsen")
            hint = _("Type your initials and press Enter.")
        self.query_one("#signin-title", Static).update(title)
        self.query_one("#signin-hint", Static).update(hint)
        self.query_one("#initials-label", Label).update(_("Initials"))
        self.query_one("#pin-label", Label).update(_("PIN"))
        for label in self.query("#desk-label"):
            label.update(_("Desk"))  # type: ignore[attr-defined]

    def clear(self) -> None:
        """Forget what was typed (the start screen stays behind once someone signs in)."""
        self.query_one("#initials", Input).value = ""
        pin = self.query_one("#pin", Input)
        pin.value = ""
        pin.display = False
        self.query_one("#pin-label").display = False
        self.show_message("")
        self.refresh_texts()

    def show_message(self, text: str) -> None:
        self.query_one("#signin-message", Static).update(text)

    def _desk_choice(self) -> int | None | bool:
        """The desk picked on this screen, None when none is needed, False when missing."""
        selects = self.query("#desk")
        if not selects:
            return None
        value = selects.first(Select).value
        return False if value is Select.NULL else int(value)  # type: ignore[arg-type]

    @on(Input.Submitted, "#initials")
    def initials_submitted(self, event: Input.Submitted) -> None:
        self.submit_initials(event.value)

    def submit_initials(self, value: str) -> None:
        initials = value.strip()
        if not initials:
            self.show_message(_("Type your initials and press Enter."))
            return
        if self.app.database is None:  # type: ignore[attr-defined]
            self._waiting = True
            self.show_message(_("Opening the database…"))
            return
        desk = self._desk_choice()
        if desk is False:
            self.show_message(_("Choose the desk you are at."))
            self.query_one("#desk").focus()
            return
        self._pending_desk = desk or None
        self._pending_initials = initials
        self.show_message("")
        self.look_up(initials)

    @on(Input.Submitted, "#pin")
    def pin_submitted(self, event: Input.Submitted) -> None:
        self.attempt(self._pending_initials, event.value)

    @on(Input.Changed, "#initials")
    def initials_changed(self, event: Input.Changed) -> None:
        if self.query_one("#pin").display:
            self.refresh_texts()
            self.query_one("#pin-label").display = False
            pin = self.query_one("#pin", Input)
            pin.display = False
            pin.value = ""

    @work(thread=True, exclusive=True, group="signin")
    def look_up(self, initials: str) -> None:
        from db.staff import find_staff

        database = self.app.database  # type: ignore[attr-defined]
        staff = find_staff(database, initials)
        if staff is not None and staff.active and staff.has_pin:
            self.app.call_from_thread(self._ask_pin)
        else:
            self.attempt_now(initials, None)

    def _ask_pin(self) -> None:
        self.query_one("#signin-hint", Static).update(_("Type your PIN and press Enter."))
        self.query_one("#pin-label").display = True
        pin = self.query_one("#pin", Input)
        pin.display = True
        pin.value = ""
        pin.focus()

    @work(thread=True, exclusive=True, group="signin")
    def attempt(self, initials: str, pin: str | None) -> None:
        self.attempt_now(initials, pin)

    def attempt_now(self, initials: str, pin: str | None) -> None:
        """Runs in a worker thread."""
        from db.errors import LotsenError
        from db.staff import SignInError, sign_in

        desk_id = self._pending_desk
        app = self.app
        try:
            staff = sign_in(app.database, initials, pin,  # type: ignore[attr-defined]
                            desk_id or app.desk_id, at=app.now())  # type: ignore[attr-defined]
        except SignInError as exc:
            app.call_from_thread(self._refused, exc.reason)
            return
        except LotsenError as exc:
            app.call_from_thread(self.show_message, error_text(exc))
            return
        from db.incidents import draft_count, news_count

        try:
            unread = self._unread(staff)
            news = news_count(app.database, staff.id)  # type: ignore[attr-defined]
            drafts = draft_count(app.database, staff.id)  # type: ignore[attr-defined]
        except LotsenError:
            unread = news = drafts = 0  # signed in all the same; the screens say what is wrong
        app.call_from_thread(self._accepted, staff, desk_id, unread, news, drafts)

    def _refused(self, reason: str) -> None:
        self.show_message("✗ " + reason_text(reason))
        pin = self.query_one("#pin", Input)
        if reason in ("wrong_pin", "pin_required") and pin.display:
            pin.value = ""
            pin.focus()
        else:
            initials = self.query_one("#initials", Input)
            initials.focus()

    def _unread(self, staff: StaffInfo) -> int:
        """How many handover notes are new to this person (runs in the worker)."""
        from db.handover import since_last_shift

        app = self.app
        context = app.context  # type: ignore[attr-defined]
        if context is None:
            return 0
        return len(since_last_shift(app.database, context.branch_id, staff.id,  # type: ignore[attr-defined]
                                    app.now()))  # type: ignore[attr-defined]

    def _accepted(self, staff: StaffInfo, desk_id: int | None, unread: int,
                  incident_news: int, drafts: int) -> None:
        self.app.post_message(SignedIn(staff, desk_id, unread, incident_news, drafts))
