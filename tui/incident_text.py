"""How incidents read on screen: severity, status and follow-up in words and symbols (never
colour alone), the list entry, and the detail with its history and follow-up notes."""

from __future__ import annotations

from rich.text import Text

from db.clock import to_local
from tui.i18n import N_, _, format_datetime, language

SEVERITY_LABELS = {1: N_("minor"), 2: N_("moderate"), 3: N_("serious"), 4: N_("very serious")}
STATUS_LABELS = {
    "recorded": N_("recorded"),
    "open": N_("follow-up open"),
    "closed": N_("case closed"),
    "kia": N_("work-environment report due"),
}
STATUS_MARKS = {"recorded": "·", "open": "☐", "closed": "✓"}
KIA_LABELS = {"needed": N_("needed"), "reported": N_("reported"), "closed": N_("completed")}
FOLLOW_UP_LABELS = {"socialworker": N_("social worker"), "manager": N_("manager")}
FIELD_LABELS = {
    "occurred_at": N_("time"),
    "type": N_("type"),
    "zone": N_("where"),
    "severity": N_("severity"),
    "description": N_("description"),
    "actions": N_("actions"),
    "police_report": N_("police report"),
    "staff_affected": N_("staff affected"),
    "kia_case": N_("work-environment case"),
    "kia_status": N_("report status"),
    "follow_up_by": N_("follow-up by"),
    "status": N_("status"),
}
NOTE_KINDS = {"note": N_("follow-up"), "close": N_("case closed"), "reopen": N_("reopened")}


def action_label(code: str) -> str:
    from db.incidents import ACTIONS

    return next((_(label) for c, _key, label in ACTIONS if c == code), code)


def severity_text(severity: int) -> str:
    """E.g. "▮▮▯▯ 2 moderate"."""
    return f"{'▮' * severity}{'▯' * (4 - severity)} {severity} {_(SEVERITY_LABELS[severity])}"


def type_label(row) -> str:  # noqa: ANN001
    return row.type_en if language() == "en" else row.type_sv


def zone_label(row) -> str:  # noqa: ANN001
    return row.zone_en if language() == "en" else row.zone_sv


def status_text(row) -> str:  # noqa: ANN001
    text = f"{STATUS_MARKS.get(row.status, '·')} {_(STATUS_LABELS.get(row.status, row.status))}"
    if row.status == "open" and row.follow_up_by:
        text += f" → {_(FOLLOW_UP_LABELS.get(row.follow_up_by, row.follow_up_by))}"
    return text


def incident_entry(row, width: int) -> Text:  # noqa: ANN001
    """Two lines: when, severity, flags, type · where; status, reporter, the text. Flags are
    symbols up front (⚠ staff affected, ★ news) and words at the end of the line."""
    when = to_local(row.occurred_at)
    marks = ("⚠" if row.staff_affected else "") + ("★" if row.news else "")
    head = Text.assemble(
        (f"{when:%Y-%m-%d %H:%M}", "bold"),
        f"  {'▮' * row.severity}{'▯' * (4 - row.severity)} ",
        (f"{marks:<2} ", "bold"),
        (type_label(row), "bold"), f" · {zone_label(row)}")
    if row.staff_affected:
        head.append("  " + _("staff affected"), "bold")
    if row.news:
        head.append("  " + _("news"), "bold")
    body = Text(f"  {status_text(row)} · {row.reporter}")
    if row.changed:
        body.append(" · " + _("changed"))
    body.append("  " + (" ".join(row.description.split()) or _("(no description)")),
                style="dim")
    for line in (head, body):
        line.truncate(width, overflow="ellipsis")
    return Text("\n").join([head, body])


def _shown_value(field: str, value: str, names: dict[tuple[str, str], str]) -> str:
    if (field, value) in names:
        return names[field, value]
    if field == "occurred_at" and value:
        from datetime import datetime

        return format_datetime(to_local(datetime.fromisoformat(value)))
    if field == "actions":
        return ", ".join(action_label(code) for code in value.split(",") if code) or "–"
    if field == "severity" and value.isdigit():
        return f"{value} {_(SEVERITY_LABELS.get(int(value), ''))}"
    if field in ("staff_affected",):
        return _("yes") if value == "yes" else _("no")
    if field == "status":
        return _(STATUS_LABELS.get(value, value))
    if field == "kia_status":
        return _(KIA_LABELS.get(value, value)) if value else "–"
    if field == "follow_up_by":
        return _(FOLLOW_UP_LABELS.get(value, value)) if value else "–"
    return value or "–"


def detail_text(detail, choices=None) -> Text:  # noqa: ANN001
    """Everything about one incident, its history (who changed what, when) and follow-up.
    ``choices`` (db.incidents.Choices) names the types and zones in the history."""
    row = detail.row
    lang = language()
    names: dict[tuple[str, str], str] = {}
    if choices is not None:
        names.update({("type", c.code): c.label(lang) for c in choices.types})
        names.update({("zone", c.code): c.label(lang) for c in choices.zones})
    when = to_local(row.occurred_at)
    text = Text()
    text.append(_("Incident {id}").format(id=row.id), "bold underline")
    text.append(f"  {format_datetime(when)}  {type_label(row)} · {zone_label(row)}\n", "bold")
    lines = [
        (_("Severity"), severity_text(row.severity)),
        (_("Status"), status_text(row)),
        (_("Reported by"), row.reporter),
        (_("Actions"), ", ".join(action_label(a) for a in detail.actions) or "–"),
        (_("Police report"), row.police_report or "–"),
        (_("Staff affected"), _("yes – a work-environment report (KIA) is needed")
         if row.staff_affected else _("no")),
    ]
    if row.staff_affected:
        lines.append((_("KIA case"), f"{detail.kia_case or '–'} · "
                      f"{_(KIA_LABELS.get(row.kia_status or '', row.kia_status or '–'))}"))
    for label, value in lines:
        text.append(f"{label}: ", "bold")
        text.append(f"{value}\n")
    text.append(_("What happened") + ":\n", "bold")
    text.append("  " + (row.description or _("(no description)")) + "\n")
    text.append("\n" + _("What happened next") + "\n", "bold underline")
    if not detail.notes:
        text.append("  " + _("No follow-up yet.") + "\n", "dim")
    for note in detail.notes:
        text.append(f"  {format_datetime(to_local(note.at))} {note.by} "
                    f"({_(NOTE_KINDS.get(note.kind, note.kind))}): ", "bold")
        text.append(note.text + "\n")
    text.append("\n" + _("History") + "\n", "bold underline")
    for revision in detail.revisions:
        at = format_datetime(to_local(revision.at))
        if not revision.changes:
            text.append("  " + _("rev {n} · {at} · {who}: recorded").format(
                n=revision.revision, at=at, who=revision.by) + "\n")
            continue
        changes = "; ".join(
            f"{_(FIELD_LABELS.get(field, field))}: {_shown_value(field, before, names)} → "
            f"{_shown_value(field, after, names)}" for field, before, after in revision.changes)
        text.append("  " + _("rev {n} · {at} · {who} changed: {changes}").format(
            n=revision.revision, at=at, who=revision.by, changes=changes) + "\n")
    return text
