"""The ``lotsen`` commands (Typer). Heavy modules are imported inside each command.

Starting the app is also handled without Typer by :mod:`tui.cli` (the entry point), which
only comes here for the other commands and for ``--help``.
"""

from __future__ import annotations

import json
from typing import Annotated, Optional

import typer

from db.settings import Settings, load_settings
from tui.cli import check_language, demo_settings, fail, run_app

cli = typer.Typer(
    name="lotsen", no_args_is_help=False, add_completion=False,
    pretty_exceptions_enable=False, rich_markup_mode=None,
    help="Lotsen: referrals, shift handover and incidents at the library desk.",
)
db_cli = typer.Typer(help="Database maintenance.", no_args_is_help=True)
staff_cli = typer.Typer(help="Staff accounts (for set-up scripts).", no_args_is_help=True)
directory_cli = typer.Typer(help="The directory of help services (HSDS 3.0).",
                            no_args_is_help=True)
cli.add_typer(db_cli, name="db")
cli.add_typer(staff_cli, name="staff")
cli.add_typer(directory_cli, name="directory")


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
        from db.clock import local_now
        from db.demo import prepare_demo
        from db.demo_records import add_demo_records

        database = prepare_demo(settings.database_url)
        add_demo_records(database, local_now())
        database.close()
        typer.echo(settings.database_url)
        return
    run_app(settings, demo=True, log_startup=state.log_startup)


@cli.command("serve")
def serve_command(
    host: Annotated[str, typer.Option(
        help="Address to listen on. Loopback by default: textual-serve has no "
        "authentication, so anything else belongs behind a reverse proxy that has.",
        metavar="HOST")] = "127.0.0.1",
    port: Annotated[str, typer.Option(help="TCP port, 1–65535.", metavar="PORT")] = "8000",
    public_url: Annotated[Optional[str], typer.Option(
        "--public-url", help="The address browsers use, e.g. https://lotsen.example.org "
        "behind a proxy (default: http://HOST:PORT).", metavar="URL")] = None,
) -> None:
    """Serve Lotsen in web browsers (textual-serve): one Lotsen process per browser tab,
    with this command's settings."""
    from tui.serve import serve

    serve(state.settings, host, port, public_url)


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


@directory_cli.command("import")
def directory_import(
    path: str,
    lenient: Annotated[bool, typer.Option(
        "--lenient", help="Import the valid rows and report the rest.")] = False,
) -> None:
    """Import an HSDS 3.0 tabular package (folder with datapackage.json) or HSDS JSON."""
    from db.directory import import_directory

    report = import_directory(open_db(), path, lenient=lenient)
    for problem in report.problems:
        where = ", ".join(p for p in (problem.file, f"row {problem.row}" if problem.row else "",
                                      problem.field or "") if p)
        typer.echo(f"{where}: {problem.message}", err=True)
    if report.refused:
        typer.echo(f"lotsen: error: import refused, {len(report.problems)} problem(s); "
                   "the database is unchanged (--lenient imports the valid rows)", err=True)
        raise typer.Exit(2)
    summary = ", ".join(f"{n} {table}" for table, n in report.counts.items() if n)
    typer.echo(f"imported: {summary or 'nothing'}")
    if report.problems:
        typer.echo(f"skipped {len(report.problems)} problem(s), listed above", err=True)


@directory_cli.command("export")
def directory_export(path: str) -> None:
    """Export the directory as an HSDS 3.0 tabular package into folder PATH."""
    from db.hsds import export_package

    try:
        counts = export_package(open_db(), path)
    except OSError as exc:
        fail(f"cannot write {path}: {exc.strerror}")
    typer.echo(f"exported to {path}: " + ", ".join(f"{n} {t}" for t, n in counts.items() if n))


@directory_cli.command("find")
def directory_find(
    query: str,
    open_at: Annotated[Optional[str], typer.Option(
        "--open-at", help="Local time (Europe/Stockholm), e.g. 2026-11-24T23:00.")] = None,
    limit: Annotated[int, typer.Option(help="How many hits.", min=1, max=500)] = 10,
    as_json: Annotated[bool, typer.Option("--json", help="Print JSON.")] = False,
) -> None:
    """Search the directory with the same ranking as the referral screen."""
    from db.clock import local_now
    from db.directory import find

    moment = parse_local_time(open_at, "--open-at") if open_at else None
    result = find(open_db(), query, now=moment or local_now(), open_at=moment, limit=limit)
    if as_json:
        typer.echo(json.dumps([
            {"id": hit.service.id, "name": hit.service.name,
             "organization": hit.service.organization, "open": hit.status.open,
             "score": round(hit.score, 3), "need": hit.concept,
             "phones": list(hit.service.phones), "address": hit.service.address}
            for hit in result.hits], ensure_ascii=False, indent=2))
        return
    for number, hit in enumerate(result.hits, start=1):
        state = {True: "open", False: "closed", None: "no hours"}[hit.status.open]
        typer.echo(f"{number:>2}. {hit.service.name} — {hit.service.organization} [{state}]")


def parse_local_time(text: str, option: str):  # noqa: ANN201
    """An ISO local time (Europe/Stockholm) from the command line, or a one-line error."""
    from datetime import datetime

    from db.clock import LOCAL_TZ

    try:
        moment = datetime.fromisoformat(text)
    except ValueError:
        fail(f"{option} must look like 2026-11-24T23:00, not {text!r}")
    if not 1990 <= moment.year <= 2200:
        fail(f"{option} must lie between the years 1990 and 2200, not {text!r}")
    return moment.replace(tzinfo=LOCAL_TZ) if moment.tzinfo is None else moment.astimezone(LOCAL_TZ)


handover_cli = typer.Typer(help="Shift handover notes.", no_args_is_help=True)
cli.add_typer(handover_cli, name="handover")


def _branch_place(database, initials: str):  # noqa: ANN001,ANN201
    from db.directory import Place
    from db.library import desk_context
    from db.staff import find_staff

    staff = find_staff(database, initials)
    if staff is None or not staff.active:
        fail(f"no active staff member has the initials {initials.upper()!r}")
    context = desk_context(database, state.settings.desk)
    if context is None:
        fail("the library is not set up yet: start lotsen once to set it up")
    return staff, Place(staff_id=staff.id, desk_id=context.desk.id if context.desk else None,
                        branch_id=context.branch_id)


@handover_cli.command("add")
def handover_add(
    text: str,
    staff: Annotated[str, typer.Option("--staff", help="Initials of the author.")],
    priority: Annotated[str, typer.Option(help="normal, important or urgent.")] = "normal",
    category: Annotated[str, typer.Option(
        help="situation, watch, premises, followup or info.")] = "info",
    pinned: Annotated[bool, typer.Option("--pinned", help="Keep until unpinned.")] = False,
) -> None:
    """Write a handover note for the branch of this desk (setting `desk`)."""
    from db.handover import NewNote, write_note

    database = open_db()
    _staff, place = _branch_place(database, staff)
    note_id = write_note(database, place, NewNote(text, category, priority, pinned))
    typer.echo(f"note {note_id} written")


@handover_cli.command("list")
def handover_list(
    since: Annotated[Optional[str], typer.Option(
        help="Notes written since this local time, e.g. 2026-11-24T08:00.")] = None,
    as_json: Annotated[bool, typer.Option("--json", help="Print JSON.")] = False,
) -> None:
    """List the branch's notes: the ones in force, or all written since a time."""
    from db.handover import notes_written_since
    from db.library import desk_context

    database = open_db()
    context = desk_context(database, state.settings.desk)
    if context is None:
        fail("the library is not set up yet: start lotsen once to set it up")
    moment = parse_local_time(since, "--since") if since else None
    notes = notes_written_since(database, context.branch_id, moment)
    if as_json:
        typer.echo(json.dumps([{
            "id": n.id, "created_at": n.created_at.isoformat(), "author": n.author,
            "category": n.category, "priority": n.priority, "text": n.text,
            "pinned": n.pinned, "revision": n.revision,
            "expires_at": n.expires_at.isoformat() if n.expires_at else None,
            "read_by": list(n.read_by)} for n in notes], ensure_ascii=False, indent=2))
        return
    from db.clock import to_local

    for n in notes:
        local = to_local(n.created_at)
        typer.echo(f"{local:%Y-%m-%d %H:%M} {n.author:<4} {n.priority:<9} {n.category:<9} "
                   f"{n.text}")


@handover_cli.command("export")
def handover_export(
    output: Annotated[str, typer.Option(help="Folder to write SHIFT.txt and SHIFT.pdf into.")],
    at: Annotated[Optional[str], typer.Option(
        help="Export the last shift ended by this local time (default: now).")] = None,
) -> None:
    """Export a shift's handover (summary, notes, who read them) as text and PDF."""
    from pathlib import Path

    from db.clock import local_now
    from db.handover import previous_shift, shift_handover
    from db.library import desk_context
    from tui.handover_export import export

    database = open_db()
    context = desk_context(database, state.settings.desk)
    if context is None:
        fail("the library is not set up yet: start lotsen once to set it up")
    moment = parse_local_time(at, "--at") if at else local_now()
    span = previous_shift(database, context.branch_id, moment)
    if span is None:
        fail("no shift has ended by then")
    stem = f"{span.start:%Y-%m-%d}-{span.name}"
    try:
        paths = export(shift_handover(database, context.branch_id, span), Path(output), stem)
    except OSError as exc:
        fail(f"cannot write {output}: {exc.strerror}")
    typer.echo("\n".join(str(p) for p in paths))


incident_cli = typer.Typer(help="Incident entries.", no_args_is_help=True)
cli.add_typer(incident_cli, name="incident")


@incident_cli.command("add")
def incident_add(
    text: Annotated[str, typer.Argument(help="What happened (no names).")] = "",
    staff: Annotated[str, typer.Option("--staff", help="Initials of the reporter.")] = "",
    kind: Annotated[str, typer.Option("--type", help="A type: code, key or name, e.g. "
                                      "threat, h or Hot.")] = "",
    zone: Annotated[str, typer.Option(help="A zone of the branch: code, key or name, e.g. "
                                      "toilets.")] = "",
    at: Annotated[Optional[str], typer.Option(
        help="When, local time: 2026-11-24T18:05, 14:30 or '10 min' (default: now).")] = None,
    severity: Annotated[int, typer.Option(help="1 minor … 4 very serious.")] = 2,
    action: Annotated[Optional[list[str]], typer.Option(
        help="What was done (repeatable): talked, asked_to_leave, guard, police_112, "
             "police_11414, ambulance, rescue, area_closed, ban_considered.")] = None,
    police_report: Annotated[str, typer.Option(help="e.g. 5000-K123456-26.")] = "",
    staff_affected: Annotated[bool, typer.Option(
        "--staff-affected", help="Staff were affected: a work-environment report is needed.")]
        = False,
    follow_up: Annotated[str, typer.Option(help="socialworker or manager.")] = "",
) -> None:
    """Record an incident at the branch of this desk (setting `desk`)."""
    from db.clock import local_now
    from db.incidents import IncidentInput, add_incident, parse_when, type_by, zone_by

    if not staff or not kind or not zone:
        fail("--staff, --type and --zone are needed")
    database = open_db()
    _staff, place = _branch_place(database, staff)
    now = local_now()
    moment = parse_when(at or "", now) if at is None or "T" not in at else \
        parse_local_time(at, "--at")
    data = IncidentInput(type_by(database, kind), zone_by(database, place.branch_id, zone),
                         occurred_at=moment, severity=severity, description=text,
                         actions=tuple(action or ()), police_report=police_report,
                         staff_affected=staff_affected, follow_up_by=follow_up)
    typer.echo(f"incident {add_incident(database, place, data)} recorded")


@incident_cli.command("list")
def incident_list(
    date_from: Annotated[Optional[str], typer.Option(
        "--from", help="From this local day or time, e.g. 2026-11-01.")] = None,
    date_to: Annotated[Optional[str], typer.Option(
        "--to", help="Up to and including this local day, e.g. 2026-11-30.")] = None,
    limit: Annotated[int, typer.Option(help="At most this many, newest first.")] = 200,
    as_json: Annotated[bool, typer.Option("--json", help="Print JSON.")] = False,
) -> None:
    """List the branch's incidents, newest first."""
    from datetime import timedelta

    from db.clock import to_local
    from db.incidents import IncidentFilter, list_incidents
    from db.library import desk_context

    if limit < 1 or limit > 100_000:
        fail("--limit must be 1–100000")
    start = parse_local_time(date_from, "--from") if date_from else None
    end = None
    if date_to:
        end = parse_local_time(date_to, "--to")
        if "T" not in date_to:
            end += timedelta(days=1)  # the whole last day
    if start and end and start >= end:
        fail("--from must come before --to")
    database = open_db()
    context = desk_context(database, state.settings.desk)
    if context is None:
        fail("the library is not set up yet: start lotsen once to set it up")
    rows = list_incidents(database, IncidentFilter(branch_id=context.branch_id, start=start,
                                                   end=end), limit=limit)
    if as_json:
        typer.echo(json.dumps([{
            "id": r.id, "occurred_at": r.occurred_at.isoformat(), "type": r.type_en,
            "type_sv": r.type_sv, "zone": r.zone_en, "zone_sv": r.zone_sv,
            "severity": r.severity, "status": r.status, "reporter": r.reporter,
            "revision": r.revision, "staff_affected": r.staff_affected,
            "kia_status": r.kia_status, "police_report": r.police_report,
            "follow_up_by": r.follow_up_by, "description": r.description} for r in rows],
            ensure_ascii=False, indent=2))
        return
    for r in rows:
        flags = ("!" if r.staff_affected else " ") + ("*" if r.changed else " ")
        typer.echo(f"{r.id:>6} {to_local(r.occurred_at):%Y-%m-%d %H:%M} {r.severity} {flags} "
                   f"{r.type_sv} · {r.zone_sv} · {r.status} · {r.reporter}  {r.description}")


@incident_cli.command("types")
def incident_types(as_json: Annotated[bool, typer.Option("--json", help="Print JSON.")] = False,
                   ) -> None:
    """The incident types and the zones of this desk's branch, with their keys."""
    from db.incidents import choices
    from db.library import desk_context

    database = open_db()
    context = desk_context(database, state.settings.desk)
    if context is None:
        fail("the library is not set up yet: start lotsen once to set it up")
    options = choices(database, context.branch_id)
    if as_json:
        typer.echo(json.dumps({
            "types": [{"code": c.code, "key": c.key, "sv": c.label_sv, "en": c.label_en,
                       "category": c.category} for c in options.types],
            "zones": [{"code": c.code, "key": c.key, "sv": c.label_sv, "en": c.label_en}
                      for c in options.zones]}, ensure_ascii=False, indent=2))
        return
    for title, rows in (("types", options.types), (f"zones ({context.branch_name})",
                                                   options.zones)):
        typer.echo(title)
        for c in rows:
            typer.echo(f"  {c.key}  {c.code:<18} {c.label_sv} / {c.label_en}"
                       + (f"  [{c.category}]" if c.category else ""))


@incident_cli.command("type")
def incident_type(
    code: Annotated[str, typer.Argument(help="e.g. bike_theft (new) or threat (existing).")],
    key: Annotated[Optional[str], typer.Option(help="One letter, free among the types.")] = None,
    sv: Annotated[Optional[str], typer.Option(help="Name in Swedish.")] = None,
    en: Annotated[Optional[str], typer.Option(help="Name in English.")] = None,
    category: Annotated[Optional[str], typer.Option(
        help="visitor, property, accident or risk.")] = None,
    disable: Annotated[bool, typer.Option("--disable", help="Retire the type.")] = False,
) -> None:
    """Add or change an incident type (library-wide), or retire it with --disable."""
    from db.incidents import set_choice_active, set_type

    database = open_db()
    if disable:
        set_choice_active(database, "type", code, False)
        typer.echo(f"type {code} retired")
        return
    if not (key and sv and en and category):
        fail("--key, --sv, --en and --category are needed (or --disable)")
    set_type(database, code, key, sv, en, category)
    typer.echo(f"type {code} saved")


@incident_cli.command("zone")
def incident_zone(
    code: Annotated[str, typer.Argument(help="e.g. garden (new) or toilets (existing).")],
    key: Annotated[Optional[str], typer.Option(help="One letter, free among the zones.")] = None,
    sv: Annotated[Optional[str], typer.Option(help="Name in Swedish.")] = None,
    en: Annotated[Optional[str], typer.Option(help="Name in English.")] = None,
    disable: Annotated[bool, typer.Option("--disable", help="Retire the zone.")] = False,
) -> None:
    """Add or change a zone of this desk's branch, or retire it with --disable."""
    from db.incidents import set_choice_active, set_zone
    from db.library import desk_context

    database = open_db()
    context = desk_context(database, state.settings.desk)
    if context is None:
        fail("the library is not set up yet: start lotsen once to set it up")
    if disable:
        set_choice_active(database, "zone", code, False, context.branch_id)
        typer.echo(f"zone {code} retired")
        return
    if not (key and sv and en):
        fail("--key, --sv and --en are needed (or --disable)")
    set_zone(database, context.branch_id, code, key, sv, en)
    typer.echo(f"zone {code} saved in {context.branch_name}")


@cli.command("audit")
def audit_command(
    date_from: Annotated[Optional[str], typer.Option(
        "--from", help="From this local day or time, e.g. 2026-11-01.")] = None,
    date_to: Annotated[Optional[str], typer.Option(
        "--to", help="Up to and including this local day, e.g. 2026-11-30.")] = None,
    action: Annotated[Optional[str], typer.Option(
        help="Only actions starting with this, e.g. signin or ban_.")] = None,
    staff: Annotated[Optional[str], typer.Option(help="Only this person's events.")] = None,
    limit: Annotated[int, typer.Option(help="At most this many, newest first.")] = 1000,
    as_json: Annotated[bool, typer.Option("--json", help="Print JSON.")] = False,
) -> None:
    """The audit log: sign-ins, changes and reads of sensitive records, newest first."""
    from datetime import timedelta

    from db.audit import events
    from db.clock import to_local

    if limit < 1 or limit > 1_000_000:
        fail("--limit must be 1–1000000")
    start = parse_local_time(date_from, "--from") if date_from else None
    end = None
    if date_to:
        end = parse_local_time(date_to, "--to")
        if "T" not in date_to:
            end += timedelta(days=1)
    if start and end and start >= end:
        fail("--from must come before --to")
    rows = events(open_db(), None, start=start, end=end, action=action, initials=staff,
                  limit=limit)
    if as_json:
        typer.echo(json.dumps([{
            "id": r.id, "at": r.at.isoformat(), "staff": r.initials, "action": r.action,
            "subject": r.subject, "detail": json.loads(r.detail) if r.detail else None}
            for r in rows], ensure_ascii=False, indent=2))
        return
    for r in rows:
        typer.echo(f"{to_local(r.at):%Y-%m-%d %H:%M:%S} {r.initials or '-':<4} {r.action:<24} "
                   f"{r.subject or ''} {r.detail or ''}".rstrip())


@cli.command("purge")
def purge_command(dry_run: Annotated[bool, typer.Option(
        "--dry-run", help="Only count what would be deleted.")] = False) -> None:
    """Delete every record older than its retention period (also done daily by the app)."""
    from db.retention import purge, retention_days

    database = open_db()
    report = purge(database, dry_run=dry_run)
    days = retention_days(database)
    verb = "would delete" if dry_run else "deleted"
    for kind, count in report.counts.items():
        typer.echo(f"{kind:<15} kept {days[kind]:>5} days · {verb} {count}")


retention_cli = typer.Typer(help="How long each kind of record is kept.",
                            invoke_without_command=True)
cli.add_typer(retention_cli, name="retention")


@retention_cli.callback()
def retention_show(ctx: typer.Context) -> None:
    """Show the retention periods (or set one: lotsen retention set KIND DAYS)."""
    if ctx.invoked_subcommand is not None:
        return
    from db.retention import DEFAULTS, retention_days

    for kind, days in retention_days(open_db()).items():
        typer.echo(f"{kind:<15} {days:>5} days (default {DEFAULTS[kind]})")


@retention_cli.command("set")
def retention_set(kind: str, days: int) -> None:
    """Keep records of KIND (handover_notes, incidents, referrals, audit_events, drafts)
    for DAYS days."""
    from db.retention import set_retention

    set_retention(open_db(), kind, days, None)
    typer.echo(f"{kind}: kept {days} days")


def _report_day(text: str, option: str):  # noqa: ANN201
    from datetime import date

    try:
        return date.fromisoformat(text.strip())
    except ValueError:
        fail(f"{option} must be a date like 2026-11-24, not {text!r}")


@cli.command("report")
def report_command(
    date_from: Annotated[str, typer.Option("--from", help="First day, e.g. 2026-01-01.",
                                           metavar="YYYY-MM-DD")],
    date_to: Annotated[str, typer.Option("--to", help="Last day (included), e.g. 2026-12-31.",
                                         metavar="YYYY-MM-DD")],
    output: Annotated[str, typer.Option("--output", "-o", help="The file to write.",
                                        metavar="FILE")],
    fmt: Annotated[Optional[str], typer.Option(
        "--format", help="csv or xlsx (default: from the file name).")] = None,
    branch: Annotated[Optional[str], typer.Option(
        help="One branch by name (default: every branch).", metavar="NAME")] = None,
    lang: Annotated[Optional[str], typer.Option(
        "--lang", help="Headings in sv or en (default: the lang setting).")] = None,
) -> None:
    """Incident statistics (by type, category, zone, weekday and hour, week) and the
    anonymous referrals of a period, as CSV (long form) or XLSX (one sheet per table)."""
    from pathlib import Path

    start, end = _report_day(date_from, "--from"), _report_day(date_to, "--to")
    if start > end:
        fail(f"--from {start} is after --to {end}")
    chosen = (fmt or Path(output).suffix.lstrip(".")).strip().lower()
    if chosen not in ("csv", "xlsx"):
        fail(f"--format must be csv or xlsx, not {fmt!r}" if fmt else
             f"give --format csv or xlsx (the file name {output!r} does not tell)")
    language = (lang or state.settings.lang).strip().lower()
    if language not in ("sv", "en"):
        fail(f"--lang must be sv or en, not {lang!r}")

    from db.incident_stats import branch_by_name, statistics
    from db.report import write_csv, write_xlsx

    database = open_db()
    branch_id = branch_by_name(database, branch) if branch is not None else None
    stats = statistics(database, start, end, branch_id)
    database.close()
    written = (write_csv if chosen == "csv" else write_xlsx)(stats, output, language)
    typer.echo(f"{written}: {stats.total} incidents, {stats.referrals_total} referrals, "
               f"{start} to {end} ({stats.branch_name or 'every branch'})")


def _size(size: int) -> str:
    return f"{size / 1_048_576:.1f} MB" if size >= 1_048_576 else f"{max(1, size // 1024)} kB"


@cli.command("backup")
def backup_command(
    file: Annotated[str, typer.Argument(help="The backup file to write.")],
    overwrite: Annotated[bool, typer.Option(
        "--overwrite", help="Replace FILE when it exists.")] = False,
) -> None:
    """Copy the SQLite database to FILE while desks keep working (checked copy).
    PostgreSQL: use pg_dump."""
    from db.backup import backup

    info = backup(state.settings.database_url, file, overwrite=overwrite)
    typer.echo(f"{info.path}: {_size(info.size)}, {info.tables} tables, {info.incidents} "
               f"incidents, {info.notes} handover notes, {info.referrals} referrals, schema "
               f"{info.revision}, integrity ok")


@cli.command("restore")
def restore_command(
    file: Annotated[str, typer.Argument(help="A backup made by lotsen backup.")],
    yes: Annotated[bool, typer.Option(
        "--yes", "-y", help="Do not ask for confirmation.")] = False,
) -> None:
    """Replace the SQLite database with the backup FILE (the current database is kept as
    NAME.before-restore-TIMESTAMP.sqlite beside it). PostgreSQL: use pg_restore."""
    import sys

    from db.backup import check_backup, restore, sqlite_file

    url = state.settings.database_url
    database = sqlite_file(url, "restore")
    checked = check_backup(file)
    if not yes:
        if not sys.stdin.isatty():
            fail("restore replaces the whole database: add --yes to confirm "
                 "(stdin is not a terminal, so nobody can be asked)")
        typer.echo(f"{checked.path}: {checked.incidents} incidents, {checked.notes} handover "
                   f"notes, {checked.referrals} referrals, schema {checked.revision}", err=True)
        try:
            sure = typer.confirm(f"Replace everything in {database} with this backup?",
                                 default=False, err=True)
        except typer.Abort:
            sure = False
        if not sure:
            typer.echo("restore cancelled; the database is unchanged", err=True)
            raise typer.Exit(1)
    info = restore(checked.path, url)
    kept = f"; the replaced database is kept as {info.previous}" if info.previous else ""
    upgraded = " (upgraded)" if info.upgraded else ""
    typer.echo(f"{info.database} restored from {checked.path}: {info.incidents} incidents, "
               f"{info.notes} handover notes, {info.referrals} referrals, schema "
               f"{info.revision}{upgraded}{kept}")
