"""First run: create the library, its first branch, desks and shifts, and the administrator.

After this screen the administrator is signed in on the staff screen to add colleagues.
"""

from __future__ import annotations

from textual import on, work
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import VerticalScroll
from textual.screen import Screen
from textual.widgets import Input, Static

from tui.i18n import N_, _, error_text
from tui.messages import LibraryCreated
from tui.widgets.footer import LotsenFooter
from tui.widgets.form import Field
from tui.widgets.header import LotsenHeader

SHIFT_ROWS = 4
FIELDS: tuple[tuple[str, str], ...] = (
    ("library", N_("Library")),
    ("branch", N_("Branch")),
    ("desks", N_("Desks")),
    ("admin_initials", N_("Your initials")),
    ("admin_name", N_("Your name")),
    ("admin_pin", N_("Your PIN")),
    ("admin_pin2", N_("PIN again")),
)
PLACEHOLDERS = {
    "library": N_("e.g. Exempelstad stadsbibliotek"),
    "branch": N_("e.g. Stadsbiblioteket"),
    "desks": N_("e.g. Informationsdisken, Barn och unga"),
    "admin_initials": N_("2–6 letters"),
    "admin_pin": N_("4–8 digits"),
}


class SetupScreen(Screen[None]):
    """Shown once, on an empty database."""

    AUTO_FOCUS = "#library"
    BINDINGS = [Binding("ctrl+s", "save", N_("Create"), id="setup.save")]

    def compose(self) -> ComposeResult:
        from db.shifts import DEFAULT_SHIFTS

        yield LotsenHeader()
        with VerticalScroll(id="setup"):
            yield Static(id="setup-intro")
            for field, _label in FIELDS[:3]:
                yield Field(field, "", max_length=200)
            yield Static(id="shifts-intro", classes="section")
            for row in range(SHIFT_ROWS):
                name, start, end = (DEFAULT_SHIFTS[row] if row < len(DEFAULT_SHIFTS)
                                    else ("", None, None))
                yield Field(f"shift{row}", "", value=f"{name} {start:%H:%M}–{end:%H:%M}"
                            if start and end else "", max_length=80,
                            placeholder=_("name hh:mm–hh:mm"))
            yield Static(id="admin-intro", classes="section")
            for field, _label in FIELDS[3:]:
                secret = field.startswith("admin_pin")
                yield Field(field, "", password=secret, max_length=8 if secret else 200,
                            restrict=r"[0-9]*" if secret else None)
            yield Static(id="setup-message")
        yield LotsenFooter()

    def on_mount(self) -> None:
        self.refresh_texts()

    def refresh_texts(self) -> None:
        self.query_one("#setup-intro", Static).update(
            _("Welcome to Lotsen. Set up your library: this is done once. "
              "Tab moves between fields, Ctrl+S creates."))
        self.query_one("#shifts-intro", Static).update(
            _("Shifts: a name and hours, e.g. Kväll 16:30–21:00. Leave a row empty to skip it."))
        self.query_one("#admin-intro", Static).update(
            _("You become the administrator. Add colleagues on the next screen."))
        labels = {field: _(label) for field, label in FIELDS}
        for row in range(SHIFT_ROWS):
            labels[f"shift{row}"] = _("Shift {number}").format(number=row + 1)
        for field in self.query(Field):
            field.set_label(labels[field.field])
            if field.field in PLACEHOLDERS:
                field.query_one(Input).placeholder = _(PLACEHOLDERS[field.field])

    @on(Input.Submitted)
    def next_field(self, event: Input.Submitted) -> None:
        if event.input.id == "admin_pin2":
            self.action_save()
        else:
            self.focus_next()

    def _values(self) -> dict[str, str]:
        return {field.field: field.value for field in self.query(Field)}

    def action_save(self) -> None:
        for field in self.query(Field):
            field.set_error("")
        self.query_one("#setup-message", Static).update(_("Creating…"))
        self.create(self._values())

    @work(thread=True, exclusive=True)
    def create(self, values: dict[str, str]) -> None:
        from db.errors import LotsenError
        from db.library import AdminSpec, ShiftSpec, desk_context, set_up_library
        from db.shifts import parse_shift
        from db.staff import sign_in

        try:
            shifts = []
            for row in range(SHIFT_ROWS):
                text = values[f"shift{row}"].strip()
                if text:
                    try:
                        shifts.append(ShiftSpec(*parse_shift(text)))
                    except ValueError:
                        self.app.call_from_thread(
                            self._fail, f"shift{row}",
                            _("Write a name and hours, e.g. Kväll 16:30–21:00."))
                        return
            if values["admin_pin"] != values["admin_pin2"]:
                self.app.call_from_thread(self._fail, "admin_pin2", _("The PINs differ."))
                return
            desks = [d for d in (part.strip() for part in values["desks"].split(",")) if d]
            database = self.app.database  # type: ignore[attr-defined]
            admin = AdminSpec(values["admin_initials"], values["admin_name"], values["admin_pin"])
            set_up_library(database, values["library"], values["branch"], desks, shifts, admin)
            context = desk_context(database, desks[0] if desks else None)
            staff = sign_in(database, admin.initials, admin.pin,
                            context.desk.id if context and context.desk else None)
        except LotsenError as exc:
            field = getattr(exc, "field", None)
            target = {"library": "library", "branch": "branch", "desk": "desks",
                      "shifts": "shift0", "initials": "admin_initials", "name": "admin_name",
                      "pin": "admin_pin"}.get(field or "", "")
            self.app.call_from_thread(self._fail, target, error_text(exc))
            return
        assert context is not None
        self.app.post_message(LibraryCreated(context, staff))

    def _fail(self, field: str, text: str) -> None:
        self.query_one("#setup-message", Static).update("")
        matches = [f for f in self.query(Field) if f.field == field]
        if matches:
            matches[0].set_error(text)
            matches[0].query_one(Input).focus()
        else:
            self.query_one("#setup-message", Static).update(f"✗ {text}")
