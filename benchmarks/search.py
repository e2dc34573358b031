"""Search benchmark: 10 000 synthetic services, every query typed letter by letter.

Prints p50/p95 of (1) the query alone and (2) keystroke to rendered result list through the
real referral screen (Textual Pilot, 80×24).

    python -m benchmarks.search [SERVICES]
"""

from __future__ import annotations

import asyncio
import json
import random
import statistics
import sys
import tempfile
import time
from dataclasses import replace
from datetime import datetime, timedelta
from pathlib import Path

from db.clock import LOCAL_TZ

ROOT = Path(__file__).resolve().parent.parent
NOON = datetime(2026, 11, 24, 12, 0, tzinfo=LOCAL_TZ)
SYLLABLES = ("ba be bo da de do ka ke ko la le lo ma me mo na ne no ra re ro sa se so ta te "
             "to va ve vi fa fi ga go ha he ja jo pa po sk st sp tr gr kr br fr bl fl kl "
             "sl sm sn sv").split()
ENDINGS = ("", "", "en", "et", "ar", "er", "ning", "het", "are", "ska", "lig", "ande")


def synthetic_docs(base: list, count: int, seed: int = 7) -> list:
    """``count`` services made from ``base``: new names, organisations and filler text."""
    rng = random.Random(seed)
    words: set[str] = set()
    while len(words) < 40_000:
        words.add("".join(rng.choice(SYLLABLES) for _ in range(rng.randint(2, 5)))
                  + rng.choice(ENDINGS))
    pool = sorted(words)
    docs = []
    for i in range(count):
        doc = base[i % len(base)]
        filler = " ".join(rng.choice(pool) for _ in range(rng.randint(8, 25)))
        name = (f"{rng.choice(pool).capitalize()} {doc.name} {i}" if i % 3
                else f"{rng.choice(pool).capitalize()} {rng.choice(pool)}")
        docs.append(replace(doc, id=f"synthetic-{i}", name=name,
                            description=f"{doc.description} {filler.capitalize()}.",
                            organization=f"{rng.choice(pool).capitalize()} förening"))
    return docs


def p50_p95(samples: list[float]) -> tuple[float, float]:
    """The median and the 95th percentile of ``samples`` (seconds), in milliseconds."""
    ordered = sorted(samples)
    p95 = ordered[min(len(ordered) - 1, int(len(ordered) * 0.95))]
    return statistics.median(ordered) * 1000, p95 * 1000


def percentiles(samples: list[float]) -> str:
    p50, p95 = p50_p95(samples)
    return f"p50 {p50:.2f} ms, p95 {p95:.2f} ms"


def queries() -> list[str]:
    cases = json.loads((ROOT / "tests" / "data" / "exempelstad-hsds-queries.json")
                       .read_text(encoding="utf-8"))
    return [case["query"] for case in cases]


def query_alone(index, texts: list[str]) -> list[float]:
    samples = []
    minute = 0
    for text in texts:
        for end in range(1, len(text) + 1):
            minute += 1
            started = time.perf_counter()
            index.search(text[:end], now=NOON + timedelta(minutes=minute))
            samples.append(time.perf_counter() - started)
    return samples


async def through_pilot(url: str, index, texts: list[str]) -> list[float]:
    """Keystroke to screen: from posting the key to the first frame drawn after the search.

    Pilot's own ``press`` waits for the app to go idle with pauses of its own, so it is not
    used for the timing; the app runs under Pilot and the key goes through the real event
    path (app → focused Input → Changed → search → option list → frame).
    """
    from db.settings import Settings
    from tui.app import LotsenApp  # first: it sets Lotsen's frame-rate ceiling for Textual
    from tui.screens.referrals import ReferralScreen

    app = LotsenApp(Settings(database_url=url, desk="Informationsdisken"), now=lambda: NOON)
    from textual import events

    samples: list[float] = []
    frames: list[float] = []
    searched: list[float] = []
    async with app.run_test(size=(80, 24)) as pilot:
        while not (app.database and app.screen.query("#initials")):
            await pilot.pause(0.05)
        await pilot.press("A", "L", "enter")
        while not (isinstance(app.screen, ReferralScreen) and app.directory is not None):
            await pilot.pause(0.05)
        app.directory = index
        screen = app.screen
        display, run_search = app._display, screen.run_search

        def record_frame(target, renderable) -> None:  # noqa: ANN001
            if renderable is not None:
                frames.append(time.perf_counter())
            display(target, renderable)

        def record_search() -> None:
            run_search()
            searched.append(time.perf_counter())

        app._display = record_frame  # type: ignore[method-assign]
        screen.run_search = record_search  # type: ignore[method-assign]
        search = screen.query_one("#search")
        for text in texts:
            search.value = ""
            await pilot.pause()
            for char in text:
                frames.clear()
                searched.clear()
                started = time.perf_counter()
                key = "space" if char == " " else char
                app.post_message(events.Key(key, char))
                while not (searched and any(f > searched[-1] for f in frames)):
                    await asyncio.sleep(0)
                samples.append(min(f for f in frames if f > searched[-1]) - started)
    return samples


def run(count: int) -> tuple[float, list[float], list[float]]:
    """Build an index of ``count`` services; time every keystroke of the sample queries,
    alone and through the referral screen. Returns (build seconds, alone, through Pilot)."""
    from db.demo import prepare_demo
    from db.directory import load_docs
    from db.search import DirectoryIndex

    with tempfile.TemporaryDirectory() as tmp:
        url = f"sqlite:///{tmp}/demo.sqlite"
        database = prepare_demo(url)
        base = [d for d in load_docs(database) if d.status == "active"]
        database.close()
        docs = synthetic_docs(base, count)
        started = time.perf_counter()
        index = DirectoryIndex.build(docs)
        build = time.perf_counter() - started
        texts = queries()
        alone = query_alone(index, texts)
        pilot = asyncio.run(through_pilot(url, index, texts))
    return build, alone, pilot


def measure(count: int = 10_000) -> dict[str, float]:
    """The figures for the benchmark suite (milliseconds)."""
    build, alone, pilot = run(count)
    (alone_p50, alone_p95), (pilot_p50, pilot_p95) = p50_p95(alone), p50_p95(pilot)
    return {"services": count, "build_s": build, "query_p50_ms": alone_p50,
            "query_p95_ms": alone_p95, "keystroke_p50_ms": pilot_p50,
            "keystroke_p95_ms": pilot_p95}


def main() -> None:
    count = int(sys.argv[1]) if len(sys.argv) > 1 else 10_000
    build, alone, pilot = run(count)
    print(f"search at {count} services ({len(alone)} keystrokes; index built in {build:.2f} s)")
    print(f"  query alone:                     {percentiles(alone)}")
    print(f"  keystroke to screen (Pilot):     {percentiles(pilot)}")


if __name__ == "__main__":
    main()
