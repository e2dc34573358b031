"""Helpers for table screens: DataTable, and the label/value grids of detail screens."""

from __future__ import annotations

from typing import TYPE_CHECKING

from rich.text import Text
from textual.widgets import DataTable

if TYPE_CHECKING:
    from rich.console import RenderableType
    from rich.table import Table


def selected_key(table: DataTable) -> str | None:
    """The row key under the cursor, or None for an empty table."""
    if table.row_count == 0:
        return None
    return table.coordinate_to_cell_key(table.cursor_coordinate).row_key.value


def plain(*cells: object) -> tuple[object, ...]:
    """A row's cells with every string as plain text: DataTable reads a string cell as Rich
    markup, so a "[" in a typed or imported name would be taken for a tag (and markup loads
    Rich's table of emoji codes, half a MiB kept for good, for a ":" in no cell). Cut, not
    wrapped, at the column's edge, as DataTable does with a string in a one-line row."""
    return tuple(Text(cell, no_wrap=True, end="") if isinstance(cell, str) else cell
                 for cell in cells)


def set_columns(table: DataTable, columns: tuple[tuple[str, str, int | None], ...]) -> None:
    """Replace the columns: (key, already translated label, width or None for auto). The
    labels are plain text, like the cells (:func:`plain`)."""
    table.clear(columns=True)
    for key, label, width in columns:
        table.add_column(Text(label), key=key, width=width)


def add_text_row(table: Table, *cells: RenderableType) -> None:
    """A row of a Rich grid with every string shown as it is: Rich reads a string cell as
    markup, so a "[" in typed or imported text would be taken for a tag, and an unmatched
    closing one ("[/x]") stops the screen with an error. Long values wrap as usual."""
    table.add_row(*(Text(cell) if isinstance(cell, str) else cell for cell in cells))
