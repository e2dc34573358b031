"""Write or edit a handover note; mark a follow-up done with a short comment."""

from __future__ import annotations

from typing import Any

from textual.containers import Horizontal
from textual.widget import Widget
from textual.widgets import Label, Select

from tui.handover_text import CATEGORY_LABELS, PRIORITY_LABELS
from tui.i18n import _
from tui.widgets.form import Field
from tui.widgets.form_dialog import FormDialog


def _select(label: str, options: list[tuple[str, str]], value: str, widget_id: str) -> Horizontal:
    return Horizontal(Label(label, classes="field-label"),
                      Select(options, value=value, allow_blank=False, id=widget_id,
                             compact=True), classes="select-row")


def parse_day(text: str, field: str):  # noqa: ANN201
    """A YYYY-MM-DD date from a form field, None when empty; a clear error otherwise."""
    from datetime import date

    from db.errors import N_, ValidationError

    if not text.strip():
        return None
    try:
        return date.fromisoformat(text.strip())
    except ValueError:
        raise ValidationError(N_("write the date as YYYY-MM-DD"), field=field) from None


class NoteFormScreen(FormDialog):
    ERROR_FIELDS = {"owner": "owner", "expires": "shifts", "until": "until", "due": "due",
                    "incidents": "incidents"}

    def __init__(self, note, incident_ids: tuple[int, ...] = ()) -> None:  # noqa: ANN001
        """``note``: a NoteView to edit, or None for a new note (about ``incident_ids``)."""
        super().__init__()
        self.note = note
        self.incident_ids = incident_ids

    def draft_key(self) -> str:
        if self.note:
            return f"note:{self.note.id}"
        # A note about incidents keeps its own draft (it must not turn up about others).
        return "note@" + ",".join(map(str, self.incident_ids)) if self.incident_ids else "note"

    def form_title(self) -> str:
        return _("Edit note") if self.note else _("New handover note")

    def hint(self) -> str:
        return _("Tab moves, Ctrl+S saves, Esc cancels. The note lasts to the end of the next "
                 "shift unless pinned.")

    def build_fields(self) -> list[Widget]:
        note = self.note
        widgets: list[Widget] = [
            Field("text", _("Note text"), note.text if note else "", max_length=4000),
            _select(_("Priority"), [(_(label), key) for key, label in PRIORITY_LABELS.items()],
                    note.priority if note else "normal", "priority"),
            _select(_("Category"), [(_(label), key) for key, label in CATEGORY_LABELS.items()],
                    note.category if note else "info", "category"),
        ]
        if note is None:
            widgets += [
                _select(_("Pin"), [(_("no"), "no"), (_("yes, until unpinned"), "yes")], "no",
                        "pinned"),
                Field("shifts", _("Lasts (shifts)"), "1", max_length=2, restrict=r"[0-9]*"),
                Field("until", _("…or until (date)"), max_length=10,
                      placeholder=_("YYYY-MM-DD, optional")),
                Field("owner", _("Follow-up by"), max_length=20,
                      placeholder=_("initials or a role, optional")),
                Field("due", _("Follow-up due"), max_length=10,
                      placeholder=_("YYYY-MM-DD, optional")),
                Field("incidents", _("About incidents"),
                      ", ".join(str(i) for i in self.incident_ids), max_length=60,
                      placeholder=_("incident numbers, optional")),
            ]
        return widgets

    def values(self) -> dict[str, str]:
        values = super().values()
        for key in ("priority", "category", "pinned"):
            for select in self.query(f"#{key}"):
                values[key] = str(select.value)  # type: ignore[attr-defined]
        return values

    def save(self, values: dict[str, str]) -> Any:
        from db.handover import NewNote, edit_note, write_note
        from db.incidents import parse_incident_ids

        app = self.app
        if self.note is not None:
            return edit_note(app.database, self.note.id, app.staff,  # type: ignore[attr-defined]
                             values["text"], values["category"], values["priority"],
                             now=app.now(), keep=self.kept("text"))  # type: ignore[attr-defined]
        pinned = values.get("pinned") == "yes"
        shifts = int(values["shifts"]) if values.get("shifts") else None
        note = NewNote(values["text"], values["category"], values["priority"], pinned,
                       expires_after_shifts=shifts if not pinned or shifts != 1 else None,
                       expires_on=parse_day(values.get("until", ""), "until"),
                       follow_up_owner=values.get("owner") or None,
                       follow_up_due=parse_day(values.get("due", ""), "due"),
                       incident_ids=parse_incident_ids(values.get("incidents", "")))
        return write_note(app.database, app.place(), note, now=app.now(),  # type: ignore[attr-defined]
                          keep=self.kept("text"))

    def saved_message(self, result: Any) -> str:
        return _("Note saved.")


class FollowUpDoneDialog(FormDialog):
    def __init__(self, follow_up_id: int, note_text: str) -> None:
        super().__init__()
        self.follow_up_id, self.note_text = follow_up_id, note_text

    def draft_key(self) -> str:
        return f"follow-up-done:{self.follow_up_id}"

    def form_title(self) -> str:
        return _("Follow-up done: {text}").format(text=self.note_text[:50])

    def hint(self) -> str:
        return _("A short comment on what was done; the author sees it. Ctrl+S saves.")

    def build_fields(self) -> list[Widget]:
        return [Field("comment", _("What was done"), max_length=500)]

    def save(self, values: dict[str, str]) -> Any:
        from db.handover import complete_follow_up

        complete_follow_up(self.app.database, self.follow_up_id, self.app.staff,  # type: ignore[attr-defined]
                           values["comment"], now=self.app.now(),  # type: ignore[attr-defined]
                           keep=self.kept("comment"))
