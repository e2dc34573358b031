"""Entry point of the ``lotsen`` command.

Starting the app (``lotsen [--database URL] [--lang L] [--desk D] [--log-startup] [demo]``)
is parsed here with the standard library, so the first screen paints without waiting for
Typer; every other command, and ``--help``, goes to the Typer app in
:mod:`tui.cli_commands`.
"""

from __future__ import annotations

import gc
import time

STARTED = time.perf_counter()
# No cyclic garbage collection until the first paint (LotsenApp turns it back on): start-up
# builds what lives as long as the app, and scanning it over and over only delays the paint.
gc.disable()

import os  # noqa: E402
import sys  # noqa: E402
from collections.abc import MutableMapping  # noqa: E402

from db.errors import LotsenError  # noqa: E402
from db.settings import (  # noqa: E402
    DEMO_DESK,
    LANGUAGES,
    Settings,
    demo_database_url,
    load_settings,
    url_shape_problem,
)

_VALUE_OPTIONS = {"--database": "database_url", "-d": "database_url", "--lang": "lang",
                  "--desk": "desk"}


def fail(message: str) -> None:
    print(f"lotsen: error: {message}", file=sys.stderr)
    sys.exit(2)


def check_language(lang: str | None) -> None:
    if lang is not None and lang not in LANGUAGES:
        fail(f"--lang must be one of {', '.join(LANGUAGES)}, not {lang!r}")


def demo_settings(settings: Settings) -> Settings:
    """The demo database (unless a URL was given) at the demo's information desk."""
    if "database_url" not in settings.source:
        settings = settings.with_overrides(database_url=demo_database_url())
    if settings.desk is None:
        settings = settings.with_overrides(desk=DEMO_DESK)
    return settings


def run_app(settings: Settings, demo: bool = False, log_startup: bool = False) -> None:
    problem = url_shape_problem(settings.database_url)
    if problem:
        fail(problem)
    from textual.theme import BUILTIN_THEMES

    from tui.app import LotsenApp

    if settings.theme not in BUILTIN_THEMES:
        fail(f"unknown theme {settings.theme!r}; choose one of {', '.join(BUILTIN_THEMES)}")
    app = LotsenApp(settings, demo=demo, started_at=STARTED)
    app.run()
    if log_startup:
        print(app.startup_report(), file=sys.stderr)
    if app.return_code:
        sys.exit(app.return_code)


def _app_launch(argv: list[str]) -> tuple[dict[str, str], bool, bool] | None:
    """The options when ``argv`` only starts the app; None when Typer must handle it."""
    values: dict[str, str] = {}
    demo = log_startup = False
    args = iter(argv)
    for arg in args:
        name, eq, inline = arg.partition("=")
        if name in _VALUE_OPTIONS:
            value = inline if eq else next(args, None)
            if value is None:
                return None
            values[_VALUE_OPTIONS[name]] = value
        elif arg == "--log-startup":
            log_startup = True
        elif arg == "demo" and not demo:
            demo = True
        else:
            return None  # a command, --help, --prepare, or a mistake: Typer explains
    return values, demo, log_startup


def thin_client_defaults(environ: MutableMapping[str, str]) -> None:
    """Inside an SSH session, no animations unless TEXTUAL_ANIMATIONS says otherwise: every
    frame of one crosses the network to a thin client. (Textual reads the variable when it
    is imported, so this runs first.)"""
    if environ.get("SSH_CONNECTION"):
        environ.setdefault("TEXTUAL_ANIMATIONS", "none")


def launch(argv: list[str]) -> bool:
    parsed = _app_launch(argv)
    if parsed is None:
        gc.enable()  # not the app: no first paint to wait for
        return False
    values, demo, log_startup = parsed
    thin_client_defaults(os.environ)
    check_language(values.get("lang"))
    settings = load_settings().with_overrides(**values)
    run_app(demo_settings(settings) if demo else settings, demo=demo, log_startup=log_startup)
    return True


def main() -> None:
    try:
        if not launch(sys.argv[1:]):
            from tui.cli_commands import cli

            cli(prog_name="lotsen")
    except LotsenError as exc:
        print(f"lotsen: error: {exc}", file=sys.stderr)
        sys.exit(2)
    except KeyboardInterrupt:
        sys.exit(130)
    except Exception as exc:  # a database error that escaped: still one line, not a traceback
        from sqlalchemy.exc import SQLAlchemyError

        if isinstance(exc, SQLAlchemyError):
            message = str(getattr(exc, "orig", None) or exc).strip().splitlines()[0]
            print(f"lotsen: error: database: {message}", file=sys.stderr)
            sys.exit(2)
        raise
