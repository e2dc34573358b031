"""Import and export of the help-service directory as Open Referral HSDS 3.0.

:func:`import_path` reads an HSDS tabular package (a folder of CSV files, with or without
``datapackage.json``) or an HSDS JSON document (a service, a list of services, an
organization with its services, a service at a location, or a list of those). Every row is
checked before anything is written: required fields, types, enums, lengths and foreign keys.

* Strict (the default): any problem refuses the whole import and nothing is written.
* Lenient: rows with problems are skipped, and so are rows that refer to a skipped row.

Choices worth knowing:

* "Required" means what Lotsen cannot store without (``id`` and the NOT NULL columns, e.g.
  ``service.name``, ``service.organization_id``, ``phone.number``). HSDS also calls for
  example ``organization.description`` required; Lotsen accepts it missing.
* Columns Lotsen does not store (``service.wait_time``, ``location.url`` …) and tables it
  does not hold (``funding``, ``program`` …) are ignored, unchecked.
* Importing again updates rows by id. For each imported service, its child rows (phones,
  schedules, languages, contacts, service-at-locations, attributes, cost options, required
  documents) are replaced when the import covers that kind of row: the CSV file is in the
  package, or the service's JSON object has that list. Rows no longer listed are deleted and
  references to them (e.g. ``language.phone_id``) are cleared. A kind the import does not
  cover is left alone, so importing a short service list does not wipe phone numbers.
  Children of organizations and locations are only added or updated, never deleted.
* New services get ``source = "local"``; an existing national service stays national.
* ``schedule.closed_on_holidays`` is set when the schedule's notes or description say so
  ("stängt helgdagar", "closed on public holidays" …). On export, a schedule closed on
  holidays whose text does not say so gets :data:`HOLIDAY_NOTE` appended to its notes,
  which the import removes again, so the flag and the notes round-trip.

:func:`export_package` writes a tabular package that ``frictionless validate`` accepts: one
CSV per table Lotsen holds, with every official column in the official order, and a
``datapackage.json`` built from the field lists below. The descriptor keeps HSDS's names,
types, enums, primary and foreign keys; it leaves out the string formats (uuid, email, uri)
that Lotsen does not check, and marks required only what Lotsen guarantees.
"""

from __future__ import annotations

import csv
import io
import json
import re
import unicodedata
from collections.abc import Callable, Iterable, Iterator
from dataclasses import dataclass
from dataclasses import field as dataclass_field
from datetime import UTC, date, datetime, time
from decimal import Decimal, InvalidOperation
from functools import cache, partial
from pathlib import Path

from sqlalchemy import Column, Float, Integer, delete, update
from sqlalchemy.exc import SQLAlchemyError
from sqlmodel import Session, SQLModel, col, select

from db.database import Database
from db.errors import N_
from db.models_directory import (
    Address,
    Attribute,
    Contact,
    CostOption,
    Language,
    Location,
    Organization,
    Phone,
    RequiredDocument,
    Schedule,
    Service,
    ServiceAtLocation,
    Taxonomy,
    TaxonomyTerm,
)

HOLIDAY_NOTE = "Stängt helgdagar."
TEXT_LIMIT = 20_000  # characters, for the unlimited (TEXT) columns
FILE_LIMIT_MB = 50
MAX_NESTING = 12  # nested HSDS objects in a JSON document
_CHUNK = 500  # ids per IN (...) query


# --- Reports -------------------------------------------------------------------------------

@dataclass
class Problem:
    """One thing wrong with the input.

    ``file`` is the CSV file name, or for JSON the file name and a JSON Pointer to the object
    (``service_full.json#/phones/0``). ``row`` is the 1-based data row of a CSV file (None
    for JSON and for whole-file problems). ``field`` is the HSDS column. ``message`` is
    English; ``template`` (marked for translation) and ``params`` let the UI translate it.
    """

    file: str
    row: int | None
    field: str | None
    message: str
    template: str = ""
    params: dict[str, object] = dataclass_field(default_factory=dict)


@dataclass
class ImportReport:
    counts: dict[str, int]  # rows written per HSDS table
    problems: list[Problem]
    refused: bool  # True when nothing was written because of problems


def _problem(file: str, row: int | None, column: str | None, template: str, /,
             **params: object) -> Problem:
    return Problem(file, row, column, template.format(**params), template, params)


class _Bad(Exception):
    """A value that cannot be used; carries a message template and its parameters."""

    def __init__(self, template: str, **params: object) -> None:
        super().__init__(template)
        self.template = template
        self.params = params


# --- The tables: HSDS columns in the official order -----------------------------------------

@dataclass(frozen=True)
class _Table:
    name: str  # HSDS resource name, also Lotsen's table name
    path: str  # CSV file name in a tabular package
    model: type[SQLModel]
    columns: tuple[str, ...]  # every HSDS column; "name:type" where the type is not string
    enums: dict[str, tuple[str, ...]] = dataclass_field(default_factory=dict)
    unique: tuple[str, ...] = ("id",)

    @property
    def names(self) -> tuple[str, ...]:
        return tuple(c.split(":")[0] for c in self.columns)

    def hsds_type(self, column: str) -> str:
        for spec in self.columns:
            name, _, kind = spec.partition(":")
            if name == column:
                return kind or "string"
        raise KeyError(column)

    def stored(self, column: str) -> Column | None:
        """Lotsen's database column of that name, if Lotsen stores it."""
        return self.model.__table__.columns.get(column)  # type: ignore[attr-defined]

    def attribute(self, column: str):
        """The model's column, for queries."""
        return col(getattr(self.model, column))

    @property
    def foreign_keys(self) -> dict[str, str]:
        """HSDS foreign keys to tables Lotsen holds: ``x_id`` refers to table ``x``."""
        return {c: c[:-3] for c in self.names if c.endswith("_id") and c[:-3] in _TABLE_NAMES}

    @property
    def not_null(self) -> tuple[str, ...]:
        """Columns that always have a value in Lotsen (required in the export)."""
        return tuple(c for c in self.names
                     if (stored := self.stored(c)) is not None and not stored.nullable)

    @property
    def required(self) -> tuple[str, ...]:
        """Columns an imported row must give: NOT NULL and without a default."""
        return tuple(c for c in self.not_null if self.stored(c).default is None)


_DAYS = ("MO", "TU", "WE", "TH", "FR", "SA", "SU")
_PLACE_TYPES = ("physical", "postal", "virtual")

# In the order of the official HSDS 3.0 datapackage.json.
TABLES: tuple[_Table, ...] = (
    _Table("organization", "organizations.csv", Organization, (
        "id", "name", "alternate_name", "description", "email", "website", "tax_status",
        "tax_id", "year_incorporated:number", "legal_status", "logo", "uri",
        "parent_organization_id")),
    _Table("service", "services.csv", Service, (
        "id", "organization_id", "program_id", "name", "alternate_name", "description", "url",
        "email", "status", "interpretation_services", "application_process",
        "fees_description", "wait_time", "fees", "accreditations", "eligibility_description",
        "minimum_age:number", "maximum_age:number", "assured_date:date", "assurer_email",
        "licenses", "alert", "last_modified:datetime"),
        enums={"status": ("active", "inactive", "defunct", "temporarily closed")}),
    _Table("attribute", "attributes.csv", Attribute, (
        "id", "link_id", "taxonomy_term_id", "link_type", "link_entity", "value")),
    _Table("service_at_location", "service_at_location.csv", ServiceAtLocation, (
        "id", "service_id", "location_id", "description")),
    _Table("location", "locations.csv", Location, (
        "id", "location_type", "url", "organization_id", "name", "alternate_name",
        "description", "transportation", "latitude:number", "longitude:number",
        "external_identifier", "external_identifier_type"),
        enums={"location_type": _PLACE_TYPES}),
    _Table("phone", "phones.csv", Phone, (
        "id", "location_id", "service_id", "organization_id", "contact_id",
        "service_at_location_id", "number", "extension:number", "type", "description")),
    _Table("contact", "contacts.csv", Contact, (
        "id", "organization_id", "service_id", "service_at_location_id", "location_id", "name",
        "title", "department", "email")),
    _Table("address", "addresses.csv", Address, (
        "id", "location_id", "attention", "address_1", "address_2", "city", "region",
        "state_province", "postal_code", "country", "address_type"),
        enums={"address_type": _PLACE_TYPES}),
    _Table("schedule", "schedules.csv", Schedule, (
        "id", "service_id", "location_id", "service_at_location_id", "valid_from:date",
        "valid_to:date", "dtstart:date", "timezone:number", "until:date", "count:number",
        "wkst", "freq", "interval:number", "byday", "byweekno", "bymonthday", "byyearday",
        "description", "opens_at:time", "closes_at:time", "schedule_link", "attending_type",
        "notes"),
        enums={"wkst": _DAYS, "freq": ("WEEKLY", "MONTHLY")}),
    _Table("required_document", "required_documents.csv", RequiredDocument, (
        "id", "service_id", "document", "uri")),
    _Table("language", "languages.csv", Language, (
        "id", "service_id", "location_id", "phone_id", "name", "code", "note")),
    _Table("taxonomy_term", "taxonomy_terms.csv", TaxonomyTerm, (
        "id", "code", "name", "description", "parent_id", "taxonomy", "language", "taxonomy_id",
        "term_uri"), unique=("id", "code")),
    _Table("cost_option", "cost_options.csv", CostOption, (
        "id", "service_id", "valid_from:date", "valid_to:date", "option", "currency",
        "amount:number", "amount_description")),
    _Table("taxonomy", "taxonomies.csv", Taxonomy, (
        "id", "name", "description", "uri", "version")),
)
_TABLE_NAMES = frozenset(t.name for t in TABLES)
_BY_NAME = {t.name: t for t in TABLES}
# Parents before children, so that the database's own foreign keys hold at every flush.
_WRITE_ORDER = ("taxonomy", "organization", "taxonomy_term", "location", "address", "service",
                "service_at_location", "contact", "phone", "schedule", "language", "attribute",
                "required_document", "cost_option")
# A service's own rows, which a re-import replaces (see the module docstring).
_SERVICE_CHILDREN = ("phone", "schedule", "language", "contact", "service_at_location",
                     "attribute", "cost_option", "required_document")


# --- Values --------------------------------------------------------------------------------

def _is_empty(value: object) -> bool:
    return value is None or (isinstance(value, str) and not value.strip())


def _show(value: object) -> str:
    """A bad value, shortened, for a message: text quoted, anything else as JSON."""
    if not isinstance(value, str):
        return json.dumps(value, ensure_ascii=False)[:40]
    return repr(value if len(value) <= 40 else value[:39] + "…")


def _check_characters(text: str) -> None:
    """Refuse control characters (other than tab and line breaks) and lone surrogates."""
    for char in text:
        if char in "\t\n\r":
            continue
        category = unicodedata.category(char)
        if category == "Cc":
            raise _Bad(N_("contains a control character ({code})"), code=f"U+{ord(char):04X}")
        if category == "Cs":
            raise _Bad(N_("contains an invalid character ({code})"), code=f"U+{ord(char):04X}")


def _number_text(number: Decimal) -> str:
    if number == number.to_integral_value():
        return str(int(number))
    return format(number.normalize(), "f")


def _to_decimal(value: object) -> Decimal:
    if isinstance(value, bool) or not isinstance(value, (int, float, str)):
        raise _Bad(N_("{value} is not a number"), value=_show(value))
    if isinstance(value, str) and len(value) > 40:
        raise _Bad(N_("{value} is not a number"), value=_show(value))
    try:
        number = Decimal(str(value).strip())
    except InvalidOperation:
        raise _Bad(N_("{value} is not a number"), value=_show(value)) from None
    if not number.is_finite():
        raise _Bad(N_("{value} is not a number"), value=_show(value))
    if number.adjusted() > 15:
        raise _Bad(N_("{value} is out of range"), value=_show(value))
    return number


def _to_text(value: object, limit: int, choices: tuple[str, ...] = ()) -> str:
    if isinstance(value, bool) or not isinstance(value, (str, int, float)):
        raise _Bad(N_("must be text"))
    text = value if isinstance(value, str) else _number_text(_to_decimal(value))
    if len(text) > limit:
        raise _Bad(N_("is too long: {length} characters, at most {limit}"),
                   length=len(text), limit=limit)
    _check_characters(text)
    if choices and text not in choices:
        raise _Bad(N_("{value} is not one of: {choices}"), value=_show(text),
                   choices=", ".join(choices))
    return text


def _to_int(value: object) -> int:
    number = _to_decimal(value)
    if number != number.to_integral_value():
        raise _Bad(N_("{value} is not a whole number"), value=_show(value))
    if not -(2**31) <= number < 2**31:
        raise _Bad(N_("{value} is out of range"), value=_show(value))
    return int(number)


def _to_float(value: object) -> float:
    return float(_to_decimal(value))


def _to_number_text(value: object, limit: int) -> str:
    """An HSDS number that Lotsen stores as text (schedule.timezone, phone.extension)."""
    return _to_text(_number_text(_to_decimal(value)), limit)


_DATE = re.compile(r"\d{4}-\d{2}-\d{2}", re.ASCII)
_TIME = re.compile(r"\d{2}:\d{2}(:\d{2})?", re.ASCII)


def _to_date(value: object) -> date:
    text = value.strip() if isinstance(value, str) else ""
    try:
        if _DATE.fullmatch(text):
            return date.fromisoformat(text)
    except ValueError:
        pass
    raise _Bad(N_("{value} is not a date (YYYY-MM-DD)"), value=_show(value))


def _to_time(value: object) -> time:
    text = value.strip() if isinstance(value, str) else ""
    try:
        if _TIME.fullmatch(text):
            return time.fromisoformat(text)
    except ValueError:
        pass
    raise _Bad(N_("{value} is not a time (HH:MM or HH:MM:SS)"), value=_show(value))


def _to_datetime(value: object) -> datetime:
    text = value.strip() if isinstance(value, str) else ""
    try:
        if 10 <= len(text) <= 40 and text.isascii() and text[:4].isdigit():
            moment = datetime.fromisoformat(text)
            if moment.tzinfo is None:
                moment = moment.replace(tzinfo=UTC)
            return moment.astimezone(UTC)
    except ValueError:
        pass
    raise _Bad(N_("{value} is not a date and time (ISO 8601)"), value=_show(value))


@cache
def _converter(table_name: str, column: str) -> Callable[[object], object] | None:
    """How to read an HSDS column into Lotsen's column; None for columns Lotsen ignores."""
    table = _BY_NAME[table_name]
    stored = table.stored(column)
    if stored is None:
        return None
    kind = table.hsds_type(column)
    simple = {"date": _to_date, "time": _to_time, "datetime": _to_datetime}
    if kind in simple:
        return simple[kind]
    limit = getattr(stored.type, "length", None) or TEXT_LIMIT
    if kind == "number":
        if isinstance(stored.type, Integer):
            return _to_int
        if isinstance(stored.type, Float):
            return _to_float
        return partial(_to_number_text, limit=limit)
    return partial(_to_text, limit=limit, choices=table.enums.get(column, ()))


# --- Closed on public holidays --------------------------------------------------------------

_HOLIDAYS = re.compile(
    r"stängt\s+(?:på\s+|under\s+|alla\s+)*(?:allmänna\s+)?(?:helgdag|röda?\s+dag)"
    r"|(?:helgdag\w*|röda\s+dagar)\s*(?:är\s+det\s+)?:?\s*stängt"
    r"|closed\s+(?:on\s+|during\s+)?(?:all\s+)?(?:public\s+|bank\s+|national\s+)?holidays?"
    r"|not\s+(?:available|open)\s+(?:on|during)\s+(?:public\s+|bank\s+)?holidays",
    re.IGNORECASE,
)


def says_closed_on_holidays(*texts: str | None) -> bool:
    return any(text and _HOLIDAYS.search(text) for text in texts)


def _apply_holiday_note(schedule: Schedule) -> None:
    """Set the flag from the text, and remove the note the export adds."""
    notes = schedule.notes
    if notes and notes.endswith(HOLIDAY_NOTE):
        notes = notes[: -len(HOLIDAY_NOTE)].rstrip() or None
        schedule.notes = notes
        schedule.closed_on_holidays = True
        return
    schedule.closed_on_holidays = says_closed_on_holidays(notes, schedule.description)


def _exported_notes(schedule: Schedule) -> str | None:
    if not schedule.closed_on_holidays:
        return schedule.notes
    if says_closed_on_holidays(schedule.notes, schedule.description):
        return schedule.notes
    return f"{schedule.notes} {HOLIDAY_NOTE}" if schedule.notes else HOLIDAY_NOTE


# --- Reading the input ------------------------------------------------------------------------

@dataclass
class _Raw:
    """One row as read: HSDS column -> value as given (only the columns given)."""

    table: str
    values: dict[str, object]
    file: str
    row: int | None


@dataclass
class _Source:
    rows: list[_Raw] = dataclass_field(default_factory=list)
    problems: list[Problem] = dataclass_field(default_factory=list)
    # service id -> the kinds of child rows the input lists completely for that service
    covers: dict[str, set[str]] = dataclass_field(default_factory=dict)


def _read_text(file: Path, label: str, problems: list[Problem]) -> str | None:
    """The file's text (line ends as they are), or None with a Problem."""
    try:
        if file.stat().st_size > FILE_LIMIT_MB * 1_000_000:
            problems.append(_problem(label, None, None, N_("is larger than {limit} MB"),
                                     limit=FILE_LIMIT_MB))
            return None
        with file.open(encoding="utf-8-sig", newline="") as handle:
            return handle.read()
    except UnicodeDecodeError:
        problems.append(_problem(label, None, None, N_("is not UTF-8 text")))
    except OSError as exc:
        problems.append(_problem(label, None, None, N_("cannot be read: {reason}"),
                                 reason=exc.strerror or exc.__class__.__name__))
    return None


def _csv_rows(table: _Table, text: str, label: str, source: _Source) -> bool:
    """Add the rows of one CSV file; False if some of it could not be read."""
    try:
        records = [r for r in csv.reader(io.StringIO(text, newline="")) if r]
    except csv.Error as exc:
        source.problems.append(_problem(label, None, None, N_("is not valid CSV: {reason}"),
                                        reason=str(exc)))
        return False
    if not records:
        return True
    header = [name.strip() for name in records[0]]
    missing = [c for c in table.required if c not in header]
    for column in missing:
        source.problems.append(_problem(label, None, column,
                                        N_("is missing the required column {column}"),
                                        column=column))
    if missing:
        return False
    complete = True
    for number, record in enumerate(records[1:], start=1):
        if len(record) != len(header):
            source.problems.append(_problem(
                label, number, None, N_("has {count} values but the header has {expected}"),
                count=len(record), expected=len(header)))
            complete = False
            continue
        values = {k: v for k, v in zip(header, record, strict=True) if k in table.names}
        source.rows.append(_Raw(table.name, values, label, number))
    return complete


def _package_paths(folder: Path, problems: list[Problem]) -> dict[str, Path]:
    """Table name -> CSV file, from datapackage.json when there is one."""
    paths = {t.name: folder / t.path for t in TABLES}
    descriptor = folder / "datapackage.json"
    if not descriptor.exists():
        return paths
    text = _read_text(descriptor, descriptor.name, problems)
    try:
        resources = json.loads(text)["resources"] if text is not None else []
    except (ValueError, RecursionError, KeyError, TypeError):
        problems.append(_problem(descriptor.name, None, None,
                                 N_("is not a valid data package descriptor")))
        return paths
    for resource in resources if isinstance(resources, list) else []:
        name = resource.get("name") if isinstance(resource, dict) else None
        if name not in paths:
            continue
        target = _inside(folder, resource.get("path"))
        if target is None:
            problems.append(_problem(descriptor.name, None, "path",
                                     N_("the path of {name} is not a file in the folder"),
                                     name=name))
            continue
        paths[name] = target
    return paths


def _inside(folder: Path, path: object) -> Path | None:
    """FOLDER / PATH when that is a plain file path inside FOLDER."""
    if not isinstance(path, str):
        return None
    try:
        target = (folder / path).resolve()
        return target if target.is_relative_to(folder.resolve()) else None
    except (OSError, ValueError):
        return None


def _read_folder(folder: Path) -> _Source:
    source = _Source()
    found: set[str] = set()
    complete: set[str] = set()  # tables whose every row could be read
    for name, file in _package_paths(folder, source.problems).items():
        if not file.is_file():
            continue  # optional: the package does not hold this table
        found.add(name)
        text = _read_text(file, file.name, source.problems)
        if text is not None and _csv_rows(_BY_NAME[name], text, file.name, source):
            complete.add(name)
    if not found and not source.problems:
        source.problems.append(_problem(folder.name, None, None, N_("holds no HSDS tables")))
    covered = complete.intersection(_SERVICE_CHILDREN)
    for raw in source.rows:
        if raw.table == "service" and isinstance(raw.values.get("id"), str):
            source.covers[raw.values["id"]] = set(covered)
    return source


# Nested JSON objects. Children get the parent's id in COLUMN; for "parents", the row gets
# the nested object's id in COLUMN. Every object may also hold "attributes".
_CHILDREN: dict[str, tuple[tuple[str, str, str], ...]] = {
    "organization": (("services", "service", "organization_id"),
                     ("locations", "location", "organization_id"),
                     ("phones", "phone", "organization_id"),
                     ("contacts", "contact", "organization_id")),
    "service": (("phones", "phone", "service_id"), ("schedules", "schedule", "service_id"),
                ("service_at_locations", "service_at_location", "service_id"),
                ("languages", "language", "service_id"), ("contacts", "contact", "service_id"),
                ("cost_options", "cost_option", "service_id"),
                ("required_documents", "required_document", "service_id")),
    "service_at_location": (("phones", "phone", "service_at_location_id"),
                            ("contacts", "contact", "service_at_location_id"),
                            ("schedules", "schedule", "service_at_location_id")),
    "location": (("addresses", "address", "location_id"), ("phones", "phone", "location_id"),
                 ("contacts", "contact", "location_id"),
                 ("schedules", "schedule", "location_id"),
                 ("languages", "language", "location_id")),
    "contact": (("phones", "phone", "contact_id"),),
    "phone": (("languages", "language", "phone_id"),),
}
_PARENTS: dict[str, tuple[tuple[str, str, str], ...]] = {
    "service": (("organization", "organization", "organization_id"),),
    "service_at_location": (("service", "service", "service_id"),
                            ("location", "location", "location_id")),
    "attribute": (("taxonomy_term", "taxonomy_term", "taxonomy_term_id"),),
    "taxonomy_term": (("taxonomy_detail", "taxonomy", "taxonomy_id"),
                      ("taxonomy", "taxonomy", "taxonomy_id")),
}


def _json_id(value: object) -> str | None:
    if isinstance(value, str) and value.strip():
        return value
    if isinstance(value, int) and not isinstance(value, bool):
        return str(value)
    return None


class _JsonReader:
    """Flattens nested HSDS JSON into rows; an object seen twice (same id) is merged."""

    def __init__(self, name: str) -> None:
        self.name = name
        self.source = _Source()
        self.seen: dict[tuple[str, str], _Raw] = {}

    def _label(self, pointer: str) -> str:
        return f"{self.name}#{pointer}" if pointer else self.name

    def _fail(self, pointer: str, template: str, **params: object) -> None:
        self.source.problems.append(_problem(self._label(pointer), None, None, template,
                                             **params))

    def entity(self, obj: object, table: str, pointer: str, links: dict[str, str],
               depth: int = 0) -> str | None:
        """Add the object and everything nested in it; return its id."""
        if not isinstance(obj, dict):
            self._fail(pointer, N_("must be an object"))
            return None
        if depth > MAX_NESTING:
            self._fail(pointer, N_("is nested too deeply"))
            return None
        values = {k: v for k, v in obj.items() if k in _BY_NAME[table].names}
        for key, parent, column in _PARENTS.get(table, ()):
            if isinstance(obj.get(key), dict):
                values.pop(key, None)
                parent_id = self.entity(obj[key], parent, f"{pointer}/{key}", {}, depth + 1)
                if parent_id and _is_empty(values.get(column)):
                    values[column] = parent_id
        for column, value in links.items():
            if _is_empty(values.get(column)):
                values[column] = value
        row_id = _json_id(values.get("id"))
        self._store(table, row_id, values, pointer)
        if row_id is not None:
            self._children(obj, table, row_id, pointer, depth)
        return row_id

    def _children(self, obj: dict, table: str, row_id: str, pointer: str, depth: int) -> None:
        nested = _CHILDREN.get(table, ()) + (("attributes", "attribute", "link_id"),)
        for key, child, column in nested:
            if key not in obj:
                continue
            items = [] if obj[key] is None else obj[key]
            if not isinstance(items, list):
                self._fail(f"{pointer}/{key}", N_("must be a list"))
                continue
            if table == "service" and all(isinstance(i, dict) and _json_id(i.get("id"))
                                          for i in items):
                self.source.covers.setdefault(row_id, set()).add(child)
            links = {column: row_id}
            if child == "attribute":
                links["link_entity"] = table
            for index, item in enumerate(items):
                self.entity(item, child, f"{pointer}/{key}/{index}", links, depth + 1)

    def _store(self, table: str, row_id: str | None, values: dict, pointer: str) -> None:
        if row_id is not None:
            values["id"] = row_id
            earlier = self.seen.get((table, row_id))
            if earlier is not None:
                for column, value in values.items():
                    if _is_empty(earlier.values.get(column)):
                        earlier.values[column] = value
                return
        raw = _Raw(table, values, self._label(pointer), None)
        self.source.rows.append(raw)
        if row_id is not None:
            self.seen[(table, row_id)] = raw


def _guess_table(obj: dict) -> str | None:
    """Which HSDS object a top-level JSON object is."""
    if isinstance(obj.get("service"), dict) or isinstance(obj.get("location"), dict):
        return "service_at_location"
    if "service_id" in obj and "location_id" in obj:
        return "service_at_location"
    if "services" in obj:
        return "organization"
    if any(k in obj for k in ("status", "organization", "organization_id",
                              "service_at_locations")):
        return "service"
    if any(k in obj for k in ("website", "tax_status", "tax_id", "legal_status",
                              "year_incorporated", "locations", "logo")):
        return "organization"
    return None


def _top_level(data: object) -> Iterator[tuple[str, object]]:
    if isinstance(data, list):
        yield from ((f"/{i}", item) for i, item in enumerate(data))
    elif isinstance(data, dict) and isinstance(data.get("contents"), list):
        yield from ((f"/contents/{i}", item) for i, item in enumerate(data["contents"]))
    else:
        yield "", data


def _read_json(file: Path) -> _Source:
    reader = _JsonReader(file.name)
    text = _read_text(file, file.name, reader.source.problems)
    if text is None:
        return reader.source
    try:
        data = json.loads(text)
    except (ValueError, RecursionError) as exc:
        reason = str(exc)[:200] if isinstance(exc, ValueError) else "nested too deeply"
        reader._fail("", N_("is not valid JSON: {reason}"), reason=reason)
        return reader.source
    for pointer, obj in _top_level(data):
        table = _guess_table(obj) if isinstance(obj, dict) else None
        if table is None:
            reader._fail(pointer, N_("is not an HSDS service, organization or service at "
                                     "location"))
            continue
        reader.entity(obj, table, pointer, {})
    return reader.source


def _read(path: Path) -> _Source:
    if path.is_dir():
        return _read_folder(path)
    if path.is_file() and path.suffix.lower() == ".json":
        return _read_json(path)
    template = (N_("is neither a folder nor a .json file") if path.exists()
                else N_("no such file or folder"))
    return _Source(problems=[_problem(str(path), None, None, template)])


# --- Checking the rows ------------------------------------------------------------------------

@dataclass
class _Row:
    table: str
    id: str
    values: dict[str, object]  # Lotsen column -> value, only the columns given
    file: str
    row: int | None
    bad: bool = False


def _convert(raw: _Raw, problems: list[Problem]) -> _Row:
    """Read a row's values into Lotsen's types; each bad value becomes a Problem."""
    table = _BY_NAME[raw.table]
    values: dict[str, object] = {}
    failed: set[str] = set()
    for column, value in raw.values.items():
        convert = _converter(table.name, column)
        if convert is None:
            continue
        if _is_empty(value):
            if table.stored(column).nullable:
                values[column] = None
            continue  # NOT NULL: a default applies, or "required" below says so
        try:
            values[column] = convert(value)
        except _Bad as exc:
            problems.append(_problem(raw.file, raw.row, column, exc.template, **exc.params))
            failed.add(column)
    for column in table.required:
        if column not in values and column not in failed:
            problems.append(_problem(raw.file, raw.row, column, N_("is required")))
            failed.add(column)
    row_id = values.get("id")
    return _Row(raw.table, row_id if isinstance(row_id, str) else "", values, raw.file,
                raw.row, bad=bool(failed))


def _check_duplicates(rows: list[_Row], problems: list[Problem]) -> None:
    first: dict[tuple[str, str], _Row] = {}
    for row in rows:
        if not row.id:
            continue
        earlier = first.setdefault((row.table, row.id), row)
        if earlier is not row:
            problems.append(_problem(row.file, row.row, "id",
                                     N_("the id {id} is used twice (also row {first})"),
                                     id=row.id, first=earlier.row))
            row.bad = True


def _check_unique_codes(rows: list[_Row], session: Session, problems: list[Problem]) -> None:
    """taxonomy_term.code is unique in HSDS: across the import and the database."""
    terms = [r for r in rows if r.table == "taxonomy_term" and r.values.get("code")]
    owners = {code: term_id for term_id, code in session.exec(
        select(TaxonomyTerm.id, TaxonomyTerm.code).where(col(TaxonomyTerm.code).is_not(None)))}
    imported = {r.id for r in terms}
    owners = {code: term_id for code, term_id in owners.items() if term_id not in imported}
    for row in terms:
        owner = owners.setdefault(str(row.values["code"]), row.id)
        if owner != row.id:
            problems.append(_problem(row.file, row.row, "code",
                                     N_("the code {code} is already used by taxonomy term "
                                        "{other}"), code=row.values["code"], other=owner))
            row.bad = True


def _existing_ids(session: Session) -> dict[str, set[str]]:
    return {t.name: set(session.exec(select(t.attribute("id")))) for t in TABLES}


def _ids(rows: list[_Row], *, kept_only: bool) -> dict[str, set[str]]:
    ids: dict[str, set[str]] = {name: set() for name in _TABLE_NAMES}
    for row in rows:
        if not (kept_only and row.bad):
            ids[row.table].add(row.id)
    return ids


def _dangling(row: _Row, known: dict[str, set[str]], usable: dict[str, set[str]],
              imported: dict[str, set[str]], problems: list[Problem]) -> bool:
    """Report each foreign key of ROW that names no usable row; True if there was one."""
    found = False
    for column, target in _BY_NAME[row.table].foreign_keys.items():
        ref = row.values.get(column)
        if not isinstance(ref, str) or ref in known[target] or ref in usable[target]:
            continue
        template = (N_("refers to {table} {id}, which was skipped") if ref in imported[target]
                    else N_("refers to {table} {id}, which is neither in the import nor in "
                            "the database"))
        problems.append(_problem(row.file, row.row, column, template, table=target, id=ref))
        found = True
    return found


def _check_references(rows: list[_Row], known: dict[str, set[str]], lenient: bool,
                      problems: list[Problem]) -> None:
    """Every foreign key must name a row of the import or of the database.

    Strict: any row of the import counts. Lenient: only rows that are kept count, so a row
    that refers to a skipped row is skipped too (repeated until nothing changes).
    """
    imported = _ids(rows, kept_only=False)
    while True:
        usable = _ids(rows, kept_only=lenient)
        newly_bad = [row for row in rows if not (lenient and row.bad)
                     and _dangling(row, known, usable, imported, problems)]
        for row in newly_bad:
            row.bad = True
        if not lenient or not newly_bad:
            return


# --- Writing ----------------------------------------------------------------------------------

def _chunks(ids: list[str]) -> Iterator[list[str]]:
    for start in range(0, len(ids), _CHUNK):
        yield ids[start:start + _CHUNK]


def _upsert(session: Session, table: _Table, rows: list[_Row]) -> None:
    model = table.model
    existing: dict[str, SQLModel] = {}
    for chunk in _chunks([r.id for r in rows]):
        for obj in session.exec(select(model).where(table.attribute("id").in_(chunk))):
            existing[obj.id] = obj
    for row in rows:
        obj = existing.get(row.id)
        if obj is None:
            obj = model(**row.values)
            if isinstance(obj, Service):
                obj.source = "local"
        else:
            for column, value in row.values.items():
                setattr(obj, column, value)
            if isinstance(obj, Service) and obj.source != "national":
                obj.source = "local"
        if isinstance(obj, Schedule):
            _apply_holiday_note(obj)
        session.add(obj)
    session.flush()


def _stale_children(session: Session, rows: list[_Row],
                    covers: dict[str, set[str]]) -> dict[str, list[str]]:
    """Child rows of the imported services that the import covers but no longer lists.

    ROWS are all rows read, skipped ones too: a skipped row does not delete its old version.
    """
    listed = _ids(rows, kept_only=False)
    services = [r.id for r in rows if r.table == "service" and not r.bad]
    stale: dict[str, list[str]] = {}
    for child in _SERVICE_CHILDREN:
        table = _BY_NAME[child]
        owner = table.attribute("link_id" if child == "attribute" else "service_id")
        mine = [s for s in services if child in covers.get(s, ())]
        for chunk in _chunks(mine):
            found = session.exec(select(table.attribute("id")).where(owner.in_(chunk)))
            stale.setdefault(child, []).extend(i for i in found if i not in listed[child])
    return stale


def _remove(session: Session, stale: dict[str, list[str]]) -> None:
    """Delete stale rows, first clearing the references other rows hold to them (all such
    references are nullable columns)."""
    for name, ids in stale.items():
        for table in TABLES:
            for column, target in table.foreign_keys.items():
                if target != name:
                    continue
                for chunk in _chunks(ids):
                    session.exec(update(table.model).where(table.attribute(column).in_(chunk))
                                 .values({column: None}))
    for name, ids in stale.items():
        table = _BY_NAME[name]
        for chunk in _chunks(ids):
            session.exec(delete(table.model).where(table.attribute("id").in_(chunk)))


def _no_counts() -> dict[str, int]:
    return {t.name: 0 for t in TABLES}


def _write(session: Session, rows: list[_Row], covers: dict[str, set[str]]) -> dict[str, int]:
    """Upsert the rows without problems and delete stale child rows; the counts written."""
    counts = _no_counts()
    stale = _stale_children(session, rows, covers)
    for name in _WRITE_ORDER:
        batch = [r for r in rows if r.table == name and not r.bad]
        _upsert(session, _BY_NAME[name], batch)
        counts[name] = len(batch)
    _remove(session, stale)
    return counts


# --- Import -----------------------------------------------------------------------------------

def import_path(database: Database, path: str | Path, *, lenient: bool = False) -> ImportReport:
    """Import an HSDS tabular package (folder) or HSDS JSON file; see the module docstring."""
    source = _read(Path(path))
    problems = list(source.problems)
    rows = [_convert(raw, problems) for raw in source.rows]
    _check_duplicates(rows, problems)
    empty = _no_counts()
    try:
        with database.write() as session:
            _check_unique_codes(rows, session, problems)
            _check_references(rows, _existing_ids(session), lenient, problems)
            problems.sort(key=lambda p: (p.file, p.row or 0))
            if (problems and not lenient) or all(r.bad for r in rows):
                return ImportReport(empty, problems, refused=bool(problems))
            counts = _write(session, rows, source.covers)
    except SQLAlchemyError as exc:
        reason = (str(getattr(exc, "orig", None) or exc).strip().splitlines() or [""])[0][:300]
        problems.append(_problem("", None, None,
                                 N_("the database refused the import: {reason}"),
                                 reason=reason))
        return ImportReport(empty, problems, refused=True)
    return ImportReport(counts, problems, refused=False)


# --- Export -----------------------------------------------------------------------------------

def _field_descriptor(table: _Table, column: str) -> dict[str, object]:
    constraints: dict[str, object] = {
        "required": column in table.not_null,
        "unique": column in table.unique,
    }
    if column in table.enums:
        constraints["enum"] = list(table.enums[column])
    return {"name": column, "type": table.hsds_type(column), "constraints": constraints}


def _resource_descriptor(table: _Table) -> dict[str, object]:
    return {
        "name": table.name,
        "path": table.path,
        "format": "csv",
        "mediatype": "text/csv",
        "encoding": "utf-8",
        "profile": "tabular-data-resource",
        "schema": {
            "primaryKey": "id",
            "fields": [_field_descriptor(table, c) for c in table.names],
            "foreignKeys": [{"fields": column, "reference": {"resource": target,
                                                             "fields": "id"}}
                            for column, target in table.foreign_keys.items()],
        },
    }


def datapackage_descriptor() -> dict[str, object]:
    """The ``datapackage.json`` of an export (HSDS 3.0 names, types and keys)."""
    return {
        "name": "human_services_data",
        "title": "Human Services Data Specification 3.0, exported by Lotsen",
        "profile": "tabular-data-package",
        "resources": [_resource_descriptor(t) for t in TABLES],
    }


def _cell(value: object, kind: str) -> str:
    if value is None:
        return ""
    if isinstance(value, datetime):
        moment = value if value.tzinfo else value.replace(tzinfo=UTC)
        return moment.astimezone(UTC).isoformat().replace("+00:00", "Z")
    if isinstance(value, time):
        return value.strftime("%H:%M:%S")
    if isinstance(value, date):
        return value.isoformat()
    if isinstance(value, (int, float)) or kind == "number":
        try:  # text columns holding an HSDS number: leave out what is not one
            return _number_text(_to_decimal(value))
        except _Bad:
            return ""
    return str(value)


def _csv_records(table: _Table, objects: Iterable[SQLModel]) -> Iterator[list[str]]:
    yield list(table.names)
    for obj in objects:
        record = []
        for column in table.names:
            value = getattr(obj, column, None) if table.stored(column) is not None else None
            if column == "notes" and isinstance(obj, Schedule):
                value = _exported_notes(obj)
            record.append(_cell(value, table.hsds_type(column)))
        yield record


def export_package(database: Database, path: str | Path) -> dict[str, int]:
    """Write the directory as an HSDS 3.0 tabular package into folder PATH.

    Returns the number of rows written per table. Existing files of the same names are
    replaced; other files in the folder are left alone.
    """
    folder = Path(path)
    folder.mkdir(parents=True, exist_ok=True)
    counts: dict[str, int] = {}
    with database.read() as session:
        for table in TABLES:
            objects = session.exec(select(table.model).order_by(table.attribute("id"))).all()
            with (folder / table.path).open("w", encoding="utf-8", newline="") as handle:
                csv.writer(handle).writerows(_csv_records(table, objects))
            counts[table.name] = len(objects)
    descriptor = json.dumps(datapackage_descriptor(), indent=2, ensure_ascii=False)
    (folder / "datapackage.json").write_text(descriptor + "\n", encoding="utf-8")
    return counts
