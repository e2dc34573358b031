"""The incident report for the safety group and the culture board: CSV (one file, long form)
and XLSX (one sheet per table), headed in Swedish or English.

The data layer has no gettext, so the few headings live here in both languages.
"""

from __future__ import annotations

import csv
import os
import tempfile
from collections.abc import Iterator
from pathlib import Path

from db.errors import N_, LotsenError, ValidationError
from db.incident_stats import IncidentStats

LANGUAGES = ("sv", "en")
FORMATS = ("csv", "xlsx")

HEADINGS: dict[str, dict[str, str]] = {
    "sv": {
        "section": "avsnitt", "key": "nyckel", "count": "antal",
        "summary": "Sammanfattning", "by_type": "Per typ", "by_category": "Per kategori",
        "by_zone": "Per plats", "heatmap": "Veckodag och timme", "weekly": "Per vecka",
        "referrals_by_need": "Hänvisningar per behov",
        "referrals_by_service": "Hänvisningar per tjänst",
        "from": "Från och med", "to": "Till och med", "branch": "Filial",
        "all_branches": "Alla filialer", "days": "Dagar", "incidents": "Händelser",
        "referrals": "Hänvisningar", "type": "Typ", "category": "Kategori", "zone": "Plats",
        "weekday": "Veckodag", "hour": "Timme", "total": "Totalt", "week": "Vecka",
        "week_start": "Veckan börjar", "need": "Behov", "service": "Tjänst",
        "no_need": "(inget behov angivet)",
        "visitor": "Besökare", "property": "Egendom", "accident": "Olycka", "risk": "Risk",
        "title": "Händelser och hänvisningar",
    },
    "en": {
        "section": "section", "key": "key", "count": "count",
        "summary": "Summary", "by_type": "By type", "by_category": "By category",
        "by_zone": "By zone", "heatmap": "Weekday and hour", "weekly": "By week",
        "referrals_by_need": "Referrals by need",
        "referrals_by_service": "Referrals by service",
        "from": "From", "to": "To (inclusive)", "branch": "Branch",
        "all_branches": "All branches", "days": "Days", "incidents": "Incidents",
        "referrals": "Referrals", "type": "Type", "category": "Category", "zone": "Zone",
        "weekday": "Weekday", "hour": "Hour", "total": "Total", "week": "Week",
        "week_start": "Week starts", "need": "Need", "service": "Service",
        "no_need": "(no need given)",
        "visitor": "Visitors", "property": "Property", "accident": "Accidents", "risk": "Risks",
        "title": "Incidents and referrals",
    },
}
WEEKDAYS = {"sv": ("mån", "tis", "ons", "tor", "fre", "lör", "sön"),
            "en": ("Mon", "Tue", "Wed", "Thu", "Fri", "Sat", "Sun")}


def _words(lang: str) -> dict[str, str]:
    if lang not in LANGUAGES:
        raise ValidationError(N_("the report language is sv or en, not {lang}"), field="lang",
                              lang=str(lang)[:10])
    return HEADINGS[lang]


def category_label(category: str, lang: str) -> str:
    return HEADINGS.get(lang, HEADINGS["sv"]).get(category, category)


def week_label(stats_week) -> str:  # noqa: ANN001 - a WeekCount
    year, week = stats_week.iso_week
    return f"{year}-W{week:02d}"


def tables(stats: IncidentStats, lang: str) -> list[tuple[str, list[str], list[list]]]:
    """The report as (section key, column headings, rows), the summary first."""
    w = _words(lang)
    days = WEEKDAYS[lang]
    need_text = {"": w["no_need"]}
    return [
        ("summary", [w["key"], w["count"]], [
            [w["from"], stats.start.isoformat()],
            [w["to"], stats.end.isoformat()],
            [w["days"], stats.days],
            [w["branch"], stats.branch_name or w["all_branches"]],
            [w["incidents"], stats.total],
            [w["referrals"], stats.referrals_total],
        ]),
        ("by_type", [w["type"], w["category"], w["count"]],
         [[t.label(lang), category_label(t.category, lang), t.count] for t in stats.by_type]),
        ("by_category", [w["category"], w["count"]],
         [[category_label(c.category, lang), c.count] for c in stats.by_category]),
        ("by_zone", [w["zone"], w["count"]],
         [[z.label(lang), z.count] for z in stats.by_zone]),
        ("heatmap", [w["weekday"], *(f"{hour:02d}" for hour in range(24)), w["total"]],
         [[days[weekday], *row, sum(row)] for weekday, row in enumerate(stats.heatmap)]),
        ("weekly", [w["week"], w["week_start"], w["count"]],
         [[week_label(week), week.week_start.isoformat(), week.count]
          for week in stats.weekly]),
        ("referrals_by_need", [w["need"], w["count"]],
         [[need_text.get(n.name) or n.label(lang), n.count] for n in stats.referrals_by_need]),
        ("referrals_by_service", [w["service"], w["count"]],
         [[n.name, n.count] for n in stats.referrals_by_service]),
    ]


def long_rows(stats: IncidentStats, lang: str) -> Iterator[tuple[str, str, object]]:
    """The report in long form: (section, key, count), one line per number."""
    w = _words(lang)
    days = WEEKDAYS[lang]
    for section, _headings, rows in tables(stats, lang):
        title = w[section]
        if section == "heatmap":
            for weekday, row in enumerate(stats.heatmap):
                for hour, count in enumerate(row):
                    yield title, f"{days[weekday]} {hour:02d}", count
        elif section == "by_type":
            for label, _category, count in rows:
                yield title, label, count
        elif section == "weekly":
            for week, starts, count in rows:
                yield title, f"{week} ({starts})", count
        else:
            for key, value in rows:
                yield title, key, value


def _target(path: str | os.PathLike[str]) -> Path:
    target = Path(path).expanduser()
    if target.is_dir():
        raise LotsenError(N_("cannot write {path}: it is a folder"), path=str(target))
    folder = target.parent if str(target.parent) else Path(".")
    if not folder.is_dir():
        raise LotsenError(N_("cannot write {path}: the folder {folder} does not exist"),
                          path=str(target), folder=str(folder))
    return target


def _write_atomically(target: Path, write) -> Path:  # noqa: ANN001 - write(Path) -> None
    """Write into a temporary file beside ``target``, then move it into place: a failure
    leaves no half-written report."""
    try:
        handle, temporary = tempfile.mkstemp(prefix=f".{target.name}.", dir=target.parent)
        os.close(handle)
    except OSError as exc:
        raise LotsenError(N_("cannot write {path}: {reason}"), path=str(target),
                          reason=exc.strerror or str(exc)) from None
    try:
        write(Path(temporary))
        os.replace(temporary, target)
    except OSError as exc:
        Path(temporary).unlink(missing_ok=True)
        raise LotsenError(N_("cannot write {path}: {reason}"), path=str(target),
                          reason=exc.strerror or str(exc)) from None
    except BaseException:
        Path(temporary).unlink(missing_ok=True)
        raise
    return target


def write_csv(stats: IncidentStats, path: str | os.PathLike[str], lang: str = "sv") -> Path:
    """One CSV file (UTF-8 with BOM, so that Excel shows å, ä, ö): a header row, then
    (section, key, count) lines."""
    w = _words(lang)
    target = _target(path)

    def write(file: Path) -> None:
        with file.open("w", encoding="utf-8-sig", newline="") as handle:
            writer = csv.writer(handle)
            writer.writerow([w["section"], w["key"], w["count"]])
            writer.writerows(long_rows(stats, lang))

    return _write_atomically(target, write)


def write_xlsx(stats: IncidentStats, path: str | os.PathLike[str], lang: str = "sv") -> Path:
    """An XLSX workbook: a summary sheet with the period, then one sheet per table."""
    from openpyxl import Workbook
    from openpyxl.styles import Font
    from openpyxl.utils import get_column_letter

    w = _words(lang)
    target = _target(path)
    book = Workbook()
    book.remove(book.active)
    bold = Font(bold=True)
    for section, headings, rows in tables(stats, lang):
        sheet = book.create_sheet(w[section][:31])
        if section == "summary":
            sheet.append([w["title"]])
            sheet["A1"].font = Font(bold=True, size=14)
            sheet.append([])
        sheet.append(headings)
        for cell in sheet[sheet.max_row]:
            cell.font = bold
        sheet.freeze_panes = sheet.cell(row=sheet.max_row + 1, column=1)
        for row in rows:
            sheet.append(row)
            for cell in sheet[sheet.max_row]:
                if isinstance(cell.value, str):
                    # Names come from imports and staff: a leading "=" is text, never a formula.
                    cell.data_type = "s"
        for index, heading in enumerate(headings, start=1):
            values = [heading, *(row[index - 1] for row in rows)]
            width = max(len(str(v)) for v in values) + 2
            sheet.column_dimensions[get_column_letter(index)].width = \
                min(60, max(5 if section == "heatmap" else 10, width))
    return _write_atomically(target, lambda file: book.save(file))
