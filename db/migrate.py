"""Schema upgrades through Alembic, run by the app and every ``lotsen`` command before use.

Upgrades take a lock (SQLite: ``BEGIN IMMEDIATE``; PostgreSQL: an advisory lock), so several
desks starting at once on an old database upgrade it exactly once. The bundled national
helplines are added in the same locked transaction.

Alembic (with Mako, some 12 MiB and 145 modules) is imported only when there is something
to do: a database already at the newest schema — every start but the first after an
update — is recognised from the migration scripts' headers and one ``SELECT``.
"""

from __future__ import annotations

import re
from pathlib import Path
from typing import TYPE_CHECKING

from sqlalchemy import text
from sqlalchemy.exc import DBAPIError

from db.database import Database

if TYPE_CHECKING:
    from alembic.config import Config

MIGRATIONS = Path(__file__).with_name("migrations")
_PG_LOCK_KEY = 0x4C6F7473  # "Lots"
_HEADER = re.compile(
    r"^(revision|down_revision|branch_labels|depends_on)\s*(?::[^=]*)?=\s*(.*?)\s*$",
    re.MULTILINE)
_QUOTED = re.compile(r"""["']([^"']+)["']""")


def alembic_config() -> Config:
    from alembic.config import Config

    config = Config()
    config.set_main_option("script_location", str(MIGRATIONS))
    return config


def head_revision() -> str:
    from alembic.script import ScriptDirectory

    head = ScriptDirectory.from_config(alembic_config()).get_current_head()
    assert head is not None
    return head


def current_revision(database: Database) -> str | None:
    from alembic.runtime.migration import MigrationContext

    with database.engine.connect() as conn:
        return MigrationContext.configure(conn).get_current_revision()


def scripts_head() -> str | None:
    """The newest revision, read from the headers of the migration scripts without Alembic;
    None when the history is anything but a single straight line (then Alembic decides)."""
    revisions: set[str] = set()
    parents: set[str] = set()
    for path in sorted((MIGRATIONS / "versions").glob("*.py")):
        header = dict(_HEADER.findall(path.read_text(encoding="utf-8")))
        revision = _QUOTED.findall(header.get("revision", ""))
        down = _QUOTED.findall(header.get("down_revision", ""))
        if len(revision) != 1 or len(down) > 1 \
                or header.get("branch_labels", "None") != "None" \
                or header.get("depends_on", "None") != "None":
            return None
        revisions.add(revision[0])
        parents.update(down)
    heads = revisions - parents
    return heads.pop() if len(heads) == 1 and parents <= revisions else None


def at_head(database: Database) -> bool:
    """True when the database's schema is the newest (no Alembic needed to know)."""
    head = scripts_head()
    if head is None:
        return False
    try:
        with database.engine.connect() as conn:
            versions = conn.execute(text("SELECT version_num FROM alembic_version")).all()
    except DBAPIError:  # no version table yet: a new database
        return False
    return [row[0] for row in versions] == [head]


def upgrade(database: Database, revision: str = "head") -> bool:
    """Upgrade to ``revision``; return True when something was done."""
    if revision == "head" and at_head(database):
        return False
    from alembic import command

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
