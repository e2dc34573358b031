"""Placeholder while the screen is being built."""

from __future__ import annotations

from textual.app import ComposeResult
from textual.screen import Screen
from textual.widgets import Static

from tui.i18n import N_
from tui.widgets.footer import LotsenFooter
from tui.widgets.header import LotsenHeader


class BanScreen(Screen[None]):
    TITLE = N_("Access bans")

    def compose(self) -> ComposeResult:
        yield LotsenHeader()
        yield Static("")
        yield LotsenFooter()
