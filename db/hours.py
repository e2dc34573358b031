"""Opening hours of help services: open now?, closes/opens when?, this week's hours.

All wall-clock times are Europe/Stockholm. A :class:`~db.records.WeeklyHours` rule makes one
interval on each listed weekday, starting that day at ``opens_at``; when ``closes_at`` is
not after ``opens_at`` (e.g. 17:00–08:00) the interval ends the next day. Closing at 23:59 or
23:59:59 means midnight, so whole-day rules on consecutive days join into one open stretch.

Interval boundaries are built as local wall-clock times on their own dates and compared as
absolute instants (POSIX timestamps), so days with a DST change come out right: a 22:00–06:00
night is one hour shorter or longer, and a whole day is 23 or 25 hours long.

Holidays: with ``closed_on_holidays`` no interval starts on a Swedish public holiday
(``holidays.Sweden`` without Sundays) nor on midsommarafton, julafton or nyårsafton. The
three eves are not public holidays by law, but they count as Sundays under the Annual Leave
Act and offices and services are nearly always closed then, so a service that closes on
holidays is taken to close on them too.
"""

from __future__ import annotations

import re
from collections.abc import Iterator, Sequence
from datetime import date, datetime, time, timedelta

from db.clock import LOCAL_TZ
from db.records import OpenStatus, WeeklyHours

#: How far ahead a closing or opening time is looked for.
HORIZON = timedelta(days=14)

_DAY = timedelta(days=1)
_MIDNIGHT = time(0, 0)
_BYDAY_CODES = {"MO": 0, "TU": 1, "WE": 2, "TH": 3, "FR": 4, "SA": 5, "SU": 6}
_EVE_NAMES = ("Midsommarafton", "Julafton", "Nyårsafton")

_holiday_cache: dict[int, dict[date, str]] = {}


# --- Holidays -------------------------------------------------------------------------------


def _midsummer_eve(year: int) -> date:
    """The Friday between 19 and 25 June."""
    june_19 = date(year, 6, 19)
    return june_19 + timedelta(days=(4 - june_19.weekday()) % 7)


def _holidays_of(year: int) -> dict[date, str]:
    """Swedish holidays of one year (date → Swedish name), built once per year."""
    found = _holiday_cache.get(year)
    if found is None:
        # Imported when a service that closes on holidays is first looked at (the package
        # and its dateutil weigh some 3.5 MiB that a directory without such services spares).
        import holidays

        calendar = holidays.Sweden(include_sundays=False, years=year, language="sv")
        found = {day: str(name) for day, name in calendar.items()}
        eves = (_midsummer_eve(year), date(year, 12, 24), date(year, 12, 31))
        for day, name in zip(eves, _EVE_NAMES, strict=True):
            found.setdefault(day, name)
        _holiday_cache[year] = found
    return found


def is_public_holiday(day: date) -> bool:
    """Whether a service with ``closed_on_holidays`` is closed on ``day`` (Sundays as such
    do not count; midsommarafton, julafton and nyårsafton do)."""
    return day in _holidays_of(day.year)


def holiday_name(day: date) -> str | None:
    """The Swedish name of the holiday on ``day`` (e.g. "Juldagen"), or None."""
    return _holidays_of(day.year).get(day)


# --- Rules → intervals ----------------------------------------------------------------------


def _is_end_of_day(value: time) -> bool:
    """23:59 and 23:59:59(.x) are written for "until midnight"."""
    return value.hour == 23 and value.minute == 59


def _always_open(rule: WeeklyHours) -> bool:
    """Whole days on all seven days, with no validity limits or holiday closing."""
    return (len(rule.days) == 7 and rule.opens_at == _MIDNIGHT
            and (_is_end_of_day(rule.closes_at) or rule.closes_at == _MIDNIGHT)
            and rule.valid_from is None and rule.valid_to is None
            and not rule.closed_on_holidays)


def _applies_on(rule: WeeklyHours, day: date) -> bool:
    """Whether ``rule`` makes an interval starting on ``day``."""
    if day.weekday() not in rule.days:
        return False
    if rule.valid_from is not None and day < rule.valid_from:
        return False
    if rule.valid_to is not None and day > rule.valid_to:
        return False
    return not (rule.closed_on_holidays and is_public_holiday(day))


def _local(day: date, at: time) -> datetime:
    """Wall-clock ``at`` on ``day`` in Stockholm (a time skipped by DST falls after the gap)."""
    return datetime.combine(day, at, tzinfo=LOCAL_TZ)


def _interval(rule: WeeklyHours, day: date) -> tuple[float, float]:
    """The interval ``rule`` makes on ``day``, as (start, end) POSIX timestamps."""
    start = _local(day, rule.opens_at)
    if _is_end_of_day(rule.closes_at):
        end = _local(day + _DAY, _MIDNIGHT)
    elif rule.closes_at <= rule.opens_at:
        end = _local(day + _DAY, rule.closes_at)
    else:
        end = _local(day, rule.closes_at)
    return start.timestamp(), end.timestamp()


def _intervals_from(hours: Sequence[WeeklyHours], first: date, last: date
                    ) -> Iterator[tuple[float, float]]:
    """Intervals starting on ``first`` … ``last``, in order of their start."""
    day = first
    while day <= last:
        todays = [_interval(rule, day) for rule in hours if _applies_on(rule, day)]
        todays.sort()
        yield from todays
        day += _DAY


# --- Public API -----------------------------------------------------------------------------


def _as_local(moment: datetime) -> datetime:
    """An aware moment in Stockholm; a naive one is taken as Stockholm wall-clock time."""
    if moment.tzinfo is None:
        return moment.replace(tzinfo=LOCAL_TZ)
    return moment.astimezone(LOCAL_TZ)


def _to_local(timestamp: float) -> datetime:
    return datetime.fromtimestamp(timestamp, LOCAL_TZ)


def status_at(hours: Sequence[WeeklyHours], moment: datetime) -> OpenStatus:
    """Whether a service with these rules is open at ``moment``, and when that changes.

    - No rules: ``open=None`` (hours unknown).
    - Open: ``changes_at`` is the end of the whole open stretch (adjacent and overlapping
      intervals merged), or None when it does not end within 14 days, in which case
      ``round_the_clock`` is True (e.g. 00:00–23:59 on all seven days).
    - Closed: ``changes_at`` is the next opening within 14 days, or None. Rules that no
      longer apply (``valid_to`` passed) or do not yet apply still count as hours given:
      a service whose only rule has expired is ``open=False`` with ``changes_at=None``.

    ``changes_at`` is an aware Europe/Stockholm datetime.
    """
    if not hours:
        return OpenStatus(open=None)
    if any(_always_open(rule) for rule in hours):
        return OpenStatus(open=True, round_the_clock=True)
    local = _as_local(moment)
    now = local.timestamp()
    horizon = now + HORIZON.total_seconds()
    today = local.date()
    # An interval lasts at most a day, so none starting before yesterday covers the moment.
    stretch_end: float | None = None
    for start, end in _intervals_from(hours, today - _DAY, today + HORIZON + _DAY):
        if stretch_end is None:
            if start > now:
                if start > horizon:
                    break
                return OpenStatus(open=False, changes_at=_to_local(start))
            if end > now:
                stretch_end = end
        else:
            if start > stretch_end:
                break
            stretch_end = max(stretch_end, end)
            if stretch_end > horizon:
                break
    if stretch_end is None:
        return OpenStatus(open=False)
    if stretch_end > horizon:
        return OpenStatus(open=True, round_the_clock=True)
    return OpenStatus(open=True, changes_at=_to_local(stretch_end))


def week_hours(hours: Sequence[WeeklyHours], week_of: date
               ) -> list[tuple[date, list[tuple[time, time]]]]:
    """Each day of the Monday–Sunday week containing ``week_of`` with its opening intervals
    as listed, (opens, closes), sorted and without duplicates. A night past midnight shows on
    the day it starts, e.g. (20:30, 08:30). Rules outside ``valid_from``/``valid_to`` and, with
    ``closed_on_holidays``, holidays give no interval."""
    monday = week_of - timedelta(days=week_of.weekday())
    week: list[tuple[date, list[tuple[time, time]]]] = []
    for offset in range(7):
        day = monday + timedelta(days=offset)
        times = {(rule.opens_at, rule.closes_at) for rule in hours if _applies_on(rule, day)}
        week.append((day, sorted(times)))
    return week


# --- HSDS schedules -------------------------------------------------------------------------


def parse_byday(text: str | None) -> frozenset[int]:
    """Weekdays (0 = Monday) of an HSDS/iCal ``byday`` such as "MO,TU,WE".

    Case and spaces do not matter; empty text gives an empty set. Anything that is not a
    plain two-letter day code (including ordinals such as "1MO") raises ValueError.
    """
    days: set[int] = set()
    for token in re.split(r"[\s,]+", (text or "").strip()):
        if not token:
            continue
        code = _BYDAY_CODES.get(token.upper())
        if code is None:
            raise ValueError(f"unknown byday value: {token!r}")
        days.add(code)
    return frozenset(days)


def _as_time(value: time | str | None) -> time | None:
    """A time, or an ISO string such as "08:00" / "08:00:00"; empty → None."""
    if value is None or isinstance(value, time):
        return value
    value = value.strip()
    return time.fromisoformat(value) if value else None


def _as_date(value: date | str | None) -> date | None:
    """A date, or an ISO string such as "2026-01-31"; empty → None."""
    if value is None or isinstance(value, date):
        return value
    value = value.strip()
    return date.fromisoformat(value) if value else None


def weekly_hours_from_schedule(
    freq: str | None,
    byday: str | None,
    opens_at: time | str | None,
    closes_at: time | str | None,
    valid_from: date | str | None = None,
    valid_to: date | str | None = None,
    closed_on_holidays: bool | None = False,
    *,
    interval: int | None = None,
) -> WeeklyHours | None:
    """A :class:`WeeklyHours` from HSDS schedule fields, or None when the schedule is not a
    usable weekly rule: ``freq`` other than WEEKLY (or empty), an ``interval`` above 1
    (every other week cannot be shown as weekly hours), or a missing opening/closing time.
    An empty ``byday`` means every day. A malformed ``byday``, time or date raises
    ValueError."""
    if (freq or "").strip().upper() not in ("", "WEEKLY"):
        return None
    if interval is not None and interval > 1:
        return None
    opens, closes = _as_time(opens_at), _as_time(closes_at)
    if opens is None or closes is None:
        return None
    days = parse_byday(byday) or frozenset(range(7))
    return WeeklyHours(days=days, opens_at=opens, closes_at=closes,
                       valid_from=_as_date(valid_from), valid_to=_as_date(valid_to),
                       closed_on_holidays=bool(closed_on_holidays))
