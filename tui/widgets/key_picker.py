"""Pick from a short list by one key: each option shows its key, pressing it chooses.

A single-choice picker moves on to the next field when a key is pressed, so a form of
pickers is filled with one key per field. A multiple-choice picker toggles options and moves
on with Enter. The choice is shown by ✓ and reverse video (not colour alone).
"""

from __future__ import annotations

from collections.abc import Hashable, Sequence
from dataclasses import dataclass

from rich.text import Text
from textual import events
from textual.message import Message
from textual.widget import Widget


@dataclass(frozen=True)
class Option:
    key: str  # one character, e.g. "h" or "1"
    label: str
    value: Hashable


class KeyPicker(Widget, can_focus=True):
    DEFAULT_CSS = """
    KeyPicker { height: auto; width: 1fr; }
    KeyPicker:focus { background: $primary 25%; }
    KeyPicker .key-picker--key { text-style: bold; }
    """
    COMPONENT_CLASSES = {"key-picker--key"}

    @dataclass
    class Changed(Message):
        picker: KeyPicker
        value: object

        @property
        def control(self) -> KeyPicker:
            return self.picker

    def __init__(self, options: Sequence[Option], *, value: object = None,
                 multiple: bool = False, advance: bool = True, id: str | None = None) -> None:  # noqa: A002
        super().__init__(id=id)
        self.options = list(options)
        self.multiple = multiple
        self.advance = advance
        self._chosen: set[Hashable] = set()
        self.set_value(value, announce=False)

    @property
    def value(self) -> object:
        """The chosen value (single), a tuple of values in option order (multiple)."""
        if self.multiple:
            return tuple(o.value for o in self.options if o.value in self._chosen)
        return next((o.value for o in self.options if o.value in self._chosen), None)

    def set_value(self, value: object, announce: bool = True) -> None:
        if self.multiple:
            wanted = set(value or ())  # type: ignore[arg-type]
        else:
            wanted = {value}  # None chooses an option whose value is None ("any")
        self._chosen = {o.value for o in self.options if o.value in wanted}
        self.refresh(layout=True)
        if announce:
            self.post_message(self.Changed(self, self.value))

    def set_options(self, options: Sequence[Option]) -> None:
        value = self.value
        self.options = list(options)
        self.set_value(value, announce=False)

    def render(self) -> Text:
        key_style = self.get_component_rich_style("key-picker--key", partial=True)
        parts = []
        for option in self.options:
            chosen = option.value in self._chosen
            part = Text.assemble(("✓" if chosen else " "), (option.key, key_style),
                                 "\xa0", option.label.replace(" ", "\xa0"), style="reverse" if chosen else "")
            parts.append(part)
        return Text("  ").join(parts)

    def on_key(self, event: events.Key) -> None:
        if event.key == "enter" and self.multiple:
            event.stop()
            event.prevent_default()
            self.screen.focus_next()
            return
        character = (event.character or "").casefold()
        if not character:
            return
        option = next((o for o in self.options if o.key.casefold() == character), None)
        if option is None:
            return
        event.stop()
        event.prevent_default()
        if self.multiple:
            self._chosen ^= {option.value}
        else:
            self._chosen = {option.value}
        self.refresh(layout=True)
        self.post_message(self.Changed(self, self.value))
        if not self.multiple and self.advance:
            self.screen.focus_next()
