"""Access-ban cases (tillträdesförbud, lag (2021:34), for libraries since 2022-07-01).

A prosecutor decides on the library's written application. A ban lasts at most one year and
can be extended a year at a time; nobody under 15 can be banned. The manager puts the
application together from incidents, records the decisions and reads the identity (every
read is an audit event). Desk staff learn only that a ban is active, with a short
description for recognition (:func:`active_bans`). When a case is over the identity is
deleted (:func:`purge_identities`, after ``Settings.ban_identity_days``).

Case status: ``draft`` → ``applied`` → ``decided`` (granted or refused), or ``withdrawn``.
A case is *active* when a granted period covers today.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, datetime, timedelta

from sqlmodel import Session, col, select

from db import audit
from db.clock import local_now, to_local, utcnow
from db.database import Database
from db.errors import N_, NotFound, ValidationError
from db.incidents import check_links
from db.privacy_guard import Keep, guard
from db.models import Branch, Library, Staff
from db.models_incidents import (
    BanCase,
    BanCaseIncident,
    BanDecision,
    BanIdentity,
    Incident,
    IncidentType,
    Zone,
)
from db.records import StaffInfo
from db.roles import Permission, require

MINIMUM_AGE = 15
MAX_INCIDENTS = 50
STATUSES = ("draft", "applied", "decided", "withdrawn")
# What a case is, as the list shows it (``CaseSummary.state``).
STATES = ("draft", "applied", "active", "upcoming", "ended", "refused", "withdrawn")


# ----------------------------------------------------------------------------- records
@dataclass(frozen=True)
class BanNotice:
    """What desk staff may know: a ban is active, how to recognise the person, where."""

    case_id: int
    recognition: str
    area: str
    starts_on: date
    ends_on: date


@dataclass(frozen=True)
class CaseInput:
    """The manager's form. ``incident_ids`` are the incidents the application rests on."""

    area: str
    responsible_name: str
    responsible_contact: str
    recognition: str
    risk_assessment: str
    full_name: str
    birth_date: date | None
    established_how: str
    incident_ids: tuple[int, ...] = ()


@dataclass(frozen=True)
class DecisionView:
    decided_on: date
    granted: bool
    starts_on: date | None
    ends_on: date | None
    reference: str
    recorded_by: str  # initials


@dataclass(frozen=True)
class CaseSummary:
    """One line of the case list: never the identity."""

    id: int
    status: str  # draft, applied, decided, withdrawn
    state: str  # one of STATES, for today
    area: str
    recognition: str
    created_on: date
    applied_on: date | None
    withdrawn_on: date | None
    starts_on: date | None  # the granted period (first start, latest end), if any
    ends_on: date | None
    incident_count: int
    identity_deleted: bool
    last_decision: DecisionView | None = None

    @property
    def active(self) -> bool:
        return self.state == "active"


@dataclass(frozen=True)
class IdentityView:
    full_name: str
    birth_date: date
    established_how: str


@dataclass(frozen=True)
class LinkedIncident:
    id: int
    occurred_at: datetime  # aware UTC
    type_sv: str
    type_en: str
    zone_sv: str
    zone_en: str
    description: str
    police_report: str | None


@dataclass(frozen=True)
class CaseDetail:
    summary: CaseSummary
    library_name: str
    branch_name: str
    responsible_name: str
    responsible_contact: str
    risk_assessment: str
    identity: IdentityView | None  # None once deleted
    identity_deleted_at: datetime | None
    incidents: tuple[LinkedIncident, ...]
    decisions: tuple[DecisionView, ...]

    @property
    def id(self) -> int:
        return self.summary.id

    def as_input(self) -> CaseInput:
        """The case as form input (to start an edit from)."""
        identity = self.identity
        return CaseInput(
            area=self.summary.area, responsible_name=self.responsible_name,
            responsible_contact=self.responsible_contact,
            recognition=self.summary.recognition, risk_assessment=self.risk_assessment,
            full_name=identity.full_name if identity else "",
            birth_date=identity.birth_date if identity else None,
            established_how=identity.established_how if identity else "",
            incident_ids=tuple(i.id for i in self.incidents))


# ----------------------------------------------------------------------------- rules
def one_year_after(day: date) -> date:
    """The same calendar date a year later (29 February → 1 March)."""
    try:
        return day.replace(year=day.year + 1)
    except ValueError:
        return date(day.year + 1, 3, 1)


def age_on(birth_date: date, day: date) -> int:
    return day.year - birth_date.year - ((day.month, day.day) < (birth_date.month, birth_date.day))


def check_period(starts_on: date | None, ends_on: date | None) -> tuple[date, date]:
    """A granted period: both dates, the end not before the start, at most a year (it must
    end before the same date a year after it starts)."""
    if starts_on is None:
        raise ValidationError(N_("a granted ban needs the date it starts"), field="starts_on")
    if ends_on is None:
        raise ValidationError(N_("a granted ban needs the date it ends"), field="ends_on")
    if ends_on < starts_on:
        raise ValidationError(N_("the ban cannot end before it starts"), field="ends_on")
    if ends_on >= one_year_after(starts_on):
        raise ValidationError(N_("a ban lasts at most one year: the last day is {last} at the "
                                 "latest"), field="ends_on",
                              last=(one_year_after(starts_on) - timedelta(days=1)).isoformat())
    return starts_on, ends_on


def _text(raw: str, field_name: str, limit: int, *, needed: bool = False,
          multiline: bool = False) -> str:
    value = (raw or "").strip() if multiline else " ".join((raw or "").split())
    if needed and not value:
        raise ValidationError(N_("this field is needed"), field=field_name)
    if len(value) > limit:
        raise ValidationError(N_("at most {limit} characters"), field=field_name, limit=limit)
    allowed = "\n\t" if multiline else ""
    if any((ord(ch) < 32 and ch not in allowed) or 0x7F <= ord(ch) < 0xA0 for ch in value):
        raise ValidationError(N_("contains control characters"), field=field_name)
    return value


def _check_age(birth_date: date | None, on: date) -> date:
    if birth_date is None:
        raise ValidationError(N_("write the date of birth as YYYY-MM-DD"), field="birth_date")
    if birth_date > on:
        raise ValidationError(N_("the date of birth is in the future"), field="birth_date")
    if age_on(birth_date, on) < MINIMUM_AGE:
        raise ValidationError(N_("nobody under {age} can be banned (lag 2021:34)"),
                              field="birth_date", age=MINIMUM_AGE)
    if age_on(birth_date, on) > 120:
        raise ValidationError(N_("check the date of birth"), field="birth_date")
    return birth_date


@dataclass(frozen=True)
class _Clean:
    area: str
    responsible_name: str
    responsible_contact: str
    recognition: str
    risk_assessment: str
    full_name: str
    birth_date: date
    established_how: str
    incident_ids: tuple[int, ...]


def _validate(session: Session, branch_id: int, data: CaseInput, on: date) -> _Clean:
    clean = _Clean(
        area=_text(data.area, "area", 300, needed=True),
        responsible_name=_text(data.responsible_name, "responsible_name", 200, needed=True),
        responsible_contact=_text(data.responsible_contact, "responsible_contact", 200,
                                  needed=True),
        recognition=_text(data.recognition, "recognition", 200),
        risk_assessment=_text(data.risk_assessment, "risk_assessment", 8000, multiline=True),
        full_name=_text(data.full_name, "full_name", 200, needed=True),
        birth_date=_check_age(data.birth_date, on),
        established_how=_text(data.established_how, "established_how", 300, needed=True),
        incident_ids=tuple(dict.fromkeys(data.incident_ids)),
    )
    check_links(session, branch_id, clean.incident_ids, MAX_INCIDENTS)
    return clean


def _store(session: Session, case: BanCase, clean: _Clean) -> None:
    for name in ("area", "responsible_name", "responsible_contact", "recognition",
                 "risk_assessment"):
        setattr(case, name, getattr(clean, name))
    assert case.id is not None
    identity = session.exec(select(BanIdentity).where(BanIdentity.case_id == case.id)).first()
    if identity is None:
        identity = BanIdentity(case_id=case.id, full_name="", birth_date=clean.birth_date,
                               established_how="")
    identity.full_name = clean.full_name
    identity.birth_date = clean.birth_date
    identity.established_how = clean.established_how
    session.add(identity)
    linked = set(session.exec(select(BanCaseIncident.incident_id)
                              .where(BanCaseIncident.case_id == case.id)).all())
    wanted = set(clean.incident_ids)
    for incident_id in linked - wanted:
        row = session.get(BanCaseIncident, (case.id, incident_id))
        if row is not None:
            session.delete(row)
    for incident_id in clean.incident_ids:
        if incident_id not in linked:
            session.add(BanCaseIncident(case_id=case.id, incident_id=incident_id))


def _case(session: Session, case_id: int, *, for_update: bool = False) -> BanCase:
    case = session.get(BanCase, case_id, with_for_update=for_update)
    if case is None:
        raise NotFound(N_("access-ban case {id} does not exist"), id=case_id)
    return case


def _decisions(session: Session, case_id: int) -> list[BanDecision]:
    return list(session.exec(select(BanDecision).where(BanDecision.case_id == case_id)
                             .order_by(col(BanDecision.decided_on), col(BanDecision.id))).all())


def _period(decisions: list[BanDecision]) -> tuple[date | None, date | None]:
    """The granted span of a case: the first start and the latest end (extensions follow on
    without gaps, so this is one continuous ban)."""
    granted = [d for d in decisions if d.granted and d.starts_on and d.ends_on]
    if not granted:
        return None, None
    starts = [d.starts_on for d in granted if d.starts_on is not None]
    ends = [d.ends_on for d in granted if d.ends_on is not None]
    return min(starts), max(ends)


def _state(case: BanCase, decisions: list[BanDecision], today: date) -> str:
    if case.status == "withdrawn":
        return "withdrawn"
    if case.status in ("draft", "applied"):
        return case.status
    granted = [d for d in decisions if d.granted and d.starts_on and d.ends_on]
    if any(d.starts_on <= today <= d.ends_on for d in granted):  # type: ignore[operator]
        return "active"
    if any(d.starts_on > today for d in granted):  # type: ignore[operator]
        return "upcoming"
    return "ended" if granted else "refused"


def _over_on(case: BanCase, decisions: list[BanDecision]) -> date | None:
    """The day a case was over (after which the identity is kept ``keep_days`` more), or
    None while it is still open. A draft or an application nobody has touched for
    ``IDLE_DAYS`` counts as over then: a forgotten case must not keep a name for ever."""
    if case.status == "withdrawn":
        return case.withdrawn_on
    if case.status in ("draft", "applied"):
        return to_local(case.updated_at).date() + timedelta(days=IDLE_DAYS)
    if case.status != "decided" or not decisions:
        return None
    return max((d.ends_on if d.granted and d.ends_on else d.decided_on) for d in decisions)


def _decision_view(decision: BanDecision, initials: dict[int, str]) -> DecisionView:
    return DecisionView(decision.decided_on, decision.granted, decision.starts_on,
                        decision.ends_on, decision.reference,
                        initials.get(decision.recorded_by_id, "?"))


def _summary(session: Session, case: BanCase, today: date,
             initials: dict[int, str]) -> CaseSummary:
    assert case.id is not None
    decisions = _decisions(session, case.id)
    starts_on, ends_on = _period(decisions)
    count = len(session.exec(select(BanCaseIncident.incident_id)
                             .where(BanCaseIncident.case_id == case.id)).all())
    created_on = to_local(case.created_at).date()
    return CaseSummary(
        id=case.id, status=case.status, state=_state(case, decisions, today), area=case.area,
        recognition=case.recognition, created_on=created_on, applied_on=case.applied_on,
        withdrawn_on=case.withdrawn_on, starts_on=starts_on, ends_on=ends_on,
        incident_count=count, identity_deleted=case.identity_deleted_at is not None,
        last_decision=_decision_view(decisions[-1], initials) if decisions else None)


def _initials(session: Session) -> dict[int, str]:
    return dict(session.exec(select(Staff.id, Staff.initials)).all())  # type: ignore[arg-type]


def _refuse_if_over(case: BanCase) -> None:
    if case.identity_deleted_at is not None:
        raise ValidationError(N_("this case is over and its identity deleted; start a new "
                                 "case"), field=None)
    if case.status == "withdrawn":
        raise ValidationError(N_("this case was withdrawn; start a new case"), field=None)


# ----------------------------------------------------------------------------- desk
def active_bans(database: Database, branch_id: int, today: date) -> list[BanNotice]:
    """The bans in force at ``branch_id`` today, for any role: no identity, only the short
    description for recognition, the area and the period. Soonest ending first."""
    with database.read() as session:
        case_ids = session.exec(
            select(BanCase.id).join(BanDecision, col(BanDecision.case_id) == col(BanCase.id))
            .where(BanCase.branch_id == branch_id, BanCase.status == "decided",
                   col(BanCase.identity_deleted_at).is_(None), col(BanDecision.granted),
                   col(BanDecision.starts_on) <= today, col(BanDecision.ends_on) >= today)
            .distinct()).all()
        notices = []
        for case_id in case_ids:
            case = session.get(BanCase, case_id)
            assert case is not None and case.id is not None
            starts_on, ends_on = _period(_decisions(session, case.id))
            assert starts_on is not None and ends_on is not None
            notices.append(BanNotice(case.id, case.recognition, case.area, starts_on, ends_on))
    return sorted(notices, key=lambda n: (n.ends_on, n.case_id))


# ----------------------------------------------------------------------------- manager
def create_case(database: Database, actor: StaffInfo, branch_id: int, data: CaseInput,
                today: date, keep: Keep | None = None) -> int:
    """A new draft case at ``branch_id``; returns its id. The person must be 15 or older."""
    require(actor.role, Permission.MANAGE_BANS)
    now = utcnow()
    with database.write() as session:
        if session.get(Branch, branch_id) is None:
            raise NotFound(N_("branch {id} does not exist"), id=branch_id)
        clean = _validate(session, branch_id, data, today)
        # Desk staff read the description for recognition: no personnummer, phone or e-mail.
        guard(session, clean.recognition, "recognition", actor.id, "ban_case", keep)
        case = BanCase(branch_id=branch_id, created_by_id=actor.id, created_at=now,
                       updated_at=now, status="draft", area=clean.area,
                       responsible_name=clean.responsible_name,
                       responsible_contact=clean.responsible_contact)
        session.add(case)
        session.flush()
        assert case.id is not None
        _store(session, case, clean)
        audit.record(session, "ban_case_created", staff_id=actor.id,
                     subject=f"ban_case:{case.id}", at=now)
        return case.id


def update_case(database: Database, actor: StaffInfo, case_id: int, data: CaseInput,
                today: date, keep: Keep | None = None) -> None:
    """Change a case that is not over (withdrawn, or identity deleted)."""
    require(actor.role, Permission.MANAGE_BANS)
    now = utcnow()
    with database.write() as session:
        case = _case(session, case_id, for_update=True)
        _refuse_if_over(case)
        on = case.applied_on if case.applied_on and case.applied_on < today else today
        clean = _validate(session, case.branch_id, data, on)
        if clean.recognition != case.recognition:
            guard(session, clean.recognition, "recognition", actor.id, f"ban_case:{case_id}",
                  keep)
        _store(session, case, clean)
        case.updated_at = now
        session.add(case)
        audit.record(session, "ban_case_changed", staff_id=actor.id,
                     subject=f"ban_case:{case_id}", at=now)


def case_list(database: Database, actor: StaffInfo, branch_id: int,
              today: date | None = None) -> list[CaseSummary]:
    """The branch's cases, newest first (no identity)."""
    require(actor.role, Permission.MANAGE_BANS)
    today = today or local_now().date()
    with database.read() as session:
        initials = _initials(session)
        cases = session.exec(select(BanCase).where(BanCase.branch_id == branch_id)
                             .order_by(col(BanCase.id).desc())).all()
        return [_summary(session, case, today, initials) for case in cases]


def case_detail(database: Database, actor: StaffInfo, case_id: int, desk_id: int | None = None,
                today: date | None = None) -> CaseDetail:
    """Everything about a case, the identity included. Reading the identity is audited."""
    require(actor.role, Permission.MANAGE_BANS)
    today = today or local_now().date()
    with database.write() as session:
        case = _case(session, case_id)
        initials = _initials(session)
        branch = session.get(Branch, case.branch_id)
        library = session.get(Library, branch.library_id) if branch else None
        identity = session.exec(select(BanIdentity)
                                .where(BanIdentity.case_id == case_id)).first()
        incidents = session.exec(
            select(Incident, IncidentType, Zone)
            .join(BanCaseIncident, col(BanCaseIncident.incident_id) == col(Incident.id))
            .join(IncidentType, col(IncidentType.id) == col(Incident.type_id))
            .join(Zone, col(Zone.id) == col(Incident.zone_id))
            .where(BanCaseIncident.case_id == case_id)
            .order_by(col(Incident.occurred_at), col(Incident.id))).all()
        if identity is not None:
            audit.record(session, "ban_identity_read", staff_id=actor.id, desk_id=desk_id,
                         subject=f"ban_case:{case_id}")
        return CaseDetail(
            summary=_summary(session, case, today, initials),
            library_name=library.name if library else "",
            branch_name=branch.name if branch else "",
            responsible_name=case.responsible_name,
            responsible_contact=case.responsible_contact,
            risk_assessment=case.risk_assessment,
            identity=IdentityView(identity.full_name, identity.birth_date,
                                  identity.established_how) if identity else None,
            identity_deleted_at=case.identity_deleted_at,
            incidents=tuple(LinkedIncident(i.id or 0, i.occurred_at, t.label_sv, t.label_en,
                                           z.label_sv, z.label_en, i.description,
                                           i.police_report) for i, t, z in incidents),
            decisions=tuple(_decision_view(d, initials) for d in _decisions(session, case_id)))


def _not_after(day: date, today: date | None, field: str) -> None:
    """Dates of what has happened are not in the future (a typo there would keep an
    identity for years). ``today`` None: the caller has no clock to check against."""
    if today is not None and day > today:
        raise ValidationError(N_("that day has not come yet"), field=field)


def mark_applied(database: Database, actor: StaffInfo, case_id: int, applied_on: date,
                 today: date | None = None) -> None:
    """The application was sent to the prosecutor on ``applied_on``. It needs at least one
    incident and a risk assessment, and the person must be 15 or older that day."""
    require(actor.role, Permission.MANAGE_BANS)
    _not_after(applied_on, today, "applied_on")
    with database.write() as session:
        case = _case(session, case_id, for_update=True)
        _refuse_if_over(case)
        if case.status != "draft":
            raise ValidationError(N_("only a draft can be marked as applied"), field="applied_on")
        identity = session.exec(select(BanIdentity)
                                .where(BanIdentity.case_id == case_id)).first()
        if identity is None:
            raise ValidationError(N_("the case has no identity"), field="applied_on")
        _check_age(identity.birth_date, applied_on)
        if session.exec(select(BanCaseIncident).where(BanCaseIncident.case_id == case_id)
                        .limit(1)).first() is None:
            raise ValidationError(N_("an application rests on incidents: link at least one "
                                     "(e)"), field="applied_on")
        if not case.risk_assessment.strip():
            raise ValidationError(N_("an application needs a risk assessment (e)"),
                                  field="applied_on")
        case.status, case.applied_on, case.updated_at = "applied", applied_on, utcnow()
        session.add(case)
        audit.record(session, "ban_case_applied", staff_id=actor.id,
                     subject=f"ban_case:{case_id}", applied_on=applied_on.isoformat())


def record_decision(database: Database, actor: StaffInfo, case_id: int, decided_on: date,
                    granted: bool, starts_on: date | None = None, ends_on: date | None = None,
                    reference: str = "", today: date | None = None) -> None:
    """The prosecutor's decision. Granted: a period of at most one year. A further granted
    decision extends the ban: it starts at most the day after the current period ends and
    ends after it. Refused: no period."""
    require(actor.role, Permission.MANAGE_BANS)
    _not_after(decided_on, today, "decided_on")
    reference = _text(reference, "reference", 60)
    with database.write() as session:
        case = _case(session, case_id, for_update=True)
        _refuse_if_over(case)
        if case.status == "draft":
            raise ValidationError(N_("mark the application as sent (a) before recording a "
                                     "decision"), field="decided_on")
        if decided_on is None:
            raise ValidationError(N_("write the date as YYYY-MM-DD"), field="decided_on")
        if case.applied_on is not None and decided_on < case.applied_on:
            raise ValidationError(N_("the decision cannot come before the application ({day})"),
                                  field="decided_on", day=case.applied_on.isoformat())
        decisions = _decisions(session, case_id)
        if granted:
            starts_on, ends_on = check_period(starts_on, ends_on)
            _, current_end = _period(decisions)
            if current_end is not None:
                if starts_on > current_end + timedelta(days=1):
                    raise ValidationError(
                        N_("an extension starts at most the day after the current ban ends "
                           "({day}); after a gap, start a new case"), field="starts_on",
                        day=current_end.isoformat())
                if ends_on <= current_end:
                    raise ValidationError(N_("an extension must end after the current ban "
                                             "({day})"), field="ends_on",
                                          day=current_end.isoformat())
        elif starts_on is not None or ends_on is not None:
            raise ValidationError(N_("a refused application has no period"), field="starts_on")
        session.add(BanDecision(case_id=case_id, decided_on=decided_on, granted=granted,
                                starts_on=starts_on if granted else None,
                                ends_on=ends_on if granted else None, reference=reference,
                                recorded_by_id=actor.id))
        case.status, case.updated_at = "decided", utcnow()
        session.add(case)
        audit.record(session, "ban_decision_recorded", staff_id=actor.id,
                     subject=f"ban_case:{case_id}", granted=granted,
                     starts_on=starts_on.isoformat() if granted and starts_on else None,
                     ends_on=ends_on.isoformat() if granted and ends_on else None)


def withdraw(database: Database, actor: StaffInfo, case_id: int, on: date,
             today: date | None = None) -> None:
    """The library drops a case before a decision; the identity goes after the usual days."""
    require(actor.role, Permission.MANAGE_BANS)
    _not_after(on, today, "on")
    with database.write() as session:
        case = _case(session, case_id, for_update=True)
        _refuse_if_over(case)
        if case.status not in ("draft", "applied"):
            raise ValidationError(N_("a decided case cannot be withdrawn; the prosecutor "
                                     "lifts a ban"), field=None)
        case.status, case.withdrawn_on, case.updated_at = "withdrawn", on, utcnow()
        session.add(case)
        audit.record(session, "ban_case_withdrawn", staff_id=actor.id,
                     subject=f"ban_case:{case_id}", on=on.isoformat())


# ----------------------------------------------------------------------------- system
IDLE_DAYS = 180  # a draft or an unanswered application untouched this long is over


def purge_identities(database: Database, today: date, keep_days: int,
                     now: datetime | None = None) -> int:
    """Delete the identity (and the description for recognition) of every case that has
    been over for more than ``keep_days`` days: the latest granted period ended, a refusal,
    or a withdrawal. Returns how many identities were deleted. Each deletion is audited."""
    if keep_days < 0:
        raise ValidationError(N_("the days to keep cannot be negative"), field="keep_days")
    now = now or utcnow()
    deleted = 0
    with database.write() as session:
        cases = session.exec(select(BanCase).where(
            col(BanCase.identity_deleted_at).is_(None),
            col(BanCase.status).in_(("draft", "applied", "decided", "withdrawn")))
            .with_for_update()).all()
        for locked in cases:
            assert locked.id is not None
            over = _over_on(locked, _decisions(session, locked.id))
            if over is None or over + timedelta(days=keep_days) >= today:
                continue
            for identity in session.exec(select(BanIdentity)
                                         .where(BanIdentity.case_id == locked.id)).all():
                session.delete(identity)
            locked.recognition = ""
            locked.risk_assessment = ""  # written about the person: it goes too
            locked.identity_deleted_at = now
            locked.updated_at = now
            session.add(locked)
            audit.record(session, "ban_identity_deleted", subject=f"ban_case:{locked.id}",
                         at=now, over_on=over.isoformat(), keep_days=keep_days)
            deleted += 1
    return deleted


def cases_without_identity(database: Database) -> list[int]:
    """The ids of cases whose identity has been deleted (system: to remove exported
    applications of those cases from the data folder too)."""
    with database.read() as session:
        return list(session.exec(select(BanCase.id)
                                 .where(col(BanCase.identity_deleted_at).is_not(None))).all())
