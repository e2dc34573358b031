"""Command palette (Ctrl+P): Lotsen's commands, translated when the palette opens."""

from __future__ import annotations

from collections.abc import Iterable
from typing import TYPE_CHECKING

from textual.app import SystemCommand

from tui.i18n import _

if TYPE_CHECKING:
    from tui.app import LotsenApp


def lotsen_commands(app: LotsenApp) -> Iterable[SystemCommand]:
    from tui.app import MAIN_SCREENS

    titles = {
        "help": (_("Help"), _("Every key of every screen")),
        "referrals": (_("Referrals"), _("Find help by need, refer, hand out a slip")),
        "handover": (_("Handover"), _("Notes for the next shift, follow-ups")),
        "incidents": (_("Incidents"), _("Record an incident, follow up, history")),
        "statistics": (_("Statistics"), _("Incidents and referrals in charts; CSV/XLSX")),
        "directory": (_("Directory"), _("Add, edit and verify services")),
        "staff": (_("Staff"), _("Accounts, your PIN and language")),
        "bans": (_("Access bans"), _("Applications, decisions, active bans")),
    }
    for mode, (key, _target) in MAIN_SCREENS.items():
        if not app.check_action("switch_screen", (mode,)):
            continue
        title, help_text = titles[mode]
        yield SystemCommand(f"{title} ({key.upper()})", help_text,
                            lambda mode=mode: app.action_switch_screen(mode))
    yield SystemCommand(_("New incident"), _("Record an incident now (F4, n)"),
                        app.action_new_incident)
    yield SystemCommand(_("Desk alert (F9)"), _("Ask the colleagues of the branch for backup"),
                        app.action_desk_alert)
    yield SystemCommand(_("Lock the desk"), _("Sign out; anyone can sign in again"),
                        app.action_lock)
    yield SystemCommand(_("Switch language"), _("Swedish / English, saved for you"),
                        app.action_toggle_language)
    yield SystemCommand(_("Change theme"), _("Colours, e.g. ansi-dark for thin clients"),
                        app.action_change_theme)
    yield SystemCommand(_("Quit"), _("Sign out and close Lotsen"), app.action_quit)
