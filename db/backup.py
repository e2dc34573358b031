"""Backing up and restoring an SQLite database with SQLite's online backup API.

:func:`backup` copies the live database while desks keep working: in WAL mode it holds one
read snapshot for the whole copy (readers never block writers in WAL mode) and copies it a
few hundred pages at a time with a short pause in between. The copy is written to a
temporary file beside the target, switched to a single-file journal mode, checked
(``PRAGMA integrity_check`` and a readable Alembic revision) and only then renamed into
place.

:func:`restore` checks a backup first (an SQLite file, intact, with a schema revision this
Lotsen knows), stages it beside the database (upgrading an older schema there), saves the
current database as ``<name>.before-restore-<timestamp>.sqlite`` and then copies the staged
file into the database with the backup API in one write transaction: the database is either
the old one or the restored one, never half of each.

PostgreSQL databases are backed up with ``pg_dump`` and restored with ``pg_restore``; both
functions refuse them with a message saying so.
"""

from __future__ import annotations

import os
import shutil
import sqlite3
import time
import uuid
from collections.abc import Callable
from contextlib import closing, suppress
from dataclasses import dataclass
from datetime import datetime
from pathlib import Path
from urllib.parse import quote

from db.errors import LotsenError

PAGES_PER_STEP = 256  # 1 MiB per step with SQLite's usual 4 KiB pages
STEP_PAUSE = 0.005  # seconds between steps
MAX_RESTARTS = 3  # outside WAL mode: restarts (a desk wrote) before one-step copying
BUSY_TIMEOUT = 15.0  # seconds, as for the app's own connections
SQLITE_HEADER = b"SQLite format 3\x00"
_SIDE_FILES = ("-journal", "-wal", "-shm")


class BackupError(LotsenError):
    """A backup or restore that cannot be done; the message says why (one line)."""

    def __init__(self, message: str) -> None:
        super().__init__(message)
        self.template = message
        self.args = (message,)


class NewerSchema(BackupError):
    """The backup was made by a newer Lotsen than this one."""


@dataclass(frozen=True)
class BackupInfo:
    """Figures of a checked backup file."""

    path: Path
    size: int  # bytes
    tables: int
    incidents: int
    notes: int  # handover notes
    referrals: int
    revision: str  # Alembic schema revision
    seconds: float = 0.0  # how long making it took (0 when only checked)


@dataclass(frozen=True)
class RestoreInfo:
    database: Path
    backup: BackupInfo  # the backup as checked before restoring
    revision: str  # the database's schema revision now
    upgraded: bool  # the backup's schema was older and has been upgraded
    previous: Path | None  # the replaced database, saved; None when there was none
    incidents: int
    notes: int
    referrals: int


class _TooBusy(Exception):
    pass


# ----------------------------------------------------------------------------- helpers
def sqlite_file(database_url: str, action: str) -> Path:
    """The SQLite file of ``database_url``; a clear error for PostgreSQL and in-memory URLs."""
    from db.database import parse_url

    url = parse_url(database_url)
    if url.get_backend_name() == "postgresql":
        tool = "pg_dump" if action == "back up" else "pg_restore"
        raise BackupError(
            f"Lotsen can {action} SQLite databases only: use {tool} for PostgreSQL "
            "(pg_dump -Fc to back up, pg_restore --clean to restore; see the README)")
    database = url.database or ""
    if not database or database == ":memory:" or database.startswith("file:"):
        raise BackupError(f"cannot {action} {database or 'an in-memory database'}: give the "
                          "URL of an SQLite file, e.g. sqlite:///path/lotsen.sqlite")
    return Path(database).expanduser().absolute()


def _reason(exc: BaseException) -> str:
    if isinstance(exc, OSError) and exc.strerror:
        return exc.strerror
    lines = str(exc).strip().splitlines()
    return lines[0] if lines else exc.__class__.__name__


def _is_sqlite(path: Path) -> bool:
    try:
        with path.open("rb") as handle:
            return handle.read(len(SQLITE_HEADER)) == SQLITE_HEADER
    except OSError:
        return False


def _open(path: Path, *, read_only: bool = False) -> sqlite3.Connection:
    """A plain sqlite3 connection that never creates the file (autocommit mode)."""
    mode = "ro" if read_only else "rw"
    conn = sqlite3.connect(f"file:{quote(str(path))}?mode={mode}", uri=True,
                           timeout=BUSY_TIMEOUT, isolation_level=None)
    conn.execute(f"PRAGMA busy_timeout = {int(BUSY_TIMEOUT * 1000)}")
    return conn


def _remove(path: Path) -> None:
    for suffix in ("", *_SIDE_FILES):
        with suppress(OSError):
            Path(f"{path}{suffix}").unlink()


def _temp_beside(target: Path) -> Path:
    """Create an empty temporary file in ``target``'s folder (a clear error when that folder
    is missing or not writable)."""
    folder = target.parent
    if not folder.is_dir():
        raise BackupError(f"the folder {folder} does not exist")
    temp = folder / f".{target.name}.{uuid.uuid4().hex[:8]}.tmp"
    try:
        with temp.open("xb"):
            pass
    except OSError as exc:
        raise BackupError(f"cannot write in the folder {folder}: {_reason(exc)}") from None
    return temp


def _fsync(path: Path) -> None:
    with suppress(OSError):
        fd = os.open(path, os.O_RDONLY)
        try:
            os.fsync(fd)
        finally:
            os.close(fd)


def _copy_pages(source: sqlite3.Connection, target: sqlite3.Connection) -> None:
    """Copy ``source`` into ``target`` a few pages at a time, as one consistent snapshot.

    In WAL mode a read transaction pins the snapshot for the whole copy without blocking
    anyone (writers append to the WAL meanwhile). Otherwise every step takes a short shared
    lock and SQLite restarts the copy when a desk writes in between; after a few restarts
    the rest is copied in one step (one shared lock for the time of the copy)."""
    mode = str(source.execute("PRAGMA journal_mode").fetchone()[0]).lower()
    pinned = mode == "wal"
    if pinned:
        source.execute("BEGIN")
        source.execute("SELECT count(*) FROM sqlite_master").fetchone()
    try:
        last: list[int] = []
        restarts = 0

        def progress(status: int, remaining: int, _total: int) -> None:
            nonlocal restarts
            if status in (sqlite3.SQLITE_OK, sqlite3.SQLITE_DONE) and last and \
                    remaining >= last[-1]:
                restarts += 1
                if restarts > MAX_RESTARTS:
                    raise _TooBusy
            if status == sqlite3.SQLITE_OK:
                last.append(remaining)
            if remaining:
                time.sleep(STEP_PAUSE)

        try:
            source.backup(target, pages=PAGES_PER_STEP, progress=progress, sleep=0.05)
        except _TooBusy:
            source.backup(target, sleep=0.05)
    finally:
        if pinned:
            with suppress(sqlite3.Error):
                source.execute("COMMIT")


def _check_integrity(conn: sqlite3.Connection, label: str) -> None:
    rows = [str(r[0]) for r in conn.execute("PRAGMA integrity_check(5)")]
    if rows != ["ok"]:
        raise BackupError(f"{label} is damaged (integrity check: {'; '.join(rows)[:200]})")


@dataclass(frozen=True)
class _Figures:
    tables: int
    incidents: int
    notes: int
    referrals: int
    revision: str


def _figures(conn: sqlite3.Connection, label: str) -> _Figures:
    tables = {str(r[0]) for r in conn.execute(
        "SELECT name FROM sqlite_master WHERE type = 'table' AND name NOT LIKE 'sqlite_%'")}
    revisions = (conn.execute("SELECT version_num FROM alembic_version").fetchall()
                 if "alembic_version" in tables else [])
    if len(revisions) != 1 or not revisions[0][0]:
        raise BackupError(f"{label} is not a Lotsen database (it has no schema revision)")

    def count(table: str) -> int:
        if table not in tables:
            return 0
        return int(conn.execute(f'SELECT count(*) FROM "{table}"').fetchone()[0])

    return _Figures(len(tables - {"alembic_version"}), count("incident"),
                    count("handover_note"), count("referral"), str(revisions[0][0]))


def _known_revisions() -> list[str]:
    """This Lotsen's schema revisions, oldest first."""
    from alembic.script import ScriptDirectory

    from db.migrate import alembic_config

    scripts = ScriptDirectory.from_config(alembic_config())
    return [script.revision for script in scripts.walk_revisions()][::-1]


def _backup_file(source: Path, target: Path, *, verify: bool = True,
                 label: str = "the copy") -> _Figures | None:
    """Copy the database file ``source`` to the new file ``target`` (through a temporary
    file beside it, renamed at the end); check the copy when ``verify``."""
    temp = _temp_beside(target)
    try:
        with closing(_open(source)) as src, closing(_open(temp)) as dst:
            _copy_pages(src, dst)
            # A backup is one self-contained file: no -wal beside it.
            dst.execute("PRAGMA journal_mode = DELETE").fetchone()
            figures = None
            if verify:
                _check_integrity(dst, label)
                figures = _figures(dst, label)
        _fsync(temp)
        os.replace(temp, target)
        _fsync(target.parent)
        return figures
    finally:
        _remove(temp)


# ----------------------------------------------------------------------------- backup
def backup(database_url: str, target_path: str | os.PathLike[str], *,
           overwrite: bool = False) -> BackupInfo:
    """Copy the SQLite database of ``database_url`` to ``target_path`` while desks may be
    writing; returns the checked copy's figures."""
    started = time.monotonic()
    source = sqlite_file(database_url, "back up")
    target = Path(target_path).expanduser().absolute()
    if not source.is_file():
        raise BackupError(f"there is no database at {source}")
    if target.is_dir():
        raise BackupError(f"{target} is a folder: give the name of the backup file")
    if target.exists() and target.samefile(source):
        raise BackupError(f"{target} is the database itself: choose another file")
    companions = {source.with_name(source.name + suffix)
                  for suffix in ("-wal", "-shm", "-journal")}
    if target in companions or target.resolve() in {c.resolve() for c in companions}:
        raise BackupError(f"{target} belongs to the live database: choose another file")
    if target.exists() and not overwrite:
        raise BackupError(f"{target} exists already (--overwrite replaces it)")
    try:
        figures = _backup_file(source, target)
    except sqlite3.DatabaseError as exc:
        raise BackupError(f"cannot back up {source}: {_reason(exc)}") from None
    except OSError as exc:
        raise BackupError(f"cannot write {target}: {_reason(exc)}") from None
    assert figures is not None
    return BackupInfo(target, target.stat().st_size, figures.tables, figures.incidents,
                      figures.notes, figures.referrals, figures.revision,
                      round(time.monotonic() - started, 3))


def check_backup(backup_path: str | os.PathLike[str]) -> BackupInfo:
    """Check that ``backup_path`` is an intact Lotsen backup this version can restore."""
    path = Path(backup_path).expanduser().absolute()
    if not path.exists():
        raise BackupError(f"there is no file {path}")
    if not path.is_file():
        raise BackupError(f"{path} is not a file")
    if not _is_sqlite(path):
        raise BackupError(f"{path} is not an SQLite database (not a Lotsen backup)")
    label = f"the backup {path}"
    try:
        with closing(_open(path, read_only=True)) as conn:
            _check_integrity(conn, label)
            figures = _figures(conn, label)
    except sqlite3.DatabaseError as exc:
        raise BackupError(f"cannot read {label}: {_reason(exc)}") from None
    known = _known_revisions()
    if figures.revision not in known:
        raise NewerSchema(
            f"{label} has the schema revision {figures.revision!r}, which this Lotsen does "
            f"not know (its newest is {known[-1]!r}): restore it with a newer Lotsen")
    return BackupInfo(path, path.stat().st_size, figures.tables, figures.incidents,
                      figures.notes, figures.referrals, figures.revision)


# ----------------------------------------------------------------------------- restore
def _before_restore_name(database: Path, now: datetime) -> Path:
    stem = f"{database.stem}.before-restore-{now:%Y%m%d-%H%M%S}"
    candidate = database.with_name(f"{stem}.sqlite")
    number = 1
    while candidate.exists():
        number += 1
        candidate = database.with_name(f"{stem}-{number}.sqlite")
    return candidate


def _stage(backup: Path, database: Path, info: BackupInfo) -> tuple[Path, bool]:
    """Copy the backup beside the database and upgrade an older schema there."""
    from db.database import connect
    from db.migrate import head_revision, upgrade

    staged = _temp_beside(database)
    try:
        with closing(_open(backup, read_only=True)) as src, closing(_open(staged)) as dst:
            src.backup(dst)
        upgraded = False
        if info.revision != head_revision():
            staged_db = connect(f"sqlite:///{staged}")
            try:
                upgrade(staged_db)
            finally:
                staged_db.close()
            upgraded = True
        with closing(_open(staged)) as conn:
            conn.execute("PRAGMA journal_mode = DELETE").fetchone()
        return staged, upgraded
    except BaseException:
        _remove(staged)
        raise


def _replace_contents(staged: Path, database: Path) -> None:
    """Copy ``staged`` into ``database`` in one write transaction (the backup API holds
    the destination's write lock until the copy is complete, and rolls back otherwise)."""
    with closing(_open(staged)) as src, closing(_open(database)) as dst:
        size = src.execute("PRAGMA page_size").fetchone()[0]
        mode = str(dst.execute("PRAGMA journal_mode").fetchone()[0]).lower()
        if mode == "wal" and dst.execute("PRAGMA page_size").fetchone()[0] != size:
            # A WAL database cannot change its page size: give the staged copy the database's.
            src.execute(f"PRAGMA page_size = {int(dst.execute('PRAGMA page_size').fetchone()[0])}")
            src.execute("VACUUM")
        src.backup(dst, sleep=0.05)


def restore(backup_path: str | os.PathLike[str], database_url: str, *,
            now: Callable[[], datetime] | None = None) -> RestoreInfo:
    """Replace the SQLite database of ``database_url`` with the backup ``backup_path``.

    The backup is checked and staged first (nothing is changed when it is refused); the
    current database is saved as ``<name>.before-restore-<timestamp>.sqlite`` beside it."""
    from db.clock import local_now
    from db.migrate import head_revision

    database = sqlite_file(database_url, "restore")
    info = check_backup(backup_path)
    if database.exists() and database.samefile(info.path):
        raise BackupError(f"{info.path} is the database itself: nothing to restore")
    try:
        database.parent.mkdir(parents=True, exist_ok=True)
    except OSError as exc:
        raise BackupError(f"cannot create the folder {database.parent}: {_reason(exc)}") \
            from None
    previous: Path | None = None
    try:
        staged, upgraded = _stage(info.path, database, info)
    except LotsenError:
        raise
    except Exception as exc:  # noqa: BLE001 - sqlite3, SQLAlchemy or Alembic: one line
        raise BackupError(f"cannot prepare the backup {info.path} for restoring: "
                          f"{_reason(getattr(exc, 'orig', None) or exc)}; the database is "
                          "unchanged") from None
    try:
        if database.exists():
            previous = _before_restore_name(database, (now or local_now)())
            if _is_sqlite(database):
                try:
                    _backup_file(database, previous, verify=False)
                except sqlite3.OperationalError:
                    raise  # e.g. locked for too long: stop, change nothing
                except sqlite3.DatabaseError:
                    # The database is damaged (the usual reason to restore): keep its files
                    # as they are and put the backup in its place.
                    shutil.copy2(database, previous)
                    if Path(f"{database}-wal").exists():
                        shutil.copy2(f"{database}-wal", f"{previous}-wal")
                    _replace_file(staged, database)
                else:
                    _replace_contents(staged, database)
            else:  # not an SQLite file at all: nobody can have it open as a database
                shutil.copy2(database, previous)
                _replace_file(staged, database)
        else:
            _replace_file(staged, database)
    except sqlite3.DatabaseError as exc:
        raise BackupError(f"cannot restore into {database}: {_reason(exc)}; the database "
                          "is unchanged") from None
    except OSError as exc:
        raise BackupError(f"cannot restore into {database}: {_reason(exc)}; the database "
                          "is unchanged") from None
    finally:
        _remove(staged)
    with closing(_open(database)) as conn:
        figures = _figures(conn, f"the restored database {database}")
    if figures.revision != head_revision():
        raise BackupError(f"the restored database {database} is at schema revision "
                          f"{figures.revision}, not {head_revision()}")
    return RestoreInfo(database, info, figures.revision, upgraded, previous,
                       figures.incidents, figures.notes, figures.referrals)


def _replace_file(staged: Path, database: Path) -> None:
    """Put the staged file in place of a database that is missing or unreadable."""
    for suffix in _SIDE_FILES:
        with suppress(FileNotFoundError):
            Path(f"{database}{suffix}").unlink()
    _fsync(staged)
    os.replace(staged, database)
    _fsync(database.parent)
