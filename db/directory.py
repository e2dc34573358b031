"""The directory as the desk uses it: loading services for search, details, anonymous
referrals and outreach tallies, and the upkeep operations (verify, deactivate, alerts)."""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Iterable
from dataclasses import dataclass
from datetime import date, datetime, timedelta

from sqlmodel import Session, col, select

from db import audit
from db.clock import local_now, utcnow
from db.database import Database
from db.errors import N_, NotFound, ValidationError
from db.models_directory import (
    Address,
    Attribute,
    Contact,
    Language,
    Organization,
    OutreachContact,
    Phone,
    Referral,
    RequiredDocument,
    Schedule,
    Service,
    ServiceAtLocation,
    TaxonomyTerm,
)
from db.records import ServiceDoc, StaffInfo, WeeklyHours
from db.roles import Permission, require

METHODS = ("information", "called", "booked", "accompanied")
# The visitor's language is chosen from a list (ISO 639 codes), never typed, so nothing that
# identifies a person can end up in the referral row.
VISITOR_LANGUAGES = ("sv", "en", "ar", "so", "ti", "fa", "prs", "ps", "ku", "tr", "uk", "ru",
                     "pl", "ro", "bg", "rom", "bs", "sq", "es", "fr", "de", "fi", "th", "am",
                     "zh", "other")
OUTREACH_KINDS = ("greeted", "conversation", "guided")
STATUSES = ("active", "inactive", "temporarily closed", "defunct")
STALE_AFTER_DAYS = 183  # "older than six months"


# ----------------------------------------------------------------------------- loading
def _hours(schedule: Schedule) -> WeeklyHours | None:
    from db.hours import weekly_hours_from_schedule

    try:
        return weekly_hours_from_schedule(
            freq=schedule.freq, byday=schedule.byday, opens_at=schedule.opens_at,
            closes_at=schedule.closes_at, valid_from=schedule.valid_from,
            valid_to=schedule.valid_to, closed_on_holidays=schedule.closed_on_holidays,
            interval=schedule.interval)
    except ValueError:
        return None  # a rule Lotsen cannot read counts as "no hours given"


def format_address(address: Address) -> str:
    street = ", ".join(p for p in (address.address_1, address.address_2) if p)
    town = " ".join(p for p in (address.postal_code if address.postal_code not in (None, "000 00")
                                else None, address.city) if p)
    return ", ".join(p for p in (street, town) if p)


def _grouped(session: Session, model, key, ids: set[str] | None = None) -> dict[str, list]:
    query = select(model)
    if ids is not None:
        query = query.where(col(key).in_(ids))
    groups: dict[str, list] = defaultdict(list)
    for row in session.exec(query).all():
        groups[getattr(row, key.key)].append(row)
    return groups


def load_docs(database: Database, service_ids: Iterable[str] | None = None) -> list[ServiceDoc]:
    """Services flattened for the search (all of them, or the given ids)."""
    ids = set(service_ids) if service_ids is not None else None
    with database.read() as session:
        query = select(Service)
        if ids is not None:
            query = query.where(col(Service.id).in_(ids))
        services = session.exec(query).all()
        organizations = {o.id: o.name for o in session.exec(select(Organization)).all()}
        phones = _grouped(session, Phone, Phone.service_id, ids)
        schedules = _grouped(session, Schedule, Schedule.service_id, ids)
        languages = _grouped(session, Language, Language.service_id, ids)
        documents = _grouped(session, RequiredDocument, RequiredDocument.service_id, ids)
        addresses = _addresses(session, ids)
        terms = _taxonomy(session, ids)
    docs = []
    for s in services:
        hours = tuple(h for h in (_hours(x) for x in schedules.get(s.id, [])) if h is not None)
        docs.append(ServiceDoc(
            id=s.id, name=s.name, organization=organizations.get(s.organization_id, ""),
            description=s.description or "", alternate_name=s.alternate_name or "",
            eligibility=s.eligibility_description or "", fees=s.fees_description or "",
            application_process=s.application_process or "",
            languages=tuple(x.name for x in languages.get(s.id, []) if x.name),
            language_codes=tuple(x.code for x in languages.get(s.id, []) if x.code),
            taxonomy=terms.get(s.id, ()),
            required_documents=tuple(d.document for d in documents.get(s.id, []) if d.document),
            address=addresses.get(s.id, ""),
            phones=tuple(_phone_text(p) for p in phones.get(s.id, []) if p.contact_id is None),
            hours=hours, status=s.status, alert=s.alert, assured_date=s.assured_date,
            minimum_age=s.minimum_age, maximum_age=s.maximum_age, source=s.source,
        ))
    return docs


def _phone_text(phone: Phone) -> str:
    return f"{phone.number} ({phone.extension})" if phone.extension else phone.number


def _addresses(session: Session, ids: set[str] | None) -> dict[str, str]:
    query = (select(ServiceAtLocation.service_id, Address)
             .join(Address, col(Address.location_id) == col(ServiceAtLocation.location_id))
             .order_by(col(ServiceAtLocation.id), col(Address.id)))
    if ids is not None:
        query = query.where(col(ServiceAtLocation.service_id).in_(ids))
    result: dict[str, str] = {}
    for service_id, address in session.exec(query).all():
        if address.address_type in (None, "", "physical") and service_id not in result:
            result[service_id] = format_address(address)
    return result


def _taxonomy(session: Session, ids: set[str] | None) -> dict[str, tuple[str, ...]]:
    query = (select(Attribute.link_id, TaxonomyTerm.name, TaxonomyTerm.code)
             .join(TaxonomyTerm, col(TaxonomyTerm.id) == col(Attribute.taxonomy_term_id))
             .where(Attribute.link_entity == "service"))
    if ids is not None:
        query = query.where(col(Attribute.link_id).in_(ids))
    result: dict[str, list[str]] = defaultdict(list)
    for service_id, name, code in session.exec(query).all():
        result[service_id].extend(v for v in (name, code) if v)
    return {k: tuple(v) for k, v in result.items()}


def find(database: Database, query: str, *, now, open_at=None, limit: int = 10):  # noqa: ANN001,ANN201
    """Search with the same index and ranking as the referral screen (for the CLI)."""
    from db.search import DirectoryIndex

    index = DirectoryIndex.build(load_docs(database))
    return index.search(query, now=now, open_at=open_at, limit=limit)


def import_directory(database: Database, path, *, lenient: bool = False):  # noqa: ANN001,ANN201
    """Import HSDS data; bundled national lines that a local entry now covers retire."""
    from db.hsds import import_path
    from db.national import retire_superseded

    report = import_path(database, path, lenient=lenient)
    if not report.refused:
        with database.write() as session:
            retire_superseded(session)
            publish_directory_change(session)
    return report


# ----------------------------------------------------------------------------- details
@dataclass(frozen=True)
class ContactInfo:
    name: str
    title: str
    phone: str
    email: str


@dataclass(frozen=True)
class ServiceDetail:
    doc: ServiceDoc
    url: str
    email: str
    contacts: tuple[ContactInfo, ...]  # for the staff's own calls; never on a slip
    verified_by: str | None


def service_detail(database: Database, service_id: str) -> ServiceDetail:
    docs = load_docs(database, [service_id])
    if not docs:
        raise NotFound(N_("the service is no longer in the directory"))
    from db.models import Staff

    with database.read() as session:
        service = session.get(Service, service_id)
        assert service is not None
        verified_by = session.get(Staff, service.verified_by_id) if service.verified_by_id else None
        contacts = session.exec(select(Contact).where(Contact.service_id == service_id)
                                .order_by(col(Contact.name))).all()
        contact_phones = _grouped(session, Phone, Phone.contact_id,
                                  {c.id for c in contacts})
    return ServiceDetail(
        doc=docs[0], url=service.url or "", email=service.email or "",
        contacts=tuple(ContactInfo(c.name or "", c.title or "",
                                   ", ".join(p.number for p in contact_phones.get(c.id, [])),
                                   c.email or "") for c in contacts),
        verified_by=verified_by.initials if verified_by else None,
    )


def is_stale(assured: date | None, today: date | None = None) -> bool:
    """Last verified more than six months ago (or never)."""
    today = today or local_now().date()
    return assured is None or today - assured > timedelta(days=STALE_AFTER_DAYS)


# ----------------------------------------------------------------------------- referrals
@dataclass(frozen=True)
class Place:
    """Where a referral or tally is made: the signed-in person at a desk of a branch."""

    staff_id: int
    desk_id: int | None
    branch_id: int | None


def record_referral(database: Database, place: Place, service_id: str, method: str,
                    need: str | None = None, language: str | None = None,
                    at: datetime | None = None) -> int:
    """Count an anonymous referral. There is no field for who the visitor is."""
    if method not in METHODS:
        raise ValidationError(N_("how must be one of {choices}"), field="method",
                              choices=", ".join(METHODS))
    if need is not None and (len(need) > 50 or not need.replace("_", "").isalnum()):
        raise ValidationError(N_("unknown need {need}"), field="need", need=need[:50])
    language = (language or "").strip() or None
    if language is not None and language not in VISITOR_LANGUAGES:
        raise ValidationError(N_("choose the visitor's language from the list"),
                              field="language")
    with database.write() as session:
        service = session.get(Service, service_id)
        if service is None:
            raise NotFound(N_("the service is no longer in the directory"))
        referral = Referral(branch_id=place.branch_id, desk_id=place.desk_id,
                            staff_id=place.staff_id, service_id=service_id,
                            service_name=service.name, need=need, method=method,
                            language=language, at=at or utcnow())
        session.add(referral)
        session.flush()
        assert referral.id is not None
        return referral.id


def record_outreach(database: Database, place: Place, kind: str) -> int:
    if kind not in OUTREACH_KINDS:
        raise ValidationError(N_("kind must be one of {choices}"), field="kind",
                              choices=", ".join(OUTREACH_KINDS))
    with database.write() as session:
        contact = OutreachContact(branch_id=place.branch_id, desk_id=place.desk_id,
                                  staff_id=place.staff_id, kind=kind)
        session.add(contact)
        session.flush()
        assert contact.id is not None
        return contact.id


# ----------------------------------------------------------------------------- upkeep
def mark_verified(database: Database, service_id: str, actor: StaffInfo,
                  today: date | None = None) -> None:
    require(actor.role, Permission.MANAGE_DIRECTORY)
    with database.write() as session:
        service = _service(session, service_id)
        service.assured_date = today or local_now().date()
        service.verified_by_id = actor.id
        session.add(service)
        audit.record(session, "service_verified", staff_id=actor.id, subject=f"service:{service_id}")
        publish_directory_change(session, service_id)


def set_status(database: Database, service_id: str, status: str, actor: StaffInfo) -> None:
    require(actor.role, Permission.MANAGE_DIRECTORY)
    if status not in STATUSES:
        raise ValidationError(N_("status must be one of {choices}"), field="status",
                              choices=", ".join(STATUSES))
    with database.write() as session:
        service = _service(session, service_id)
        service.status = status
        session.add(service)
        audit.record(session, "service_status", staff_id=actor.id,
                     subject=f"service:{service_id}", status=status)
        publish_directory_change(session, service_id)


def set_alert(database: Database, service_id: str, alert: str | None, actor: StaffInfo,
              keep=None) -> None:  # noqa: ANN001 - db.privacy_guard.Keep | None
    """A temporary alert every desk shows ("closed until 1 May"); checked for personal data
    (a service's own mobile number can be kept with a reason)."""
    from db.privacy_guard import guard

    require(actor.role, Permission.MANAGE_DIRECTORY)
    text = " ".join((alert or "").split()) or None
    if text and len(text) > 500:
        raise ValidationError(N_("at most {limit} characters"), field="alert", limit=500)
    with database.write() as session:
        service = _service(session, service_id)
        if text and text != service.alert:
            guard(session, text, "alert", actor.id, f"service:{service_id}", keep)
        service.alert = text
        session.add(service)
        audit.record(session, "service_alert", staff_id=actor.id, subject=f"service:{service_id}")
        publish_directory_change(session, service_id)


def publish_directory_change(session: Session, service_id: str | None = None) -> None:
    """Tell the other open desks to reload their directory index."""
    from db.live import publish

    publish(session, "directory", ref=service_id)


def _service(session: Session, service_id: str) -> Service:
    service = session.get(Service, service_id)
    if service is None:
        raise NotFound(N_("the service is no longer in the directory"))
    return service
