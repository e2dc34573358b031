"""The demo database: the fictional "Exempelstad stadsbibliotek", with staff of every role.

Every name here is invented. Desk staff have no PIN; the others have the PIN 1234.
"""

from __future__ import annotations

from pathlib import Path

from sqlmodel import select

from db.database import Database, open_database
from db.library import ShiftSpec, add_branch
from db.models import Library, Staff
from db.settings import DEMO_DESK, demo_database_url
from db.shifts import DEFAULT_SHIFTS
from db.staff import add_staff

LIBRARY = "Exempelstad stadsbibliotek"
DEMO_PIN = "1234"
BRANCHES: tuple[tuple[str, tuple[str, ...]], ...] = (
    ("Stadsbiblioteket", (DEMO_DESK, "Barn och unga")),
    ("Norrby bibliotek", ("Disken",)),
)
STAFF: tuple[tuple[str, str, str, str | None, str | None], ...] = (
    # initials, name, role, PIN, language
    ("AL", "Anna Lindqvist", "desk", None, None),
    ("BK", "Bo Karlsson", "desk", None, None),
    ("JE", "Jamie Ek", "desk", None, "en"),
    ("SO", "Sara Olsson", "socialworker", DEMO_PIN, None),
    ("MH", "Maria Holm", "manager", DEMO_PIN, None),
    ("IT", "Ivar Tell", "admin", DEMO_PIN, None),
)


DIRECTORY = Path(__file__).with_name("demo") / "exempelstad-hsds"


def prepare_demo(url: str | None = None) -> Database:
    """Create the demo database if missing, upgrade it, and add what is missing of the demo
    (library, staff, and the fictional Exempelstad directory, re-imported by id)."""
    from db.directory import import_directory
    from db.errors import LotsenError

    database = open_database(url or demo_database_url())
    with database.write() as session:
        library = session.exec(select(Library).where(Library.name == LIBRARY)).first()
        if library is None:
            library = Library(name=LIBRARY)
            session.add(library)
            session.flush()
            assert library.id is not None
            shifts = [ShiftSpec(*spec) for spec in DEFAULT_SHIFTS]
            for branch, desks in BRANCHES:
                add_branch(session, library.id, branch, list(desks), shifts)
        existing = set(session.exec(select(Staff.initials)).all())
        for initials, name, role, pin, lang in STAFF:
            if initials not in existing:
                add_staff(session, initials, name, role, pin, lang)
    report = import_directory(database, DIRECTORY)
    if report.refused:
        raise LotsenError("the bundled demo directory did not import: {problem}",
                          problem=report.problems[0].message if report.problems else "?")
    return database
