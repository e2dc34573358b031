"""The ``lotsen`` commands (Typer). Heavy modules are imported inside each command.

Starting the app is also handled without Typer by :mod:`tui.cli` (the entry point), which
only comes here for the other commands and for ``--help``.
"""

from __future__ import annotations

import json
from typing import Annotated, Optional

import typer

from db.settings import Settings, load_settings
from tui.cli import check_language, demo_settings, run_app

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
    check_language(lang)
    state.settings = settings.with_overrides(database_url=database, lang=lang, desk=desk)
    state.log_startup = log_startup
    if ctx.invoked_subcommand is None:
        run_app(state.settings, log_startup=log_startup)


def open_db():  # noqa: ANN201
    from db.database import open_database

    return open_database(state.settings.database_url)


@cli.command()
def demo(prepare: Annotated[bool, typer.Option(
        "--prepare", help="Only create or refresh the demo database and print its URL.")] = False,
         ) -> None:
    """Open Lotsen on the demo database (fictional Exempelstad stadsbibliotek)."""
    settings = demo_settings(state.settings)
    if prepare:
        from db.demo import prepare_demo

        prepare_demo(settings.database_url).close()
        typer.echo(settings.database_url)
        return
    run_app(settings, demo=True, log_startup=state.log_startup)


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
