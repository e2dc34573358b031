"""Regenerate the SVG screenshots in screenshots/ (80×24, Swedish, demo data, fixed clock).

    .venv/bin/python -m scripts.screenshots

The scenes (their data and the keys that bring each screen up) are in ``scripts.scenes``,
which the snapshot tests use too.
"""

from __future__ import annotations

import asyncio
import sys
import tempfile
from pathlib import Path

from db.settings import Settings
from scripts.scenes import SCENES, SIZE, Scene, prepare

ROOT = Path(__file__).resolve().parent.parent
OUT = ROOT / "screenshots"

# The README's screenshots, by file name (screenshots/NAME.svg), in the order they are shot.
SHOTS = ("signin", "locked", "help", "referrals", "service-detail", "referral-record", "slip",
         "directory", "handover", "handover-note", "handover-follow-ups", "incidents",
         "incident-new", "incident-detail", "statistics", "privacy", "audit", "alert",
         "routine", "global-search", "bans", "ban-case", "staff", "staff-add", "setup")


async def shoot(url: str, scene: Scene) -> Path:
    from tui.app import LotsenApp

    app = LotsenApp(Settings(database_url=url, lang="sv", desk=scene.desk),
                    now=lambda: scene.now)
    async with app.run_test(size=SIZE) as pilot:
        await scene.run(pilot)
        path = OUT / f"{scene.name}.svg"
        app.save_screenshot(filename=path.name, path=str(OUT))
    return path


async def main() -> list[Path]:
    OUT.mkdir(exist_ok=True)
    shots = []
    with tempfile.TemporaryDirectory() as tmp:
        urls: dict[str, str] = {}
        for name in SHOTS:
            scene = SCENES[name]
            if scene.data not in urls:  # one database per kind of data, shared by its scenes
                urls[scene.data] = f"sqlite:///{tmp}/{scene.data}.sqlite"
                prepare(scene.data, urls[scene.data])
            shots.append(await shoot(urls[scene.data], scene))
    return shots


if __name__ == "__main__":
    for shot in asyncio.run(main()):
        print(shot.relative_to(ROOT))
    sys.exit(0)
