"""How handover notes and the shift summary read on screen: priority and state in words and
symbols, never colour alone."""

from __future__ import annotations

from datetime import datetime

from rich.text import Text

from db.clock import to_local
from tui.i18n import N_, _, format_time, language
from tui.needs import need_label

CATEGORY_LABELS = {
    "situation": N_("Current situation"),
    "watch": N_("Keep an eye on"),
    "premises": N_("Premises and equipment"),
    "followup": N_("Follow-up"),
    "info": N_("Information"),
}
PRIORITY_LABELS = {
    "urgent": N_("URGENT"),
    "important": N_("Important"),
    "normal": N_("Normal"),
}
PRIORITY_MARKS = {"urgent": "‼", "important": "!", "normal": "·"}


def note_entry(note, on_shift: tuple[str, ...], now: datetime, width: int) -> Text:  # noqa: ANN001
    """Three lines: priority, category, time and author; the text; who has read it."""
    when = to_local(note.created_at)
    day = "" if when.date() == now.date() else f"{when:%d/%m} "
    head = Text.assemble(
        (f"{PRIORITY_MARKS[note.priority]} {_(PRIORITY_LABELS[note.priority])}",
         "bold" if note.priority != "normal" else ""),
        f" · {_(CATEGORY_LABELS[note.category])} · {day}{format_time(when)} {note.author}")
    if note.pinned:
        head.append(" · " + _("pinned"))
    if note.changed_since_read:
        head.append(" · " + _("changed since you read it"), "bold")
    elif not note.mine_read:
        head.append(" · " + _("new"), "bold")
    body = Text("  " + " ".join(note.text.split()))
    unread = [i for i in on_shift if i not in note.read_by]
    status = _("read by: {who}").format(who=", ".join(note.read_by) or "–")
    if unread:
        status += " · " + _("not yet: {who}").format(who=", ".join(unread))
    if note.follow_up is not None:
        task = note.follow_up
        if task.done_at is not None:
            status += " · " + _("✓ done by {who}: {comment}").format(
                who=task.done_by, comment=task.done_comment)
        else:
            status += " · " + _("☐ follow-up: {owner}").format(owner=task.owner)
            if task.due_date is not None:
                status += " " + _("by {date}").format(date=task.due_date.isoformat())
    if note.incidents:
        status += " · " + _("incidents: {ids} (o opens)").format(
            ids=", ".join(str(i) for i in note.incidents))
    tail = Text("  " + status, style="dim")
    for line in (head, body, tail):
        line.truncate(width, overflow="ellipsis")
    return Text("\n").join([head, body, tail])


def incidents_text(incidents: tuple[tuple[str, str, int], ...]) -> str:
    """" · Incidents: 2 (Threat 1, Violence 1)" — empty when there were none."""
    if not incidents:
        return ""
    english = language() == "en"
    kinds = ", ".join(f"{en if english else sv} {n}" for sv, en, n in incidents)
    return " · " + _("Incidents: {count} ({kinds})").format(
        count=sum(n for _sv, _en, n in incidents), kinds=kinds)


def summary_text(summary, previous: bool = True) -> str:  # noqa: ANN001
    """Three lines counted from the data; ``previous`` says "previous shift" in the title."""
    if summary is None:
        return _("No earlier shift to summarise.")
    start, end = to_local(summary.start), to_local(summary.end)
    needs = ", ".join(f"{need_label(need) if need else _('not stated')} {count}"
                      for need, count in summary.referrals_by_need)
    title = (_("Previous shift: {name} {start}–{end}") if previous
             else _("Shift: {name} {day} {start}–{end}"))
    lines = [
        title.format(name=summary.name, day=f"{start:%Y-%m-%d}", start=format_time(start),
                     end=format_time(end))
        + " · " + _("outreach contacts: {count}").format(count=summary.outreach),
        _("Referrals: {count}").format(count=summary.referrals) + (f" ({needs})" if needs else ""),
        _("Notes: {notes} · follow-ups opened {opened}, done {closed}").format(
            notes=summary.notes_written, opened=summary.follow_ups_opened,
            closed=summary.follow_ups_closed) + incidents_text(summary.incidents)
        + (" · " + _("desk alerts: {count}").format(count=summary.alerts)
           if summary.alerts else ""),
    ]
    return "\n".join(lines)
