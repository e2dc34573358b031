"""Change one's own PIN (empty removes it)."""

from __future__ import annotations

from textual import on, work
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Vertical
from textual.screen import ModalScreen
from textual.widgets import Input, Static

from tui.i18n import N_, _, error_text
from tui.widgets.form import Field


class PinScreen(ModalScreen[bool]):
    AUTO_FOCUS = "#pin"
    BINDINGS = [
        Binding("ctrl+s", "save", N_("Save"), id="form.save"),
        Binding("escape", "cancel", N_("Cancel"), id="form.cancel"),
    ]

    def compose(self) -> ComposeResult:
        with Vertical(id="pin-form", classes="dialog"):
            yield Static(_("My PIN"), classes="dialog-title")
            yield Field("pin", _("New PIN"), password=True, max_length=8, restrict=r"[0-9]*")
            yield Field("pin2", _("PIN again"), password=True, max_length=8, restrict=r"[0-9]*")
            yield Static(_("4–8 digits. Leave both empty to sign in without a PIN."),
                         classes="dialog-hint")

    @on(Input.Submitted)
    def next_field(self, event: Input.Submitted) -> None:
        if event.input.id == "pin2":
            self.action_save()
        else:
            self.focus_next()

    def action_cancel(self) -> None:
        self.dismiss(False)

    def action_save(self) -> None:
        fields = {f.field: f for f in self.query(Field)}
        for field in fields.values():
            field.set_error("")
        if fields["pin"].value != fields["pin2"].value:
            fields["pin2"].set_error(_("The PINs differ."))
            return
        self.save(fields["pin"].value)

    @work(thread=True, exclusive=True)
    def save(self, pin: str) -> None:
        from db.errors import LotsenError
        from db.staff import set_pin

        app = self.app
        try:
            staff = set_pin(app.database, app.staff.id, pin or None)  # type: ignore[attr-defined]
        except LotsenError as exc:
            app.call_from_thread(self._fail, error_text(exc))
            return
        app.call_from_thread(self._done, staff)

    def _fail(self, text: str) -> None:
        field = self.query(Field).first(Field)
        field.set_error(text)
        field.query_one(Input).focus()

    def _done(self, staff) -> None:  # noqa: ANN001
        self.app.staff = staff  # type: ignore[attr-defined]
        self.notify(_("Your PIN is saved.") if staff.has_pin else _("Your PIN is removed."))
        self.dismiss(True)
