"""Opening the database: engine set-up, creating a missing database, upgrading an old one.

SQLite runs in WAL mode with foreign keys on and a busy timeout. Write transactions on
SQLite start with ``BEGIN IMMEDIATE`` so that two desks writing at once queue behind each
other (within the busy timeout) instead of failing with "database is locked".
"""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path

from sqlalchemy import Engine, create_engine, event, text
from sqlalchemy.engine import URL, make_url
from sqlalchemy.exc import (
    ArgumentError,
    DataError,
    DBAPIError,
    InterfaceError,
    NoSuchModuleError,
    OperationalError,
)
from sqlmodel import Session

from db.errors import N_, DatabaseUnavailable
from db.settings import url_shape_problem

BUSY_TIMEOUT_MS = 15_000
_WRITE_OPTION = "lotsen_write"


def parse_url(url: str) -> URL:
    """Parse a SQLAlchemy URL, or raise :class:`DatabaseUnavailable` with a clear message."""
    problem = url_shape_problem(url)
    if problem:
        raise DatabaseUnavailable(problem)
    try:
        parsed = make_url(url)
    except (ArgumentError, ValueError) as exc:
        raise DatabaseUnavailable(f"not a database URL: {url!r} ({exc})") from None
    backend = parsed.get_backend_name()
    if backend not in ("sqlite", "postgresql"):
        raise DatabaseUnavailable(
            f"unsupported database {backend!r}: Lotsen runs on SQLite or PostgreSQL"
        )
    if backend == "postgresql" and parsed.drivername == "postgresql":
        parsed = parsed.set(drivername="postgresql+psycopg")
    return parsed


def _short(exc: BaseException) -> str:
    message = str(getattr(exc, "orig", None) or exc).strip().splitlines()
    return message[0] if message else exc.__class__.__name__


def _lower(value: object) -> object:
    return value.lower() if isinstance(value, str) else value


def _sqlite_engine(url: URL) -> Engine:
    database = url.database or ""
    if database and database != ":memory:" and not database.startswith("file:"):
        path = Path(database).expanduser()
        try:
            path.parent.mkdir(parents=True, exist_ok=True)
        except OSError as exc:
            raise DatabaseUnavailable(f"cannot create {path.parent}: {exc.strerror}") from None
        url = url.set(database=str(path))
    engine = create_engine(url, connect_args={"timeout": BUSY_TIMEOUT_MS / 1000})

    @event.listens_for(engine, "connect")
    def _on_connect(dbapi_connection, _record) -> None:  # noqa: ANN001
        # Let SQLAlchemy's BEGIN (below) control transactions, not the sqlite3 module.
        dbapi_connection.isolation_level = None
        cursor = dbapi_connection.cursor()
        cursor.execute(f"PRAGMA busy_timeout = {BUSY_TIMEOUT_MS}")
        cursor.execute("PRAGMA journal_mode = WAL")
        cursor.execute("PRAGMA synchronous = NORMAL")
        cursor.execute("PRAGMA foreign_keys = ON")
        cursor.execute("PRAGMA secure_delete = ON")
        cursor.close()
        # SQLite's own lower() folds only ASCII; Swedish searches need Å, Ä, Ö too.
        dbapi_connection.create_function("lower", 1, _lower, deterministic=True)

    @event.listens_for(engine, "begin")
    def _on_begin(connection) -> None:  # noqa: ANN001
        write = connection.get_execution_options().get(_WRITE_OPTION, False)
        connection.exec_driver_sql("BEGIN IMMEDIATE" if write else "BEGIN")

    return engine


def make_engine(url: str) -> Engine:
    """An engine for ``url`` with Lotsen's connection settings."""
    parsed = parse_url(url)
    try:
        if parsed.get_backend_name() == "sqlite":
            return _sqlite_engine(parsed)
        return create_engine(
            parsed, pool_pre_ping=True, pool_size=3, max_overflow=5,
            connect_args={"connect_timeout": 5, "application_name": "lotsen"},
        )
    except (ArgumentError, NoSuchModuleError, ImportError) as exc:
        raise DatabaseUnavailable(f"cannot use {parsed.render_as_string()}: {exc}") from None


def _create_missing_postgres_database(url: URL) -> None:
    """Create the PostgreSQL database named in ``url`` when the server says it is missing."""
    admin = create_engine(url.set(database="postgres"), isolation_level="AUTOCOMMIT",
                          connect_args={"connect_timeout": 5})
    try:
        with admin.connect() as conn:
            name = url.database or ""
            exists = conn.execute(text("SELECT 1 FROM pg_database WHERE datname = :n"), {"n": name})
            if exists.first() is None:
                quoted = conn.dialect.identifier_preparer.quote(name)
                conn.exec_driver_sql(f"CREATE DATABASE {quoted}")
    finally:
        admin.dispose()


@contextmanager
def _unavailable_as_error() -> Iterator[None]:
    """A lost or locked database becomes a clear :class:`DatabaseUnavailable` (a message
    the UI shows at the form, which keeps what was typed), not a crash."""
    try:
        yield
    except (OperationalError, InterfaceError) as exc:
        raise DatabaseUnavailable(N_("the database did not answer: {reason}"),
                                  reason=_short(exc)) from None
    except DataError as exc:
        # PostgreSQL refuses NUL characters anywhere (a search or filter text as well as
        # what is saved): a clear message, like SQLite's validators give, not a crash.
        from db.errors import ValidationError

        if "NUL" in _short(exc) or "0x00" in _short(exc):
            raise ValidationError(N_("contains control characters")) from None
        # Anything else the server refuses as data (a value too long for its column…) is
        # a clear refusal too, never a crash; nothing is saved.
        raise ValidationError(N_("a value is too long or not valid here")) from None


def upsert_insert(session: Session, table):  # noqa: ANN001,ANN201
    """An INSERT of the session's dialect, which offers ``on_conflict_do_update`` and
    ``on_conflict_do_nothing`` (both SQLite and PostgreSQL have them)."""
    if session.get_bind().dialect.name == "postgresql":
        from sqlalchemy.dialects.postgresql import insert
    else:
        from sqlalchemy.dialects.sqlite import insert
    return insert(table)


@dataclass
class Database:
    """An open, migrated database. Use :meth:`read` and :meth:`write` for short transactions."""

    url: str
    engine: Engine

    @property
    def backend(self) -> str:
        return self.engine.dialect.name

    @contextmanager
    def read(self) -> Iterator[Session]:
        with _unavailable_as_error(), Session(self.engine, expire_on_commit=False) as session:
            yield session

    @contextmanager
    def write(self) -> Iterator[Session]:
        """A write transaction; commits on success, rolls back on any exception."""
        with _unavailable_as_error(), Session(self.engine, expire_on_commit=False) as session:
            session.connection(execution_options={_WRITE_OPTION: True})
            try:
                yield session
                session.commit()
            except BaseException:
                session.rollback()
                raise

    def close(self) -> None:
        self.engine.dispose()


def connect(url: str) -> Database:
    """Open ``url`` without migrating (used by the migration code itself)."""
    engine = make_engine(url)
    try:
        with engine.connect() as conn:
            conn.execute(text("SELECT 1"))
    except DBAPIError as exc:
        parsed = engine.url
        missing_db = "does not exist" in _short(exc) and parsed.get_backend_name() == "postgresql"
        if not missing_db:
            engine.dispose()
            raise DatabaseUnavailable(
                f"cannot open database {parsed.render_as_string()}: {_short(exc)}"
            ) from None
        try:
            _create_missing_postgres_database(parsed)
        except DBAPIError as exc2:
            engine.dispose()
            raise DatabaseUnavailable(
                f"cannot create database {parsed.render_as_string()}: {_short(exc2)}"
            ) from None
    return Database(url=url, engine=engine)


def open_database(url: str) -> Database:
    """Open ``url``, creating the database if missing and upgrading it to the newest schema.

    A new (or just upgraded) database gets the bundled national helplines (``db.migrate``).
    """
    from db.migrate import upgrade

    database = connect(url)
    try:
        upgrade(database)
    except DBAPIError as exc:
        database.close()
        raise DatabaseUnavailable(f"cannot upgrade the database: {_short(exc)}") from None
    except Exception as exc:
        # Alembic is imported only when it had work to do (db.migrate): so is its error.
        from alembic.util import CommandError

        if not isinstance(exc, CommandError):
            raise
        database.close()  # e.g. a schema newer than this Lotsen
        raise DatabaseUnavailable(f"the database schema is unknown to this Lotsen ({exc}); "
                                  "update Lotsen") from None
    return database
