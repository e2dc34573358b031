"""The benchmark suite's table: `python -m benchmarks --readme` writes it between two marks
in the README, and the README holds the table of a full run (every benchmark has its rows).
The figures themselves are never checked: the machines here are shared and noisy."""

from __future__ import annotations

from pathlib import Path

import pytest

from benchmarks.__main__ import (BENCHMARKS, END_MARK, README, START_MARK, Row, render,
                                 update_readme)


def test_the_table_replaces_only_what_stands_between_the_marks(tmp_path):
    readme = tmp_path / "README.md"
    readme.write_text(f"# Title\n\nbefore\n\n{START_MARK}\nold table\n{END_MARK}\n\nafter\n",
                      encoding="utf-8")
    table = render([Row("search p95", "3.1 ms", "≤ 16 ms", True), Row("floor", "33 MiB")],
                   quick=False)
    update_readme(readme, table)
    update_readme(readme, table)  # twice: still one table
    text = readme.read_text(encoding="utf-8")
    assert "old table" not in text
    assert text.count("| search p95 | 3.1 ms | ≤ 16 ms ✓ |") == 1
    assert "| floor | 33 MiB |  |" in text
    assert text.startswith("# Title\n\nbefore\n\n") and text.endswith(f"{END_MARK}\n\nafter\n")


def test_a_readme_without_the_marks_is_a_clear_refusal(tmp_path: Path):
    readme = tmp_path / "README.md"
    readme.write_text("# Title\n", encoding="utf-8")
    with pytest.raises(SystemExit, match="no <!-- benchmarks:start"):
        update_readme(readme, "| a | b | c |")
    assert readme.read_text(encoding="utf-8") == "# Title\n"


def test_the_readme_holds_a_full_run_of_every_benchmark():
    text = README.read_text(encoding="utf-8")
    block = text[text.index(START_MARK) + len(START_MARK):text.index(END_MARK)]
    rows = [line for line in block.splitlines() if line.startswith("| ")][1:]  # no header
    assert "(quick sizes)" not in block and "did not run" not in block
    body = "\n".join(rows).lower()
    for name, words in {"startup": "start-up", "search": "search", "incidents": "incidents",
                        "concurrency": "desks", "memory": "memory"}.items():
        assert name in BENCHMARKS
        assert words in body, f"no row of the {name} benchmark in the README's table"
