"""F5 Statistics: incidents by type, zone, weekday × hour and week, the municipal categories,
and the anonymous referrals of the same period; CSV and XLSX for the culture board.

Charts are drawn with textual-plotext; every number is also written out as text, so the
screen reads without colour on a 16-colour thin client at 80×24.
"""

from __future__ import annotations

from calendar import monthrange
from dataclasses import dataclass
from functools import cache
from datetime import date, timedelta
from typing import Any

from rich.text import Text
from textual import work
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Horizontal, VerticalScroll
from textual.screen import Screen
from textual.widget import Widget
from textual.widgets import Static

from tui.i18n import N_, _, error_text, format_decimal, language
from tui.widgets.footer import LotsenFooter
from tui.widgets.form import Field
from tui.widgets.form_dialog import FormDialog
from tui.widgets.header import LotsenHeader

CATEGORY_LABELS = {
    "visitor": N_("visitors"),
    "property": N_("property"),
    "accident": N_("accidents"),
    "risk": N_("risks"),
}
WEEKDAYS_SHORT = (N_("Mon"), N_("Tue"), N_("Wed"), N_("Thu"), N_("Fri"), N_("Sat"), N_("Sun"))
SHADES = " ░▒▓█"
TOP = 10  # lines of a referral table
CHART_BARS = 9  # bars that fit a 12-line bar chart (its frame and axis take three lines)


def chart(**options: Any) -> Widget:
    """A chart (textual-plotext, imported when the screen is first shown: F1 help imports
    this module for its keys at every desk, and plotext weighs some 1.5 MiB)."""
    return _chart_class()(**options)


@cache
def _chart_class() -> type[Widget]:
    from textual_plotext import PlotextPlot

    class Chart(PlotextPlot):
        """A PlotextPlot that lets go of the app when it goes. PlotextPlot subscribes to
        the app's theme signal on mount and never unsubscribes; the subscription's
        callback holds the widget, so every statistics screen ever shown (each sign-in of
        another person builds one) would stay in memory with its charts."""

        def on_unmount(self) -> None:
            self.app.theme_changed_signal.unsubscribe(self)

    return Chart


@dataclass(frozen=True)
class Period:
    kind: str  # month, year, custom
    start: date
    end: date

    @property
    def days(self) -> int:
        return (self.end - self.start).days + 1

    def step(self, direction: int) -> Period:
        """The period before (-1) or after (1) this one, of the same kind."""
        if self.kind == "month":
            first = self.start.replace(day=1)
            if direction < 0:
                first = (first - timedelta(days=1)).replace(day=1)
            else:
                first = (first + timedelta(days=32)).replace(day=1)
            return Period("month", first, first.replace(day=monthrange(first.year,
                                                                       first.month)[1]))
        if self.kind == "year":
            return Period("year", _years(self.start, direction), _years(self.end, direction))
        shift = timedelta(days=self.days * direction)
        return Period("custom", self.start + shift, self.end + shift)


def _years(day: date, years: int) -> date:
    try:
        return day.replace(year=day.year + years)
    except ValueError:  # 29 February
        return day.replace(year=day.year + years, day=28)


def this_month(today: date) -> Period:
    return Period("month", today.replace(day=1), today)


def last_twelve_months(today: date) -> Period:
    return Period("year", _years(today, -1) + timedelta(days=1), today)


def heatmap_lines(heatmap: tuple[tuple[int, ...], ...], width: int = 76) -> list[str]:
    """The weekday × hour grid as text, within ``width`` columns: numbers when they fit,
    else shades (legend below). Hours with nothing at either end of the day are left out."""
    peak = max((max(row) for row in heatmap), default=0)
    hours = [hour for hour in range(24) if any(row[hour] for row in heatmap)]
    hours = list(range(min(hours), max(hours) + 1)) if hours else list(range(8, 21))
    cell = 3 if 4 + 3 * len(hours) + 7 <= width else 2
    numbers = peak <= (99 if cell == 3 else 9)
    if cell == 3:
        header = ["    " + "".join(f"{hour:>3}" for hour in hours) + "  " + _("total")]
    else:  # two lines: tens above units
        header = ["    " + "".join(f"{hour // 10 or ' ':>2}" for hour in hours),
                  "    " + "".join(f"{hour % 10:>2}" for hour in hours) + "  " + _("total")]
    lines = header
    for weekday, row in enumerate(heatmap):
        cells = []
        for hour in hours:
            count = row[hour]
            if numbers:
                cells.append(f"{count:>{cell}}" if count else " " * (cell - 1) + "·")
            else:
                level = 0 if not count else 1 + min(3, (count * 4 - 1) // peak)
                cells.append(" " * (cell - 1) + SHADES[level] if cell == 2
                             else " " + SHADES[level] * 2)
        lines.append(f"{_(WEEKDAYS_SHORT[weekday]):<4}" + "".join(cells)
                     + f"  {sum(row):>5}")
    if not numbers:
        lines.append(_("░ up to ¼ of the busiest hour, ▒ ½, ▓ ¾, █ more (busiest: {peak})")
                     .format(peak=peak))
    return lines


def count_lines(rows: list[tuple[str, int]], limit: int | None = None) -> list[str]:
    """Label and count, the counts aligned; the rest summed in one line."""
    shown = rows[:limit] if limit else rows
    width = max((len(str(count)) for _label, count in rows), default=1)
    lines = [f"{count:>{width}}  {label}" for label, count in shown]
    rest = rows[len(shown):]
    if rest:
        lines.append(_("…and {count} more ({total})").format(
            count=len(rest), total=sum(count for _label, count in rest)))
    return lines or [_("none")]


class PeriodDialog(FormDialog):
    """Choose the first and the last day of the period."""

    ERROR_FIELDS = {"period": "start"}

    def __init__(self, period: Period) -> None:
        super().__init__()
        self.period = period
        self.chosen: Period | None = None

    def form_title(self) -> str:
        return _("Statistics for the period")

    def hint(self) -> str:
        return _("Dates as YYYY-MM-DD, both days included. Ctrl+S shows, Esc cancels.")

    def build_fields(self) -> list[Widget]:
        return [Field("start", _("From"), self.period.start.isoformat(), max_length=10,
                      restrict=r"[0-9-]*"),
                Field("end", _("To (included)"), self.period.end.isoformat(), max_length=10,
                      restrict=r"[0-9-]*")]

    def save(self, values: dict[str, str]) -> Any:
        from db.errors import ValidationError
        from tui.screens.note_form import parse_day

        start = parse_day(values.get("start", ""), "start")
        end = parse_day(values.get("end", ""), "end")
        if start is None:
            raise ValidationError(N_("this field is needed"), field="start")
        if end is None:
            raise ValidationError(N_("this field is needed"), field="end")
        if start > end:
            raise ValidationError(N_("the period ends before it starts"), field="end")
        from db.incident_stats import check_period

        check_period(start, end)  # e.g. year 9999: said at the field, before any query
        self.chosen = Period("custom", start, end)
        return self.chosen

    def saved_message(self, result: Any) -> str:
        return _("Period: {start} – {end}").format(start=result.start, end=result.end)


class StatisticsScreen(Screen[None]):
    TITLE = N_("Statistics")
    AUTO_FOCUS = "#statistics-body"
    BINDINGS = [
        Binding("m", "month", N_("This month"), id="statistics.month"),
        Binding("y", "year", N_("12 months"), id="statistics.year"),
        Binding("p", "period", N_("Period"), id="statistics.period"),
        Binding("left", "step(-1)", N_("Earlier"), priority=True, show=False,
                id="statistics.earlier"),
        Binding("right", "step(1)", N_("Later"), priority=True, show=False,
                id="statistics.later"),
        Binding("b", "branches", N_("Branch/all"), id="statistics.branches"),
        Binding("x", "export", N_("Export"), id="statistics.export"),
    ]

    def __init__(self) -> None:
        super().__init__()
        self.period: Period | None = None
        self.all_branches = False
        self.stats = None  # db.incident_stats.IncidentStats

    def compose(self) -> ComposeResult:
        yield LotsenHeader()
        yield Static(id="statistics-title")
        with VerticalScroll(id="statistics-body"):
            yield Static(id="statistics-summary", classes="statistics-text")
            yield Static(classes="statistics-heading", id="statistics-type-heading")
            with Horizontal(classes="statistics-row"):
                yield chart(id="statistics-type-chart", classes="statistics-chart")
                yield Static(id="statistics-type-counts", classes="statistics-counts")
            yield Static(classes="statistics-heading", id="statistics-zone-heading")
            with Horizontal(classes="statistics-row"):
                yield chart(id="statistics-zone-chart", classes="statistics-chart")
                yield Static(id="statistics-zone-counts", classes="statistics-counts")
            yield Static(classes="statistics-heading", id="statistics-heatmap-heading")
            yield Static(id="statistics-heatmap", classes="statistics-text")
            yield Static(classes="statistics-heading", id="statistics-weekly-heading")
            yield chart(id="statistics-weekly-chart", classes="statistics-wide-chart")
            yield Static(id="statistics-weekly-text", classes="statistics-text")
            yield Static(classes="statistics-heading", id="statistics-referral-heading")
            with Horizontal(classes="statistics-referrals"):
                yield Static(id="statistics-needs", classes="statistics-half")
                yield Static(id="statistics-services", classes="statistics-half")
        yield LotsenFooter()

    def on_mount(self) -> None:
        self.period = this_month(self.today())
        self.refresh_texts()

    def on_screen_resume(self) -> None:
        self.load()

    def incidents_changed(self) -> None:
        """An incident was recorded or changed at some desk (live update)."""
        if self.is_current:
            self.load()

    def today(self) -> date:
        return self.app.now().date()  # type: ignore[attr-defined]

    def refresh_texts(self) -> None:
        self._show_title()
        if self.stats is not None:
            self._show(self.stats)
        self.load()

    # ----------------------------------------------------------------- loading
    def branch_id(self) -> int | None:
        context = self.app.context  # type: ignore[attr-defined]
        if self.all_branches or context is None:
            return None
        return context.branch_id

    @work(thread=True, exclusive=True, group="statistics-load")
    def load(self) -> None:
        from db.errors import LotsenError
        from db.incident_stats import statistics

        app = self.app
        database = app.database  # type: ignore[attr-defined]
        period = self.period
        if database is None or period is None:
            return
        try:
            stats = statistics(database, period.start, period.end, self.branch_id())
        except LotsenError as exc:
            app.call_from_thread(self.notify, error_text(exc), severity="error")
            return
        app.call_from_thread(self._loaded, stats)

    def _loaded(self, stats) -> None:  # noqa: ANN001
        if self.period is None or (stats.start, stats.end) != (self.period.start,
                                                                 self.period.end):
            return  # an older period's figures, overtaken by a newer key press
        self.stats = stats
        self._show(stats)

    # ----------------------------------------------------------------- showing
    def _period_text(self) -> str:
        period = self.period
        if period is None:
            return ""
        names = {"month": _("month"), "year": _("12 months"), "custom": _("period")}
        text = _("{start} – {end} ({days} days, {kind})").format(
            start=period.start.isoformat(), end=period.end.isoformat(), days=period.days,
            kind=names[period.kind])
        if period.end > self.today():
            text += " · " + _("the period is not over")
        return text

    def _show_title(self) -> None:
        context = self.app.context  # type: ignore[attr-defined]
        where = _("all branches") if self.all_branches or context is None \
            else context.branch_name
        title = Text(_("Incidents"), style="bold underline")
        title.append(f"  {self._period_text()} · {where}")
        title.append("  ← →", style="dim")
        self.query_one("#statistics-title", Static).update(title)
        for widget_id, heading in (
                ("type", _("By type")), ("zone", _("By zone")),
                ("heatmap", _("Weekday and hour (local time)")),
                ("weekly", _("By week")), ("referral", _("Referrals in the same period"))):
            self.query_one(f"#statistics-{widget_id}-heading", Static).update(
                Text(heading, style="bold"))

    def _show(self, stats) -> None:  # noqa: ANN001
        lang = language()
        self._show_title()
        categories = " · ".join(f"{_(CATEGORY_LABELS.get(c.category, c.category))} {c.count}"
                                for c in stats.by_category)
        summary = [
            _("{count} incidents, {referrals} referrals").format(
                count=stats.total, referrals=stats.referrals_total),
            _("By category: {categories}").format(categories=categories),
        ]
        self.query_one("#statistics-summary", Static).update("\n".join(summary))

        types = [(t.label(lang), t.count) for t in stats.by_type]
        self._bars("#statistics-type-chart", [t for t in types if t[1]])
        self.query_one("#statistics-type-counts", Static).update(Text(
            "\n".join(count_lines([t for t in types if t[1]]) if stats.total else [_("none")])))
        zones = [(z.label(lang), z.count) for z in stats.by_zone]
        self._bars("#statistics-zone-chart", [z for z in zones if z[1]])
        self.query_one("#statistics-zone-counts", Static).update(Text(
            "\n".join(count_lines([z for z in zones if z[1]]) if stats.total else [_("none")])))

        grid = self.query_one("#statistics-heatmap", Static)
        width = grid.content_size.width or self.app.size.width - 4
        grid.update("\n".join(heatmap_lines(stats.heatmap, width)))
        self._weekly(stats)

        needs = [(n.label(lang) if n.name else _("no need given"), n.count)
                 for n in stats.referrals_by_need]
        services = [(n.name, n.count) for n in stats.referrals_by_service]
        self.query_one("#statistics-needs", Static).update(
            Text(_("By need"), style="underline") + "\n" + "\n".join(count_lines(needs, TOP)))
        self.query_one("#statistics-services", Static).update(
            Text(_("By service"), style="underline") + "\n"
            + "\n".join(count_lines(services, TOP)))

    def _bars(self, selector: str, rows: list[tuple[str, int]]) -> None:
        chart: Any = self.query_one(selector)
        plt = chart.plt
        plt.clear_data()
        plt.clear_figure()
        if rows:
            # The biggest on top, no more than fit: plotext squeezes more bars into fewer
            # lines by dropping some of them (which ones varies from run to run). The counts
            # beside the chart list every row.
            ordered = list(reversed(rows[:CHART_BARS]))
            plt.bar([label[:14] for label, _count in ordered], [c for _l, c in ordered],
                    orientation="horizontal", width=0.6, marker="█")
        chart.refresh()

    def _weekly(self, stats) -> None:  # noqa: ANN001
        chart: Any = self.query_one("#statistics-weekly-chart")
        plt = chart.plt
        plt.clear_data()
        plt.clear_figure()
        weeks = stats.weekly
        counts = [w.count for w in weeks]
        labels = [f"v{w.iso_week[1]}" for w in weeks]
        if len(weeks) <= 16:
            plt.bar(labels, counts, marker="█")
        else:
            positions = list(range(1, len(weeks) + 1))
            plt.plot(positions, counts, marker="braille")
            every = max(1, len(weeks) // 6)
            ticks = positions[::every]
            plt.xticks(ticks, [f"{weeks[i - 1].week_start:%Y-%m}" for i in ticks])
        chart.refresh()
        if weeks:
            busiest = max(weeks, key=lambda w: w.count)
            empty = sum(1 for w in weeks if not w.count)
            text = _("{weeks} weeks, on average {mean} a week; the most in week {week} "
                     "({count}); {empty} weeks without incidents").format(
                weeks=len(weeks), mean=format_decimal(stats.total / len(weeks)),
                week=labels[weeks.index(busiest)][1:], count=busiest.count, empty=empty)
        else:
            text = ""
        self.query_one("#statistics-weekly-text", Static).update(text)

    # ----------------------------------------------------------------- keys
    def _set_period(self, period: Period) -> None:
        self.period = period
        self._show_title()
        self.load()

    def action_month(self) -> None:
        self._set_period(this_month(self.today()))

    def action_year(self) -> None:
        self._set_period(last_twelve_months(self.today()))

    def action_step(self, direction: int) -> None:
        if self.period is None:
            return
        period = self.period.step(direction)
        if period.start > self.today():
            self.notify(_("That period has not begun yet."))
            return
        self._set_period(period)

    def action_period(self) -> None:
        if self.period is None:
            return
        dialog = PeriodDialog(self.period)

        def chosen(saved: bool | None) -> None:
            if saved and dialog.chosen is not None:
                self._set_period(dialog.chosen)

        self.app.push_screen(dialog, chosen)

    def action_branches(self) -> None:
        self.all_branches = not self.all_branches
        self._show_title()
        self.load()

    def action_export(self) -> None:
        if self.stats is not None:
            self.export(self.stats)

    @work(thread=True, group="statistics-export")
    def export(self, stats) -> None:  # noqa: ANN001
        """The shown statistics as CSV and XLSX in the data folder's ``reports``."""
        from db.errors import LotsenError
        from db.report import write_csv, write_xlsx
        from db.settings import data_dir

        app = self.app
        folder = data_dir() / "reports"
        stem = f"incidents-{stats.start.isoformat()}-{stats.end.isoformat()}"
        if stats.branch_id is not None:
            stem += f"-branch{stats.branch_id}"
        lang = language()
        try:
            folder.mkdir(parents=True, exist_ok=True)
            paths = [write_csv(stats, folder / f"{stem}.csv", lang),
                     write_xlsx(stats, folder / f"{stem}.xlsx", lang)]
        except OSError as exc:
            app.call_from_thread(self.notify, _("Could not save: {error}").format(
                error=exc.strerror), severity="error")
            return
        except LotsenError as exc:
            app.call_from_thread(self.notify, error_text(exc), severity="error")
            return
        app.call_from_thread(self.notify, _("Saved: {path}").format(
            path="\n".join(str(p) for p in paths)), timeout=10)
