"""Audit events: who did what, and when."""

from __future__ import annotations

import json
from dataclasses import dataclass
from datetime import datetime

from sqlmodel import Session, col, select

from db.clock import utcnow
from db.database import Database
from db.models import AuditEvent, Staff
from db.records import StaffInfo
from db.roles import Permission, require


def record(session: Session, action: str, *, staff_id: int | None = None,
           desk_id: int | None = None, subject: str | None = None,
           at: datetime | None = None, **detail: object) -> None:
    """Add an audit event to ``session``'s transaction (at ``at``, default now)."""
    session.add(AuditEvent(
        action=action, staff_id=staff_id, desk_id=desk_id, subject=subject,
        at=at or utcnow(),
        detail=json.dumps(detail, ensure_ascii=False, default=str) if detail else None,
    ))


@dataclass(frozen=True)
class AuditRow:
    id: int
    at: datetime
    initials: str | None
    action: str
    subject: str | None
    detail: str | None


def events(database: Database, actor: StaffInfo | None, *, start: datetime | None = None,
           end: datetime | None = None, action: str | None = None,
           initials: str | None = None, before_id: int | None = None,
           limit: int = 200) -> list[AuditRow]:
    """Audit events newest first, for those who may read the log (``actor`` None: the local
    administrator at the command line). ``before_id`` pages on (the last row's id)."""
    require(actor.role if actor is not None else None, Permission.VIEW_AUDIT)
    clauses = []
    if start is not None:
        clauses.append(col(AuditEvent.at) >= start)
    if end is not None:
        clauses.append(col(AuditEvent.at) < end)
    if action:
        clauses.append(col(AuditEvent.action).startswith(action.strip()))
    if before_id is not None:
        clauses.append(col(AuditEvent.id) < before_id)
    with database.read() as session:
        if initials:
            staff_id = session.exec(select(Staff.id).where(
                Staff.initials == initials.strip().upper())).first()
            clauses.append(AuditEvent.staff_id == (staff_id or -1))
        rows = session.exec(
            select(AuditEvent, Staff.initials)
            .join(Staff, col(Staff.id) == col(AuditEvent.staff_id), isouter=True)
            .where(*clauses).order_by(col(AuditEvent.id).desc()).limit(limit)
        ).all()
    return [AuditRow(e.id or 0, e.at, initials, e.action, e.subject, e.detail)
            for e, initials in rows]
