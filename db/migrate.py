"""Schema upgrades through Alembic, run by the app and every ``lotsen`` command before use.

Upgrades take a lock (SQLite: ``BEGIN IMMEDIATE``; PostgreSQL: an advisory lock), so several
desks starting at once on an old database upgrade it exactly once. The bundled national
helplines are added in the same locked transaction.
"""

from __future__ import annotations

from pathlib import Path

from alembic import command
from alembic.config import Config
from alembic.runtime.migration import MigrationContext
from alembic.script import ScriptDirectory
from sqlalchemy import text

from db.database import Database

MIGRATIONS = Path(__file__).with_name("migrations")
_PG_LOCK_KEY = 0x4C6F7473  # "Lots"


def alembic_config() -> Config:
    config = Config()
    config.set_main_option("script_location", str(MIGRATIONS))
    return config


def head_revision() -> str:
    head = ScriptDirectory.from_config(alembic_config()).get_current_head()
    assert head is not None
    return head


def current_revision(database: Database) -> str | None:
    with database.engine.connect() as conn:
        return MigrationContext.configure(conn).get_current_revision()


def upgrade(database: Database, revision: str = "head") -> bool:
    """Upgrade to ``revision``; return True when something was done."""
    target = head_revision() if revision == "head" else revision
    if current_revision(database) == target:
        return False
    config = alembic_config()
    with database.engine.connect() as conn:
        conn.execution_options(lotsen_write=True)
        with conn.begin():
            if database.backend == "postgresql":
                conn.execute(text("SELECT pg_advisory_xact_lock(:k)"), {"k": _PG_LOCK_KEY})
            config.attributes["connection"] = conn
            command.upgrade(config, revision)
            if revision == "head":
                _seed(conn)
    return True


def _seed(conn) -> None:  # noqa: ANN001
    """Data every database carries, added under the upgrade lock (so only once)."""
    from sqlmodel import Session

    from db.incidents import ensure_defaults
    from db.routines import ensure_routines
    from db.national import ensure_national_lines

    with Session(bind=conn) as session:
        ensure_national_lines(session)
        ensure_defaults(session)
        ensure_routines(session)
        session.flush()
