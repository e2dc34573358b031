"""The footer: Textual's, with the key descriptions translated when they are shown."""

from __future__ import annotations

from textual.app import ComposeResult
from textual.widgets import Footer
from textual.widgets._footer import FooterKey

from tui.i18n import N_, _

# Textual's own description of the command palette key, so that it is extracted too.
PALETTE = N_("palette")


class LotsenFooter(Footer):
    """Compact, so that a screen's own keys and the F-keys fit on 80 columns. The command
    palette (Ctrl+P) is left out of it: the room goes to the screens' keys, and F1 help
    lists Ctrl+P."""

    def __init__(self) -> None:
        super().__init__(compact=True, show_command_palette=False)

    def compose(self) -> ComposeResult:
        for widget in super().compose():
            if isinstance(widget, FooterKey):
                widget.description = _(widget.description)
            yield widget
