"""Test fixtures: a fresh, migrated database per test, on SQLite or PostgreSQL.

Set ``LOTSEN_TEST_DATABASE_URL`` to a PostgreSQL URL (e.g.
``postgresql+psycopg://postgres@127.0.0.1:5432/test``) to run the suite on PostgreSQL:
each test then gets its own database, copied from a migrated template.
"""

from __future__ import annotations

import asyncio
import html
import os
import re
import shutil
import uuid
from collections.abc import Callable, Iterator
from datetime import datetime
from pathlib import Path

import pytest

from db.clock import LOCAL_TZ

SERVER_URL = os.environ.get("LOTSEN_TEST_DATABASE_URL", "")
ON_POSTGRES = SERVER_URL.startswith("postgresql")
FIXED_NOW = datetime(2026, 11, 24, 18, 5, tzinfo=LOCAL_TZ)  # a Tuesday, evening shift


def pytest_report_header(config: pytest.Config) -> str:
    return f"lotsen test database: {'PostgreSQL ' + SERVER_URL if ON_POSTGRES else 'SQLite'}"


class PostgresFactory:
    """Creates and drops databases on the test server."""

    def __init__(self, url: str) -> None:
        from sqlalchemy import create_engine
        from sqlalchemy.engine import make_url

        self.base = make_url(url)
        if self.base.drivername == "postgresql":
            self.base = self.base.set(drivername="postgresql+psycopg")
        self.admin = create_engine(self.base, isolation_level="AUTOCOMMIT")
        self.created: list[str] = []

    def url(self, name: str) -> str:
        return self.base.set(database=name).render_as_string(hide_password=False)

    def create(self, name: str, template: str | None = None) -> str:
        with self.admin.connect() as conn:
            suffix = f" TEMPLATE {template}" if template else ""
            conn.exec_driver_sql(f"CREATE DATABASE {name}{suffix}")
        self.created.append(name)
        return self.url(name)

    def drop(self, name: str) -> None:
        with self.admin.connect() as conn:
            conn.exec_driver_sql(f"DROP DATABASE IF EXISTS {name} WITH (FORCE)")

    def close(self) -> None:
        for name in reversed(self.created):
            self.drop(name)
        self.admin.dispose()


def _new_name(prefix: str) -> str:
    return f"{prefix}_{uuid.uuid4().hex[:12]}"


@pytest.fixture(scope="session")
def pg_factory() -> Iterator[PostgresFactory | None]:
    if not ON_POSTGRES:
        yield None
        return
    factory = PostgresFactory(SERVER_URL)
    yield factory
    factory.close()


@pytest.fixture(scope="session")
def templates(pg_factory, tmp_path_factory) -> dict[str, str]:
    """Migrated template databases: 'empty' (schema only) and 'demo' (demo data)."""
    from db.database import open_database
    from db.demo import prepare_demo

    result: dict[str, str] = {}
    for kind in ("empty", "demo"):
        if pg_factory is not None:
            name = _new_name(f"lotsen_tpl_{kind}")
            url = pg_factory.create(name)
            result[kind] = name
        else:
            path = tmp_path_factory.mktemp("templates") / f"{kind}.sqlite"
            url = f"sqlite:///{path}"
            result[kind] = str(path)
        database = prepare_demo(url) if kind == "demo" else open_database(url)
        database.close()
    return result


@pytest.fixture
def fresh_url(pg_factory, tmp_path) -> Callable[[], str]:
    """Make URLs of brand-new, empty databases (nothing created yet)."""

    def make() -> str:
        if pg_factory is not None:
            name = _new_name("lotsen_t")
            pg_factory.created.append(name)
            return pg_factory.url(name)
        return f"sqlite:///{tmp_path / (uuid.uuid4().hex[:8] + '.sqlite')}"

    return make


def _copy(kind: str, templates, pg_factory, tmp_path: Path) -> str:
    if pg_factory is not None:
        return pg_factory.create(_new_name("lotsen_t"), template=templates[kind])
    target = tmp_path / f"{kind}-{uuid.uuid4().hex[:8]}.sqlite"
    shutil.copyfile(templates[kind], target)
    return f"sqlite:///{target}"


@pytest.fixture
def empty_url(templates, pg_factory, tmp_path) -> str:
    """A migrated database with no library yet (first run)."""
    return _copy("empty", templates, pg_factory, tmp_path)


@pytest.fixture
def demo_url(templates, pg_factory, tmp_path) -> str:
    """A migrated database with the demo library and staff."""
    return _copy("demo", templates, pg_factory, tmp_path)


@pytest.fixture
def demo_db(demo_url):
    from db.database import open_database

    database = open_database(demo_url)
    yield database
    database.close()


class FakeMonotonic:
    def __init__(self) -> None:
        self.value = 1000.0

    def __call__(self) -> float:
        return self.value

    def advance(self, seconds: float) -> None:
        self.value += seconds


def make_app(url: str, *, lang: str = "sv", desk: str | None = "Informationsdisken",
             idle_lock_minutes: float = 5, monotonic: Callable[[], float] | None = None,
             theme: str = "textual-dark", now: datetime = FIXED_NOW):
    from db.settings import Settings
    from tui.app import LotsenApp

    settings = Settings(database_url=url, lang=lang, desk=desk,
                        idle_lock_minutes=idle_lock_minutes, theme=theme)
    kwargs = {"monotonic": monotonic} if monotonic is not None else {}
    return LotsenApp(settings, now=lambda: now, **kwargs)


async def wait_for(pilot, predicate: Callable[[], object], timeout: float = 10.0) -> None:
    """Let the app run until ``predicate()`` is true (workers finish in their own time)."""
    loop = asyncio.get_running_loop()
    deadline = loop.time() + timeout
    while not predicate():
        if loop.time() > deadline:
            screen = pilot.app.screen
            raise AssertionError(f"timed out waiting for {predicate.__code__.co_firstlineno}: "
                                 f"{type(screen).__name__} shows:\n{screen_text(pilot.app)}")
        await pilot.pause(0.02)
    await pilot.pause()


async def wait_ready(pilot) -> None:
    from tui.screens.setup import SetupScreen
    from tui.screens.signin import SignInScreen

    await wait_for(pilot, lambda: pilot.app.database is not None
                   and isinstance(pilot.app.screen, (SignInScreen, SetupScreen)))


async def open_table_screen(pilot, initials: str, pin: str | None, key: str, screen_class,
                            table: str):
    """Sign in, press ``key`` and wait until ``screen_class`` shows rows in ``table``."""
    app = pilot.app
    await wait_ready(pilot)
    await sign_in(pilot, initials, pin)
    await pilot.press(key)
    await wait_for(pilot, lambda: isinstance(app.screen, screen_class)
                   and app.screen.query_one(table).row_count > 0)
    return app.screen


async def sign_in(pilot, initials: str, pin: str | None = None) -> None:
    """Type initials (and PIN) on the sign-in screen and wait until signed in."""
    app = pilot.app
    await pilot.press(*initials, "enter")
    if pin is not None:
        await wait_for(pilot, lambda: app.screen.query_one("#pin").display)
        await pilot.press(*pin, "enter")
    await wait_for(pilot, lambda: app.staff is not None and app.staff.initials == initials
                   and not app.locked)


_SVG_TEXT = re.compile(r'<text class="[^"]*" x="([\d.]+)" y="[\d.]+" textLength="[\d.]+" '
                       r'clip-path="url\(#[^)]*-line-(\d+)\)">(.*?)</text>')


def screen_text(app) -> str:
    """The text a person sees on the screen now (read from a screenshot), line by line."""
    svg = app.export_screenshot()
    lines: dict[int, list[tuple[float, str]]] = {}
    for x, line, text in _SVG_TEXT.findall(svg):
        lines.setdefault(int(line), []).append((float(x), html.unescape(text)))
    rows = []
    for number in range(max(lines, default=-1) + 1):
        row = ""
        for x, text in sorted(lines.get(number, [])):
            row = row.ljust(round(x / 12.2)) + text
        rows.append(row.replace("\xa0", " ").rstrip())
    return "\n".join(rows)
