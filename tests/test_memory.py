"""Freed memory goes back to the system after the collector's full collections."""

from __future__ import annotations

import gc

import pytest

from tui import memory


class _Cycle:
    def __init__(self) -> None:
        self.me = self


@pytest.fixture
def fresh_hook(monkeypatch):
    """The module as in a new process; the collector's own callback list (the ``gc``
    module reads that very list, so it is restored rather than replaced)."""
    monkeypatch.setattr(memory, "_installed", False)
    monkeypatch.setattr(memory, "_trim", None)
    before = list(gc.callbacks)
    gc.callbacks[:] = [c for c in gc.callbacks if c is not memory._after_collection]
    yield
    gc.callbacks[:] = before


def test_full_collection_that_freed_something_trims(monkeypatch, fresh_hook):
    calls: list[int] = []
    monkeypatch.setattr(memory, "_load_trim", lambda: calls.append)
    memory.trim_after_full_collections()
    memory.trim_after_full_collections()  # a second app in the same process: no second hook
    assert gc.callbacks.count(memory._after_collection) == 1
    gc.collect()
    calls.clear()
    _Cycle()
    gc.collect(0)  # a young collection: not trimmed
    assert calls == []
    _Cycle()
    gc.collect()
    assert calls == [0]
    gc.collect()  # nothing freed: nothing to give back
    assert calls == [0]


def test_without_glibc_nothing_is_installed(monkeypatch, fresh_hook):
    monkeypatch.setattr(memory, "_load_trim", lambda: None)
    memory.trim_after_full_collections()
    assert memory._after_collection not in gc.callbacks
    gc.collect()


def test_table_cells_are_plain_text():
    """DataTable would read a string cell as Rich markup (and load Rich's emoji table)."""
    from rich.text import Text

    from tui.widgets.tables import plain

    name, number, styled = plain("[b]Anna[/b] :smile:", 3, Text("x", style="bold"))
    assert isinstance(name, Text) and name.plain == "[b]Anna[/b] :smile:" and not name.spans
    assert name.no_wrap and name.end == ""
    assert number == 3 and styled.plain == "x"
