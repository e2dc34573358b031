"""A routine in full (F1, then its digit): the steps, who to call, what to record — `r`
opens the incident form with the type filled in; `e` edits (manager, social worker), each
edit a new revision.

Markdown and TextArea (with markdown-it and Pygments, some 3 MiB) are imported when a
routine is shown, not with this module: F1 help reads the keys here at every desk.
"""

from __future__ import annotations

from textual import work
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Vertical, VerticalScroll
from textual.screen import ModalScreen, Screen
from textual.widgets import Static

from tui.i18n import N_, _, error_text, language
from tui.widgets.footer import LotsenFooter
from tui.widgets.header import LotsenHeader


# Who to call: the directory search each template routine leads to (F2 shows the services,
# open or closed now, with their numbers). A routine a library adds has none.
ROUTINE_SEARCH = {
    "overdose": "förgiftning", "threat": "polis", "fire_alarm": "räddningstjänst",
    "will_not_leave": "sova", "child_alone": "socialjour", "toilets": "sova",
    "acute_crisis": "kris",
}


class RoutineScreen(Screen[None]):
    TITLE = N_("Routine")
    BINDINGS = [
        Binding("escape", "back", N_("Back"), id="routine.back"),
        Binding("r", "record", N_("Record an incident"), id="routine.record"),
        Binding("s", "services", N_("Who to call (F2)"), id="routine.services"),
        Binding("e", "edit", N_("Edit"), id="routine.edit"),
    ]

    def __init__(self, routine) -> None:  # noqa: ANN001 - db.routines.RoutineView
        super().__init__()
        self.routine = routine

    def compose(self) -> ComposeResult:
        from textual.widgets import Markdown

        yield LotsenHeader()
        with VerticalScroll(id="routine"):
            yield Markdown(id="routine-text")
        yield LotsenFooter()

    def on_mount(self) -> None:
        self.refresh_texts()

    def refresh_texts(self) -> None:
        lang = language()
        routine = self.routine
        from textual.widgets import Markdown

        self.query_one("#routine-text", Markdown).update(
            f"# {routine.title(lang)}\n\n{routine.body(lang)}\n\n"
            f"*{_('revision {n}').format(n=routine.revision)}*")

    def check_action(self, action: str, parameters: tuple[object, ...]) -> bool | None:
        if action == "edit":
            from db.roles import Permission, can

            staff = self.app.staff  # type: ignore[attr-defined]
            return staff is not None and can(staff.role, Permission.EDIT_ROUTINES)
        if action == "record":
            return self.routine.incident_type is not None
        if action == "services":
            return self.routine.code in ROUTINE_SEARCH
        return True

    async def action_services(self) -> None:
        """The services to call for this situation, in the referral search."""
        query = ROUTINE_SEARCH.get(self.routine.code)
        if query is not None:
            self.app.pop_screen()
            await self.app.open_search_hit("referrals", query)  # type: ignore[attr-defined]

    def action_back(self) -> None:
        self.app.pop_screen()

    def action_record(self) -> None:
        self._open_incident()

    @work(thread=True, group="routine-record")
    def _open_incident(self) -> None:
        from db.incidents import choices

        from db.errors import LotsenError

        app = self.app
        if app.context is None:  # type: ignore[attr-defined]
            return
        try:
            options = choices(app.database, app.context.branch_id)  # type: ignore[attr-defined]
        except LotsenError as exc:
            app.call_from_thread(self.notify, error_text(exc), severity="error")
            return
        kind = next((c.id for c in options.types if c.code == self.routine.incident_type), None)
        app.call_from_thread(self._push_incident, options, kind)

    def _push_incident(self, options, kind) -> None:  # noqa: ANN001
        from tui.screens.incident_form import IncidentFormScreen

        self.app.push_screen(IncidentFormScreen(options, None, {"type": kind}))

    def action_edit(self) -> None:
        self.app.push_screen(RoutineEditScreen(self.routine), self._edited)

    def _edited(self, routine) -> None:  # noqa: ANN001
        if routine is not None:
            self.routine = routine
            self.refresh_texts()


class RoutineEditScreen(ModalScreen[object]):
    """The routine's Markdown in the UI language; Ctrl+S saves a new revision."""

    BINDINGS = [
        Binding("ctrl+s", "save", N_("Save"), id="routine_edit.save"),
        Binding("escape", "cancel", N_("Cancel"), id="routine_edit.cancel"),
    ]

    def __init__(self, routine) -> None:  # noqa: ANN001
        super().__init__()
        self.routine = routine

    def compose(self) -> ComposeResult:
        from textual.widgets import TextArea

        lang = language()
        with Vertical(classes="dialog -wide"):
            yield Static(_("Edit the routine: {title}").format(title=self.routine.title(lang)),
                         classes="dialog-title")
            yield TextArea(self.routine.body(lang), id="routine-body", soft_wrap=True)
            yield Static("", id="routine-error")
            yield Static(_("Markdown: numbered steps, **bold**. The old text is kept as a "
                           "revision. Ctrl+S saves, Esc cancels."), classes="dialog-hint")

    def on_mount(self) -> None:
        self.query_one("#routine-body").focus()

    def action_cancel(self) -> None:
        self.dismiss(None)

    def action_save(self) -> None:
        self._save(self.query_one("#routine-body").text)  # type: ignore[attr-defined]

    @work(thread=True, exclusive=True)
    def _save(self, body: str) -> None:
        from dataclasses import replace

        from db.errors import LotsenError
        from db.routines import edit_routine

        app, routine = self.app, self.routine
        english = language() == "en"
        try:
            revision = edit_routine(
                app.database, routine.id, app.staff, routine.title_sv,  # type: ignore[attr-defined]
                routine.title_en, routine.body_sv if english else body,
                body if english else routine.body_en, now=app.now(),  # type: ignore[attr-defined]
                expected_revision=routine.revision)
        except LotsenError as exc:
            app.call_from_thread(self.query_one("#routine-error", Static).update,
                                 "✗ " + error_text(exc))
            return
        changed = replace(routine, revision=revision,
                          **({"body_en": body.strip()} if english else {"body_sv": body.strip()}))
        app.call_from_thread(self.dismiss, changed)

    def on_text_area_changed(self) -> None:
        self.query_one("#routine-error", Static).update("")
