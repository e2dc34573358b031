"""Incident entries (händelser) with revisions and follow-up notes, and access-ban cases
(tillträdesförbud) whose identity part lives in its own table so that it can be guarded and
deleted on its own.

The incident table carries the local day, hour and weekday of when it happened (Europe/
Stockholm) so that statistics group on plain indexed columns, without date functions.
"""

from __future__ import annotations

from datetime import date, datetime

from sqlalchemy import Column, Index, SmallInteger, Text, UniqueConstraint
from sqlmodel import Field, SQLModel

from db import table_config  # noqa: F401 (before the tables: see there)
from db.clock import utcnow


class IncidentType(SQLModel, table=True):
    """A kind of incident, picked by one key; mapped to a municipal reporting category."""

    __tablename__ = "incident_type"

    id: int | None = Field(default=None, primary_key=True)
    code: str = Field(max_length=30, unique=True)
    key: str = Field(max_length=1)
    label_sv: str = Field(max_length=60)
    label_en: str = Field(max_length=60)
    category: str = Field(max_length=20)  # visitor, property, accident, risk
    position: int = Field(default=0)
    active: bool = Field(default=True)


class Zone(SQLModel, table=True):
    """A part of a branch where things happen (entrance, toilets…), picked by one key."""

    __tablename__ = "zone"
    __table_args__ = (UniqueConstraint("branch_id", "code"),)

    id: int | None = Field(default=None, primary_key=True)
    branch_id: int = Field(foreign_key="branch.id", index=True)
    code: str = Field(max_length=30)
    key: str = Field(max_length=1)
    label_sv: str = Field(max_length=60)
    label_en: str = Field(max_length=60)
    position: int = Field(default=0)
    active: bool = Field(default=True)


class Incident(SQLModel, table=True):
    """One incident. Nothing about a visitor's identity is stored here."""

    __table_args__ = (
        Index("ix_incident_branch_occurred", "branch_id", "occurred_at"),
        Index("ix_incident_occurred_type_zone", "occurred_at", "type_id", "zone_id"),
        Index("ix_incident_zone_type_occurred", "zone_id", "type_id", "occurred_at"),
        Index("ix_incident_branch_type_occurred", "branch_id", "type_id", "occurred_at"),
        Index("ix_incident_reporter_occurred", "reporter_id", "occurred_at"),
        Index("ix_incident_status_occurred", "branch_id", "status", "occurred_at"),
    )

    id: int | None = Field(default=None, primary_key=True)
    branch_id: int = Field(foreign_key="branch.id")
    desk_id: int | None = Field(default=None, foreign_key="desk.id")
    reporter_id: int = Field(foreign_key="staff.id")
    occurred_at: datetime
    local_day: date
    hour: int = Field(sa_column=Column(SmallInteger, nullable=False))
    weekday: int = Field(sa_column=Column(SmallInteger, nullable=False))  # 0 = Monday
    type_id: int = Field(foreign_key="incident_type.id")
    zone_id: int = Field(foreign_key="zone.id")
    severity: int = Field(sa_column=Column(SmallInteger, nullable=False))  # 1–4
    description: str = Field(default="", sa_column=Column(Text, nullable=False))
    actions: str = Field(default="", max_length=300)  # comma-separated action codes
    police_report: str | None = Field(default=None, max_length=30)
    staff_affected: bool = Field(default=False)
    kia_case: str | None = Field(default=None, max_length=40)
    kia_status: str | None = Field(default=None, max_length=20)  # needed, reported, closed
    follow_up_by: str | None = Field(default=None, max_length=20)  # socialworker, manager
    status: str = Field(default="recorded", max_length=12)  # recorded, open, closed
    closed_at: datetime | None = None
    closed_by_id: int | None = Field(default=None, foreign_key="staff.id")
    news_at: datetime | None = None  # latest follow-up news for the reporter
    reporter_seen_at: datetime | None = None
    created_at: datetime = Field(default_factory=utcnow)
    updated_at: datetime = Field(default_factory=utcnow)
    revision: int = Field(default=1)


class IncidentTally(SQLModel, table=True):
    """Incident counts per branch and local day, kept in the same transaction as every entry
    and edit (``db.incident_stats.tally``), so that statistics read a few rows per branch
    and day instead of every incident. ``dimension``: 0 the day's total (key 0), 1 by type (key type_id),
    2 by zone (key zone_id), 3 by weekday and hour (key weekday × 24 + hour)."""

    __tablename__ = "incident_tally"
    __table_args__ = {"sqlite_with_rowid": False}

    dimension: int = Field(sa_column=Column(SmallInteger, primary_key=True))
    key: int = Field(primary_key=True)
    local_day: date = Field(primary_key=True)
    branch_id: int = Field(primary_key=True, foreign_key="branch.id")
    count: int = Field(default=0)


class IncidentRevision(SQLModel, table=True):
    """Every version of an incident as a JSON snapshot: nothing is overwritten silently."""

    __tablename__ = "incident_revision"
    __table_args__ = (UniqueConstraint("incident_id", "revision"),)

    id: int | None = Field(default=None, primary_key=True)
    incident_id: int = Field(foreign_key="incident.id", index=True)
    revision: int
    edited_by_id: int = Field(foreign_key="staff.id")
    at: datetime = Field(default_factory=utcnow)
    data: str = Field(sa_column=Column(Text, nullable=False))


class IncidentNote(SQLModel, table=True):
    """A follow-up note on an incident ("what happened next"); may close or reopen it."""

    __tablename__ = "incident_note"

    id: int | None = Field(default=None, primary_key=True)
    incident_id: int = Field(foreign_key="incident.id", index=True)
    author_id: int = Field(foreign_key="staff.id")
    at: datetime = Field(default_factory=utcnow)
    kind: str = Field(default="note", max_length=10)  # note, close, reopen
    text: str = Field(sa_column=Column(Text, nullable=False))


class Draft(SQLModel, table=True):
    """What a person has typed into a form and not saved yet."""

    __table_args__ = (UniqueConstraint("staff_id", "form"),)

    id: int | None = Field(default=None, primary_key=True)
    staff_id: int = Field(foreign_key="staff.id", index=True)
    form: str = Field(max_length=40)
    data: str = Field(sa_column=Column(Text, nullable=False))
    updated_at: datetime = Field(default_factory=utcnow)


class BanCase(SQLModel, table=True):
    """An access-ban case: the application the library sends and the prosecutor's decisions.

    Desk staff see only ``recognition`` and the period of an active ban.
    """

    __tablename__ = "ban_case"

    id: int | None = Field(default=None, primary_key=True)
    branch_id: int = Field(foreign_key="branch.id", index=True)
    created_by_id: int = Field(foreign_key="staff.id")
    created_at: datetime = Field(default_factory=utcnow)
    updated_at: datetime = Field(default_factory=utcnow)
    status: str = Field(default="draft", max_length=12)  # draft, applied, decided, withdrawn
    area: str = Field(max_length=300)
    responsible_name: str = Field(max_length=200)
    responsible_contact: str = Field(max_length=200)
    recognition: str = Field(default="", max_length=200)
    risk_assessment: str = Field(default="", sa_column=Column(Text, nullable=False))
    applied_on: date | None = None
    withdrawn_on: date | None = None
    identity_deleted_at: datetime | None = None


class BanIdentity(SQLModel, table=True):
    """Who the ban concerns. Only managers read it (``db.bans``); deleted when it is over."""

    __tablename__ = "ban_identity"

    id: int | None = Field(default=None, primary_key=True)
    case_id: int = Field(foreign_key="ban_case.id", unique=True)
    full_name: str = Field(max_length=200)
    birth_date: date
    established_how: str = Field(max_length=300)


class BanCaseIncident(SQLModel, table=True):
    __tablename__ = "ban_case_incident"

    case_id: int = Field(foreign_key="ban_case.id", primary_key=True)
    incident_id: int = Field(foreign_key="incident.id", primary_key=True)


class BanDecision(SQLModel, table=True):
    """The prosecutor's decision: granted for a period (at most a year), or refused.
    An extension is a further granted decision starting where the previous one ends."""

    __tablename__ = "ban_decision"

    id: int | None = Field(default=None, primary_key=True)
    case_id: int = Field(foreign_key="ban_case.id", index=True)
    decided_on: date
    granted: bool
    starts_on: date | None = None
    ends_on: date | None = Field(default=None, index=True)
    reference: str = Field(default="", max_length=60)  # the prosecutor's case number
    recorded_by_id: int = Field(foreign_key="staff.id")
    at: datetime = Field(default_factory=utcnow)


class DeskAlert(SQLModel, table=True):
    """A call for backup from a desk: where, and how urgent. Colleagues answer "coming"."""

    __tablename__ = "desk_alert"

    id: int | None = Field(default=None, primary_key=True)
    branch_id: int = Field(foreign_key="branch.id", index=True)
    desk_id: int | None = Field(default=None, foreign_key="desk.id")
    staff_id: int = Field(foreign_key="staff.id")
    zone_id: int = Field(foreign_key="zone.id")
    level: str = Field(max_length=12)  # when_you_can, now, call_112
    raised_at: datetime = Field(default_factory=utcnow, index=True)
    cancelled_at: datetime | None = None
    cancelled_by_id: int | None = Field(default=None, foreign_key="staff.id")


class DeskAlertAnswer(SQLModel, table=True):
    """A colleague on the way (one row per person and alert)."""

    __tablename__ = "desk_alert_answer"
    __table_args__ = (UniqueConstraint("alert_id", "staff_id"),)

    id: int | None = Field(default=None, primary_key=True)
    alert_id: int = Field(foreign_key="desk_alert.id", index=True)
    staff_id: int = Field(foreign_key="staff.id")
    desk_id: int | None = Field(default=None, foreign_key="desk.id")
    at: datetime = Field(default_factory=utcnow)


class Routine(SQLModel, table=True):
    """A short checklist for a situation (Markdown, Swedish and English), with revisions."""

    id: int | None = Field(default=None, primary_key=True)
    code: str = Field(max_length=30, unique=True)
    position: int = Field(default=0)
    title_sv: str = Field(max_length=100)
    title_en: str = Field(max_length=100)
    body_sv: str = Field(sa_column=Column(Text, nullable=False))
    body_en: str = Field(sa_column=Column(Text, nullable=False))
    incident_type: str | None = Field(default=None, max_length=30)  # what to record after
    revision: int = Field(default=1)
    updated_at: datetime = Field(default_factory=utcnow)


class RoutineRevision(SQLModel, table=True):
    __tablename__ = "routine_revision"
    __table_args__ = (UniqueConstraint("routine_id", "revision"),)

    id: int | None = Field(default=None, primary_key=True)
    routine_id: int = Field(foreign_key="routine.id", index=True)
    revision: int
    title_sv: str = Field(max_length=100)
    title_en: str = Field(max_length=100)
    body_sv: str = Field(sa_column=Column(Text, nullable=False))
    body_en: str = Field(sa_column=Column(Text, nullable=False))
    edited_by_id: int | None = Field(default=None, foreign_key="staff.id")
    at: datetime = Field(default_factory=utcnow)
