"""Backups and restores of an SQLite database (db/backup.py, lotsen backup / restore).

PostgreSQL is backed up with pg_dump and restored with pg_restore: on PostgreSQL only the
test that Lotsen refuses with a clear message runs."""

from __future__ import annotations

import hashlib
import os
import pty
import sqlite3
import subprocess
import sys
import threading
import time
from datetime import date, timedelta
from pathlib import Path

import pytest

from db.backup import BackupError, NewerSchema, backup, check_backup, restore
from db.errors import LotsenError
from tests.conftest import ON_POSTGRES, SERVER_URL
from tests.test_cli import assert_one_line_error, lotsen

sqlite_only = pytest.mark.skipif(
    ON_POSTGRES, reason="lotsen backup/restore work on SQLite only; PostgreSQL uses "
    "pg_dump/pg_restore (the refusal is tested by test_postgres_is_refused_clearly)")

TABLES = ("incident", "incident_revision", "handover_note", "referral", "staff")


def file_of(url: str) -> Path:
    from sqlalchemy.engine import make_url

    return Path(make_url(url).database or "")


def dump(path: Path) -> dict[str, list[tuple]]:
    """The rows of the tables that matter, for comparing databases exactly."""
    with sqlite3.connect(path) as conn:
        return {t: conn.execute(f'SELECT * FROM "{t}" ORDER BY 1').fetchall() for t in TABLES}


def logical_hash(path: Path) -> str:
    with sqlite3.connect(path) as conn:
        return hashlib.sha256("\n".join(conn.iterdump()).encode()).hexdigest()


def desk_of(database):
    from db.directory import Place
    from db.incidents import choices
    from db.library import desk_context
    from db.staff import find_staff

    context = desk_context(database, None)
    options = choices(database, context.branch_id)
    place = Place(find_staff(database, "AL").id, context.desks[0].id, context.branch_id)
    kinds = [c.id for c in options.types]
    zones = [c.id for c in options.zones]
    return place, kinds, zones


def add_some(database, count: int, text: str = "after the backup") -> None:
    from db.handover import NewNote, write_note
    from db.incidents import IncidentInput, add_incident

    place, kinds, zones = desk_of(database)
    for n in range(count):
        add_incident(database, place, IncidentInput(kinds[n % len(kinds)],
                                                    zones[n % len(zones)], description=text))
        write_note(database, place, NewNote(f"{text} {n}"))


@pytest.fixture
def records_url(demo_url) -> str:
    """The demo database with its incidents and referrals."""
    from db.clock import local_now
    from db.database import open_database
    from db.demo_records import add_demo_records

    database = open_database(demo_url)
    add_demo_records(database, local_now())
    database.close()
    return demo_url


# ----------------------------------------------------------------------------- PostgreSQL
def test_postgres_is_refused_clearly(tmp_path):
    url = SERVER_URL if ON_POSTGRES else "postgresql+psycopg://lotsen@dbhost/lotsen"
    with pytest.raises(LotsenError) as caught:
        backup(url, tmp_path / "b.sqlite")
    assert "pg_dump" in str(caught.value) and "SQLite" in str(caught.value)
    with pytest.raises(LotsenError) as caught:
        restore(tmp_path / "b.sqlite", url)
    assert "pg_restore" in str(caught.value)
    assert not (tmp_path / "b.sqlite").exists()
    result = lotsen("--database", url, "backup", str(tmp_path / "b.sqlite"), tmp_path=tmp_path)
    assert_one_line_error(result, "pg_dump")


# ----------------------------------------------------------------------------- backup
@sqlite_only
def test_backup_while_desks_write_is_consistent(demo_url, tmp_path, monkeypatch):
    from db import backup as backup_module
    from db.database import open_database
    from db.incident_stats import rebuild_tally, statistics

    # Small steps with pauses, so that the copy really interleaves with the writes.
    monkeypatch.setattr(backup_module, "PAGES_PER_STEP", 4)
    monkeypatch.setattr(backup_module, "STEP_PAUSE", 0.01)
    writer_db = open_database(demo_url)
    place, kinds, zones = desk_of(writer_db)
    stop = threading.Event()
    written: list[int] = []
    errors: list[str] = []

    def write() -> None:
        from db.handover import NewNote, write_note
        from db.incidents import IncidentInput, add_incident

        n = 0
        while not stop.is_set():
            try:
                add_incident(writer_db, place, IncidentInput(
                    kinds[n % len(kinds)], zones[n % len(zones)], severity=1 + n % 4,
                    description=f"written during the backup {n}"))
                write_note(writer_db, place, NewNote(f"note during the backup {n}"))
            except Exception as exc:  # noqa: BLE001 - every failure is reported below
                errors.append(f"{type(exc).__name__}: {exc}")
                return
            written.append(n)
            n += 1

    thread = threading.Thread(target=write, daemon=True)
    thread.start()
    try:
        deadline = time.monotonic() + 10
        while len(written) < 5 and time.monotonic() < deadline and not errors:
            time.sleep(0.01)
        before = len(written)
        info = backup(demo_url, tmp_path / "copy.sqlite")
        during = len(written) - before
        time.sleep(0.2)  # the writer goes on after the backup too
    finally:
        stop.set()
        thread.join(timeout=30)
        writer_db.close()
    assert errors == []  # in particular no "database is locked"
    assert during > 0, "no write happened while the backup ran"

    copy = tmp_path / "copy.sqlite"
    assert not list(tmp_path.glob(".*.tmp*")) and not Path(f"{copy}-wal").exists()
    with sqlite3.connect(copy) as conn:
        assert conn.execute("PRAGMA integrity_check").fetchall() == [("ok",)]
        assert conn.execute("PRAGMA journal_mode").fetchone()[0] == "delete"
        incidents = conn.execute("SELECT count(*) FROM incident").fetchone()[0]
        assert conn.execute("SELECT count(*) FROM incident i WHERE NOT EXISTS (SELECT 1 FROM "
                            "incident_revision r WHERE r.incident_id = i.id)").fetchone() == (0,)
        assert conn.execute("SELECT count(*) FROM handover_note n WHERE NOT EXISTS (SELECT 1 "
                            "FROM handover_note_revision r WHERE r.note_id = n.id)").fetchone() \
            == (0,)
        assert conn.execute("SELECT sum(count) FROM incident_tally WHERE dimension = 0"
                            ).fetchone() == (incidents,)
        assert conn.execute("PRAGMA foreign_key_check").fetchall() == []
        assert (info.incidents, info.tables) == (incidents, conn.execute(
            "SELECT count(*) FROM sqlite_master WHERE type = 'table' AND name NOT LIKE "
            "'sqlite_%' AND name != 'alembic_version'").fetchone()[0])
    assert info.revision and info.size == copy.stat().st_size
    with sqlite3.connect(file_of(demo_url)) as conn:
        final = conn.execute("SELECT count(*) FROM incident").fetchone()[0]
    assert incidents < final  # a snapshot taken while the writer went on

    # The tally of the copy agrees with its incidents: counting anew changes nothing.
    again = tmp_path / "again.sqlite"
    backup(f"sqlite:///{copy}", again)
    database = open_database(f"sqlite:///{again}")
    today = date.today()
    period = (today - timedelta(days=400), today + timedelta(days=1))
    stats = statistics(database, *period)
    assert rebuild_tally(database) == incidents
    assert statistics(database, *period) == stats
    assert stats.total == incidents
    database.close()


@sqlite_only
def test_backup_refuses_an_existing_target_unless_overwrite(records_url, tmp_path):
    target = tmp_path / "b.sqlite"
    target.write_text("keep me")
    with pytest.raises(BackupError, match="exists already"):
        backup(records_url, target)
    assert target.read_text() == "keep me"
    info = backup(records_url, target, overwrite=True)
    assert check_backup(target).incidents == info.incidents > 0


@sqlite_only
def test_backup_errors_are_clear(demo_url, tmp_path, fresh_url):
    database = file_of(demo_url)
    cases = [
        (lambda: backup(demo_url, tmp_path / "missing" / "b.sqlite"), "does not exist"),
        (lambda: backup(demo_url, tmp_path), "is a folder"),
        (lambda: backup(demo_url, database, overwrite=True), "the database itself"),
        (lambda: backup(fresh_url(), tmp_path / "b.sqlite"), "there is no database"),
        (lambda: backup("sqlite://", tmp_path / "b.sqlite"), "in-memory"),
    ]
    for call, needle in cases:
        with pytest.raises(LotsenError) as caught:
            call()
        assert needle in str(caught.value)
        assert "\n" not in str(caught.value)
    assert not list(tmp_path.glob("*.sqlite")) or list(tmp_path.glob("*.sqlite")) == [database]


@sqlite_only
@pytest.mark.skipif(os.name != "posix" or os.geteuid() == 0,
                    reason="root may write into any folder")
def test_backup_into_an_unwritable_folder(demo_url, tmp_path):
    folder = tmp_path / "locked"
    folder.mkdir()
    folder.chmod(0o500)
    try:
        with pytest.raises(BackupError, match="cannot write in the folder"):
            backup(demo_url, folder / "b.sqlite")
    finally:
        folder.chmod(0o700)


# ----------------------------------------------------------------------------- restore
@sqlite_only
def test_restore_brings_back_exactly_what_was_backed_up(records_url, tmp_path):
    from sqlalchemy import delete

    from db.database import open_database
    from db.models_directory import Referral
    from db.staff import create_staff

    demo_url = records_url
    demo_db = open_database(demo_url)  # a desk that stays open through the restore
    database = file_of(demo_url)
    add_some(demo_db, 3, "before the backup")
    saved = tmp_path / "saved.sqlite"
    info = backup(demo_url, saved)
    at_backup = dump(database)
    assert len(at_backup["incident"]) == info.incidents and at_backup["referral"]

    add_some(demo_db, 4)
    create_staff(demo_db, "ZZ", "Zelda Zorn", "desk", None, None)
    with demo_db.write() as session:
        session.exec(delete(Referral))
    changed = dump(database)
    assert changed != at_backup

    result = restore(saved, demo_url)
    assert dump(database) == at_backup
    assert (result.incidents, result.notes, result.referrals) == (
        info.incidents, info.notes, info.referrals)
    assert not result.upgraded and result.revision == info.revision
    assert result.previous is not None and result.previous.exists()
    assert ".before-restore-" in result.previous.name and result.previous.parent == \
        database.parent
    assert dump(result.previous) == changed  # what was replaced is kept
    with sqlite3.connect(database) as conn:
        assert conn.execute("PRAGMA integrity_check").fetchall() == [("ok",)]
    # A desk that had the database open reads the restored data.
    from db.staff import find_staff

    assert find_staff(demo_db, "ZZ") is None
    demo_db.close()
    assert not list(database.parent.glob(".*.tmp*"))


@sqlite_only
def test_restoring_an_older_schema_upgrades_it(demo_url, fresh_url, tmp_path):
    from db.database import connect, open_database
    from db.migrate import current_revision, head_revision, upgrade

    old_url = fresh_url()
    old = connect(old_url)
    upgrade(old, "0004_handover")
    old.close()
    saved = tmp_path / "old.sqlite"
    assert backup(old_url, saved).revision == "0004_handover"
    result = restore(saved, demo_url)
    assert result.upgraded and result.backup.revision == "0004_handover"
    assert result.revision == head_revision()
    database = open_database(demo_url)
    assert current_revision(database) == head_revision()
    database.close()
    assert check_backup(saved).revision == "0004_handover"  # the backup itself is untouched


@sqlite_only
def test_restore_into_a_missing_database_creates_it(demo_url, tmp_path):
    saved = tmp_path / "saved.sqlite"
    info = backup(demo_url, saved)
    target = tmp_path / "new" / "lotsen.sqlite"
    result = restore(saved, f"sqlite:///{target}")
    assert result.previous is None and result.incidents == info.incidents
    assert dump(target) == dump(saved)


@sqlite_only
@pytest.mark.parametrize("damage", ["pages", "not-sqlite"])
def test_restore_over_a_damaged_database(damage, records_url, tmp_path):
    database = file_of(records_url)
    saved = tmp_path / "saved.sqlite"
    backup(records_url, saved)
    data = bytearray(database.read_bytes())
    if damage == "pages":
        data[4096 * 2: 4096 * 8] = b"\xee" * (4096 * 6)
    else:
        data = bytearray(b"overwritten by mistake\n" * 50)
    database.write_bytes(bytes(data))
    result = restore(saved, records_url)
    assert dump(database) == dump(saved)
    with sqlite3.connect(database) as conn:
        assert conn.execute("PRAGMA integrity_check").fetchall() == [("ok",)]
    # The replaced file is kept page for page (a copy's header says "no WAL").
    assert result.previous is not None and result.previous.read_bytes()[4096:4096 * 8] == \
        bytes(data[4096:4096 * 8])


def fake_newer(saved: Path, copy: Path) -> Path:
    copy.write_bytes(saved.read_bytes())
    with sqlite3.connect(copy) as conn:
        conn.execute("UPDATE alembic_version SET version_num = '9999_from_the_future'")
    return copy


@sqlite_only
def test_restore_refuses_bad_backups_and_changes_nothing(demo_url, tmp_path):
    database = file_of(demo_url)
    saved = tmp_path / "saved.sqlite"
    backup(demo_url, saved)
    text = tmp_path / "notes.txt"
    text.write_text("not a database\n" * 100)
    newer = fake_newer(saved, tmp_path / "newer.sqlite")
    foreign = tmp_path / "foreign.sqlite"
    with sqlite3.connect(foreign) as conn:
        conn.execute("CREATE TABLE t (x)")
    damaged = tmp_path / "damaged.sqlite"
    data = bytearray(saved.read_bytes())
    data[4096 * 3: 4096 * 6] = b"\xff" * (4096 * 3)
    damaged.write_bytes(bytes(data))
    before = logical_hash(database)
    cases = [(tmp_path / "missing.sqlite", "there is no file", BackupError),
             (tmp_path, "is not a file", BackupError),
             (text, "not an SQLite database", BackupError),
             (foreign, "not a Lotsen database", BackupError),
             (damaged, "damaged", BackupError),
             (newer, "newer Lotsen", NewerSchema)]
    for path, needle, kind in cases:
        with pytest.raises(kind) as caught:
            restore(path, demo_url)
        assert needle in str(caught.value), str(caught.value)
        assert "\n" not in str(caught.value)
    with pytest.raises(BackupError, match="the database itself"):
        restore(database, demo_url)
    assert logical_hash(database) == before
    assert not list(database.parent.glob("*before-restore*"))
    assert not list(database.parent.glob(".*.tmp*"))


# ----------------------------------------------------------------------------- the commands
@sqlite_only
def test_backup_and_restore_commands_round_trip(demo_url, tmp_path):
    from db.database import open_database

    database = file_of(demo_url)
    saved = tmp_path / "saved.sqlite"
    made = lotsen("--database", demo_url, "backup", str(saved), tmp_path=tmp_path)
    assert made.returncode == 0, made.stderr
    assert str(saved) in made.stdout and "integrity ok" in made.stdout
    at_backup = dump(database)

    opened = open_database(demo_url)
    add_some(opened, 2)
    opened.close()
    changed = dump(database)

    refused = lotsen("--database", demo_url, "restore", str(saved), tmp_path=tmp_path)
    assert_one_line_error(refused, "--yes")
    assert dump(database) == changed

    done = lotsen("--database", demo_url, "restore", str(saved), "--yes", tmp_path=tmp_path)
    assert done.returncode == 0, done.stderr
    assert "before-restore" in done.stdout
    assert dump(database) == at_backup
    previous = list(database.parent.glob(f"{database.stem}.before-restore-*.sqlite"))
    assert len(previous) == 1 and dump(previous[0]) == changed

    again = lotsen("--database", demo_url, "backup", str(saved), tmp_path=tmp_path)
    assert_one_line_error(again, "exists already", "--overwrite")
    replaced = lotsen("--database", demo_url, "backup", str(saved), "--overwrite",
                      tmp_path=tmp_path)
    assert replaced.returncode == 0, replaced.stderr


@sqlite_only
def test_restore_asks_at_a_terminal(demo_url, tmp_path):
    database = file_of(demo_url)
    saved = tmp_path / "saved.sqlite"
    backup(demo_url, saved)
    from db.database import open_database

    opened = open_database(demo_url)
    add_some(opened, 1)
    opened.close()
    changed = dump(database)

    def answer(text: str) -> subprocess.CompletedProcess[str]:
        environment = {k: v for k, v in os.environ.items() if not k.startswith("LOTSEN_")}
        environment["LOTSEN_CONFIG"] = str(tmp_path / "no-config.toml")
        controller, terminal = pty.openpty()
        try:
            process = subprocess.Popen(
                [sys.executable, "-m", "tui", "--database", demo_url, "restore", str(saved)],
                stdin=terminal, stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True,
                env=environment)
            os.write(controller, text.encode())
            out, err = process.communicate(timeout=60)
        finally:
            os.close(controller)
            os.close(terminal)
        return subprocess.CompletedProcess(process.args, process.returncode, out, err)

    no = answer("n\n")
    assert no.returncode == 1 and "cancelled" in no.stderr, no.stderr
    assert "Replace everything" in no.stderr
    assert dump(database) == changed
    yes = answer("y\n")
    assert yes.returncode == 0, yes.stderr
    assert dump(database) != changed and "restored" in yes.stdout


@sqlite_only
@pytest.mark.parametrize("case", ["missing", "text", "newer", "exists", "no-folder"])
def test_bad_input_is_one_line_and_changes_nothing(case, demo_url, tmp_path):
    database = file_of(demo_url)
    saved = tmp_path / "saved.sqlite"
    backup(demo_url, saved)
    text = tmp_path / "notes.txt"
    text.write_text("hello\n")
    args, needle = {
        "missing": (("restore", str(tmp_path / "nope.sqlite"), "--yes"), "there is no file"),
        "text": (("restore", str(text), "--yes"), "not an SQLite database"),
        "newer": (("restore", str(fake_newer(saved, tmp_path / "newer.sqlite")), "--yes"),
                  "9999_from_the_future"),
        "exists": (("backup", str(text)), "exists already"),
        "no-folder": (("backup", str(tmp_path / "gone" / "b.sqlite")), "does not exist"),
    }[case]
    before = logical_hash(database)
    listing = sorted(p.name for p in tmp_path.rglob("*"))
    assert_one_line_error(lotsen("--database", demo_url, *args, tmp_path=tmp_path), needle)
    assert logical_hash(database) == before
    assert sorted(p.name for p in tmp_path.rglob("*")) == listing
    assert text.read_text() == "hello\n"


def test_the_live_databases_own_files_are_refused_as_targets(demo_url):
    if not demo_url.startswith("sqlite"):
        pytest.skip("SQLite files only")
    from db.backup import BackupError, backup

    path = demo_url.removeprefix("sqlite:///")
    for suffix in ("-wal", "-shm", "-journal"):
        with pytest.raises(BackupError):
            backup(demo_url, path + suffix, overwrite=True)
