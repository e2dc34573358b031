"""Small helpers for keyboard forms: a labelled compact input with its error line."""

from __future__ import annotations

from textual.app import ComposeResult
from textual.containers import Horizontal, Vertical
from textual.widgets import Input, Label, Static


def text_input(value: str = "", **options: object) -> Input:
    """A compact Input with a steady cursor: a blinking one repaints twice a second, which
    thin clients over SSH pay for (and it makes screenshots differ)."""
    field = Input(value, compact=True, **options)  # type: ignore[arg-type]
    field.cursor_blink = False
    return field


class Field(Vertical):
    """A label, a compact input and, under it, the message for that field."""

    DEFAULT_CSS = """
    Field { height: auto; }
    Field > Horizontal { height: 1; }
    Field Label.field-label { width: 22; color: $text-muted; }
    Field Input { width: 1fr; background: $boost; }
    Field Input:focus { background: $primary 25%; }
    Field .field-error { color: $text-error; height: auto; padding-left: 22; }
    Field .field-error.-empty { display: none; }
    """

    def __init__(self, field: str, label: str, value: str = "", *, password: bool = False,
                 max_length: int = 0, restrict: str | None = None,
                 placeholder: str = "") -> None:
        super().__init__(id=f"field-{field}")
        self.field = field
        self._label = label
        self._input = text_input(value, id=field, password=password, max_length=max_length,
                                 restrict=restrict, placeholder=placeholder)

    def compose(self) -> ComposeResult:
        with Horizontal():
            yield Label(self._label, classes="field-label")
            yield self._input
        yield Static("", classes="field-error -empty")

    @property
    def value(self) -> str:
        return self._input.value

    @value.setter
    def value(self, text: str) -> None:
        self._input.value = text

    @property
    def secret(self) -> bool:
        """A PIN or password: never kept in a draft."""
        return self._input.password

    def set_label(self, text: str) -> None:
        self._label = text
        if self.is_mounted:
            self.query_one(".field-label", Label).update(text)

    def set_error(self, text: str) -> None:
        error = self.query_one(".field-error", Static)
        error.update(f"✗ {text}" if text else "")
        error.set_class(not text, "-empty")
