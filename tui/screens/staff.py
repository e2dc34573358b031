"""F7 Staff: everyone sees their own account (PIN, language); managers and admins manage all."""

from __future__ import annotations

from textual import work
from textual.app import ComposeResult
from textual.binding import Binding
from textual.screen import Screen
from textual.widgets import DataTable, Static

from tui.i18n import N_, _, error_text, sort_key
from tui.widgets.footer import LotsenFooter
from tui.widgets.header import LotsenHeader
from tui.widgets.tables import plain, selected_key, set_columns

ROLE_NAMES = {
    "desk": N_("desk staff"),
    "socialworker": N_("social worker"),
    "manager": N_("manager"),
    "admin": N_("administrator"),
}
MANAGE_ACTIONS = {"add", "toggle_active"}


def role_name(role: str) -> str:
    return _(ROLE_NAMES[role]) if role in ROLE_NAMES else role


class StaffScreen(Screen[None]):
    TITLE = N_("Staff")
    BINDINGS = [
        Binding("a", "add", N_("Add"), id="staff.add"),
        Binding("d", "toggle_active", N_("Disable/enable"), id="staff.toggle"),
        Binding("p", "pin", N_("My PIN"), id="staff.pin"),
        Binding("l", "app.toggle_language", N_("Language"), id="staff.language"),
        Binding("g", "audit", N_("Audit log"), id="staff.audit"),
    ]

    def compose(self) -> ComposeResult:
        yield LotsenHeader()
        yield Static(id="staff-intro")
        yield DataTable(id="staff-table", cursor_type="row", zebra_stripes=True)
        yield LotsenFooter()

    def on_mount(self) -> None:
        self.refresh_texts()

    def on_screen_resume(self) -> None:
        self.load()

    @property
    def may_manage(self) -> bool:
        from db.roles import Permission, can

        staff = self.app.staff  # type: ignore[attr-defined]
        return staff is not None and can(staff.role, Permission.MANAGE_STAFF)

    def check_action(self, action: str, parameters: tuple[object, ...]) -> bool | None:
        if action in MANAGE_ACTIONS:
            return self.may_manage
        if action == "audit":
            from db.roles import Permission, can

            staff = self.app.staff  # type: ignore[attr-defined]
            return staff is not None and can(staff.role, Permission.VIEW_AUDIT)
        return True

    def refresh_texts(self) -> None:
        set_columns(self.query_one(DataTable), tuple(
            (key, _(label), None) for key, label in (
                ("initials", N_("Initials")), ("name", N_("Name")), ("role", N_("Role")),
                ("pin", N_("PIN")), ("lang", N_("Language")), ("active", N_("Status")))))
        self.query_one("#staff-intro", Static).update(
            _("Everyone with access to Lotsen. Disabled accounts cannot sign in.")
            if self.may_manage else _("Your account. Managers add and disable accounts."))
        self.load()

    @work(thread=True, exclusive=True)
    def load(self) -> None:
        from db.staff import list_staff

        rows = list_staff(self.app.database)  # type: ignore[attr-defined]
        self.app.call_from_thread(self._show, rows)

    def _show(self, rows: list) -> None:
        me = self.app.staff  # type: ignore[attr-defined]
        if not self.may_manage:
            rows = [r for r in rows if me is not None and r.id == me.id]
        rows.sort(key=lambda r: sort_key(r.initials))
        table = self.query_one(DataTable)
        table.clear()
        for row in rows:
            table.add_row(
                *plain(row.initials, row.name, role_name(row.role),
                       _("yes") if row.has_pin else _("no"),
                       {"sv": _("Swedish"), "en": _("English")}.get(row.lang or "", "–"),
                       _("active") if row.active else _("disabled")),
                key=row.initials,
            )
        self.refresh_bindings()

    def action_audit(self) -> None:
        from tui.screens.audit import AuditScreen

        self.app.push_screen(AuditScreen())

    def action_add(self) -> None:
        from tui.screens.staff_form import StaffFormScreen

        self.app.push_screen(StaffFormScreen(), lambda _result: self.load())

    def action_toggle_active(self) -> None:
        initials = selected_key(self.query_one(DataTable))
        if initials:
            self.toggle_active(initials)

    @work(thread=True, exclusive=True, group="staff-write")
    def toggle_active(self, initials: str) -> None:
        from db.errors import LotsenError
        from db.staff import find_staff, set_active

        app = self.app
        try:
            current = find_staff(app.database, initials)  # type: ignore[attr-defined]
            if current is None:
                return
            changed = set_active(app.database, initials, not current.active,  # type: ignore[attr-defined]
                                 actor=app.staff)  # type: ignore[attr-defined]
        except LotsenError as exc:
            app.call_from_thread(self.notify, error_text(exc), severity="error")
            return
        text = (_("{initials} can sign in again.") if changed.active
                else _("{initials} is disabled.")).format(initials=changed.initials)
        app.call_from_thread(self.notify, text)
        self.load()

    def action_pin(self) -> None:
        from tui.screens.pin import PinScreen

        self.app.push_screen(PinScreen(), lambda _result: self.load())
