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


def seed_incidents(url: str) -> None:
    """The demo's sample incidents up to NOW, one of them edited and followed up, and a
    granted access ban (every person and event invented)."""
    from datetime import date, timedelta

    from db import bans
    from db.database import open_database
    from db.demo_records import add_demo_records
    from db.incidents import (
        IncidentFilter,
        add_follow_up,
        as_input,
        edit_incident,
        incident_detail,
        list_incidents,
    )
    from db.library import desk_context
    from db.staff import find_staff

    database = open_database(url)
    add_demo_records(database, NOW - timedelta(minutes=30))
    newest = list_incidents(database, IncidentFilter(), limit=1)[0]
    detail = incident_detail(database, newest.id)
    reporter = find_staff(database, detail.row.reporter)
    data = as_input(detail)
    from dataclasses import replace

    edit_incident(database, newest.id, reporter,
                  replace(data, severity=3, actions=("talked", "guard"), follow_up_by="manager",
                          description=data.description + "; väktaren kom efter tio minuter"),
                  detail.row.revision, now=NOW - timedelta(minutes=20))
    manager = find_staff(database, "MH")
    add_follow_up(database, newest.id, manager, "Pratat med väktarbolaget om snabbare "
                  "utryckning på kvällar.", now=NOW - timedelta(minutes=10))
    context = desk_context(database, None)
    police = [r.id for r in list_incidents(database, IncidentFilter(), limit=400)
              if r.police_report][:2]
    today = NOW.date()
    case = bans.create_case(database, manager, context.branch_id, bans.CaseInput(
        "Stadsbiblioteket: hela huset med entré och trappan utanför", "Maria Holm",
        "010-123 45 67", "Lång, grön jacka, cykelhjälm",
        "Upprepade hot mot personal och langning; risk för fortsatta brott.",
        "Fiktiv Testperson", date(1988, 3, 14), "Id-kort visat för polisen", tuple(police)),
        today - timedelta(days=40))
    bans.mark_applied(database, manager, case, today - timedelta(days=40))
    bans.record_decision(database, manager, case, today - timedelta(days=12), True,
                         today - timedelta(days=10), today + timedelta(days=170), "AM-4711-26")
    database.close()


def seed_alert(url: str) -> None:
    """A colleague at the children's desk asks for backup at the entrance, two minutes ago."""
    from datetime import timedelta

    from db.alerts import raise_alert
    from db.database import open_database
    from db.directory import Place
    from db.incidents import choices
    from db.library import desk_context
    from db.staff import find_staff

    database = open_database(url)
    context = desk_context(database, "Barn och unga")
    zone = next(z.id for z in choices(database, context.branch_id).zones
                if z.code == "entrance")
    place = Place(find_staff(database, "BK").id, context.desk.id, context.branch_id)
    raise_alert(database, place, zone, "now", now=NOW - timedelta(minutes=2))
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
        incidents = f"sqlite:///{tmp}/incidents.sqlite"
        prepare_demo(incidents).close()
        seed_incidents(incidents)
        alerting = f"sqlite:///{tmp}/alert.sqlite"
        prepare_demo(alerting).close()
        seed_alert(alerting)

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

        async def incident_list(pilot) -> None:
            from tui.screens.incidents import IncidentScreen

            await sign_in(pilot, "AL")
            await pilot.press("f4")
            await until(pilot, lambda: isinstance(pilot.app.screen, IncidentScreen)
                        and pilot.app.screen.rows)

        async def incident_new(pilot) -> None:
            await incident_list(pilot)
            await pilot.press("n")
            await until(pilot, lambda: type(pilot.app.screen).__name__ == "IncidentFormScreen")
            await pilot.press("h", "t", "2", "enter", *"Hotade personal vid toaletterna")

        async def incident_detail(pilot) -> None:
            await incident_list(pilot)
            await pilot.press("enter")
            await until(pilot, lambda: type(pilot.app.screen).__name__ == "IncidentDetailScreen"
                        and pilot.app.screen.detail is not None)

        async def statistics(pilot) -> None:
            await sign_in(pilot, "MH", "1234")
            await pilot.press("f5")
            await until(pilot, lambda: type(pilot.app.screen).__name__ == "StatisticsScreen"
                        and getattr(pilot.app.screen, "stats", None) is not None)
            await pilot.pause(0.5)

        async def ban_list(pilot) -> None:
            await sign_in(pilot, "MH", "1234")
            await pilot.press("f8")
            await until(pilot, lambda: type(pilot.app.screen).__name__ == "BanScreen"
                        and pilot.app.screen.query_one("#bans-table").row_count > 0)

        async def ban_case(pilot) -> None:
            await ban_list(pilot)
            await pilot.press("enter")
            await until(pilot, lambda: type(pilot.app.screen).__name__ == "BanCaseScreen"
                        and "Fiktiv" in str(getattr(pilot.app.screen, "detail", "")))
            await pilot.pause(0.3)

        async def privacy(pilot) -> None:
            await incident_list(pilot)
            await pilot.press("n")
            await until(pilot, lambda: type(pilot.app.screen).__name__ == "IncidentFormScreen")
            await pilot.press("o", "l", "1", "enter", *"Högljudd, ring systern 070-174 06 12",
                              "ctrl+s")
            await until(pilot, lambda: type(pilot.app.screen).__name__ == "PrivacyDialog")

        async def incoming_alert(pilot) -> None:
            await sign_in(pilot, "AL")
            await until(pilot, lambda: type(pilot.app.screen).__name__ == "AlertScreen")

        async def routine(pilot) -> None:
            await sign_in(pilot, "AL")
            await pilot.press("f1", "1")
            await until(pilot, lambda: type(pilot.app.screen).__name__ == "RoutineScreen")
            await pilot.pause(0.3)

        async def global_search(pilot) -> None:
            await sign_in(pilot, "AL")
            await until(pilot, lambda: pilot.app.directory is not None)
            await pilot.press("ctrl+p")
            await until(pilot, lambda: type(pilot.app.screen).__name__ == "CommandPalette")
            await pilot.press(*"toalett")
            await pilot.pause(1.5)  # the search runs in a thread; its hits arrive together

        async def audit_log(pilot) -> None:
            await sign_in(pilot, "MH", "1234")
            await pilot.press("f7")
            await until(pilot, lambda: isinstance(pilot.app.screen, StaffScreen))
            await pilot.press("g")
            await until(pilot, lambda: type(pilot.app.screen).__name__ == "AuditScreen"
                        and pilot.app.screen.rows)

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
            await shoot(incidents, "incidents", incident_list),
            await shoot(incidents, "incident-new", incident_new),
            await shoot(incidents, "incident-detail", incident_detail),
            await shoot(incidents, "statistics", statistics),
            await shoot(incidents, "privacy", privacy),
            await shoot(incidents, "audit", audit_log),
            await shoot(alerting, "alert", incoming_alert),
            await shoot(demo, "routine", routine),
            await shoot(incidents, "global-search", global_search),
            await shoot(incidents, "bans", ban_list),
            await shoot(incidents, "ban-case", ban_case),
            await shoot(demo, "staff", staff),
            await shoot(demo, "staff-add", staff_add),
            await shoot(empty, "setup", nothing, desk=None),
        ]
    return shots


if __name__ == "__main__":
    for shot in asyncio.run(main()):
        print(shot.relative_to(ROOT))
    sys.exit(0)
