"""A light list of search hits: it renders only the hits that fit, so typing stays fast.

Entries are built on demand by a callback (only the visible ones are ever built), each a
:class:`rich.text.Text` of one or more lines. The highlighted entry is marked with ▶ as well
as reverse video (not colour alone). ↑/↓, PgUp/PgDn, Home/End move;
Enter selects.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass

from rich.text import Text
from textual.binding import Binding
from textual.message import Message
from textual.reactive import reactive
from textual.widget import Widget


class HitList(Widget, can_focus=True):
    DEFAULT_CSS = """
    HitList { height: 1fr; padding: 0 1; text-wrap: nowrap; }
    HitList:focus { background-tint: $foreground 4%; }
    """
    BINDINGS = [
        Binding("up", "move(-1)", show=False),
        Binding("down", "move(1)", show=False),
        Binding("pageup", "page(-1)", show=False),
        Binding("pagedown", "page(1)", show=False),
        Binding("home", "jump(0)", show=False),
        Binding("end", "jump(-1)", show=False),
        Binding("enter", "select", show=False),
    ]

    highlighted: reactive[int | None] = reactive(None, always_update=True)

    @dataclass
    class Highlighted(Message):
        index: int | None

    @dataclass
    class Selected(Message):
        index: int

    def __init__(self, *, id: str | None = None) -> None:  # noqa: A002
        super().__init__(id=id)
        self._heights: list[int] = []
        self._build: Callable[[int], Text] = lambda index: Text("")
        self._built: dict[int, Text] = {}
        self._top = 0

    def set_entries(self, heights: list[int], build: Callable[[int], Text]) -> None:
        """``heights[i]`` lines for entry ``i``, which ``build(i)`` makes when it is shown."""
        self._heights = heights
        self._build = build
        self._built = {}
        self._top = 0
        self.highlighted = 0 if heights else None

    def extend(self, heights: list[int]) -> None:
        """More entries after the last one (the next page); the build callback covers them."""
        self._heights = self._heights + heights
        if self.highlighted is None and self._heights:
            self.highlighted = 0
        self.refresh()

    def entry(self, index: int) -> Text:
        if index not in self._built:
            self._built[index] = self._build(index)
        return self._built[index]

    def watch_highlighted(self, index: int | None) -> None:
        self.post_message(self.Highlighted(index))
        self.refresh()

    def _visible_range(self) -> tuple[int, int]:
        """First and one-past-last entry that fit, keeping the highlighted one in view."""
        room = max(1, self.content_size.height)
        heights = self._heights
        current = self.highlighted or 0
        top = min(self._top, current)
        while True:
            used, end = 0, top
            while end < len(heights) and used + heights[end] <= room:
                used += heights[end]
                end += 1
            if current < end or top >= current:
                break
            top += 1
        self._top = top
        return top, max(end, top + 1)

    def render(self) -> Text:
        if not self._heights:
            return Text("")
        width = max(10, self.content_size.width)
        start, end = self._visible_range()
        lines = []
        for index in range(start, min(end, len(self._heights))):
            entry = self.entry(index)
            marker = "▶" if index == self.highlighted else " "
            for number, line in enumerate(entry.split("\n", allow_blank=True)):
                row = Text(marker if number == 0 else " ") + line
                row.truncate(width, overflow="ellipsis", pad=True)
                if index == self.highlighted:
                    row.stylize("reverse")
                lines.append(row)
        return Text("\n").join(lines)

    def action_move(self, step: int) -> None:
        if self._heights:
            self.highlighted = max(0, min(len(self._heights) - 1, (self.highlighted or 0) + step))

    def action_page(self, step: int) -> None:
        start, end = self._visible_range()
        self.action_move(step * max(1, end - start))

    def action_jump(self, index: int) -> None:
        if self._heights:
            self.highlighted = index % len(self._heights)

    def action_select(self) -> None:
        if self.highlighted is not None:
            self.post_message(self.Selected(self.highlighted))

    def on_click(self, event) -> None:  # noqa: ANN001
        start, _end = self._visible_range()
        row = event.y
        for index, height in enumerate(self._heights[start:], start=start):
            if row < height:
                self.highlighted = index
                return
            row -= height
