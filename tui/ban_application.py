"""The written application for an access ban (tillträdesförbud, lag (2021:34)), as plain
text and as PDF, in the UI language (Swedish by default).

The files carry the person's identity: they are written readable by the owner only and
removed (:func:`remove_exports`) once the case's identity has been deleted in the database.
"""

from __future__ import annotations

import contextlib
import os
import re
from datetime import date
from pathlib import Path
from typing import TYPE_CHECKING

from db.clock import to_local
from tui.handover_export import write_pdf
from tui.i18n import _, format_date, format_datetime, language

if TYPE_CHECKING:
    from db.bans import CaseDetail

_STEM = re.compile(r"^ban-case-(\d+)-")


def exports_dir() -> Path:
    from db.settings import data_dir

    return data_dir() / "bans"


def application_text(detail: CaseDetail, today: date) -> str:
    """The application: who applies, for which area, whom it concerns and how that was
    established, the incidents, the risk assessment and what is asked of the prosecutor."""
    english = language() == "en"
    summary = detail.summary
    lines = [_("Application for an access ban"), "",
             _("To: the Swedish Prosecution Authority (Åklagarmyndigheten)"),
             _("Date: {date}").format(date=format_date(today)),
             _("Case: {id}").format(id=summary.id), ""]
    lines += [_("Applicant"),
              _("Library: {library}").format(library=detail.library_name),
              _("Branch: {branch}").format(branch=detail.branch_name),
              _("Responsible: {name}").format(name=detail.responsible_name),
              _("Contact: {contact}").format(contact=detail.responsible_contact), ""]
    lines += [_("The area the ban is to cover"), detail.summary.area, ""]
    lines.append(_("The person the application concerns"))
    identity = detail.identity
    if identity is None:
        lines.append(_("The identity has been deleted."))
    else:
        lines += [_("Name: {name}").format(name=identity.full_name),
                  _("Date of birth: {date}").format(date=format_date(identity.birth_date)),
                  _("Identity established by: {how}").format(how=identity.established_how)]
    lines.append("")
    lines.append(_("Incidents"))
    if not detail.incidents:
        lines.append(_("No incidents are linked to the case."))
    for incident in detail.incidents:
        kind = incident.type_en if english else incident.type_sv
        zone = incident.zone_en if english else incident.zone_sv
        lines.append(f"- {format_datetime(to_local(incident.occurred_at))} {kind}, {zone}")
        if incident.description:
            lines.append(f"  {incident.description}")
        lines.append("  " + _("Police report: {number}").format(
            number=incident.police_report or _("none")))
    lines += ["", _("Risk assessment"), detail.risk_assessment or _("(not written yet)"), ""]
    lines.append(_("{library} applies to the prosecutor for an access ban against the person "
                   "named above for the area described, under the Act on access bans "
                   "(lag (2021:34) om tillträdesförbud).").format(
                       library=detail.library_name or _("The library")))
    lines += ["", "", "______________________________",
              f"{detail.responsible_name}, {detail.branch_name}"]
    return "\n".join(lines).rstrip() + "\n"


def _private(path: Path) -> None:
    with contextlib.suppress(OSError):
        os.chmod(path, 0o600)


def export(detail: CaseDetail, today: date, folder: Path | None = None) -> tuple[Path, Path]:
    """Write the application as ``ban-case-<id>-<date>.txt`` and ``.pdf``; return both."""
    folder = folder or exports_dir()
    folder.mkdir(parents=True, exist_ok=True)
    with contextlib.suppress(OSError):
        os.chmod(folder, 0o700)
    stem = f"ban-case-{detail.summary.id}-{today.isoformat()}"
    text = application_text(detail, today)
    text_path, pdf_path = folder / f"{stem}.txt", folder / f"{stem}.pdf"
    text_path.write_text(text, encoding="utf-8")
    _private(text_path)
    write_pdf(text, pdf_path)
    _private(pdf_path)
    return text_path, pdf_path


def remove_exports(case_ids: list[int] | set[int], folder: Path | None = None) -> int:
    """Delete the exported applications of these cases (their identity is gone)."""
    folder = folder or exports_dir()
    wanted = {int(i) for i in case_ids}
    removed = 0
    if not wanted or not folder.is_dir():
        return 0
    for path in folder.iterdir():
        match = _STEM.match(path.name)
        if match and int(match.group(1)) in wanted:
            with contextlib.suppress(OSError):
                path.unlink()
                removed += 1
    return removed
