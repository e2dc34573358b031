"""The desk alert (F9 from any screen): pick where and how urgent by one key each; the
colleagues' desks ring and show it until someone answers "coming"; the sender sees who."""

from __future__ import annotations

from rich.text import Text
from textual import on, work
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Vertical
from textual.screen import ModalScreen
from textual.widgets import Static

from tui.i18n import N_, _, error_text, format_time, language
from tui.screens.incident_form import picker_row
from tui.widgets.key_picker import KeyPicker, Option

LEVEL_LABELS = {
    "when_you_can": N_("come when you can"),
    "now": N_("come now"),
    "call_112": N_("call 112 now"),
}
LEVEL_MARKS = {"when_you_can": "!", "now": "!!", "call_112": "‼ 112"}


def alert_text(alert) -> Text:  # noqa: ANN001 - db.alerts.AlertView
    """Level in words and marks (not colour alone), where, who, when, and who is coming."""
    from db.clock import to_local

    zone = alert.zone_en if language() == "en" else alert.zone_sv
    text = Text()
    text.append(f" {LEVEL_MARKS[alert.level]} {_(LEVEL_LABELS[alert.level]).upper()} ",
                style="bold reverse")
    text.append("  " + zone, style="bold")
    text.append("\n" + _("from {who} at {desk}, {time}").format(
        who=alert.raised_by, desk=alert.desk or "–", time=format_time(to_local(alert.raised_at))))
    coming = ", ".join(alert.coming) if alert.coming else _("nobody yet")
    text.append("\n" + _("On the way: {who}").format(who=coming), style="bold")
    return text


class AlertDialog(ModalScreen[int | None]):
    """Where and how urgent; returns the id of the alert raised (None: cancelled)."""

    BINDINGS = [Binding("escape", "cancel", N_("Cancel"), id="alert.cancel")]

    def __init__(self, choices) -> None:  # noqa: ANN001 - db.incidents.Choices
        super().__init__()
        self.choices = choices
        self._sent = False  # a second, panicked digit sends nothing more

    def compose(self) -> ComposeResult:
        lang = language()
        zones = [Option(c.key, c.label(lang), c.id) for c in self.choices.zones]
        levels = [Option(str(i + 1), _(label), key)
                  for i, (key, label) in enumerate(LEVEL_LABELS.items())]
        with Vertical(classes="dialog", id="alert-dialog"):
            yield Static(_("Ask colleagues for backup"), classes="dialog-title")
            yield picker_row(_("Where"), KeyPicker(zones, id="alert-zone"))
            yield picker_row(_("How urgent"), KeyPicker(levels, id="alert-level"))
            yield Static(_("A key for where, then 1, 2 or 3: every desk of the branch rings "
                           "at once. Esc cancels."), classes="dialog-hint")

    def on_mount(self) -> None:
        self.query_one("#alert-zone").focus()

    @on(KeyPicker.Changed, "#alert-level")
    def _send(self) -> None:
        zone = self.query_one("#alert-zone", KeyPicker).value
        if zone is None:
            self.query_one("#alert-zone").focus()
            return
        if not self._sent:
            self._sent = True
            self._raise(zone, self.query_one("#alert-level", KeyPicker).value)

    @work(thread=True, exclusive=True)
    def _raise(self, zone_id: int, level: str) -> None:
        from db.alerts import raise_alert
        from db.errors import LotsenError

        app = self.app
        try:
            alert_id = raise_alert(app.database, app.place(), zone_id, level,  # type: ignore[attr-defined]
                                   now=app.now())  # type: ignore[attr-defined]
        except LotsenError as exc:
            self._sent = False
            app.call_from_thread(self.notify, error_text(exc), severity="error")
            return
        app.call_from_thread(self._done, alert_id)

    def _done(self, alert_id: int) -> None:
        if self.is_current:
            self.dismiss(alert_id)

    def action_cancel(self) -> None:
        self.dismiss(None)


class AlertScreen(ModalScreen[None]):
    """One alert as this desk sees it: the sender (who is coming; c cancels it) or a
    colleague (k: I am coming). It rings until someone answers."""

    BINDINGS = [
        Binding("k", "coming", N_("I am coming"), id="alert.coming"),
        Binding("c", "end", N_("Cancel the alert"), id="alert.end"),
        Binding("escape", "hide", N_("Hide"), id="alert.hide"),
    ]
    RING_EVERY = 4.0

    def __init__(self, alert, mine: bool) -> None:  # noqa: ANN001 - db.alerts.AlertView
        super().__init__()
        self.alert, self.mine = alert, mine
        self.closed = False

    def close(self) -> None:
        """The alert is over: stop ringing; leave now, or when this screen is on top again."""
        self.closed = True
        if self.is_current:
            self.dismiss(None)

    def on_screen_resume(self) -> None:
        if self.closed:
            self.dismiss(None)

    def compose(self) -> ComposeResult:
        with Vertical(classes="dialog", id="alert-screen"):
            yield Static(_("Alert sent") if self.mine else _("A colleague needs backup"),
                         classes="dialog-title")
            yield Static(id="alert-text")
            yield Static(_("c cancels the alert when it is over; Esc hides this.") if self.mine
                         else _("k: I am coming · c: the alert is over · Esc hides this."),
                         classes="dialog-hint")

    def on_mount(self) -> None:
        self.show(self.alert)
        if not self.mine:
            self.app.bell()
            self.set_interval(self.RING_EVERY, self._ring)

    def _ring(self) -> None:
        if not self.alert.coming and not self.closed:
            self.app.bell()

    def show(self, alert) -> None:  # noqa: ANN001
        self.alert = alert
        self.query_one("#alert-text", Static).update(alert_text(alert))
        self.refresh_bindings()

    def check_action(self, action: str, parameters: tuple[object, ...]) -> bool | None:
        if action == "coming":
            staff = self.app.staff  # type: ignore[attr-defined]
            return not self.mine and (staff is None or staff.initials not in self.alert.coming)
        return True

    def action_hide(self) -> None:
        self.dismiss(None)

    def action_coming(self) -> None:
        self._write("answer")

    def action_end(self) -> None:
        self._write("cancel")

    @work(thread=True, exclusive=True, group="alert-write")
    def _write(self, change: str) -> None:
        from db.alerts import answer, cancel
        from db.errors import LotsenError

        app = self.app
        try:
            if change == "answer":
                answer(app.database, self.alert.id, app.staff, app.desk_id,  # type: ignore[attr-defined]
                       now=app.now())  # type: ignore[attr-defined]
            else:
                cancel(app.database, self.alert.id, app.staff,  # type: ignore[attr-defined]
                       now=app.now())  # type: ignore[attr-defined]
        except LotsenError as exc:
            app.call_from_thread(self.notify, error_text(exc), severity="error")
            return
        app.call_from_thread(app.load_alerts)  # type: ignore[attr-defined]
