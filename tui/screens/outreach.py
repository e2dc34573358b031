"""Count an anonymous outreach contact (no referral): one key from 1 to 3."""

from __future__ import annotations

from textual import work
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Vertical
from textual.screen import ModalScreen
from textual.widgets import Static

from tui.directory_text import OUTREACH_LABELS
from tui.i18n import N_, _, error_text


class OutreachDialog(ModalScreen[bool]):
    BINDINGS = [
        Binding("1", "count('greeted')", N_("Greeted"), id="outreach.1"),
        Binding("2", "count('conversation')", N_("Conversation"), id="outreach.2"),
        Binding("3", "count('guided')", N_("Guided onward"), id="outreach.3"),
        Binding("escape", "cancel", N_("Cancel"), id="outreach.cancel"),
    ]

    def compose(self) -> ComposeResult:
        with Vertical(id="outreach-form", classes="dialog"):
            yield Static(_("Count a contact (anonymous)"), classes="dialog-title")
            yield Static("\n".join(f"{n}  {_(label)}" for n, label in
                                   enumerate(OUTREACH_LABELS.values(), start=1)))
            yield Static(_("Press 1, 2 or 3. Esc cancels."), classes="dialog-hint")

    def action_cancel(self) -> None:
        self.dismiss(False)

    def action_count(self, kind: str) -> None:
        self.save(kind)

    @work(thread=True, exclusive=True)
    def save(self, kind: str) -> None:
        from db.directory import record_outreach
        from db.errors import LotsenError

        app = self.app
        try:
            record_outreach(app.database, app.place(), kind)  # type: ignore[attr-defined]
        except LotsenError as exc:
            app.call_from_thread(self.notify, error_text(exc), severity="error")
            return
        app.call_from_thread(self._done, kind)

    def _done(self, kind: str) -> None:
        self.notify(_("Counted: {what}").format(what=_(OUTREACH_LABELS[kind])))
        self.dismiss(True)
