"""Memory benchmark: resident memory (RSS) of Lotsen after hours of simulated desk use.

The goal (issue "Thin clients and speed"): at most 75 MiB after an hour of desk use, and no
growth from one hour to the next. Each measurement runs in a fresh Python process, so the
figure is that process's own ``VmRSS`` (``/proc/self/status``), read after ``gc.collect()``.

One "hour" at the desk, driven through Textual's Pilot at 80×24 with the app's injectable
clock (records spread over the simulated hour; the idle lock never fires):

- 60 referral searches on F2, typed key by key (one key event per character, so one
  search per keystroke: ``sova``, ``mat``, ``skulder``, ``tandläkare``, …), every third
  one recorded as an anonymous referral (Enter, ↓, ``r``, a digit for how, Ctrl+S);
- 6 handover notes on F3 (``n``, text, Ctrl+S);
- 4 incidents on F4 (``n``, type, zone, action, Enter, text, Ctrl+S), an incident opened
  (Enter, Esc) and the list paged to its end (all time: more than one page of 200);
- F1–F7 in turn, then the desk locked (Ctrl+L) and the manager (MH) signed in: F5
  statistics (m, y, ←, →, b), F8 access bans, F6 directory; locked again and AL back.

``anon_hours`` is the anonymous part of each hour's figure (RssAnon): what one more desk
costs on a host where many Lotsen processes share the mapped files. ``rss_peak`` is the
process's high-water mark (VmHWM): it includes the 16 MiB that scrypt
borrows for a moment at each sign-in with a PIN.

The floors are measured the same way: a bare Textual app (``benchmarks.bare_app``) under
``run_test``, and the same after ``import sqlmodel`` plus an open SQLite engine.

    python -m benchmarks.memory [--hours N] [--json] [--no-floors] [--trace]

``measure(hours=2)`` returns the figures as a dict (for ``python -m benchmarks``).
"""

from __future__ import annotations

import argparse
import asyncio
import gc
import json
import os
import subprocess
import sys
import tempfile
from datetime import datetime, timedelta
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
GOAL_MIB = 75.0
SIZE = (80, 24)
START = (2026, 11, 24, 9, 0)  # a Tuesday morning (the demo's morning shift starts at 08:00)
INCIDENTS = 500  # demo incidents over 120 days: the "all time" list has more than one page

SEARCHES = ("sova", "mat", "skulder", "tandläkare", "tak över huvudet", "shelter tonight",
            "sova inatt", "matkasse", "hemlös", "missbruk", "psykisk ohälsa", "våld",
            "kvinnojour", "jobb", "pengar", "skuld", "tandlakare", "boende", "sjuk", "läkare",
            "ensam", "kläder", "dusch", "juridik", "mat nu", "akut", "barn", "id-kort",
            "migrationsverket", "sova kl 23")
NOTES = ("Skrivaren på plan 2 har pappersstopp, felanmält",
         "Nyckeln till bokinkastet ligger i kassaskåpet",
         "Studiebesök från skolan kl 14 i sagorummet",
         "Väktaren går sin runda en extra gång i kväll",
         "Hissen fungerar igen efter servicen",
         "Wifi-gästkoden byts på måndag, nya lappar i lådan")
# (type key, zone key, action key, description): threat/toilets, disturbance/reading room, …
INCIDENT_KEYS = (("h", "t", "2", "Hotade personal vid toaletterna"),
                 ("o", "l", "1", "Högljudd diskussion i läsesalen"),
                 ("p", "e", "2", "Påverkad besökare vid entrén"),
                 ("w", "t", "1", "Person på toaletten länge, svarade vid knackning"))


# --------------------------------------------------------------------------- measuring
def rss_mib() -> float:
    """This process's resident memory (VmRSS) in MiB."""
    return _status_kib("VmRSS") / 1024


def anon_mib() -> float:
    """This process's anonymous resident memory (RssAnon) in MiB: its own heap and stacks.
    The rest of VmRSS is files mapped from disk (Python, the C extensions), which every
    Lotsen process on one host shares: RssAnon is what each further desk costs there."""
    return _status_kib("RssAnon") / 1024


def peak_mib() -> float:
    """This process's peak resident memory (VmHWM) in MiB."""
    return _status_kib("VmHWM") / 1024


def _status_kib(field: str) -> int:
    with open("/proc/self/status", encoding="ascii") as status:
        for line in status:
            if line.startswith(field + ":"):
                return int(line.split()[1])
    raise RuntimeError(f"no {field} in /proc/self/status (Linux only)")


def settled_rss() -> float:
    gc.collect()
    return round(rss_mib(), 1)


class SimClock:
    """The app's wall clock and monotonic clock, moved on by the simulation only."""

    def __init__(self, start: datetime) -> None:
        self.at = start
        self.mono = 1000.0

    def now(self) -> datetime:
        return self.at

    def monotonic(self) -> float:
        return self.mono

    def advance(self, seconds: float) -> None:
        self.at += timedelta(seconds=seconds)
        self.mono += seconds


async def until(pilot, predicate, timeout: float = 60.0) -> None:  # noqa: ANN001
    loop = asyncio.get_running_loop()
    deadline = loop.time() + timeout
    while not predicate():
        if loop.time() > deadline:
            raise TimeoutError(f"waiting for line {predicate.__code__.co_firstlineno}: "
                               f"{type(pilot.app.screen).__name__}")
        await pilot.pause(0.01)
    await pilot.pause()


def _screen(pilot) -> str:  # noqa: ANN001
    return type(pilot.app.screen).__name__


async def type_text(pilot, text: str) -> None:  # noqa: ANN001
    """Type ``text`` into the focused field, a key event per character (as a terminal sends
    them), without Pilot's idle wait after every key (some 40 ms each). Only characters:
    a bound key (ctrl+u, enter) is handled after the characters posted with it."""
    from textual import events
    from textual.keys import _character_to_key

    for char in text:
        pilot.app.post_message(events.Key(char if char.isalnum() else _character_to_key(char),
                                          char))
    await pilot.pause()


# --------------------------------------------------------------------------- the desk
class Desk:
    """Drives one signed-in desk through Pilot."""

    def __init__(self, pilot, clock: SimClock) -> None:  # noqa: ANN001
        self.pilot = pilot
        self.app = pilot.app
        self.clock = clock
        self.counts: dict[str, int] = {}
        self.started = clock.at

    def _count(self, what: str) -> None:
        self.counts[what] = self.counts.get(what, 0) + 1

    async def sign_in(self, initials: str, pin: str | None = None) -> None:
        pilot, app = self.pilot, self.app
        await until(pilot, lambda: _screen(pilot) == "SignInScreen"
                    and app.screen.query_one("#initials").has_focus)
        await pilot.press(*initials, "enter")
        if pin is not None:
            await until(pilot, lambda: app.screen.query_one("#pin").display
                        and app.screen.query_one("#pin").has_focus)
            await pilot.press(*pin, "enter")
        await until(pilot, lambda: app.staff is not None and app.staff.initials == initials
                    and not app.locked and _screen(pilot) != "SignInScreen")

    async def lock(self) -> None:
        await self.pilot.press("ctrl+l")
        await until(self.pilot, lambda: self.app.locked and _screen(self.pilot) == "SignInScreen")

    async def to_mode(self, mode: str, key: str) -> None:
        await self.pilot.press(key)
        await until(self.pilot, lambda: self.app.current_mode == mode
                    and len(self.app.screen_stack) == 1)

    async def referrals(self, count: int, refer_every: int, step: float, offset: int) -> None:
        from tui.screens.referrals import ReferralScreen

        pilot, app = self.pilot, self.app
        await self.to_mode("referrals", "f2")
        await until(pilot, lambda: isinstance(app.screen, ReferralScreen)
                    and app.directory is not None)
        screen = app.screen
        for number in range(count):
            query = SEARCHES[(offset + number) % len(SEARCHES)]
            # Back to the search field (the cursor stays at the end), empty it, type.
            on_search = screen.focused is screen.query_one("#search")
            await pilot.press(*(("ctrl+u",) if on_search else ("slash", "ctrl+u")))
            await type_text(pilot, query)
            await until(pilot, lambda: screen.query_one("#search").value == query)
            self._count("searches")
            self.clock.advance(step)
            if number % refer_every == refer_every - 1 and screen.hits:
                await pilot.press("enter")
                await until(pilot, lambda: screen.focused is screen.query_one("#hits"))
                await pilot.press("down", "r")
                await until(pilot, lambda: _screen(pilot) == "ReferralDialog")
                await pilot.press(str(1 + number % 4), "ctrl+s")
                await until(pilot, lambda: app.screen is screen)
                self._count("referrals")
                self.clock.advance(step)

    async def notes(self, count: int, step: float, offset: int) -> None:
        from tui.screens.handover import HandoverScreen

        pilot, app = self.pilot, self.app
        await self.to_mode("handover", "f3")
        await until(pilot, lambda: isinstance(app.screen, HandoverScreen))
        screen = app.screen
        for number in range(count):
            await pilot.press("n")
            await until(pilot, lambda: _screen(pilot) == "NoteFormScreen")
            await type_text(pilot, NOTES[(offset + number) % len(NOTES)])
            await pilot.press("ctrl+s")
            await until(pilot, lambda: app.screen is screen)
            if number % 2:
                await pilot.press("v")  # new notes → all in force → follow-ups → …
            await pilot.press("k")
            self._count("notes")
            self.clock.advance(step)

    async def incidents(self, count: int, step: float, offset: int) -> None:
        from tui.screens.incidents import IncidentScreen

        pilot, app = self.pilot, self.app
        await self.to_mode("incidents", "f4")
        await until(pilot, lambda: isinstance(app.screen, IncidentScreen) and app.screen.rows)
        screen = app.screen
        for number in range(count):
            kind, zone, action, text = INCIDENT_KEYS[(offset + number) % len(INCIDENT_KEYS)]
            await pilot.press("n")
            await until(pilot, lambda: _screen(pilot) == "IncidentFormScreen")
            await pilot.press(kind, zone, action, "enter")
            await until(pilot, lambda: app.screen.focused is not None
                        and app.screen.focused.id == "description")
            await type_text(pilot, text)
            await pilot.press("ctrl+s")
            await until(pilot, lambda: app.screen is screen)
            self._count("incidents")
            self.clock.advance(step)
        # Open the newest, then page the whole list (all time) to its end and back.
        await until(pilot, lambda: screen.rows)
        await pilot.press("home", "enter")
        await until(pilot, lambda: _screen(pilot) == "IncidentDetailScreen"
                    and app.screen.detail is not None)
        await pilot.press("escape")
        await until(pilot, lambda: app.screen is screen)
        while screen.period != "all":
            await pilot.press("p")
        await _settle(pilot)
        while screen.more:
            before = len(screen.rows)
            await pilot.press("end")
            await until(pilot, lambda: len(screen.rows) > before)
        await pilot.press("home", "p")  # back to the last 30 days
        await _settle(pilot)
        self._count("pagings")

    async def tour(self) -> None:
        """F1–F7 in turn (F6 and F8 stay shut to desk staff)."""
        for mode, key in (("help", "f1"), ("referrals", "f2"), ("handover", "f3"),
                          ("incidents", "f4"), ("statistics", "f5"), ("staff", "f7")):
            await self.to_mode(mode, key)
            self.clock.advance(5)

    async def manager_visit(self) -> None:
        """Lock, the manager signs in: statistics, bans, directory; lock, AL back."""
        from tui.screens.statistics import StatisticsScreen

        pilot, app = self.pilot, self.app
        await self.lock()
        await self.sign_in("MH", "1234")
        await self.to_mode("statistics", "f5")
        await until(pilot, lambda: isinstance(app.screen, StatisticsScreen)
                    and app.screen.stats is not None)
        for key in ("m", "y", "left", "right", "b", "b"):
            screen = app.screen
            await pilot.press(key)
            await until(pilot, lambda: screen.stats is not None
                        and (screen.stats.start, screen.stats.end)
                        == (screen.period.start, screen.period.end))
            self.clock.advance(20)
        await self.to_mode("bans", "f8")
        await until(pilot, lambda: _screen(pilot) == "BanScreen")
        await _settle(pilot)
        await self.to_mode("directory", "f6")
        await until(pilot, lambda: _screen(pilot) == "DirectoryScreen"
                    and app.screen.query_one("#directory-table").row_count > 0)
        self._count("manager visits")
        self.clock.advance(60)
        await self.lock()
        await self.sign_in("AL")

    async def hour(self, number: int) -> None:
        """One simulated hour at the desk (about 100 actions, spread over 3600 s)."""
        step = 3600 / 120
        await self.referrals(30, 3, step, offset=number * 60)
        await self.notes(3, step, offset=number * 6)
        await self.incidents(2, step, offset=number * 4)
        await self.tour()
        await self.manager_visit()
        await self.referrals(30, 3, step, offset=number * 60 + 30)
        await self.notes(3, step, offset=number * 6 + 3)
        await self.incidents(2, step, offset=number * 4 + 2)
        await self.to_mode("referrals", "f2")
        # Whatever is left of the hour passes (in steps the idle lock never notices).
        end = self.started + timedelta(hours=number + 1)
        while self.clock.at < end:
            self.clock.advance(min(60.0, (end - self.clock.at).total_seconds()))
            await self.pilot.press("f2")  # a key now and then: someone is at the desk


async def _settle(pilot) -> None:  # noqa: ANN001
    """Let workers and timers finish what they started, then collect."""
    app = pilot.app
    await pilot.pause(0.3)
    await until(pilot, lambda: not [w for w in app.workers if w.is_running])
    await pilot.pause(0.2)


async def simulate(url: str, hours: int, trace: bool = False) -> dict:
    """Run the app on ``url`` in this process and simulate ``hours`` hours at the desk."""
    from db.clock import LOCAL_TZ
    from db.settings import Settings
    from tui.app import LotsenApp

    snapshots = []
    if trace:
        import tracemalloc

        tracemalloc.start(12)
    result: dict = {"rss_start": settled_rss()}
    clock = SimClock(datetime(*START, tzinfo=LOCAL_TZ))
    settings = Settings(database_url=url, lang="sv", desk="Informationsdisken",
                        idle_lock_minutes=5, theme="textual-dark")
    app = LotsenApp(settings, now=clock.now, monotonic=clock.monotonic)
    hourly: list[float] = []
    anon_hourly: list[float] = []
    async with app.run_test(size=SIZE) as pilot:
        await until(pilot, lambda: app.database is not None
                    and _screen(pilot) == "SignInScreen")
        desk = Desk(pilot, clock)
        await desk.sign_in("AL")
        await desk.to_mode("referrals", "f2")
        await until(pilot, lambda: app.directory is not None)
        await _settle(pilot)
        result["rss_signed_in"] = settled_rss()
        if trace:
            snapshots.append(tracemalloc.take_snapshot())
        for number in range(hours):
            await desk.hour(number)
            await _settle(pilot)
            hourly.append(settled_rss())
            anon_hourly.append(round(anon_mib(), 1))
            if trace:
                snapshots.append(tracemalloc.take_snapshot())
                _print_growth(snapshots[-2], snapshots[-1], f"hour {number + 1}")
        result["counts"] = desk.counts
        result["modules"] = len(sys.modules)
        result["heavy_modules"] = sorted(
            name for name in ("plotext", "textual_plotext", "openpyxl", "fpdf", "holidays",
                              "frictionless", "alembic", "mako", "psycopg", "PIL",
                              "sqlalchemy.dialects.postgresql", "babel")
            if name in sys.modules)
    result["rss_hours"] = hourly
    result["anon_hours"] = anon_hourly
    result["rss_peak"] = round(peak_mib(), 1)
    return result


def _print_growth(before, after, label: str) -> None:  # noqa: ANN001
    stats = after.compare_to(before, "traceback")
    print(f"--- tracemalloc, growth in {label} (top 12)", file=sys.stderr)
    for stat in stats[:12]:
        print(f"{stat.size_diff / 1024:+9.1f} KiB {stat.count_diff:+7d} blocks", file=sys.stderr)
        for line in stat.traceback.format()[-8:]:
            print("    " + line, file=sys.stderr)


# --------------------------------------------------------------------------- floors
async def _floor(kind: str) -> dict:
    result = {"rss_start": settled_rss()}
    if kind == "sqlmodel":
        import sqlmodel
        from sqlalchemy import text

        engine = sqlmodel.create_engine("sqlite://")
        with sqlmodel.Session(engine) as session:
            session.exec(text("SELECT 1"))  # type: ignore[call-overload]
    from benchmarks.bare_app import BareApp

    app = BareApp()
    async with app.run_test(size=SIZE) as pilot:
        await pilot.pause(0.5)
        result["rss"] = settled_rss()
    return result


# --------------------------------------------------------------------------- processes
def build_database(folder: Path) -> str:
    """A demo database (the demo library and staff, ``INCIDENTS`` sample incidents)."""
    from db.clock import LOCAL_TZ
    from db.demo import prepare_demo
    from db.demo_records import add_demo_records

    url = f"sqlite:///{folder / 'memory.sqlite'}"
    database = prepare_demo(url)
    try:
        add_demo_records(database, datetime(*START, tzinfo=LOCAL_TZ) - timedelta(hours=1),
                         count=INCIDENTS)
    finally:
        database.close()
    return url


def _child(args: list[str]) -> dict:
    env = dict(os.environ, PYTHONDONTWRITEBYTECODE="1")
    done = subprocess.run([sys.executable, "-m", "benchmarks.memory", *args], cwd=ROOT,
                          env=env, capture_output=True, text=True, check=False)
    if done.stderr:
        sys.stderr.write(done.stderr)
    if done.returncode != 0:
        raise RuntimeError(f"benchmarks.memory {' '.join(args)} failed ({done.returncode})")
    return json.loads(done.stdout.strip().splitlines()[-1])


def measure(hours: int = 2, floors: bool = True, trace: bool = False) -> dict:
    """RSS in MiB after sign-in and after each simulated hour (each in a fresh process),
    and the floors (a bare Textual app; the same with SQLModel), as a dict."""
    with tempfile.TemporaryDirectory(prefix="lotsen-memory-") as tmp:
        # The database is built in a process of its own (alembic, the demo data), so
        # that the measured process holds only what the app itself loads.
        url = _child(["--build", tmp])["url"]
        args = ["--run", url, "--hours", str(hours)] + (["--trace"] if trace else [])
        lotsen = _child(args)
    result: dict = {"unit": "MiB", "goal": GOAL_MIB, "hours": hours, **lotsen}
    per_hour = lotsen["rss_hours"]
    result["rss_hour1"] = per_hour[0] if per_hour else None
    result["growth_per_hour"] = [round(b - a, 1) for a, b in zip(per_hour, per_hour[1:])]
    if floors:
        result["floor_textual"] = _child(["--floor", "bare"])["rss"]
        result["floor_textual_sqlmodel"] = _child(["--floor", "sqlmodel"])["rss"]
    return result


def summary(result: dict) -> str:
    hours = result["rss_hours"]
    parts = [f"lotsen memory: signed in {result['rss_signed_in']:.1f} MiB"]
    parts += [f"hour {i} {rss:.1f}" for i, rss in enumerate(hours, start=1)]
    if result["growth_per_hour"]:
        parts.append("growth " + ", ".join(f"{g:+.1f}" for g in result["growth_per_hour"])
                     + " MiB/h")
    parts.append(f"peak {result['rss_peak']:.1f}")
    if result.get("anon_hours"):
        parts.append(f"private (RssAnon) after hour 1 {result['anon_hours'][0]:.1f}")
    if "floor_textual" in result:
        parts.append(f"floors: Textual {result['floor_textual']:.1f}, "
                     f"+SQLModel {result['floor_textual_sqlmodel']:.1f}")
    verdict = "ok" if hours and hours[0] <= result["goal"] else "OVER"
    return "; ".join(parts) + f" (goal ≤ {result['goal']:.0f} MiB after hour 1: {verdict})"


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m benchmarks.memory", description=__doc__,
                                     formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--hours", type=int, default=2, help="simulated hours (default 2)")
    parser.add_argument("--json", action="store_true", help="print the figures as JSON")
    parser.add_argument("--no-floors", action="store_true", help="skip the floors")
    parser.add_argument("--trace", action="store_true",
                        help="tracemalloc: print what grew in each hour (to stderr; slow)")
    parser.add_argument("--build", metavar="DIR", help=argparse.SUPPRESS)
    parser.add_argument("--run", metavar="URL", help=argparse.SUPPRESS)
    parser.add_argument("--floor", choices=("bare", "sqlmodel"), help=argparse.SUPPRESS)
    args = parser.parse_args(argv)
    if args.build:
        print(json.dumps({"url": build_database(Path(args.build))}))
        return 0
    if args.run:
        print(json.dumps(asyncio.run(simulate(args.run, args.hours, args.trace))))
        return 0
    if args.floor:
        print(json.dumps(asyncio.run(_floor(args.floor))))
        return 0
    result = measure(args.hours, floors=not args.no_floors, trace=args.trace)
    print(summary(result))
    if args.json:
        print(json.dumps(result))
    return 0


if __name__ == "__main__":
    sys.exit(main())
