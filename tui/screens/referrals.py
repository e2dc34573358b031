"""F2 Referrals: search the directory by need as you type, then refer, hand out, copy.

Typing goes to the search field; Enter (or ↓) moves to the hits, where single keys act:
r refer (anonymous), p handout slip, c/a copy phone/address, Enter details, o outreach
tally. Esc (or /) goes back to the search field.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from rich.text import Text
from textual import on
from textual.app import ComposeResult
from textual.binding import Binding
from textual.screen import Screen
from textual.widgets import Input

from tui.directory_text import copy_fact, hit_lines, summary_lines
from tui.i18n import N_, _
from tui.widgets.footer import LotsenFooter
from tui.widgets.form import text_input
from tui.widgets.header import LotsenHeader
from tui.widgets.hit_list import HitList
from tui.widgets.text_panel import TextPanel

if TYPE_CHECKING:
    from db.records import SearchHit

MAX_HITS = 40
HIT_ACTIONS = {"refer", "slip", "copy_phone", "copy_address", "details"}


class ReferralScreen(Screen[None]):
    TITLE = N_("Referrals")
    AUTO_FOCUS = "#search"
    BINDINGS = [
        Binding("down", "to_hits", show=False, id="referrals.down"),
        Binding("escape", "to_search", N_("Search"), show=False, id="referrals.search"),
        Binding("slash", "to_search", N_("Search"), id="referrals.slash"),
        Binding("r", "refer", N_("Refer"), id="referrals.refer"),
        Binding("p", "slip", N_("Slip"), id="referrals.slip"),
        Binding("c", "copy_phone", N_("Copy phone"), id="referrals.copy_phone"),
        Binding("a", "copy_address", N_("Copy address"), show=False,
                id="referrals.copy_address"),
        Binding("o", "outreach", N_("Tally"), id="referrals.outreach"),
    ]

    def __init__(self) -> None:
        super().__init__()
        self.hits: list[SearchHit] = []
        self.concepts: tuple[str, ...] = ()

    def compose(self) -> ComposeResult:
        yield LotsenHeader()
        yield text_input(id="search")
        yield TextPanel(id="search-info")
        yield HitList(id="hits")
        yield TextPanel(id="hit-summary")
        yield LotsenFooter()

    def on_mount(self) -> None:
        self.refresh_texts()

    def on_screen_resume(self) -> None:
        self.run_search()

    def directory_changed(self) -> None:
        self.run_search()

    def refresh_texts(self) -> None:
        self.query_one("#search", Input).placeholder = _(
            "Type a need or a name: sova, mat, skulder, tandläkare, tonight…")
        self.run_search()

    # ------------------------------------------------------------------ search
    def show_search(self, text: str) -> None:
        """From the palette's search: look this up here."""
        field = self.query_one("#search", Input)
        field.value = text
        field.focus()

    @on(Input.Changed, "#search")
    def search_changed(self) -> None:
        self.run_search()

    def run_search(self) -> None:
        app = self.app
        query = self.query_one("#search", Input).value
        index = getattr(app, "directory", None)
        info = self.query_one("#search-info", TextPanel)
        hits_list = self.query_one("#hits", HitList)
        if index is None:
            info.set(_("Loading the directory…"))
            return
        now = app.now()  # type: ignore[attr-defined]
        result = index.search(query, now=now, limit=MAX_HITS)
        self.hits = list(result.hits)
        self.concepts = tuple(result.concepts)
        width = max(20, (hits_list.content_size.width or self.app.size.width) - 1)
        hits = self.hits

        def build(index: int) -> Text:
            return hit_lines(hits[index].service, hits[index].status, now, index + 1, width)

        hits_list.set_entries([3 if hit.service.alert else 2 for hit in hits], build)
        info.set(self._info_text(query, result))

    def _info_text(self, query: str, result) -> str:  # noqa: ANN001
        from tui.i18n import format_time
        from tui.needs import need_label

        if not query.strip():
            return _("Type a few letters. Enter or ↓ goes to the hits.")
        parts = [_("{count} hits").format(count=len(self.hits))]
        if self.concepts:
            parts.append(_("need: {need}").format(need=need_label(self.concepts[0])))
        if result.time_asked:
            parts.append(_("open at {time} first").format(time=format_time(result.at)))
        return " · ".join(parts)

    @on(HitList.Highlighted)
    def show_summary(self) -> None:
        hit = self.current_hit
        summary = self.query_one("#hit-summary", TextPanel)
        if hit is None:
            summary.set("")
            return
        today = self.app.now().date()  # type: ignore[attr-defined]
        rows = summary_lines(hit.service, today)
        summary.set("\n".join(f"{label}: {value}" for label, value in rows))

    @property
    def current_hit(self) -> SearchHit | None:
        index = self.query_one("#hits", HitList).highlighted
        if index is None or not 0 <= index < len(self.hits):
            return None
        return self.hits[index]

    # ------------------------------------------------------------------ keys
    def check_action(self, action: str, parameters: tuple[object, ...]) -> bool | None:
        if action in HIT_ACTIONS | {"outreach"}:
            on_hits = self.focused is self.query_one("#hits", HitList)
            if not on_hits:
                return False
            if action in HIT_ACTIONS and self.current_hit is None:
                return None
        return True

    @on(Input.Submitted, "#search")
    def action_to_hits(self) -> None:
        hits = self.query_one("#hits", HitList)
        if self.hits:
            hits.focus()
        self.refresh_bindings()

    def action_to_search(self) -> None:
        self.query_one("#search", Input).focus()
        self.refresh_bindings()

    def on_descendant_focus(self) -> None:
        self.refresh_bindings()

    @on(HitList.Selected)
    def action_details(self) -> None:
        from tui.screens.service_detail import ServiceDetailScreen

        hit = self.current_hit
        if hit is not None:
            self.app.push_screen(ServiceDetailScreen(hit, self.concepts))

    def action_refer(self) -> None:
        from tui.screens.referral_dialog import ReferralDialog

        hit = self.current_hit
        if hit is not None:
            self.app.push_screen(ReferralDialog(hit.service, self.concepts))

    def action_slip(self) -> None:
        from tui.screens.slip import SlipScreen

        hit = self.current_hit
        if hit is not None:
            self.app.push_screen(SlipScreen(hit.service))

    def action_copy_phone(self) -> None:
        hit = self.current_hit
        if hit is not None and hit.service.phones:
            copy_fact(self, hit.service.phones[0])

    def action_copy_address(self) -> None:
        hit = self.current_hit
        if hit is not None:
            copy_fact(self, hit.service.address)

    def action_outreach(self) -> None:
        from tui.screens.outreach import OutreachDialog

        self.app.push_screen(OutreachDialog())
