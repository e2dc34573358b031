"""Live updates between desks (db.live): publish at one desk, hear it at every other."""

from __future__ import annotations

import logging
import os
import subprocess
import sys
import textwrap
import threading
import time
from datetime import UTC, datetime, timedelta
from pathlib import Path

import pytest
from sqlmodel import select

from db.database import open_database
from db.live import Change, Listener, latest_change_id, prune_changes, publish
from db.models_handover import ChangeEvent
from tests.conftest import ON_POSTGRES

ROOT = Path(__file__).resolve().parents[1]
MAX_LATENCY = 2.0  # the promise: a note shows at the other desks within 2 seconds
WAIT = 5.0  # how long a test waits before giving up (generous, against flakiness)


class Collector:
    """A listener callback that records each change and when it arrived."""

    def __init__(self) -> None:
        self.lock = threading.Lock()
        self.changes: list[Change] = []
        self.arrived: dict[int, float] = {}  # change id -> time.time() when reported
        self.batches = 0

    def __call__(self, changes: list[Change]) -> None:
        now = time.time()
        with self.lock:
            self.batches += 1
            for change in changes:
                self.changes.append(change)
                self.arrived[change.id] = now

    def refs(self) -> list[str | None]:
        with self.lock:
            return [change.ref for change in self.changes]

    def wait_for(self, ref: str, timeout: float = WAIT) -> Change:
        """Wait until a change with ``ref`` arrived; return it."""
        deadline = time.monotonic() + timeout
        while time.monotonic() < deadline:
            with self.lock:
                for change in self.changes:
                    if change.ref == ref:
                        return change
            time.sleep(0.01)
        raise AssertionError(f"no change {ref!r} within {timeout} s; got {self.refs()}")


@pytest.fixture
def desks(fresh_url):
    """Two desks on one database: two Database objects with their own engines."""
    url = fresh_url()
    writer = open_database(url)
    reader = open_database(url)
    yield writer, reader
    writer.close()
    reader.close()


@pytest.fixture
def listeners():
    """Start listeners through this; they are stopped at the end of the test."""
    started: list[Listener] = []

    def start(database, callback, **kwargs) -> Listener:
        listener = Listener(database, callback, **kwargs)
        listener.start()
        started.append(listener)
        return listener

    yield start
    for listener in started:
        listener.stop()


def _publish(database, topic: str, *, branch_id: int | None = None,
             ref: str | None = None) -> float:
    """Publish in its own transaction; return the commit time (time.time())."""
    with database.write() as session:
        publish(session, topic, branch_id=branch_id, ref=ref)
    return time.time()


def test_another_desk_hears_a_change_within_two_seconds(desks, listeners):
    writer, reader = desks
    heard = Collector()
    listeners(reader, heard)
    time.sleep(0.3)  # the listener is idle, waiting
    before = datetime.now(UTC)
    committed = _publish(writer, "handover", branch_id=3, ref="note:41")
    change = heard.wait_for("note:41")
    latency = heard.arrived[change.id] - committed
    print(f"\n{writer.backend}: latency between desks {latency * 1000:.0f} ms")
    assert latency < MAX_LATENCY
    assert (change.topic, change.branch_id, change.ref) == ("handover", 3, "note:41")
    assert change.at.tzinfo is not None
    assert before - timedelta(seconds=5) <= change.at <= datetime.now(UTC) + timedelta(seconds=5)
    assert change.id == latest_change_id(writer)


def test_a_write_in_the_same_database_object_is_heard(desks, listeners):
    writer, _reader = desks
    heard = Collector()
    listeners(writer, heard)
    committed = _publish(writer, "alert", ref="same-desk")
    change = heard.wait_for("same-desk")
    assert heard.arrived[change.id] - committed < MAX_LATENCY


def test_topics_and_branch_filter(desks, listeners):
    writer, reader = desks
    handover_b1 = Collector()
    everything = Collector()
    listeners(reader, handover_b1, topics={"handover", "alert"}, branch_id=1)
    listeners(reader, everything)
    _publish(writer, "handover", branch_id=1, ref="b1")
    _publish(writer, "handover", branch_id=2, ref="b2")
    _publish(writer, "incident", branch_id=1, ref="incident-b1")
    _publish(writer, "alert", branch_id=None, ref="all-branches")
    _publish(writer, "directory", ref="directory")
    _publish(writer, "handover", branch_id=1, ref="last")
    everything.wait_for("last")
    handover_b1.wait_for("last")
    assert everything.refs() == ["b1", "b2", "incident-b1", "all-branches", "directory", "last"]
    assert handover_b1.refs() == ["b1", "all-branches", "last"]
    ids = [change.id for change in everything.changes]
    assert ids == sorted(ids)


def test_several_changes_in_one_transaction_come_in_order(desks, listeners):
    writer, reader = desks
    heard = Collector()
    listeners(reader, heard)
    with writer.write() as session:
        for number in range(5):
            publish(session, "handover", branch_id=1, ref=f"n{number}")
    heard.wait_for("n4")
    assert heard.refs() == ["n0", "n1", "n2", "n3", "n4"]


def test_a_rolled_back_change_is_never_heard(desks, listeners):
    writer, reader = desks
    heard = Collector()
    listeners(reader, heard)
    with pytest.raises(RuntimeError), writer.write() as session:
        publish(session, "handover", ref="rolled-back")
        raise RuntimeError("the note could not be saved")
    _publish(writer, "handover", ref="saved")
    heard.wait_for("saved")
    time.sleep(0.3)
    assert heard.refs() == ["saved"]


def test_old_changes_are_not_reported(desks, listeners):
    writer, reader = desks
    for number in range(3):
        _publish(writer, "handover", branch_id=1, ref=f"old{number}")
    heard = Collector()
    listener = listeners(reader, heard)
    assert listener.last_id == latest_change_id(writer)
    time.sleep(0.6)  # several polls, and the catch-up read after connecting
    assert heard.refs() == []
    _publish(writer, "handover", branch_id=1, ref="new")
    heard.wait_for("new")
    time.sleep(0.3)
    assert heard.refs() == ["new"]
    assert listener.last_id == latest_change_id(writer)


def test_stop_is_prompt(desks):
    _writer, reader = desks
    listener = Listener(reader, Collector())
    listener.start()
    time.sleep(0.4)  # connected and waiting
    assert listener.running
    began = time.monotonic()
    listener.stop()
    took = time.monotonic() - began
    assert not listener.running
    assert took < 0.5


def test_a_failing_callback_does_not_stop_the_listener(desks, listeners, caplog):
    writer, reader = desks
    heard = Collector()

    def callback(changes: list[Change]) -> None:
        heard(changes)
        if any(change.ref == "boom" for change in changes):
            raise ValueError("the screen went away")

    with caplog.at_level(logging.ERROR, logger="db.live"):
        listener = listeners(reader, callback)
        _publish(writer, "alert", ref="boom")
        heard.wait_for("boom")
        _publish(writer, "alert", ref="after")
        heard.wait_for("after")
    assert listener.running
    assert "the callback failed" in caplog.text


def test_the_listener_survives_database_errors(desks, listeners, caplog, monkeypatch):
    """The database is away for a while (server restart, share dropped): log, retry, go on."""
    writer, reader = desks
    heard = Collector()
    failures = []
    real_open = Listener._open_watch

    def flaky_open(self):
        if len(failures) < 2:
            failures.append(time.monotonic())
            raise OSError("server closed the connection unexpectedly")
        return real_open(self)

    monkeypatch.setattr(Listener, "_open_watch", flaky_open)
    monkeypatch.setattr("db.live.BACKOFF_START", 0.05)
    with caplog.at_level(logging.DEBUG, logger="db.live"):
        listener = listeners(reader, heard)
        _publish(writer, "handover", ref="while-away")
        heard.wait_for("while-away")
        _publish(writer, "handover", ref="back")
        heard.wait_for("back")
    assert len(failures) == 2
    assert listener.running
    assert "database problem" in caplog.text
    assert "connected again" in caplog.text
    assert heard.refs() == ["while-away", "back"]


@pytest.mark.skipif(not ON_POSTGRES, reason="ids commit out of order only on PostgreSQL")
def test_a_late_commit_of_an_earlier_id_is_still_heard(desks, listeners):
    writer, reader = desks
    heard = Collector()
    listeners(reader, heard)
    with writer.write() as slow:
        publish(slow, "handover", ref="slow")  # gets the smaller id, commits last
        _publish(reader, "handover", ref="quick")
        heard.wait_for("quick")
    committed = time.time()
    change = heard.wait_for("slow")
    assert heard.arrived[change.id] - committed < MAX_LATENCY
    assert heard.refs() == ["quick", "slow"]


def test_two_processes(desks, listeners):
    """Two desks as two processes: a change published by another process is heard."""
    writer, reader = desks
    heard = Collector()
    listeners(reader, heard, topics={"handover"}, branch_id=2)
    code = textwrap.dedent(f"""
        import time
        from db.database import open_database
        from db.live import publish
        database = open_database({writer.url!r})
        with database.write() as session:
            publish(session, "handover", branch_id=2, ref="from-other-desk")
        print(time.time())
        database.close()
    """)
    env = {**os.environ, "PYTHONPATH": str(ROOT)}
    result = subprocess.run([sys.executable, "-c", code], cwd=ROOT, env=env,
                            capture_output=True, text=True, timeout=60, check=False)
    assert result.returncode == 0, result.stderr
    committed = float(result.stdout.strip().splitlines()[-1])
    change = heard.wait_for("from-other-desk")
    latency = heard.arrived[change.id] - committed
    print(f"\n{writer.backend}: latency between processes {latency * 1000:.0f} ms")
    assert latency < MAX_LATENCY
    assert (change.topic, change.branch_id) == ("handover", 2)


def test_prune_keeps_recent_changes_and_the_newest(desks):
    writer, _reader = desks
    assert prune_changes(writer) == 0  # nothing to prune
    old = datetime.now(UTC) - timedelta(days=3)
    with writer.write() as session:
        for ref in ("old1", "old2"):
            session.add(ChangeEvent(topic="handover", ref=ref, at=old))
        publish(session, "handover", ref="fresh")
    assert prune_changes(writer) == 2
    with writer.read() as session:
        events = session.exec(select(ChangeEvent).order_by(ChangeEvent.id)).all()
        assert [event.ref for event in events] == ["fresh"]
    # When every event is old, the newest stays, so ids keep growing.
    with writer.write() as session:
        session.add(ChangeEvent(topic="handover", ref="old3", at=old))
    newest = latest_change_id(writer)
    assert prune_changes(writer, timedelta(seconds=0)) == 1
    assert latest_change_id(writer) == newest


def test_publish_checks_its_arguments(desks):
    writer, _reader = desks
    with pytest.raises(ValueError), writer.write() as session:
        publish(session, "")
    with pytest.raises(ValueError), writer.write() as session:
        publish(session, "x" * 31)
    with pytest.raises(ValueError), writer.write() as session:
        publish(session, "handover", ref="r" * 65)
