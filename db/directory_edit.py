"""Adding and editing services and partner contacts in the app (directory upkeep).

The form works in plain words ("mån–fre 08:00–16:30; lör 10–14") and is stored as HSDS rows.
"""

from __future__ import annotations

import re
import uuid
from dataclasses import dataclass
from datetime import time

from sqlmodel import Session, delete, select

from db import audit
from db.clock import utcnow
from db.database import Database
from db.directory import publish_directory_change
from db.errors import N_, NotFound, ValidationError
from db.models_directory import (
    Address,
    Contact,
    Language,
    Location,
    Organization,
    Phone,
    RequiredDocument,
    Schedule,
    Service,
    ServiceAtLocation,
)
from db.records import StaffInfo
from db.roles import Permission, require
from db.shifts import parse_clock

DAY_NAMES = {
    "mån": 0, "mandag": 0, "måndag": 0, "mon": 0, "monday": 0, "mo": 0,
    "tis": 1, "tisdag": 1, "tue": 1, "tuesday": 1, "tu": 1,
    "ons": 2, "onsdag": 2, "wed": 2, "wednesday": 2, "we": 2,
    "tor": 3, "tors": 3, "torsdag": 3, "thu": 3, "thursday": 3, "th": 3,
    "fre": 4, "fredag": 4, "fri": 4, "friday": 4, "fr": 4,
    "lör": 5, "lördag": 5, "sat": 5, "saturday": 5, "sa": 5,
    "sön": 6, "söndag": 6, "sun": 6, "sunday": 6, "su": 6,
}
EVERY_DAY = {"alla", "dagligen", "daily", "all", "varje"}
BYDAY = ("MO", "TU", "WE", "TH", "FR", "SA", "SU")
_RULE = re.compile(r"^\s*(?P<days>[^\d]+?)\s+(?P<start>[\d.:]+)\s*[-–]\s*(?P<end>[\d.:]+)\s*$")


@dataclass(frozen=True)
class HoursRule:
    days: tuple[int, ...]
    opens_at: time
    closes_at: time


def _days(text: str) -> tuple[int, ...]:
    words = text.strip().lower().replace("–", "-").replace(" ", "")
    if words in EVERY_DAY:
        return tuple(range(7))
    days: list[int] = []
    for part in words.split(","):
        first, sep, last = part.partition("-")
        if first not in DAY_NAMES or (sep and last not in DAY_NAMES):
            raise ValueError(part)
        start, end = DAY_NAMES[first], DAY_NAMES[last] if sep else DAY_NAMES[first]
        span = range(start, end + 1) if start <= end else [*range(start, 7), *range(0, end + 1)]
        days.extend(d for d in span if d not in days)
    return tuple(days)


def parse_hours_text(text: str) -> list[HoursRule]:
    """Parse "mån-fre 08:00-16:30; lör 10-14" (or English day names); ";" or newline
    separates rules. "dygnet runt"/"24/7" means every day round the clock."""
    rules = []
    for chunk in re.split(r"[;\n]", text or ""):
        if not chunk.strip():
            continue
        if chunk.strip().lower() in ("dygnet runt", "24/7", "round the clock"):
            rules.append(HoursRule(tuple(range(7)), time(0), time(23, 59, 59)))
            continue
        match = _RULE.match(chunk)
        try:
            if match is None:
                raise ValueError(chunk)
            rules.append(HoursRule(_days(match["days"]), parse_clock(match["start"]),
                                   parse_clock(match["end"])))
        except ValueError:
            raise ValidationError(N_("cannot read the hours {text!r}: write e.g. "
                                     "mån-fre 08:00-16:30; lör 10-14"),
                                  field="hours", text=chunk.strip()[:60]) from None
    return rules


def hours_text(schedules: list[Schedule]) -> str:
    """Schedules back in the form's words (Swedish day abbreviations)."""
    names = ("mån", "tis", "ons", "tor", "fre", "lör", "sön")
    parts = []
    for s in schedules:
        if s.opens_at is None or s.closes_at is None:
            continue
        codes = [c.strip().upper() for c in (s.byday or ",".join(BYDAY)).split(",") if c.strip()]
        days = ",".join(names[BYDAY.index(c)] for c in codes if c in BYDAY)
        parts.append(f"{days} {s.opens_at:%H:%M}-{s.closes_at:%H:%M}")
    return "; ".join(parts)


@dataclass
class ServiceForm:
    name: str
    organization: str
    description: str = ""
    eligibility: str = ""
    fees: str = ""
    phone: str = ""
    street: str = ""
    city: str = ""
    hours: str = ""
    languages: str = ""  # comma-separated names or codes
    id_needed: str = ""  # comma-separated documents
    id: str | None = None  # None: a new service
    closed_on_holidays: bool = False
    # The values as the form showed them when editing: only fields that differ are rewritten,
    # so what the form does not show (more phones, validity dates, codes) is kept.
    loaded: dict[str, str] | None = None

    def changed(self, key: str) -> bool:
        return self.loaded is None or getattr(self, key) != self.loaded.get(key, "")


def _clean(value: str, field_name: str, limit: int, required: bool = False) -> str | None:
    text = " ".join((value or "").split())
    if required and not text:
        raise ValidationError(N_("this field is needed"), field=field_name)
    if len(text) > limit:
        raise ValidationError(N_("at most {limit} characters"), field=field_name, limit=limit)
    if any(ord(ch) < 32 for ch in text):
        raise ValidationError(N_("contains control characters"), field=field_name)
    return text or None


def _new_id() -> str:
    return str(uuid.uuid4())


def _organization(session: Session, name: str) -> str:
    found = session.exec(select(Organization).where(Organization.name == name)).first()
    if found is not None:
        return found.id
    organization = Organization(id=_new_id(), name=name)
    session.add(organization)
    session.flush()
    return organization.id


def save_service(database: Database, form: ServiceForm, actor: StaffInfo) -> str:
    """Create or update a service from the upkeep form. Returns its id."""
    require(actor.role, Permission.MANAGE_DIRECTORY)
    name = _clean(form.name, "name", 300, required=True)
    org_name = _clean(form.organization, "organization", 300, required=True)
    rules = parse_hours_text(form.hours)
    phone = _clean(form.phone, "phone", 100)
    if phone and not re.fullmatch(r"[\d +()\-]{3,30}", phone):
        raise ValidationError(N_("a phone number has digits, spaces, + and - only"),
                              field="phone")
    street = _clean(form.street, "street", 300)
    city = _clean(form.city, "city", 200)
    texts = {key: _clean(getattr(form, key), key, 2000)
             for key in ("description", "eligibility", "fees")}
    languages = [x for x in (_clean(p, "languages", 100) for p in form.languages.split(",")) if x]
    documents = [x for x in (_clean(p, "id_needed", 300) for p in form.id_needed.split(",")) if x]
    with database.write() as session:
        service = session.get(Service, form.id) if form.id else None
        if form.id and service is None:
            raise NotFound(N_("the service is no longer in the directory"))
        if service is None:
            service = Service(id=_new_id(), organization_id="", name=name or "")
        service.organization_id = _organization(session, org_name or "")
        service.name = name or ""
        service.description = texts["description"]
        service.eligibility_description = texts["eligibility"]
        service.fees_description = texts["fees"]
        service.last_modified = utcnow()
        session.add(service)
        session.flush()
        _update_children(session, service.id, form, phone, street, city, rules, languages,
                         documents)
        audit.record(session, "service_saved", staff_id=actor.id, subject=f"service:{service.id}")
        publish_directory_change(session, service.id)
        return service.id


def _update_children(session: Session, service_id: str, form: ServiceForm, phone: str | None,
                     street: str | None, city: str | None, rules: list[HoursRule],
                     languages: list[str], documents: list[str]) -> None:
    """Rewrite only what the form changed."""
    if form.changed("phone"):
        _set_first_phone(session, service_id, phone)
    if form.changed("hours"):
        session.exec(delete(Schedule).where(Schedule.service_id == service_id))  # type: ignore[call-overload]
        for rule in rules:
            session.add(Schedule(id=_new_id(), service_id=service_id, freq="WEEKLY",
                                 byday=",".join(BYDAY[d] for d in rule.days),
                                 opens_at=rule.opens_at, closes_at=rule.closes_at,
                                 closed_on_holidays=form.closed_on_holidays))
    if form.changed("languages"):
        _set_languages(session, service_id, languages)
    if form.changed("id_needed"):
        session.exec(delete(RequiredDocument).where(  # type: ignore[call-overload]
            RequiredDocument.service_id == service_id))
        for document in documents:
            session.add(RequiredDocument(id=_new_id(), service_id=service_id, document=document))
    if street and (form.changed("street") or form.changed("city")):
        _set_address(session, service_id, street, city or "")


def _set_first_phone(session: Session, service_id: str, number: str | None) -> None:
    first = session.exec(select(Phone).where(Phone.service_id == service_id,
                                             Phone.contact_id.is_(None))  # type: ignore[union-attr]
                         .order_by(Phone.id)).first()
    if first is None and number:
        session.add(Phone(id=_new_id(), service_id=service_id, number=number, type="voice"))
    elif first is not None and number:
        first.number = number
        session.add(first)
    elif first is not None:
        session.delete(first)


def _set_languages(session: Session, service_id: str, languages: list[str]) -> None:
    """Replace the languages, keeping the name and code of those already known."""
    known = {(x.name or x.code or "").casefold(): x for x in session.exec(
        select(Language).where(Language.service_id == service_id)).all()}
    known.update({(x.code or "").casefold(): x for x in known.values() if x.code})
    session.exec(delete(Language).where(Language.service_id == service_id))  # type: ignore[call-overload]
    for language in languages:
        old = known.get(language.casefold())
        if old is not None:
            name, code = old.name, old.code
        else:
            code = language.lower() if len(language) <= 3 else None
            name = None if code else language
        session.add(Language(id=_new_id(), service_id=service_id, name=name, code=code))


def _set_address(session: Session, service_id: str, street: str, city: str) -> None:
    link = session.exec(select(ServiceAtLocation).where(
        ServiceAtLocation.service_id == service_id)).first()
    if link is None:
        location = Location(id=_new_id(), name=street)
        session.add(location)
        session.flush()
        session.add(ServiceAtLocation(id=_new_id(), service_id=service_id,
                                      location_id=location.id))
        location_id = location.id
    else:
        location_id = link.location_id
    address = session.exec(select(Address).where(Address.location_id == location_id)).first()
    if address is None:
        address = Address(id=_new_id(), location_id=location_id, address_1=street, city=city,
                          country="SE", address_type="physical")
    address.address_1, address.city = street, city
    session.add(address)


def load_form(database: Database, service_id: str) -> ServiceForm:
    """The upkeep form filled in from a stored service."""
    from db.directory import service_detail

    detail = service_detail(database, service_id)
    doc = detail.doc
    with database.read() as session:
        schedules = list(session.exec(select(Schedule).where(Schedule.service_id == service_id)))
        address = session.exec(
            select(Address).join(ServiceAtLocation,
                                 ServiceAtLocation.location_id == Address.location_id)
            .where(ServiceAtLocation.service_id == service_id)).first()
    return ServiceForm(
        id=service_id, name=doc.name, organization=doc.organization,
        description=doc.description, eligibility=doc.eligibility, fees=doc.fees,
        phone=doc.phones[0] if doc.phones else "",
        street=address.address_1 if address else "", city=address.city if address else "",
        hours=hours_text(schedules), languages=", ".join(doc.languages or doc.language_codes),
        id_needed=", ".join(doc.required_documents),
        closed_on_holidays=any(s.closed_on_holidays for s in schedules),
    )


def add_contact(database: Database, service_id: str, name: str, title: str, phone: str,
                email: str, actor: StaffInfo) -> str:
    """A partner contact for the staff's own calls (never printed on a slip)."""
    require(actor.role, Permission.MANAGE_DIRECTORY)
    clean_name = _clean(name, "name", 300, required=True)
    clean_email = _clean(email, "email", 300)
    if clean_email and not re.fullmatch(r"[^@\s]+@[^@\s]+\.[^@\s]+", clean_email):
        raise ValidationError(N_("not an e-mail address"), field="email")
    clean_phone = _clean(phone, "phone", 100)
    with database.write() as session:
        if session.get(Service, service_id) is None:
            raise NotFound(N_("the service is no longer in the directory"))
        contact = Contact(id=_new_id(), service_id=service_id, name=clean_name,
                          title=_clean(title, "title", 300), email=clean_email)
        session.add(contact)
        session.flush()
        if clean_phone:
            session.add(Phone(id=_new_id(), contact_id=contact.id, number=clean_phone,
                              type="voice"))
        audit.record(session, "contact_added", staff_id=actor.id, subject=f"service:{service_id}")
        publish_directory_change(session, service_id)
        return contact.id
