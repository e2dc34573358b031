"""Handover rules in the data layer: a day with three shifts and two staff members."""

from __future__ import annotations

from datetime import datetime

import pytest
from sqlmodel import select

from db.clock import LOCAL_TZ
from db.directory import Place
from db.errors import ValidationError
from db.handover import (
    NewNote,
    acknowledge,
    active_notes,
    complete_follow_up,
    edit_note,
    my_follow_ups,
    previous_shift,
    shift_summary,
    since_last_shift,
    write_note,
)
from db.models import AuditEvent, Desk
from db.models_directory import Referral
from db.staff import find_staff


def at(day: int, clock: str) -> datetime:
    hours, minutes = map(int, clock.split(":"))
    return datetime(2026, 11, day, hours, minutes, tzinfo=LOCAL_TZ)


@pytest.fixture
def desk(demo_db):
    with demo_db.read() as session:
        row = session.exec(select(Desk).where(Desk.name == "Informationsdisken")).one()
    return row


def signed_in(database, initials: str, desk, moment: datetime) -> Place:
    staff = find_staff(database, initials)
    with database.write() as session:
        session.add(AuditEvent(at=moment, staff_id=staff.id, desk_id=desk.id, action="signin"))
    return Place(staff_id=staff.id, desk_id=desk.id, branch_id=desk.branch_id)


def texts(views) -> list[str]:
    return [v.text for v in views]


def test_new_since_last_shift_across_a_day(demo_db, desk):
    branch = desk.branch_id
    anna = signed_in(demo_db, "AL", desk, at(24, "08:05"))  # Förmiddag 08:00–12:30
    write_note(demo_db, anna, NewNote("Trasig hiss, plan 2", "premises"), now=at(24, "09:00"))
    write_note(demo_db, anna, NewNote("Hotfull besökare i entrén", "situation", "urgent"),
               now=at(24, "11:00"))
    bo = signed_in(demo_db, "BK", desk, at(24, "12:40"))  # Eftermiddag 12:30–16:30
    first = since_last_shift(demo_db, branch, bo.staff_id, now=at(24, "12:41"))
    assert texts(first) == ["Hotfull besökare i entrén", "Trasig hiss, plan 2"]  # urgent first
    acknowledge(demo_db, first[0].id, bo.staff_id, now=at(24, "12:45"))
    write_note(demo_db, bo, NewNote("Skrivaren i datorsalen saknar papper"), now=at(24, "14:00"))
    # Anna's next shift is Kväll: only what came after her Förmiddag ended is new to her.
    signed_in(demo_db, "AL", desk, at(24, "16:40"))
    assert texts(since_last_shift(demo_db, branch, anna.staff_id, now=at(24, "16:41"))) == [
        "Skrivaren i datorsalen saknar papper"]
    # Anna edits the urgent note Bo had read: he sees it again, as changed.
    urgent = first[0].id
    edit_note(demo_db, urgent, find_staff(demo_db, "AL"), "Hotfull besökare: polis kontaktad",
              now=at(24, "17:00"))
    next_morning = since_last_shift(demo_db, branch, bo.staff_id, now=at(25, "08:10"))
    assert [(v.text, v.changed_since_read) for v in next_morning] == [
        ("Hotfull besökare: polis kontaktad", True)]
    view = next(v for v in active_notes(demo_db, branch, bo.staff_id, now=at(25, "08:10"))
                if v.id == urgent)
    assert view.read_earlier == ("BK",) and view.read_by == ("AL",)


def test_expiry_pin_and_validation(demo_db, desk):
    anna = signed_in(demo_db, "AL", desk, at(24, "08:05"))
    write_note(demo_db, anna, NewNote("Gäller till nästa pass"), now=at(24, "09:00"))
    write_note(demo_db, anna, NewNote("Fast info: larmkod i kassaskåpet", pinned=True),
               now=at(24, "09:05"))
    write_note(demo_db, anna, NewNote("Tre pass", expires_after_shifts=3), now=at(24, "09:10"))
    alive = lambda moment: texts(active_notes(demo_db, desk.branch_id, None, now=moment))  # noqa: E731
    assert set(alive(at(24, "16:00"))) == {"Gäller till nästa pass",
                                           "Fast info: larmkod i kassaskåpet", "Tre pass"}
    assert set(alive(at(24, "16:31"))) == {"Fast info: larmkod i kassaskåpet", "Tre pass"}
    assert set(alive(at(25, "08:00"))) == {"Fast info: larmkod i kassaskåpet", "Tre pass"}
    assert alive(at(25, "12:31")) == ["Fast info: larmkod i kassaskåpet"]  # after 3 shifts
    for bad in (NewNote(""), NewNote("x", category="gossip"), NewNote("x", priority="asap"),
                NewNote("x" * 5000), NewNote("a\x00b")):
        with pytest.raises(ValidationError):
            write_note(demo_db, anna, bad, now=at(24, "09:00"))


def test_follow_up_needs_a_comment_and_reaches_the_owner(demo_db, desk):
    anna = signed_in(demo_db, "AL", desk, at(24, "08:05"))
    note = write_note(demo_db, anna, NewNote("Ring fastighet om låset", "followup",
                                             follow_up_owner="socialworker"), now=at(24, "09:00"))
    sara = find_staff(demo_db, "SO")
    tasks = my_follow_ups(demo_db, sara)
    assert [(t.owner, n.id) for t, n in tasks] == [("socialworker", note)]
    assert my_follow_ups(demo_db, find_staff(demo_db, "BK")) == []
    with pytest.raises(ValidationError):
        complete_follow_up(demo_db, tasks[0][0].id, sara, " ")
    complete_follow_up(demo_db, tasks[0][0].id, sara, "Fastighet kommer i morgon",
                       now=at(24, "10:00"))
    view = next(v for v in active_notes(demo_db, desk.branch_id, anna.staff_id,
                                        now=at(24, "10:01")) if v.id == note)
    assert view.follow_up.done_comment == "Fastighet kommer i morgon"
    assert view.follow_up.done_by == "SO"
    assert my_follow_ups(demo_db, sara) == []


def test_summary_of_the_previous_shift_counts_the_data(demo_db, desk):
    anna = signed_in(demo_db, "AL", desk, at(24, "12:35"))
    with demo_db.write() as session:
        for need, clock in (("shelter", "13:00"), ("shelter", "14:00"), ("food", "15:00"),
                            ("food", "17:00")):  # the last one is in the next shift
            session.add(Referral(at=at(24, clock), branch_id=desk.branch_id, desk_id=desk.id,
                                 staff_id=anna.staff_id, service_name="x", need=need,
                                 method="information"))
    write_note(demo_db, anna, NewNote("Följ upp", follow_up_owner="AL"), now=at(24, "13:30"))
    from db.incidents import IncidentInput, add_incident, choices

    options = choices(demo_db, desk.branch_id)
    kinds = {c.code: c.id for c in options.types}
    for code, clock in (("threat", "13:10"), ("alcohol", "14:10"), ("threat", "15:40"),
                        ("theft", "16:40")):  # 16:40 is in the next shift
        add_incident(demo_db, anna, IncidentInput(kinds[code], options.zones[0].id,
                                                  occurred_at=at(24, clock)), now=at(24, "16:50"))
    span = previous_shift(demo_db, desk.branch_id, at(24, "16:45"))
    assert span.name == "Eftermiddag"
    summary = shift_summary(demo_db, desk.branch_id, span)
    assert summary.referrals == 3
    assert summary.referrals_by_need == (("shelter", 2), ("food", 1))
    assert (summary.notes_written, summary.follow_ups_opened, summary.follow_ups_closed) == (
        1, 1, 0)
    assert summary.incidents == (("Hot", "Threat", 2), ("Alkohol", "Alcohol", 1))


def test_signing_in_before_the_shift_starts_still_shows_what_is_new(demo_db, desk):
    anna = signed_in(demo_db, "AL", desk, at(23, "17:00"))  # Kväll on the 23rd
    write_note(demo_db, anna, NewNote("Kvällens anteckning"), now=at(23, "17:05"))
    bo = signed_in(demo_db, "BK", desk, at(23, "09:00"))  # Bo's last shift: Förmiddag the 23rd
    signed_in(demo_db, "BK", desk, at(24, "07:50"))  # early for Förmiddag on the 24th
    for moment in (at(24, "07:51"), at(24, "08:01")):
        assert texts(since_last_shift(demo_db, desk.branch_id, bo.staff_id, now=moment)) == [
            "Kvällens anteckning"]


def test_unpinning_gives_the_note_an_end_and_past_dates_are_refused(demo_db, desk):
    from db.handover import set_pinned

    anna = signed_in(demo_db, "AL", desk, at(24, "09:00"))
    note = write_note(demo_db, anna, NewNote("Fäst först", pinned=True), now=at(24, "09:00"))
    set_pinned(demo_db, note, find_staff(demo_db, "AL"), False)
    far = datetime(2027, 11, 24, 12, 0, tzinfo=LOCAL_TZ)
    assert "Fäst först" not in texts(active_notes(demo_db, desk.branch_id, None, now=far))
    with pytest.raises(ValidationError, match="passed"):
        write_note(demo_db, anna, NewNote("Fel år", expires_on=datetime(2025, 11, 24).date()),
                   now=at(24, "09:00"))
    write_note(demo_db, anna, NewNote("Länge", expires_after_shifts=40), now=at(24, "09:00"))
    assert "Länge" in texts(active_notes(demo_db, desk.branch_id, None, now=at(30, "12:00")))


def test_note_search_folds_swedish_letters_and_treats_percent_literally(demo_db, desk):
    from db.handover import find_notes

    anna = signed_in(demo_db, "AL", desk, at(24, "09:00"))
    write_note(demo_db, anna, NewNote("Övre plan stängd, ÄLDRE hissen"), now=at(24, "09:00"))
    write_note(demo_db, anna, NewNote("Rabatt 100% i caféet"), now=at(24, "09:01"))
    assert texts(find_notes(demo_db, desk.branch_id, text="övre äldre")) == [
        "Övre plan stängd, ÄLDRE hissen"]
    assert texts(find_notes(demo_db, desk.branch_id, text="0%")) == ["Rabatt 100% i caféet"]
    assert texts(find_notes(demo_db, desk.branch_id, text="%")) == ["Rabatt 100% i caféet"]
