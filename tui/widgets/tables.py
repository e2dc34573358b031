"""Helpers for DataTable screens."""

from __future__ import annotations

from textual.widgets import DataTable


def selected_key(table: DataTable) -> str | None:
    """The row key under the cursor, or None for an empty table."""
    if table.row_count == 0:
        return None
    return table.coordinate_to_cell_key(table.cursor_coordinate).row_key.value


def set_columns(table: DataTable, columns: tuple[tuple[str, str, int | None], ...]) -> None:
    """Replace the columns: (key, already translated label, width or None for auto)."""
    table.clear(columns=True)
    for key, label, width in columns:
        table.add_column(label, key=key, width=width)
