"""The audit log for managers and administrators (F7, then g): who signed in, changed what,
and read which sensitive record, newest first; `/` narrows by action or by @initials."""

from __future__ import annotations

from rich.text import Text
from textual import on, work
from textual.app import ComposeResult
from textual.binding import Binding
from textual.screen import Screen
from textual.widgets import DataTable, Input, Static

from tui.i18n import N_, _, error_text, format_datetime
from tui.widgets.footer import LotsenFooter
from tui.widgets.form import text_input
from tui.widgets.header import LotsenHeader
from tui.widgets.tables import set_columns

LIMIT = 500


class AuditScreen(Screen[None]):
    TITLE = N_("Audit log")
    BINDINGS = [
        Binding("escape", "back", N_("Back"), id="audit.back"),
        Binding("slash", "find", N_("Find"), id="audit.find"),
        Binding("r", "reload", N_("Reload"), id="audit.reload"),
    ]

    def __init__(self) -> None:
        super().__init__()
        self.query_text = ""
        self.rows: list = []

    def compose(self) -> ComposeResult:
        yield LotsenHeader()
        yield text_input(id="audit-find", placeholder=_("action (e.g. signin, ban_) or @AL"))
        yield Static(id="audit-info")
        yield DataTable(id="audit-table", cursor_type="row", zebra_stripes=True)
        yield LotsenFooter()

    def on_mount(self) -> None:
        self.query_one("#audit-find").display = False
        self.refresh_texts()
        self.query_one(DataTable).focus()

    def refresh_texts(self) -> None:
        set_columns(self.query_one(DataTable), (
            ("at", _("When"), 19), ("who", _("Who"), 4), ("action", _("Action"), 22),
            ("subject", _("Subject"), 16), ("detail", _("Detail"), None)))
        self.load()

    @work(thread=True, exclusive=True)
    def load(self) -> None:
        from db.audit import events
        from db.errors import LotsenError

        words = self.query_text.split()
        initials = next((w[1:] for w in words if w.startswith("@")), None)
        action = next((w for w in words if not w.startswith("@")), None)
        app = self.app
        try:
            rows = events(app.database, app.staff, action=action,  # type: ignore[attr-defined]
                          initials=initials, limit=LIMIT)
        except LotsenError as exc:
            app.call_from_thread(self.notify, error_text(exc), severity="error")
            return
        app.call_from_thread(self._show, rows)

    def _show(self, rows: list) -> None:
        from db.clock import to_local

        self.rows = rows
        table = self.query_one(DataTable)
        table.clear()
        for row in rows:
            table.add_row(format_datetime(to_local(row.at)), row.initials or "–", row.action,
                          Text(row.subject or ""), Text(row.detail or ""), key=str(row.id))
        shown = f"{len(rows)}+" if len(rows) >= LIMIT else str(len(rows))
        self.query_one("#audit-info", Static).update(
            _("{count} events, newest first · / finds · the log itself is kept as the "
              "retention settings say").format(count=shown))

    def action_back(self) -> None:
        self.app.pop_screen()

    def action_reload(self) -> None:
        self.load()

    def action_find(self) -> None:
        field = self.query_one("#audit-find", Input)
        field.display = True
        field.focus()

    @on(Input.Submitted, "#audit-find")
    def _found(self, event: Input.Submitted) -> None:
        self.query_text = event.value.strip()
        self.query_one(DataTable).focus()
        self.load()
