"""Incident statistics for the safety group and the culture board: counts by type, municipal
category, zone, weekday × hour and week, with the anonymous referrals of the same period.

Periods are local dates (Europe/Stockholm), both ends included.
"""

from __future__ import annotations

from collections import Counter
from dataclasses import dataclass
from datetime import UTC, date, datetime, time, timedelta

from sqlalchemy import delete, insert, literal
from sqlmodel import Session, col, func, select

from db.clock import LOCAL_TZ
from db.database import Database, upsert_insert
from db.errors import N_, NotFound, ValidationError
from db.models import Branch
from db.models_directory import Referral
from db.models_incidents import Incident, IncidentTally, IncidentType, Zone

CATEGORIES = ("visitor", "property", "accident", "risk")
MAX_DAYS = 366 * 20


@dataclass(frozen=True)
class TypeCount:
    code: str
    label_sv: str
    label_en: str
    category: str
    count: int

    def label(self, lang: str) -> str:
        return self.label_en if lang == "en" else self.label_sv


@dataclass(frozen=True)
class ZoneCount:
    code: str
    label_sv: str
    label_en: str
    count: int

    def label(self, lang: str) -> str:
        return self.label_en if lang == "en" else self.label_sv


@dataclass(frozen=True)
class CategoryCount:
    category: str  # visitor, property, accident, risk
    count: int


@dataclass(frozen=True)
class WeekCount:
    week_start: date  # the Monday of the ISO week
    count: int

    @property
    def iso_week(self) -> tuple[int, int]:
        year, week, _day = self.week_start.isocalendar()
        return year, week


@dataclass(frozen=True)
class NamedCount:
    name: str  # a need code ("" when none was given) or a service name
    count: int
    label_sv: str = ""  # a need's name (empty for services and unknown needs)
    label_en: str = ""

    def label(self, lang: str) -> str:
        return (self.label_en if lang == "en" else self.label_sv) or self.name


@dataclass(frozen=True)
class IncidentStats:
    start: date
    end: date  # inclusive
    branch_id: int | None
    branch_name: str | None  # None: every branch
    total: int
    by_type: tuple[TypeCount, ...]  # most first; every active type, also with 0
    by_category: tuple[CategoryCount, ...]  # in CATEGORIES order
    by_zone: tuple[ZoneCount, ...]  # most first; every zone of the branch(es), also with 0
    heatmap: tuple[tuple[int, ...], ...]  # [weekday 0 = Monday][hour 0–23]
    weekly: tuple[WeekCount, ...]  # every ISO week touching the period, also with 0
    referrals_total: int
    referrals_by_need: tuple[NamedCount, ...]  # most first
    referrals_by_service: tuple[NamedCount, ...]  # most first

    @property
    def days(self) -> int:
        return (self.end - self.start).days + 1


EARLIEST_YEAR, LATEST_YEAR = 1990, 2200  # far outside any library's records, inside datetime


def check_period(start: date, end: date) -> None:
    if not isinstance(start, date) or not isinstance(end, date):
        raise ValidationError(N_("the period needs a first and a last day"), field="period")
    if start > end:
        raise ValidationError(N_("the period ends before it starts"), field="period")
    if (end - start).days > MAX_DAYS:
        raise ValidationError(N_("the period is longer than twenty years"), field="period")
    if start.year < EARLIEST_YEAR or end.year > LATEST_YEAR:
        raise ValidationError(N_("the period must lie between {first} and {last}"),
                              field="period", first=EARLIEST_YEAR, last=LATEST_YEAR)


def _local_bounds(start: date, end: date) -> tuple[datetime, datetime]:
    """The UTC instants of local midnight at ``start`` and after ``end``."""
    first = datetime.combine(start, time(0), tzinfo=LOCAL_TZ).astimezone(UTC)
    after = datetime.combine(end + timedelta(days=1), time(0), tzinfo=LOCAL_TZ).astimezone(UTC)
    return first, after


# Dimensions of the tally table (see db.models_incidents.IncidentTally).
DAY, TYPE, ZONE, CELL = 0, 1, 2, 3


def tally_rows(row: Incident, step: int) -> list[dict]:
    return [{"dimension": dimension, "key": key, "local_day": row.local_day,
             "branch_id": row.branch_id, "count": step}
            for dimension, key in ((DAY, 0), (TYPE, row.type_id), (ZONE, row.zone_id),
                                   (CELL, row.weekday * 24 + row.hour))]


def tally(session: Session, row: Incident, step: int,
          before: list[dict] | None = None) -> None:
    """Count ``row`` in (``step`` 1) or out of (``step`` -1) the tally, in the caller's
    transaction. ``db.incidents`` calls it when an incident is recorded (+1), and after an
    edit with ``before`` (``tally_rows(row, -1)`` taken before the change), so that the
    tally always agrees with the incidents. Cells are written in one fixed order (no
    deadlock between two edits moving incidents in opposite directions), and a cell the
    edit leaves unchanged is not written at all."""
    merged: dict[tuple, int] = {}
    for cell in (before or []) + tally_rows(row, step):
        key = (cell["dimension"], cell["key"], cell["local_day"], cell["branch_id"])
        merged[key] = merged.get(key, 0) + cell["count"]
    rows = [{"dimension": d, "key": k, "local_day": day, "branch_id": b, "count": n}
            for (d, k, day, b), n in sorted(merged.items()) if n]
    if not rows:
        return
    table = IncidentTally.__table__
    statement = upsert_insert(session, table).values(rows)
    statement = statement.on_conflict_do_update(
        index_elements=[table.c.dimension, table.c.key, table.c.local_day, table.c.branch_id],
        set_={"count": table.c.count + statement.excluded.count})
    session.exec(statement)


def rebuild_tally(database: Database) -> int:
    """Count every incident anew (after a bulk load or a repair); returns the incidents."""
    cell = col(Incident.weekday) * 24 + col(Incident.hour)
    sources = ((DAY, literal(0)), (TYPE, col(Incident.type_id)),
               (ZONE, col(Incident.zone_id)), (CELL, cell))
    table = IncidentTally.__table__
    with database.write() as session:
        session.exec(delete(IncidentTally))
        for dimension, key in sources:
            grouped = (select(literal(dimension), key, col(Incident.local_day),
                              col(Incident.branch_id), func.count())
                       .group_by(key, col(Incident.local_day), col(Incident.branch_id)))
            session.exec(insert(table).from_select(
                ["dimension", "key", "local_day", "branch_id", "count"], grouped))
        return session.scalar(select(func.coalesce(func.sum(IncidentTally.count), 0))
                              .where(IncidentTally.dimension == DAY)) or 0


@dataclass
class _Counts:
    types: Counter
    zones: Counter
    cells: Counter  # (weekday, hour)
    days: Counter  # local_day


def _incident_counts(session: Session, start: date, end: date,
                     branch_id: int | None) -> _Counts:
    where = [col(IncidentTally.local_day) >= start, col(IncidentTally.local_day) <= end]
    if branch_id is not None:
        where.append(IncidentTally.branch_id == branch_id)
    total = func.sum(IncidentTally.count)
    # One pass over the (dimension, key, …) primary key gives types, zones and cells…
    grouped = session.exec(
        select(IncidentTally.dimension, IncidentTally.key, total)
        .where(col(IncidentTally.dimension) > DAY, *where)
        .group_by(col(IncidentTally.dimension), col(IncidentTally.key))).all()
    # …and a range of it the days, in order.
    days = session.exec(
        select(IncidentTally.local_day, total)
        .where(IncidentTally.dimension == DAY, IncidentTally.key == 0, *where)
        .group_by(col(IncidentTally.local_day))).all()
    counts = _Counts(Counter(), Counter(), Counter(), Counter())
    for dimension, key, count in grouped:
        if not count:
            continue
        if dimension == TYPE:
            counts.types[key] += count
        elif dimension == ZONE:
            counts.zones[key] += count
        elif dimension == CELL:
            counts.cells[divmod(key, 24)] += count
    for day, count in days:
        if count:
            counts.days[_as_date(day)] += count
    return counts


def _as_date(value: object) -> date:
    if isinstance(value, datetime):
        return value.date()
    if isinstance(value, date):
        return value
    return date.fromisoformat(str(value)[:10])


def _weekly(start: date, end: date, days: Counter) -> tuple[WeekCount, ...]:
    first_monday = start - timedelta(days=start.weekday())
    weeks: dict[date, int] = {}
    monday = first_monday
    while monday <= end:
        weeks[monday] = 0
        monday += timedelta(days=7)
    for day, count in days.items():
        weeks[day - timedelta(days=day.weekday())] += count
    return tuple(WeekCount(monday, count) for monday, count in weeks.items())


def _referrals(session: Session, start: date, end: date, branch_id: int | None,
               ) -> tuple[int, tuple[NamedCount, ...], tuple[NamedCount, ...]]:
    first, after = _local_bounds(start, end)
    where = [col(Referral.at) >= first, col(Referral.at) < after]
    if branch_id is not None:
        where.append(Referral.branch_id == branch_id)
    needs = session.exec(select(Referral.need, func.count()).where(*where)
                         .group_by(Referral.need)).all()
    services = session.exec(select(Referral.service_name, func.count()).where(*where)
                            .group_by(Referral.service_name)).all()

    def ordered(rows, labels: dict | None = None) -> tuple[NamedCount, ...]:  # noqa: ANN001
        merged: Counter = Counter()
        for name, count in rows:
            merged[name or ""] += count
        result = []
        for name, count in sorted(merged.items(), key=lambda item: (-item[1], item[0])):
            concept = (labels or {}).get(name)
            result.append(NamedCount(name, count, concept.label_sv if concept else "",
                                     concept.label_en if concept else ""))
        return tuple(result)

    from db.thesaurus import CONCEPTS_BY_KEY

    by_need = ordered(needs, CONCEPTS_BY_KEY)
    return sum(n.count for n in by_need), by_need, ordered(services)


def branch_by_name(database: Database, name: str) -> int:
    """A branch's id from its name (any case) or id; a clear error naming the branches."""
    wanted = " ".join((name or "").split()).casefold()
    with database.read() as session:
        branches = session.exec(select(Branch).order_by(col(Branch.id))).all()
    for branch in branches:
        if wanted in (branch.name.casefold(), str(branch.id)):
            return branch.id or 0
    raise NotFound(N_("no branch is called {name}; the branches are: {names}"),
                   name=(name or "")[:60], names=", ".join(b.name for b in branches) or "-")


def statistics(database: Database, start: date, end: date,
               branch_id: int | None = None) -> IncidentStats:
    """Counts for the local days ``start``..``end`` (both included), for one branch or all."""
    check_period(start, end)
    with database.read() as session:
        counts = _incident_counts(session, start, end, branch_id)
        kinds = session.exec(select(IncidentType).order_by(col(IncidentType.position))).all()
        zone_query = select(Zone).order_by(col(Zone.position), col(Zone.id))
        if branch_id is not None:
            zone_query = zone_query.where(Zone.branch_id == branch_id)
        zones = session.exec(zone_query).all()
        referrals_total, by_need, by_service = _referrals(session, start, end, branch_id)
        branch = session.get(Branch, branch_id) if branch_id is not None else None
        if branch_id is not None and branch is None:
            raise NotFound(N_("branch {id} does not exist"), id=branch_id)

    by_type = [TypeCount(k.code, k.label_sv, k.label_en, k.category, counts.types.get(k.id, 0))
               for k in kinds if k.active or counts.types.get(k.id)]
    by_type.sort(key=lambda t: -t.count)  # stable: equal counts keep the types' order
    categories = Counter()
    for kind in by_type:
        categories[kind.category] += kind.count
    by_category = tuple(CategoryCount(c, categories.get(c, 0)) for c in CATEGORIES) + tuple(
        CategoryCount(c, n) for c, n in categories.items() if c not in CATEGORIES)

    # Zones are per branch; over several branches the same code is one line.
    zone_totals: dict[str, list] = {}
    for zone in zones:
        count = counts.zones.get(zone.id, 0)
        if not zone.active and not count:
            continue
        entry = zone_totals.setdefault(zone.code, [zone.label_sv, zone.label_en, 0])
        entry[2] += count
    by_zone = sorted((ZoneCount(code, sv, en, n) for code, (sv, en, n) in zone_totals.items()),
                     key=lambda z: -z.count)

    heatmap = tuple(tuple(counts.cells.get((weekday, hour), 0) for hour in range(24))
                    for weekday in range(7))
    return IncidentStats(
        start=start, end=end, branch_id=branch_id,
        branch_name=branch.name if branch else None, total=sum(counts.days.values()),
        by_type=tuple(by_type), by_category=by_category, by_zone=tuple(by_zone),
        heatmap=heatmap, weekly=_weekly(start, end, counts.days),
        referrals_total=referrals_total, referrals_by_need=by_need,
        referrals_by_service=by_service)
