"""Live updates between desks: a writer publishes a change event, every open desk hears it.

A writer calls :func:`publish` inside its write transaction. That inserts a
:class:`~db.models_handover.ChangeEvent` row, and on PostgreSQL also sends
``pg_notify('lotsen_changes', …)``, which the server delivers when the transaction commits.

A screen that wants to follow changes runs a :class:`Listener`: a daemon thread with its own
long-lived connection that reports new change events, in id order, to a callback:

* SQLite: the thread polls ``PRAGMA data_version`` every ``interval`` seconds (the value
  changes whenever another connection, in this process or another, commits) and reads
  ``change_event`` only when it changed.
* PostgreSQL: the thread does ``LISTEN lotsen_changes`` on an autocommit psycopg connection
  and reads ``change_event`` when a notification arrives.

Both also read ``change_event`` every few seconds regardless, as a fallback. The callback
runs in the listener thread; a UI hops to its own thread (``app.call_from_thread``).

On PostgreSQL, ids come from a sequence when the row is inserted, so a transaction that got
id 10 may commit after one that got id 11. The listener remembers such holes for a while
and looks for them again, so a late commit is still reported (at most ``GAP_GRACE_SECONDS``
after the hole was seen).

:func:`prune_changes` deletes old events; it always keeps the newest one, so ids never
restart (SQLite reuses ids of an emptied table) and running listeners do not miss events.
"""

from __future__ import annotations

import json
import logging
import sqlite3
import threading
import time
from collections.abc import Callable, Iterable
from dataclasses import dataclass
from datetime import UTC, datetime, timedelta
from typing import Any, Protocol
from urllib.parse import quote

from sqlalchemy import delete, func, select, text
from sqlalchemy.engine import URL
from sqlmodel import Session

from db.clock import utcnow
from db.database import BUSY_TIMEOUT_MS, Database
from db.models_handover import ChangeEvent

log = logging.getLogger(__name__)

CHANNEL = "lotsen_changes"
FALLBACK_SECONDS = 5.0  # read change_event at least this often, notification or not
GAP_GRACE_SECONDS = 60.0  # how long to look for a missing id (a late commit) on PostgreSQL
MAX_GAPS = 1000  # never track more missing ids than this
BACKOFF_START = 0.5
BACKOFF_MAX = 5.0
STOP_JOIN_SECONDS = 2.0
_TOPIC_MAX = 30
_REF_MAX = 64
_COLUMNS = "id, topic, branch_id, ref, at"


@dataclass(frozen=True)
class Change:
    """One change event as a listener reports it."""

    id: int
    topic: str
    branch_id: int | None
    ref: str | None
    at: datetime


# --------------------------------------------------------------------------- publishing


def publish(session: Session, topic: str, *, branch_id: int | None = None,
            ref: str | None = None) -> None:
    """Record a change for other desks; call inside a write transaction (``database.write()``).

    Other desks hear of it when the transaction commits, and not at all if it rolls back.
    """
    if not topic or len(topic) > _TOPIC_MAX:
        raise ValueError(f"topic must be 1–{_TOPIC_MAX} characters: {topic!r}")
    if ref is not None and len(ref) > _REF_MAX:
        raise ValueError(f"ref must be at most {_REF_MAX} characters: {ref!r}")
    event = ChangeEvent(topic=topic, branch_id=branch_id, ref=ref)
    session.add(event)
    session.flush()  # assigns the id
    if session.connection().dialect.name == "postgresql":
        payload = json.dumps({"id": event.id, "topic": topic, "branch_id": branch_id,
                              "ref": ref})
        session.execute(text("SELECT pg_notify(:channel, :payload)"),
                        {"channel": CHANNEL, "payload": payload})


def latest_change_id(database: Database) -> int:
    """The id of the newest change event (0 when there is none)."""
    with database.read() as session:
        return session.scalar(select(func.max(ChangeEvent.id))) or 0


def prune_changes(database: Database, older_than: timedelta = timedelta(days=2)) -> int:
    """Delete change events older than ``older_than``; return how many were deleted.

    The newest event is always kept, so that ids keep growing (see the module docstring).
    """
    cutoff = utcnow() - older_than
    with database.write() as session:
        newest = session.scalar(select(func.max(ChangeEvent.id)))
        if newest is None:
            return 0
        result = session.execute(
            delete(ChangeEvent).where(ChangeEvent.at < cutoff, ChangeEvent.id < newest)
        )
        return result.rowcount or 0


# --------------------------------------------------------------------------- watchers


class _Watch(Protocol):
    """A dedicated connection that can wait for commits and read change events."""

    def wait(self, timeout: float, stop: threading.Event) -> bool: ...
    def max_id(self) -> int: ...
    def fetch(self, after_id: int, also_ids: Iterable[int]) -> list[Change]: ...
    def close(self) -> None: ...


def _as_utc(value: datetime | str) -> datetime:
    """A stored ``at`` value (SQLite gives text, PostgreSQL a datetime) as aware UTC."""
    if isinstance(value, str):
        value = datetime.fromisoformat(value)
    if value.utcoffset() is None:
        return value.replace(tzinfo=UTC)
    return value.astimezone(UTC)


def _to_change(row: tuple[Any, ...]) -> Change:
    """A ``(id, topic, branch_id, ref, at)`` row as a :class:`Change`."""
    id_, topic, branch_id, ref, at = row
    return Change(id=int(id_), topic=topic, branch_id=branch_id, ref=ref, at=_as_utc(at))


def _sqlite_target(url: URL) -> str:
    """A URI that opens the existing SQLite file of ``url`` (never creates an empty one)."""
    database = url.database or ""
    if not database or database == ":memory:" or "mode=memory" in database:
        raise ValueError("live updates need a database file, not an in-memory SQLite database")
    if database.startswith("file:"):
        return database
    return f"file:{quote(database)}?mode=rw"


class _SqliteWatch:
    """Polls ``PRAGMA data_version`` on its own connection."""

    def __init__(self, url: URL) -> None:
        self.conn = sqlite3.connect(_sqlite_target(url), uri=True, isolation_level=None,
                                    timeout=BUSY_TIMEOUT_MS / 1000)
        self.conn.execute(f"PRAGMA busy_timeout = {BUSY_TIMEOUT_MS}")
        self.version = self._data_version()

    def _data_version(self) -> int:
        return self.conn.execute("PRAGMA data_version").fetchone()[0]

    def wait(self, timeout: float, stop: threading.Event) -> bool:
        """Sleep ``timeout`` seconds (or until stopped); True if another connection committed."""
        if stop.wait(timeout):
            return False
        version = self._data_version()
        changed = version != self.version
        self.version = version
        return changed

    def max_id(self) -> int:
        """The id of the newest change event (0 when there is none)."""
        return self.conn.execute("SELECT max(id) FROM change_event").fetchone()[0] or 0

    def fetch(self, after_id: int, also_ids: Iterable[int]) -> list[Change]:
        """Change events with id > ``after_id`` or in ``also_ids``, in id order."""
        also = list(also_ids)
        where = "id > ?" + (f" OR id IN ({', '.join('?' * len(also))})" if also else "")
        rows = self.conn.execute(
            f"SELECT {_COLUMNS} FROM change_event WHERE {where} ORDER BY id", [after_id, *also]
        ).fetchall()
        return [_to_change(row) for row in rows]

    def close(self) -> None:
        self.conn.close()


def postgres_conninfo(url: URL) -> str:
    """A libpq connection string for a SQLAlchemy PostgreSQL URL (driver name dropped)."""
    from psycopg.conninfo import make_conninfo

    params: dict[str, Any] = {"host": url.host, "port": url.port, "user": url.username,
                              "password": url.password, "dbname": url.database}
    params = {key: value for key, value in params.items() if value is not None}
    for key, value in url.query.items():
        params[key] = value[-1] if isinstance(value, tuple) else value
    return make_conninfo(**params)


class _PostgresWatch:
    """``LISTEN lotsen_changes`` on its own autocommit psycopg connection."""

    def __init__(self, url: URL) -> None:
        import psycopg

        self.conn = psycopg.connect(
            postgres_conninfo(url), autocommit=True, connect_timeout=5,
            application_name="lotsen-listener",
            # Notice a silently dropped server instead of waiting on it forever.
            keepalives=1, keepalives_idle=30, keepalives_interval=10, keepalives_count=3,
            tcp_user_timeout=30_000,
        )
        self.conn.execute(f"LISTEN {CHANNEL}")

    def wait(self, timeout: float, stop: threading.Event) -> bool:
        """Wait up to ``timeout`` seconds for a notification; True if one (or more) came."""
        got = bool(list(self.conn.notifies(timeout=timeout, stop_after=1)))
        if got:
            list(self.conn.notifies(timeout=0))  # drain the rest: one read covers them all
        return got

    def max_id(self) -> int:
        """The id of the newest change event (0 when there is none)."""
        row = self.conn.execute("SELECT max(id) FROM change_event").fetchone()
        return (row[0] if row else None) or 0

    def fetch(self, after_id: int, also_ids: Iterable[int]) -> list[Change]:
        """Change events with id > ``after_id`` or in ``also_ids``, in id order."""
        rows = self.conn.execute(
            f"SELECT {_COLUMNS} FROM change_event WHERE id > %s OR id = ANY(%s) ORDER BY id",
            (after_id, list(also_ids)),
        ).fetchall()
        return [_to_change(row) for row in rows]

    def close(self) -> None:
        self.conn.close()


# --------------------------------------------------------------------------- listening


class Listener:
    """Reports new change events to ``callback`` from a daemon thread.

    ``topics`` limits the topics reported (None: all). ``branch_id`` limits events to one
    branch; events without a branch go to every branch. Only events newer than the newest
    one at :meth:`start` are reported. Database errors are logged and retried, never raised.
    """

    def __init__(self, database: Database, callback: Callable[[list[Change]], None], *,
                 topics: set[str] | None = None, branch_id: int | None = None,
                 interval: float = 0.25) -> None:
        if database.backend == "sqlite":
            _sqlite_target(database.engine.url)  # fail early on an in-memory database
        self.database = database
        self.callback = callback
        self.topics = frozenset(topics) if topics is not None else None
        self.branch_id = branch_id
        self.interval = interval
        self.last_id: int | None = None
        self._gaps: dict[int, float] = {}  # missing id -> monotonic time first missed
        self._stop = threading.Event()
        self._thread: threading.Thread | None = None
        self._failing = False

    # -- lifecycle

    def start(self) -> None:
        """Note the newest event id and start the listener thread."""
        if self._thread is not None:
            raise RuntimeError("listener already started")
        if self.last_id is None:
            try:
                self.last_id = latest_change_id(self.database)
            except Exception:  # the thread will retry
                log.warning("live updates: cannot read the newest change yet", exc_info=True)
        self._thread = threading.Thread(target=self._run, name="lotsen-live", daemon=True)
        self._thread.start()

    def stop(self) -> None:
        """Stop the thread and wait (briefly) for it to end."""
        self._stop.set()
        thread = self._thread
        if thread is not None and thread is not threading.current_thread():
            thread.join(STOP_JOIN_SECONDS)

    @property
    def running(self) -> bool:
        return self._thread is not None and self._thread.is_alive()

    # -- the thread

    def _open_watch(self) -> _Watch:
        url = self.database.engine.url
        if self.database.backend == "postgresql":
            return _PostgresWatch(url)
        return _SqliteWatch(url)

    def _run(self) -> None:
        """Connect, follow changes; on any error log, back off and reconnect."""
        delay = BACKOFF_START
        while not self._stop.is_set():
            watch: _Watch | None = None
            try:
                watch = self._open_watch()
                self._follow(watch, on_ready=self._recovered)
                delay = BACKOFF_START
            except Exception as exc:  # noqa: BLE001 - never let the thread die
                self._failed(exc, delay)
                self._stop.wait(delay)
                delay = min(delay * 2, BACKOFF_MAX)
            finally:
                if watch is not None:
                    try:
                        watch.close()
                    except Exception:  # already broken: nothing more to do
                        log.debug("live updates: closing the connection failed", exc_info=True)

    def _follow(self, watch: _Watch, on_ready: Callable[[], None]) -> None:
        """Read once (catch up after connecting), then wait and read until stopped."""
        if self.last_id is None:
            self.last_id = watch.max_id()
        self._check(watch)
        on_ready()
        next_fallback = time.monotonic() + FALLBACK_SECONDS
        while not self._stop.is_set():
            changed = watch.wait(self.interval, self._stop)
            if self._stop.is_set():
                return
            if changed or time.monotonic() >= next_fallback:
                self._check(watch)
                next_fallback = time.monotonic() + FALLBACK_SECONDS

    def _failed(self, exc: Exception, delay: float) -> None:
        """Log a connection problem: a warning the first time, then quietly."""
        if not self._failing:
            log.warning("live updates: database problem, retrying in %.1f s", delay,
                        exc_info=exc)
            self._failing = True
        else:
            log.debug("live updates: still failing, retrying in %.1f s", delay, exc_info=exc)

    def _recovered(self) -> None:
        if self._failing:
            log.info("live updates: connected again")
            self._failing = False

    def _check(self, watch: _Watch) -> None:
        """Read new events (and late ones filling holes), advance, report the wanted ones."""
        self._expire_gaps()
        assert self.last_id is not None
        changes = watch.fetch(self.last_id, sorted(self._gaps))
        if not changes:
            return
        self._advance(changes)
        wanted = [change for change in changes if self._wants(change)]
        if wanted:
            self._deliver(wanted)

    def _advance(self, changes: list[Change]) -> None:
        """Move ``last_id`` past ``changes``, remembering skipped ids as holes to recheck."""
        now = time.monotonic()
        for change in changes:
            self._gaps.pop(change.id, None)
            assert self.last_id is not None
            if change.id > self.last_id:
                for missing in range(max(self.last_id + 1, change.id - MAX_GAPS), change.id):
                    self._gaps[missing] = now
                self.last_id = change.id
        while len(self._gaps) > MAX_GAPS:
            del self._gaps[min(self._gaps)]

    def _expire_gaps(self) -> None:
        """Stop looking for ids that have been missing longer than the grace period."""
        limit = time.monotonic() - GAP_GRACE_SECONDS
        for missing in [m for m, since in self._gaps.items() if since < limit]:
            del self._gaps[missing]

    def _wants(self, change: Change) -> bool:
        """Whether ``change`` passes the topic and branch filters."""
        if self.topics is not None and change.topic not in self.topics:
            return False
        return self.branch_id is None or change.branch_id in (None, self.branch_id)

    def _deliver(self, changes: list[Change]) -> None:
        """Call the callback; its errors are logged, not raised."""
        try:
            self.callback(changes)
        except Exception:  # a screen's bug must not end live updates
            log.exception("live updates: the callback failed")
