"""F6 Directory upkeep (social worker, manager, admin): add, edit, verify, deactivate,
temporary alerts, partner contacts, and a queue of entries not verified for six months."""

from __future__ import annotations

from textual import on, work
from textual.app import ComposeResult
from textual.binding import Binding
from textual.screen import Screen
from textual.widgets import DataTable, Input, Static

from tui.i18n import N_, _, error_text, sort_key
from tui.widgets.footer import LotsenFooter
from tui.widgets.form import text_input
from tui.widgets.header import LotsenHeader
from tui.widgets.tables import plain, selected_key, set_columns

STATUS_LABELS = {
    "active": N_("active"),
    "inactive": N_("inactive"),
    "temporarily closed": N_("temporarily closed"),
    "defunct": N_("defunct"),
}


class DirectoryScreen(Screen[None]):
    TITLE = N_("Directory")
    BINDINGS = [
        Binding("n", "new", N_("New"), id="directory.new"),
        Binding("e", "edit", N_("Edit"), id="directory.edit"),
        Binding("v", "verify", N_("Verified"), id="directory.verify"),
        Binding("d", "toggle_active", N_("Active/inactive"), id="directory.toggle"),
        Binding("t", "alert", N_("Alert"), id="directory.alert"),
        Binding("k", "contact", N_("Contact"), id="directory.contact"),
        Binding("s", "stale", N_("Stale only"), id="directory.stale"),
        Binding("slash", "filter", N_("Filter"), show=False, id="directory.filter"),
    ]

    def __init__(self) -> None:
        super().__init__()
        self.only_stale = False
        self.docs: list = []

    def compose(self) -> ComposeResult:
        yield LotsenHeader()
        yield text_input(id="directory-filter")
        yield Static(id="directory-info")
        yield DataTable(id="directory-table", cursor_type="row", zebra_stripes=True)
        yield LotsenFooter()

    def on_mount(self) -> None:
        self.refresh_texts()
        self.query_one(DataTable).focus()

    def on_screen_resume(self) -> None:
        self.load()

    def refresh_texts(self) -> None:
        set_columns(self.query_one(DataTable), (
            ("name", _("Service"), 28), ("organization", _("Organization"), 18),
            ("status", _("Status"), 10), ("verified", _("Verified"), 12)))
        self.query_one("#directory-filter", Input).placeholder = _("Filter by name (/)")
        self.load()

    @work(thread=True, exclusive=True)
    def load(self) -> None:
        from db.directory import load_docs

        docs = load_docs(self.app.database)  # type: ignore[attr-defined]
        self.app.call_from_thread(self._loaded, docs)

    def _loaded(self, docs: list) -> None:
        # Equal names (a local entry and the bundled national line it retired) in a fixed
        # order: the database returns them in any order.
        self.docs = sorted(docs, key=lambda d: (sort_key(d.name), sort_key(d.organization),
                                                d.id))
        self.show()

    @on(Input.Changed, "#directory-filter")
    def show(self) -> None:
        from db.directory import is_stale

        today = self.app.now().date()  # type: ignore[attr-defined]
        needle = self.query_one("#directory-filter", Input).value.casefold().strip()
        table = self.query_one(DataTable)
        selected = self.selected_id()
        table.clear()
        shown = 0
        stale_count = 0
        for doc in self.docs:
            stale = is_stale(doc.assured_date, today) and doc.status == "active"
            stale_count += stale
            if self.only_stale and not stale:
                continue
            if needle and needle not in doc.name.casefold() and \
                    needle not in doc.organization.casefold():
                continue
            verified = doc.assured_date.isoformat() if doc.assured_date else _("never")
            table.add_row(*plain(doc.name, doc.organization,
                                 _(STATUS_LABELS.get(doc.status, doc.status)),
                                 f"⚠ {verified}" if stale else verified), key=doc.id)
            shown += 1
        if selected is not None and selected in table.rows:
            table.move_cursor(row=table.get_row_index(selected))
        info = _("{shown} of {total} services · {stale} not verified for 6 months (⚠)").format(
            shown=shown, total=len(self.docs), stale=stale_count)
        if self.only_stale:
            info += " · " + _("showing the stale queue (s: all)")
        self.query_one("#directory-info", Static).update(info)

    def selected_id(self) -> str | None:
        return selected_key(self.query_one(DataTable))

    def selected_doc(self):  # noqa: ANN201
        service_id = self.selected_id()
        return next((d for d in self.docs if d.id == service_id), None)

    def check_action(self, action: str, parameters: tuple[object, ...]) -> bool | None:
        if isinstance(self.focused, Input) and action not in ("filter",):
            return False if action != "new" else True
        return True

    def action_filter(self) -> None:
        self.query_one("#directory-filter", Input).focus()

    @on(Input.Submitted, "#directory-filter")
    def filter_done(self) -> None:
        self.query_one(DataTable).focus()

    def action_stale(self) -> None:
        self.only_stale = not self.only_stale
        self.show()

    def changed(self, message: str) -> None:
        self.notify(message)
        self.load()
        self.app.load_directory()  # type: ignore[attr-defined]

    def action_verify(self) -> None:
        doc = self.selected_doc()
        if doc is not None:
            self.run_change("verify", doc.id, doc.name)

    def action_toggle_active(self) -> None:
        doc = self.selected_doc()
        if doc is not None:
            status = "inactive" if doc.status == "active" else "active"
            self.run_change(status, doc.id, doc.name)

    @work(thread=True, exclusive=True, group="directory-write")
    def run_change(self, change: str, service_id: str, name: str) -> None:
        from db.directory import mark_verified, set_status
        from db.errors import LotsenError

        app = self.app
        try:
            if change == "verify":
                mark_verified(app.database, service_id, app.staff,  # type: ignore[attr-defined]
                              today=app.now().date())  # type: ignore[attr-defined]
                message = _("{name}: verified today.").format(name=name)
            else:
                set_status(app.database, service_id, change, app.staff)  # type: ignore[attr-defined]
                message = _("{name}: {status}.").format(name=name,
                                                         status=_(STATUS_LABELS[change]))
        except LotsenError as exc:
            app.call_from_thread(self.notify, error_text(exc), severity="error")
            return
        app.call_from_thread(self.changed, message)

    def action_new(self) -> None:
        from tui.screens.service_form import ServiceFormScreen

        self.app.push_screen(ServiceFormScreen(None), self._form_closed)

    def action_edit(self) -> None:
        from tui.screens.service_form import ServiceFormScreen

        doc = self.selected_doc()
        if doc is not None:
            self.app.push_screen(ServiceFormScreen(doc.id), self._form_closed)

    def _form_closed(self, saved: bool | None) -> None:
        if saved:
            self.changed(_("Saved."))

    def action_alert(self) -> None:
        from tui.screens.service_form import AlertDialog

        doc = self.selected_doc()
        if doc is not None:
            self.app.push_screen(AlertDialog(doc.id, doc.name, doc.alert or ""),
                                 self._form_closed)

    def action_contact(self) -> None:
        from tui.screens.service_form import ContactDialog

        doc = self.selected_doc()
        if doc is not None:
            self.app.push_screen(ContactDialog(doc.id, doc.name), self._form_closed)
