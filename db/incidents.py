"""Incident entries: the configurable types and zones, fast entry with validation, edits as
revisions (nothing overwritten silently), follow-up notes with feedback to the reporter,
drafts, and the list with filters paged in SQL.

Times are aware UTC in the database; the local day, hour and weekday (Europe/Stockholm) are
stored beside them for statistics.
"""

from __future__ import annotations

import json
import re
from dataclasses import dataclass
from datetime import UTC, date, datetime, time, timedelta

from sqlalchemy import and_, delete, or_
from sqlmodel import Session, col, func, select

from db import audit
from db.clock import LOCAL_TZ, utcnow
from db.database import Database, upsert_insert
from db.directory import Place
from db.errors import N_, LotsenError, NotFound, PermissionDenied, ValidationError
from db.incident_stats import tally, tally_rows
from db.models import Branch, Role, Staff
from db.models_incidents import (
    Draft,
    Incident,
    IncidentNote,
    IncidentRevision,
    IncidentType,
    Zone,
)
from db.privacy_guard import Keep, guard
from db.records import StaffInfo
from db.roles import Permission, can, require

# Municipal reporting categories each type maps to.
CATEGORIES = ("visitor", "property", "accident", "risk")

# (code, key, Swedish, English, category): the defaults a new database starts with.
DEFAULT_TYPES: tuple[tuple[str, str, str, str, str], ...] = (
    ("threat", "h", "Hot", "Threat", "visitor"),
    ("violence", "v", "Våld", "Violence", "visitor"),
    ("drug_dealing", "n", "Narkotikaförsäljning", "Drug dealing", "visitor"),
    ("intoxication", "p", "Påverkad person", "Intoxication", "visitor"),
    ("alcohol", "a", "Alkohol", "Alcohol", "visitor"),
    ("theft", "s", "Stöld", "Theft", "property"),
    ("vandalism", "g", "Skadegörelse", "Vandalism", "property"),
    ("staff_harassment", "t", "Trakasserier mot personal", "Harassment of staff", "visitor"),
    ("disturbance", "o", "Ordningsstörning", "Disturbance", "visitor"),
    ("toilet_stay", "w", "Person kvar på toaletten", "Person staying in the toilets", "risk"),
    ("medical", "m", "Akut sjukdomsfall", "Medical emergency", "accident"),
    ("fire_alarm", "b", "Brandlarm", "Fire alarm", "property"),
    ("other", "x", "Annat", "Other", "risk"),
)

# (code, key, Swedish, English): every branch starts with these zones.
DEFAULT_ZONES: tuple[tuple[str, str, str, str], ...] = (
    ("entrance", "e", "Entré", "Entrance"),
    ("children", "b", "Barnavdelning", "Children's area"),
    ("computers", "d", "Datorer", "Computers"),
    ("toilets", "t", "Toaletter", "Toilets"),
    ("reading_room", "l", "Läsesal", "Reading room"),
    ("cafe", "k", "Kafé", "Café"),
    ("desk", "i", "Informationsdisk", "Information desk"),
    ("outside", "u", "Utanför entrén", "Outside the entrance"),
    ("elsewhere", "x", "Annan plats", "Elsewhere"),
)

# (code, key, English label for the catalogue): what staff did.
ACTIONS: tuple[tuple[str, str, str], ...] = (
    ("talked", "1", N_("talked")),
    ("asked_to_leave", "2", N_("asked to leave")),
    ("guard", "3", N_("guard called")),
    ("police_112", "4", N_("police 112")),
    ("police_11414", "5", N_("police 114 14")),
    ("ambulance", "6", N_("ambulance")),
    ("rescue", "7", N_("rescue service")),
    ("area_closed", "8", N_("area closed")),
    ("ban_considered", "9", N_("access ban considered")),
)
ACTION_CODES = tuple(code for code, _key, _label in ACTIONS)
SEVERITIES = (1, 2, 3, 4)
DEFAULT_SEVERITY = 2
KIA_STATUSES = ("needed", "reported", "closed")
FOLLOW_UP_ROLES = (Role.SOCIALWORKER.value, Role.MANAGER.value)
STATUSES = ("recorded", "open", "closed")
MAX_DESCRIPTION = 4000
PAGE_SIZE = 200
MAX_BARE_MINUTES = 180  # a bare number up to this is minutes ago; "930" is 09:30
DRAFT_FORM_INCIDENT = "incident"

# Swedish police report numbers ("diarienummer"): region 4 digits, K, serial, year (2 digits).
_POLICE_REPORT = re.compile(r"^(\d{4})\s*-\s*K\s*(\d{1,8})\s*-\s*(\d{2})$", re.IGNORECASE)
_AGO = re.compile(r"^-?\s*(\d{1,3})\s*(m|min|mins|minut|minuter|minutes?)?"
                  r"(\s+(sedan|ago))?$", re.IGNORECASE)
_HOURS_AGO = re.compile(r"^-?\s*(\d{1,2})\s*(h|tim|timmar|timme|hours?)(\s+(sedan|ago))?$",
                        re.IGNORECASE)
_CLOCK = re.compile(r"^(\d{1,2})[:.]?(\d{2})$")


# ----------------------------------------------------------------------------- set-up
def ensure_incident_types(session: Session) -> None:
    """Add the default types to a database that has none."""
    if session.exec(select(IncidentType.id).limit(1)).first() is not None:
        return
    for position, (code, key, sv, en, category) in enumerate(DEFAULT_TYPES):
        session.add(IncidentType(code=code, key=key, label_sv=sv, label_en=en,
                                 category=category, position=position))


def ensure_zones(session: Session, branch_id: int) -> None:
    """Give a branch the default zones when it has none."""
    if session.exec(select(Zone.id).where(Zone.branch_id == branch_id).limit(1)).first():
        return
    for position, (code, key, sv, en) in enumerate(DEFAULT_ZONES):
        session.add(Zone(branch_id=branch_id, code=code, key=key, label_sv=sv, label_en=en,
                         position=position))


def ensure_defaults(session: Session) -> None:
    ensure_incident_types(session)
    for branch_id in session.exec(select(Branch.id)).all():
        ensure_zones(session, branch_id)


# ----------------------------------------------------------------------------- records
@dataclass(frozen=True)
class Choice:
    """An incident type or a zone as the entry form shows it."""

    id: int
    code: str
    key: str
    label_sv: str
    label_en: str
    category: str = ""

    def label(self, lang: str) -> str:
        return self.label_en if lang == "en" else self.label_sv


@dataclass(frozen=True)
class Choices:
    types: tuple[Choice, ...]
    zones: tuple[Choice, ...]


def choices(database: Database, branch_id: int) -> Choices:
    with database.read() as session:
        types = session.exec(select(IncidentType).where(col(IncidentType.active))
                             .order_by(col(IncidentType.position))).all()
        zones = session.exec(select(Zone).where(Zone.branch_id == branch_id, col(Zone.active))
                             .order_by(col(Zone.position))).all()
        return Choices(
            tuple(Choice(t.id, t.code, t.key, t.label_sv, t.label_en, t.category)
                  for t in types if t.id is not None),
            tuple(Choice(z.id, z.code, z.key, z.label_sv, z.label_en)
                  for z in zones if z.id is not None))


@dataclass(frozen=True)
class IncidentInput:
    """What the entry form (or the command line) gives. ``occurred_at`` None: now."""

    type_id: int
    zone_id: int
    occurred_at: datetime | None = None
    severity: int = DEFAULT_SEVERITY
    description: str = ""
    actions: tuple[str, ...] = ()
    police_report: str = ""
    staff_affected: bool = False
    kia_case: str = ""
    kia_status: str = ""
    follow_up_by: str = ""


@dataclass(frozen=True)
class IncidentRow:
    """One line of the incident list."""

    id: int
    occurred_at: datetime
    type_sv: str
    type_en: str
    zone_sv: str
    zone_en: str
    severity: int
    status: str
    reporter: str  # initials
    revision: int
    staff_affected: bool
    kia_status: str | None
    police_report: str | None
    follow_up_by: str | None
    description: str
    news: bool = False  # follow-up news the reporter has not seen

    @property
    def changed(self) -> bool:
        return self.revision > 1


@dataclass(frozen=True)
class RevisionView:
    revision: int
    at: datetime
    by: str  # initials
    changes: tuple[tuple[str, str, str], ...]  # (field, before, after); empty for the first


@dataclass(frozen=True)
class NoteEntry:
    at: datetime
    by: str
    kind: str
    text: str


@dataclass(frozen=True)
class IncidentDetail:
    row: IncidentRow
    type_id: int
    zone_id: int
    actions: tuple[str, ...]
    kia_case: str | None
    reporter_id: int
    closed_at: datetime | None
    closed_by: str | None
    revisions: tuple[RevisionView, ...] = ()
    notes: tuple[NoteEntry, ...] = ()


@dataclass(frozen=True)
class IncidentFilter:
    branch_id: int | None = None
    start: datetime | None = None  # inclusive
    end: datetime | None = None  # exclusive
    type_id: int | None = None
    zone_id: int | None = None
    status: str | None = None  # recorded, open, closed, kia (work-environment report not made)
    reporter: str | None = None  # initials
    mine_for_follow_up: str | None = None  # a role: open incidents marked for it
    text: str = ""  # words that must all be in the description


# ----------------------------------------------------------------------------- validation
def parse_when(text: str, now: datetime) -> datetime:
    """When it happened, from a form field: empty or "nu"/"now", minutes ago ("10",
    "10 min sedan", "-10"), hours ago ("2 h"), a clock time today ("14:30", yesterday when
    that is still to come) or "YYYY-MM-DD HH:MM". Refuses the future."""
    raw = " ".join((text or "").split())
    local_now = now.astimezone(LOCAL_TZ)
    if raw.casefold() in ("", "nu", "now"):
        return now
    ago = _AGO.match(raw)
    if ago is not None and ago.group(2) is None and int(ago.group(1)) > MAX_BARE_MINUTES:
        ago = None  # "930" is half past nine, not 930 minutes ago
    if ago is not None:
        moment = now - timedelta(minutes=int(ago.group(1)))
    elif (match := _HOURS_AGO.match(raw)) is not None:
        moment = now - timedelta(hours=int(match.group(1)))
    elif (match := _CLOCK.match(raw)) is not None:
        clock = _clock(int(match.group(1)), int(match.group(2)))
        moment = datetime.combine(local_now.date(), clock, tzinfo=LOCAL_TZ)
        if moment > local_now + timedelta(minutes=5):
            moment -= timedelta(days=1)
    else:
        try:
            moment = datetime.fromisoformat(raw.replace("T", " "))
        except ValueError:
            raise ValidationError(N_("write the time as 14:30, \"10 min\" (ago) or "
                                     "YYYY-MM-DD HH:MM"), field="when") from None
        if moment.tzinfo is None:
            moment = moment.replace(tzinfo=LOCAL_TZ)
    return check_time(moment, now)


def check_time(moment: datetime, now: datetime, stored: datetime | None = None) -> datetime:
    """``moment`` in UTC when it is neither to come nor more than ten years ago (an edited
    incident may keep its ``stored`` time)."""
    try:
        utc = moment.astimezone(UTC)
        if utc > now + timedelta(minutes=5):
            raise ValidationError(N_("that time has not come yet"), field="when")
        if utc < now - timedelta(days=3660) and utc != stored:
            raise ValidationError(N_("that time is more than ten years ago"), field="when")
    except OverflowError:
        raise ValidationError(N_("that time is more than ten years ago"), field="when") from None
    return utc


def _clock(hour: int, minute: int) -> time:
    if hour > 23 or minute > 59:
        raise ValidationError(N_("write the time as 14:30, \"10 min\" (ago) or "
                                 "YYYY-MM-DD HH:MM"), field="when")
    return time(hour, minute)


def normalize_police_report(text: str) -> str | None:
    """A police report number as 5000-K123456-26, or None when empty."""
    raw = (text or "").strip()
    if not raw:
        return None
    match = _POLICE_REPORT.match(raw)
    if match is None:
        raise ValidationError(N_("a police report number looks like 5000-K123456-26"),
                              field="police_report")
    return f"{match.group(1)}-K{match.group(2)}-{match.group(3)}"


def _plain(text: str, field_name: str, limit: int, *, multiline: bool = False) -> str:
    clean = (text or "").strip()
    if len(clean) > limit:
        raise ValidationError(N_("at most {limit} characters"), field=field_name, limit=limit)
    allowed = "\n\t" if multiline else ""
    if any((ord(ch) < 32 and ch not in allowed) or 0x7F <= ord(ch) < 0xA0 for ch in clean):
        raise ValidationError(N_("contains control characters"), field=field_name)
    return clean


@dataclass(frozen=True)
class _Clean:
    occurred_at: datetime
    type_id: int
    zone_id: int
    severity: int
    description: str
    actions: str
    police_report: str | None
    staff_affected: bool
    kia_case: str | None
    kia_status: str | None
    follow_up_by: str | None


def _validate(session: Session, branch_id: int, data: IncidentInput, now: datetime,
              stored_time: datetime | None = None,
              keep: tuple[int, int] | None = None) -> _Clean:
    """Check ``data``; a missing time is now for a new incident, the stored one on edit.
    ``keep``: the (type, zone) an edited incident has, accepted even if since retired."""
    kept_type, kept_zone = keep or (None, None)
    kind = session.get(IncidentType, data.type_id) if data.type_id else None
    if kind is None or not (kind.active or kind.id == kept_type):
        raise ValidationError(N_("choose what happened"), field="type")
    zone = session.get(Zone, data.zone_id) if data.zone_id else None
    if zone is None or zone.branch_id != branch_id or not (zone.active or zone.id == kept_zone):
        raise ValidationError(N_("choose where it happened"), field="zone")
    if data.severity not in SEVERITIES:
        raise ValidationError(N_("severity is 1–4"), field="severity")
    unknown = [a for a in data.actions if a not in ACTION_CODES]
    if unknown:
        raise ValidationError(N_("unknown action {action}"), field="actions",
                              action=str(unknown[0])[:30])
    occurred = data.occurred_at or stored_time or now
    if occurred.tzinfo is None:
        raise ValidationError(N_("the time needs a time zone"), field="when")
    occurred = check_time(occurred, now, stored_time)
    follow_up = (data.follow_up_by or "").strip().lower() or None
    if follow_up is not None and follow_up not in FOLLOW_UP_ROLES:
        raise ValidationError(N_("follow-up goes to the social worker or the manager"),
                              field="follow_up")
    kia_status = (data.kia_status or "").strip().lower() or None
    kia_case = _plain(data.kia_case, "kia_case", 40) or None
    if data.staff_affected:
        kia_status = kia_status or "needed"
        if kia_status not in KIA_STATUSES:
            raise ValidationError(N_("the report status is needed, reported or closed"),
                                  field="kia_status")
    elif kia_case or kia_status:
        raise ValidationError(N_("a work-environment report needs \"staff were affected\""),
                              field="kia_case")
    ordered = tuple(code for code in ACTION_CODES if code in set(data.actions))
    return _Clean(
        occurred_at=occurred.astimezone(UTC), type_id=kind.id or 0, zone_id=zone.id or 0,
        severity=data.severity,
        description=_plain(data.description, "description", MAX_DESCRIPTION, multiline=True),
        actions=",".join(ordered), police_report=normalize_police_report(data.police_report),
        staff_affected=data.staff_affected, kia_case=kia_case, kia_status=kia_status,
        follow_up_by=follow_up)


def _apply(row: Incident, clean: _Clean) -> None:
    local = clean.occurred_at.astimezone(LOCAL_TZ)
    row.occurred_at = clean.occurred_at
    row.local_day = local.date()
    row.hour = local.hour
    row.weekday = local.weekday()
    for name in ("type_id", "zone_id", "severity", "description", "actions", "police_report",
                 "staff_affected", "kia_case", "kia_status", "follow_up_by"):
        setattr(row, name, getattr(clean, name))


def _snapshot(session: Session, row: Incident) -> str:
    kind = session.get(IncidentType, row.type_id)
    zone = session.get(Zone, row.zone_id)
    return json.dumps({
        "occurred_at": row.occurred_at.astimezone(UTC).isoformat(),
        "type": kind.code if kind else str(row.type_id),
        "zone": zone.code if zone else str(row.zone_id),
        "severity": row.severity,
        "description": row.description,
        "actions": row.actions,
        "police_report": row.police_report or "",
        "staff_affected": row.staff_affected,
        "kia_case": row.kia_case or "",
        "kia_status": row.kia_status or "",
        "follow_up_by": row.follow_up_by or "",
        "status": row.status,
    }, ensure_ascii=False, sort_keys=True)


# ----------------------------------------------------------------------------- writing
def add_incident(database: Database, place: Place, data: IncidentInput,
                 now: datetime | None = None, draft: str | None = None,
                 keep: Keep | None = None) -> int:
    """Record an incident at this desk's branch; returns its id. ``draft``: the form whose
    draft this entry was, thrown away in the same transaction (never one without the
    other)."""
    from db.live import publish

    now = now or utcnow()
    if place.branch_id is None:
        raise ValidationError(N_("this desk belongs to no branch"), field="type")
    with database.write() as session:
        clean = _validate(session, place.branch_id, data, now)
        guard(session, clean.description, "description", place.staff_id, "incident", keep)
        row = Incident(branch_id=place.branch_id, desk_id=place.desk_id,
                       reporter_id=place.staff_id, local_day=date.min, hour=0, weekday=0,
                       occurred_at=now, type_id=0, zone_id=0, severity=DEFAULT_SEVERITY,
                       status="open" if clean.follow_up_by else "recorded",
                       created_at=now, updated_at=now)
        _apply(row, clean)
        session.add(row)
        session.flush()
        assert row.id is not None
        tally(session, row, 1)
        session.add(IncidentRevision(incident_id=row.id, revision=1, edited_by_id=place.staff_id,
                                     at=now, data=_snapshot(session, row)))
        if draft is not None:
            session.exec(delete(Draft).where(Draft.staff_id == place.staff_id,
                                             Draft.form == _draft_key(draft)))
        audit.record(session, "incident_recorded", staff_id=place.staff_id,
                     desk_id=place.desk_id, subject=f"incident:{row.id}", at=now)
        publish(session, "incident", branch_id=place.branch_id, ref=str(row.id))
        return row.id


class EditConflict(LotsenError):
    """Someone saved the incident after the editor opened it."""


def _may_edit(row: Incident, editor: StaffInfo) -> bool:
    return row.reporter_id == editor.id or can(editor.role, Permission.FOLLOW_UP_INCIDENTS)


def edit_incident(database: Database, incident_id: int, editor: StaffInfo, data: IncidentInput,
                  expected_revision: int, now: datetime | None = None,
                  keep: Keep | None = None) -> int:
    """Save a new revision; returns its number. Refuses when someone else saved in between
    (``expected_revision`` is the revision the editor started from)."""
    from db.live import publish

    now = now or utcnow()
    with database.write() as session:
        row = session.get(Incident, incident_id, with_for_update=True)
        if row is None:
            raise NotFound(N_("incident {id} does not exist"), id=incident_id)
        if not _may_edit(row, editor):
            raise PermissionDenied(N_("only the reporter, the social worker or a manager may "
                                      "change an incident"))
        if row.revision != expected_revision:
            raise EditConflict(N_("someone else changed this incident meanwhile; close it and "
                                  "open it again to see their change"))
        before = _snapshot(session, row)
        clean = _validate(session, row.branch_id, data, now, row.occurred_at,
                          keep=(row.type_id, row.zone_id))
        if clean.description != row.description:  # text kept earlier is not asked again
            guard(session, clean.description, "description", editor.id,
                  f"incident:{incident_id}", keep)
        counted = tally_rows(row, -1)
        had_follow_up = row.follow_up_by
        _apply(row, clean)
        tally(session, row, 1, before=counted)
        # Only a change of "follow-up by" opens or settles the case; an edit of anything
        # else leaves the follow-up where it is (a note may have opened it).
        if row.follow_up_by != had_follow_up:
            if row.follow_up_by and row.status == "recorded":
                row.status = "open"
            elif not row.follow_up_by and row.status == "open":
                row.status = "recorded"
        after = _snapshot(session, row)
        if after == before:
            return row.revision
        row.revision += 1
        row.updated_at = now
        session.add(row)
        session.add(IncidentRevision(incident_id=row.id, revision=row.revision,
                                     edited_by_id=editor.id, at=now, data=after))
        audit.record(session, "incident_changed", staff_id=editor.id,
                     subject=f"incident:{row.id}", at=now, revision=row.revision)
        publish(session, "incident", branch_id=row.branch_id, ref=str(row.id))
        return row.revision


def add_follow_up(database: Database, incident_id: int, actor: StaffInfo, text: str,
                  close: bool = False, now: datetime | None = None,
                  keep: Keep | None = None) -> None:
    """A follow-up note ("what happened next"); with ``close`` it also closes the case.
    The reporter sees it as news."""
    _note(database, incident_id, actor, text, "close" if close else "note", now, keep)


def reopen(database: Database, incident_id: int, actor: StaffInfo, reason: str,
           now: datetime | None = None, keep: Keep | None = None) -> None:
    """Open a closed case again, saying why (a note the reporter sees too)."""
    _note(database, incident_id, actor, reason, "reopen", now, keep)


_EMPTY_NOTE = {"note": N_("write what was done"), "close": N_("write what was done"),
               "reopen": N_("write why it is reopened")}


def _note(database: Database, incident_id: int, actor: StaffInfo, text: str, kind: str,
          now: datetime | None, keep: Keep | None) -> None:
    from db.live import publish

    require(actor.role, Permission.FOLLOW_UP_INCIDENTS)
    now = now or utcnow()
    clean = _plain(text, "text", 2000, multiline=True)
    if not clean:
        raise ValidationError(_EMPTY_NOTE[kind], field="text")
    with database.write() as session:
        row = session.get(Incident, incident_id, with_for_update=True)
        if row is None:
            raise NotFound(N_("incident {id} does not exist"), id=incident_id)
        guard(session, clean, "text", actor.id, f"incident:{incident_id}", keep)
        if kind == "close":
            if row.status == "closed":
                raise ValidationError(N_("the incident is already closed"), field="text")
            row.status, row.closed_at, row.closed_by_id = "closed", now, actor.id
        elif kind == "reopen":
            row.status, row.closed_at, row.closed_by_id = "open", None, None
            row.follow_up_by = row.follow_up_by or actor.role
        elif row.status == "recorded":
            row.status = "open"
        session.add(IncidentNote(incident_id=incident_id, author_id=actor.id, at=now, kind=kind,
                                 text=clean))
        if actor.id != row.reporter_id:
            row.news_at = now
        row.updated_at = now
        session.add(row)
        audit.record(session, f"incident_{kind}", staff_id=actor.id,
                     subject=f"incident:{incident_id}", at=now)
        publish(session, "incident", branch_id=row.branch_id, ref=str(incident_id))


def mark_seen(database: Database, incident_id: int, staff_id: int,
              now: datetime | None = None) -> None:
    """The reporter has seen the follow-up news of their incident."""
    now = now or utcnow()
    with database.write() as session:
        row = session.get(Incident, incident_id)
        if row is not None and row.reporter_id == staff_id and row.news_at is not None:
            row.reporter_seen_at = now
            session.add(row)


def news_count(database: Database, staff_id: int) -> int:
    """How many of this person's incidents have follow-up news they have not seen."""
    with database.read() as session:
        return session.scalar(select(func.count()).select_from(Incident).where(
            Incident.reporter_id == staff_id, col(Incident.news_at).is_not(None),
            or_(col(Incident.reporter_seen_at).is_(None),
                col(Incident.reporter_seen_at) < col(Incident.news_at)))) or 0


# ----------------------------------------------------------------------------- reading
def _rows(session: Session, statement) -> list[IncidentRow]:  # noqa: ANN001
    initials = dict(session.exec(select(Staff.id, Staff.initials)).all())
    types = {t.id: t for t in session.exec(select(IncidentType)).all()}
    zones: dict[int, Zone] = {}
    result = []
    for row in session.exec(statement).all():
        if row.zone_id not in zones:
            zones[row.zone_id] = session.get(Zone, row.zone_id)
        kind, zone = types[row.type_id], zones[row.zone_id]
        news = row.news_at is not None and (row.reporter_seen_at is None
                                            or row.reporter_seen_at < row.news_at)
        result.append(IncidentRow(
            id=row.id, occurred_at=row.occurred_at, type_sv=kind.label_sv,
            type_en=kind.label_en, zone_sv=zone.label_sv, zone_en=zone.label_en,
            severity=row.severity, status=row.status,
            reporter=initials.get(row.reporter_id, "?"), revision=row.revision,
            staff_affected=row.staff_affected, kia_status=row.kia_status,
            police_report=row.police_report, follow_up_by=row.follow_up_by,
            description=row.description, news=news))
    return result


def _where(flt: IncidentFilter, session: Session) -> list:
    clauses = []
    if flt.branch_id is not None:
        clauses.append(Incident.branch_id == flt.branch_id)
    if flt.start is not None:
        clauses.append(col(Incident.occurred_at) >= flt.start)
    if flt.end is not None:
        clauses.append(col(Incident.occurred_at) < flt.end)
    if flt.type_id is not None:
        clauses.append(Incident.type_id == flt.type_id)
    if flt.zone_id is not None:
        clauses.append(Incident.zone_id == flt.zone_id)
    if flt.status == "kia":
        clauses.append(col(Incident.staff_affected))
        clauses.append(Incident.kia_status == "needed")
    elif flt.status:
        clauses.append(Incident.status == flt.status)
    if flt.reporter:
        staff_id = session.exec(select(Staff.id).where(
            Staff.initials == flt.reporter.strip().upper())).first()
        clauses.append(Incident.reporter_id == (staff_id or -1))
    for word in flt.text.split()[:5]:  # as the note search: % and _ are plain letters
        clauses.append(func.lower(col(Incident.description)).contains(word.lower(),
                                                                      autoescape=True))
    if flt.mine_for_follow_up:
        clauses.append(Incident.status == "open")
        if flt.mine_for_follow_up != Role.MANAGER.value:
            clauses.append(Incident.follow_up_by == flt.mine_for_follow_up)
    return clauses


def list_incidents(database: Database, flt: IncidentFilter,
                   after: tuple[datetime, int] | None = None,
                   limit: int = PAGE_SIZE) -> list[IncidentRow]:
    """Newest first, ``limit`` at a time; ``after`` is the (occurred_at, id) of the last row
    of the previous page (keyset paging: every page costs the same)."""
    with database.read() as session:
        clauses = _where(flt, session)
        if after is not None:
            at, last_id = after
            clauses.append(or_(col(Incident.occurred_at) < at,
                               and_(col(Incident.occurred_at) == at, col(Incident.id) < last_id)))
        statement = (select(Incident).where(*clauses)
                     .order_by(col(Incident.occurred_at).desc(), col(Incident.id).desc())
                     .limit(limit))
        return _rows(session, statement)


def _changes(before: dict, after: dict) -> tuple[tuple[str, str, str], ...]:
    return tuple((key, _shown(before.get(key)), _shown(after.get(key)))
                 for key in sorted(after) if before.get(key) != after.get(key))


def _shown(value: object) -> str:
    if isinstance(value, bool):
        return "yes" if value else "no"
    return "" if value is None else str(value)


def incident_detail(database: Database, incident_id: int) -> IncidentDetail:
    with database.read() as session:
        row = session.get(Incident, incident_id)
        if row is None:
            raise NotFound(N_("incident {id} does not exist"), id=incident_id)
        listed = _rows(session, select(Incident).where(Incident.id == incident_id))[0]
        initials = dict(session.exec(select(Staff.id, Staff.initials)).all())
        revisions = session.exec(select(IncidentRevision)
                                 .where(IncidentRevision.incident_id == incident_id)
                                 .order_by(col(IncidentRevision.revision))).all()
        views, previous = [], None
        for revision in revisions:
            data = json.loads(revision.data)
            views.append(RevisionView(revision.revision, revision.at,
                                      initials.get(revision.edited_by_id, "?"),
                                      _changes(previous, data) if previous else ()))
            previous = data
        notes = session.exec(select(IncidentNote).where(IncidentNote.incident_id == incident_id)
                             .order_by(col(IncidentNote.at), col(IncidentNote.id))).all()
        return IncidentDetail(
            row=listed, type_id=row.type_id, zone_id=row.zone_id,
            actions=tuple(a for a in row.actions.split(",") if a), kia_case=row.kia_case,
            reporter_id=row.reporter_id, closed_at=row.closed_at,
            closed_by=initials.get(row.closed_by_id) if row.closed_by_id else None,
            revisions=tuple(views),
            notes=tuple(NoteEntry(n.at, initials.get(n.author_id, "?"), n.kind, n.text)
                        for n in notes))


def as_input(detail: IncidentDetail) -> IncidentInput:
    """The stored incident as form input (to start an edit from)."""
    row = detail.row
    return IncidentInput(type_id=detail.type_id, zone_id=detail.zone_id,
                         occurred_at=row.occurred_at, severity=row.severity,
                         description=row.description, actions=detail.actions,
                         police_report=row.police_report or "",
                         staff_affected=row.staff_affected, kia_case=detail.kia_case or "",
                         kia_status=row.kia_status or "", follow_up_by=row.follow_up_by or "")


# ----------------------------------------------------------------------------- drafts
def save_draft(database: Database, staff_id: int, form: str, data: dict,
               now: datetime | None = None) -> None:
    """Keep what is typed in ``form`` (a JSON-able dict) until it is saved or thrown away.
    Personal data is masked before it is stored (a draft is not checked by anyone), and it
    is one statement (insert or update), so two writers of the same draft never collide."""
    from db.privacy import mask_personal_data

    def masked(value: object) -> object:
        if isinstance(value, str):
            return mask_personal_data(value)
        if isinstance(value, list):
            return [masked(item) for item in value]
        return value

    payload = json.dumps({key: masked(value) for key, value in data.items()},
                         ensure_ascii=False, default=str)
    with database.write() as session:
        table = Draft.__table__
        statement = upsert_insert(session, table).values(staff_id=staff_id, form=_draft_key(form), data=payload,
                                         updated_at=now or utcnow())
        session.exec(statement.on_conflict_do_update(
            index_elements=[table.c.staff_id, table.c.form],
            set_={"data": statement.excluded.data,
                  "updated_at": statement.excluded.updated_at}))


def _draft_key(form: str) -> str:
    """Draft keys fit the column: a long one (e.g. with a service's UUID) is shortened with a
    hash of the whole, so different forms never share a draft."""
    import hashlib

    if len(form) <= 40:
        return form
    return form[:27] + "~" + hashlib.sha1(form.encode()).hexdigest()[:12]


def draft_count(database: Database, staff_id: int) -> int:
    """How many forms this person left unsaved (offered again at sign-in)."""
    with database.read() as session:
        return session.scalar(select(func.count()).select_from(Draft)
                              .where(Draft.staff_id == staff_id)) or 0


def load_draft(database: Database, staff_id: int, form: str) -> dict | None:
    with database.read() as session:
        row = session.exec(select(Draft).where(Draft.staff_id == staff_id,
                                               Draft.form == _draft_key(form))).first()
        if row is None:
            return None
        try:
            data = json.loads(row.data)
        except ValueError:
            return None
        return data if isinstance(data, dict) else None


def discard_draft(database: Database, staff_id: int, form: str) -> None:
    with database.write() as session:
        row = session.exec(select(Draft).where(Draft.staff_id == staff_id,
                                               Draft.form == _draft_key(form))).first()
        if row is not None:
            session.delete(row)


def type_by(database: Database, text: str) -> int:
    """An incident type's id from its code, key or label (either language)."""
    wanted = (text or "").strip().casefold()
    with database.read() as session:
        for kind in session.exec(select(IncidentType).where(col(IncidentType.active))).all():
            if wanted in (kind.code, kind.key, kind.label_sv.casefold(),
                          kind.label_en.casefold()):
                return kind.id or 0
    raise ValidationError(N_("no incident type {name}"), field="type", name=text[:30])


def zone_by(database: Database, branch_id: int, text: str) -> int:
    wanted = (text or "").strip().casefold()
    with database.read() as session:
        for zone in session.exec(select(Zone).where(Zone.branch_id == branch_id,
                                                    col(Zone.active))).all():
            if wanted in (zone.code, zone.key, zone.label_sv.casefold(),
                          zone.label_en.casefold()):
                return zone.id or 0
    raise ValidationError(N_("no zone {name} in this branch"), field="zone", name=text[:30])



# ----------------------------------------------------------------------------- links
_NUMBERS = re.compile(r"[\s,;]+")


def parse_incident_ids(text: str) -> tuple[int, ...]:
    """Incident numbers as typed: "12, 15 #17" → (12, 15, 17)."""
    ids = []
    for part in _NUMBERS.split((text or "").strip()):
        if not part:
            continue
        digits = part.lstrip("#")
        if not digits.isascii() or not digits.isdigit() or len(digits) > 9:
            raise ValidationError(N_("write incident numbers separated by commas, e.g. 12, 15"),
                                  field="incidents")
        ids.append(int(digits))
    return tuple(ids)


def check_links(session: Session, branch_id: int, incident_ids: tuple[int, ...],
                limit: int) -> tuple[int, ...]:
    """The incidents a note or a case refers to: each must exist in ``branch_id``."""
    ids = tuple(dict.fromkeys(incident_ids))
    if len(ids) > limit:
        raise ValidationError(N_("at most {limit} incidents"), field="incidents", limit=limit)
    for incident_id in ids:
        incident = session.get(Incident, incident_id)
        if incident is None:
            raise ValidationError(N_("there is no incident {id}"), field="incidents",
                                  id=incident_id)
        if incident.branch_id != branch_id:
            raise ValidationError(N_("incident {id} happened at another branch"),
                                  field="incidents", id=incident_id)
    return ids


# ----------------------------------------------------------------------------- configuration
_CODE = re.compile(r"^[a-z][a-z0-9_]{0,29}$")


def _check_choice(code: str, key: str, label_sv: str, label_en: str) -> tuple[str, str, str, str]:
    code = (code or "").strip().lower()
    if not _CODE.match(code):
        raise ValidationError(N_("a code is lower-case letters, digits and _, e.g. "
                                 "bike_theft"), field="code")
    key = (key or "").strip().lower()
    if len(key) != 1 or not key.isalpha():
        raise ValidationError(N_("the key is one letter"), field="key")
    labels = []
    for label, name in ((label_sv, "label_sv"), (label_en, "label_en")):
        clean = _plain(label, name, 60)
        if not clean:
            raise ValidationError(N_("a name is needed in Swedish and English"), field=name)
        labels.append(clean)
    return code, key, labels[0], labels[1]


def _save_choice(session: Session, rows: list, make, code: str, key: str, label_sv: str,
                 label_en: str, **extra: object) -> int:
    """Add (``make(...)``) or change the type or zone with ``code`` among ``rows``; the
    key must be free among the active ones."""
    taken = next((r for r in rows if r.active and r.key == key and r.code != code), None)
    if taken is not None:
        raise ValidationError(N_("the key {key} is already {name}"), field="key", key=key,
                              name=taken.label_sv)
    row = next((r for r in rows if r.code == code), None)
    if row is None:
        row = make(code=code, key=key, label_sv=label_sv, label_en=label_en,
                   position=len(rows), **extra)
    row.key, row.label_sv, row.label_en, row.active = key, label_sv, label_en, True
    for name, value in extra.items():
        setattr(row, name, value)
    session.add(row)
    session.flush()
    return row.id or 0


def set_type(database: Database, code: str, key: str, label_sv: str, label_en: str,
             category: str) -> int:
    """Add an incident type, or change the one with this code (and make it active again)."""
    code, key, label_sv, label_en = _check_choice(code, key, label_sv, label_en)
    if category not in CATEGORIES:
        raise ValidationError(N_("the category is one of {choices}"), field="category",
                              choices=", ".join(CATEGORIES))
    with database.write() as session:
        return _save_choice(session, list(session.exec(select(IncidentType)).all()),
                            IncidentType, code, key, label_sv, label_en, category=category)


def set_zone(database: Database, branch_id: int, code: str, key: str, label_sv: str,
             label_en: str) -> int:
    """Add a zone to a branch, or change the one with this code (and make it active)."""
    code, key, label_sv, label_en = _check_choice(code, key, label_sv, label_en)
    with database.write() as session:
        rows = list(session.exec(select(Zone).where(Zone.branch_id == branch_id)).all())
        return _save_choice(session, rows, Zone, code, key, label_sv, label_en,
                            branch_id=branch_id)


def set_choice_active(database: Database, kind: str, code: str, active: bool,
                      branch_id: int | None = None) -> None:
    """Retire (or bring back) a type or a zone. Recorded incidents keep theirs."""
    model = IncidentType if kind == "type" else Zone
    with database.write() as session:
        statement = select(model).where(model.code == (code or "").strip().lower())
        if model is Zone:
            statement = statement.where(Zone.branch_id == branch_id)
        row = session.exec(statement).first()
        if row is None:
            raise NotFound(N_("no {kind} with the code {code}"), kind=kind, code=code[:30])
        row.active = active
        session.add(row)
