"""F4 incidents through the real UI: the 12-keystroke common case, edits as revisions,
follow-up with feedback to the reporter, filters, the work-environment flag, drafts."""

from __future__ import annotations

from db.incidents import IncidentFilter, incident_detail, list_incidents
from tests.conftest import make_app, screen_text, sign_in, wait_for, wait_ready


async def _incidents(pilot, initials: str = "AL", pin: str | None = None):
    from tui.screens.incidents import IncidentScreen

    app = pilot.app
    await wait_ready(pilot)
    await sign_in(pilot, initials, pin)
    await pilot.press("f4")
    await wait_for(pilot, lambda: isinstance(app.screen, IncidentScreen)
                   and app.screen.choices is not None)
    return app.screen


async def test_common_case_takes_at_most_twelve_keys(demo_url, demo_db):
    from tui.screens.incident_form import IncidentFormScreen

    app = make_app(demo_url)
    async with app.run_test(size=(80, 24)) as pilot:
        screen = await _incidents(pilot)
        await pilot.press("n")
        await wait_for(pilot, lambda: isinstance(app.screen, IncidentFormScreen))
        keys = ["h", "t", "2", "enter"]  # threat, toilets, asked to leave, on to the text
        text = "Hotade personal vid toaletten"
        keys_after_text = ["ctrl+s"]
        await pilot.press(*keys)
        await pilot.press(*text)
        await pilot.press(*keys_after_text)
        assert len(keys) + len(keys_after_text) <= 12
        await wait_for(pilot, lambda: app.screen is screen and len(screen.rows) == 1)
        row = screen.rows[0]
        assert (row.type_sv, row.zone_sv, row.description) == ("Hot", "Toaletter", text)
        detail = incident_detail(demo_db, row.id)
        assert detail.actions == ("asked_to_leave",)
        assert row.severity == 2 and row.status == "recorded" and row.reporter == "AL"
        assert "Hot · Toaletter" in screen_text(app)
