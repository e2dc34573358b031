"""Record an anonymous referral: need (pre-selected), how (1–4), visitor's language.

There is no field for who the visitor is: Lotsen counts referrals, never people.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from textual import work
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Horizontal, Vertical
from textual.screen import ModalScreen
from textual.widgets import Input, Label, Select, Static

from tui.directory_text import METHOD_LABELS, VISITOR_LANGUAGE_LABELS
from tui.i18n import N_, _, error_text, sort_key

if TYPE_CHECKING:
    from db.records import ServiceDoc


class ReferralDialog(ModalScreen[bool]):
    AUTO_FOCUS = "#need"
    BINDINGS = [
        Binding("1", "method('information')", N_("Information"), show=False, id="refer.1"),
        Binding("2", "method('called')", N_("Called together"), show=False, id="refer.2"),
        Binding("3", "method('booked')", N_("Booked a time"), show=False, id="refer.3"),
        Binding("4", "method('accompanied')", N_("Accompanied"), show=False, id="refer.4"),
        Binding("ctrl+s", "save", N_("Save"), id="refer.save"),
        Binding("escape", "cancel", N_("Cancel"), id="refer.cancel"),
    ]

    def __init__(self, service: ServiceDoc, concepts: tuple[str, ...]) -> None:
        super().__init__()
        self.service = service
        self.concepts = concepts
        self.method = "information"

    def compose(self) -> ComposeResult:
        from tui.needs import need_options

        with Vertical(id="referral-form", classes="dialog"):
            yield Static(_("Refer to {name}").format(name=self.service.name),
                         classes="dialog-title")
            with Horizontal(classes="select-row"):
                yield Label(_("Need"), classes="field-label")
                yield Select(need_options(self.concepts), id="need", compact=True,
                             value=self.concepts[0] if self.concepts else Select.NULL,
                             prompt=_("(not stated)"))
            yield Static(id="methods")
            with Horizontal(classes="select-row"):
                yield Label(_("Visitor's language"), classes="field-label")
                yield Select(sorted(((_(label), code) for code, label
                                     in VISITOR_LANGUAGE_LABELS.items()),
                                    key=lambda option: sort_key(option[0])),
                             id="language", compact=True, prompt=_("(not stated)"))
            yield Static(_("Enter or Ctrl+S saves. Nothing about the visitor is stored."),
                         classes="dialog-hint")

    def on_mount(self) -> None:
        self._show_methods()

    def _show_methods(self) -> None:
        lines = []
        for number, (key, label) in enumerate(METHOD_LABELS.items(), start=1):
            mark = "●" if key == self.method else "○"
            lines.append(f"{number} {mark} {_(label)}")
        self.query_one("#methods", Static).update(_("How (press 1–4):") + "\n" + "\n".join(lines))

    def action_method(self, method: str) -> None:
        if isinstance(self.focused, Input):
            return  # typing a digit in the language field
        self.method = method
        self._show_methods()

    def on_input_submitted(self) -> None:
        self.action_save()

    def on_key(self, event) -> None:  # noqa: ANN001
        if event.key == "enter" and not isinstance(self.focused, (Input, Select)):
            event.stop()
            self.action_save()

    def action_cancel(self) -> None:
        self.dismiss(False)

    def action_save(self) -> None:
        need = self.query_one("#need", Select).value
        language = self.query_one("#language", Select).value
        self.save(None if need is Select.NULL else str(need),
                  None if language is Select.NULL else str(language))

    @work(thread=True, exclusive=True)
    def save(self, need: str | None, language: str | None) -> None:
        from db.directory import record_referral
        from db.errors import LotsenError

        app = self.app
        try:
            record_referral(app.database, app.place(), self.service.id,  # type: ignore[attr-defined]
                            self.method, need, language)
        except LotsenError as exc:
            app.call_from_thread(self.notify, error_text(exc), severity="error")
            return
        app.call_from_thread(self._done)

    def _done(self) -> None:
        self.notify(_("Referral counted: {name}").format(name=self.service.name))
        self.dismiss(True)
