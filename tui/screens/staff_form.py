"""Add a staff member (managers and admins)."""

from __future__ import annotations

from typing import Any

from textual.containers import Horizontal
from textual.widget import Widget
from textual.widgets import Label, Select

from tui.i18n import _
from tui.screens.staff import ROLE_NAMES
from tui.widgets.form import Field
from tui.widgets.form_dialog import FormDialog


def _select_row(label: str, widget: Select) -> Horizontal:
    return Horizontal(Label(label, classes="field-label"), widget, classes="select-row")


class StaffFormScreen(FormDialog):
    def draft_key(self) -> str:
        return "staff"  # the PIN is never kept

    def form_title(self) -> str:
        return _("New staff member")

    def build_fields(self) -> list[Widget]:
        return [
            Field("initials", _("Initials"), max_length=6),
            Field("name", _("Name"), max_length=200),
            _select_row(_("Role"), Select([(_(label), role) for role, label in ROLE_NAMES.items()],
                                          value="desk", allow_blank=False, id="role",
                                          compact=True)),
            _select_row(_("Language"), Select([(_("Swedish"), "sv"), (_("English"), "en")],
                                              value="sv", allow_blank=False, id="lang",
                                              compact=True)),
            Field("pin", _("PIN (optional)"), password=True, max_length=8, restrict=r"[0-9]*"),
        ]

    def values(self) -> dict[str, str]:
        values = super().values()
        values["role"] = str(self.query_one("#role", Select).value)
        values["lang"] = str(self.query_one("#lang", Select).value)
        return values

    def save(self, values: dict[str, str]) -> Any:
        from db.staff import create_staff

        return create_staff(self.app.database, values["initials"], values["name"],  # type: ignore[attr-defined]
                            values["role"], values["pin"] or None, values["lang"],
                            actor=self.app.staff)  # type: ignore[attr-defined]

    def saved_message(self, result: Any) -> str:
        return _("{initials} added.").format(initials=result.initials)
