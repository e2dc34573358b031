"""Handout slip: name, address, phone and this week's hours in plain words.

p prints through the system's ``lp`` when there is one, otherwise s saves a text file;
b shows it in big text to turn the screen toward the visitor; l switches Swedish/English.
"""

from __future__ import annotations

import shutil
import subprocess
from pathlib import Path
from typing import TYPE_CHECKING

from textual import work
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import VerticalScroll
from textual.screen import ModalScreen
from textual.widgets import Static

from tui.directory_text import slip_text
from tui.i18n import N_, _, language

if TYPE_CHECKING:
    from db.records import ServiceDoc


def slips_dir() -> Path:
    from db.settings import data_dir

    return data_dir() / "slips"


class SlipScreen(ModalScreen[None]):
    BINDINGS = [
        Binding("p", "print", N_("Print"), id="slip.print"),
        Binding("s", "save", N_("Save file"), id="slip.save"),
        Binding("b", "big", N_("Big text"), id="slip.big"),
        Binding("l", "language", N_("Svenska/English"), id="slip.language"),
        Binding("escape", "close", N_("Close"), id="slip.close"),
    ]

    def __init__(self, service: ServiceDoc) -> None:
        super().__init__()
        self.service = service
        self.lang = language()
        self.big = False
        self.text = ""

    def compose(self) -> ComposeResult:
        with VerticalScroll(id="slip", classes="dialog"):
            yield Static(id="slip-text")
            yield Static(_("p print · s save · b big text · l language · Esc close"),
                         classes="dialog-hint")
        from tui.widgets.footer import LotsenFooter

        yield LotsenFooter()

    def on_mount(self) -> None:
        self.render_slip()

    def render_slip(self) -> None:
        from db.hours import week_hours

        today = self.app.now().date()  # type: ignore[attr-defined]
        self.text = slip_text(self.service, week_hours(self.service.hours, today), self.lang)
        body = self.query_one("#slip-text", Static)
        if self.big:
            from rich.text import Text

            body.update(Text(self.text.upper(), style="bold"))
            self.query_one("#slip").add_class("-big")
        else:
            body.update(self.text)
            self.query_one("#slip").remove_class("-big")

    def action_big(self) -> None:
        self.big = not self.big
        self.render_slip()

    def action_language(self) -> None:
        self.lang = "en" if self.lang == "sv" else "sv"
        self.render_slip()

    def action_close(self) -> None:
        self.dismiss(None)

    def action_print(self) -> None:
        if shutil.which("lp") is None:
            self.notify(_("No printer command (lp) here: saving a file instead."))
            self.action_save()
            return
        self.print_slip(self.text)

    @work(thread=True)
    def print_slip(self, text: str) -> None:
        try:
            result = subprocess.run(["lp"], input=text, text=True, capture_output=True,
                                    timeout=20)
        except (OSError, subprocess.TimeoutExpired) as exc:
            self.app.call_from_thread(self.notify, _("Printing failed: {error}").format(
                error=exc), severity="error")
            return
        message = (_("Sent to the printer.") if result.returncode == 0 else
                   _("Printing failed: {error}").format(error=result.stderr.strip()[:200]))
        self.app.call_from_thread(self.notify, message,
                                  severity="information" if result.returncode == 0 else "error")

    def action_save(self) -> None:
        path = self.save_file()
        if path is not None:
            self.notify(_("Saved: {path}").format(path=path))

    def save_file(self) -> Path | None:
        folder = slips_dir()
        safe = "".join(ch if ch.isalnum() else "-" for ch in self.service.name.lower())[:40]
        stamp = self.app.now().strftime("%Y%m%d-%H%M%S")  # type: ignore[attr-defined]
        path = folder / f"{stamp}-{safe.strip('-')}-{self.lang}.txt"
        try:
            folder.mkdir(parents=True, exist_ok=True)
            path.write_text(self.text, encoding="utf-8")
        except OSError as exc:
            self.notify(_("Could not save: {error}").format(error=exc.strerror), severity="error")
            return None
        return path
