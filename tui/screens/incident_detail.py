"""One incident in full: its fields, "what happened next" (follow-up notes) and its history
(every revision: who changed what, when). The reporter opening it has seen the news."""

from __future__ import annotations

from typing import Any

from textual import work
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import VerticalScroll
from textual.screen import Screen
from textual.widget import Widget
from textual.widgets import Static

from tui.i18n import N_, _, error_text
from tui.incident_text import detail_text
from tui.widgets.footer import LotsenFooter
from tui.widgets.form import Field
from tui.widgets.form_dialog import FormDialog
from tui.widgets.header import LotsenHeader


class IncidentDetailScreen(Screen[bool]):
    TITLE = N_("Incident")
    BINDINGS = [
        Binding("escape", "back", N_("Back"), id="incident.back"),
        Binding("e", "edit", N_("Edit"), id="incident.edit"),
        Binding("a", "follow_up", N_("Follow-up note"), id="incident.follow_up"),
        Binding("c", "close_case", N_("Close case"), id="incident.close"),
        Binding("o", "reopen", N_("Reopen"), id="incident.reopen"),
        Binding("h", "hand_over", N_("Note for next shift"), id="incident.hand_over"),
    ]

    def __init__(self, incident_id: int) -> None:
        super().__init__()
        self.incident_id = incident_id
        self.detail = None
        self.choices = None

    def compose(self) -> ComposeResult:
        yield LotsenHeader()
        with VerticalScroll(id="incident-detail"):
            yield Static(id="incident-detail-text")
        yield LotsenFooter()

    def on_mount(self) -> None:
        self.load()

    def refresh_texts(self) -> None:
        self._show(self.detail)

    def incidents_changed(self) -> None:
        self.load()

    @work(thread=True, exclusive=True, group="incident-detail")
    def load(self) -> None:
        from db.errors import LotsenError
        from db.incidents import choices, incident_detail, mark_seen

        app = self.app
        try:
            detail = incident_detail(app.database, self.incident_id)  # type: ignore[attr-defined]
            self.choices = choices(app.database, app.context.branch_id)  # type: ignore[attr-defined]
            if detail.row.news and detail.reporter_id == app.staff.id:  # type: ignore[attr-defined]
                mark_seen(app.database, self.incident_id, app.staff.id,  # type: ignore[attr-defined]
                          now=app.now())  # type: ignore[attr-defined]
        except LotsenError as exc:
            app.call_from_thread(self.notify, error_text(exc), severity="error")
            return
        app.call_from_thread(self._show, detail)

    def _show(self, detail) -> None:  # noqa: ANN001
        self.detail = detail
        if detail is not None:
            self.query_one("#incident-detail-text", Static).update(
                detail_text(detail, self.choices))
        self.refresh_bindings()

    def _may_follow_up(self) -> bool:
        from db.roles import Permission, can

        staff = self.app.staff  # type: ignore[attr-defined]
        return staff is not None and can(staff.role, Permission.FOLLOW_UP_INCIDENTS)

    def check_action(self, action: str, parameters: tuple[object, ...]) -> bool | None:
        if action in ("follow_up", "close_case", "reopen") and not self._may_follow_up():
            return False
        if self.detail is None and action != "back":
            return None
        if action == "edit":
            staff = self.app.staff  # type: ignore[attr-defined]
            return self.detail.reporter_id == staff.id or self._may_follow_up()
        if action == "close_case" and self.detail.row.status == "closed":
            return None
        if action == "reopen" and self.detail.row.status != "closed":
            return None
        return True

    def action_back(self) -> None:
        self.dismiss(True)

    def action_edit(self) -> None:
        from tui.screens.incident_form import IncidentFormScreen

        if self.detail is not None and self.choices is not None:
            self.app.push_screen(IncidentFormScreen(self.choices, self.detail),
                                 lambda saved: saved and self.load())

    def action_hand_over(self) -> None:
        """A handover note about this incident (linked; the next shift opens it from F3)."""
        from tui.screens.note_form import NoteFormScreen

        self.app.push_screen(NoteFormScreen(None, incident_ids=(self.incident_id,)))

    def action_follow_up(self) -> None:
        self.app.push_screen(FollowUpDialog(self.incident_id, close=False),
                             lambda saved: saved and self.load())

    def action_close_case(self) -> None:
        self.app.push_screen(FollowUpDialog(self.incident_id, close=True),
                             lambda saved: saved and self.load())

    def action_reopen(self) -> None:
        self.app.push_screen(FollowUpDialog(self.incident_id, close=False, reopen=True),
                             lambda saved: saved and self.load())


class FollowUpDialog(FormDialog):
    """A follow-up note ("what happened next"); it can close or reopen the case."""

    def __init__(self, incident_id: int, close: bool, reopen: bool = False) -> None:
        super().__init__()
        self.incident_id, self.close, self.reopen = incident_id, close, reopen

    def draft_key(self) -> str:
        kind = "reopen" if self.reopen else "close" if self.close else "note"
        return f"incident-{kind}:{self.incident_id}"

    def form_title(self) -> str:
        if self.reopen:
            return _("Reopen incident {id}").format(id=self.incident_id)
        if self.close:
            return _("Close incident {id}").format(id=self.incident_id)
        return _("Follow-up note on incident {id}").format(id=self.incident_id)

    def hint(self) -> str:
        return _("The reporter sees this under their incidents. Ctrl+S saves, Esc cancels.")

    def build_fields(self) -> list[Widget]:
        label = _("Why") if self.reopen else _("What was done")
        return [Field("text", label, max_length=2000)]

    def save(self, values: dict[str, str]) -> Any:
        from db.incidents import add_follow_up, reopen

        app = self.app
        if self.reopen:
            return reopen(app.database, self.incident_id, app.staff,  # type: ignore[attr-defined]
                          values["text"], now=app.now(), keep=self.kept("text"))  # type: ignore[attr-defined]
        return add_follow_up(app.database, self.incident_id, app.staff,  # type: ignore[attr-defined]
                             values["text"], close=self.close, now=app.now(),  # type: ignore[attr-defined]
                             keep=self.kept("text"))

    def saved_message(self, result: Any) -> str:
        return _("Case closed.") if self.close else _("Saved.")
