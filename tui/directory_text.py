"""How services read on screen and on a slip: open status, hit lines and details.

Everything is said in words or symbols as well as colour (● open, ○ closed, ? no hours),
so it reads on 16-colour thin clients and with NO_COLOR.
"""

from __future__ import annotations

from datetime import date, datetime

from rich.text import Text

from db.records import OpenStatus, ServiceDoc
from tui.i18n import N_, _, format_time, translate, weekday_name, weekday_short

METHOD_LABELS = {
    "information": N_("Information"),
    "called": N_("Called together"),
    "booked": N_("Booked a time"),
    "accompanied": N_("Accompanied"),
}
VISITOR_LANGUAGE_LABELS = {
    "sv": N_("Swedish"), "en": N_("English"), "ar": N_("Arabic"), "so": N_("Somali"),
    "ti": N_("Tigrinya"), "fa": N_("Persian"), "prs": N_("Dari"), "ps": N_("Pashto"),
    "ku": N_("Kurdish"), "tr": N_("Turkish"), "uk": N_("Ukrainian"), "ru": N_("Russian"),
    "pl": N_("Polish"), "ro": N_("Romanian"), "bg": N_("Bulgarian"), "rom": N_("Romani"),
    "bs": N_("Bosnian/Croatian/Serbian"), "sq": N_("Albanian"), "es": N_("Spanish"),
    "fr": N_("French"), "de": N_("German"), "fi": N_("Finnish"), "th": N_("Thai"),
    "am": N_("Amharic"), "zh": N_("Chinese"), "other": N_("Other language"),
}
OUTREACH_LABELS = {
    "greeted": N_("Greeted"),
    "conversation": N_("Conversation"),
    "guided": N_("Guided onward"),
}


def _when(moment: datetime, now: datetime) -> str:
    if moment.date() == now.date():
        return format_time(moment)
    if (moment.date() - now.date()).days == 1:
        return _("tomorrow {time}").format(time=format_time(moment))
    return f"{weekday_short(moment)} {format_time(moment)}"


def status_text(status: OpenStatus, now: datetime) -> str:
    """"● open, closes 22:00" / "○ closed, opens 21:00" / "? no hours given"."""
    if status.open is None:
        return "? " + _("no hours given")
    if status.open:
        if status.round_the_clock or status.changes_at is None:
            return "● " + _("open round the clock")
        return "● " + _("open, closes {time}").format(time=_when(status.changes_at, now))
    if status.changes_at is None:
        return "○ " + _("closed")
    return "○ " + _("closed, opens {time}").format(time=_when(status.changes_at, now))


def status_style(status: OpenStatus) -> str:
    return "bold" if status.open else ("dim" if status.open is False else "")


def for_whom(doc: ServiceDoc) -> str:
    parts = [doc.eligibility] if doc.eligibility else []
    if doc.minimum_age is not None and doc.maximum_age is not None:
        parts.append(_("age {low}–{high}").format(low=doc.minimum_age, high=doc.maximum_age))
    elif doc.minimum_age is not None:
        parts.append(_("from age {age}").format(age=doc.minimum_age))
    elif doc.maximum_age is not None:
        parts.append(_("up to age {age}").format(age=doc.maximum_age))
    return "; ".join(parts) or _("not stated")


def id_needed(doc: ServiceDoc) -> str:
    if doc.required_documents:
        return ", ".join(doc.required_documents)
    return _("not stated")


def verified_text(doc: ServiceDoc, today: date) -> str:
    from db.directory import is_stale

    if doc.assured_date is None:
        return "⚠ " + _("never verified")
    text = doc.assured_date.isoformat()
    if is_stale(doc.assured_date, today):
        return "⚠ " + _("{date} (more than 6 months ago)").format(date=text)
    return text


def hit_lines(doc: ServiceDoc, status: OpenStatus, now: datetime, number: int,
              width: int = 78) -> Text:
    """Two lines per hit in the result list (three with an alert), cut to ``width``."""
    head = Text.assemble((f"{number:>2}. ", "dim"), (doc.name, "bold"))
    if doc.organization:
        head.append(f" — {doc.organization}", "dim")
    facts = [status_text(status, now)]
    if doc.phones:  # the phone before the address: a cut line must keep the number
        facts.append("☎ " + doc.phones[0])
    if doc.address:
        facts.append(doc.address)
    line = Text("    " + " · ".join(facts))
    line.stylize(status_style(status), 4, 4 + len(facts[0]))
    lines = [head, line]
    if doc.alert:
        lines.append(Text("    ⚠ " + doc.alert))
    for text in lines:
        text.truncate(max(width, 10), overflow="ellipsis")
    return Text("\n").join(lines)


def summary_lines(doc: ServiceDoc, today: date) -> list[tuple[str, str]]:
    """The facts a person reads aloud: label and value."""
    rows = [
        (_("For"), for_whom(doc)),
        (_("ID needed"), id_needed(doc)),
        (_("Cost"), doc.fees or _("not stated")),
        (_("Languages"), ", ".join(doc.languages) or _("not stated")),
        (_("Verified"), verified_text(doc, today)),
    ]
    if doc.alert:
        rows.insert(0, ("⚠ " + _("Note"), doc.alert))
    return rows


def slip_text(doc: ServiceDoc, week: list[tuple[date, list]], lang: str) -> str:
    """A handout slip in plain words, in Swedish or English (whatever the UI language)."""

    def t(message: str) -> str:
        return translate(message, lang)

    lines = [doc.name]
    if doc.organization:
        lines.append(doc.organization)
    lines.append("")
    if doc.address:
        lines.append(f"{t('Address')}: {doc.address}")
    for phone in doc.phones:
        lines.append(f"{t('Phone')}: {phone}")
    lines.append("")
    lines.append(t("Opening hours this week") + ":")
    if not any(intervals for _day, intervals in week):
        lines.append("  " + t("Ask by phone: no hours given."))
    for day, intervals in week:
        hours = ", ".join(f"{a:%H:%M}–{b:%H:%M}" for a, b in intervals) or t("closed")
        lines.append(f"  {weekday_name(day, lang).capitalize():<9} {day:%d/%m}  {hours}")
    if doc.eligibility:
        lines += ["", f"{t('For')}: {doc.eligibility}"]
    if doc.fees:
        lines.append(f"{t('Cost')}: {doc.fees}")
    if doc.required_documents:
        lines.append(f"{t('Bring')}: {', '.join(doc.required_documents)}")
    if doc.alert:
        lines += ["", f"{t('Note')}: {doc.alert}"]
    return "\n".join(lines) + "\n"


def copy_fact(screen, text: str) -> None:  # noqa: ANN001 - a Textual screen
    """Copy a phone number or an address to the terminal's clipboard (OSC 52)."""
    if text:
        screen.app.copy_to_clipboard(text)
        screen.notify(_("Copied: {text}").format(text=text))
