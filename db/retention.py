"""How long each kind of record is kept, and the purge that deletes what is older.

The administrator sets a period per record type (``set_retention``); the purge runs daily in
every open app and by ``lotsen purge [--dry-run]``. Deleted rows are really gone: SQLite runs
with ``secure_delete`` (freed pages are overwritten) and the purge checkpoints the WAL.
Incidents that an access-ban case still rests on wait until its identity is deleted.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime, timedelta

from sqlalchemy import delete, text
from sqlmodel import Session, col, select

from db import audit
from db.clock import utcnow
from db.database import Database
from db.errors import N_, ValidationError
from db.models import AuditEvent, Setting
from db.models_directory import Referral
from db.models_handover import (
    FollowUp,
    HandoverAck,
    HandoverNote,
    HandoverNoteIncident,
    HandoverNoteRevision,
)
from db.models_incidents import (
    BanCase,
    BanCaseIncident,
    Draft,
    Incident,
    IncidentNote,
    IncidentRevision,
)
from db.records import StaffInfo
from db.roles import Permission, require

# Record type → default days kept (stated in the README).
DEFAULTS: dict[str, int] = {
    "handover_notes": 90,   # after the note's expiry
    "incidents": 1095,      # three years after it happened
    "referrals": 1095,      # anonymous counts: three years of statistics
    "audit_events": 730,    # two years
    "drafts": 30,           # unsaved form contents
}
LIMITS = (1, 3650)
_KEY = "retention.{}"
_PG_LOCK = 0x4C6F7450  # "LotP": one purge at a time
BATCH = 500  # ids per DELETE … IN (…): far below the databases' parameter limits


def _batches(items: list) -> list[list]:
    return [items[i:i + BATCH] for i in range(0, len(items), BATCH)]


@dataclass(frozen=True)
class PurgeReport:
    counts: dict[str, int]
    dry_run: bool

    @property
    def total(self) -> int:
        return sum(self.counts.values())


def retention_days(database: Database) -> dict[str, int]:
    """The period of every record type: the administrator's setting or the default."""
    with database.read() as session:
        stored = dict(session.exec(select(Setting.key, Setting.value)).all())
    days = {}
    for kind, default in DEFAULTS.items():
        try:
            days[kind] = int(stored.get(_KEY.format(kind), default))
        except ValueError:
            days[kind] = default
    return days


def set_retention(database: Database, kind: str, days: int,
                  actor: StaffInfo | None) -> None:
    """Keep records of ``kind`` for ``days`` days (the administrator; None: the CLI)."""
    require(actor.role if actor is not None else None, Permission.CONFIGURE)
    if kind not in DEFAULTS:
        raise ValidationError(N_("the record types are {kinds}"), field="kind",
                              kinds=", ".join(DEFAULTS))
    if not isinstance(days, int) or not LIMITS[0] <= days <= LIMITS[1]:
        raise ValidationError(N_("keep records {low}–{high} days"), field="days",
                              low=LIMITS[0], high=LIMITS[1])
    with database.write() as session:
        key = _KEY.format(kind)
        row = session.get(Setting, key) or Setting(key=key, value=str(days))
        row.value, row.updated_at = str(days), utcnow()
        row.updated_by_id = actor.id if actor is not None else None
        session.add(row)
        audit.record(session, "retention_set", staff_id=row.updated_by_id,
                     subject=f"retention:{kind}", days=days)


def _in_open_ban_cases(session: Session) -> set[int]:
    return set(session.exec(
        select(BanCaseIncident.incident_id).join(
            BanCase, col(BanCase.id) == col(BanCaseIncident.case_id))
        .where(col(BanCase.identity_deleted_at).is_(None))).all())


def purge(database: Database, now: datetime | None = None,
          dry_run: bool = False) -> PurgeReport:
    """Delete every record older than its retention period (``dry_run``: only count)."""
    from db.incident_stats import tally

    now = now or utcnow()
    days = retention_days(database)
    before = {kind: now - timedelta(days=n) for kind, n in days.items()}
    counts: dict[str, int] = {}
    with database.write() as session:
        if session.get_bind().dialect.name == "postgresql":
            # Every open app purges at start: one at a time, so no incident is counted out of
            # the statistics twice (SQLite's BEGIN IMMEDIATE already serialises this).
            session.execute(text("SELECT pg_advisory_xact_lock(:key)"), {"key": _PG_LOCK})
        open_tasks = select(FollowUp.note_id).where(col(FollowUp.done_at).is_(None))
        notes = list(session.exec(select(HandoverNote.id).where(
            col(HandoverNote.expires_at) < before["handover_notes"],
            col(HandoverNote.id).not_in(open_tasks))).all())  # an open task keeps its note
        waiting = _in_open_ban_cases(session)
        incidents = [row for row in session.exec(select(Incident).where(
            col(Incident.occurred_at) < before["incidents"])).all() if row.id not in waiting]
        counts["handover_notes"] = len(notes)
        counts["incidents"] = len(incidents)
        for kind, model, column in (("referrals", Referral, Referral.at),
                                    ("audit_events", AuditEvent, AuditEvent.at),
                                    ("drafts", Draft, Draft.updated_at)):
            matching = select(model).where(col(column) < before[kind])
            counts[kind] = len(session.exec(matching).all())
            if not dry_run:
                session.exec(delete(model).where(col(column) < before[kind]))
        if dry_run:
            session.rollback()
            return PurgeReport(counts, dry_run=True)
        for batch in _batches(notes):
            for model, column in ((HandoverAck, HandoverAck.note_id),
                                  (HandoverNoteRevision, HandoverNoteRevision.note_id),
                                  (FollowUp, FollowUp.note_id),
                                  (HandoverNoteIncident, HandoverNoteIncident.note_id),
                                  (HandoverNote, HandoverNote.id)):
                session.exec(delete(model).where(col(column).in_(batch)))
        for rows in _batches(incidents):
            ids = [row.id for row in rows]
            for row in rows:
                tally(session, row, -1)
            for model, column in ((IncidentRevision, IncidentRevision.incident_id),
                                  (IncidentNote, IncidentNote.incident_id),
                                  (HandoverNoteIncident, HandoverNoteIncident.incident_id),
                                  (BanCaseIncident, BanCaseIncident.incident_id),
                                  (Incident, Incident.id)):
                session.exec(delete(model).where(col(column).in_(ids)))
        if sum(counts.values()):
            audit.record(session, "purged", at=now, **counts)
    if sum(counts.values()) and database.backend == "sqlite":
        # secure_delete has overwritten the freed pages; move them out of the WAL too.
        with database.engine.connect() as conn:
            conn.execute(text("PRAGMA wal_checkpoint(TRUNCATE)"))
    return PurgeReport(counts, dry_run=False)
