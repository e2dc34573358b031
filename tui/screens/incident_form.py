"""Record or edit an incident, mostly by single keys.

The common case — what happened, where, one action, a line of text, save — is: a type key,
a zone key, an action key, Enter, the text, Ctrl+S. The time is now unless changed; the
severity is "moderate" unless changed. What is typed is kept as a draft every few seconds
and when the form is closed unsaved; the next "new incident" offers it again.
"""

from __future__ import annotations

from typing import Any

from textual import on, work
from textual.containers import Horizontal, Vertical
from textual.widget import Widget
from textual.widgets import Label

from tui.i18n import _, language
from tui.incident_text import FOLLOW_UP_LABELS, KIA_LABELS, SEVERITY_LABELS, action_label
from tui.widgets.form import Field
from tui.widgets.form_dialog import FormDialog
from tui.widgets.key_picker import KeyPicker, Option

DRAFT_EVERY_SECONDS = 3.0


def picker_row(label: str, picker: KeyPicker) -> Vertical:
    """A labelled picker with a line for its error, like a :class:`Field`."""
    from textual.widgets import Static

    return Vertical(Horizontal(Label(label, classes="field-label"), picker, classes="picker-row"),
                    Static("", classes="field-error -empty"), classes="picker-field",
                    id=f"field-{picker.id}")


class IncidentFormScreen(FormDialog):
    """``choices``: db.incidents.Choices; ``detail``: an IncidentDetail to edit, or None."""

    ERROR_FIELDS = {"kia_status": "kia_status", "follow_up": "follow_up"}
    DIALOG_CLASSES = "dialog -wide"

    def __init__(self, choices, detail=None, draft: dict | None = None) -> None:  # noqa: ANN001
        super().__init__()
        self.choices = choices
        self.detail = detail
        self.draft = draft or {}
        self._draft_saved: dict | None = dict(self.draft) if self.draft else None
        self._done = False

    # ------------------------------------------------------------------ layout
    def form_title(self) -> str:
        if self.detail is not None:
            return _("Edit incident {id} (a new revision; the old one is kept)").format(
                id=self.detail.row.id)
        return _("New incident")

    def hint(self) -> str:
        return _("Pick by key; Tab moves, Ctrl+S saves, Esc closes (kept as a draft).")

    def _start(self) -> dict[str, Any]:
        """The values the form starts with: the incident being edited, a draft, or defaults."""
        if self.detail is not None:
            from db.clock import to_local
            from db.incidents import as_input

            data = as_input(self.detail)
            return {"type": data.type_id, "zone": data.zone_id, "actions": list(data.actions),
                    "description": data.description, "severity": data.severity,
                    "when": f"{to_local(data.occurred_at):%Y-%m-%d %H:%M}",
                    "affected": "yes" if data.staff_affected else "no",
                    "kia_case": data.kia_case, "kia_status": data.kia_status or "needed",
                    "follow_up": data.follow_up_by or "none",
                    "police_report": data.police_report}
        start: dict[str, Any] = {"severity": 2, "affected": "no", "follow_up": "none",
                                 "kia_status": "needed", "actions": []}
        start.update(self.draft)
        return start

    def build_fields(self) -> list[Widget]:
        from db.incidents import ACTIONS

        lang = language()
        start = self._start()
        self._start_when = start.get("when", "")
        kinds = [Option(c.key, c.label(lang), c.id) for c in self.choices.types]
        zones = [Option(c.key, c.label(lang), c.id) for c in self.choices.zones]
        actions = [Option(key, action_label(code), code) for code, key, _label in ACTIONS]
        severities = [Option(str(n), _(label), n) for n, label in SEVERITY_LABELS.items()]
        yes_no = [Option("n", _("no"), "no"), Option("j", _("yes"), "yes")]
        kia = [Option(str(i + 1), _(label), key) for i, (key, label) in
               enumerate(KIA_LABELS.items())]
        follow = [Option("0", _("none"), "none")] + [
            Option(str(i + 1), _(label), key) for i, (key, label) in
            enumerate(FOLLOW_UP_LABELS.items())]
        return [
            picker_row(_("What happened"), KeyPicker(kinds, value=start.get("type"), id="type")),
            picker_row(_("Where"), KeyPicker(zones, value=start.get("zone"), id="zone")),
            picker_row(_("Actions (Enter: next)"),
                       KeyPicker(actions, value=start.get("actions"), multiple=True,
                                 id="actions")),
            Field("description", _("Description"), start.get("description", ""),
                  max_length=4000, placeholder=_("what happened, without names")),
            picker_row(_("Severity"),
                       KeyPicker(severities, value=start.get("severity"), id="severity")),
            Field("when", _("When"), start.get("when", ""), max_length=20,
                  placeholder=_("now · 14:30 · 10 min (ago)")),
            picker_row(_("Staff affected"),
                       KeyPicker(yes_no, value=start.get("affected"), advance=False,
                                 id="affected")),
            picker_row(_("Work-env. report"),
                       KeyPicker(kia, value=start.get("kia_status"), id="kia_status")),
            Field("kia_case", _("KIA case number"), start.get("kia_case", ""), max_length=40),
            picker_row(_("Follow-up by"),
                       KeyPicker(follow, value=start.get("follow_up"), id="follow_up")),
            Field("police_report", _("Police report no."), start.get("police_report", ""),
                  max_length=30, placeholder="5000-K123456-26"),
        ]

    def on_mount(self) -> None:
        self._started = self.app.now()  # type: ignore[attr-defined]

    def focus_first(self) -> None:
        self._show_kia()
        self.query_one("#type" if self.detail is None else "#description").focus()
        if self.detail is None:
            self.set_interval(DRAFT_EVERY_SECONDS, self.keep_draft)

    @on(KeyPicker.Changed, "#affected")
    def _affected_changed(self) -> None:
        """The report fields appear first, then the cursor moves on (into them on "yes")."""
        self._show_kia()
        affected = self.query_one("#affected", KeyPicker).value == "yes"
        self.query_one("#kia_status" if affected else "#follow_up").focus()

    def _show_kia(self) -> None:
        affected = self.query_one("#affected", KeyPicker).value == "yes"
        for selector in ("#field-kia_status", "#field-kia_case"):
            self.query_one(selector).display = affected

    # ------------------------------------------------------------------ values
    def values(self) -> dict[str, Any]:  # type: ignore[override]
        values: dict[str, Any] = super().values()
        for picker in self.query(KeyPicker):
            value = picker.value
            values[picker.id or ""] = list(value) if isinstance(value, tuple) else value
        return values

    def _input(self, values: dict[str, Any]):  # noqa: ANN202
        from db.errors import N_, ValidationError
        from db.incidents import IncidentInput, parse_when

        if values.get("type") is None:
            raise ValidationError(N_("choose what happened"), field="type")
        if values.get("zone") is None:
            raise ValidationError(N_("choose where it happened"), field="zone")
        app = self.app
        when_text = values.get("when", "").strip()
        occurred = None
        if self.detail is None or (when_text and when_text != self._start_when):
            # An edit that leaves the time field as it was keeps the stored moment (to the
            # second, and the right one of the two 02:30s when the clocks go back).
            occurred = parse_when(when_text, app.now())  # type: ignore[attr-defined]
        affected = values.get("affected") == "yes"
        return IncidentInput(
            type_id=values["type"], zone_id=values["zone"], occurred_at=occurred,
            severity=values.get("severity") or 2, description=values.get("description", ""),
            actions=tuple(values.get("actions") or ()),
            police_report=values.get("police_report", ""), staff_affected=affected,
            kia_case=values.get("kia_case", "") if affected else "",
            kia_status=(values.get("kia_status") or "") if affected else "",
            follow_up_by="" if values.get("follow_up") in (None, "none")
            else values["follow_up"])

    def save(self, values: dict[str, Any]) -> Any:
        from db.incidents import DRAFT_FORM_INCIDENT, add_incident, edit_incident

        app = self.app
        data = self._input(values)
        if self.detail is not None:
            return edit_incident(app.database, self.detail.row.id, app.staff,  # type: ignore[attr-defined]
                                 data, self.detail.row.revision, now=app.now(),  # type: ignore[attr-defined]
                                 keep=self.kept("description"))
        return add_incident(app.database, app.place(), data,  # type: ignore[attr-defined]
                            now=app.now(), draft=DRAFT_FORM_INCIDENT,  # type: ignore[attr-defined]
                            keep=self.kept("description"))

    def saved_message(self, result: Any) -> str:
        if self.detail is not None:
            return _("Saved as revision {n}.").format(n=result)
        return _("Incident {id} recorded.").format(id=result)

    def show_error(self, field: str | None, text: str) -> None:
        self._done = False  # not saved: keep drafting
        pickers = {p.id: p for p in self.query(KeyPicker)}
        if field in pickers:
            from textual.widgets import Static

            error = self.query_one(f"#field-{field}").query_one(".field-error", Static)
            error.update(f"✗ {text}")
            error.remove_class("-empty")
            pickers[field].focus()
            self.call_after_refresh(error.parent.scroll_visible, animate=False)
            return
        super().show_error(field, text)

    def action_save(self) -> None:
        for error in self.query(".picker-field .field-error"):
            error.add_class("-empty")
        self._done = True  # no draft is written while the entry is being saved
        super().action_save()

    # ------------------------------------------------------------------ drafts
    def _draft_values(self) -> dict[str, Any] | None:
        """What is worth keeping: anything typed or picked beyond the defaults. An empty
        time is kept as the moment the entry began, so a draft restored hours later is
        still recorded at the right time."""
        values = self.values()
        if not str(values.get("when", "")).strip():
            values["when"] = f"{self._started:%Y-%m-%d %H:%M}"
        defaults = {"severity": 2, "affected": "no", "follow_up": "none",
                    "kia_status": "needed", "actions": []}
        meaningful = {k: v for k, v in values.items() if v not in (None, "", [])
                      and defaults.get(k, object()) != v and k != "when"}
        return values if meaningful else None

    def keep_draft(self) -> None:
        if self.detail is not None or self._done or self.app.staff is None:  # type: ignore[attr-defined]
            return
        values = self._draft_values()
        if values is not None and values != self._draft_saved:
            self._draft_saved = values
            self._write_draft(values)

    @work(thread=True, group="incident-draft")
    def _write_draft(self, values: dict[str, Any]) -> None:
        from db.errors import LotsenError
        from db.incidents import DRAFT_FORM_INCIDENT, save_draft

        try:
            save_draft(self.app.database, self.app.staff.id,  # type: ignore[attr-defined]
                       DRAFT_FORM_INCIDENT, values)
        except LotsenError:
            pass  # the next interval tries again; the form still holds everything

    def action_cancel(self) -> None:
        if self.detail is None and self._draft_values() is not None:
            self.keep_draft()
            self.notify(_("Kept as a draft: n continues it."))
        self._done = True
        super().action_cancel()
