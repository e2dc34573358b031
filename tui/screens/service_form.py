"""Upkeep forms: a service (new or edited), a temporary alert, a partner contact."""

from __future__ import annotations

from typing import Any

from textual.widget import Widget

from tui.i18n import N_, _
from tui.widgets.form import Field
from tui.widgets.form_dialog import FormDialog

SERVICE_FIELDS: tuple[tuple[str, str, int], ...] = (
    ("name", N_("Name"), 300),
    ("organization", N_("Organization"), 300),
    ("phone", N_("Phone"), 100),
    ("street", N_("Street address"), 300),
    ("city", N_("Town"), 200),
    ("hours", N_("Opening hours"), 300),
    ("eligibility", N_("Who it is for"), 2000),
    ("id_needed", N_("ID needed"), 600),
    ("fees", N_("Cost"), 2000),
    ("languages", N_("Languages"), 300),
    ("description", N_("Description"), 2000),
)


class ServiceFormScreen(FormDialog):
    ERROR_FIELDS = {"id_needed": "id_needed"}

    def __init__(self, service_id: str | None) -> None:
        super().__init__()
        self.service_id = service_id
        self.initial: dict[str, str] = {}
        self.closed_on_holidays = False

    def draft_key(self) -> str | None:
        # A new service only: an edit starts from data loaded after the form opens.
        return None if self.service_id else "service"

    def form_title(self) -> str:
        return _("Edit service") if self.service_id else _("New service")

    def hint(self) -> str:
        return _("Hours like: mån-fre 08:00-16:30; lör 10-14. Ctrl+S saves, Esc cancels.")

    def build_fields(self) -> list[Widget]:
        if self.service_id:
            from db.directory_edit import load_form

            form = load_form(self.app.database, self.service_id)  # type: ignore[attr-defined]
            self.initial = {key: getattr(form, key) for key, _label, _limit in SERVICE_FIELDS}
            self.closed_on_holidays = form.closed_on_holidays
        return [Field(key, _(label), self.initial.get(key, ""), max_length=limit)
                for key, label, limit in SERVICE_FIELDS]

    def save(self, values: dict[str, str]) -> Any:
        from db.directory_edit import ServiceForm, save_service

        form = ServiceForm(id=self.service_id, loaded=self.initial or None,
                           closed_on_holidays=self.closed_on_holidays, **values)
        return save_service(self.app.database, form, self.app.staff)  # type: ignore[attr-defined]


class AlertDialog(FormDialog):
    def __init__(self, service_id: str, name: str, current: str) -> None:
        super().__init__()
        self.service_id, self.service_name, self.current = service_id, name, current

    def draft_key(self) -> str:
        return f"alert:{self.service_id}"

    def form_title(self) -> str:
        return _("Temporary alert: {name}").format(name=self.service_name)

    def hint(self) -> str:
        return _("E.g. closed for renovation until 1 May. Empty removes it. Ctrl+S saves.")

    def build_fields(self) -> list[Widget]:
        return [Field("alert", _("Alert"), self.current, max_length=500)]

    def save(self, values: dict[str, str]) -> Any:
        from db.directory import set_alert

        set_alert(self.app.database, self.service_id, values["alert"],  # type: ignore[attr-defined]
                  self.app.staff, keep=self.kept("alert"))  # type: ignore[attr-defined]  # type: ignore[attr-defined]


class ContactDialog(FormDialog):
    def __init__(self, service_id: str, name: str) -> None:
        super().__init__()
        self.service_id, self.service_name = service_id, name

    def draft_key(self) -> str:
        return f"contact:{self.service_id}"

    def form_title(self) -> str:
        return _("Partner contact at {name}").format(name=self.service_name)

    def hint(self) -> str:
        return _("For your own calls; never printed on a slip. Ctrl+S saves.")

    def build_fields(self) -> list[Widget]:
        return [Field("name", _("Name"), max_length=300),
                Field("title", _("Title"), max_length=300),
                Field("phone", _("Phone"), max_length=100),
                Field("email", _("E-mail"), max_length=300)]

    def save(self, values: dict[str, str]) -> Any:
        from db.directory_edit import add_contact

        return add_contact(self.app.database, self.service_id, values["name"],  # type: ignore[attr-defined]
                           values["title"], values["phone"], values["email"],
                           self.app.staff)  # type: ignore[attr-defined]
