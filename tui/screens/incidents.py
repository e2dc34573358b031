"""F4 Incidents: record one fast (``n``), the list with filters (paged in SQL, newest first),
your own incidents with "what happened next", the follow-up queue of the social worker and
the manager, and the active access bans (a short description only, never who).
"""

from __future__ import annotations

from dataclasses import replace
from datetime import datetime, timedelta

from rich.text import Text
from textual import on, work
from textual.app import ComposeResult
from textual.binding import Binding
from textual.screen import Screen

from tui.i18n import N_, _, error_text, format_date
from tui.incident_text import STATUS_LABELS, incident_entry
from tui.widgets.footer import LotsenFooter
from tui.widgets.header import LotsenHeader
from tui.widgets.hit_list import HitList
from tui.widgets.text_panel import TextPanel

VIEWS = {
    "all": N_("All incidents"),
    "mine": N_("Your incidents"),
    "follow": N_("To follow up"),
}
PERIODS = {
    "30d": (N_("last 30 days"), 30),
    "7d": (N_("last 7 days"), 7),
    "1d": (N_("today"), 1),
    "365d": (N_("last 12 months"), 365),
    "all": (N_("all time"), None),
}
STATUS_FILTERS = (None, "open", "recorded", "closed", "kia")


class IncidentScreen(Screen[None]):
    TITLE = N_("Incidents")
    AUTO_FOCUS = "#incidents"
    BINDINGS = [
        Binding("n", "new", N_("New"), id="incidents.new"),
        Binding("e", "edit", N_("Edit"), id="incidents.edit"),
        Binding("enter", "open", N_("Open"), show=False, id="incidents.open"),
        Binding("a", "follow_up", N_("Follow-up note"), id="incidents.follow_up"),
        Binding("c", "close_case", N_("Close case"), id="incidents.close"),
        Binding("v", "view", N_("View"), id="incidents.view"),
        Binding("p", "period", N_("Period"), id="incidents.period"),
        Binding("s", "status", N_("Status"), id="incidents.status"),
        Binding("f", "filter", N_("Filter"), id="incidents.filter"),
    ]

    def __init__(self) -> None:
        super().__init__()
        self.view = "all"
        self.period = "30d"
        self.status: str | None = None
        self.type_id: int | None = None
        self.zone_id: int | None = None
        self.reporter = ""
        self.rows: list = []
        self.more = False
        self.choices = None
        self.bans: list = []

    def compose(self) -> ComposeResult:
        yield LotsenHeader()
        yield TextPanel(id="incident-bans")
        yield TextPanel(id="incident-title")
        yield HitList(id="incidents")
        yield LotsenFooter()

    def on_mount(self) -> None:
        self.load()

    def on_screen_resume(self) -> None:
        self.load()

    def refresh_texts(self) -> None:
        self.load()

    def incidents_changed(self) -> None:
        """An incident was recorded or changed at some desk (live update)."""
        self.load()

    # ------------------------------------------------------------------ loading
    def incident_filter(self):  # noqa: ANN201
        from db.clock import LOCAL_TZ
        from db.incidents import IncidentFilter

        app = self.app
        now = app.now()  # type: ignore[attr-defined]
        days = PERIODS[self.period][1]
        start = None
        if days is not None:
            first_day = now.astimezone(LOCAL_TZ).date() - timedelta(days=days - 1)
            start = datetime.combine(first_day, datetime.min.time(), tzinfo=LOCAL_TZ)
        staff = app.staff  # type: ignore[attr-defined]
        flt = IncidentFilter(branch_id=app.context.branch_id, start=start,  # type: ignore[attr-defined]
                             type_id=self.type_id, zone_id=self.zone_id, status=self.status,
                             reporter=self.reporter or None)
        if self.view == "mine":
            flt = replace(flt, reporter=staff.initials, start=None)
        elif self.view == "follow":
            flt = replace(flt, mine_for_follow_up=staff.role, status=None, start=None)
        return flt

    @work(thread=True, exclusive=True, group="incidents-load")
    def load(self) -> None:
        from db.errors import LotsenError
        from db.incidents import PAGE_SIZE, choices, list_incidents

        app = self.app
        if app.database is None or app.staff is None or app.context is None:  # type: ignore[attr-defined]
            return
        database = app.database  # type: ignore[attr-defined]
        try:
            if self.choices is None:
                self.choices = choices(database, app.context.branch_id)  # type: ignore[attr-defined]
            rows = list_incidents(database, self.incident_filter(), limit=PAGE_SIZE + 1)
            bans = self._active_bans()
        except LotsenError as exc:
            app.call_from_thread(self.notify, error_text(exc), severity="error")
            return
        app.call_from_thread(self._show, rows[:PAGE_SIZE], len(rows) > PAGE_SIZE, bans)

    def _active_bans(self) -> list:
        try:
            from db.bans import active_bans
        except ImportError:  # pragma: no cover - bans arrive with their own module
            return []
        app = self.app
        return active_bans(app.database, app.context.branch_id,  # type: ignore[attr-defined]
                           app.now().date())  # type: ignore[attr-defined]

    def _show(self, rows: list, more: bool, bans: list) -> None:
        self.rows, self.more, self.bans = rows, more, bans
        self._show_bans()
        self._show_title()
        listing = self.query_one("#incidents", HitList)
        current = listing.highlighted
        listing.set_entries([2] * len(rows), self._entry)
        if current is not None and rows:
            listing.highlighted = min(current, len(rows) - 1)
        self.refresh_bindings()

    def _entry(self, index: int) -> Text:
        listing = self.query_one("#incidents", HitList)
        width = max(20, (listing.content_size.width or self.app.size.width) - 1)
        return incident_entry(self.rows[index], width)

    def _show_bans(self) -> None:
        panel = self.query_one("#incident-bans", TextPanel)
        panel.display = bool(self.bans)
        if self.bans:
            text = Text(_("⛔ Access bans in force:"), style="bold")
            for ban in self.bans[:3]:
                text.append(" " + _("{who} (until {date})").format(
                    who=ban.recognition or _("no description"), date=format_date(ban.ends_on)))
            panel.set(text)

    def _show_title(self) -> None:
        parts = [_(VIEWS[self.view])]
        if self.view == "all":
            parts.append(_(PERIODS[self.period][0]))
        if self.status and self.view != "follow":
            parts.append(_(STATUS_LABELS[self.status]))
        labels = self._filter_labels()
        parts.extend(labels)
        title = Text(" · ".join(parts), style="bold underline")
        count = f"{len(self.rows)}+" if self.more else str(len(self.rows))
        title.append("  " + _("{count} incidents").format(count=count), style="dim")
        if not self.rows:
            title.append("  " + _("Nothing here. n records an incident."), style="dim")
        self.query_one("#incident-title", TextPanel).set(title)

    def _filter_labels(self) -> list[str]:
        from tui.i18n import language

        labels = []
        lang = language()
        if self.choices is not None:
            for chosen, options in ((self.type_id, self.choices.types),
                                    (self.zone_id, self.choices.zones)):
                match = next((c for c in options if c.id == chosen), None)
                if match is not None:
                    labels.append(match.label(lang))
        if self.reporter:
            labels.append("@" + self.reporter)
        return labels

    @on(HitList.Highlighted)
    def _maybe_more(self, event: HitList.Highlighted) -> None:
        if self.more and event.index is not None and event.index >= len(self.rows) - 1:
            self.more = False
            last = self.rows[-1]
            self.load_more(last.occurred_at, last.id)

    @work(thread=True, group="incidents-more")
    def load_more(self, at: datetime, last_id: int) -> None:
        from db.incidents import PAGE_SIZE, list_incidents

        from db.errors import LotsenError

        try:
            rows = list_incidents(self.app.database, self.incident_filter(),  # type: ignore[attr-defined]
                                  after=(at, last_id), limit=PAGE_SIZE + 1)
        except LotsenError as exc:
            self.app.call_from_thread(self.notify, error_text(exc), severity="error")
            self.more = True  # the next move to the end tries again
            return
        self.app.call_from_thread(self._more, rows[:PAGE_SIZE], len(rows) > PAGE_SIZE)

    def _more(self, rows: list, more: bool) -> None:
        self.rows.extend(rows)
        self.more = more
        self.query_one("#incidents", HitList).extend([2] * len(rows))
        self._show_title()

    # ------------------------------------------------------------------ keys
    @property
    def current(self):  # noqa: ANN201
        index = self.query_one("#incidents", HitList).highlighted
        return self.rows[index] if index is not None and index < len(self.rows) else None

    def _may_follow_up(self) -> bool:
        from db.roles import Permission, can

        staff = self.app.staff  # type: ignore[attr-defined]
        return staff is not None and can(staff.role, Permission.FOLLOW_UP_INCIDENTS)

    def check_action(self, action: str, parameters: tuple[object, ...]) -> bool | None:
        if action in ("edit", "open") and self.current is None:
            return None
        if action == "edit":  # the reporter, or those who follow up (as db/ checks)
            staff = self.app.staff  # type: ignore[attr-defined]
            return self._may_follow_up() or (staff is not None
                                             and self.current.reporter == staff.initials)
        if action in ("follow_up", "close_case"):
            if not self._may_follow_up():
                return False
            current = self.current
            if current is None:
                return None
            if action == "close_case" and current.status == "closed":
                return None
        if action in ("period", "status", "filter") and self.view != "all":
            return None
        return True

    def action_view(self) -> None:
        order = [v for v in VIEWS if v != "follow" or self._may_follow_up()]
        self.view = order[(order.index(self.view) + 1) % len(order)] \
            if self.view in order else order[0]
        self.load()

    def action_period(self) -> None:
        order = list(PERIODS)
        self.period = order[(order.index(self.period) + 1) % len(order)]
        self.load()

    def action_status(self) -> None:
        self.status = STATUS_FILTERS[(STATUS_FILTERS.index(self.status) + 1)
                                     % len(STATUS_FILTERS)]
        self.load()

    def action_filter(self) -> None:
        from tui.screens.incident_filter import IncidentFilterDialog

        if self.choices is None:
            return
        self.app.push_screen(IncidentFilterDialog(self.choices, self.type_id, self.zone_id,
                                                  self.reporter), self._filtered)

    def _filtered(self, chosen: tuple | None) -> None:
        if chosen is not None:
            self.type_id, self.zone_id, self.reporter = chosen
            self.load()

    def action_new(self) -> None:
        self.open_form()

    @work(thread=True, group="incident-form")
    def open_form(self, incident_id: int | None = None) -> None:
        """Load what the form needs (the choices, a draft or the incident) off the UI thread."""
        from db.errors import LotsenError
        from db.incidents import DRAFT_FORM_INCIDENT, choices, incident_detail, load_draft

        app = self.app
        try:
            options = choices(app.database, app.context.branch_id)  # type: ignore[attr-defined]
            detail = incident_detail(app.database, incident_id) if incident_id else None
            draft = None if incident_id else load_draft(
                app.database, app.staff.id, DRAFT_FORM_INCIDENT)  # type: ignore[attr-defined]
        except LotsenError as exc:
            app.call_from_thread(self.notify, error_text(exc), severity="error")
            return
        app.call_from_thread(self._push_form, options, detail, draft)

    def _push_form(self, options, detail, draft) -> None:  # noqa: ANN001
        from tui.screens.incident_form import IncidentFormScreen

        self.choices = options
        self.app.push_screen(IncidentFormScreen(options, detail, draft),
                             lambda saved: saved and self.load())
        if draft:
            self.notify(_("Your unsaved incident is back (draft)."))

    def action_edit(self) -> None:
        if self.current is not None:
            self.open_form(self.current.id)

    @on(HitList.Selected)
    def action_open(self) -> None:
        from tui.screens.incident_detail import IncidentDetailScreen

        if self.current is not None:
            self.app.push_screen(IncidentDetailScreen(self.current.id),
                                 lambda _changed: self.load())

    def action_follow_up(self) -> None:
        self._follow_up(close=False)

    def action_close_case(self) -> None:
        self._follow_up(close=True)

    def _follow_up(self, close: bool) -> None:
        from tui.screens.incident_detail import FollowUpDialog

        if self.current is not None and self._may_follow_up():
            self.app.push_screen(FollowUpDialog(self.current.id, close),
                                 lambda saved: saved and self.load())
