"""The desk alert: one key asks the colleagues of the branch for backup — where, and how
urgent. Every open desk of the branch hears it at once (``db.live``, topic ``alert``);
colleagues answer "coming"; the sender sees who; it can be cancelled. Everything is logged
and counted in the shift summary."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime, timedelta

from sqlmodel import col, select

from db import audit
from db.clock import utcnow
from db.database import Database, upsert_insert
from db.directory import Place
from db.errors import N_, NotFound, ValidationError
from db.models import Desk, Staff
from db.models_incidents import DeskAlert, DeskAlertAnswer, Zone
from db.records import StaffInfo

LEVELS = ("when_you_can", "now", "call_112")
OPEN_FOR = timedelta(hours=2)  # an alert nobody cancelled stops showing after this


@dataclass(frozen=True)
class AlertView:
    id: int
    level: str
    zone_sv: str
    zone_en: str
    raised_by: str  # initials
    raised_by_id: int
    desk: str
    raised_at: datetime
    coming: tuple[str, ...]  # initials of those on the way
    cancelled: bool = False


def raise_alert(database: Database, place: Place, zone_id: int, level: str,
                now: datetime | None = None) -> int:
    """Ask the branch for backup at ``zone_id``; returns the alert's id."""
    from db.live import publish

    if level not in LEVELS:
        raise ValidationError(N_("choose how urgent"), field="level")
    if place.branch_id is None:
        raise ValidationError(N_("this desk belongs to no branch"), field="zone")
    now = now or utcnow()
    with database.write() as session:
        zone = session.get(Zone, zone_id) if zone_id else None
        if zone is None or zone.branch_id != place.branch_id:
            raise ValidationError(N_("choose where it happened"), field="zone")
        alert = DeskAlert(branch_id=place.branch_id, desk_id=place.desk_id,
                          staff_id=place.staff_id, zone_id=zone_id, level=level, raised_at=now)
        session.add(alert)
        session.flush()
        assert alert.id is not None
        audit.record(session, "alert_raised", staff_id=place.staff_id, desk_id=place.desk_id,
                     subject=f"alert:{alert.id}", at=now, level=level, zone=zone.code)
        publish(session, "alert", branch_id=place.branch_id, ref=str(alert.id))
        return alert.id


def answer(database: Database, alert_id: int, staff: StaffInfo, desk_id: int | None,
           now: datetime | None = None) -> None:
    """``staff`` is on the way (answering twice is the same as once)."""
    from db.live import publish

    now = now or utcnow()
    with database.write() as session:
        alert = session.get(DeskAlert, alert_id)
        if alert is None:
            raise NotFound(N_("the alert is gone"))
        if alert.cancelled_at is not None:
            raise ValidationError(N_("the alert was cancelled"), field="alert")
        # One statement: two presses of "coming" at once cannot collide.
        added = session.execute(upsert_insert(session, DeskAlertAnswer.__table__).values(
            alert_id=alert_id, staff_id=staff.id, desk_id=desk_id, at=now)
            .on_conflict_do_nothing(index_elements=["alert_id", "staff_id"]))
        if added.rowcount:
            audit.record(session, "alert_answered", staff_id=staff.id, desk_id=desk_id,
                         subject=f"alert:{alert_id}", at=now)
            publish(session, "alert", branch_id=alert.branch_id, ref=str(alert_id))


def cancel(database: Database, alert_id: int, staff: StaffInfo,
           now: datetime | None = None) -> None:
    """The situation is over (anyone of the branch may cancel: the sender may be busy)."""
    from db.live import publish

    now = now or utcnow()
    with database.write() as session:
        alert = session.get(DeskAlert, alert_id, with_for_update=True)
        if alert is None:
            raise NotFound(N_("the alert is gone"))
        if alert.cancelled_at is None:
            alert.cancelled_at, alert.cancelled_by_id = now, staff.id
            session.add(alert)
            audit.record(session, "alert_cancelled", staff_id=staff.id,
                         subject=f"alert:{alert_id}", at=now)
            publish(session, "alert", branch_id=alert.branch_id, ref=str(alert_id))


def active_alerts(database: Database, branch_id: int, now: datetime) -> list[AlertView]:
    """The branch's alerts that are not cancelled (nor older than ``OPEN_FOR``), newest
    first, with who is coming."""
    since = now - OPEN_FOR
    with database.read() as session:
        alerts = session.exec(select(DeskAlert).where(
            DeskAlert.branch_id == branch_id, col(DeskAlert.cancelled_at).is_(None),
            col(DeskAlert.raised_at) >= since).order_by(col(DeskAlert.id).desc())).all()
        if not alerts:
            return []
        initials = dict(session.exec(select(Staff.id, Staff.initials)).all())
        desks = dict(session.exec(select(Desk.id, Desk.name)).all())
        answers: dict[int, list[str]] = {}
        for row in session.exec(select(DeskAlertAnswer).where(
                col(DeskAlertAnswer.alert_id).in_([a.id for a in alerts]))
                .order_by(col(DeskAlertAnswer.at))).all():
            answers.setdefault(row.alert_id, []).append(initials.get(row.staff_id, "?"))
        views = []
        for alert in alerts:
            zone = session.get(Zone, alert.zone_id)
            views.append(AlertView(
                id=alert.id or 0, level=alert.level, zone_sv=zone.label_sv if zone else "?",
                zone_en=zone.label_en if zone else "?",
                raised_by=initials.get(alert.staff_id, "?"), raised_by_id=alert.staff_id,
                desk=desks.get(alert.desk_id, "") if alert.desk_id else "",
                raised_at=alert.raised_at, coming=tuple(answers.get(alert.id, ()))))
        return views


def alerts_between(database: Database, branch_id: int, start: datetime,
                   end: datetime) -> int:
    """How many alerts the branch raised in a period (the shift summary)."""
    from sqlmodel import func

    with database.read() as session:
        return session.scalar(select(func.count()).select_from(DeskAlert).where(
            DeskAlert.branch_id == branch_id, col(DeskAlert.raised_at) >= start,
            col(DeskAlert.raised_at) < end)) or 0
