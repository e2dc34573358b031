"""Every main screen at 80×24, keyboard only, in the default theme and in ansi-dark (16
colours, thin clients), with pytest-textual-snapshot; and the screen with NO_COLOR.

The scenes (their fictional data, seeded with a fixed clock and fixed random seeds, and the
keys that bring each screen up) are shared with ``scripts.screenshots`` in
``scripts/scenes.py``. The same snapshots must come out on SQLite and on PostgreSQL.

Update after an intended change with: python3 run.py test tests/test_snapshots.py --snapshot-update
"""

from __future__ import annotations

import io
import re

import pytest

from scripts.scenes import MAIN_SCREENS, SCENES, SIZE, Scene, seed
from tests.conftest import make_app, screen_text

THEMES = ("textual-dark", "ansi-dark")  # the default, and 16-colour thin clients


@pytest.fixture(autouse=True)
def _in_colour(monkeypatch):
    """The snapshots are in colour even when the terminal running the tests says NO_COLOR
    (test_no_color sets it itself)."""
    monkeypatch.delenv("NO_COLOR", raising=False)


def scene_app(request: pytest.FixtureRequest, scene: Scene, theme: str = "textual-dark"):
    """The app on a fresh copy of the scene's database, at the scene's clock and desk."""
    url = request.getfixturevalue("empty_url" if scene.data == "empty" else "demo_url")
    if scene.data != "empty":
        seed(scene.data, url)
    return make_app(url, theme=theme, now=scene.now, desk=scene.desk)


# ---------------------------------------------------------------------- snapshots
@pytest.mark.parametrize("theme", THEMES)
@pytest.mark.parametrize("name", MAIN_SCREENS + ("shell",))
def test_main_screen(snap_compare, request, name, theme):
    """Sign-in, F1 help, F2 referrals ("sova" at 22:00: open and closed), F3 handover (urgent,
    important and normal notes), F4 incidents (severities 1, 2 and 4, an access ban in
    force), F5 statistics, F6 directory (social worker), F7 staff and F8 access bans
    (manager), the F9 desk alert ringing at a colleague's desk, the first-run set-up, and
    the shell as it opens after signing in (F2, empty search)."""
    scene = SCENES[name]
    assert snap_compare(scene_app(request, scene, theme), terminal_size=SIZE,
                        run_before=scene.run)


def test_pin_prompt_after_wrong_pin(snap_compare, request):
    scene = SCENES["signin-wrong-pin"]
    assert snap_compare(scene_app(request, scene), terminal_size=SIZE, run_before=scene.run)


# ---------------------------------------------------------------------- NO_COLOR
def painted_colours(app) -> tuple[set[tuple[int, int, int]], int, list[str]]:
    """What the screen paints now, after Textual's line filters (NO_COLOR among them), as
    Rich segments: the truecolor colours used (a colour left to the terminal, "default",
    is not counted), how many segments leave both colours to the terminal, and the text of
    segments that would be invisible (the same colour for the text and its background)."""
    from rich.console import Console

    # What App.export_screenshot renders, kept as segments instead of SVG.
    update = app.screen._compositor.render_update(full=True,
                                                  screen_stack=app._background_screens)
    console = Console(width=SIZE[0], height=SIZE[1], file=io.StringIO(), force_terminal=True,
                      color_system="truecolor", legacy_windows=False)
    colours: set[tuple[int, int, int]] = set()
    defaults, invisible = 0, []
    for segment in console.render(update):
        style = segment.style
        if segment.control or style is None:
            continue
        pair = []
        for colour in (style.color, style.bgcolor):
            if colour is None or colour.is_default:
                pair.append(None)
            else:
                triplet = colour.get_truecolor()
                colours.add((triplet.red, triplet.green, triplet.blue))
                pair.append(triplet)
        defaults += pair == [None, None]
        if segment.text.strip() and pair[0] is not None and pair[0] == pair[1]:
            invisible.append(segment.text)
    return colours, defaults, invisible


def is_grey(rgb: tuple[int, int, int]) -> bool:
    return rgb[0] == rgb[1] == rgb[2]


SEVERITY_GAUGE = re.compile(r"^ ?.?\d{4}-\d\d-\d\d \d\d:\d\d  ([▮]{1,4}[▯]{0,3}) ")


def meaning_in_words(name: str, text: str) -> None:
    """Open/closed (F2) and severities (F4) read from the characters alone."""
    if name == "referrals":
        assert "● öppet, stänger" in text and "○ stängt, öppnar" in text
        hits = [line for line in text.splitlines() if "☎" in line]
        assert hits and all(re.search(r"[●○?] (öppet|stängt|öppettider saknas)", line)
                            for line in hits), text
    else:
        gauges = [m.group(1) for line in text.splitlines() if (m := SEVERITY_GAUGE.match(line))]
        assert len(gauges) >= 5 and all(len(g) == 4 for g in gauges), text
        assert {"▮▯▯▯", "▮▮▯▯", "▮▮▮▮"} <= set(gauges), gauges
        assert "☐ uppföljning pågår" in text and "· registrerad" in text
        assert "⛔ Gällande tillträdesförbud" in text


@pytest.mark.parametrize(("theme", "no_color"), [
    pytest.param("textual-dark", True, id="textual-dark-NO_COLOR"),
    pytest.param("textual-dark", False, id="textual-dark-colour"),
    pytest.param("ansi-dark", True, id="ansi-dark-NO_COLOR"),
    pytest.param("ansi-dark", False, id="ansi-dark-colour"),
])
@pytest.mark.parametrize("name", ["referrals", "incidents"])
async def test_no_color(monkeypatch, request, name, theme, no_color):
    """With NO_COLOR set, open/closed and severities are still on the screen in words and
    symbols, and no colour is painted: only greys in a truecolor theme (Textual's Monochrome
    filter), only the terminal's own colours in an ANSI theme (NoColor), and no text in the
    colour of its background. Without NO_COLOR the same checks find colours, so they can
    fail."""
    if no_color:
        monkeypatch.setenv("NO_COLOR", "1")
    scene = SCENES[name]
    app = scene_app(request, scene, theme)  # Textual reads NO_COLOR when the app is built
    async with app.run_test(size=SIZE) as pilot:
        await scene.run(pilot)
        assert app.no_color is no_color
        meaning_in_words(name, screen_text(app))
        colours, defaults, invisible = painted_colours(app)
    assert not invisible, f"text in the colour of its background: {invisible[:5]}"
    if not no_color:
        assert any(not is_grey(rgb) for rgb in colours) if theme == "textual-dark" \
            else colours, "the check found no colour even without NO_COLOR"
    elif theme == "textual-dark":
        assert colours and all(is_grey(rgb) for rgb in colours), sorted(colours)
    else:
        assert not colours and defaults, sorted(colours)
