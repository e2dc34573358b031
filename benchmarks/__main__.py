"""Every benchmark of Lotsen in one run, printed as one Markdown table (for the README).

    python -m benchmarks [--quick] [--postgres URL] [--only NAME ...] [--readme]

Runs, in turn: start-up (first paint against a bare Textual app, and time until a search can
run), search at 10 000 services, statistics and list pages at 1 000 000 incidents (the file is
built once and cached), many desks writing at once (8 processes × 500 records, SQLite, and
PostgreSQL with ``--postgres``), and resident memory over four hours of simulated desk use.
``--quick`` uses smaller sizes to check that everything runs. Progress goes to stderr, the
table to stdout. Figures, never pass/fail: the machines here are shared and noisy.
"""

from __future__ import annotations

import argparse
import os
import platform
import sys
import time
from collections.abc import Callable
from dataclasses import dataclass
from datetime import date
from pathlib import Path


@dataclass(frozen=True)
class Row:
    what: str
    result: str
    goal: str = ""
    met: bool | None = None  # None: no goal to meet

    def markdown(self) -> str:
        mark = "" if self.met is None else (" ✓" if self.met else " ✗")
        return f"| {self.what} | {self.result} | {self.goal}{mark} |"


@dataclass(frozen=True)
class Sizes:
    startup_runs: int
    services: int
    incidents: int
    desks: int
    records: int
    hours: int


FULL = Sizes(startup_runs=10, services=10_000, incidents=1_000_000, desks=8, records=500,
             hours=4)
QUICK = Sizes(startup_runs=3, services=2_000, incidents=20_000, desks=4, records=50, hours=2)


def startup_rows(sizes: Sizes, _server: str | None) -> list[Row]:
    from benchmarks import startup

    result = startup.measure(sizes.startup_runs)
    return [
        Row(f"start-up: first paint, Lotsen ÷ bare Textual app (median of "
            f"{sizes.startup_runs} pairs, tmux 80×24)",
            f"{result['ratio']:.2f} ({result['lotsen_s']:.3f} s ÷ {result['bare_s']:.3f} s)",
            "≤ 1.15", result["ratio"] <= 1.15),
        Row("start-up: ready for the first search (database open, index built)",
            f"{result['ready_s']:.2f} s"),
    ]


def search_rows(sizes: Sizes, _server: str | None) -> list[Row]:
    from benchmarks import search

    result = search.measure(sizes.services)
    where = "search, " + f"{sizes.services:,} services".replace(",", " ")
    return [
        Row(f"{where}: the query alone, p95", f"{result['query_p95_ms']:.1f} ms"),
        Row(f"{where}: keystroke to rendered hits (Pilot), p95",
            f"{result['keystroke_p95_ms']:.2f} ms", "≤ 16 ms",
            result["keystroke_p95_ms"] <= 16),
    ]


def incident_rows(sizes: Sizes, _server: str | None) -> list[Row]:
    from benchmarks import incidents

    result = incidents.measure(sizes.incidents)
    timings: dict[str, dict[str, float]] = result["timings"]  # type: ignore[assignment]

    def p95(prefix: str) -> float:
        return next(t["p95_ms"] for name, t in timings.items() if name.startswith(prefix))

    count = f"{result['incidents']:,}".replace(",", " ")
    rows = []
    for prefix, label, goal in (
            ("statistics, last 12 months, one branch", "statistics, 12 months, one branch", 100),
            ("statistics, all time, all branches", "statistics, all time, all branches", 100),
            ("list: first page", "incident list, first page", 50),
            ("list: deep page", "incident list, ~100 000 rows down", 50)):
        value = p95(prefix)
        rows.append(Row(f"{label} ({count} incidents), p95", f"{value:.1f} ms",
                        f"≤ {goal} ms", value <= goal))
    return rows


def concurrency_rows(sizes: Sizes, server: str | None) -> list[Row]:
    from benchmarks import concurrency

    rows = []
    for target in (None, server) if server else (None,):
        result = concurrency.measure(sizes.desks, sizes.records, target)
        problems = result["problems"]
        rows.append(Row(
            f"{sizes.desks} desks × {sizes.records} records at once, {result['backend']}: "
            "commit p99",
            f"{result['p99_ms']:.0f} ms (p50 {result['p50_ms']:.1f} ms), "
            f"{result['errors']} errors",
            "nothing lost, no errors", not problems and not result["errors"]))
    return rows


def memory_rows(sizes: Sizes, _server: str | None) -> list[Row]:
    from benchmarks import memory

    result = memory.measure(sizes.hours)  # the app runs in processes of its own
    hourly = result["rss_hours"]
    first = hourly[0]
    # One reading moves by about a MiB from run to run: the mean over several hours tells a
    # leak from noise better than the largest single step.
    growth = (hourly[-1] - first) / (len(hourly) - 1) if len(hourly) > 1 else 0.0
    return [
        Row("memory: resident after 1 hour of simulated desk use", f"{first:.1f} MiB",
            "≤ 75 MiB", first <= 75),
        Row("memory: of that, private to the desk's process (RssAnon; the rest is files "
            "shared by every Lotsen process on a host)", f"{result['anon_hours'][0]:.1f} MiB"),
        Row(f"memory: growth per hour, hour 1 to hour {sizes.hours} (mean)",
            f"{growth:+.1f} MiB ({', '.join(f'{g:+.1f}' for g in result['growth_per_hour'])})",
            "none (≤ 0.5)", growth <= 0.5),
        Row("memory: floors — a bare Textual app; the same with SQLModel imported",
            f"{result['floor_textual']:.1f} MiB; {result['floor_textual_sqlmodel']:.1f} MiB"),
    ]


BENCHMARKS: dict[str, Callable[[Sizes, str | None], list[Row]]] = {
    "startup": startup_rows,
    "search": search_rows,
    "incidents": incident_rows,
    "concurrency": concurrency_rows,
    "memory": memory_rows,
}


def machine() -> str:
    return (f"{date.today()}, {platform.system()} {platform.machine()}, "
            f"{os.cpu_count()} cores, Python {platform.python_version()}")


README = Path(__file__).resolve().parent.parent / "README.md"
START_MARK = "<!-- benchmarks:start (python -m benchmarks --readme) -->"
END_MARK = "<!-- benchmarks:end -->"


def render(rows: list[Row], quick: bool) -> str:
    lines = [f"Lotsen benchmarks{' (quick sizes)' if quick else ''}: {machine()}", "",
             "| benchmark | result | goal |", "| --- | --- | --- |"]
    lines += [row.markdown() for row in rows]
    return "\n".join(lines)


def update_readme(path: Path, table: str) -> None:
    """Replace what stands between the README's benchmark marks with ``table``."""
    text = path.read_text(encoding="utf-8")
    start, end = text.find(START_MARK), text.find(END_MARK)
    if start < 0 or end < start:
        raise SystemExit(f"{path} has no {START_MARK} … {END_MARK} block")
    path.write_text(f"{text[:start + len(START_MARK)]}\n{table}\n{text[end:]}",
                    encoding="utf-8")


def main() -> int:
    parser = argparse.ArgumentParser(prog="python -m benchmarks",
                                     description=__doc__.split("\n")[0])
    parser.add_argument("--quick", action="store_true", help="small sizes, to try it out")
    parser.add_argument("--postgres", metavar="URL",
                        default=os.environ.get("LOTSEN_BENCH_POSTGRES_URL"),
                        help="also run the concurrency benchmark on this PostgreSQL server")
    parser.add_argument("--readme", action="store_true",
                        help="also put the table into README.md (a full run only)")
    parser.add_argument("--only", nargs="+", choices=sorted(BENCHMARKS), metavar="NAME",
                        help=f"run only these ({', '.join(BENCHMARKS)})")
    args = parser.parse_args()
    sizes = QUICK if args.quick else FULL
    rows: list[Row] = []
    failed: list[str] = []
    for name, run in BENCHMARKS.items():
        if args.only and name not in args.only:
            continue
        print(f"benchmark {name}…", file=sys.stderr, flush=True)
        started = time.perf_counter()
        try:
            rows.extend(run(sizes, args.postgres))
        except (Exception, SystemExit) as exc:  # one broken benchmark does not hide the rest
            failed.append(f"{name}: {exc}")
            rows.append(Row(name, f"did not run: {str(exc).splitlines()[0] if str(exc) else exc!r}"))
        print(f"  {time.perf_counter() - started:.0f} s", file=sys.stderr, flush=True)
    table = render(rows, args.quick)
    print(table)
    if args.readme:
        if failed or args.quick or args.only:
            print("README.md left as it was: only a full run of every benchmark goes there",
                  file=sys.stderr)
        else:
            update_readme(README, table)
            print(f"written to {README}", file=sys.stderr)
    for line in failed:
        print(f"benchmark failed: {line}", file=sys.stderr)
    return 1 if failed else 0


if __name__ == "__main__":
    raise SystemExit(main())
