"""The manager's access-ban forms: a case (with the identity and the incidents it rests on),
the application sent, the prosecutor's decision, and withdrawing a case."""

from __future__ import annotations

from datetime import date, timedelta
from typing import TYPE_CHECKING, Any

from textual import work
from textual.containers import Horizontal
from textual.widget import Widget
from textual.widgets import Label, Select, Static

from tui.i18n import _, format_datetime, language
from tui.screens.note_form import parse_day
from tui.widgets.form import Field
from tui.widgets.form_dialog import FormDialog

if TYPE_CHECKING:
    from db.bans import CaseDetail, CaseSummary

RECENT_INCIDENTS = 8


def needed_day(text: str, field: str) -> date:
    from db.errors import N_, ValidationError

    day = parse_day(text, field)
    if day is None:
        raise ValidationError(N_("write the date as YYYY-MM-DD"), field=field)
    return day


def last_day_of_year_from(start: date) -> date:
    from db.bans import one_year_after

    return one_year_after(start) - timedelta(days=1)


class CaseFormScreen(FormDialog):
    """A new case, or changes to one (``detail`` with the identity, read for this edit)."""

    ERROR_FIELDS = {"applied_on": "area", "keep_days": "area"}

    def __init__(self, detail: CaseDetail | None) -> None:
        super().__init__()
        self.detail = detail

    def form_title(self) -> str:
        if self.detail is None:
            return _("New access-ban case")
        return _("Access-ban case {id}").format(id=self.detail.summary.id)

    def hint(self) -> str:
        return _("Tab moves, Ctrl+S saves, Esc cancels. The person must be 15 or older. "
                 "Only the recognition text is shown to desk staff.")

    def build_fields(self) -> list[Widget]:
        app = self.app
        data = self.detail.as_input() if self.detail else None
        staff, context = app.staff, app.context  # type: ignore[attr-defined]
        birth = data.birth_date.isoformat() if data and data.birth_date else ""
        incidents = ", ".join(str(i) for i in data.incident_ids) if data else ""
        return [
            Field("area", _("Area covered"), data.area if data else
                  (context.branch_name if context else ""), max_length=300),
            Field("responsible_name", _("Responsible"), data.responsible_name if data else
                  (staff.name if staff else ""), max_length=200),
            Field("responsible_contact", _("Contact"), data.responsible_contact if data else "",
                  max_length=200, placeholder=_("phone or e-mail")),
            Field("full_name", _("Full name"), data.full_name if data else "", max_length=200),
            Field("birth_date", _("Date of birth"), birth, max_length=10,
                  placeholder=_("YYYY-MM-DD")),
            Field("established_how", _("Identity shown by"),
                  data.established_how if data else "", max_length=300,
                  placeholder=_("e.g. ID card shown to the police")),
            Field("recognition", _("Recognition (desk)"), data.recognition if data else "",
                  max_length=200, placeholder=_("short, no name: what staff recognise")),
            Field("incidents", _("Incident numbers"), incidents, max_length=300,
                  placeholder=_("e.g. 12, 15")),
            Static("", id="ban-recent", classes="ban-recent"),
            Field("risk_assessment", _("Risk assessment"),
                  data.risk_assessment if data else "", max_length=8000),
        ]

    def on_mount(self) -> None:
        super().on_mount()
        self.load_recent()

    @work(thread=True, exclusive=True, group="ban-recent")
    def load_recent(self) -> None:
        from db.errors import LotsenError
        from db.incidents import IncidentFilter, list_incidents

        app = self.app
        context = app.context  # type: ignore[attr-defined]
        if context is None:
            return
        try:
            rows = list_incidents(app.database, IncidentFilter(branch_id=context.branch_id),  # type: ignore[attr-defined]
                                  limit=RECENT_INCIDENTS)
        except LotsenError:
            return
        app.call_from_thread(self._show_recent, rows)

    def _show_recent(self, rows: list) -> None:
        from db.clock import to_local

        english = language() == "en"
        lines = [_("Recent incidents here (number, when, what, police report):")]
        for row in rows:
            kind = row.type_en if english else row.type_sv
            lines.append(f"  #{row.id} {format_datetime(to_local(row.occurred_at))} {kind}"
                         + (f" · {row.police_report}" if row.police_report else ""))
        if not rows:
            lines.append("  " + _("none"))
        self.query_one("#ban-recent", Static).update("\n".join(lines))

    def save(self, values: dict[str, str]) -> Any:
        from db.bans import CaseInput, create_case, update_case
        from db.incidents import parse_incident_ids

        app = self.app
        data = CaseInput(
            area=values["area"], responsible_name=values["responsible_name"],
            responsible_contact=values["responsible_contact"],
            recognition=values["recognition"], risk_assessment=values["risk_assessment"],
            full_name=values["full_name"],
            birth_date=needed_day(values["birth_date"], "birth_date"),
            established_how=values["established_how"],
            incident_ids=parse_incident_ids(values["incidents"]))
        today = app.now().date()  # type: ignore[attr-defined]
        if self.detail is None:
            return create_case(app.database, app.staff, app.context.branch_id, data,  # type: ignore[attr-defined]
                               today, keep=self.kept("recognition"))
        update_case(app.database, app.staff, self.detail.summary.id, data, today,  # type: ignore[attr-defined]
                    keep=self.kept("recognition"))
        return self.detail.summary.id

    def saved_message(self, result: Any) -> str:
        return _("Case {id} saved.").format(id=result)


class AppliedDialog(FormDialog):
    ERROR_FIELDS = {"birth_date": "applied_on"}

    def __init__(self, case: CaseSummary) -> None:
        super().__init__()
        self.case = case

    def form_title(self) -> str:
        return _("Case {id}: application sent to the prosecutor").format(id=self.case.id)

    def hint(self) -> str:
        return _("The day the application was sent. Ctrl+S saves, Esc cancels.")

    def build_fields(self) -> list[Widget]:
        today = self.app.now().date()  # type: ignore[attr-defined]
        return [Field("applied_on", _("Sent on"), today.isoformat(), max_length=10)]

    def save(self, values: dict[str, str]) -> Any:
        from db.bans import mark_applied

        mark_applied(self.app.database, self.app.staff, self.case.id,  # type: ignore[attr-defined]
                     needed_day(values["applied_on"], "applied_on"),
                     today=self.app.now().date())  # type: ignore[attr-defined]

    def saved_message(self, result: Any) -> str:
        return _("Marked as applied.")


class DecisionDialog(FormDialog):
    """The prosecutor's decision; on a granted case, a further decision extends the ban."""

    ERROR_FIELDS = {"reference": "reference"}

    def __init__(self, case: CaseSummary) -> None:
        super().__init__()
        self.case = case

    def form_title(self) -> str:
        if self.case.ends_on is not None:
            return _("Case {id}: extension (the ban ends {day})").format(
                id=self.case.id, day=self.case.ends_on.isoformat())
        return _("Case {id}: the prosecutor's decision").format(id=self.case.id)

    def hint(self) -> str:
        return _("A ban lasts at most one year; an extension starts at most the day after. "
                 "A refusal has no period. Ctrl+S saves, Esc cancels.")

    def build_fields(self) -> list[Widget]:
        today = self.app.now().date()  # type: ignore[attr-defined]
        start = self.case.ends_on + timedelta(days=1) if self.case.ends_on else today
        return [
            Field("decided_on", _("Decided on"), today.isoformat(), max_length=10),
            Horizontal(Label(_("Decision"), classes="field-label"),
                       Select([(_("granted"), "granted"), (_("refused"), "refused")],
                              value="granted", allow_blank=False, id="outcome", compact=True),
                       classes="select-row"),
            Field("starts_on", _("Ban from"), start.isoformat(), max_length=10),
            Field("ends_on", _("Ban to (incl.)"), last_day_of_year_from(start).isoformat(),
                  max_length=10),
            Field("reference", _("Prosecutor's ref."), max_length=60, placeholder=_("optional")),
        ]

    def values(self) -> dict[str, str]:
        values = super().values()
        values["outcome"] = str(self.query_one("#outcome", Select).value)
        return values

    def save(self, values: dict[str, str]) -> Any:
        from db.bans import record_decision

        granted = values["outcome"] == "granted"
        record_decision(
            self.app.database, self.app.staff, self.case.id,  # type: ignore[attr-defined]
            needed_day(values["decided_on"], "decided_on"), granted,
            needed_day(values["starts_on"], "starts_on") if granted else None,
            needed_day(values["ends_on"], "ends_on") if granted else None,
            values["reference"], today=self.app.now().date())  # type: ignore[attr-defined]
        return granted

    def saved_message(self, result: Any) -> str:
        return _("Decision recorded: granted.") if result else _("Decision recorded: refused.")


class WithdrawDialog(FormDialog):
    def __init__(self, case: CaseSummary) -> None:
        super().__init__()
        self.case = case

    def form_title(self) -> str:
        return _("Withdraw case {id}?").format(id=self.case.id)

    def hint(self) -> str:
        return _("The identity is deleted after the configured days. Ctrl+S withdraws, "
                 "Esc keeps the case.")

    def build_fields(self) -> list[Widget]:
        today = self.app.now().date()  # type: ignore[attr-defined]
        return [Field("withdrawn_on", _("Withdrawn on"), today.isoformat(), max_length=10)]

    def save(self, values: dict[str, str]) -> Any:
        from db.bans import withdraw

        withdraw(self.app.database, self.app.staff, self.case.id,  # type: ignore[attr-defined]
                 needed_day(values["withdrawn_on"], "withdrawn_on"),
                 today=self.app.now().date())  # type: ignore[attr-defined]

    def saved_message(self, result: Any) -> str:
        return _("Case withdrawn.")
