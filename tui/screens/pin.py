"""Change one's own PIN (empty removes it)."""

from __future__ import annotations

from typing import Any

from textual.widget import Widget

from db.errors import N_
from tui.i18n import _
from tui.widgets.form import Field
from tui.widgets.form_dialog import FormDialog


class PinScreen(FormDialog):
    def form_title(self) -> str:
        return _("My PIN")

    def hint(self) -> str:
        return _("4–8 digits. Leave both empty to sign in without a PIN.")

    def build_fields(self) -> list[Widget]:
        return [Field("pin", _("New PIN"), password=True, max_length=8, restrict=r"[0-9]*"),
                Field("pin2", _("PIN again"), password=True, max_length=8, restrict=r"[0-9]*")]

    def save(self, values: dict[str, str]) -> Any:
        from db.errors import ValidationError
        from db.staff import set_pin

        if values["pin"] != values["pin2"]:
            raise ValidationError(N_("the PINs differ"), field="pin2")
        staff = set_pin(self.app.database, self.app.staff.id,  # type: ignore[attr-defined]
                        values["pin"] or None)
        self.app.staff = staff  # type: ignore[attr-defined]
        return staff

    def saved_message(self, result: Any) -> str:
        return _("Your PIN is saved.") if result.has_pin else _("Your PIN is removed.")
