"""F1 Help: every key of every screen, generated from the bindings so it never drifts."""

from __future__ import annotations

from rich.table import Table
from rich.text import Text
from textual import work
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import VerticalScroll
from textual.screen import Screen
from textual.widgets import Static

from tui.i18n import N_, _
from tui.widgets.footer import LotsenFooter
from tui.widgets.header import LotsenHeader


def _key_rows(bindings: list[Binding | tuple[str, ...]], app_key_display) -> list[tuple[str, str]]:
    rows = []
    for item in bindings:
        binding = item if isinstance(item, Binding) else Binding(*item)
        if binding.description:
            rows.append((app_key_display(binding), _(binding.description)))
    return rows


# Screens and dialogs opened from the main screens, with their own keys.
SUB_SCREENS: tuple[tuple[str, str], ...] = (
    ("tui.screens.service_detail:ServiceDetailScreen", N_("A service in full (F2, Enter)")),
    ("tui.screens.incident_detail:IncidentDetailScreen", N_("An incident (F4, Enter)")),
    ("tui.screens.alert:AlertScreen", N_("A desk alert (F9)")),
    ("tui.screens.privacy_dialog:PrivacyDialog", N_("Personal data found")),
    ("tui.screens.audit:AuditScreen", N_("Audit log (F7, g)")),
    ("tui.widgets.form_dialog:FormDialog", N_("Every form")),
    ("tui.screens.routine:RoutineScreen", N_("A routine (F1, its digit)")),
)


class HelpScreen(Screen[None]):
    """Routines first (a digit opens one: two keys from any screen), then the keys of Lotsen
    by screen, and how signing in and locking works."""

    TITLE = N_("Help")
    BINDINGS = [Binding("1", "routine(0)", N_("Routine 1–9"), show=False,
                        id="help.routine")] + [
        Binding(str(n), f"routine({n - 1})", show=False, id=f"help.routine{n}")
        for n in range(2, 10)]

    def __init__(self) -> None:
        super().__init__()
        self.routines: list = []
        self._pending: int | None = None  # a digit pressed before the routines arrived

    def compose(self) -> ComposeResult:
        yield LotsenHeader()
        with VerticalScroll(id="help"):
            yield Static(id="help-routines")
            yield Static(id="help-text")
        yield LotsenFooter()

    def on_mount(self) -> None:
        self.refresh_texts()

    def on_screen_resume(self) -> None:
        self.refresh_texts()

    def refresh_texts(self) -> None:
        self.query_one("#help-text", Static).update(self.help_renderable())
        self._show_routines()
        self.load_routines()

    @work(thread=True, exclusive=True)
    def load_routines(self) -> None:
        from db.errors import LotsenError
        from db.routines import routines

        if getattr(self.app, "database", None) is None:
            return
        try:
            found = routines(self.app.database)  # type: ignore[attr-defined]
        except LotsenError:
            return
        self.app.call_from_thread(self._loaded, found)

    def _loaded(self, found: list) -> None:
        self.routines = found
        self._show_routines()
        if self._pending is not None:
            index, self._pending = self._pending, None
            self.action_routine(index)

    def _show_routines(self) -> None:
        from tui.i18n import language

        text = Text(_("Routines (press the digit)"), style="bold underline")
        lang = language()
        for number, routine in enumerate(self.routines[:9], start=1):
            text.append(f"\n  {number}  ", style="bold")
            text.append(routine.title(lang))
        self.query_one("#help-routines", Static).update(text)

    def action_routine(self, index: int) -> None:
        from tui.screens.routine import RoutineScreen

        if not self.routines:
            self._pending = index  # F1 and the digit at once: open it when loaded
        elif 0 <= index < len(self.routines):
            self.app.push_screen(RoutineScreen(self.routines[index]))

    def help_sections(self) -> list[tuple[str, list[tuple[str, str]]]]:
        import importlib

        from tui.app import MAIN_SCREENS

        app = self.app
        display = app.get_key_display
        global_rows = _key_rows(list(app.BINDINGS), display)
        global_rows.append((display(Binding(app.COMMAND_PALETTE_BINDING, "")),
                            _("Command palette: screens and commands")))
        sections = [(_("Everywhere"), global_rows)]
        for mode, (key, target) in MAIN_SCREENS.items():
            module, _sep, name = target.partition(":")
            screen_class = getattr(importlib.import_module(module), name)
            rows = _key_rows(list(screen_class.__dict__.get("BINDINGS", [])), display)
            title = _(screen_class.TITLE or mode)
            if rows:
                sections.append((f"{title} ({display(Binding(key, ''))})", rows))
        for target, title in SUB_SCREENS:
            module, _sep, name = target.partition(":")
            screen_class = getattr(importlib.import_module(module), name)
            rows = _key_rows(list(screen_class.__dict__.get("BINDINGS", [])), display)
            if rows:
                sections.append((_(title), rows))
        return sections

    def help_renderable(self) -> Table:
        table = Table.grid(padding=(0, 2))
        table.add_column(style="bold", no_wrap=True)
        table.add_column()
        table.add_row(Text(_("Keys"), style="bold underline"), "")
        for title, rows in self.help_sections():
            table.add_row("", "")
            table.add_row(Text(title, style="bold"), "")
            for key, description in rows:
                table.add_row(key, description)
        table.add_row("", "")
        table.add_row(Text(_("Signing in"), style="bold"), "")
        table.add_row("", _("Type your initials and Enter, then your PIN if you have one."))
        table.add_row("", _("The desk locks itself after {minutes} idle minutes.").format(
            minutes=f"{self.app.settings.idle_lock_minutes:g}"))  # type: ignore[attr-defined]
        table.add_row("", _("To switch user: lock, then type the other initials."))
        return table
