"""F2 Referrals: search the directory by need as you type, then refer, hand out, copy.

Typing goes to the search field; Enter (or ↓) moves to the hits, where single keys act:
r refer (anonymous), p handout slip, c/a copy phone/address, Enter details, o outreach
tally. Esc (or /) goes back to the search field.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from textual import on
from textual.app import ComposeResult
from textual.binding import Binding
from textual.screen import Screen
from textual.widgets import Input, OptionList, Static
from textual.widgets.option_list import Option

from tui.directory_text import copy_fact, hit_lines, summary_lines
from tui.i18n import N_, _
from tui.widgets.footer import LotsenFooter
from tui.widgets.header import LotsenHeader

if TYPE_CHECKING:
    from db.records import SearchHit

MAX_HITS = 40
FIRST_SCREENFUL = 8
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
        self._generation = 0

    def compose(self) -> ComposeResult:
        yield LotsenHeader()
        yield Input(id="search", compact=True)
        yield Static(id="search-info")
        yield OptionList(id="hits")
        yield Static(id="hit-summary")
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
    @on(Input.Changed, "#search")
    def search_changed(self) -> None:
        self.run_search()

    def run_search(self) -> None:
        app = self.app
        query = self.query_one("#search", Input).value
        index = getattr(app, "directory", None)
        info = self.query_one("#search-info", Static)
        hits_list = self.query_one("#hits", OptionList)
        if index is None:
            info.update(_("Loading the directory…"))
            return
        now = app.now()  # type: ignore[attr-defined]
        result = index.search(query, now=now, limit=MAX_HITS)
        self.hits = list(result.hits)
        self.concepts = tuple(result.concepts)
        self._generation += 1
        hits_list.clear_options()
        # The first screenful now, the rest after this frame: typing stays quick.
        self._add_hits(0, FIRST_SCREENFUL, now, self._generation)
        if len(self.hits) > FIRST_SCREENFUL:
            self.call_after_refresh(self._add_hits, FIRST_SCREENFUL, len(self.hits), now,
                                    self._generation)
        if self.hits:
            hits_list.highlighted = 0
        info.update(self._info_text(query, result))
        self.show_summary()

    def _add_hits(self, start: int, end: int, now, generation: int) -> None:  # noqa: ANN001
        if generation != self._generation:
            return  # a newer search replaced these hits
        hits_list = self.query_one("#hits", OptionList)
        width = (hits_list.content_region.width or self.app.size.width) - 3
        hits_list.add_options(
            Option(hit_lines(hit.service, hit.status, now, number, width), id=hit.service.id)
            for number, hit in enumerate(self.hits[start:end], start=start + 1))

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

    @on(OptionList.OptionHighlighted, "#hits")
    def show_summary(self) -> None:
        hit = self.current_hit
        summary = self.query_one("#hit-summary", Static)
        if hit is None:
            summary.update("")
            return
        today = self.app.now().date()  # type: ignore[attr-defined]
        rows = summary_lines(hit.service, today)
        summary.update("\n".join(f"{label}: {value}" for label, value in rows))

    @property
    def current_hit(self) -> SearchHit | None:
        index = self.query_one("#hits", OptionList).highlighted
        if index is None or not 0 <= index < len(self.hits):
            return None
        return self.hits[index]

    # ------------------------------------------------------------------ keys
    def check_action(self, action: str, parameters: tuple[object, ...]) -> bool | None:
        if action in HIT_ACTIONS | {"outreach"}:
            on_hits = self.focused is self.query_one("#hits", OptionList)
            if not on_hits:
                return False
            if action in HIT_ACTIONS and self.current_hit is None:
                return None
        return True

    @on(Input.Submitted, "#search")
    def action_to_hits(self) -> None:
        hits = self.query_one("#hits", OptionList)
        if self.hits:
            hits.focus()
            if hits.highlighted is None:
                hits.highlighted = 0
        self.refresh_bindings()

    def action_to_search(self) -> None:
        self.query_one("#search", Input).focus()
        self.refresh_bindings()

    def on_descendant_focus(self) -> None:
        self.refresh_bindings()

    @on(OptionList.OptionSelected, "#hits")
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
