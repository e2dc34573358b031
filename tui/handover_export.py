"""A shift's handover as plain text and as PDF, for the binder some libraries keep."""

from __future__ import annotations

from pathlib import Path

from db.clock import to_local
from tui.handover_text import CATEGORY_LABELS, PRIORITY_LABELS, summary_text
from tui.i18n import _, format_datetime


def handover_text(handover) -> str:  # noqa: ANN001 - db.handover.ShiftHandover
    """Summary, then every note with its priority, author, time, follow-up and readers."""
    lines = [_("Handover — {branch}").format(branch=handover.branch_name), "",
             summary_text(handover.summary), ""]
    if not handover.notes:
        lines.append(_("No notes in force at the end of the shift."))
    for note in handover.notes:
        lines.append(f"[{_(PRIORITY_LABELS[note.priority])}] {_(CATEGORY_LABELS[note.category])}"
                     f" — {format_datetime(to_local(note.created_at))} {note.author}"
                     + (" — " + _("pinned") if note.pinned else ""))
        lines.append(f"  {note.text}")
        lines.append("  " + _("read by: {who}").format(who=", ".join(note.read_by) or "–"))
        task = note.follow_up
        if task is not None:
            state = (_("done by {who}: {comment}").format(who=task.done_by,
                                                           comment=task.done_comment)
                     if task.done_at else _("open"))
            lines.append("  " + _("Follow-up ({owner}): {state}").format(owner=task.owner,
                                                                         state=state))
        lines.append("")
    return "\n".join(lines).rstrip() + "\n"


def _latin1(text: str) -> str:
    """PDF core fonts carry Latin-1 (å, ä, ö, é are there); other symbols become '?'."""
    return text.replace("–", "-").replace("—", "-").replace("·", "-").encode(
        "latin-1", "replace").decode("latin-1")


def write_pdf(text: str, path: Path) -> None:
    from fpdf import FPDF

    pdf = FPDF(format="A4")
    pdf.set_auto_page_break(auto=True, margin=15)
    pdf.add_page()
    title, _sep, body = text.partition("\n")
    pdf.set_font("Helvetica", "B", 14)
    pdf.multi_cell(0, 8, _latin1(title), new_x="LMARGIN", new_y="NEXT")
    pdf.set_font("Helvetica", "", 10)
    for line in body.splitlines():
        pdf.multi_cell(0, 5, _latin1(line) or " ", new_x="LMARGIN", new_y="NEXT")
    pdf.output(str(path))


def export(handover, folder: Path, stem: str) -> tuple[Path, Path]:  # noqa: ANN001
    """Write ``stem``.txt and ``stem``.pdf into ``folder``; return both paths."""
    folder.mkdir(parents=True, exist_ok=True)
    text = handover_text(handover)
    text_path, pdf_path = folder / f"{stem}.txt", folder / f"{stem}.pdf"
    text_path.write_text(text, encoding="utf-8")
    write_pdf(text, pdf_path)
    return text_path, pdf_path
