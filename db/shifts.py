"""Shift definitions: which shift is running at a given local time."""

from __future__ import annotations

from datetime import date, datetime, time, timedelta, tzinfo

from db.records import ShiftInfo

DEFAULT_SHIFTS: tuple[tuple[str, time, time], ...] = (
    ("Förmiddag", time(8, 0), time(12, 30)),
    ("Eftermiddag", time(12, 30), time(16, 30)),
    ("Kväll", time(16, 30), time(21, 0)),
)


def covers(shift: ShiftInfo, moment: time) -> bool:
    """True when ``moment`` falls within the shift; an end before the start means past midnight."""
    start, end = shift.starts_at, shift.ends_at
    if start == end:
        return True
    if start < end:
        return start <= moment < end
    return moment >= start or moment < end


def current_shift(shifts: tuple[ShiftInfo, ...] | list[ShiftInfo], now: datetime) -> ShiftInfo | None:
    moment = now.time().replace(tzinfo=None)
    for shift in shifts:
        if covers(shift, moment):
            return shift
    return None


def parse_clock(text: str) -> time:
    """Parse "8", "8:30", "08.30" or "0830" as a time of day; raise ValueError otherwise."""
    raw = text.strip().replace(".", ":")
    if raw.isdigit() and len(raw) in (3, 4):
        raw = f"{raw[:-2]}:{raw[-2:]}"
    hours, _, minutes = raw.partition(":")
    if not hours.isdigit() or (minutes and not minutes.isdigit()) or len(hours) > 2 \
            or len(minutes) > 2:
        raise ValueError(text)
    value = time(int(hours) % 24 if int(hours) == 24 else int(hours), int(minutes or 0))
    return value


def parse_shift(text: str) -> tuple[str, time, time]:
    """Parse "Kväll 16:30–21:00" (also "-" or "to") into name, start and end."""
    raw = text.strip().replace("—", "–").replace(" - ", "–")
    name, _, hours = raw.rpartition(" ")
    if "–" not in hours and "-" in hours:
        hours = hours.replace("-", "–")
    start_text, sep, end_text = hours.partition("–")
    if not name.strip() or not sep:
        raise ValueError(text)
    return name.strip(), parse_clock(start_text), parse_clock(end_text)


def occurrences(shifts: tuple[ShiftInfo, ...] | list[ShiftInfo], first: date, last: date,
                tz: tzinfo) -> list[tuple[datetime, datetime, ShiftInfo]]:
    """Every shift from day ``first`` to day ``last`` as (start, end, shift), in order.

    A shift ending at or before its start ends the next day; local wall-clock times in ``tz``.
    """
    result = []
    day = first
    while day <= last:
        for shift in shifts:
            start = datetime.combine(day, shift.starts_at, tzinfo=tz)
            end_day = day if shift.ends_at > shift.starts_at else day + timedelta(days=1)
            result.append((start, datetime.combine(end_day, shift.ends_at, tzinfo=tz), shift))
        day += timedelta(days=1)
    result.sort(key=lambda item: item[0])
    return result
