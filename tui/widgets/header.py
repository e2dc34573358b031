"""One-line header: place (branch and desk), the signed-in person, the shift and the clock."""

from __future__ import annotations

from rich.text import Text
from textual.widget import Widget

from tui.i18n import _


class LotsenHeader(Widget):
    DEFAULT_CSS = """
    LotsenHeader {
        dock: top;
        height: 1;
        background: $panel;
        color: $foreground;
    }
    """

    def on_mount(self) -> None:
        self.set_interval(1, self.refresh)

    def render(self) -> Text:
        facts = self.app.header_facts()  # type: ignore[attr-defined]
        left = Text.assemble(("Lotsen", "bold"), " ")
        if facts.place:
            left.append(f"│ {facts.place}")
        right = Text()
        if facts.person:
            right.append(facts.person, "bold")
            right.append(" │ ")
        else:
            right.append(_("not signed in") + " │ ")
        if facts.shift:
            right.append(facts.shift + " │ ")
        right.append(facts.clock, "bold")
        width = self.size.width
        room = max(0, width - len(right) - 2)
        left.truncate(room, overflow="ellipsis")
        gap = max(1, width - len(left) - len(right) - 2)
        return Text.assemble(" ", left, " " * gap, right, " ")
