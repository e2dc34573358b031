"""F5 Statistics under Pilot at 80×24: the known counts on screen, period keys, the period
dialog, all branches, and `x` writing CSV and XLSX into the data folder."""

from __future__ import annotations

import re

from textual.widgets import Static

from tests.conftest import make_app, screen_text, sign_in, wait_for, wait_ready
from tests.test_incident_stats import seed


async def open_statistics(pilot):  # noqa: ANN001, ANN201
    from tui.screens.statistics import StatisticsScreen

    app = pilot.app
    await wait_ready(pilot)
    await sign_in(pilot, "MH", "1234")
    await pilot.press("f5")
    await wait_for(pilot, lambda: isinstance(app.screen, StatisticsScreen)
                   and app.screen.stats is not None)
    return app.screen


async def shows_period(pilot, screen, start: str, end: str) -> None:  # noqa: ANN001
    await wait_for(pilot, lambda: screen.stats is not None
                   and (screen.stats.start.isoformat(), screen.stats.end.isoformat())
                   == (start, end))


async def test_counts_periods_and_export(demo_db, demo_url, tmp_path, monkeypatch):
    seed(demo_db)
    monkeypatch.setattr("db.settings.data_dir", lambda: tmp_path / "data")
    app = make_app(demo_url, lang="en")
    async with app.run_test(size=(80, 24)) as pilot:
        screen = await open_statistics(pilot)
        # This month (1–24 November 2026) at the Stadsbiblioteket: six incidents.
        text = screen_text(app)
        assert "2026-11-01 – 2026-11-24 (24 days, month) · Stadsbiblioteket" in text
        assert "6 incidents, 0 referrals" in text
        assert "visitors 2 · property 2 · accidents 1 · risks 1" in text
        assert "2  Threat" in text and "2  Theft" in text and "1  Medical emergency" in text
        assert screen.stats.total == 6

        await pilot.press("left")  # October
        await shows_period(pilot, screen, "2026-10-01", "2026-10-31")
        assert "4 incidents" in screen_text(app)
        await pilot.press("right")
        await shows_period(pilot, screen, "2026-11-01", "2026-11-30")
        assert "the period is not over" in screen_text(app)
        await pilot.press("right")  # December has not begun
        await pilot.pause()
        assert screen.period.start.isoformat() == "2026-11-01"

        await pilot.press("y")
        await shows_period(pilot, screen, "2025-11-25", "2026-11-24")
        assert "10 incidents" in screen_text(app)

        await pilot.press("b")  # every branch
        await wait_for(pilot, lambda: screen.stats.branch_id is None)
        assert "11 incidents" in screen_text(app)
        assert "all branches" in screen_text(app)
        await pilot.press("b")
        await wait_for(pilot, lambda: screen.stats.branch_id is not None)

        # p: a period of one's own; a wrong date is refused at its field.
        from textual.widgets import Input

        from tui.screens.statistics import PeriodDialog

        await pilot.press("p")
        await wait_for(pilot, lambda: isinstance(app.screen, PeriodDialog))
        dialog = app.screen
        dialog.query_one("#start", Input).value = "2026-11-22"
        dialog.query_one("#end", Input).value = "2026-10-25"
        await pilot.press("ctrl+s")
        await wait_for(pilot, lambda: "ends before it starts" in screen_text(app))
        dialog.query_one("#start", Input).value = "2026-10-25"
        dialog.query_one("#end", Input).value = "2026-11-22"
        await pilot.press("ctrl+s")
        await wait_for(pilot, lambda: app.screen is screen)
        await shows_period(pilot, screen, "2026-10-25", "2026-11-22")
        text = screen_text(app)
        assert "8 incidents" in text and "(29 days, period)" in text

        # The weekday × hour grid, further down: Sunday 02 twice (the DST change).
        screen.query_one("#statistics-body").scroll_to_widget(
            screen.query_one("#statistics-heatmap"), animate=False, top=True)
        await pilot.pause()
        grid = [line for line in screen_text(app).splitlines() if line.startswith(" Sun ")]
        assert grid, screen_text(app)
        assert grid[0].split()[-1] == "3"  # 00:30 and twice 02:30

        await pilot.press("x")
        folder = tmp_path / "data" / "reports"
        stem = f"incidents-2026-10-25-2026-11-22-branch{screen.stats.branch_id}"
        await wait_for(pilot, lambda: (folder / f"{stem}.csv").exists()
                       and (folder / f"{stem}.xlsx").exists())
        lines = (folder / f"{stem}.csv").read_text(encoding="utf-8-sig").splitlines()
        assert lines[0] == "section,key,count"
        assert "Summary,Incidents,8" in lines
        assert "By type,Threat,3" in lines


async def test_swedish_and_a_language_switch(demo_db, demo_url):
    seed(demo_db)
    app = make_app(demo_url, lang="sv")
    async with app.run_test(size=(80, 24)) as pilot:
        screen = await open_statistics(pilot)
        text = screen_text(app)
        assert "Stadsbiblioteket" in text
        assert "2  Hot" in text  # type labels in Swedish

        def weekly() -> str:
            return str(screen.query_one("#statistics-weekly-text", Static).render())

        # Decimals as each language writes them (6 incidents over the period's weeks).
        await wait_for(pilot, lambda: "i snitt" in weekly())
        assert re.search(r"i snitt \d+,\d per vecka", weekly()), weekly()
        app.action_toggle_language()
        await wait_for(pilot, lambda: "2  Threat" in screen_text(app))
        assert screen.stats.total == 6
        await wait_for(pilot, lambda: "on average" in weekly())
        assert re.search(r"on average \d+\.\d a week", weekly()), weekly()
