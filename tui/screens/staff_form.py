"""Add a staff member (managers and admins)."""

from __future__ import annotations

from textual import on, work
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Horizontal, Vertical
from textual.screen import ModalScreen
from textual.widgets import Input, Label, Select, Static

from tui.i18n import N_, _, error_text
from tui.screens.staff import ROLE_NAMES
from tui.widgets.form import Field

FIELD_OF_ERROR = {"initials": "initials", "name": "name", "pin": "pin", "role": "role"}


class StaffFormScreen(ModalScreen[bool]):
    AUTO_FOCUS = "#initials"
    BINDINGS = [
        Binding("ctrl+s", "save", N_("Save"), id="form.save"),
        Binding("escape", "cancel", N_("Cancel"), id="form.cancel"),
    ]

    def compose(self) -> ComposeResult:
        with Vertical(id="staff-form", classes="dialog"):
            yield Static(_("New staff member"), classes="dialog-title")
            yield Field("initials", _("Initials"), max_length=6)
            yield Field("name", _("Name"), max_length=200)
            with Horizontal(classes="select-row"):
                yield Label(_("Role"), classes="field-label")
                yield Select([(_(label), role) for role, label in ROLE_NAMES.items()],
                             value="desk", allow_blank=False, id="role", compact=True)
            with Horizontal(classes="select-row"):
                yield Label(_("Language"), classes="field-label")
                yield Select([(_("Swedish"), "sv"), (_("English"), "en")], value="sv",
                             allow_blank=False, id="lang", compact=True)
            yield Field("pin", _("PIN (optional)"), password=True, max_length=8,
                        restrict=r"[0-9]*")
            yield Static(_("Ctrl+S saves, Esc cancels."), classes="dialog-hint")

    @on(Input.Submitted)
    def next_field(self, event: Input.Submitted) -> None:
        if event.input.id == "pin":
            self.action_save()
        else:
            self.focus_next()

    def action_cancel(self) -> None:
        self.dismiss(False)

    def action_save(self) -> None:
        for field in self.query(Field):
            field.set_error("")
        values = {f.field: f.value for f in self.query(Field)}
        values["role"] = str(self.query_one("#role", Select).value)
        values["lang"] = str(self.query_one("#lang", Select).value)
        self.save(values)

    @work(thread=True, exclusive=True)
    def save(self, values: dict[str, str]) -> None:
        from db.errors import LotsenError
        from db.staff import create_staff

        app = self.app
        try:
            staff = create_staff(app.database, values["initials"], values["name"],  # type: ignore[attr-defined]
                                 values["role"], values["pin"] or None, values["lang"],
                                 actor=app.staff)  # type: ignore[attr-defined]
        except LotsenError as exc:
            app.call_from_thread(self._fail, getattr(exc, "field", None), error_text(exc))
            return
        app.call_from_thread(self._done, staff.initials)

    def _fail(self, field: str | None, text: str) -> None:
        target = FIELD_OF_ERROR.get(field or "", "initials")
        for widget in self.query(Field):
            if widget.field == target:
                widget.set_error(text)
                widget.query_one(Input).focus()
                return
        self.notify(text, severity="error")

    def _done(self, initials: str) -> None:
        self.notify(_("{initials} added.").format(initials=initials))
        self.dismiss(True)
