"""Regenerate the SVG screenshots in screenshots/ (80×24, Swedish, demo data, fixed clock).

    python -m scripts.screenshots          (or: python3 run.py lotsen … is not needed)
"""

from __future__ import annotations

import asyncio
import sys
import tempfile
from collections.abc import Awaitable, Callable
from datetime import datetime
from pathlib import Path

from db.clock import LOCAL_TZ
from db.settings import Settings

ROOT = Path(__file__).resolve().parent.parent
OUT = ROOT / "screenshots"
NOW = datetime(2026, 11, 24, 18, 5, tzinfo=LOCAL_TZ)
NIGHT = datetime(2026, 11, 24, 22, 0, tzinfo=LOCAL_TZ)
SIZE = (80, 24)


async def until(pilot, predicate: Callable[[], object], timeout: float = 10) -> None:
    loop = asyncio.get_running_loop()
    deadline = loop.time() + timeout
    while not predicate():
        if loop.time() > deadline:
            raise TimeoutError(str(predicate))
        await pilot.pause(0.02)
    await pilot.pause(0.2)


async def shoot(url: str, name: str, steps: Callable[[object], Awaitable[None]],
                desk: str | None = "Informationsdisken", now: datetime = NOW) -> Path:
    from tui.app import LotsenApp
    from tui.screens.setup import SetupScreen
    from tui.screens.signin import SignInScreen

    app = LotsenApp(Settings(database_url=url, lang="sv", desk=desk), now=lambda: now)
    async with app.run_test(size=SIZE) as pilot:
        await until(pilot, lambda: app.database is not None
                    and isinstance(app.screen, (SignInScreen, SetupScreen)))
        await steps(pilot)
        path = OUT / f"{name}.svg"
        app.save_screenshot(filename=path.name, path=str(OUT))
    return path


async def sign_in(pilot, initials: str, pin: str | None = None) -> None:
    app = pilot.app
    await pilot.press(*initials, "enter")
    if pin:
        await until(pilot, lambda: app.screen.query_one("#pin").display)
        await pilot.press(*pin, "enter")
    await until(pilot, lambda: app.staff is not None and not app.locked)


def seed_handover(url: str) -> None:
    """A few fictional notes and referrals in the afternoon before the evening shots."""
    from db.database import open_database
    from db.directory import Place
    from db.handover import NewNote, write_note
    from db.models import AuditEvent, Desk
    from db.models_directory import Referral
    from db.staff import find_staff
    from sqlmodel import select

    database = open_database(url)
    with database.read() as session:
        desk = session.exec(select(Desk).where(Desk.name == "Informationsdisken")).one()

    def place(initials: str, clock: str) -> Place:
        staff = find_staff(database, initials)
        with database.write() as session:
            session.add(AuditEvent(at=at(clock), staff_id=staff.id, desk_id=desk.id,
                                   action="signin"))
        return Place(staff.id, desk.id, desk.branch_id)

    def at(clock: str) -> datetime:
        hours, minutes = map(int, clock.split(":"))
        return NOW.replace(hour=hours, minute=minutes)

    bo = place("BK", "12:35")
    with database.write() as session:
        for need, clock in (("shelter", "13:10"), ("food", "14:20"), ("debts", "15:05")):
            session.add(Referral(at=at(clock), branch_id=desk.branch_id, desk_id=desk.id,
                                 staff_id=bo.staff_id, service_name="-", need=need,
                                 method="information"))
    write_note(database, bo, NewNote("Orolig besökare vid datorerna, väktare informerad",
                                     "situation", "urgent"), now=at("15:40"))
    write_note(database, bo, NewNote("Hissen till plan 2 är ur funktion, felanmäld",
                                     "premises", "important"), now=at("14:00"))
    write_note(database, bo, NewNote("Ring fastighetsskötaren om låset i personalrummet",
                                     "followup", follow_up_owner="AL"), now=at("16:10"))
    write_note(database, bo, NewNote("Bokcirkeln flyttad till rum 3 i kväll"), now=at("13:00"))
    database.close()


async def main() -> list[Path]:
    from db.database import open_database
    from db.demo import prepare_demo
    from tui.screens.staff import StaffScreen
    from tui.screens.staff_form import StaffFormScreen

    OUT.mkdir(exist_ok=True)
    with tempfile.TemporaryDirectory() as tmp:
        demo = f"sqlite:///{tmp}/demo.sqlite"
        prepare_demo(demo).close()
        empty = f"sqlite:///{tmp}/empty.sqlite"
        open_database(empty).close()
        handover = f"sqlite:///{tmp}/handover.sqlite"
        prepare_demo(handover).close()
        seed_handover(handover)

        async def nothing(pilot) -> None:
            pass

        async def help_screen(pilot) -> None:
            await sign_in(pilot, "AL")
            await pilot.press("f1")
            await until(pilot, lambda: pilot.app.current_mode == "help")

        async def referrals(pilot) -> None:
            from tui.screens.referrals import ReferralScreen

            await sign_in(pilot, "AL")
            await until(pilot, lambda: isinstance(pilot.app.screen, ReferralScreen)
                        and pilot.app.directory is not None)
            await pilot.press(*"sova")
            await until(pilot, lambda: pilot.app.screen.hits)
            await pilot.press("enter")

        async def detail(pilot) -> None:
            await referrals(pilot)
            await pilot.press("enter")
            await until(pilot, lambda: type(pilot.app.screen).__name__ == "ServiceDetailScreen")
            await pilot.pause(0.3)

        async def refer(pilot) -> None:
            await referrals(pilot)
            await pilot.press("r")
            await until(pilot, lambda: type(pilot.app.screen).__name__ == "ReferralDialog")

        async def slip(pilot) -> None:
            await referrals(pilot)
            await pilot.press("p")
            await until(pilot, lambda: type(pilot.app.screen).__name__ == "SlipScreen")

        async def handover_screen(pilot) -> None:
            from tui.screens.handover import HandoverScreen

            await sign_in(pilot, "AL")
            await until(pilot, lambda: isinstance(pilot.app.screen, HandoverScreen)
                        and pilot.app.screen.notes)

        async def note_form(pilot) -> None:
            await handover_screen(pilot)
            await pilot.press("n")
            await until(pilot, lambda: type(pilot.app.screen).__name__ == "NoteFormScreen")
            await pilot.press(*"Nyckeln till bokinkastet ligger i kassaskåpet")

        async def follow_ups(pilot) -> None:
            await handover_screen(pilot)
            await pilot.press("v", "v")
            await until(pilot, lambda: "Ring fastighetsskötaren" in str(
                [n.text for n in pilot.app.screen.notes]))

        async def directory(pilot) -> None:
            from tui.screens.directory import DirectoryScreen

            await sign_in(pilot, "SO", "1234")
            await pilot.press("f6")
            await until(pilot, lambda: isinstance(pilot.app.screen, DirectoryScreen)
                        and pilot.app.screen.query_one("#directory-table").row_count > 0)

        async def locked(pilot) -> None:
            await sign_in(pilot, "AL")
            await pilot.press("ctrl+l")
            await until(pilot, lambda: pilot.app.locked)

        async def staff(pilot) -> None:
            await sign_in(pilot, "MH", "1234")
            await pilot.press("f7")
            await until(pilot, lambda: isinstance(pilot.app.screen, StaffScreen)
                        and pilot.app.screen.query_one("#staff-table").row_count > 0)

        async def staff_add(pilot) -> None:
            await staff(pilot)
            await pilot.press("a")
            await until(pilot, lambda: isinstance(pilot.app.screen, StaffFormScreen))
            await pilot.press(*"LN", "enter", *"Lo Nilsson")

        shots = [
            await shoot(demo, "signin", nothing),
            await shoot(demo, "locked", locked),
            await shoot(demo, "help", help_screen),
            await shoot(demo, "referrals", referrals, now=NIGHT),
            await shoot(demo, "service-detail", detail, now=NIGHT),
            await shoot(demo, "referral-record", refer, now=NIGHT),
            await shoot(demo, "slip", slip, now=NIGHT),
            await shoot(demo, "directory", directory, now=NIGHT),
            await shoot(handover, "handover", handover_screen),
            await shoot(handover, "handover-note", note_form),
            await shoot(handover, "handover-follow-ups", follow_ups),
            await shoot(demo, "staff", staff),
            await shoot(demo, "staff-add", staff_add),
            await shoot(empty, "setup", nothing, desk=None),
        ]
    return shots


if __name__ == "__main__":
    for shot in asyncio.run(main()):
        print(shot.relative_to(ROOT))
    sys.exit(0)
