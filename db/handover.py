"""Shift handover rules: writing and editing notes (with revisions), expiry, acknowledgements,
"new since your last shift", follow-up tasks and the automatic summary of a shift.

Times are aware UTC in the database; shift boundaries come from the branch's shift
definitions in Europe/Stockholm.
"""

from __future__ import annotations

from collections import Counter
from dataclasses import dataclass
from datetime import UTC, date, datetime, time, timedelta

from sqlalchemy import or_
from sqlmodel import Session, col, func, select

from db import audit
from db.clock import LOCAL_TZ, utcnow
from db.database import Database
from db.directory import Place
from db.errors import N_, NotFound, ValidationError
from db.models import AuditEvent, Desk, ShiftDefinition, Staff
from db.models_directory import OutreachContact, Referral
from db.incidents import check_links
from db.models_handover import (
    FollowUp,
    HandoverAck,
    HandoverNote,
    HandoverNoteIncident,
    HandoverNoteRevision,
)
from db.models_incidents import DeskAlert, Incident, IncidentType
from db.privacy_guard import Keep, guard
from db.records import ShiftInfo, StaffInfo
from db.shifts import occurrences

CATEGORIES = ("situation", "watch", "premises", "followup", "info")
PRIORITIES = ("normal", "important", "urgent")
_RANK = {"urgent": 0, "important": 1, "normal": 2}
MAX_TEXT = 4000


# ----------------------------------------------------------------------------- shifts
@dataclass(frozen=True)
class ShiftSpan:
    start: datetime
    end: datetime
    name: str


def branch_shifts(session: Session, branch_id: int) -> list[ShiftInfo]:
    rows = session.exec(select(ShiftDefinition).where(ShiftDefinition.branch_id == branch_id)
                        .order_by(col(ShiftDefinition.position))).all()
    return [ShiftInfo(s.id, s.name, s.starts_at, s.ends_at) for s in rows if s.id is not None]


def spans(shifts: list[ShiftInfo], around: datetime, days: int = 8) -> list[ShiftSpan]:
    local = around.astimezone(LOCAL_TZ).date()
    return [ShiftSpan(a, b, s.name) for a, b, s in
            occurrences(shifts, local - timedelta(days=days), local + timedelta(days=days),
                        LOCAL_TZ)]


def current_or_next(all_spans: list[ShiftSpan], now: datetime) -> int | None:
    """Index of the shift running at ``now``, or of the next one."""
    for index, span in enumerate(all_spans):
        if span.end > now:
            return index
    return None


def default_expiry(shifts: list[ShiftInfo], now: datetime, after_shifts: int = 1) -> datetime:
    """End of the shift ``after_shifts`` after the current one (default: the next shift).

    Without shift definitions: the end of tomorrow.
    """
    all_spans = spans(shifts, now, days=after_shifts // max(1, len(shifts)) + 2)
    index = current_or_next(all_spans, now)
    if index is None or not shifts:
        tomorrow = now.astimezone(LOCAL_TZ).date() + timedelta(days=1)
        return datetime.combine(tomorrow, time(23, 59, 59), tzinfo=LOCAL_TZ)
    running = all_spans[index].start <= now
    target = index + after_shifts - (0 if running else 1)
    return all_spans[min(max(target, index), len(all_spans) - 1)].end


def previous_shift_end(session: Session, branch_id: int, staff_id: int, now: datetime,
                       shifts: list[ShiftInfo]) -> datetime | None:
    """End of this person's previous shift in the branch: the latest shift, before the one
    running now, in which they signed in at one of the branch's desks."""
    all_spans = spans(shifts, now, days=31)
    # Sign-ins after the last shift that has ended belong to this shift (also those made a
    # little before it starts); the previous shift is found among the earlier ones.
    ended = [span for span in all_spans if span.end <= now]
    current_start = ended[-1].end if ended else now
    signins = session.exec(
        select(AuditEvent.at).join(Desk, col(Desk.id) == col(AuditEvent.desk_id))
        .where(AuditEvent.staff_id == staff_id, AuditEvent.action == "signin",
               Desk.branch_id == branch_id, AuditEvent.at < current_start)
        .order_by(col(AuditEvent.at).desc()).limit(1)
    ).first()
    if signins is None:
        return None
    last = signins.astimezone(LOCAL_TZ)
    for span in all_spans:  # the shift it was in, or the first one after it
        if last < span.end:
            return span.end
    return last


# ----------------------------------------------------------------------------- views
@dataclass(frozen=True)
class FollowUpView:
    id: int
    owner: str  # initials or role
    due_date: date | None
    done_at: datetime | None
    done_by: str | None
    done_comment: str | None


@dataclass(frozen=True)
class NoteView:
    id: int
    category: str
    priority: str
    text: str
    pinned: bool
    expires_at: datetime | None
    created_at: datetime
    updated_at: datetime
    revision: int
    author: str  # initials
    read_by: tuple[str, ...] = ()  # initials who acknowledged this revision
    read_earlier: tuple[str, ...] = ()  # initials who acknowledged an older revision
    follow_up: FollowUpView | None = None
    mine_read: bool = False  # the asking person has read this revision
    incidents: tuple[int, ...] = ()  # linked incidents
    changed_since_read: bool = False  # they read an older revision


def _validate(text: str, category: str, priority: str) -> str:
    clean = (text or "").strip()
    if not clean:
        raise ValidationError(N_("write something"), field="text")
    if len(clean) > MAX_TEXT:
        raise ValidationError(N_("at most {limit} characters"), field="text", limit=MAX_TEXT)
    if any(ord(ch) < 32 and ch not in "\n\t" for ch in clean):
        raise ValidationError(N_("contains control characters"), field="text")
    if category not in CATEGORIES:
        raise ValidationError(N_("category must be one of {choices}"), field="category",
                              choices=", ".join(CATEGORIES))
    if priority not in PRIORITIES:
        raise ValidationError(N_("priority must be one of {choices}"), field="priority",
                              choices=", ".join(PRIORITIES))
    return clean


@dataclass
class NewNote:
    text: str
    category: str = "info"
    priority: str = "normal"
    pinned: bool = False
    expires_after_shifts: int | None = None  # default 1: the end of the next shift
    expires_on: date | None = None
    follow_up_owner: str | None = None  # initials or a role
    follow_up_due: date | None = None
    incident_ids: tuple[int, ...] = ()  # incidents the note is about


MAX_LINKED_INCIDENTS = 10


def write_note(database: Database, place: Place, note: NewNote, now: datetime | None = None,
               keep: Keep | None = None) -> int:
    """Write a note at this desk's branch; returns its id."""
    from db.live import publish

    now = now or utcnow()
    text = _validate(note.text, note.category, note.priority)
    if place.branch_id is None:
        raise ValidationError(N_("this desk belongs to no branch"), field="text")
    with database.write() as session:
        guard(session, text, "text", place.staff_id, "note", keep)
        shifts = branch_shifts(session, place.branch_id)
        expires = _expiry(note, shifts, now)
        row = HandoverNote(branch_id=place.branch_id, author_id=place.staff_id,
                           category=note.category, priority=note.priority, text=text,
                           pinned=note.pinned, expires_at=expires, created_at=now, updated_at=now)
        session.add(row)
        session.flush()
        assert row.id is not None
        session.add(HandoverNoteRevision(note_id=row.id, revision=1, category=row.category,
                                         priority=row.priority, text=text,
                                         edited_by_id=place.staff_id, at=now))
        # The author has read what they wrote.
        session.add(HandoverAck(note_id=row.id, staff_id=place.staff_id, revision=1, at=now))
        if note.follow_up_owner:
            session.add(_follow_up(session, row.id, note.follow_up_owner, note.follow_up_due, now))
        for incident_id in check_links(session, place.branch_id, note.incident_ids,
                                       MAX_LINKED_INCIDENTS):
            session.add(HandoverNoteIncident(note_id=row.id, incident_id=incident_id))
        audit.record(session, "note_written", staff_id=place.staff_id, desk_id=place.desk_id,
                     subject=f"note:{row.id}")
        publish(session, "handover", branch_id=place.branch_id, ref=str(row.id))
        return row.id


def _expiry(note: NewNote, shifts: list[ShiftInfo], now: datetime) -> datetime | None:
    if note.expires_on is not None:
        if note.expires_on < now.astimezone(LOCAL_TZ).date():
            raise ValidationError(N_("that date has passed"), field="until")
        return datetime.combine(note.expires_on, time(23, 59, 59), tzinfo=LOCAL_TZ)
    if note.pinned and note.expires_after_shifts is None:
        return None
    after = 1 if note.expires_after_shifts is None else note.expires_after_shifts
    if after < 1 or after > 60:
        raise ValidationError(N_("expiry must be 1–60 shifts"), field="expires")
    return default_expiry(shifts, now.astimezone(LOCAL_TZ), after)


def _follow_up(session: Session, note_id: int, owner: str, due: date | None,
               now: datetime) -> FollowUp:
    from db.models import Role

    text = owner.strip()
    try:
        return FollowUp(note_id=note_id, owner_role=Role(text.lower()).value, due_date=due,
                        created_at=now)
    except ValueError:
        pass
    staff = session.exec(select(Staff).where(Staff.initials == text.upper())).first()
    if staff is None:
        raise ValidationError(N_("no staff member or role called {owner}"), field="owner",
                              owner=text[:20])
    return FollowUp(note_id=note_id, owner_staff_id=staff.id, due_date=due, created_at=now)


def edit_note(database: Database, note_id: int, editor: StaffInfo, text: str,
              category: str | None = None, priority: str | None = None,
              now: datetime | None = None, keep: Keep | None = None) -> int:
    """A new revision of the note; those who read the old one see it as changed."""
    from db.live import publish

    now = now or utcnow()
    with database.write() as session:
        row = session.get(HandoverNote, note_id, with_for_update=True)
        if row is None:
            raise NotFound(N_("the note is gone"))
        clean = _validate(text, category or row.category, priority or row.priority)
        if clean != row.text:
            guard(session, clean, "text", editor.id, f"note:{note_id}", keep)
        row.text, row.category = clean, category or row.category
        row.priority, row.revision, row.updated_at = priority or row.priority, row.revision + 1, now
        session.add(row)
        session.add(HandoverNoteRevision(note_id=note_id, revision=row.revision,
                                         category=row.category, priority=row.priority,
                                         text=clean, edited_by_id=editor.id, at=now))
        session.add(HandoverAck(note_id=note_id, staff_id=editor.id, revision=row.revision,
                                at=now))
        audit.record(session, "note_edited", staff_id=editor.id, subject=f"note:{note_id}")
        publish(session, "handover", branch_id=row.branch_id, ref=str(note_id))
        return row.revision


def set_pinned(database: Database, note_id: int, staff: StaffInfo, pinned: bool) -> None:
    with database.write() as session:
        row = session.get(HandoverNote, note_id)
        if row is None:
            raise NotFound(N_("the note is gone"))
        row.pinned = pinned
        if pinned:
            row.expires_at = None
        elif row.expires_at is None:  # unpinned: it lasts to the end of the next shift
            row.expires_at = default_expiry(branch_shifts(session, row.branch_id),
                                            utcnow().astimezone(LOCAL_TZ))
        session.add(row)
        audit.record(session, "note_pinned" if pinned else "note_unpinned", staff_id=staff.id,
                     subject=f"note:{note_id}")


def acknowledge(database: Database, note_id: int, staff_id: int,
                now: datetime | None = None) -> None:
    """Mark the note's current revision as read by ``staff_id`` (idempotent)."""
    with database.write() as session:
        row = session.get(HandoverNote, note_id, with_for_update=True)
        if row is None:
            raise NotFound(N_("the note is gone"))
        exists = session.exec(select(HandoverAck.id).where(
            HandoverAck.note_id == note_id, HandoverAck.staff_id == staff_id,
            HandoverAck.revision == row.revision)).first()
        if exists is None:
            session.add(HandoverAck(note_id=note_id, staff_id=staff_id, revision=row.revision,
                                    at=now or utcnow()))


def complete_follow_up(database: Database, follow_up_id: int, staff: StaffInfo, comment: str,
                       now: datetime | None = None, keep: Keep | None = None) -> None:
    """Mark a follow-up done; a short comment is required (the author sees it)."""
    clean = " ".join((comment or "").split())
    if len(clean) < 2:
        raise ValidationError(N_("write a short comment on what was done"), field="comment")
    if len(clean) > 500:
        raise ValidationError(N_("at most {limit} characters"), field="comment", limit=500)
    with database.write() as session:
        task = session.get(FollowUp, follow_up_id)
        if task is None:
            raise NotFound(N_("the follow-up is gone"))
        if task.done_at is not None:
            raise ValidationError(N_("this follow-up is already done"), field="comment")
        guard(session, clean, "comment", staff.id, f"follow_up:{follow_up_id}", keep)
        task.done_at, task.done_by_id, task.done_comment = now or utcnow(), staff.id, clean
        session.add(task)
        audit.record(session, "follow_up_done", staff_id=staff.id,
                     subject=f"follow_up:{follow_up_id}")


# ----------------------------------------------------------------------------- reading
def _views(session: Session, notes: list[HandoverNote], reader_id: int | None) -> list[NoteView]:
    if not notes:
        return []
    ids = [n.id for n in notes]
    initials = dict(session.exec(select(Staff.id, Staff.initials)).all())
    acks: dict[int, list[tuple[int, int]]] = {}
    for ack in session.exec(select(HandoverAck).where(col(HandoverAck.note_id).in_(ids))).all():
        acks.setdefault(ack.note_id, []).append((ack.staff_id, ack.revision))
    tasks = {t.note_id: t for t in session.exec(
        select(FollowUp).where(col(FollowUp.note_id).in_(ids))).all()}
    links: dict[int, list[int]] = {}
    for link in session.exec(select(HandoverNoteIncident)
                             .where(col(HandoverNoteIncident.note_id).in_(ids))).all():
        links.setdefault(link.note_id, []).append(link.incident_id)
    views = []
    for note in notes:
        assert note.id is not None
        current = {staff for staff, rev in acks.get(note.id, []) if rev == note.revision}
        older = {staff for staff, rev in acks.get(note.id, []) if rev < note.revision} - current
        task = tasks.get(note.id)
        views.append(NoteView(
            id=note.id, category=note.category, priority=note.priority, text=note.text,
            pinned=note.pinned, expires_at=note.expires_at, created_at=note.created_at,
            updated_at=note.updated_at, revision=note.revision,
            author=initials.get(note.author_id, "?"),
            read_by=tuple(sorted(initials.get(s, "?") for s in current)),
            read_earlier=tuple(sorted(initials.get(s, "?") for s in older)),
            follow_up=_task_view(task, initials) if task else None,
            mine_read=reader_id in current,
            changed_since_read=reader_id in older,
            incidents=tuple(sorted(links.get(note.id, ()))),
        ))
    return views


def _task_view(task: FollowUp, initials: dict[int, str]) -> FollowUpView:
    assert task.id is not None
    owner = initials.get(task.owner_staff_id, "?") if task.owner_staff_id else task.owner_role
    return FollowUpView(task.id, owner or "?", task.due_date, task.done_at,
                        initials.get(task.done_by_id) if task.done_by_id else None,
                        task.done_comment)


def _order(view: NoteView) -> tuple:
    return (_RANK[view.priority], -view.created_at.timestamp())


UNREAD_PRIORITY_DAYS = 7


def active_notes(database: Database, branch_id: int, reader_id: int | None,
                 now: datetime | None = None) -> list[NoteView]:
    """Notes not yet expired (pinned ones always), urgent and important first. For the reader,
    urgent and important notes they have not acknowledged stay in view past their expiry
    (for up to a week)."""
    now = now or utcnow()
    recent = now - timedelta(days=UNREAD_PRIORITY_DAYS)
    with database.read() as session:
        notes = session.exec(select(HandoverNote).where(
            HandoverNote.branch_id == branch_id,
            or_(col(HandoverNote.expires_at).is_(None), col(HandoverNote.expires_at) > now,
                (HandoverNote.priority != "normal") & (col(HandoverNote.created_at) > recent)),
        )).all()
        views = _views(session, list(notes), reader_id)
    views = [v for v in views if v.expires_at is None or v.expires_at > now
             or (reader_id is not None and not v.mine_read)]
    return sorted(views, key=lambda v: (not v.pinned, *_order(v)))


def notes_written_since(database: Database, branch_id: int,
                        since: datetime | None) -> list[NoteView]:
    """Notes written since ``since`` (oldest first), or the ones in force when None."""
    if since is None:
        return active_notes(database, branch_id, None)
    with database.read() as session:
        notes = session.exec(select(HandoverNote).where(
            HandoverNote.branch_id == branch_id, HandoverNote.created_at >= since)
            .order_by(col(HandoverNote.created_at))).all()
        return _views(session, list(notes), None)


def since_last_shift(database: Database, branch_id: int, staff_id: int,
                     now: datetime | None = None) -> list[NoteView]:
    """What is new for this person: notes written (or changed) since the end of their previous
    shift in this branch, plus unread urgent and important notes however old; urgent and
    important first, then the rest, newest first. Only notes they have not read."""
    now = now or utcnow()
    with database.read() as session:
        shifts = branch_shifts(session, branch_id)
        since = previous_shift_end(session, branch_id, staff_id, now.astimezone(LOCAL_TZ),
                                   shifts)
    notes = active_notes(database, branch_id, staff_id, now)
    new = []
    for view in notes:
        if view.mine_read:
            continue
        recent = since is None or view.updated_at.astimezone(UTC) >= since.astimezone(UTC)
        if recent or view.priority != "normal" or view.changed_since_read:
            new.append(view)
    return sorted(new, key=_order)


def my_follow_ups(database: Database, staff: StaffInfo) -> list[tuple[FollowUpView, NoteView]]:
    """Open follow-ups owned by this person or their role."""
    with database.read() as session:
        tasks = session.exec(select(FollowUp).where(
            col(FollowUp.done_at).is_(None),
            or_(FollowUp.owner_staff_id == staff.id, FollowUp.owner_role == staff.role),
        ).order_by(col(FollowUp.due_date).is_(None), col(FollowUp.due_date),
                   col(FollowUp.id))).all()
        notes = {n.id: n for n in session.exec(select(HandoverNote).where(
            col(HandoverNote.id).in_([t.note_id for t in tasks]))).all()}
        views = {v.id: v for v in _views(session, list(notes.values()), staff.id)}
    return [(views[t.note_id].follow_up, views[t.note_id]) for t in tasks  # type: ignore[misc]
            if t.note_id in views]


# ----------------------------------------------------------------------------- summary
@dataclass(frozen=True)
class ShiftSummary:
    start: datetime
    end: datetime
    name: str
    referrals_by_need: tuple[tuple[str, int], ...]
    referrals: int
    outreach: int
    notes_written: int
    follow_ups_opened: int
    follow_ups_closed: int
    # Incidents in the shift by type: (Swedish name, English name, count), most first.
    incidents: tuple[tuple[str, str, int], ...] = ()
    alerts: int = 0  # desk alerts raised


def previous_shift(database: Database, branch_id: int, now: datetime) -> ShiftSpan | None:
    with database.read() as session:
        shifts = branch_shifts(session, branch_id)
    all_spans = spans(shifts, now)
    ended = [s for s in all_spans if s.end <= now]
    return ended[-1] if ended else None


def shift_summary(database: Database, branch_id: int, span: ShiftSpan) -> ShiftSummary:
    """Counted from the data, not typed: what happened in the branch during ``span``."""
    start, end = span.start.astimezone(UTC), span.end.astimezone(UTC)
    with database.read() as session:
        needs = session.exec(
            select(Referral.need, func.count()).where(
                Referral.branch_id == branch_id, Referral.at >= start, Referral.at < end)
            .group_by(Referral.need)).all()
        outreach = session.exec(select(func.count()).select_from(OutreachContact).where(
            OutreachContact.branch_id == branch_id, OutreachContact.at >= start,
            OutreachContact.at < end)).one()
        notes = session.exec(select(func.count()).select_from(HandoverNote).where(
            HandoverNote.branch_id == branch_id, HandoverNote.created_at >= start,
            HandoverNote.created_at < end)).one()
        in_branch = select(HandoverNote.id).where(HandoverNote.branch_id == branch_id)
        opened = session.exec(select(func.count()).select_from(FollowUp).where(
            col(FollowUp.note_id).in_(in_branch), FollowUp.created_at >= start,
            FollowUp.created_at < end)).one()
        closed = session.exec(select(func.count()).select_from(FollowUp).where(
            col(FollowUp.note_id).in_(in_branch), col(FollowUp.done_at) >= start,
            col(FollowUp.done_at) < end)).one()
        incidents = session.exec(
            select(IncidentType.label_sv, IncidentType.label_en, func.count())
            .join(Incident, col(Incident.type_id) == col(IncidentType.id))
            .where(Incident.branch_id == branch_id, Incident.occurred_at >= start,
                   Incident.occurred_at < end)
            .group_by(IncidentType.label_sv, IncidentType.label_en)).all()
        alerts = session.exec(select(func.count()).select_from(DeskAlert).where(
            DeskAlert.branch_id == branch_id, DeskAlert.raised_at >= start,
            DeskAlert.raised_at < end)).one()
    counted = Counter({need or "": n for need, n in needs})
    return ShiftSummary(start=span.start, end=span.end, name=span.name,
                        referrals_by_need=tuple(sorted(counted.items(), key=lambda x: -x[1])),
                        referrals=sum(counted.values()), outreach=outreach,
                        notes_written=notes, follow_ups_opened=opened,
                        follow_ups_closed=closed,
                        incidents=tuple(sorted(((sv, en, n) for sv, en, n in incidents),
                                               key=lambda x: (-x[2], x[0]))),
                        alerts=alerts)


def on_shift(database: Database, branch_id: int, now: datetime) -> tuple[str, ...]:
    """Initials of those who signed in at the branch's desks during the running shift."""
    with database.read() as session:
        shifts = branch_shifts(session, branch_id)
        all_spans = spans(shifts, now, days=1)
        index = current_or_next(all_spans, now)
        if index is None or all_spans[index].start > now:
            return ()
        start = all_spans[index].start.astimezone(UTC)
        rows = session.exec(
            select(Staff.initials).join(AuditEvent, col(AuditEvent.staff_id) == col(Staff.id))
            .join(Desk, col(Desk.id) == col(AuditEvent.desk_id))
            .where(AuditEvent.action == "signin", Desk.branch_id == branch_id,
                   AuditEvent.at >= start)).all()
    return tuple(sorted(set(rows)))



@dataclass(frozen=True)
class ShiftHandover:
    """A shift's handover for the binder: its summary and the notes in force at its end."""

    branch_name: str
    summary: ShiftSummary
    notes: tuple[NoteView, ...]


def shift_handover(database: Database, branch_id: int, span: ShiftSpan) -> ShiftHandover:
    from db.models import Branch

    with database.read() as session:
        branch = session.get(Branch, branch_id)
    end = span.end.astimezone(UTC)
    notes = [n for n in active_notes(database, branch_id, None, now=end - timedelta(seconds=1))
             if n.created_at.astimezone(UTC) < end]
    return ShiftHandover(branch.name if branch else "", shift_summary(database, branch_id, span),
                         tuple(notes))



def find_notes(database: Database, branch_id: int, *, text: str = "", author: str = "",
               category: str | None = None, start: datetime | None = None,
               end: datetime | None = None, reader_id: int | None = None,
               limit: int = 200) -> list[NoteView]:
    """Notes of the branch by words in the text, author initials, category and period
    (newest first), whether or not they are still in force."""
    with database.read() as session:
        query = select(HandoverNote).where(HandoverNote.branch_id == branch_id)
        for word in text.split():
            query = query.where(func.lower(HandoverNote.text).contains(word.lower(),
                                                                       autoescape=True))
        if author:
            query = query.join(Staff, col(Staff.id) == col(HandoverNote.author_id)).where(
                Staff.initials == author.strip().upper())
        if category:
            query = query.where(HandoverNote.category == category)
        if start is not None:
            query = query.where(HandoverNote.created_at >= start)
        if end is not None:
            query = query.where(HandoverNote.created_at < end)
        notes = session.exec(query.order_by(col(HandoverNote.created_at).desc())
                             .limit(limit)).all()
        return _views(session, list(notes), reader_id)


def shift_spans_around(database: Database, branch_id: int, now: datetime) -> list[ShiftSpan]:
    """Shifts that have started, from a month back up to the running one (oldest first)."""
    with database.read() as session:
        shifts = branch_shifts(session, branch_id)
    return [s for s in spans(shifts, now, days=31) if s.start <= now]
