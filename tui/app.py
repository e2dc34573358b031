"""The Lotsen application: shell, start-up, sign-in state, idle lock and screen switching."""

from __future__ import annotations

import gc
import re
import time
from collections.abc import Callable, Iterable
from dataclasses import dataclass
from datetime import datetime
from pathlib import Path
from typing import TYPE_CHECKING

from textual import events, work
from textual.app import App, SystemCommand
from textual.binding import Binding
from textual.screen import Screen

from tui import i18n
from tui.i18n import N_, _, ngettext
from tui.messages import (
    DatabaseFailed,
    DatabaseOpened,
    LibraryCreated,
    SignedIn,
)
from tui.widgets.header import LotsenHeader

if TYPE_CHECKING:
    from db.database import Database
    from db.directory import Place
    from db.live import Change, Listener
    from db.records import DeskContext, StaffInfo
    from db.search import DirectoryIndex
    from db.settings import Settings

# The main screens, by mode name: F-key, module and class. A screen appears here when it works.
MAIN_SCREENS: dict[str, tuple[str, str]] = {
    "help": ("f1", "tui.screens.help:HelpScreen"),
    "referrals": ("f2", "tui.screens.referrals:ReferralScreen"),
    "handover": ("f3", "tui.screens.handover:HandoverScreen"),
    "incidents": ("f4", "tui.screens.incidents:IncidentScreen"),
    "statistics": ("f5", "tui.screens.statistics:StatisticsScreen"),
    "directory": ("f6", "tui.screens.directory:DirectoryScreen"),
    "staff": ("f7", "tui.screens.staff:StaffScreen"),
    "bans": ("f8", "tui.screens.bans:BanScreen"),
}
LANDING_MODE = "referrals"
# Screens only some roles see (values of db.roles.Permission; db is imported lazily).
SCREEN_PERMISSIONS = {"directory": "manage_directory", "bans": "manage_bans"}


def _everything_provider():  # noqa: ANN202 - imported when the palette opens
    from tui.search_provider import EverythingProvider

    return EverythingProvider


def _screen_factory(target: str) -> Callable[[], Screen]:
    def build() -> Screen:
        import importlib

        module, _sep, name = target.partition(":")
        return getattr(importlib.import_module(module), name)()

    return build


@dataclass(frozen=True)
class HeaderFacts:
    place: str
    person: str
    shift: str
    clock: str


class LotsenApp(App[None]):
    """Lotsen. Paints first, then opens the database in a worker."""

    TITLE = "Lotsen"
    CSS_PATH = "signin.tcss"  # the rest of the layout, app.tcss, is read after the first paint
    ENABLE_COMMAND_PALETTE = True
    COMMANDS = App.COMMANDS | {lambda: _everything_provider()}
    COMMAND_PALETTE_BINDING = "ctrl+p"
    BINDINGS = [
        # Lock first: on a shared terminal it must stay in the footer when room runs out.
        Binding("ctrl+l", "lock", N_("Lock"), id="app.lock"),
        Binding("f9", "desk_alert", N_("Desk alert"), id="app.alert"),
        Binding("f1", "switch_screen('help')", N_("Help"), id="screen.help"),
        Binding("f2", "switch_screen('referrals')", N_("Referrals"), id="screen.referrals"),
        Binding("f3", "switch_screen('handover')", N_("Handover"), id="screen.handover"),
        Binding("f4", "switch_screen('incidents')", N_("Incidents"), id="screen.incidents"),
        Binding("f5", "switch_screen('statistics')", N_("Statistics"), id="screen.statistics"),
        Binding("f6", "switch_screen('directory')", N_("Directory"), id="screen.directory"),
        Binding("f7", "switch_screen('staff')", N_("Staff"), id="screen.staff"),
        Binding("f8", "switch_screen('bans')", N_("Bans"), id="screen.bans"),
        Binding("ctrl+q", "quit", N_("Quit"), id="app.quit", show=False),
    ]

    def __init__(self, settings: Settings, *, demo: bool = False,
                 now: Callable[[], datetime] | None = None,
                 monotonic: Callable[[], float] = time.monotonic,
                 started_at: float | None = None) -> None:
        super().__init__()
        self.settings = settings
        self.demo = demo
        self._now = now
        self._monotonic = monotonic
        self._started_at = started_at if started_at is not None else time.perf_counter()
        self.startup_times: dict[str, float] = {}
        self.database: Database | None = None
        self.context: DeskContext | None = None
        self.staff: StaffInfo | None = None
        self.directory: DirectoryIndex | None = None
        self.listener: Listener | None = None
        self.desk_id: int | None = None
        self._locked = True
        self._last_activity = monotonic()
        self._alerts_shown: set[int] = set()  # alerts this desk has shown
        self._own_alerts: set[int] = set()  # alerts raised here
        i18n.set_language(settings.lang)
        self.theme = settings.theme
        self._fit_no_color_filter()
        for mode, (_key, target) in MAIN_SCREENS.items():
            self.add_mode(mode, _screen_factory(target))

    # ----------------------------------------------------------------- start-up
    def get_default_screen(self) -> Screen:
        """The sign-in screen is the first screen, so that the first frame shows it whole.
        It stays at the bottom of its own mode once someone has signed in (see
        :meth:`_leave_sign_in`); locking pushes a new one on the screen in use."""
        from tui.screens.signin import SignInScreen

        return SignInScreen()

    def on_mount(self) -> None:
        # The sign-in screen paints at once; the database opens after the first paint, so
        # that importing SQLAlchemy does not compete with it. Initials typed meanwhile wait.
        self.call_after_refresh(self._after_first_paint)
        self.set_interval(1.0, self.check_idle_lock)
        self.set_interval(24 * 3600, self.purge_expired)

    def _after_first_paint(self) -> None:
        self._mark("first_paint")
        self._read_layout()
        self.open_database()
        from tui.memory import trim_after_full_collections

        trim_after_full_collections()
        if not gc.isenabled():  # tui.cli holds the collector off until the first paint
            gc.collect()
            gc.freeze()  # what start-up built lives as long as the app: never scan it again
            gc.enable()

    def _read_layout(self) -> None:
        """Parse the layout of every screen but the sign-in screen (kept out of the first
        paint): only this file is parsed, the rest comes from the stylesheet's cache."""
        self.stylesheet.read(Path(__file__).with_name("app.tcss"))
        self.stylesheet.parse()
        self.stylesheet.update(self)

    def _fit_no_color_filter(self) -> None:
        """With NO_COLOR, Textual picks its filter in App.__init__, before the theme is set:
        an ANSI theme (ansi-dark) needs NoColor, a truecolor one Monochrome (Monochrome on
        an ANSI theme paints the terminal's default colours black on black)."""
        if not self.no_color:
            return
        from textual.filter import Monochrome, NoColor

        self._filters = [f for f in self._filters if not isinstance(f, (Monochrome, NoColor))]
        self._filters.append(NoColor() if self.native_ansi_color else Monochrome())

    def watch_theme(self) -> None:
        self._fit_no_color_filter()

    def on_app_focus(self) -> None:
        """A browser tab (textual-serve) counts as unfocused while the first screen is built,
        so its AUTO_FOCUS never happened: focus it when the tab gains focus."""
        screen = self.screen
        if screen.focused is None and screen.AUTO_FOCUS:
            for widget in screen.query(screen.AUTO_FOCUS):
                if widget.focusable:
                    widget.focus(scroll_visible=False)
                    break

    def _mark(self, name: str) -> None:
        self.startup_times[name] = time.perf_counter() - self._started_at

    @work(thread=True, exclusive=True, group="database")
    def open_database(self) -> None:
        from db.errors import LotsenError

        try:
            if self.demo:
                from db.demo import prepare_demo

                database = prepare_demo(self.settings.database_url)
                from db.demo_records import add_demo_records

                add_demo_records(database, self.now())
            else:
                from db.database import open_database

                database = open_database(self.settings.database_url)
            from db.library import desk_context

            context = desk_context(database, self.settings.desk)
        except LotsenError as exc:
            self.post_message(DatabaseFailed(str(exc)))
            return
        self.post_message(DatabaseOpened(database, context))

    def on_database_failed(self, message: DatabaseFailed) -> None:
        self.exit(return_code=2, message=f"lotsen: error: {message.error}")

    def on_database_opened(self, message: DatabaseOpened) -> None:
        self.database = message.database
        self.context = message.context
        self._mark("database_ready")
        self.load_directory()
        self.start_listening()
        self.purge_expired()
        from tui.screens.signin import SignInScreen

        if self.context is None:
            from tui.screens.setup import SetupScreen

            if isinstance(self.screen, SignInScreen) and len(self.screen_stack) > 1:
                self.pop_screen()
            self.push_screen(SetupScreen())
        else:
            self.desk_id = self.context.desk.id if self.context.desk else None
            if isinstance(self.screen, SignInScreen):
                self.screen.database_ready()
        self.refresh_header()

    @work(thread=True, exclusive=True, group="directory")
    def load_directory(self) -> None:
        """(Re)build the in-memory search index of the directory."""
        from db.directory import load_docs
        from db.search import DirectoryIndex

        assert self.database is not None
        index = DirectoryIndex.build(load_docs(self.database))
        self.call_from_thread(self._directory_loaded, index)

    def _directory_loaded(self, index: DirectoryIndex) -> None:
        if self.directory is None:
            self._mark("search_ready")
        self.directory = index
        for screen in self._installed_and_stacked_screens():
            changed = getattr(screen, "directory_changed", None)
            if changed is not None:
                changed()

    @work(thread=True, exclusive=True, group="purge")
    def purge_expired(self) -> None:
        """Delete what has been kept long enough: access-ban identities whose time is over,
        and every record older than its retention period (at start, then daily)."""
        from db.bans import cases_without_identity, purge_identities
        from db.errors import LotsenError
        from db.retention import purge
        from tui.ban_application import remove_exports

        if self.database is None:
            return
        try:
            purge_identities(self.database, self.now().date(), self.settings.ban_identity_days)
            remove_exports(cases_without_identity(self.database))
            purge(self.database, self.now())
        except LotsenError:
            return  # tried again tomorrow; nothing is lost by waiting

    def start_listening(self) -> None:
        """Hear what other desks of the branch write (notes now; alerts later)."""
        from db.live import Listener

        if self.database is None or self.context is None or self.listener is not None:
            return
        self.listener = Listener(self.database,
                                 lambda changes: self.call_from_thread(self._changes, changes),
                                 branch_id=self.context.branch_id)
        self.listener.start()

    def _changes(self, changes: list[Change]) -> None:
        topics = {change.topic for change in changes}
        if "handover" in topics:
            for screen in self._installed_and_stacked_screens():
                changed = getattr(screen, "handover_changed", None)
                if changed is not None:
                    changed()
            if self.staff is not None and not self.locked and self.current_mode != "handover":
                self.notify(_("New or changed handover note (F3)."), title=_("Handover"))
        if "incident" in topics:
            for screen in self._installed_and_stacked_screens():
                changed = getattr(screen, "incidents_changed", None)
                if changed is not None:
                    changed()
        if "alert" in topics:
            self.load_alerts()
        if "directory" in topics:
            self.load_directory()

    # ----------------------------------------------------------------- desk alert
    def action_desk_alert(self) -> None:
        """F9 from any screen: ask the branch for backup."""
        from tui.screens.alert import AlertDialog

        if not self.locked and not isinstance(self.screen, AlertDialog):
            self._open_alert_dialog()

    @work(thread=True, exclusive=True, group="alert-dialog")
    def _open_alert_dialog(self) -> None:
        from db.errors import LotsenError
        from db.incidents import choices

        if self.database is None or self.context is None:
            return
        try:
            options = choices(self.database, self.context.branch_id)
        except LotsenError as exc:
            self.call_from_thread(self.notify, _("The alert could not be sent: {error}").format(
                error=i18n.error_text(exc)), severity="error", timeout=15)
            return
        self.call_from_thread(self._push_alert_dialog, options)

    def _push_alert_dialog(self, options) -> None:  # noqa: ANN001
        from tui.screens.alert import AlertDialog

        if not isinstance(self.screen, AlertDialog):
            self.push_screen(AlertDialog(options), self._alert_raised)

    def _alert_raised(self, alert_id: int | None) -> None:
        if alert_id is not None:
            self._own_alerts.add(alert_id)
            self.load_alerts()

    @work(thread=True, exclusive=True, group="alerts")
    def load_alerts(self) -> None:
        from db.alerts import active_alerts
        from db.errors import LotsenError

        if self.database is None or self.context is None:
            return
        from textual.worker import get_current_worker

        try:
            alerts = active_alerts(self.database, self.context.branch_id, self.now())
        except LotsenError:
            return
        if not get_current_worker().is_cancelled:  # a newer load has newer news
            self.call_from_thread(self._show_alerts, alerts)

    def _show_alerts(self, alerts: list) -> None:
        """Open alerts ring at every signed-in desk of the branch; answered, changed or
        cancelled ones update or close where they are shown."""
        from tui.screens.alert import AlertScreen

        current = {alert.id: alert for alert in alerts}
        for screen in list(self._installed_and_stacked_screens()):
            if isinstance(screen, AlertScreen) and not screen.closed:
                if screen.alert.id in current:
                    screen.show(current[screen.alert.id])
                else:
                    screen.close()
        if self.locked or self.staff is None:
            return
        for alert in reversed(alerts):
            if alert.id in self._alerts_shown:
                continue
            self._alerts_shown.add(alert.id)
            mine = alert.id in self._own_alerts or (alert.raised_by_id == self.staff.id)
            self.push_screen(AlertScreen(alert, mine))

    def place(self) -> Place:
        """Who is working where, for records made at this desk."""
        from db.directory import Place

        assert self.staff is not None
        branch = self.context.branch_id if self.context else None
        return Place(staff_id=self.staff.id, desk_id=self.desk_id, branch_id=branch)

    def on_library_created(self, message: LibraryCreated) -> None:
        self.context = message.context
        self.desk_id = message.context.desk.id if message.context.desk else None
        self.pop_screen()
        self._signed_in(message.admin, landing="staff")
        self.notify(_("The library is set up. Add your colleagues here: press a."),
                    title=_("Welcome"), timeout=10)

    # ----------------------------------------------------------------- sign-in
    @property
    def locked(self) -> bool:
        """True while nobody is signed in at this desk (at start, and when locked)."""
        return self.staff is None or self._locked

    def show_sign_in(self, locked_by: StaffInfo | None = None) -> None:
        from tui.screens.signin import SignInScreen

        if not isinstance(self.screen, SignInScreen):
            self.push_screen(SignInScreen(locked_by=locked_by))

    async def on_signed_in(self, message: SignedIn) -> None:
        previous = self.staff
        if message.desk_id is not None and message.desk_id != self.desk_id:
            self.desk_id = message.desk_id
            self.reload_context()
        same_person = previous is not None and previous.id == message.staff.id
        landing = "handover" if message.unread else LANDING_MODE
        if message.incident_news:
            self.notify(ngettext("Follow-up news on {count} of your incidents (F4, v).",
                                 "Follow-up news on {count} of your incidents (F4, v).",
                                 message.incident_news).format(count=message.incident_news),
                        title=_("Incidents"), timeout=15)
        if message.drafts:
            self.notify(ngettext("You have {count} unsaved draft: open the same form and it "
                                 "comes back.",
                                 "You have {count} unsaved drafts: open the same forms and "
                                 "they come back.", message.drafts).format(count=message.drafts),
                        title=_("Drafts"), timeout=15)
        if same_person:
            self._leave_sign_in()
            self._signed_in(message.staff, landing=None)
            return
        if previous is not None:
            self._alerts_shown.clear()  # a new person sees the open alerts afresh
            await self._forget_screens()
        else:
            self._leave_sign_in()
        self._signed_in(message.staff, landing=landing)

    def _leave_sign_in(self) -> None:
        """Close the sign-in screen in front: one pushed by a lock is popped; the start
        screen, the bottom of its own mode, is emptied and left behind (the landing screen's
        mode hides it)."""
        from tui.screens.signin import SignInScreen

        if len(self.screen_stack) > 1:
            self.pop_screen()
        elif isinstance(self.screen, SignInScreen):
            self.screen.clear()

    async def _forget_screens(self) -> None:
        """Another person signs in: nothing of the previous person's screens (half-typed
        forms, searches, open dialogs) stays; every main screen starts afresh."""
        while len(self.screen_stack) > 1:
            self.pop_screen()
        # Help holds nothing personal: wait there while the other screens are replaced.
        if self.current_mode != "help":
            await self.switch_mode("help")
        for mode, (_key, target) in MAIN_SCREENS.items():
            if mode != "help" and mode in self._screen_stacks:
                await self.remove_mode(mode)
                self.add_mode(mode, _screen_factory(target))

    def _signed_in(self, staff: StaffInfo, landing: str | None) -> None:
        self.staff = staff
        self._locked = False
        self._last_activity = self._monotonic()
        self.apply_language(staff.lang or self.settings.lang)
        if landing is None and self.current_mode == self.DEFAULT_MODE:
            landing = LANDING_MODE  # never stay on the start screen once signed in
        if landing is not None and self.current_mode != landing:
            self.switch_mode(landing)
        self.refresh_header()
        self.refresh_bindings()
        self.load_alerts()  # alerts raised while the desk was locked

    def apply_language(self, lang: str) -> None:
        if i18n.language() == lang:
            return
        i18n.set_language(lang)
        for screen in self._installed_and_stacked_screens():
            refresh = getattr(screen, "refresh_texts", None)
            if refresh is not None:
                refresh()
        self.refresh_bindings()

    def _installed_and_stacked_screens(self) -> Iterable[Screen]:
        seen: set[int] = set()
        for stack in self._screen_stacks.values():
            for screen in stack:
                if id(screen) not in seen:
                    seen.add(id(screen))
                    yield screen

    @work(thread=True, exclusive=True, group="context")
    def reload_context(self) -> None:
        from db.library import desk_context

        assert self.database is not None
        context = desk_context(self.database, str(self.desk_id))
        self.call_from_thread(self._set_context, context)

    def _set_context(self, context: DeskContext | None) -> None:
        self.context = context
        self.refresh_header()

    def action_lock(self, reason: str = "lock") -> None:
        if self.locked or self.staff is None:
            return
        staff = self.staff
        self._locked = True
        self._record_sign_out(staff, reason)
        self.show_sign_in(locked_by=staff)
        self.refresh_header()

    @work(thread=True, group="audit")
    def _record_sign_out(self, staff: StaffInfo, reason: str) -> None:
        from db.staff import sign_out

        if self.database is not None:
            sign_out(self.database, staff.id, self.desk_id, reason, at=self.now())

    def on_unmount(self) -> None:
        """Closing Lotsen (Ctrl+Q, a closed terminal, a dropped SSH session) signs out."""
        if self.listener is not None:
            self.listener.stop()
        if self.database is None:
            return
        if self.staff is not None and not self.locked:
            from db.errors import LotsenError
            from db.staff import sign_out

            try:
                sign_out(self.database, self.staff.id, self.desk_id, "quit", at=self.now())
            except LotsenError:
                pass
        self.database.close()

    # ----------------------------------------------------------------- idle lock
    async def on_event(self, event: events.Event) -> None:
        if isinstance(event, (events.Key, events.MouseDown, events.MouseScrollDown,
                              events.MouseScrollUp, events.Paste)):
            self._last_activity = self._monotonic()
        await super().on_event(event)

    def idle_seconds(self) -> float:
        return self._monotonic() - self._last_activity

    def check_idle_lock(self) -> None:
        limit = self.settings.idle_lock_minutes * 60
        if limit > 0 and not self.locked and self.idle_seconds() >= limit:
            self.action_lock(reason="idle")

    # ----------------------------------------------------------------- screens
    def check_action(self, action: str, parameters: tuple[object, ...]) -> bool | None:
        if action in ("switch_screen", "lock", "command_palette", "desk_alert") and self.locked:
            return False
        if action == "switch_screen" and parameters and parameters[0] == self.current_mode:
            return False  # the screen you are on needs no key in the footer
        if action == "switch_screen" and parameters and parameters[0] in SCREEN_PERMISSIONS:
            from db.roles import Permission, can

            permission = Permission(SCREEN_PERMISSIONS[str(parameters[0])])
            return self.staff is not None and can(self.staff.role, permission)
        return True

    def action_switch_screen(self, mode: str) -> None:
        if mode in MAIN_SCREENS and self.check_action("switch_screen", (mode,)) \
                and self.current_mode != mode:
            self.switch_mode(mode)

    async def open_search_hit(self, kind: str, value: str) -> None:
        """A hit of the palette's search: its screen, showing it."""
        if self.locked:
            return
        if kind == "routine":
            self._open_routine(int(value))
            return
        if kind == "incident":
            from tui.screens.incident_detail import IncidentDetailScreen

            if self.current_mode != "incidents":
                await self.switch_mode("incidents")
            self.push_screen(IncidentDetailScreen(int(value)))
            return
        if not self.check_action("switch_screen", (kind,)) and self.current_mode != kind:
            return  # a screen this role does not see
        if self.current_mode != kind:
            await self.switch_mode(kind)
        show = getattr(self.screen, "show_search", None)
        if show is not None:
            show(value)

    @work(thread=True, group="routine-open")
    def _open_routine(self, routine_id: int) -> None:
        from db.errors import LotsenError
        from db.routines import routines
        from tui.screens.routine import RoutineScreen

        try:
            found = [r for r in routines(self.database) if r.id == routine_id]  # type: ignore[arg-type]
        except LotsenError as exc:
            self.call_from_thread(self.notify, i18n.error_text(exc), severity="error")
            return
        if found:
            self.call_from_thread(self.push_screen, RoutineScreen(found[0]))

    async def action_new_incident(self) -> None:
        """The incident form from anywhere (the command palette): F4, then n."""
        if self.locked:
            return
        if self.current_mode != "incidents":
            await self.switch_mode("incidents")
        new = getattr(self.screen, "action_new", None)
        if new is not None:
            new()

    def get_system_commands(self, screen: Screen) -> Iterable[SystemCommand]:
        from tui.commands import lotsen_commands

        if not self.locked:
            yield from lotsen_commands(self)

    def action_toggle_language(self) -> None:
        lang = "en" if i18n.language() == "sv" else "sv"
        self.apply_language(lang)
        if self.staff is not None and self.database is not None:
            from dataclasses import replace

            self.staff = replace(self.staff, lang=lang)
            self._save_language(self.staff.id, lang)
        self.notify(_("Language: Swedish") if lang == "sv" else _("Language: English"))

    @work(thread=True, group="settings")
    def _save_language(self, staff_id: int, lang: str) -> None:
        from db.staff import set_language

        assert self.database is not None
        set_language(self.database, staff_id, lang)

    def get_key_display(self, binding: Binding) -> str:
        display = super().get_key_display(binding)
        return display.upper() if re.fullmatch(r"f\d{1,2}", display) else display

    # ----------------------------------------------------------------- header
    def now(self) -> datetime:
        if self._now is not None:
            return self._now()
        from db.clock import local_now

        return local_now()

    def header_facts(self) -> HeaderFacts:
        now = self.now()
        place = ""
        shift = ""
        if self.context is not None:
            from db.shifts import current_shift

            desk = next((d.name for d in self.context.desks if d.id == self.desk_id), "")
            place = " · ".join(p for p in (self.context.branch_name, desk) if p)
            running = current_shift(self.context.shifts, now)
            shift = running.name if running else _("no shift")
        person = ""
        if self.staff is not None and not self.locked:
            person = f"{self.staff.initials} {self.staff.name}"
        return HeaderFacts(place=place, person=person, shift=shift, clock=i18n.format_time(now))

    def refresh_header(self) -> None:
        for header in self.screen.query(LotsenHeader):
            header.refresh()

    def startup_report(self) -> str:
        parts = [f"{name.replace('_', ' ')} {seconds * 1000:.0f} ms"
                 for name, seconds in self.startup_times.items()]
        return "lotsen startup: " + ", ".join(parts)
