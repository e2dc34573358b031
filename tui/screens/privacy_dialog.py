"""What the personal-data guard found in a text, and what to do: mask it, edit it, or (social
worker, manager) keep it with a reason that is logged."""

from __future__ import annotations

from rich.text import Text
from textual import on
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Vertical
from textual.screen import ModalScreen
from textual.widgets import Input, Static

from tui.i18n import N_, _, language
from tui.widgets.form import Field


def found_text(text: str, findings) -> Text:  # noqa: ANN001
    """The text with each finding in reverse video and bold (not colour alone)."""
    shown = Text(text)
    for finding in findings:
        shown.stylize("reverse bold", finding.start, finding.end)
    return shown


class PrivacyDialog(ModalScreen[tuple | None]):
    """Returns ("mask",), ("keep", reason) or None (edit the text yourself)."""


    BINDINGS = [
        Binding("m", "mask", N_("Mask"), id="privacy.mask"),
        Binding("e", "edit", N_("Edit"), id="privacy.edit"),
        Binding("k", "keep", N_("Keep, with a reason"), id="privacy.keep"),
        Binding("escape", "edit", N_("Back"), show=False, id="privacy.back"),
    ]

    def __init__(self, text: str, findings, may_keep: bool) -> None:  # noqa: ANN001
        super().__init__()
        self.text, self.findings, self.may_keep = text, findings, may_keep

    def compose(self) -> ComposeResult:
        lang = language()
        kinds = ", ".join(f"{f.label(lang)} «{f.value}»" for f in self.findings)
        with Vertical(classes="dialog", id="privacy"):
            yield Static(_("This looks like personal data"), classes="dialog-title")
            yield Static(Text(_("Found: {kinds}").format(kinds=kinds)))
            yield Static(found_text(self.text, self.findings), id="privacy-text")
            yield Static(Text(_("Visitors must not be registered. m masks it (e.g. "
                                "[personnummer borttaget]), e lets you change the text.")
                              + ("" if not self.may_keep else " " + _(
                                  "k keeps it with a reason, which is logged."))),
                         classes="dialog-hint")

    def check_action(self, action: str, parameters: tuple[object, ...]) -> bool | None:
        if isinstance(self.focused, Input):
            return action == "edit"
        if action == "keep":
            return self.may_keep
        return True

    def action_mask(self) -> None:
        self.dismiss(("mask",))

    def action_edit(self) -> None:
        self.dismiss(None)

    async def action_keep(self) -> None:
        """The reason field appears only now (a hidden field would take the keys)."""
        if not self.may_keep or self.query(Field):
            return
        field = Field("reason", _("Reason to keep"), max_length=300)
        await self.query_one("#privacy").mount(field)
        field.query_one(Input).focus()
        self.refresh_bindings()

    @on(Input.Submitted)
    def _reason_given(self, event: Input.Submitted) -> None:
        from db.privacy import find_personal_data
        from db.privacy_guard import MIN_REASON, normal_reason

        reason = normal_reason(event.value)
        if len(reason) < MIN_REASON:
            self.query_one(Field).set_error(_("say why it must be kept (at least 5 characters)"))
            return
        if find_personal_data(reason):
            self.query_one(Field).set_error(_("the reason itself holds personal data"))
            return
        self.dismiss(("keep", reason))
