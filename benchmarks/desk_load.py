"""One desk under load: a worker process that writes records as fast as it can.

Each worker opens the database, picks a member of the demo staff and a desk (by its worker
number), says it is ready, waits for the start signal, then writes ``--count`` records,
cycling through incidents, handover notes and referrals. Every call is timed (the whole
call: validation, transaction, commit) and the latencies and any errors are written as JSON.

    python -m benchmarks.desk_load --url URL --worker N --count K --out FILE \
        [--start-file PATH]

:func:`run_desks` starts several workers together and collects their results; it is used by
``tests/test_concurrency.py`` and ``benchmarks/concurrency.py``.
"""

from __future__ import annotations

import argparse
import json
import os
import subprocess
import sys
import time
import traceback
from collections import Counter
from dataclasses import dataclass, field
from datetime import date, datetime
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
KINDS = ("incident", "note", "referral")
STAFF = ("AL", "BK", "JE", "SO", "MH", "IT")  # the demo staff (db.demo.STAFF)
START_TIMEOUT = 120.0  # seconds a ready worker waits for the start signal


def kind_of(worker: int, index: int) -> str:
    """The kind of the ``index``-th record of ``worker`` (workers start at different kinds,
    so that all three kinds are written at any moment)."""
    return KINDS[(worker + index) % len(KINDS)]


def planned(worker: int, count: int) -> Counter:
    """How many records of each kind ``worker`` writes."""
    return Counter(kind_of(worker, i) for i in range(count))


@dataclass
class Desk:
    """What a worker needs to write: who, where, and the choices of that branch."""

    place: object  # db.directory.Place
    initials: str
    type_ids: list[int]
    zone_ids: list[int]
    service_ids: list[str]


def prepare(database, worker: int) -> Desk:  # noqa: ANN001
    """Pick the staff member and desk of ``worker`` in the demo library."""
    from sqlmodel import col, select

    from db.directory import Place
    from db.incidents import choices
    from db.models import Desk as DeskRow
    from db.models import Staff
    from db.models_directory import Service

    initials = STAFF[worker % len(STAFF)]
    with database.read() as session:
        staff = session.exec(select(Staff).where(Staff.initials == initials)).one()
        desks = session.exec(select(DeskRow).where(col(DeskRow.active))
                             .order_by(col(DeskRow.id))).all()
        services = list(session.exec(select(Service.id).where(Service.status == "active")
                                     .order_by(col(Service.id))).all())
    if not desks or not services:
        raise RuntimeError("the database has no desks or no directory services: "
                           "is it a demo database?")
    desk = desks[worker % len(desks)]
    options = choices(database, desk.branch_id)
    if not options.types or not options.zones:
        raise RuntimeError(f"branch {desk.branch_id} has no incident types or zones")
    return Desk(place=Place(staff.id, desk.id, desk.branch_id), initials=initials,
                type_ids=[c.id for c in options.types], zone_ids=[c.id for c in options.zones],
                service_ids=services)


def write_one(database, desk: Desk, worker: int, index: int) -> None:  # noqa: ANN001
    """Write the ``index``-th record of ``worker``."""
    from db.directory import METHODS, record_referral
    from db.handover import NewNote, write_note
    from db.incidents import IncidentInput, add_incident

    kind = kind_of(worker, index)
    if kind == "incident":
        add_incident(database, desk.place, IncidentInput(
            desk.type_ids[index % len(desk.type_ids)],
            desk.zone_ids[index % len(desk.zone_ids)],
            severity=1 + index % 3,
            description=f"Load test: desk {worker}, record {index}."))
    elif kind == "note":
        write_note(database, desk.place,
                   NewNote(f"Load test: desk {worker}, note {index} ({desk.initials})."))
    else:
        record_referral(database, desk.place, desk.service_ids[index % len(desk.service_ids)],
                        METHODS[index % len(METHODS)])


def _wait_for(path: Path, timeout: float) -> None:
    deadline = time.monotonic() + timeout
    while not path.exists():
        if time.monotonic() > deadline:
            raise TimeoutError(f"no start signal ({path}) within {timeout:.0f} s")
        time.sleep(0.001)


def work(url: str, worker: int, count: int, start_file: Path | None,
         ready_file: Path | None) -> dict:
    """Open ``url``, wait for the start, write ``count`` records; return the result."""
    from db.database import open_database

    database = open_database(url)
    try:
        desk = prepare(database, worker)
        if ready_file is not None:
            ready_file.touch()
        if start_file is not None:
            _wait_for(start_file, START_TIMEOUT)
        latencies: list[float] = []
        kinds: list[str] = []
        errors: list[dict] = []
        started = time.time()
        for index in range(count):
            kind = kind_of(worker, index)
            before = time.perf_counter()
            try:
                write_one(database, desk, worker, index)
            except Exception as exc:  # noqa: BLE001 - every failure is reported, not hidden
                errors.append({"index": index, "kind": kind, "type": type(exc).__name__,
                               "message": str(exc)})
                continue
            latencies.append(time.perf_counter() - before)
            kinds.append(kind)
        finished = time.time()
    finally:
        database.close()
    return {"worker": worker, "pid": os.getpid(), "backend": database.backend,
            "count": count, "written": dict(Counter(kinds)), "latencies": latencies,
            "kinds": kinds, "errors": errors, "started": started, "finished": finished}


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m benchmarks.desk_load",
                                     description=__doc__.split("\n")[0])
    parser.add_argument("--url", required=True, help="database URL (a demo database)")
    parser.add_argument("--worker", type=int, required=True, help="worker number (0, 1, …)")
    parser.add_argument("--count", type=int, required=True, help="records to write")
    parser.add_argument("--out", type=Path, required=True, help="JSON file for the result")
    parser.add_argument("--start-file", type=Path,
                        help="wait until this file exists before writing")
    args = parser.parse_args(argv)
    if args.worker < 0 or args.count < 0:
        parser.error("--worker and --count must not be negative")
    ready = args.out.with_name(args.out.name + ".ready") if args.start_file else None
    try:
        result = work(args.url, args.worker, args.count, args.start_file, ready)
    except Exception as exc:  # noqa: BLE001 - a worker that could not run says why
        result = {"worker": args.worker, "pid": os.getpid(), "count": args.count,
                  "written": {}, "latencies": [], "kinds": [], "fatal": True,
                  "errors": [{"index": None, "kind": None, "type": type(exc).__name__,
                              "message": str(exc), "traceback": traceback.format_exc()}]}
    partial = args.out.with_name(args.out.name + ".partial")
    partial.write_text(json.dumps(result), encoding="utf-8")
    partial.replace(args.out)
    return 1 if result["errors"] else 0


# ----------------------------------------------------------------------------- launcher
@dataclass
class Run:
    """The outcome of :func:`run_desks`."""

    processes: int
    count: int
    returncodes: list[int | None]
    results: list[dict | None]  # None: the worker wrote no result
    stderr: list[str]
    started: float  # wall clock of the start signal
    finished: float  # wall clock when the last worker finished writing
    expected: Counter = field(default_factory=Counter)

    @property
    def errors(self) -> list[dict]:
        return [dict(error, worker=n) for n, result in enumerate(self.results) if result
                for error in result["errors"]]

    @property
    def latencies(self) -> list[float]:
        return [x for result in self.results if result for x in result["latencies"]]

    def latencies_of(self, kind: str) -> list[float]:
        return [x for result in self.results if result
                for x, k in zip(result["latencies"], result["kinds"], strict=True) if k == kind]

    @property
    def written(self) -> Counter:
        total: Counter = Counter()
        for result in self.results:
            if result:
                total.update(result["written"])
        return total

    def problems(self) -> list[str]:
        """Everything that went wrong, one line each (empty: a clean run)."""
        lines = []
        for n, (code, result) in enumerate(zip(self.returncodes, self.results, strict=True)):
            if code != 0:
                lines.append(f"worker {n} exited with {code}: "
                             f"{self.stderr[n].strip()[-2000:] or '(no stderr)'}")
            if result is None:
                lines.append(f"worker {n} wrote no result")
        for error in self.errors[:20]:
            lines.append(f"worker {error['worker']} record {error['index']} ({error['kind']}): "
                         f"{error['type']}: {error['message']}")
        if len(self.errors) > 20:
            lines.append(f"… and {len(self.errors) - 20} more errors")
        return lines


def run_desks(url: str, processes: int, count: int, workdir: Path,
              timeout: float = 600.0) -> Run:
    """Start ``processes`` workers on ``url``, release them together once all are ready,
    and wait for them (at most ``timeout`` seconds in all)."""
    workdir.mkdir(parents=True, exist_ok=True)
    start_file = workdir / "start"
    start_file.unlink(missing_ok=True)
    env = dict(os.environ)
    env["PYTHONPATH"] = os.pathsep.join(filter(None, [str(ROOT), env.get("PYTHONPATH")]))
    outs = [workdir / f"worker-{n}.json" for n in range(processes)]
    logs = [workdir / f"worker-{n}.stderr" for n in range(processes)]
    children: list[subprocess.Popen] = []
    deadline = time.monotonic() + timeout
    try:
        for n in range(processes):
            for stale in (outs[n], outs[n].with_name(outs[n].name + ".ready")):
                stale.unlink(missing_ok=True)
            with logs[n].open("wb") as log:
                children.append(subprocess.Popen(
                    [sys.executable, "-m", "benchmarks.desk_load", "--url", url,
                     "--worker", str(n), "--count", str(count), "--out", str(outs[n]),
                     "--start-file", str(start_file)],
                    cwd=ROOT, env=env, stdout=subprocess.DEVNULL, stderr=log))
        # Release the workers together, once every one is ready (or has given up).
        while not all(out.with_name(out.name + ".ready").exists() or child.poll() is not None
                      for out, child in zip(outs, children, strict=True)):
            if time.monotonic() > deadline:
                raise TimeoutError("the workers did not get ready in time")
            time.sleep(0.005)
        started = time.time()
        start_file.touch()
        for child in children:
            child.wait(timeout=max(1.0, deadline - time.monotonic()))
    finally:
        for child in children:
            if child.poll() is None:
                child.kill()
                child.wait()
    results = [json.loads(out.read_text(encoding="utf-8")) if out.exists() else None
               for out in outs]
    finished = max((r["finished"] for r in results if r and "finished" in r), default=started)
    expected: Counter = Counter()
    for n in range(processes):
        expected.update(planned(n, count))
    return Run(processes=processes, count=count,
               returncodes=[child.returncode for child in children], results=results,
               stderr=[log.read_text(encoding="utf-8", errors="replace") for log in logs],
               started=started, finished=finished, expected=expected)


@dataclass
class Stored:
    """What the database holds after a run."""

    incidents: int
    notes: int
    referrals: int
    incident_ids: set[int]
    first_revisions: set[int]  # incidents with a revision-1 row
    tally_total: int  # incidents in the statistics (the tally), all time
    tally_types: int
    tally_zones: int
    tally_cells: int

    def count(self, kind: str) -> int:
        return {"incident": self.incidents, "note": self.notes, "referral": self.referrals}[kind]


def stored(url: str) -> Stored:
    """Count incidents, notes and referrals in ``url`` and read the incident statistics."""
    from datetime import timedelta

    from sqlmodel import col, func, select

    from db.clock import utcnow
    from db.database import open_database
    from db.incident_stats import MAX_DAYS, statistics
    from db.models_directory import Referral
    from db.models_handover import HandoverNote
    from db.models_incidents import Incident, IncidentRevision

    database = open_database(url)
    try:
        with database.read() as session:
            incident_ids = set(session.exec(select(Incident.id)).all())
            first = set(session.exec(select(IncidentRevision.incident_id)
                                     .where(IncidentRevision.revision == 1)).all())
            notes = session.scalar(select(func.count()).select_from(HandoverNote)) or 0
            referrals = session.scalar(select(func.count()).select_from(Referral)) or 0
            days = session.exec(select(func.min(col(Incident.local_day)),
                                       func.max(col(Incident.local_day)))).one()
        # "All time": every day with an incident (and today), within the 20-year limit.
        today = utcnow().date()
        first_day = min(filter(None, (_day(days[0]), today))) - timedelta(days=1)
        last_day = max(filter(None, (_day(days[1]), today))) + timedelta(days=1)
        if (last_day - first_day).days > MAX_DAYS:
            raise ValueError(f"incidents span {first_day}..{last_day}: more than one period")
        stats = statistics(database, first_day, last_day)
        return Stored(incidents=len(incident_ids), notes=notes, referrals=referrals,
                      incident_ids=incident_ids, first_revisions=first,
                      tally_total=stats.total,
                      tally_types=sum(t.count for t in stats.by_type),
                      tally_zones=sum(z.count for z in stats.by_zone),
                      tally_cells=sum(map(sum, stats.heatmap)))
    finally:
        database.close()


def _day(value: object) -> date | None:
    """A day as SQLite (text) or PostgreSQL (date) returns it."""
    if value is None or (isinstance(value, date) and not isinstance(value, datetime)):
        return value
    if isinstance(value, datetime):
        return value.date()
    return date.fromisoformat(str(value)[:10])


if __name__ == "__main__":
    raise SystemExit(main())
