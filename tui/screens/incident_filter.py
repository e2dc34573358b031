"""Narrow the incident list: one type, one zone, one reporter (each by a key or initials)."""

from __future__ import annotations

from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Vertical
from textual.screen import ModalScreen
from textual.widgets import Input, Static

from tui.i18n import N_, _, language
from tui.screens.incident_form import picker_row
from tui.widgets.form import Field
from tui.widgets.key_picker import KeyPicker, Option

ALL_KEY = "0"


class IncidentFilterDialog(ModalScreen[tuple | None]):
    """Returns (type_id, zone_id, reporter initials) — None and "" mean any."""

    BINDINGS = [
        Binding("ctrl+s", "apply", N_("Apply"), id="filter.apply"),
        Binding("escape", "cancel", N_("Cancel"), id="filter.cancel"),
    ]

    def __init__(self, choices, type_id: int | None, zone_id: int | None,  # noqa: ANN001
                 reporter: str) -> None:
        super().__init__()
        self.choices, self.type_id, self.zone_id, self.reporter = (choices, type_id, zone_id,
                                                                   reporter)

    def compose(self) -> ComposeResult:
        lang = language()
        every = Option(ALL_KEY, _("any"), None)
        kinds = [every] + [Option(c.key, c.label(lang), c.id) for c in self.choices.types]
        zones = [every] + [Option(c.key, c.label(lang), c.id) for c in self.choices.zones]
        with Vertical(classes="dialog", id="incident-filter"):
            yield Static(_("Filter incidents"), classes="dialog-title")
            yield picker_row(_("What happened"), KeyPicker(kinds, value=self.type_id,
                                                           id="filter-type"))
            yield picker_row(_("Where"), KeyPicker(zones, value=self.zone_id, id="filter-zone"))
            yield Field("reporter", _("Reported by"), self.reporter, max_length=6,
                        placeholder=_("initials, empty: anyone"))
            yield Static(_("Pick by key (0: any); Enter or Ctrl+S applies, Esc cancels."),
                         classes="dialog-hint")

    def on_mount(self) -> None:
        self.query_one("#filter-type").focus()  # a ModalScreen, not a FormDialog

    def on_input_submitted(self, event: Input.Submitted) -> None:
        self.action_apply()

    def action_apply(self) -> None:
        self.dismiss((self.query_one("#filter-type", KeyPicker).value,
                      self.query_one("#filter-zone", KeyPicker).value,
                      self.query_one(Field).value.strip().upper()))

    def action_cancel(self) -> None:
        self.dismiss(None)
