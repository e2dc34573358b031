"""The personal-data guard where text is saved: refused in db/, masked, edited or kept
with a reason (social worker, manager; logged) through the real forms."""

from __future__ import annotations

import pytest
from sqlmodel import select

from db.errors import PermissionDenied, ValidationError
from db.incidents import IncidentFilter, IncidentInput, add_incident, list_incidents
from db.models import AuditEvent
from db.privacy_guard import Keep, PersonalDataFound
from tests.conftest import FIXED_NOW, make_app, screen_text, sign_in, wait_for, wait_ready
from tests.test_incident_screen import _incidents, _place, _record

PHONE = "070-174 06 12"  # a number set aside for fiction
PNR = "19121212-1212"  # Skatteverket's well-known example number


def _input(database, text: str) -> IncidentInput:
    from db.incidents import choices
    from db.library import desk_context

    options = choices(database, desk_context(database, None).branch_id)
    return IncidentInput(options.types[0].id, options.zones[0].id, description=text)


def test_the_data_layer_refuses_personal_data_unless_kept_with_a_reason(demo_db):
    al, _context = _place(demo_db, "AL")
    so, _context = _place(demo_db, "SO")
    for text in (f"Ring mamman på {PHONE}", f"Pnr {PNR} enligt polisen", "mejla kalle@exempel.se"):
        with pytest.raises(PersonalDataFound) as caught:
            add_incident(demo_db, al, _input(demo_db, text), now=FIXED_NOW)
        assert caught.value.field == "description" and caught.value.findings
    with pytest.raises(PermissionDenied):  # desk staff cannot keep it
        add_incident(demo_db, al, _input(demo_db, f"Ring {PHONE}"), now=FIXED_NOW,
                     keep=Keep("polisen bad om det"))
    with pytest.raises(ValidationError):  # a reason is needed
        add_incident(demo_db, so, _input(demo_db, f"Ring {PHONE}"), now=FIXED_NOW,
                     keep=Keep("ok"))
    assert list_incidents(demo_db, IncidentFilter()) == []
    add_incident(demo_db, so, _input(demo_db, f"Ring {PHONE}"), now=FIXED_NOW,
                 keep=Keep("polisen bad oss notera numret"))
    with demo_db.read() as session:
        kept = session.exec(select(AuditEvent)
                            .where(AuditEvent.action == "personal_data_kept")).all()
    assert len(kept) == 1 and "polisen bad oss" in kept[0].detail and PHONE not in kept[0].detail
    # Dates, times, police report numbers and helplines pass untouched.
    add_incident(demo_db, al, _input(demo_db, "2026-11-24 kl 14:30, anm 5000-K123456-26, "
                                              "ringde 112 och 1177"), now=FIXED_NOW)


async def test_desk_staff_mask_what_the_guard_found(demo_url, demo_db):
    from tui.screens.incident_form import IncidentFormScreen
    from tui.screens.privacy_dialog import PrivacyDialog

    app = make_app(demo_url)
    async with app.run_test(size=(80, 24)) as pilot:
        screen = await _incidents(pilot)
        await pilot.press("n")
        await wait_for(pilot, lambda: isinstance(app.screen, IncidentFormScreen))
        await pilot.press("o", "e", "1", "enter", *f"Bråkade, ring syster {PHONE}", "ctrl+s")
        await wait_for(pilot, lambda: isinstance(app.screen, PrivacyDialog))
        assert PHONE in screen_text(app)
        assert app.screen.check_action("keep", ()) is False  # desk staff cannot keep it
        await pilot.press("m")
        await wait_for(pilot, lambda: app.screen is screen and len(screen.rows) == 1)
    assert screen.rows[0].description == "Bråkade, ring syster [telefonnummer borttaget]"


async def test_the_social_worker_keeps_it_with_a_logged_reason(demo_url, demo_db):
    from tui.screens.incident_detail import FollowUpDialog
    from tui.screens.privacy_dialog import PrivacyDialog

    incident = _record(demo_db, follow_up_by="socialworker")
    app = make_app(demo_url)
    async with app.run_test(size=(80, 24)) as pilot:
        screen = await _incidents(pilot, "SO", "1234")
        await wait_for(pilot, lambda: len(screen.rows) == 1)
        await pilot.press("a")
        await wait_for(pilot, lambda: isinstance(app.screen, FollowUpDialog))
        dialog = app.screen
        await pilot.press(*f"Kontakt via fältgruppen {PHONE}", "ctrl+s")
        await wait_for(pilot, lambda: isinstance(app.screen, PrivacyDialog))
        await pilot.press("e")  # back to the text first: nothing is lost
        await wait_for(pilot, lambda: app.screen is dialog)
        assert PHONE in dialog.query_one("#text").value
        await pilot.press("ctrl+s")
        await wait_for(pilot, lambda: isinstance(app.screen, PrivacyDialog))
        await pilot.press("k", *"Fältgruppens jourtelefon, inte besökarens", "enter")
        await wait_for(pilot, lambda: app.screen is screen)
    from db.incidents import incident_detail

    assert PHONE in incident_detail(demo_db, incident).notes[0].text
    with demo_db.read() as session:
        assert session.exec(select(AuditEvent)
                            .where(AuditEvent.action == "personal_data_kept")).one()


async def test_handover_notes_are_guarded_too(demo_url, demo_db):
    from tui.screens.handover import HandoverScreen
    from tui.screens.note_form import NoteFormScreen
    from tui.screens.privacy_dialog import PrivacyDialog

    app = make_app(demo_url)
    async with app.run_test(size=(80, 24)) as pilot:
        await wait_ready(pilot)
        await sign_in(pilot, "AL")
        await pilot.press("f3")
        await wait_for(pilot, lambda: isinstance(app.screen, HandoverScreen))
        await pilot.press("n")
        await wait_for(pilot, lambda: isinstance(app.screen, NoteFormScreen))
        await pilot.press(*f"Besökaren med pnr {PNR} kommer i morgon", "ctrl+s")
        await wait_for(pilot, lambda: isinstance(app.screen, PrivacyDialog))
        await pilot.press("m")
        await wait_for(pilot, lambda: isinstance(app.screen, HandoverScreen))
    from db.handover import active_notes

    texts = [n.text for n in active_notes(demo_db, app.context.branch_id, None, now=FIXED_NOW)]
    assert texts == ["Besökaren med pnr [personnummer borttaget] kommer i morgon"]


def test_the_recognition_text_desk_staff_see_is_guarded(demo_db):
    from datetime import date

    from db import bans
    from db.staff import find_staff

    place, context = _place(demo_db, "MH")
    manager = find_staff(demo_db, "MH")
    incident = _record(demo_db)
    data = bans.CaseInput("Hela huset", "Maria Holm", "010-123 45 67",
                          f"Röd mössa, nås på {PHONE}", "Hot mot personal", "Fiktiv Testperson",
                          date(1990, 5, 17), "Id-kort", (incident,))
    with pytest.raises(PersonalDataFound) as caught:
        bans.create_case(demo_db, manager, context.branch_id, data, FIXED_NOW.date())
    assert caught.value.field == "recognition"
    # The identity itself is the point of the case: the name is not refused.
    from dataclasses import replace

    bans.create_case(demo_db, manager, context.branch_id,
                     replace(data, recognition="Röd mössa"), FIXED_NOW.date())


def test_drafts_and_reasons_never_hold_personal_data(demo_db):
    from db.incidents import load_draft, save_draft
    from db.staff import find_staff

    anna = find_staff(demo_db, "AL")
    save_draft(demo_db, anna.id, "note", {"text": f"Ring {PHONE}", "other": [f"pnr {PNR}"]})
    draft = load_draft(demo_db, anna.id, "note")
    assert PHONE not in str(draft) and "1212" not in str(draft)
    so, _context = _place(demo_db, "SO")
    with pytest.raises(ValidationError) as caught:
        add_incident(demo_db, so, _input(demo_db, f"Ring {PHONE}"), now=FIXED_NOW,
                     keep=Keep(f"hennes pnr {PNR} enligt polisen"))
    assert caught.value.field == "reason"


def test_service_alerts_are_guarded(demo_db):
    from db.directory import set_alert
    from db.staff import find_staff

    shelter = "aee5c921-a91c-58e7-b17f-a13c3b01848c"
    social = find_staff(demo_db, "SO")
    with pytest.raises(PersonalDataFound):
        set_alert(demo_db, shelter, f"Ring Kalle på {PHONE}", social)
    set_alert(demo_db, shelter, f"Jourens mobil {PHONE}", social,
              keep=Keep("tjänstens egen jourmobil"))
