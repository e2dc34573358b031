"""A fixed-size text area that repaints without a new layout (cheaper than Static.update,
which re-lays out the screen): for lines that change on every keystroke."""

from __future__ import annotations

from rich.console import RenderableType
from textual.widget import Widget


class TextPanel(Widget):
    DEFAULT_CSS = """
    TextPanel { height: 1; }
    """

    def __init__(self, *, id: str | None = None) -> None:  # noqa: A002
        super().__init__(id=id)
        self._content: RenderableType = ""

    def set(self, content: RenderableType) -> None:
        self._content = content
        self.refresh()

    def render(self) -> RenderableType:
        return self._content
