"""Table definitions. Schema changes go through Alembic migrations in ``db/migrations``;
``tests/test_migrations.py`` proves these models and the migrations agree.

Timestamps are aware UTC (SQLModel stores them as UTC on SQLite and PostgreSQL alike);
the UI converts them to Europe/Stockholm.
"""

from __future__ import annotations

from datetime import datetime, time
from enum import StrEnum

from sqlalchemy import Column, String, Text, UniqueConstraint
from sqlmodel import Field, SQLModel

from db import table_config  # noqa: F401 (before the tables: see there)
from db.clock import utcnow


class Role(StrEnum):
    """What a staff member may do. The permission matrix is in ``db.roles``."""

    DESK = "desk"
    SOCIALWORKER = "socialworker"
    MANAGER = "manager"
    ADMIN = "admin"


class Library(SQLModel, table=True):
    """The library organisation (e.g. a city library with several branches)."""

    id: int | None = Field(default=None, primary_key=True)
    name: str = Field(max_length=200)
    created_at: datetime = Field(default_factory=utcnow)


class Branch(SQLModel, table=True):
    """A library branch: the place where desks, shifts and zones are."""

    __table_args__ = (UniqueConstraint("library_id", "name"),)

    id: int | None = Field(default=None, primary_key=True)
    library_id: int = Field(foreign_key="library.id", index=True)
    name: str = Field(max_length=200)


class Desk(SQLModel, table=True):
    """A service desk (a terminal place) in a branch."""

    __table_args__ = (UniqueConstraint("branch_id", "name"),)

    id: int | None = Field(default=None, primary_key=True)
    branch_id: int = Field(foreign_key="branch.id", index=True)
    name: str = Field(max_length=100)
    active: bool = Field(default=True)


class Staff(SQLModel, table=True):
    """A person who signs in. Initials are unique; the PIN is optional and stored hashed."""

    id: int | None = Field(default=None, primary_key=True)
    initials: str = Field(max_length=6, unique=True)
    name: str = Field(max_length=200)
    role: str = Field(sa_column=Column(String(20), nullable=False, default=Role.DESK.value))
    pin_hash: str | None = Field(default=None, max_length=200)
    lang: str | None = Field(default=None, max_length=5)
    active: bool = Field(default=True)
    created_at: datetime = Field(default_factory=utcnow)


class ShiftDefinition(SQLModel, table=True):
    """A named shift of a branch, e.g. "Kväll 16:30–21:00". Ends before start = next day."""

    __tablename__ = "shift_definition"
    __table_args__ = (UniqueConstraint("branch_id", "name"),)

    id: int | None = Field(default=None, primary_key=True)
    branch_id: int = Field(foreign_key="branch.id", index=True)
    name: str = Field(max_length=50)
    starts_at: time
    ends_at: time
    position: int = Field(default=0)


class AuditEvent(SQLModel, table=True):
    """Something that happened and must be traceable: sign-in, changes, sensitive reads."""

    __tablename__ = "audit_event"

    id: int | None = Field(default=None, primary_key=True)
    at: datetime = Field(default_factory=utcnow, index=True)
    staff_id: int | None = Field(default=None, foreign_key="staff.id", index=True)
    desk_id: int | None = Field(default=None, foreign_key="desk.id")
    action: str = Field(max_length=50, index=True)
    subject: str | None = Field(default=None, max_length=100)
    detail: str | None = Field(default=None, sa_column=Column(Text, nullable=True))


class Setting(SQLModel, table=True):
    """A library-wide setting the administrator changes in the data (e.g. retention days)."""

    key: str = Field(max_length=60, primary_key=True)
    value: str = Field(max_length=200)
    updated_at: datetime = Field(default_factory=utcnow)
    updated_by_id: int | None = Field(default=None, foreign_key="staff.id")


# The other jobs' tables live in their own modules; importing them here registers them
# on the metadata for Alembic and the model/migration agreement test.
from db import models_directory  # noqa: E402,F401
from db import models_handover  # noqa: E402,F401
from db import models_incidents  # noqa: E402,F401
