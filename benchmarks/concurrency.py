"""Concurrency benchmark: many desks writing at once.

Starts ``--processes`` worker processes (``benchmarks.desk_load``) on a fresh demo database,
releases them together, and lets each write ``--count`` records (incidents, handover notes
and referrals in turn). Then checks that everything was stored and prints a Markdown table
of the total time, throughput and commit latencies (each call timed in the worker).

    python -m benchmarks.concurrency [--processes 8] [--count 500] [--database URL]

Without ``--database`` the database is a temporary SQLite file. With a PostgreSQL URL a
fresh database with a new name is created on that server and dropped afterwards (the
database named in the URL is only used to connect).
"""

from __future__ import annotations

import argparse
import math
import sys
import tempfile
import uuid
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

from benchmarks.desk_load import KINDS, Run, Stored, run_desks, stored


def percentile(values: list[float], share: float) -> float:
    """The nearest-rank percentile (``share`` 0.5 for p50) of ``values``."""
    if not values:
        return math.nan
    ordered = sorted(values)
    rank = max(1, math.ceil(share * len(ordered)))
    return ordered[rank - 1]


def _ms(value: float) -> str:
    return "–" if math.isnan(value) else f"{value * 1000:.1f} ms"


@contextmanager
def fresh_database(server: str | None, workdir: Path) -> Iterator[str]:
    """The URL of a new demo database (SQLite in ``workdir``, or a new database on the
    PostgreSQL server of ``server``), removed afterwards."""
    from db.database import parse_url
    from db.demo import prepare_demo

    if not server:
        url = f"sqlite:///{workdir / 'desks.sqlite'}"
        prepare_demo(url).close()
        yield url
        return
    from sqlalchemy import create_engine

    base = parse_url(server)
    if base.get_backend_name() != "postgresql":
        raise SystemExit("--database must be a PostgreSQL URL (SQLite is the default)")
    name = f"lotsen_bench_{uuid.uuid4().hex[:12]}"
    admin = create_engine(base, isolation_level="AUTOCOMMIT")
    try:
        with admin.connect() as conn:
            conn.exec_driver_sql(f"CREATE DATABASE {name}")
        try:
            url = base.set(database=name).render_as_string(hide_password=False)
            prepare_demo(url).close()
            yield url
        finally:
            with admin.connect() as conn:
                conn.exec_driver_sql(f"DROP DATABASE IF EXISTS {name} WITH (FORCE)")
    finally:
        admin.dispose()


def report(backend: str, run: Run, before: Stored, after: Stored) -> str:
    elapsed = run.finished - run.started
    records = sum(run.written.values())
    latencies = run.latencies
    expected = sum(run.expected.values())
    kept = sum(after.count(k) - before.count(k) for k in KINDS)
    locked = sum("locked" in e["message"].lower() for e in run.errors)
    lines = [
        "| backend | processes × records | total time | records/s | p50 | p95 | p99 | max "
        "| errors | stored |",
        "|---|---|---|---|---|---|---|---|---|---|",
        f"| {backend} | {run.processes} × {run.count} | {elapsed:.2f} s "
        f"| {records / elapsed if elapsed > 0 else math.nan:,.0f} "
        f"| {_ms(percentile(latencies, 0.50))} | {_ms(percentile(latencies, 0.95))} "
        f"| {_ms(percentile(latencies, 0.99))} | {_ms(max(latencies, default=math.nan))} "
        f"| {len(run.errors)} ({locked} locked) | {kept}/{expected} |",
        "",
        "| kind | records | p50 | p95 | p99 | max |",
        "|---|---|---|---|---|---|",
    ]
    for kind in KINDS:
        values = run.latencies_of(kind)
        lines.append(f"| {kind} | {len(values)} | {_ms(percentile(values, 0.50))} "
                     f"| {_ms(percentile(values, 0.95))} | {_ms(percentile(values, 0.99))} "
                     f"| {_ms(max(values, default=math.nan))} |")
    return "\n".join(lines)


def check(run: Run, before: Stored, after: Stored) -> list[str]:
    """What is wrong with the stored data after ``run`` (empty: nothing)."""
    problems = run.problems()
    for kind in KINDS:
        added = after.count(kind) - before.count(kind)
        if added != run.expected[kind]:
            problems.append(f"{kind}s: {added} stored, {run.expected[kind]} written")
    if after.tally_total != after.incidents:
        problems.append(f"the statistics count {after.tally_total} incidents, "
                        f"the database holds {after.incidents}")
    missing = after.incident_ids - after.first_revisions
    if missing:
        problems.append(f"{len(missing)} incidents have no revision 1")
    return problems


def main() -> int:
    parser = argparse.ArgumentParser(prog="python -m benchmarks.concurrency",
                                     description=__doc__.split("\n")[0])
    parser.add_argument("--processes", type=int, default=8, help="writing processes (8)")
    parser.add_argument("--count", type=int, default=500, help="records per process (500)")
    parser.add_argument("--database", metavar="URL",
                        help="a PostgreSQL server to use (a fresh database is made on it)")
    parser.add_argument("--timeout", type=float, default=1800, help="seconds in all (1800)")
    args = parser.parse_args()
    if args.processes < 1 or args.count < 1:
        parser.error("--processes and --count must be at least 1")

    backend, run, before, after = desks_at_once(args.processes, args.count, args.database,
                                                args.timeout)
    print(report(backend, run, before, after))
    problems = check(run, before, after)
    for line in problems:
        print(f"problem: {line}", file=sys.stderr)
    return 1 if problems else 0


def desks_at_once(processes: int, count: int, server: str | None = None,
                  timeout: float = 1800) -> tuple[str, Run, Stored, Stored]:
    """Let ``processes`` desks write ``count`` records each into a fresh database: (backend,
    the run, what was stored before and after)."""
    with tempfile.TemporaryDirectory(prefix="lotsen-desks-") as tmp, \
            fresh_database(server, Path(tmp)) as url:
        before = stored(url)
        run = run_desks(url, processes, count, Path(tmp) / "workers", timeout=timeout)
        after = stored(url)
    backend = next((r["backend"] for r in run.results if r and "backend" in r), "?")
    return backend, run, before, after


def measure(processes: int = 8, count: int = 500,
            server: str | None = None) -> dict[str, object]:
    """The figures for the benchmark suite (commit latencies in ms)."""
    backend, run, before, after = desks_at_once(processes, count, server)
    latencies = run.latencies
    return {"backend": backend, "processes": processes, "count": count,
            "seconds": run.finished - run.started, "errors": len(run.errors),
            "problems": check(run, before, after),
            "p50_ms": percentile(latencies, 0.50) * 1000,
            "p99_ms": percentile(latencies, 0.99) * 1000}


if __name__ == "__main__":
    raise SystemExit(main())
