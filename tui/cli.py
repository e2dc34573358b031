"""The ``lotsen`` command. Heavy modules are imported inside each command, so that starting
the app paints before SQLAlchemy has loaded."""

from __future__ import annotations

import time

STARTED = time.perf_counter()

import json  # noqa: E402
import sys  # noqa: E402
from typing import Annotated, Optional  # noqa: E402

import typer  # noqa: E402

from db.errors import LotsenError  # noqa: E402
from db.settings import (  # noqa: E402
    Settings,
    demo_database_url,
    load_settings,
    url_shape_problem,
)

cli = typer.Typer(
    name="lotsen", no_args_is_help=False, add_completion=False,
    pretty_exceptions_enable=False, rich_markup_mode=None,
    help="Lotsen: referrals, shift handover and incidents at the library desk.",
)
db_cli = typer.Typer(help="Database maintenance.", no_args_is_help=True)
staff_cli = typer.Typer(help="Staff accounts (for set-up scripts).", no_args_is_help=True)
cli.add_typer(db_cli, name="db")
cli.add_typer(staff_cli, name="staff")


class State:
    settings: Settings
    log_startup = False


state = State()


def fail(message: str) -> None:
    typer.echo(f"lotsen: error: {message}", err=True)
    raise typer.Exit(2)


@cli.callback(invoke_without_command=True)
def main_options(
    ctx: typer.Context,
    database: Annotated[Optional[str], typer.Option(
        "--database", "-d", help="SQLAlchemy URL (default: LOTSEN_DATABASE_URL, then a "
        "SQLite file in your data folder).", metavar="URL")] = None,
    lang: Annotated[Optional[str], typer.Option(help="UI language: sv or en.")] = None,
    desk: Annotated[Optional[str], typer.Option(help="Name of the desk this terminal is.")] = None,
    log_startup: Annotated[bool, typer.Option(
        "--log-startup", help="Print start-up times to stderr on exit.")] = False,
) -> None:
    """Start Lotsen (without a command), or run one of the commands."""
    settings = load_settings()
    if lang is not None and lang not in ("sv", "en"):
        fail(f"--lang must be sv or en, not {lang!r}")
    state.settings = settings.with_overrides(database_url=database, lang=lang, desk=desk)
    state.log_startup = log_startup
    if ctx.invoked_subcommand is None:
        run_app(state.settings)


def run_app(settings: Settings, demo: bool = False) -> None:
    problem = url_shape_problem(settings.database_url)
    if problem:
        fail(problem)
    from tui.app import LotsenApp

    app = LotsenApp(settings, demo=demo, started_at=STARTED)
    app.run()
    if state.log_startup:
        typer.echo(app.startup_report(), err=True)
    if app.return_code:
        raise typer.Exit(app.return_code)


def open_db():  # noqa: ANN201
    from db.database import open_database

    return open_database(state.settings.database_url)


@cli.command()
def demo(prepare: Annotated[bool, typer.Option(
        "--prepare", help="Only create or refresh the demo database and print its URL.")] = False,
         ) -> None:
    """Open Lotsen on the demo database (fictional Exempelstad stadsbibliotek)."""
    settings = state.settings
    if "database_url" not in settings.source:
        settings = settings.with_overrides(database_url=demo_database_url())
    if prepare:
        from db.demo import prepare_demo

        prepare_demo(settings.database_url).close()
        typer.echo(settings.database_url)
        return
    from db.demo import DEMO_DESK

    if settings.desk is None:
        settings = settings.with_overrides(desk=DEMO_DESK)
    run_app(settings, demo=True)


@db_cli.command("upgrade")
def db_upgrade() -> None:
    """Create the database if missing and upgrade it to the newest schema."""
    from db.migrate import current_revision

    database = open_db()
    typer.echo(f"{state.settings.database_url}: at revision {current_revision(database)}")
    database.close()


@staff_cli.command("add")
def staff_add(
    initials: str,
    name: Annotated[str, typer.Option(help="Full name.")],
    role: Annotated[str, typer.Option(help="desk, socialworker, manager or admin.")] = "desk",
    pin: Annotated[Optional[str], typer.Option(help="Optional PIN, 4–8 digits.")] = None,
    lang: Annotated[Optional[str], typer.Option(help="Preferred language: sv or en.")] = None,
) -> None:
    """Add a staff member."""
    from db.staff import create_staff

    database = open_db()
    staff = create_staff(database, initials, name, role, pin, lang)
    typer.echo(f"added {staff.initials} ({staff.name}, {staff.role})")


@staff_cli.command("list")
def staff_list(as_json: Annotated[bool, typer.Option("--json", help="Print JSON.")] = False,
               ) -> None:
    """List staff members."""
    from dataclasses import asdict

    from db.staff import list_staff

    rows = list_staff(open_db())
    if as_json:
        typer.echo(json.dumps([asdict(r) for r in rows], ensure_ascii=False, indent=2))
        return
    for r in rows:
        status = "" if r.active else "  (disabled)"
        pin = "PIN" if r.has_pin else "-"
        typer.echo(f"{r.initials:<6} {r.role:<12} {pin:<3} {r.name}{status}")


@staff_cli.command("disable")
def staff_disable(initials: str) -> None:
    """Disable a staff member: they can no longer sign in."""
    from db.staff import set_active

    staff = set_active(open_db(), initials, False)
    typer.echo(f"disabled {staff.initials}")


@staff_cli.command("enable")
def staff_enable(initials: str) -> None:
    """Enable a disabled staff member again."""
    from db.staff import set_active

    staff = set_active(open_db(), initials, True)
    typer.echo(f"enabled {staff.initials}")


def main() -> None:
    try:
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
