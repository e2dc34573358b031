"""Quick referrals through the UI: search by need, anonymous referral, slip, outreach."""

from __future__ import annotations

from datetime import datetime

from sqlalchemy import inspect
from sqlmodel import select

from db.clock import LOCAL_TZ
from db.models_directory import OutreachContact, Referral
from tests.conftest import make_app, screen_text, sign_in, wait_for, wait_ready
from tui.screens.referrals import ReferralScreen

NIGHT = datetime(2026, 11, 24, 22, 0, tzinfo=LOCAL_TZ)  # a Tuesday evening
SHELTER = "aee5c921-a91c-58e7-b17f-a13c3b01848c"  # Natthärbärget Fyren


async def search(pilot, text: str) -> ReferralScreen:
    app = pilot.app
    await wait_for(pilot, lambda: isinstance(app.screen, ReferralScreen) and app.directory)
    await pilot.press(*text)
    await wait_for(pilot, lambda: app.screen.hits)
    return app.screen


async def test_sova_at_night_shelter_first_refer_and_slip(demo_url, demo_db, tmp_path,
                                                          monkeypatch):
    monkeypatch.setenv("XDG_DATA_HOME", str(tmp_path))
    monkeypatch.setattr("shutil.which", lambda name: None)  # no printer here: save a file
    app = make_app(demo_url, now=NIGHT)
    async with app.run_test(size=(80, 24)) as pilot:
        await wait_ready(pilot)
        await sign_in(pilot, "AL")
        screen = await search(pilot, "sova")
        assert screen.hits[0].service.id == SHELTER
        await wait_for(pilot, lambda: "Natthärbärget Fyren" in screen_text(app))
        assert "● öppet, stänger i morgon 08:30" in screen_text(app)
        await pilot.press("enter")  # to the hits
        await pilot.press("r")
        await wait_for(pilot, lambda: app.screen.__class__.__name__ == "ReferralDialog")
        await pilot.press("2", "ctrl+s")  # called together
        await wait_for(pilot, lambda: isinstance(app.screen, ReferralScreen))
        await pilot.press("p")
        await wait_for(pilot, lambda: app.screen.__class__.__name__ == "SlipScreen")
        slip = app.screen.text
        assert "Natthärbärget Fyren" in slip and "20:30–08:30" in slip
        await pilot.press("p")  # print: no lp here, so a file is saved
        await pilot.pause(0.2)
        saved = list((tmp_path / "lotsen" / "slips").glob("*.txt"))
        assert len(saved) == 1 and saved[0].read_text(encoding="utf-8") == slip
    with demo_db.read() as session:
        rows = session.exec(select(Referral)).all()
    assert len(rows) == 1
    row = rows[0]
    assert (row.service_id, row.method, row.need) == (SHELTER, "called", "shelter")
    columns = {c["name"] for c in inspect(demo_db.engine).get_columns("referral")}
    assert columns == {"id", "at", "branch_id", "desk_id", "staff_id", "service_id",
                       "service_name", "need", "method", "language"}


async def test_outreach_tally_counts_without_a_referral(demo_url, demo_db):
    app = make_app(demo_url, now=NIGHT)
    async with app.run_test(size=(80, 24)) as pilot:
        await wait_ready(pilot)
        await sign_in(pilot, "SO", "1234")
        await search(pilot, "mat")
        await pilot.press("enter", "o")
        await wait_for(pilot, lambda: app.screen.__class__.__name__ == "OutreachDialog")
        await pilot.press("2")
        await wait_for(pilot, lambda: isinstance(app.screen, ReferralScreen))
    with demo_db.read() as session:
        kinds = session.exec(select(OutreachContact.kind)).all()
    assert kinds == ["conversation"]


async def test_details_copy_and_english_slip(demo_url):
    app = make_app(demo_url, now=NIGHT)
    async with app.run_test(size=(80, 24)) as pilot:
        await wait_ready(pilot)
        await sign_in(pilot, "AL")
        screen = await search(pilot, "tandläkare")
        first = screen.hits[0].service
        assert first.name == "Tandakuten"
        await pilot.press("enter", "c")
        assert app.clipboard == first.phones[0]
        await pilot.press("a")
        assert app.clipboard == first.address
        await pilot.press("enter")
        await wait_for(pilot, lambda: "Den här veckan" in screen_text(app))
        await pilot.press("p")
        await wait_for(pilot, lambda: type(app.screen).__name__ == "SlipScreen")
        await pilot.press("l")
        assert "Opening hours this week" in app.screen.text
        assert "Tuesday" in app.screen.text


async def test_time_word_puts_open_services_first(demo_url):
    app = make_app(demo_url, now=datetime(2026, 11, 24, 12, 0, tzinfo=LOCAL_TZ))
    async with app.run_test(size=(80, 24)) as pilot:
        await wait_ready(pilot)
        await sign_in(pilot, "AL")
        screen = await search(pilot, "sova inatt")
        await wait_for(pilot, lambda: "öppet först 22:00" in screen_text(app))
        opens = [hit.status.open for hit in screen.hits]
        assert opens[0] is True
        assert opens == sorted(opens, key=lambda value: value is not True)


async def test_imported_brackets_in_a_service_are_shown_as_typed(demo_url, demo_db):
    """Rich would read "[/…]" in a description as a closing tag and stop the detail screen."""
    from db.models_directory import Service

    matbanken = "d4263b09-5a34-5fb0-9f40-e7cdea827509"
    with demo_db.write() as session:
        service = session.get(Service, matbanken)
        service.description = "Matkassar [/tisdagar] och [b]fredagar[/b]."
        service.application_process = "Kom förbi [ingen anmälan]."
        session.add(service)
    app = make_app(demo_url)
    async with app.run_test(size=(100, 40)) as pilot:
        await wait_ready(pilot)
        await sign_in(pilot, "AL")
        screen = await search(pilot, "matbanken")
        assert screen.hits[0].service.id == matbanken
        await pilot.press("enter", "enter")  # to the hits, then the first in full
        await wait_for(pilot, lambda: "Den här veckan" in screen_text(app))
        text = screen_text(app)
        assert "Matkassar [/tisdagar] och [b]fredagar[/b]." in text
        assert "Kom förbi [ingen anmälan]." in text
