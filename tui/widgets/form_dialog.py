"""A modal form: labelled fields, Ctrl+S saves in a worker, errors go to their field."""

from __future__ import annotations

from typing import Any

from textual import on, work
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Vertical, VerticalScroll
from textual.screen import ModalScreen
from textual.widget import Widget
from textual.widgets import Input, Static

from tui.i18n import N_, _, error_text
from tui.widgets.form import Field


class FormDialog(ModalScreen[bool]):
    """Subclasses give ``form_title``, ``build_fields`` and ``save`` (runs in a thread)."""

    BINDINGS = [
        Binding("ctrl+s", "save", N_("Save"), id="form.save"),
        Binding("escape", "cancel", N_("Cancel"), id="form.cancel"),
    ]
    # Maps a data-layer error's field name to the form field that shows it.
    ERROR_FIELDS: dict[str, str] = {}
    # "dialog -wide" fills the screen (long forms at 80×24).
    DIALOG_CLASSES = "dialog"

    DRAFT_EVERY_SECONDS = 3.0

    def __init__(self) -> None:
        super().__init__()
        self._kept: dict = {}  # data-layer field → db.privacy_guard.Keep
        self._draft_start: dict[str, str] | None = None
        self._draft_last: dict[str, str] | None = None
        self._draft_done = False

    def draft_key(self) -> str | None:
        """Which draft this form keeps (e.g. "note" or "note:12"); None: no drafts."""
        return None

    def form_title(self) -> str:
        raise NotImplementedError

    def build_fields(self) -> list[Widget]:
        raise NotImplementedError

    def save(self, values: dict[str, str]) -> Any:
        """Store ``values``; runs in a worker thread; raise LotsenError to refuse."""
        raise NotImplementedError

    def saved_message(self, result: Any) -> str:
        return _("Saved.")

    def hint(self) -> str:
        return _("Ctrl+S saves, Esc cancels.")

    def compose(self) -> ComposeResult:
        with Vertical(classes=self.DIALOG_CLASSES):
            yield Static(self.form_title(), classes="dialog-title")
            with VerticalScroll(classes="dialog-fields"):
                yield from self.build_fields()
            yield Static(self.hint(), classes="dialog-hint")

    def on_mount(self) -> None:
        self.focus_first()
        if self.draft_key() is not None:
            self._draft_start = self._form_draft_values()
            self._load_draft()
            self.set_interval(self.DRAFT_EVERY_SECONDS, self.keep_form_draft)

    # ------------------------------------------------------------ drafts
    def _form_draft_values(self) -> dict[str, str]:
        return {f.field: f.value for f in self.query(Field) if not f.secret}

    def _staff_id(self) -> int | None:
        staff = getattr(self.app, "staff", None)
        return staff.id if staff is not None else None

    @work(thread=True, group="form-draft-load")
    def _load_draft(self) -> None:
        from db.errors import LotsenError
        from db.incidents import load_draft

        try:
            data = load_draft(self.app.database, self._staff_id(), self.draft_key())  # type: ignore[attr-defined]
        except LotsenError:
            return
        if data:
            self.app.call_from_thread(self._restore_draft, data)

    def _restore_draft(self, data: dict) -> None:
        for field in self.query(Field):
            if field.field in data and not field.secret and isinstance(data[field.field], str):
                field.value = data[field.field]
        self._draft_last = self._form_draft_values()
        self.notify(_("Your unsaved text is back (draft)."))

    def keep_form_draft(self, closing: bool = False) -> None:
        """Every few seconds (and when the form is closed unsaved): keep what has changed
        since the form opened."""
        if self._draft_done or self.draft_key() is None or self._staff_id() is None:
            return
        values = self._form_draft_values()
        if values != self._draft_start and values != self._draft_last:
            self._draft_last = values
            self._write_form_draft(self.draft_key(), values, closing)

    @work(thread=True, group="form-draft")
    def _write_form_draft(self, key: str, values: dict[str, str], closing: bool) -> None:
        from db.errors import LotsenError
        from db.incidents import save_draft

        if self._draft_done and not closing:  # saved meanwhile: the draft has done its job
            return
        try:
            save_draft(self.app.database, self._staff_id(), key, values)  # type: ignore[attr-defined]
        except LotsenError:
            pass  # the next round tries again; the form still holds everything

    def _discard_draft(self) -> None:
        """After a save (in the worker): the draft has done its job."""
        from db.errors import LotsenError
        from db.incidents import discard_draft

        key = self.draft_key()
        if key is not None and self._staff_id() is not None:
            try:
                discard_draft(self.app.database, self._staff_id(), key)  # type: ignore[attr-defined]
            except LotsenError:
                pass  # it expires with the drafts' retention period

    def focus_first(self) -> None:
        """Where the cursor starts: the first text field (subclasses may choose another)."""
        first = self.query(Input).first(Input) if self.query(Input) else None
        if first is not None:
            first.focus()

    def values(self) -> dict[str, str]:
        return {f.field: f.value for f in self.query(Field)}

    @on(Input.Submitted)
    def next_field(self, event: Input.Submitted) -> None:
        inputs = list(self.query(Input))
        if inputs and event.input is inputs[-1]:
            self.action_save()
        else:
            self.focus_next()

    def action_cancel(self) -> None:
        if self.draft_key() is not None:
            if self._form_draft_values() != self._draft_start:
                self.keep_form_draft(closing=True)
                self.notify(_("Kept as a draft: open the form again to go on."))
            elif self._draft_last is not None:  # a restored draft emptied again: gone
                self._drop_draft()
        self._draft_done = True
        self.dismiss(False)

    @work(thread=True, group="form-draft")
    def _drop_draft(self) -> None:
        self._discard_draft()

    def action_save(self) -> None:
        for field in self.query(Field):
            field.set_error("")
        self._save(self.values())

    @work(thread=True, exclusive=True)
    def _save(self, values: dict[str, str]) -> None:
        from db.errors import LotsenError
        from db.privacy_guard import PersonalDataFound

        self._draft_done = True  # no draft written while saving
        try:
            result = self.save(values)
            self._discard_draft()
        except PersonalDataFound as exc:
            self._draft_done = False
            self.app.call_from_thread(self.personal_data_found, exc)
            return
        except LotsenError as exc:
            self._draft_done = False
            self._kept.clear()  # a reason to keep covers one save: the next one asks again
            field = getattr(exc, "field", None)
            self.app.call_from_thread(self.show_error, self.ERROR_FIELDS.get(field, field),
                                      error_text(exc))
            return
        self.app.call_from_thread(self._saved, result)

    # ------------------------------------------------------------ personal data
    def kept(self, field: str):  # noqa: ANN201 - db.privacy_guard.Keep | None
        """The reason given to keep flagged text in ``field`` (data-layer field name)."""
        return self._kept.get(field)

    def personal_data_found(self, exc) -> None:  # noqa: ANN001 - PersonalDataFound
        """The guard refused a text: ask whether to mask, edit or keep it."""
        from db.roles import Permission, can
        from tui.screens.privacy_dialog import PrivacyDialog

        staff = self.app.staff  # type: ignore[attr-defined]
        may_keep = staff is not None and can(staff.role, Permission.KEEP_PERSONAL_DATA)
        from tui.i18n import language

        kinds = ", ".join(dict.fromkeys(f.label(language()) for f in exc.findings))
        self.show_error(self.ERROR_FIELDS.get(exc.field, exc.field),
                        _("personal data: {kinds} (mask, change or keep)").format(kinds=kinds))
        self.app.push_screen(PrivacyDialog(exc.text, exc.findings, may_keep),
                             lambda choice: self._privacy_choice(exc.field, choice))

    def _privacy_choice(self, field: str, choice: tuple | None) -> None:
        from db.privacy import find_personal_data, mask
        from db.privacy_guard import Keep
        from tui.i18n import language

        target = next((f for f in self.query(Field)
                       if f.field == self.ERROR_FIELDS.get(field, field)), None)
        if choice is None or target is None:
            return  # edit: the cursor is in the field, with the message under it
        if choice[0] == "mask":
            box = target.query_one(Input)
            for _round in range(3):  # a number hidden behind another shows after the first
                findings = find_personal_data(box.value)
                if not findings:
                    break
                box.value = mask(box.value, findings, language())
        else:
            self._kept[field] = Keep(choice[1])
        self.action_save()

    def _saved(self, result: Any) -> None:
        self.notify(self.saved_message(result))
        self.dismiss(True)

    def show_error(self, field: str | None, text: str) -> None:
        fields = list(self.query(Field))
        target = next((f for f in fields if f.field == field), fields[0] if fields else None)
        if target is None:
            self.notify(text, severity="error")
            return
        target.set_error(text)
        target.query_one(Input).focus()
        # The message is under the field: bring both into view once laid out.
        self.call_after_refresh(target.scroll_visible, animate=False)
