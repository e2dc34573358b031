"""Schema changes go through Alembic: models and migrations agree, old databases upgrade."""

from __future__ import annotations

import threading

from alembic.autogenerate import compare_metadata
from alembic.runtime.migration import MigrationContext
from sqlalchemy import inspect, text
from sqlmodel import SQLModel

import db.models  # noqa: F401
from db.database import connect, open_database
from db.migrate import current_revision, head_revision, upgrade
from tests.conftest import make_app, sign_in, wait_ready

FIRST = "0001_core"


def test_models_and_migrations_agree(fresh_url):
    database = open_database(fresh_url())
    with database.engine.connect() as conn:
        context = MigrationContext.configure(conn, opts={"compare_type": True})
        diff = compare_metadata(context, SQLModel.metadata)
    database.close()
    assert diff == []


def test_migrations_run_down_and_up_again(fresh_url):
    from alembic import command

    from db.migrate import alembic_config

    database = open_database(fresh_url())
    config = alembic_config()
    with database.engine.begin() as conn:
        config.attributes["connection"] = conn
        command.downgrade(config, FIRST)
    assert current_revision(database) == FIRST
    upgrade(database)
    assert current_revision(database) == head_revision()
    database.close()


def make_old_database(url: str) -> None:
    """A database as the first release left it, with a library and one person in it."""
    database = connect(url)
    upgrade(database, FIRST)
    with database.engine.begin() as conn:
        conn.execute(text("INSERT INTO library (id, name, created_at) "
                          "VALUES (1, 'Gamla biblioteket', CURRENT_TIMESTAMP)"))
        conn.execute(text("INSERT INTO branch (id, library_id, name) VALUES (1, 1, 'Centrum')"))
        conn.execute(text("INSERT INTO desk (id, branch_id, name, active) "
                          "VALUES (1, 1, 'Disken', TRUE)"))
        conn.execute(text("INSERT INTO staff (initials, name, role, active, created_at) "
                          "VALUES ('GL', 'Greta Lund', 'desk', TRUE, CURRENT_TIMESTAMP)"))
    assert "audit_event" not in inspect(database.engine).get_table_names()
    database.close()


async def test_old_database_upgrades_to_head_when_the_app_starts(fresh_url):
    url = fresh_url()
    make_old_database(url)
    app = make_app(url, desk=None)
    async with app.run_test() as pilot:
        await wait_ready(pilot)
        await sign_in(pilot, "GL")
        assert app.context.library_name == "Gamla biblioteket"
    database = connect(url)
    assert current_revision(database) == head_revision()
    columns = {c["name"] for c in inspect(database.engine).get_columns("staff")}
    assert "lang" in columns
    with database.engine.connect() as conn:
        assert conn.execute(text("SELECT count(*) FROM audit_event")).scalar() >= 1
    database.close()


def test_lotsen_db_upgrade_upgrades_explicitly(fresh_url, tmp_path):
    from tests.test_cli import lotsen

    url = fresh_url()
    make_old_database(url)
    result = lotsen("--database", url, "db", "upgrade", tmp_path=tmp_path)
    assert result.returncode == 0, result.stderr
    assert head_revision() in result.stdout


def test_desks_starting_together_upgrade_once(fresh_url):
    url = fresh_url()
    make_old_database(url)
    errors: list[BaseException] = []

    def start() -> None:
        try:
            open_database(url).close()
        except BaseException as exc:  # noqa: BLE001
            errors.append(exc)

    threads = [threading.Thread(target=start) for _ in range(4)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    assert errors == []
    database = connect(url)
    assert current_revision(database) == head_revision()
    database.close()


def test_sqlite_connection_settings(tmp_path):
    database = open_database(f"sqlite:///{tmp_path / 'x.sqlite'}")
    with database.engine.connect() as conn:
        assert conn.exec_driver_sql("PRAGMA journal_mode").scalar() == "wal"
        assert conn.exec_driver_sql("PRAGMA foreign_keys").scalar() == 1
        assert conn.exec_driver_sql("PRAGMA busy_timeout").scalar() >= 5000
        assert conn.exec_driver_sql("PRAGMA secure_delete").scalar() == 1
    database.close()


def test_a_schema_newer_than_this_lotsen_is_a_clear_error(fresh_url, tmp_path):
    from tests.test_cli import assert_one_line_error, lotsen

    url = fresh_url()
    database = open_database(url)
    with database.engine.begin() as conn:
        conn.execute(text("UPDATE alembic_version SET version_num = '9999_future'"))
    database.close()
    assert_one_line_error(lotsen("--database", url, "staff", "list", tmp_path=tmp_path),
                          "update Lotsen")
