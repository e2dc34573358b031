"""The personal-data guard as the data layer applies it to free text before saving.

A text with a personnummer, a mobile number or an e-mail address is refused with
:class:`PersonalDataFound` (the form then offers to mask it, to edit it, or — for the social
worker and the manager — to keep it with a reason). Keeping is a :class:`Keep` passed back
to the same call; the role is checked here and the reason goes to the audit log.
"""

from __future__ import annotations

from dataclasses import dataclass

from sqlmodel import Session

from db import audit
from db.errors import N_, ValidationError
from db.models import Staff
from db.privacy import Finding, find_personal_data
from db.roles import Permission, require

MIN_REASON = 5


class PersonalDataFound(ValidationError):
    """``text`` (of ``field``) holds what may identify someone: ``findings``."""

    def __init__(self, field: str, text: str, findings: list[Finding]) -> None:
        kinds = ", ".join(dict.fromkeys(f.kind for f in findings))
        super().__init__(N_("this looks like personal data ({kinds}): mask it, change it or "
                            "keep it with a reason"), field=field, kinds=kinds)
        self.text = text
        self.findings = findings


@dataclass(frozen=True)
class Keep:
    """Keep flagged text on purpose, and why (e.g. "the police asked us to note it")."""

    reason: str


def normal_reason(text: str) -> str:
    """A reason as it is checked and logged: spaces collapsed."""
    return " ".join((text or "").split())


def guard(session: Session, text: str, field: str, staff_id: int, subject: str,
          keep: Keep | None = None) -> None:
    """Refuse ``text`` when it holds personal data, unless ``keep`` is given by someone
    whose role may keep it; then log who kept what kind, where and why."""
    findings = find_personal_data(text or "")
    if not findings:
        return
    if keep is None:
        raise PersonalDataFound(field, text, findings)
    staff = session.get(Staff, staff_id)
    require(staff.role if staff else "", Permission.KEEP_PERSONAL_DATA)
    reason = normal_reason(keep.reason)
    if len(reason) < MIN_REASON:
        raise ValidationError(N_("say why it must be kept (at least {n} characters)"),
                              field="reason", n=MIN_REASON)
    if find_personal_data(reason):  # the reason goes to the audit log: no data in it
        raise ValidationError(N_("the reason itself holds personal data"), field="reason")
    audit.record(session, "personal_data_kept", staff_id=staff_id, subject=subject,
                 field=field, kinds=sorted({f.kind for f in findings}), reason=reason[:300])
