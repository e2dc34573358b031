"""Every new database carries the national helplines; a local entry supersedes one."""

from __future__ import annotations

from sqlmodel import select

from db.database import open_database
from db.models_directory import Phone, Service
from db.national import LINES


def test_new_database_has_the_national_lines(fresh_url):
    database = open_database(fresh_url())
    with database.read() as session:
        numbers = set(session.exec(select(Phone.number)).all())
        statuses = set(session.exec(select(Service.status)).all())
    database.close()
    assert numbers == {line.number for line in LINES}
    assert {"112", "114 14", "1177", "113 13", "90101", "020-50 50 50", "116 111",
            "010-456 67 00"} == numbers
    assert statuses == {"active"}


def test_a_local_entry_with_the_same_number_retires_the_bundled_one(demo_db):
    with demo_db.read() as session:
        rows = session.exec(select(Service.name, Service.source, Service.status)
                            .where(Service.source == "national")).all()
    status = {name: state for name, _source, state in rows}
    assert status["Mind Självmordslinjen"] == "inactive"  # the demo directory lists 90101
    assert status["113 13 – information vid olyckor och kriser"] == "active"  # it does not
