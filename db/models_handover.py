"""Shift handover: notes with revisions, acknowledgements and follow-up tasks; and the
change events that tell other desks something new was written (``db.live``)."""

from __future__ import annotations

from datetime import date, datetime

from sqlalchemy import Column, Text, UniqueConstraint
from sqlmodel import Field, SQLModel

from db import table_config  # noqa: F401 (before the tables: see there)
from db.clock import utcnow


class HandoverNote(SQLModel, table=True):
    __tablename__ = "handover_note"

    id: int | None = Field(default=None, primary_key=True)
    branch_id: int = Field(foreign_key="branch.id", index=True)
    author_id: int = Field(foreign_key="staff.id")
    category: str = Field(max_length=20)  # situation, watch, premises, followup, info
    priority: str = Field(max_length=10, index=True)  # normal, important, urgent
    text: str = Field(sa_column=Column(Text, nullable=False))
    pinned: bool = Field(default=False)
    expires_at: datetime | None = Field(default=None, index=True)  # None: pinned, no end
    created_at: datetime = Field(default_factory=utcnow, index=True)
    updated_at: datetime = Field(default_factory=utcnow)
    revision: int = Field(default=1)


class HandoverNoteRevision(SQLModel, table=True):
    """Every version of a note: nothing is overwritten silently."""

    __tablename__ = "handover_note_revision"
    __table_args__ = (UniqueConstraint("note_id", "revision"),)

    id: int | None = Field(default=None, primary_key=True)
    note_id: int = Field(foreign_key="handover_note.id", index=True)
    revision: int
    category: str = Field(max_length=20)
    priority: str = Field(max_length=10)
    text: str = Field(sa_column=Column(Text, nullable=False))
    edited_by_id: int = Field(foreign_key="staff.id")
    at: datetime = Field(default_factory=utcnow)


class HandoverAck(SQLModel, table=True):
    """Who has read which revision of a note."""

    __tablename__ = "handover_ack"
    __table_args__ = (UniqueConstraint("note_id", "staff_id", "revision"),)

    id: int | None = Field(default=None, primary_key=True)
    note_id: int = Field(foreign_key="handover_note.id", index=True)
    staff_id: int = Field(foreign_key="staff.id", index=True)
    revision: int
    at: datetime = Field(default_factory=utcnow)


class FollowUp(SQLModel, table=True):
    """A task carried by a note: an owner (a person or a role) and a due date."""

    __tablename__ = "follow_up"

    id: int | None = Field(default=None, primary_key=True)
    note_id: int = Field(foreign_key="handover_note.id", unique=True)
    owner_staff_id: int | None = Field(default=None, foreign_key="staff.id", index=True)
    owner_role: str | None = Field(default=None, max_length=20)
    due_date: date | None = None
    created_at: datetime = Field(default_factory=utcnow, index=True)
    done_at: datetime | None = Field(default=None, index=True)
    done_by_id: int | None = Field(default=None, foreign_key="staff.id")
    done_comment: str | None = Field(default=None, sa_column=Column(Text, nullable=True))


class HandoverNoteIncident(SQLModel, table=True):
    """A note about incidents: the next shift opens them from the note."""

    __tablename__ = "handover_note_incident"

    note_id: int = Field(foreign_key="handover_note.id", primary_key=True)
    incident_id: int = Field(foreign_key="incident.id", primary_key=True, index=True)


class ChangeEvent(SQLModel, table=True):
    """Something other open desks should show at once (a new note, an alert…)."""

    __tablename__ = "change_event"

    id: int | None = Field(default=None, primary_key=True)
    at: datetime = Field(default_factory=utcnow, index=True)
    branch_id: int | None = Field(default=None, index=True)
    topic: str = Field(max_length=30)
    ref: str | None = Field(default=None, max_length=64)
