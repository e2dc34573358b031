"""Incident benchmark: statistics and list pages on a database with many incidents.

Builds (once; later runs reuse the cached file) a migrated SQLite database with the demo
library and ``--rows`` synthetic incidents over five years, skewed as in a real library
(evenings, the entrance and the toilets, intoxication and disturbances), then prints a
Markdown table of p50/p95 times.

    python -m benchmarks.incidents [--rows 1000000] [--database URL] [--runs 10] [--rebuild]

The cached file lives in the user cache folder (``platformdirs``), keyed by the row count
and a hash of the migrations, so a schema change builds a new one.
"""

from __future__ import annotations

import argparse
import hashlib
import random
import statistics
import sys
import time
from collections.abc import Callable, Iterator
from datetime import UTC, date, datetime, timedelta
from pathlib import Path

from db.clock import LOCAL_TZ

ROOT = Path(__file__).resolve().parent.parent
END = datetime(2026, 11, 24, 18, 5, tzinfo=LOCAL_TZ)  # "now" of the synthetic history
YEARS = 5
SEED = 20261124
CHUNK = 50_000

# Skews of a city library: weights per weekday (Monday first), per hour, per type, per zone.
WEEKDAY_WEIGHTS = (1.0, 1.0, 1.05, 1.1, 1.25, 0.8, 0.45)
HOUR_WEIGHTS = {0: 0.05, 1: 0.03, 2: 0.02, 3: 0.01, 4: 0.01, 5: 0.02, 6: 0.05, 7: 0.2,
                8: 0.6, 9: 1.2, 10: 2.0, 11: 2.4, 12: 2.8, 13: 3.0, 14: 3.4, 15: 4.2,
                16: 5.2, 17: 6.0, 18: 6.4, 19: 5.6, 20: 3.8, 21: 1.4, 22: 0.4, 23: 0.15}
TYPE_WEIGHTS = {"intoxication": 20, "disturbance": 18, "toilet_stay": 12, "threat": 8,
                "alcohol": 8, "drug_dealing": 6, "theft": 6, "vandalism": 5,
                "staff_harassment": 5, "other": 5, "violence": 3, "medical": 3,
                "fire_alarm": 1}
ZONE_WEIGHTS = {"entrance": 22, "toilets": 20, "computers": 14, "outside": 12,
                "reading_room": 8, "cafe": 8, "desk": 7, "elsewhere": 5, "children": 4}
BRANCH_SHARES = (0.7, 0.3)  # the demo's two branches

COLUMNS = ("branch_id", "desk_id", "reporter_id", "occurred_at", "local_day", "hour",
           "weekday", "type_id", "zone_id", "severity", "description", "actions",
           "staff_affected", "kia_status", "status", "created_at", "updated_at", "revision")


def cache_path(rows: int) -> Path:
    from platformdirs import user_cache_path

    digest = hashlib.sha256()
    for path in sorted((ROOT / "db" / "migrations" / "versions").glob("*.py")):
        digest.update(path.read_bytes())
    return user_cache_path("lotsen", appauthor=False) / \
        f"bench-incidents-{rows}-{digest.hexdigest()[:10]}.sqlite"


def synthetic_rows(rows: int, branches: list[tuple[int, list[int | None], dict[str, int]]],
                   types: dict[str, int], staff: list[int]) -> Iterator[tuple]:
    """``rows`` incidents, oldest first, as tuples in the order of :data:`COLUMNS`."""
    rng = random.Random(SEED)
    first = (END - timedelta(days=365 * YEARS)).date()
    days = [first + timedelta(days=i) for i in range((END.date() - first).days + 1)]
    # Slight growth over the years; weekday skew.
    day_weights = [WEEKDAY_WEIGHTS[d.weekday()] * (0.8 + 0.4 * i / len(days))
                   for i, d in enumerate(days)]
    picked_days = sorted(rng.choices(range(len(days)), weights=day_weights, k=rows))
    hours = rng.choices(list(HOUR_WEIGHTS), weights=list(HOUR_WEIGHTS.values()), k=rows)
    type_codes = [code for code in TYPE_WEIGHTS if code in types]
    picked_types = rng.choices([types[c] for c in type_codes],
                               weights=[TYPE_WEIGHTS[c] for c in type_codes], k=rows)
    picked_branches = rng.choices(range(len(branches)), weights=BRANCH_SHARES[:len(branches)],
                                  k=rows)
    zone_lists = []
    for _branch, _desks, zones in branches:
        codes = [code for code in ZONE_WEIGHTS if code in zones]
        zone_lists.append(rng.choices([zones[c] for c in codes],
                                      weights=[ZONE_WEIGHTS[c] for c in codes], k=rows))
    for i in range(rows):
        day = days[picked_days[i]]
        local = datetime(day.year, day.month, day.day, hours[i], rng.randrange(60),
                         rng.randrange(60), tzinfo=LOCAL_TZ)
        moment = local.astimezone(UTC)
        local = moment.astimezone(LOCAL_TZ)  # a time skipped at the DST change moves
        which = picked_branches[i]
        branch_id, desks, _zones = branches[which]
        affected = rng.random() < 0.06
        yield (branch_id, rng.choice(desks), rng.choice(staff), moment, local.date(),
               local.hour, local.weekday(), picked_types[i], zone_lists[which][i],
               rng.choices((1, 2, 3, 4), weights=(30, 45, 20, 5))[0],
               "Syntetisk händelse för prestandamätning.", "talked",
               affected, "needed" if affected else None,
               "closed" if rng.random() < 0.3 else "recorded", moment, moment, 1)


def build(url: str, rows: int) -> None:
    """Fill the (migrated, demo) database at ``url`` with ``rows`` incidents."""
    from sqlmodel import select

    from db.demo import prepare_demo
    from db.incidents import ensure_defaults
    from db.models import Branch, Desk, Staff
    from db.models_incidents import Incident, IncidentType, Zone

    database = prepare_demo(url)
    with database.write() as session:
        ensure_defaults(session)
    with database.read() as session:
        branch_ids = list(session.exec(select(Branch.id).order_by(Branch.id)).all())
        branches = []
        for branch_id in branch_ids:
            desks = list(session.exec(select(Desk.id).where(Desk.branch_id == branch_id)).all())
            zones = {z.code: z.id for z in session.exec(
                select(Zone).where(Zone.branch_id == branch_id)).all()}
            branches.append((branch_id, desks or [None], zones))
        types = {t.code: t.id for t in session.exec(select(IncidentType)).all()}
        staff = list(session.exec(select(Staff.id)).all())
    table = Incident.__table__
    dialect = database.engine.dialect
    processors = [table.c[name].type.bind_processor(dialect) for name in COLUMNS]
    sqlite = database.backend == "sqlite"
    marks = ", ".join("?" if sqlite else "%s" for _ in COLUMNS)
    statement = f"INSERT INTO incident ({', '.join(COLUMNS)}) VALUES ({marks})"

    def converted(row: tuple) -> tuple:
        return tuple(p(v) if p is not None and v is not None else v
                     for p, v in zip(processors, row))

    started = time.perf_counter()
    raw = database.engine.raw_connection()
    try:
        cursor = raw.cursor()
        source = synthetic_rows(rows, branches, types, staff)
        done = 0
        while done < rows:
            chunk = [converted(row) for _, row in zip(range(CHUNK * 4), source)]
            if not chunk:
                break
            if sqlite:
                cursor.execute("BEGIN IMMEDIATE")
            cursor.executemany(statement, chunk)
            raw.commit() if not sqlite else cursor.execute("COMMIT")
            done += len(chunk)
            print(f"\r  {done:>9,} incidents ({time.perf_counter() - started:.0f} s)",
                  end="", file=sys.stderr, flush=True)
        print(file=sys.stderr)
        if sqlite:
            cursor.execute("ANALYZE")
        else:
            cursor.execute("ANALYZE incident")
            raw.commit()
    finally:
        raw.close()
    rebuild = _tally_rebuilder()
    if rebuild is not None:
        rebuild(database)
    database.close()


def _tally_rebuilder() -> Callable | None:
    """``db.incident_stats.rebuild_tally`` when the statistics keep a tally table."""
    from db import incident_stats

    return getattr(incident_stats, "rebuild_tally", None)


def percentiles(samples: list[float]) -> tuple[float, float]:
    ordered = sorted(samples)
    p95 = ordered[min(len(ordered) - 1, int(len(ordered) * 0.95))]
    return statistics.median(ordered) * 1000, p95 * 1000


def timed(function: Callable[[], object], runs: int) -> tuple[float, float]:
    function()  # warm the page cache and SQLAlchemy's statement cache
    samples = []
    for _ in range(runs):
        started = time.perf_counter()
        function()
        samples.append(time.perf_counter() - started)
    return percentiles(samples)


def count_incidents(database) -> int:  # noqa: ANN001
    from sqlmodel import func, select

    from db.models_incidents import Incident

    with database.read() as session:
        return session.scalar(select(func.count()).select_from(Incident)) or 0


def prepare(rows: int, database_url: str | None = None, rebuild: bool = False) -> str:
    """The URL of a database holding ``rows`` incidents: ``database_url`` (filled when it has
    none), or the cached SQLite file (built once)."""
    from db.database import open_database

    if database_url:
        url = database_url
        database = open_database(url)
        present = count_incidents(database)
        database.close()
        if present == 0:
            print(f"building {rows:,} incidents in {url}", file=sys.stderr)
            build(url, rows)
    else:
        path = cache_path(rows)
        if rebuild and path.exists():
            for suffix in ("", "-wal", "-shm"):
                Path(f"{path}{suffix}").unlink(missing_ok=True)
        url = f"sqlite:///{path}"
        if not path.exists():
            print(f"building {rows:,} incidents in {path}", file=sys.stderr)
            started = time.perf_counter()
            partial = path.with_suffix(".partial")
            for suffix in ("", "-wal", "-shm"):
                Path(f"{partial}{suffix}").unlink(missing_ok=True)
            build(f"sqlite:///{partial}", rows)
            partial.rename(path)
            print(f"built in {time.perf_counter() - started:.0f} s", file=sys.stderr)
    return url


def figures(url: str, runs: int) -> tuple[int, str, list[tuple[str, tuple[float, float]]]]:
    """Time statistics and list pages on ``url``: (incidents, backend, [(what, (p50, p95))]).
    """
    from db.database import open_database
    from db.incident_stats import statistics as incident_statistics
    from db.incidents import IncidentFilter, choices, list_incidents

    database = open_database(url)
    total = count_incidents(database)
    from db.library import desk_context

    context = desk_context(database, None)
    assert context is not None
    branch = context.branch_id
    today = END.date()
    year_ago = today.replace(year=today.year - 1) + timedelta(days=1)
    timings: list[tuple[str, tuple[float, float]]] = []

    def stats(start: date, branch_id: int | None) -> Callable[[], object]:
        return lambda: incident_statistics(database, start, today, branch_id)

    all_start = date(today.year - YEARS - 1, 1, 1)
    year_stats = incident_statistics(database, year_ago, today, branch)
    all_stats = incident_statistics(database, all_start, today, None)
    timings.append((f"statistics, last 12 months, one branch ({year_stats.total:,} incidents)",
                    timed(stats(year_ago, branch), runs)))
    timings.append((f"statistics, last 12 months, all branches",
                    timed(stats(year_ago, None), runs)))
    timings.append((f"statistics, all time, all branches ({all_stats.total:,} incidents)",
                    timed(stats(all_start, None), runs)))
    timings.append(("statistics, all time, one branch", timed(stats(all_start, branch),
                                                            runs)))

    flt = IncidentFilter(branch_id=branch)
    timings.append(("list: first page (200)",
                    timed(lambda: list_incidents(database, flt), runs)))
    # The keyset position ~100 000 rows down.
    with database.read() as session:
        from sqlmodel import col, select

        from db.models_incidents import Incident

        deep = session.exec(select(Incident.occurred_at, Incident.id)
                            .where(Incident.branch_id == branch)
                            .order_by(col(Incident.occurred_at).desc(), col(Incident.id).desc())
                            .offset(100_000).limit(1)).first()
    if deep is not None:
        after = (deep[0], deep[1])
        timings.append(("list: deep page (after ~100 000 rows)",
                        timed(lambda: list_incidents(database, flt, after=after), runs)))
    options = choices(database, branch)
    kind = next(t for t in options.types if t.code == "toilet_stay")
    zone = next(z for z in options.zones if z.code == "toilets")
    filtered = IncidentFilter(branch_id=branch, type_id=kind.id, zone_id=zone.id)
    timings.append(("list: filtered page (type + zone)",
                    timed(lambda: list_incidents(database, filtered), runs)))
    rare_kind = next(t for t in options.types if t.code == "fire_alarm")
    rare_zone = next(z for z in options.zones if z.code == "children")
    rare = IncidentFilter(branch_id=branch, type_id=rare_kind.id, zone_id=rare_zone.id)
    timings.append(("list: filtered page, rare pair (fire alarm + children's area)",
                    timed(lambda: list_incidents(database, rare), runs)))
    database.close()
    return total, database.backend, timings


def main() -> None:
    parser = argparse.ArgumentParser(prog="python -m benchmarks.incidents",
                                     description=__doc__.split("\n")[0])
    parser.add_argument("--rows", type=int, default=1_000_000, help="incidents (1 000 000)")
    parser.add_argument("--database", metavar="URL",
                        help="use this database (filled when it has no incidents)")
    parser.add_argument("--runs", type=int, default=10, help="timed runs per figure (10)")
    parser.add_argument("--rebuild", action="store_true", help="build the cached file anew")
    args = parser.parse_args()
    if args.rows < 1:
        parser.error("--rows must be at least 1")

    url = prepare(args.rows, args.database, args.rebuild)
    total, backend, timings = figures(url, args.runs)
    print(f"\n{total:,} incidents, {backend} ({url}); {args.runs} runs each\n")
    print("| what | p50 ms | p95 ms |")
    print("| --- | ---: | ---: |")
    for name, (p50, p95) in timings:
        print(f"| {name} | {p50:.1f} | {p95:.1f} |")


def measure(rows: int = 1_000_000, runs: int = 10) -> dict[str, object]:
    """The figures for the benchmark suite: every timing by name (p50, p95 in ms)."""
    total, backend, timings = figures(prepare(rows), runs)
    return {"incidents": total, "backend": backend,
            "timings": {name: {"p50_ms": p50, "p95_ms": p95} for name, (p50, p95) in timings}}


if __name__ == "__main__":
    main()
