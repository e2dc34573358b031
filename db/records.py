"""Plain, immutable records the data layer hands to the UI (never live ORM objects)."""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import time


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
