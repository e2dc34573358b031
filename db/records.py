"""Plain, immutable records the data layer hands to the UI (never live ORM objects)."""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date, datetime, time


@dataclass(frozen=True)
class StaffInfo:
    id: int
    initials: str
    name: str
    role: str
    lang: str | None = None
    has_pin: bool = False
    active: bool = True


@dataclass(frozen=True)
class ShiftInfo:
    id: int
    name: str
    starts_at: time
    ends_at: time


@dataclass(frozen=True)
class DeskInfo:
    id: int
    name: str


@dataclass(frozen=True)
class DeskContext:
    """Where this terminal is: library, branch, the desk (if known) and the branch's shifts."""

    library_name: str
    branch_id: int
    branch_name: str
    desks: tuple[DeskInfo, ...]
    desk: DeskInfo | None
    shifts: tuple[ShiftInfo, ...] = field(default_factory=tuple)


@dataclass(frozen=True)
class WeeklyHours:
    """One weekly opening rule of a service (from an HSDS schedule), in local time.

    ``closes_at`` earlier than ``opens_at`` means the next morning; 00:00–23:59(:59) is
    round the clock.
    """

    days: frozenset[int]  # 0 = Monday … 6 = Sunday
    opens_at: time
    closes_at: time
    valid_from: date | None = None
    valid_to: date | None = None
    closed_on_holidays: bool = False


@dataclass(frozen=True)
class ServiceDoc:
    """Everything the search and a hit need about one service, flattened."""

    id: str
    name: str
    organization: str
    description: str = ""
    alternate_name: str = ""
    eligibility: str = ""
    fees: str = ""
    application_process: str = ""
    languages: tuple[str, ...] = ()  # names as given, e.g. "Svenska", "English"
    language_codes: tuple[str, ...] = ()  # e.g. "sv", "en"
    taxonomy: tuple[str, ...] = ()  # taxonomy term names and codes
    required_documents: tuple[str, ...] = ()
    address: str = ""
    phones: tuple[str, ...] = ()
    hours: tuple[WeeklyHours, ...] = ()
    status: str = "active"
    alert: str | None = None
    assured_date: date | None = None
    minimum_age: int | None = None
    maximum_age: int | None = None
    source: str = "local"


@dataclass(frozen=True)
class OpenStatus:
    """Whether a service is open at a moment, and when that changes (local time)."""

    open: bool | None  # None: no hours given
    changes_at: datetime | None = None  # closes at (when open) / opens at (when closed)
    round_the_clock: bool = False


@dataclass(frozen=True)
class SearchHit:
    service: ServiceDoc
    score: float
    status: OpenStatus  # at the time asked ("open at"), or now
    concept: str | None = None  # the need concept that matched, e.g. "shelter"
