"""F3 Handover: what is new since your last shift (urgent and important first), all notes in
force, your follow-ups; acknowledge with one key; the previous shift summarised on top.

New notes from other desks appear within seconds (``db.live``), without restarting.
"""

from __future__ import annotations

from rich.text import Text
from textual import on, work
from textual.app import ComposeResult
from textual.binding import Binding
from textual.screen import Screen
from textual.widgets import Input

from tui.handover_text import CATEGORY_LABELS, note_entry, summary_text
from tui.i18n import N_, _, error_text
from tui.widgets.footer import LotsenFooter
from tui.widgets.form import text_input
from tui.widgets.header import LotsenHeader
from tui.widgets.hit_list import HitList
from tui.widgets.text_panel import TextPanel

VIEWS = {
    "new": N_("New since your last shift"),
    "all": N_("All notes in force"),
    "mine": N_("Your follow-ups"),
    "shift": N_("Shift by shift (← →)"),
}


class HandoverScreen(Screen[None]):
    TITLE = N_("Handover")
    AUTO_FOCUS = "#notes"
    BINDINGS = [
        Binding("n", "new", N_("New note"), id="handover.new"),
        Binding("k", "acknowledge", N_("Read"), id="handover.acknowledge"),
        Binding("e", "edit", N_("Edit"), id="handover.edit"),
        Binding("f", "pin", N_("Pin"), id="handover.pin"),
        Binding("d", "done", N_("Done"), id="handover.done"),
        Binding("v", "view", N_("View"), id="handover.view"),
        Binding("x", "export", N_("Export"), id="handover.export"),
        Binding("o", "open_incident", N_("Incident"), id="handover.open_incident"),
        Binding("left", "shift(-1)", N_("Earlier shift"), show=False, id="handover.earlier"),
        Binding("right", "shift(1)", N_("Later shift"), show=False, id="handover.later"),
        Binding("slash", "find", N_("Find"), id="handover.find"),
        Binding("escape", "close_find", N_("Close find"), show=False, id="handover.close_find"),
    ]

    def __init__(self) -> None:
        super().__init__()
        self.view = "new"
        self.notes: list = []
        self.on_shift: tuple[str, ...] = ()
        self.shift_offset = 0  # 0: the running shift, -1 the one before, …
        self.query_text = ""

    def compose(self) -> ComposeResult:
        yield LotsenHeader()
        yield TextPanel(id="handover-summary")
        yield TextPanel(id="handover-title")
        yield text_input(id="handover-find")
        yield HitList(id="notes")
        yield LotsenFooter()

    def on_mount(self) -> None:
        self.query_one("#handover-find").display = False
        self.load()

    def on_screen_resume(self) -> None:
        self.load()

    def refresh_texts(self) -> None:
        self.load()

    def handover_changed(self) -> None:
        """A note was written or changed at some desk (live update)."""
        self.load()

    @work(thread=True, exclusive=True, group="handover-load")
    def load(self) -> None:
        from db.handover import (
            active_notes,
            find_notes,
            my_follow_ups,
            shift_spans_around,
            on_shift,
            previous_shift,
            shift_summary,
            since_last_shift,
        )

        app = self.app
        database, staff, context = app.database, app.staff, app.context  # type: ignore[attr-defined]
        if database is None or staff is None or context is None:
            return
        now = app.now()  # type: ignore[attr-defined]
        branch = context.branch_id
        span = previous_shift(database, branch, now)
        if self.query_text:
            notes = self._found(database, branch, staff.id)
        elif self.view == "new":
            notes = since_last_shift(database, branch, staff.id, now)
        elif self.view == "all":
            notes = active_notes(database, branch, staff.id, now)
        elif self.view == "mine":
            notes = [note for _task, note in my_follow_ups(database, staff)]
        else:
            all_spans = shift_spans_around(database, branch, now)
            self.shift_offset = max(-(len(all_spans) - 1), min(0, self.shift_offset))
            span = all_spans[len(all_spans) - 1 + self.shift_offset] if all_spans else None
            notes = find_notes(database, branch, start=span.start, end=span.end,
                               reader_id=staff.id) if span else []
        summary = shift_summary(database, branch, span) if span else None
        app.call_from_thread(self._show, notes, summary, on_shift(database, branch, now))

    def _show(self, notes: list, summary, on_shift: tuple[str, ...]) -> None:  # noqa: ANN001
        self.notes, self.on_shift = notes, on_shift
        self.query_one("#handover-summary", TextPanel).set(
            summary_text(summary, previous=self.view != "shift" or bool(self.query_text)))
        heading = (_("Found: {query}").format(query=self.query_text) if self.query_text
                   else _(VIEWS[self.view]))
        title = Text(heading, style="bold underline")
        title.append("  " + _("{count} notes · v: change view").format(count=len(notes)),
                     style="dim")
        if not notes:
            title.append("  " + _("Nothing here."), style="dim")
        self.query_one("#handover-title", TextPanel).set(title)
        listing = self.query_one("#notes", HitList)
        now = self.app.now()  # type: ignore[attr-defined]
        width = max(20, (listing.content_size.width or self.app.size.width) - 1)
        current = listing.highlighted
        listing.set_entries([3] * len(notes),
                            lambda i: note_entry(notes[i], on_shift, now, width))
        if current is not None and notes:
            listing.highlighted = min(current, len(notes) - 1)
        self.refresh_bindings()

    @property
    def current(self):  # noqa: ANN201
        index = self.query_one("#notes", HitList).highlighted
        return self.notes[index] if index is not None and index < len(self.notes) else None

    def check_action(self, action: str, parameters: tuple[object, ...]) -> bool | None:
        if isinstance(self.focused, Input):
            return action not in {b.action.split("(")[0] for b in self.BINDINGS} - {"close_find"}
        if action == "shift":
            return self.view == "shift"
        if action in ("acknowledge", "edit", "pin") and self.current is None:
            return None
        if action == "open_incident":
            return None if self.current is None or not self.current.incidents else True
        if action == "done":
            note = self.current
            return note is not None and note.follow_up is not None \
                and note.follow_up.done_at is None
        return True

    def _found(self, database, branch: int, reader: int) -> list:  # noqa: ANN001
        """Notes matching the find field: @XX is an author, a category name narrows, the
        other words must all be in the text."""
        from db.handover import find_notes

        words, author, category = [], "", None
        labels = {_(label).casefold(): key for key, label in CATEGORY_LABELS.items()}
        for word in self.query_text.split():
            if word.startswith("@"):
                author = word[1:]
            elif word.casefold() in labels:
                category = labels[word.casefold()]
            else:
                words.append(word)
        return find_notes(database, branch, text=" ".join(words), author=author,
                          category=category, reader_id=reader)

    def action_view(self) -> None:
        order = list(VIEWS)
        self.view = order[(order.index(self.view) + 1) % len(order)]
        self.shift_offset = 0
        self.load()

    def action_shift(self, step: int) -> None:
        if self.view == "shift":
            self.shift_offset += step
            self.load()

    def action_find(self) -> None:
        field = self.query_one("#handover-find")
        field.display = True
        field.focus()

    def show_search(self, text: str) -> None:
        """From the palette's search: find these words among the notes."""
        self.action_find()
        self.query_one("#handover-find", Input).value = text

    def action_close_find(self) -> None:
        field = self.query_one("#handover-find", Input)
        field.value, field.display = "", False
        self.query_one("#notes").focus()

    @on(Input.Changed, "#handover-find")
    def find_changed(self, event: Input.Changed) -> None:
        self.query_text = event.value.strip()
        self.load()

    @on(Input.Submitted, "#handover-find")
    def find_done(self) -> None:
        self.query_one("#notes").focus()

    def action_new(self) -> None:
        from tui.screens.note_form import NoteFormScreen

        self.app.push_screen(NoteFormScreen(None), lambda saved: saved and self.load())

    def action_edit(self) -> None:
        from tui.screens.note_form import NoteFormScreen

        if self.current is not None:
            self.app.push_screen(NoteFormScreen(self.current), lambda saved: saved and self.load())

    def action_done(self) -> None:
        from tui.screens.note_form import FollowUpDoneDialog

        note = self.current
        if note is not None and note.follow_up is not None:
            self.app.push_screen(FollowUpDoneDialog(note.follow_up.id, note.text),
                                 lambda saved: saved and self.load())

    @on(HitList.Selected)
    def action_acknowledge(self) -> None:
        if self.current is not None:
            self.write("ack", self.current.id)

    def action_pin(self) -> None:
        if self.current is not None:
            self.write("unpin" if self.current.pinned else "pin", self.current.id)

    @work(thread=True, group="handover-write")
    def write(self, change: str, note_id: int) -> None:
        from db.errors import LotsenError
        from db.handover import acknowledge, set_pinned

        app = self.app
        try:
            if change == "ack":
                acknowledge(app.database, note_id, app.staff.id,  # type: ignore[attr-defined]
                            now=app.now())  # type: ignore[attr-defined]
            else:
                set_pinned(app.database, note_id, app.staff, change == "pin")  # type: ignore[attr-defined]
        except LotsenError as exc:
            app.call_from_thread(self.notify, error_text(exc), severity="error")
            return
        self.load()

    def action_open_incident(self) -> None:
        from tui.screens.incident_detail import IncidentDetailScreen

        note = self.current
        if note is not None and note.incidents:
            self.app.push_screen(IncidentDetailScreen(note.incidents[0]))

    def action_export(self) -> None:
        self.export_previous()

    @work(thread=True, group="handover-export")
    def export_previous(self) -> None:
        """The previous shift's handover as text and PDF in the data folder."""
        from db.handover import previous_shift, shift_handover
        from db.settings import data_dir
        from tui.handover_export import export

        app = self.app
        now = app.now()  # type: ignore[attr-defined]
        span = previous_shift(app.database, app.context.branch_id, now)  # type: ignore[attr-defined]
        if span is None:
            app.call_from_thread(self.notify, _("No earlier shift to summarise."))
            return
        try:
            text_path, pdf_path = export(
                shift_handover(app.database, app.context.branch_id, span),  # type: ignore[attr-defined]
                data_dir() / "handover", f"{span.start:%Y-%m-%d}-{span.name}")
        except OSError as exc:
            app.call_from_thread(self.notify, _("Could not save: {error}").format(
                error=exc.strerror), severity="error")
            return
        app.call_from_thread(self.notify, _("Saved: {path}").format(path=pdf_path.parent))
