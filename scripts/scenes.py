"""The screens of Lotsen as scenes: fictional demo data (seeded with a fixed clock) and the
keys that bring each screen up, shared by ``scripts.screenshots`` (the README's SVGs) and
``tests/test_snapshots.py`` (the snapshot tests at 80×24).

A scene is a database (``demo``, ``empty`` or a demo with seeded data), the clock the app
runs at, and the steps: coroutines that drive the app with Pilot until the screen is complete
(every wait is for something on the screen, never for a fixed time), so the same scene gives
the same screen on SQLite and PostgreSQL, on a fast machine or a busy one.

Every person, event and note here is invented.
"""

from __future__ import annotations

import asyncio
from collections.abc import Awaitable, Callable
from dataclasses import dataclass, replace
from datetime import date, datetime, timedelta

from db.clock import LOCAL_TZ

NOW = datetime(2026, 11, 24, 18, 5, tzinfo=LOCAL_TZ)  # a Tuesday, evening shift
NIGHT = datetime(2026, 11, 24, 22, 0, tzinfo=LOCAL_TZ)  # most services closed, a shelter open
SIZE = (80, 24)
DESK = "Informationsdisken"
TIMEOUT = 60.0  # seconds: a busy machine (the whole suite on two cores) is slow, not wrong

Steps = Callable[[object], Awaitable[None]]


# ---------------------------------------------------------------------- driving the app
async def until(pilot, predicate: Callable[[], object], timeout: float = TIMEOUT) -> None:
    """Let the app run until ``predicate()`` is true (workers finish in their own time)."""
    loop = asyncio.get_running_loop()
    deadline = loop.time() + timeout
    while not predicate():
        if loop.time() > deadline:
            screen = pilot.app.screen
            raise TimeoutError(f"{type(screen).__name__}: still waiting for the condition "
                               f"on line {predicate.__code__.co_firstlineno} of "
                               f"{predicate.__code__.co_filename}")
        await pilot.pause(0.02)
    await pilot.pause()


def screen_is(pilot, name: str) -> bool:
    return type(pilot.app.screen).__name__ == name


async def ready(pilot) -> None:
    """The database is open and the sign-in (or first-run set-up) screen shows it."""
    from tui.screens.setup import SetupScreen
    from tui.screens.signin import SignInScreen

    app = pilot.app
    await until(pilot, lambda: app.database is not None
                and isinstance(app.screen, (SignInScreen, SetupScreen)))


async def sign_in(pilot, initials: str, pin: str | None = None) -> None:
    """Type initials (and PIN) on the sign-in screen and wait until signed in."""
    app = pilot.app
    await pilot.press(*initials, "enter")
    if pin is not None:
        await until(pilot, lambda: app.screen.query_one("#pin").display)
        await pilot.press(*pin, "enter")
    await until(pilot, lambda: app.staff is not None and app.staff.initials == initials
                and not app.locked)


async def directory_loaded(pilot) -> None:
    """The search index is built (F2 shows its hint instead of "Loading the directory…")."""
    await until(pilot, lambda: pilot.app.directory is not None)


# ---------------------------------------------------------------------- seeding
def seed_handover(url: str) -> None:
    """A few fictional notes (urgent, important, normal, a follow-up) and referrals in the
    afternoon before the evening shots."""
    from sqlmodel import select

    from db.database import open_database
    from db.directory import Place
    from db.handover import NewNote, write_note
    from db.models import AuditEvent, Desk
    from db.models_directory import Referral
    from db.staff import find_staff

    database = open_database(url)
    with database.read() as session:
        desk = session.exec(select(Desk).where(Desk.name == DESK)).one()

    def at(clock: str) -> datetime:
        hours, minutes = map(int, clock.split(":"))
        return NOW.replace(hour=hours, minute=minutes)

    def place(initials: str, clock: str) -> Place:
        staff = find_staff(database, initials)
        with database.write() as session:
            session.add(AuditEvent(at=at(clock), staff_id=staff.id, desk_id=desk.id,
                                   action="signin"))
        return Place(staff.id, desk.id, desk.branch_id)

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
    """The demo's sample incidents up to NOW (a fixed random seed), the newest edited to
    "very serious" and followed up, and a granted access ban."""
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
    edit_incident(database, newest.id, reporter,
                  replace(data, severity=4, actions=("talked", "guard"), follow_up_by="manager",
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
    # The ban steps are audited at the real time: dated on the days they stand for instead,
    # so that the audit screenshot comes out the same at every regeneration.
    from sqlmodel import col, select

    from db.models import AuditEvent

    with database.write() as session:
        for action, days in (("ban_case_created", 40), ("ban_case_applied", 40),
                             ("ban_decision_recorded", 12)):
            for event in session.exec(select(AuditEvent)
                                      .where(col(AuditEvent.action) == action)).all():
                event.at = NOW.replace(hour=10, minute=0) - timedelta(days=days)
                session.add(event)
    database.close()


def seed_alert(url: str) -> None:
    """A colleague at the children's desk asks for backup at the entrance, two minutes ago."""
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


SEEDS: dict[str, Callable[[str], None] | None] = {
    "demo": None, "handover": seed_handover, "incidents": seed_incidents, "alert": seed_alert,
}


def prepare(data: str, url: str) -> None:
    """Create the database a scene needs at ``url`` (a new, empty database)."""
    from db.database import open_database
    from db.demo import prepare_demo

    if data == "empty":
        open_database(url).close()
        return
    prepare_demo(url).close()
    seed(data, url)


def seed(data: str, url: str) -> None:
    """Add the scene's data to a demo database."""
    seeder = SEEDS[data]
    if seeder is not None:
        seeder(url)


# ---------------------------------------------------------------------- the scenes
async def nothing(pilot) -> None:
    pass


async def wrong_pin(pilot) -> None:
    await pilot.press(*"SO", "enter")
    await until(pilot, lambda: pilot.app.screen.query_one("#pin").display)
    await pilot.press(*"0000", "enter")
    await until(pilot, lambda: "Fel" in str(pilot.app.screen.query_one(
        "#signin-message").render()))


async def locked(pilot) -> None:
    await sign_in(pilot, "AL")
    await pilot.press("ctrl+l")
    await until(pilot, lambda: pilot.app.locked)


async def shell(pilot) -> None:
    """F2 as it opens after signing in: an empty search."""
    await sign_in(pilot, "AL")
    await directory_loaded(pilot)
    await until(pilot, lambda: screen_is(pilot, "ReferralScreen"))


async def help_screen(pilot) -> None:
    await sign_in(pilot, "AL")
    await pilot.press("f1")
    await until(pilot, lambda: pilot.app.current_mode == "help"
                and screen_is(pilot, "HelpScreen") and pilot.app.screen.routines)


async def referrals(pilot) -> None:
    """F2: "sova", Enter to the hits (the first highlighted, its facts below)."""
    app = pilot.app
    await sign_in(pilot, "AL")
    await directory_loaded(pilot)
    await until(pilot, lambda: screen_is(pilot, "ReferralScreen"))
    await pilot.press(*"sova")
    await until(pilot, lambda: app.screen.query_one("#search").value == "sova"
                and app.screen.hits)
    await pilot.press("enter")  # handled after the last search: the hits are those of "sova"
    await until(pilot, lambda: app.focused is app.screen.query_one("#hits")
                and app.screen.query_one("#hit-summary")._content)


async def detail(pilot) -> None:
    await referrals(pilot)
    await pilot.press("enter")
    await until(pilot, lambda: screen_is(pilot, "ServiceDetailScreen"))
    await pilot.pause(0.3)


async def refer(pilot) -> None:
    await referrals(pilot)
    await pilot.press("r")
    await until(pilot, lambda: screen_is(pilot, "ReferralDialog"))


async def slip(pilot) -> None:
    await referrals(pilot)
    await pilot.press("p")
    await until(pilot, lambda: screen_is(pilot, "SlipScreen"))


async def handover(pilot) -> None:
    """F3, where AL lands: the notes new since the last shift, urgent first."""
    await sign_in(pilot, "AL")
    await until(pilot, lambda: screen_is(pilot, "HandoverScreen") and pilot.app.screen.notes)


async def note_form(pilot) -> None:
    await handover(pilot)
    await pilot.press("n")
    await until(pilot, lambda: screen_is(pilot, "NoteFormScreen"))
    await pilot.press(*"Nyckeln till bokinkastet ligger i kassaskåpet")


async def follow_ups(pilot) -> None:
    await handover(pilot)
    await pilot.press("v", "v")
    await until(pilot, lambda: pilot.app.screen.view == "mine" and "Ring fastighetsskötaren"
                in str([n.text for n in pilot.app.screen.notes]))


async def directory(pilot) -> None:
    """F6 for the social worker."""
    await sign_in(pilot, "SO", "1234")
    await pilot.press("f6")
    await until(pilot, lambda: screen_is(pilot, "DirectoryScreen")
                and pilot.app.screen.query_one("#directory-table").row_count > 0)


async def staff(pilot) -> None:
    """F7 for the manager: every account."""
    await sign_in(pilot, "MH", "1234")
    await pilot.press("f7")
    await until(pilot, lambda: screen_is(pilot, "StaffScreen")
                and pilot.app.screen.query_one("#staff-table").row_count == 6)


async def staff_add(pilot) -> None:
    await staff(pilot)
    await pilot.press("a")
    await until(pilot, lambda: screen_is(pilot, "StaffFormScreen"))
    await pilot.press(*"LN", "enter", *"Lo Nilsson")


async def incidents(pilot) -> None:
    """F4: newest first, the access ban in force on top."""
    await sign_in(pilot, "AL")
    await pilot.press("f4")
    await until(pilot, lambda: screen_is(pilot, "IncidentScreen") and pilot.app.screen.rows)


async def incident_new(pilot) -> None:
    await incidents(pilot)
    await pilot.press("n")
    await until(pilot, lambda: screen_is(pilot, "IncidentFormScreen"))
    await pilot.press("h", "t", "2", "enter", *"Hotade personal vid toaletterna")


async def incident_detail(pilot) -> None:
    await incidents(pilot)
    await pilot.press("enter")
    await until(pilot, lambda: screen_is(pilot, "IncidentDetailScreen")
                and pilot.app.screen.detail is not None)


async def statistics(pilot) -> None:
    """F5 for the manager: this month."""
    await sign_in(pilot, "MH", "1234")
    await pilot.press("f5")
    await until(pilot, lambda: screen_is(pilot, "StatisticsScreen")
                and pilot.app.screen.stats is not None)


async def bans(pilot) -> None:
    """F8 for the manager."""
    await sign_in(pilot, "MH", "1234")
    await pilot.press("f8")
    await until(pilot, lambda: screen_is(pilot, "BanScreen")
                and pilot.app.screen.query_one("#bans-table").row_count > 0)


async def ban_case(pilot) -> None:
    await bans(pilot)
    await pilot.press("enter")
    await until(pilot, lambda: screen_is(pilot, "BanCaseScreen")
                and "Fiktiv" in str(getattr(pilot.app.screen, "detail", "")))
    await pilot.pause(0.3)


async def privacy(pilot) -> None:
    await incidents(pilot)
    await pilot.press("n")
    await until(pilot, lambda: screen_is(pilot, "IncidentFormScreen"))
    await pilot.press("o", "l", "1", "enter", *"Högljudd, ring systern 070-174 06 12", "ctrl+s")
    await until(pilot, lambda: screen_is(pilot, "PrivacyDialog"))


async def audit(pilot) -> None:
    await staff(pilot)
    await pilot.press("g")
    await until(pilot, lambda: screen_is(pilot, "AuditScreen") and pilot.app.screen.rows)


async def alert(pilot) -> None:
    """F9 as it rings at a colleague's desk: AL signs in at the information desk."""
    await sign_in(pilot, "AL")
    await directory_loaded(pilot)  # F2 behind the alert
    await until(pilot, lambda: screen_is(pilot, "AlertScreen"))


async def routine(pilot) -> None:
    await sign_in(pilot, "AL")
    await pilot.press("f1", "1")
    await until(pilot, lambda: screen_is(pilot, "RoutineScreen"))
    await pilot.pause(0.3)


async def global_search(pilot) -> None:
    await sign_in(pilot, "AL")
    await directory_loaded(pilot)
    await pilot.press("ctrl+p")
    await until(pilot, lambda: screen_is(pilot, "CommandPalette"))
    await pilot.press(*"toalett")
    await pilot.pause(1.5)  # the search runs in a thread; its hits arrive together


@dataclass(frozen=True)
class Scene:
    name: str
    steps: Steps
    data: str = "demo"  # demo, empty, or a demo seeded by SEEDS[data]
    now: datetime = NOW
    desk: str | None = DESK

    async def run(self, pilot) -> None:
        """From the start of the app to the finished screen (toasts cleared: they come and
        go in their own time)."""
        await ready(pilot)
        await self.steps(pilot)
        pilot.app.clear_notifications()
        await pilot.pause()


SCENES: dict[str, Scene] = {scene.name: scene for scene in (
    Scene("signin", nothing),
    Scene("signin-wrong-pin", wrong_pin),
    Scene("locked", locked),
    Scene("shell", shell),
    Scene("help", help_screen),
    Scene("referrals", referrals, now=NIGHT),
    Scene("service-detail", detail, now=NIGHT),
    Scene("referral-record", refer, now=NIGHT),
    Scene("slip", slip, now=NIGHT),
    Scene("directory", directory, now=NIGHT),
    Scene("handover", handover, "handover"),
    Scene("handover-note", note_form, "handover"),
    Scene("handover-follow-ups", follow_ups, "handover"),
    Scene("incidents", incidents, "incidents"),
    Scene("incident-new", incident_new, "incidents"),
    Scene("incident-detail", incident_detail, "incidents"),
    Scene("statistics", statistics, "incidents"),
    Scene("privacy", privacy, "incidents"),
    Scene("audit", audit, "incidents"),
    Scene("alert", alert, "alert"),
    Scene("routine", routine),
    Scene("global-search", global_search, "incidents"),
    Scene("bans", bans, "incidents"),
    Scene("ban-case", ban_case, "incidents"),
    Scene("staff", staff),
    Scene("staff-add", staff_add),
    Scene("setup", nothing, "empty", desk=None),
)}

# The main screens: one snapshot each at 80×24, in every theme the tests name.
MAIN_SCREENS = ("signin", "help", "referrals", "handover", "incidents", "statistics",
                "directory", "staff", "bans", "alert", "setup")
