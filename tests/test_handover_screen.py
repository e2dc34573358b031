"""F3 handover through the UI: write, acknowledge, pin, edit-after-read, follow-up done,
landing on new notes, and two desks seeing each other's notes live."""

from __future__ import annotations

import asyncio
from datetime import datetime

from sqlmodel import select

from db.clock import LOCAL_TZ
from db.models_handover import FollowUp, HandoverAck, HandoverNote
from tests.conftest import make_app, screen_text, sign_in, wait_for, wait_ready
from tui.screens.handover import HandoverScreen

EVENING = datetime(2026, 11, 24, 17, 0, tzinfo=LOCAL_TZ)


async def open_handover(pilot, initials: str, pin: str | None = None) -> HandoverScreen:
    app = pilot.app
    await wait_ready(pilot)
    await sign_in(pilot, initials, pin)
    if not isinstance(app.screen, HandoverScreen):
        await pilot.press("f3")
    await wait_for(pilot, lambda: isinstance(app.screen, HandoverScreen))
    return app.screen


async def write(pilot, text: str, *, urgent: bool = False, owner: str = "") -> None:
    app = pilot.app
    await pilot.press("n")
    await wait_for(pilot, lambda: type(app.screen).__name__ == "NoteFormScreen")
    await pilot.press(*text)
    if urgent:
        app.screen.query_one("#priority").value = "urgent"
    if owner:
        app.screen.query_one("#owner").value = owner
    await pilot.press("ctrl+s")
    await wait_for(pilot, lambda: isinstance(app.screen, HandoverScreen))


async def test_write_read_pin_and_follow_up(demo_url, demo_db):
    app = make_app(demo_url, now=EVENING)
    async with app.run_test(size=(100, 30)) as pilot:
        await open_handover(pilot, "AL")
        await write(pilot, "Larmet i entrén piper", urgent=True)
        await write(pilot, "Ring låssmeden", owner="SO")
        await pilot.press("v")  # all notes in force
        await wait_for(pilot, lambda: "Larmet i entrén piper" in screen_text(app))
        text = screen_text(app)
        assert "‼ BRÅDSKANDE" in text and "☐ uppföljning: SO" in text
        await pilot.press("f")  # pin the highlighted (urgent) note
        await wait_for(pilot, lambda: "fäst" in screen_text(app))
    with demo_db.read() as session:
        notes = {n.text: n for n in session.exec(select(HandoverNote)).all()}
    assert notes["Larmet i entrén piper"].pinned and notes["Larmet i entrén piper"].expires_at is None
    assert notes["Ring låssmeden"].expires_at is not None  # ends with the next shift

    app = make_app(demo_url, now=EVENING)
    async with app.run_test(size=(100, 30)) as pilot:
        await open_handover(pilot, "SO", "1234")
        await wait_for(pilot, lambda: "Larmet i entrén piper" in screen_text(app))
        await pilot.press("k")  # read the highlighted (urgent) note: it leaves "new"
        await wait_for(pilot, lambda: "Larmet i entrén piper" not in screen_text(app))
        await pilot.press("v")  # all notes in force
        await wait_for(pilot, lambda: "läst av: AL, SO" in screen_text(app))
        await pilot.press("v")  # your follow-ups
        await wait_for(pilot, lambda: "Ring låssmeden" in screen_text(app))
        await pilot.press("d")
        await wait_for(pilot, lambda: type(app.screen).__name__ == "FollowUpDoneDialog")
        await pilot.press("ctrl+s")
        await wait_for(pilot, lambda: "kort kommentar" in screen_text(app))
        await pilot.press(*"Låssmeden kommer i morgon", "ctrl+s")
        await wait_for(pilot, lambda: isinstance(app.screen, HandoverScreen))
    with demo_db.read() as session:
        task = session.exec(select(FollowUp)).one()
        acks = session.exec(select(HandoverAck.staff_id)).all()
    assert task.done_comment == "Låssmeden kommer i morgon"
    assert len(acks) == 3  # two authors' own, and Sara's


async def test_edit_after_read_shows_again_and_lands_on_handover(demo_url, demo_db):
    app = make_app(demo_url, now=EVENING)
    async with app.run_test(size=(100, 30)) as pilot:
        await open_handover(pilot, "AL")
        await write(pilot, "Besökare sover i läsesalen", urgent=True)
    app = make_app(demo_url, now=EVENING)
    async with app.run_test(size=(100, 30)) as pilot:
        await wait_ready(pilot)
        await sign_in(pilot, "BK")
        assert isinstance(app.screen, HandoverScreen)  # unread notes: land here, not on F2
        await wait_for(pilot, lambda: "Besökare sover i läsesalen" in screen_text(app))
        await pilot.press("k")
        await wait_for(pilot, lambda: "Besökare sover i läsesalen" not in screen_text(app))
    app = make_app(demo_url, now=EVENING)
    async with app.run_test(size=(100, 30)) as pilot:
        await open_handover(pilot, "AL")
        await pilot.press("v")
        await wait_for(pilot, lambda: "Besökare sover i läsesalen" in screen_text(app))
        await pilot.press("e")
        await wait_for(pilot, lambda: type(app.screen).__name__ == "NoteFormScreen")
        await pilot.press("end", *", väktare tillkallad", "ctrl+s")
        await wait_for(pilot, lambda: isinstance(app.screen, HandoverScreen))
    app = make_app(demo_url, now=EVENING)
    async with app.run_test(size=(100, 30)) as pilot:
        await wait_ready(pilot)
        await sign_in(pilot, "BK")
        assert isinstance(app.screen, HandoverScreen)
        await wait_for(pilot, lambda: "ändrad sedan du läste" in screen_text(app))
        assert "väktare tillkallad" in screen_text(app)


async def test_a_note_written_at_one_desk_shows_at_another_within_2_seconds(demo_url):
    writer = make_app(demo_url, now=EVENING)
    reader = make_app(demo_url, now=EVENING)
    async with reader.run_test(size=(100, 30)) as reading:
        await open_handover(reading, "BK")
        await reading.press("v")  # all notes in force
        async with writer.run_test(size=(100, 30)) as writing:
            await open_handover(writing, "AL")
            await write(writing, "Vattenläcka på toaletten")
            written = asyncio.get_running_loop().time()
            await wait_for(reading, lambda: any(n.text == "Vattenläcka på toaletten"
                                                for n in reading.app.screen.notes), timeout=5)
            assert asyncio.get_running_loop().time() - written < 2.0
        assert "Vattenläcka på toaletten" in screen_text(reader)


def app_at(url: str, day: int, clock: str):
    hours, minutes = map(int, clock.split(":"))
    return make_app(url, now=datetime(2026, 11, day, hours, minutes, tzinfo=LOCAL_TZ))


async def test_since_your_last_shift_across_a_day_with_three_shifts(demo_url):
    """Förmiddag 08:00–12:30, Eftermiddag 12:30–16:30, Kväll 16:30–21:00; Anna and Bo."""
    app = app_at(demo_url, 24, "08:05")  # Anna's morning
    async with app.run_test(size=(100, 30)) as pilot:
        await open_handover(pilot, "AL")
        await write(pilot, "Trasig hiss till plan 2")
        await write(pilot, "Hotfull besökare i entrén", urgent=True)
    app = app_at(demo_url, 24, "12:40")  # Bo's afternoon: everything is new to him
    async with app.run_test(size=(100, 30)) as pilot:
        await wait_ready(pilot)
        await sign_in(pilot, "BK")
        assert isinstance(app.screen, HandoverScreen)
        await wait_for(pilot, lambda: len(app.screen.notes) == 2)
        assert [n.text for n in app.screen.notes] == ["Hotfull besökare i entrén",
                                                      "Trasig hiss till plan 2"]
        await pilot.press("k")
        await wait_for(pilot, lambda: len(app.screen.notes) == 1)
        await write(pilot, "Skrivaren i datorsalen saknar papper")
    app = app_at(demo_url, 24, "16:40")  # Anna's evening: only what came after her morning
    async with app.run_test(size=(100, 30)) as pilot:
        await wait_ready(pilot)
        await sign_in(pilot, "AL")
        assert isinstance(app.screen, HandoverScreen)
        await wait_for(pilot, lambda: app.screen.notes)
        assert [n.text for n in app.screen.notes] == ["Skrivaren i datorsalen saknar papper"]
    app = app_at(demo_url, 25, "08:10")  # Bo next morning: Anna's notes have expired
    async with app.run_test(size=(100, 30)) as pilot:
        await wait_ready(pilot)
        await sign_in(pilot, "BK")
        await pilot.press("f3")
        await wait_for(pilot, lambda: isinstance(app.screen, HandoverScreen))
        await pilot.press("v")  # all notes in force: none left (each lasted one shift more)
        await wait_for(pilot, lambda: "Inget här." in screen_text(app))


async def test_export_key_saves_the_previous_shift(demo_url, tmp_path, monkeypatch):
    monkeypatch.setenv("XDG_DATA_HOME", str(tmp_path))
    app = app_at(demo_url, 24, "13:00")
    async with app.run_test(size=(100, 30)) as pilot:
        await open_handover(pilot, "AL")
        await pilot.press("x")
        folder = tmp_path / "lotsen" / "handover"
        await wait_for(pilot, lambda: len(list(folder.glob("*"))) == 2)
    text = (folder / "2026-11-24-Förmiddag.txt").read_text(encoding="utf-8")
    assert "Förra passet: Förmiddag 08:00–12:30" in text
    assert (folder / "2026-11-24-Förmiddag.pdf").read_bytes().startswith(b"%PDF")


async def test_find_notes_and_browse_shift_by_shift(demo_url):
    app = app_at(demo_url, 24, "09:00")
    async with app.run_test(size=(100, 30)) as pilot:
        await open_handover(pilot, "AL")
        await write(pilot, "Hissen står still igen")
    app = app_at(demo_url, 24, "13:00")
    async with app.run_test(size=(100, 30)) as pilot:
        await open_handover(pilot, "BK")
        await write(pilot, "Kaffeautomaten läcker")
        await pilot.press("slash", *"hissen")
        await wait_for(pilot, lambda: [n.text for n in app.screen.notes]
                       == ["Hissen står still igen"])
        await pilot.press("escape")
        await pilot.press("slash", *"@BK")
        await wait_for(pilot, lambda: [n.text for n in app.screen.notes]
                       == ["Kaffeautomaten läcker"])
        await pilot.press("escape")
        await pilot.press("v", "v", "v")  # shift by shift: the running one first
        await wait_for(pilot, lambda: app.screen.view == "shift"
                       and [n.text for n in app.screen.notes] == ["Kaffeautomaten läcker"])
        await pilot.press("left")  # the morning shift
        await wait_for(pilot, lambda: [n.text for n in app.screen.notes]
                       == ["Hissen står still igen"])
        assert "Pass: Förmiddag 2026-11-24 08:00–12:30" in screen_text(app)


async def test_until_date_and_due_date_with_a_bad_date_refused(demo_url, demo_db):
    app = app_at(demo_url, 24, "09:00")
    async with app.run_test(size=(100, 34)) as pilot:
        await open_handover(pilot, "AL")
        await pilot.press("n")
        await wait_for(pilot, lambda: type(app.screen).__name__ == "NoteFormScreen")
        await pilot.press(*"Hämta nycklar från vaktmästeriet")
        form = app.screen
        form.query_one("#until").value = "2026-11-30"
        form.query_one("#owner").value = "MH"
        form.query_one("#due").value = "30/11"
        await pilot.press("ctrl+s")
        await wait_for(pilot, lambda: "skriv datumet som ÅÅÅÅ-MM-DD" in screen_text(app))
        form.query_one("#due").value = "2026-11-27"
        await pilot.press("ctrl+s")
        await wait_for(pilot, lambda: isinstance(app.screen, HandoverScreen))
    with demo_db.read() as session:
        note = session.exec(select(HandoverNote)).one()
        task = session.exec(select(FollowUp)).one()
    assert note.expires_at.astimezone(LOCAL_TZ).date().isoformat() == "2026-11-30"
    assert task.due_date.isoformat() == "2026-11-27"
