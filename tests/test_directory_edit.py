"""Editing a service keeps what the form does not show."""

from __future__ import annotations

from datetime import date

from sqlmodel import select

from db.directory_edit import load_form, save_service
from db.models_directory import Language, Phone, Schedule
from db.staff import find_staff

MATBANKEN = "d4263b09-5a34-5fb0-9f40-e7cdea827509"


def test_editing_the_description_keeps_phones_hours_and_language_codes(demo_db):
    with demo_db.write() as session:
        session.add(Phone(id="extra-phone", service_id=MATBANKEN, number="010-999 99 99"))
        for schedule in session.exec(select(Schedule).where(Schedule.service_id == MATBANKEN)):
            schedule.valid_to = date(2026, 12, 31)
            session.add(schedule)
    before = _children(demo_db)
    form = load_form(demo_db, MATBANKEN)
    form.loaded = {key: getattr(form, key) for key in ("name", "organization", "description",
                                                       "eligibility", "fees", "phone", "street",
                                                       "city", "hours", "languages", "id_needed")}
    form.description += " Ta med egen kasse."
    save_service(demo_db, form, find_staff(demo_db, "SO"))
    assert _children(demo_db) == before
    form = load_form(demo_db, MATBANKEN)
    assert form.description.endswith("Ta med egen kasse.")


def _children(database):
    with database.read() as session:
        phones = sorted(session.exec(select(Phone.number).where(Phone.service_id == MATBANKEN)))
        hours = sorted((s.byday, s.opens_at, s.valid_to) for s in session.exec(
            select(Schedule).where(Schedule.service_id == MATBANKEN)))
        languages = sorted((x.name or "", x.code or "") for x in session.exec(
            select(Language).where(Language.service_id == MATBANKEN)))
    return phones, hours, languages
