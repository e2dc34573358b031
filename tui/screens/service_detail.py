"""One service in full, for reading aloud: hours this week, who it is for, contacts."""

from __future__ import annotations

from typing import TYPE_CHECKING

from rich.table import Table
from rich.text import Text
from textual import work
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import VerticalScroll
from textual.screen import Screen
from textual.widgets import Static

from tui.directory_text import copy_fact, status_text, summary_lines
from tui.i18n import N_, _, weekday_short
from tui.widgets.footer import LotsenFooter
from tui.widgets.header import LotsenHeader
from tui.widgets.tables import add_text_row

if TYPE_CHECKING:
    from db.directory import ServiceDetail
    from db.records import SearchHit


class ServiceDetailScreen(Screen[None]):
    BINDINGS = [
        Binding("escape", "back", N_("Back"), id="detail.back"),
        Binding("r", "refer", N_("Refer"), id="detail.refer"),
        Binding("p", "slip", N_("Slip"), id="detail.slip"),
        Binding("c", "copy_phone", N_("Copy phone"), id="detail.copy_phone"),
        Binding("a", "copy_address", N_("Copy address"), id="detail.copy_address"),
    ]

    def __init__(self, hit: SearchHit, concepts: tuple[str, ...]) -> None:
        super().__init__()
        self.hit = hit
        self.concepts = concepts
        self.detail: ServiceDetail | None = None

    def compose(self) -> ComposeResult:
        yield LotsenHeader()
        with VerticalScroll(id="detail"):
            yield Static(id="detail-text")
        yield LotsenFooter()

    def on_mount(self) -> None:
        self.refresh_texts()
        self.load()

    @work(thread=True, exclusive=True)
    def load(self) -> None:
        from db.directory import service_detail
        from db.errors import LotsenError

        try:
            detail = service_detail(self.app.database, self.hit.service.id)  # type: ignore[attr-defined]
        except LotsenError:
            return
        self.app.call_from_thread(self._loaded, detail)

    def _loaded(self, detail: ServiceDetail) -> None:
        self.detail = detail
        self.refresh_texts()

    def refresh_texts(self) -> None:
        self.query_one("#detail-text", Static).update(self.renderable())

    def renderable(self) -> Table:
        from db.hours import week_hours

        doc = self.detail.doc if self.detail else self.hit.service
        now = self.app.now()  # type: ignore[attr-defined]
        table = Table.grid(padding=(0, 1))
        table.add_column(style="bold", no_wrap=True)
        table.add_column()
        add_text_row(table, Text(doc.name, style="bold underline"), doc.organization)
        add_text_row(table, _("Now"), status_text(self.hit.status, now))
        add_text_row(table, _("Address"), doc.address or _("not stated"))
        add_text_row(table, _("Phone"), ", ".join(doc.phones) or _("not stated"))
        for label, value in summary_lines(doc, now.date()):
            add_text_row(table, label, value)
        week = week_hours(doc.hours, now.date())
        hours = "\n".join(
            f"{weekday_short(day)} {', '.join(f'{a:%H:%M}–{b:%H:%M}' for a, b in spans)}"
            for day, spans in week if spans) or _("no hours given")
        add_text_row(table, _("This week"), hours)
        if doc.description:
            add_text_row(table, _("About"), doc.description)
        if doc.application_process:
            add_text_row(table, _("How to apply"), doc.application_process)
        if self.detail is not None:
            if self.detail.url or self.detail.email:
                add_text_row(table, _("Web / e-mail"),
                             " · ".join(p for p in (self.detail.url, self.detail.email) if p))
            for contact in self.detail.contacts:
                who = ", ".join(p for p in (contact.name, contact.title) if p)
                reach = " · ".join(p for p in (contact.phone, contact.email) if p)
                add_text_row(table, _("Contact (staff only)"), f"{who}: {reach}")
            if self.detail.verified_by:
                add_text_row(table, _("Verified by"), self.detail.verified_by)
        return table

    def action_back(self) -> None:
        self.dismiss(None)

    def action_refer(self) -> None:
        from tui.screens.referral_dialog import ReferralDialog

        self.app.push_screen(ReferralDialog(self.hit.service, self.concepts))

    def action_slip(self) -> None:
        from tui.screens.slip import SlipScreen

        self.app.push_screen(SlipScreen(self.hit.service))

    def action_copy_phone(self) -> None:
        if self.hit.service.phones:
            copy_fact(self, self.hit.service.phones[0])

    def action_copy_address(self) -> None:
        copy_fact(self, self.hit.service.address)
