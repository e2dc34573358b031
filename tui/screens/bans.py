"""F8 Access bans (tillträdesförbud, lag (2021:34)), the manager only: put the application
together from incidents, record the prosecutor's decision (at most a year at a time,
extensions), withdraw, and export the application as text and PDF.

The list never shows the identity; opening a case (Enter or v) does, and that read is an
audit event. The identity is deleted when the case has been over for
``ban_identity_days`` days (``db.bans.purge_identities``).
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from rich.table import Table
from rich.text import Text
from textual import on, work
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import VerticalScroll
from textual.screen import Screen
from textual.widgets import DataTable, Static

from tui.i18n import N_, _, error_text, format_date, format_datetime, language, ngettext
from tui.widgets.footer import LotsenFooter
from tui.widgets.header import LotsenHeader
from tui.widgets.tables import add_text_row, plain, selected_key, set_columns

if TYPE_CHECKING:
    from db.bans import CaseDetail, CaseSummary

# What a case is today, in words and a symbol (not colour alone).
STATE_LABELS = {
    "draft": N_("✎ draft"),
    "applied": N_("… applied"),
    "active": N_("● ACTIVE"),
    "upcoming": N_("◐ granted, later"),
    "ended": N_("○ ended"),
    "refused": N_("✗ refused"),
    "withdrawn": N_("– withdrawn"),
}
# Actions that need a case under the cursor, and the case states they apply to.
CASE_ACTIONS = {
    "edit": lambda c: not c.identity_deleted and c.status != "withdrawn",
    "view": lambda c: True,
    "applied": lambda c: c.status == "draft" and not c.identity_deleted,
    "decision": lambda c: c.status in ("applied", "decided") and not c.identity_deleted,
    "export": lambda c: not c.identity_deleted,
    "withdraw": lambda c: c.status in ("draft", "applied") and not c.identity_deleted,
}


def state_text(case: CaseSummary) -> str:
    return _(STATE_LABELS.get(case.state, case.state))


def period_text(case: CaseSummary) -> str:
    if case.starts_on is None or case.ends_on is None:
        return "–"
    return f"{format_date(case.starts_on)}–{format_date(case.ends_on)}"


def _may_manage(app) -> bool:  # noqa: ANN001
    from db.roles import Permission, can

    staff = app.staff
    return staff is not None and can(staff.role, Permission.MANAGE_BANS)


class BanScreen(Screen[None]):
    TITLE = N_("Access bans")
    BINDINGS = [
        Binding("n", "new", N_("New"), id="bans.new"),
        Binding("e", "edit", N_("Edit"), id="bans.edit"),
        Binding("v", "view", N_("View"), id="bans.view"),
        Binding("a", "applied", N_("Applied"), id="bans.applied"),
        Binding("b", "decision", N_("Decision"), id="bans.decision"),
        Binding("x", "export", N_("Export"), id="bans.export"),
        Binding("w", "withdraw", N_("Withdraw"), id="bans.withdraw"),
    ]

    def __init__(self) -> None:
        super().__init__()
        self.cases: list[CaseSummary] = []

    def compose(self) -> ComposeResult:
        yield LotsenHeader()
        yield Static(id="bans-info")
        yield DataTable(id="bans-table", cursor_type="row", zebra_stripes=True)
        yield LotsenFooter()

    def on_mount(self) -> None:
        self.refresh_texts()
        self.query_one(DataTable).focus()

    def on_screen_resume(self) -> None:
        self.load()

    def refresh_texts(self) -> None:
        set_columns(self.query_one(DataTable), (
            ("id", _("Case"), 5), ("state", _("Status"), 18), ("period", _("Ban period"), 21),
            ("recognition", _("Recognition"), None)))
        self.load()

    @work(thread=True, exclusive=True, group="bans-load")
    def load(self) -> None:
        from db.bans import case_list, cases_without_identity
        from db.errors import LotsenError
        from tui.ban_application import remove_exports

        app = self.app
        database, staff, context = app.database, app.staff, app.context  # type: ignore[attr-defined]
        if database is None or staff is None or context is None or not _may_manage(app):
            return
        try:
            cases = case_list(database, staff, context.branch_id, app.now().date())  # type: ignore[attr-defined]
            # Exported applications of cases whose identity is gone go too.
            remove_exports(cases_without_identity(database))
        except LotsenError as exc:
            app.call_from_thread(self.notify, error_text(exc), severity="error")
            return
        app.call_from_thread(self._show, cases)

    def _show(self, cases: list[CaseSummary]) -> None:
        self.cases = cases
        table = self.query_one(DataTable)
        selected = selected_key(table)
        table.clear()
        for case in cases:
            recognition = (_("(identity deleted)") if case.identity_deleted
                           else case.recognition or "–")
            table.add_row(*plain(str(case.id), state_text(case), period_text(case), recognition),
                          key=str(case.id))
        if selected is not None and selected in table.rows:
            table.move_cursor(row=table.get_row_index(selected))
        active = sum(case.active for case in cases)
        if cases:
            info = ngettext("{count} case", "{count} cases", len(cases)).format(
                count=len(cases)) + " · " + _("{active} active · Enter shows a case with the "
                                               "identity (logged)").format(active=active)
        else:
            info = _("No access-ban cases here. n starts one from incidents.")
        self.query_one("#bans-info", Static).update(info)
        self.refresh_bindings()

    @property
    def current(self) -> CaseSummary | None:
        key = selected_key(self.query_one(DataTable))
        return next((c for c in self.cases if str(c.id) == key), None)

    def check_action(self, action: str, parameters: tuple[object, ...]) -> bool | None:
        if action in CASE_ACTIONS or action == "new":
            if not _may_manage(self.app):
                return False
        if action in CASE_ACTIONS:
            case = self.current
            return case is not None and CASE_ACTIONS[action](case)
        return True

    @on(DataTable.RowHighlighted)
    def _moved(self) -> None:
        self.refresh_bindings()

    @on(DataTable.RowSelected)
    def _selected(self) -> None:
        self.action_view()

    # ------------------------------------------------------------------ actions
    def _saved(self, saved: bool | None) -> None:
        if saved:
            self.load()

    def action_new(self) -> None:
        from tui.screens.ban_forms import CaseFormScreen

        self.app.push_screen(CaseFormScreen(None), self._saved)

    def action_edit(self) -> None:
        if self.current is not None:
            self.open_case(self.current.id, "edit")

    def action_view(self) -> None:
        if self.current is not None:
            self.open_case(self.current.id, "view")

    def action_export(self) -> None:
        if self.current is not None:
            self.open_case(self.current.id, "export")

    def action_applied(self) -> None:
        from tui.screens.ban_forms import AppliedDialog

        if self.current is not None:
            self.app.push_screen(AppliedDialog(self.current), self._saved)

    def action_decision(self) -> None:
        from tui.screens.ban_forms import DecisionDialog

        if self.current is not None:
            self.app.push_screen(DecisionDialog(self.current), self._saved)

    def action_withdraw(self) -> None:
        from tui.screens.ban_forms import WithdrawDialog

        if self.current is not None:
            self.app.push_screen(WithdrawDialog(self.current), self._saved)

    @work(thread=True, exclusive=True, group="bans-case")
    def open_case(self, case_id: int, purpose: str) -> None:
        """Read the case with its identity (an audited read) to show, edit or export it."""
        from db.bans import case_detail
        from db.errors import LotsenError

        app = self.app
        today = app.now().date()  # type: ignore[attr-defined]
        try:
            detail = case_detail(app.database, app.staff, case_id,  # type: ignore[attr-defined]
                                 desk_id=app.desk_id, today=today)  # type: ignore[attr-defined]
            if purpose == "export":
                from tui.ban_application import export

                _txt, pdf_path = export(detail, today)
                app.call_from_thread(self.notify, _("Saved: {path}").format(
                    path=f"{pdf_path.with_suffix('')} (.txt, .pdf)"), timeout=10)
                return
        except LotsenError as exc:
            app.call_from_thread(self.notify, error_text(exc), severity="error")
            return
        except OSError as exc:
            app.call_from_thread(self.notify, _("Could not save: {error}").format(
                error=exc.strerror or str(exc)), severity="error")
            return
        app.call_from_thread(self._opened, detail, purpose)

    def _opened(self, detail: CaseDetail, purpose: str) -> None:
        if purpose == "edit":
            from tui.screens.ban_forms import CaseFormScreen

            self.app.push_screen(CaseFormScreen(detail), self._saved)
        else:
            self.app.push_screen(BanCaseScreen(detail), lambda _result: self.load())


class BanCaseScreen(Screen[None]):
    """One case in full, the identity included (the read was logged when it was opened)."""

    TITLE = N_("Access bans")
    BINDINGS = [
        Binding("escape", "back", N_("Back"), id="bans.case.back"),
    ]

    def __init__(self, detail: CaseDetail) -> None:
        super().__init__()
        self.detail = detail

    def compose(self) -> ComposeResult:
        yield LotsenHeader()
        with VerticalScroll(id="ban-case"):
            yield Static(id="ban-case-text")
        yield LotsenFooter()

    def on_mount(self) -> None:
        self.refresh_texts()
        self.query_one("#ban-case").focus()

    def refresh_texts(self) -> None:
        self.query_one("#ban-case-text", Static).update(self.renderable())

    def renderable(self) -> Table:
        from db.clock import to_local

        detail, case = self.detail, self.detail.summary
        english = language() == "en"
        table = Table.grid(padding=(0, 1))
        table.add_column(style="bold", no_wrap=True)
        table.add_column()

        def add(label: str | Text, value: str | Text) -> None:
            add_text_row(table, label, value)  # typed text as typed, never Rich markup

        add(Text(_("Case {id}").format(id=case.id), style="bold underline"),
                      state_text(case))
        add(_("Ban period"), period_text(case))
        add(_("Area covered"), case.area)
        add(_("Responsible"),
                      f"{detail.responsible_name} · {detail.responsible_contact}")
        identity = detail.identity
        if identity is None:
            deleted = detail.identity_deleted_at
            add(_("Person"), _("identity deleted {when}").format(
                when=format_datetime(to_local(deleted)) if deleted else ""))
        else:
            add(_("Person"), f"{identity.full_name}, {format_date(identity.birth_date)}")
            add(_("Identity shown by"), identity.established_how)
            add(_("Recognition (desk)"), case.recognition or "–")
        add(_("Applied"), format_date(case.applied_on) if case.applied_on else "–")
        for decision in detail.decisions:
            if decision.granted and decision.starts_on and decision.ends_on:
                what = _("granted {start}–{end}").format(start=format_date(decision.starts_on),
                                                         end=format_date(decision.ends_on))
            else:
                what = _("refused")
            ref = f" ({decision.reference})" if decision.reference else ""
            add(_("Decision {day}").format(day=format_date(decision.decided_on)),
                          f"{what}{ref} · {decision.recorded_by}")
        if case.withdrawn_on:
            add(_("Withdrawn"), format_date(case.withdrawn_on))
        for incident in detail.incidents:
            kind = incident.type_en if english else incident.type_sv
            police = incident.police_report or _("no police report")
            add(f"#{incident.id}",
                          f"{format_datetime(to_local(incident.occurred_at))} {kind} · "
                          f"{police}\n{incident.description}".rstrip())
        if not detail.incidents:
            add(_("Incidents"), _("none linked (e)"))
        add(_("Risk assessment"), detail.risk_assessment or "–")
        return table

    def action_back(self) -> None:
        self.dismiss(None)
