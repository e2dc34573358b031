"""Audit events: who did what, and when."""

from __future__ import annotations

import json
from dataclasses import dataclass
from datetime import datetime

from sqlmodel import Session, col, select

from db.clock import utcnow
from db.database import Database
from db.models import AuditEvent, Staff


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
    at: datetime
    initials: str | None
    action: str
    subject: str | None
    detail: str | None


def recent(database: Database, limit: int = 100) -> list[AuditRow]:
    with database.read() as session:
        rows = session.exec(
            select(AuditEvent, Staff.initials)
            .join(Staff, col(Staff.id) == col(AuditEvent.staff_id), isouter=True)
            .order_by(col(AuditEvent.id).desc()).limit(limit)
        ).all()
    return [AuditRow(e.at, initials, e.action, e.subject, e.detail) for e, initials in rows]
