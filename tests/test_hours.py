"""Opening hours: open now?, closes/opens when?, DST, holidays, this week's hours."""

from __future__ import annotations

from datetime import UTC, date, datetime, time, timedelta

import pytest

from db.clock import LOCAL_TZ
from db.hours import (
    holiday_name,
    is_public_holiday,
    parse_byday,
    status_at,
    week_hours,
    weekly_hours_from_schedule,
)
from db.records import OpenStatus, WeeklyHours

WEEKDAYS = frozenset(range(5))
ALL_DAYS = frozenset(range(7))


def at(year: int, month: int, day: int, hour: int = 0, minute: int = 0) -> datetime:
    return datetime(year, month, day, hour, minute, tzinfo=LOCAL_TZ)


def rule(days, opens: str, closes: str, **kwargs) -> WeeklyHours:
    return WeeklyHours(days=frozenset(days), opens_at=time.fromisoformat(opens),
                       closes_at=time.fromisoformat(closes), **kwargs)


def test_no_rules_is_unknown():
    assert status_at([], at(2026, 11, 24, 12)) == OpenStatus(open=None)


def test_open_past_midnight_from_friday_rule():
    hours = [rule({4}, "17:00", "08:00")]  # Fridays 17:00 – Saturday 08:00
    status = status_at(hours, at(2026, 11, 28, 3))  # Saturday 03:00
    assert status == OpenStatus(open=True, changes_at=at(2026, 11, 28, 8))


def test_shelter_open_in_the_evening_closes_next_morning():
    hours = [rule(ALL_DAYS, "20:30", "08:30")]
    status = status_at(hours, at(2026, 11, 24, 22))  # Tuesday 22:00
    assert status.open is True
    assert status.changes_at == at(2026, 11, 25, 8, 30)
    assert status.changes_at.isoformat() == "2026-11-25T08:30:00+01:00"
    assert status.round_the_clock is False


def test_closed_opens_next_day():
    hours = [rule(WEEKDAYS, "09:00", "17:00")]
    status = status_at(hours, at(2026, 11, 24, 18, 5))  # Tuesday evening
    assert status == OpenStatus(open=False, changes_at=at(2026, 11, 25, 9))


def test_closed_on_friday_evening_opens_monday():
    hours = [rule(WEEKDAYS, "09:00", "17:00")]
    assert status_at(hours, at(2026, 11, 27, 17)).changes_at == at(2026, 11, 30, 9)


def test_open_closes_same_day_and_closing_instant_is_closed():
    hours = [rule(WEEKDAYS, "09:00", "17:00")]
    assert status_at(hours, at(2026, 11, 24, 9)) == OpenStatus(
        open=True, changes_at=at(2026, 11, 24, 17))
    assert status_at(hours, at(2026, 11, 24, 17)) == OpenStatus(
        open=False, changes_at=at(2026, 11, 25, 9))


@pytest.mark.parametrize("closes", ["23:59", "23:59:59", "00:00"])
def test_round_the_clock(closes):
    hours = [rule(ALL_DAYS, "00:00", closes)]
    assert status_at(hours, at(2026, 11, 24, 3)) == OpenStatus(
        open=True, changes_at=None, round_the_clock=True)


def test_whole_days_join_into_one_stretch():
    hours = [rule({0, 1, 2}, "00:00", "23:59")]  # Monday – Wednesday, all day
    assert status_at(hours, at(2026, 11, 23, 10)) == OpenStatus(
        open=True, changes_at=at(2026, 11, 26, 0))


def test_aware_utc_and_naive_moments():
    hours = [rule(WEEKDAYS, "09:00", "17:00")]
    utc_moment = datetime(2026, 11, 24, 15, 30, tzinfo=UTC)  # 16:30 in Stockholm
    assert status_at(hours, utc_moment) == OpenStatus(open=True, changes_at=at(2026, 11, 24, 17))
    naive = datetime(2026, 11, 24, 8, 30)  # taken as Stockholm time
    assert status_at(hours, naive) == OpenStatus(open=False, changes_at=at(2026, 11, 24, 9))
    assert status_at(hours, naive).changes_at.tzinfo is LOCAL_TZ


# --- DST -------------------------------------------------------------------------------------


def test_whole_day_on_spring_forward_day():
    hours = [rule({6}, "00:00", "23:59")]  # Sundays; 2026-03-29 is 23 hours long
    status = status_at(hours, at(2026, 3, 29, 1, 30))
    assert status.open is True
    assert status.changes_at.isoformat() == "2026-03-30T00:00:00+02:00"
    assert status.changes_at - at(2026, 3, 29) == timedelta(hours=24)  # wall-clock
    assert (status.changes_at.astimezone(UTC) - at(2026, 3, 29).astimezone(UTC)
            == timedelta(hours=23))


def test_night_across_spring_forward():
    hours = [rule({5}, "22:00", "06:00")]  # Saturday 22:00 – Sunday 06:00
    status = status_at(hours, at(2026, 3, 29, 3, 30))  # after the 02:00 → 03:00 jump
    assert status.open is True
    assert status.changes_at.isoformat() == "2026-03-29T06:00:00+02:00"
    before = status_at(hours, at(2026, 3, 28, 12))
    assert before.changes_at.isoformat() == "2026-03-28T22:00:00+01:00"


def test_night_across_fall_back():
    hours = [rule({5}, "22:00", "06:00")]  # Saturday 24 Oct 22:00 – Sunday 06:00
    # The first 02:30 of 25 October (summer time) and the second (winter time) are both open.
    first = datetime(2026, 10, 25, 0, 30, tzinfo=UTC)
    second = datetime(2026, 10, 25, 1, 30, tzinfo=UTC)
    for moment in (first, second):
        status = status_at(hours, moment)
        assert status.open is True
        assert status.changes_at.isoformat() == "2026-10-25T06:00:00+01:00"
    after = status_at(hours, at(2026, 10, 25, 6))
    assert after == OpenStatus(open=False, changes_at=at(2026, 10, 31, 22))


def test_whole_day_on_fall_back_day():
    hours = [rule({6}, "00:00", "23:59:59")]  # 2026-10-25 is 25 hours long
    status = status_at(hours, datetime(2026, 10, 25, 1, 30, tzinfo=UTC))  # 2nd 02:30
    assert status.open is True
    assert status.changes_at.isoformat() == "2026-10-26T00:00:00+01:00"
    assert (status.changes_at.astimezone(UTC) - at(2026, 10, 25).astimezone(UTC)
            == timedelta(hours=25))


def test_opening_in_the_skipped_hour_starts_after_the_gap():
    hours = [rule({6}, "02:30", "10:00")]
    status = status_at(hours, at(2026, 3, 29, 1))
    assert status.open is False
    assert status.changes_at.isoformat() == "2026-03-29T03:30:00+02:00"


# --- Holidays --------------------------------------------------------------------------------


def test_public_holidays_without_ordinary_sundays():
    assert is_public_holiday(date(2026, 12, 25))
    assert holiday_name(date(2026, 12, 25)) == "Juldagen"
    assert holiday_name(date(2026, 6, 6)) == "Nationaldagen"
    assert holiday_name(date(2026, 4, 5)) == "Påskdagen"  # a Sunday that is a holiday
    assert not is_public_holiday(date(2026, 11, 22))  # an ordinary Sunday
    assert holiday_name(date(2026, 11, 24)) is None


def test_eves_count_as_holidays():
    assert holiday_name(date(2026, 6, 19)) == "Midsommarafton"
    assert holiday_name(date(2027, 6, 25)) == "Midsommarafton"
    assert holiday_name(date(2026, 12, 24)) == "Julafton"
    assert holiday_name(date(2026, 12, 31)) == "Nyårsafton"
    assert not is_public_holiday(date(2026, 6, 18))


def test_holiday_closes_only_services_that_say_so():
    closing = [rule(WEEKDAYS, "09:00", "17:00", closed_on_holidays=True)]
    staying = [rule(WEEKDAYS, "09:00", "17:00")]
    christmas_day = at(2026, 12, 25, 12)  # Friday
    # Monday 28 Dec is the next weekday that is not a holiday.
    assert status_at(closing, christmas_day) == OpenStatus(
        open=False, changes_at=at(2026, 12, 28, 9))
    assert status_at(staying, christmas_day) == OpenStatus(
        open=True, changes_at=at(2026, 12, 25, 17))


def test_holiday_ends_a_round_the_clock_stretch():
    hours = [rule(ALL_DAYS, "00:00", "23:59", closed_on_holidays=True)]
    status = status_at(hours, at(2026, 6, 1, 12))
    assert status == OpenStatus(open=True, changes_at=at(2026, 6, 6))  # Nationaldagen


def test_night_starting_before_a_holiday_still_exists():
    hours = [rule(ALL_DAYS, "20:30", "08:30", closed_on_holidays=True)]
    status = status_at(hours, at(2026, 12, 25, 2))  # night of 24th is julafton: closed
    assert status == OpenStatus(open=False, changes_at=at(2026, 12, 27, 20, 30))
    status = status_at(hours, at(2026, 6, 6, 2))  # night started 5 June: open
    assert status == OpenStatus(open=True, changes_at=at(2026, 6, 6, 8, 30))


# --- Validity --------------------------------------------------------------------------------


def test_expired_rule_no_longer_applies():
    hours = [rule(ALL_DAYS, "09:00", "17:00", valid_to=date(2026, 11, 20))]
    assert status_at(hours, at(2026, 11, 24, 12)) == OpenStatus(open=False, changes_at=None)


def test_rule_ending_soon_gives_last_closing():
    hours = [rule(ALL_DAYS, "00:00", "23:59", valid_to=date(2026, 11, 30))]
    assert status_at(hours, at(2026, 11, 24, 12)) == OpenStatus(
        open=True, changes_at=at(2026, 12, 1))


def test_valid_from_in_the_future():
    hours = [rule(WEEKDAYS, "09:00", "17:00", valid_from=date(2026, 12, 2))]
    assert status_at(hours, at(2026, 11, 24, 12)) == OpenStatus(
        open=False, changes_at=at(2026, 12, 2, 9))
    far = [rule(WEEKDAYS, "09:00", "17:00", valid_from=date(2027, 1, 15))]
    assert status_at(far, at(2026, 11, 24, 12)) == OpenStatus(open=False, changes_at=None)


def test_validity_is_judged_by_the_day_the_interval_starts():
    hours = [rule(ALL_DAYS, "20:00", "08:00", valid_to=date(2026, 11, 24))]
    status = status_at(hours, at(2026, 11, 25, 7))  # night that started on the 24th
    assert status == OpenStatus(open=True, changes_at=at(2026, 11, 25, 8))


# --- Merging ---------------------------------------------------------------------------------


def test_adjacent_rules_merge():
    hours = [rule(WEEKDAYS, "08:00", "12:00"), rule(WEEKDAYS, "12:00", "16:00")]
    assert status_at(hours, at(2026, 11, 24, 9)) == OpenStatus(
        open=True, changes_at=at(2026, 11, 24, 16))


def test_overlapping_day_and_night_rules_merge_across_midnight():
    hours = [rule(WEEKDAYS, "08:00", "17:00"), rule(WEEKDAYS, "16:00", "08:00")]
    # Mon–Fri days plus nights: open from Monday 08:00 until Saturday 08:00.
    assert status_at(hours, at(2026, 11, 24, 12)) == OpenStatus(
        open=True, changes_at=at(2026, 11, 28, 8))
    assert status_at(hours, at(2026, 11, 29, 12)) == OpenStatus(
        open=False, changes_at=at(2026, 11, 30, 8))


def test_gap_between_rules_is_closed():
    hours = [rule(WEEKDAYS, "08:00", "12:00"), rule(WEEKDAYS, "13:00", "16:00")]
    assert status_at(hours, at(2026, 11, 24, 11)).changes_at == at(2026, 11, 24, 12)
    assert status_at(hours, at(2026, 11, 24, 12, 30)) == OpenStatus(
        open=False, changes_at=at(2026, 11, 24, 13))


# --- Week hours ------------------------------------------------------------------------------


def test_week_hours_for_a_christmas_week():
    hours = [
        rule(WEEKDAYS, "09:00", "16:00", closed_on_holidays=True),
        rule({1, 3}, "17:00", "19:00"),  # Tue/Thu evenings, open on holidays too
        rule(ALL_DAYS, "20:30", "08:30"),
    ]
    week = week_hours(hours, date(2026, 12, 24))  # Thursday
    day, evening, night = (time(9), time(16)), (time(17), time(19)), (time(20, 30), time(8, 30))
    assert week == [
        (date(2026, 12, 21), [day, night]),
        (date(2026, 12, 22), [day, evening, night]),
        (date(2026, 12, 23), [day, night]),
        (date(2026, 12, 24), [evening, night]),  # julafton
        (date(2026, 12, 25), [night]),  # juldagen
        (date(2026, 12, 26), [night]),  # annandag jul
        (date(2026, 12, 27), [night]),
    ]


def test_week_hours_respects_validity_and_dedupes():
    hours = [
        rule(WEEKDAYS, "09:00", "17:00", valid_to=date(2026, 11, 25)),
        rule(WEEKDAYS, "10:00", "15:00", valid_from=date(2026, 11, 26)),
        rule({0}, "09:00", "17:00"),
    ]
    week = week_hours(hours, date(2026, 11, 29))  # Sunday → week of Monday 23 November
    assert [day for day, _ in week] == [date(2026, 11, 23) + timedelta(days=i)
                                        for i in range(7)]
    assert [times for _, times in week] == [
        [(time(9), time(17))],
        [(time(9), time(17))],
        [(time(9), time(17))],
        [(time(10), time(15))],
        [(time(10), time(15))],
        [],
        [],
    ]


# --- HSDS ------------------------------------------------------------------------------------


def test_parse_byday():
    assert parse_byday("MO,TU,WE") == frozenset({0, 1, 2})
    assert parse_byday(" fr, sa ,Su ") == frozenset({4, 5, 6})
    assert parse_byday("") == frozenset()
    assert parse_byday(None) == frozenset()


@pytest.mark.parametrize("text", ["MO,XX", "Monday", "1MO", "MO;TU"])
def test_parse_byday_rejects_unknown_tokens(text):
    with pytest.raises(ValueError):
        parse_byday(text)


def test_weekly_hours_from_schedule():
    made = weekly_hours_from_schedule("WEEKLY", "MO,FR", time(9), time(17),
                                      date(2026, 1, 1), None, True)
    assert made == WeeklyHours(days=frozenset({0, 4}), opens_at=time(9), closes_at=time(17),
                               valid_from=date(2026, 1, 1), valid_to=None,
                               closed_on_holidays=True)
    every_day = weekly_hours_from_schedule(None, "", "20:30", "08:30")
    assert every_day == WeeklyHours(days=ALL_DAYS, opens_at=time(20, 30),
                                    closes_at=time(8, 30))


def test_weekly_hours_from_unusable_schedule():
    assert weekly_hours_from_schedule("MONTHLY", "MO", time(9), time(17)) is None
    assert weekly_hours_from_schedule("WEEKLY", "MO", None, time(17)) is None
    assert weekly_hours_from_schedule("WEEKLY", "MO", time(9), None) is None
    assert weekly_hours_from_schedule("WEEKLY", "MO", time(9), time(17), interval=2) is None
    with pytest.raises(ValueError):
        weekly_hours_from_schedule("WEEKLY", "XY", time(9), time(17))
