"""The directory of help services (Open Referral HSDS 3.0 tables) and anonymous referrals.

Table and column names follow HSDS 3.0 so that import and export are plain mappings.
Lotsen's own additions: ``service.source`` (local or national), ``service.verified_by_id``
(who last marked it verified) and ``schedule.closed_on_holidays``.

Referrals and outreach tallies never hold anything about the visitor: there is no column
for it, by design.
"""

from __future__ import annotations

from datetime import date, datetime, time

from sqlalchemy import Column, Text
from sqlmodel import Field, SQLModel

from db import table_config  # noqa: F401 (before the tables: see there)
from db.clock import utcnow


def _text() -> Column:
    return Column(Text, nullable=True)


class Organization(SQLModel, table=True):
    id: str = Field(primary_key=True, max_length=64)
    name: str = Field(max_length=300)
    alternate_name: str | None = Field(default=None, max_length=300)
    description: str | None = Field(default=None, sa_column=_text())
    email: str | None = Field(default=None, max_length=300)
    website: str | None = Field(default=None, max_length=500)
    parent_organization_id: str | None = Field(default=None, max_length=64)


class Service(SQLModel, table=True):
    id: str = Field(primary_key=True, max_length=64)
    organization_id: str = Field(foreign_key="organization.id", index=True, max_length=64)
    name: str = Field(max_length=300)
    alternate_name: str | None = Field(default=None, max_length=300)
    description: str | None = Field(default=None, sa_column=_text())
    url: str | None = Field(default=None, max_length=500)
    email: str | None = Field(default=None, max_length=300)
    status: str = Field(default="active", max_length=30, index=True)
    interpretation_services: str | None = Field(default=None, sa_column=_text())
    application_process: str | None = Field(default=None, sa_column=_text())
    fees_description: str | None = Field(default=None, sa_column=_text())
    eligibility_description: str | None = Field(default=None, sa_column=_text())
    minimum_age: int | None = None
    maximum_age: int | None = None
    assured_date: date | None = None
    assurer_email: str | None = Field(default=None, max_length=300)
    alert: str | None = Field(default=None, sa_column=_text())
    last_modified: datetime | None = None
    # Lotsen's own columns
    source: str = Field(default="local", max_length=20)
    verified_by_id: int | None = Field(default=None, foreign_key="staff.id")


class Location(SQLModel, table=True):
    id: str = Field(primary_key=True, max_length=64)
    organization_id: str | None = Field(default=None, foreign_key="organization.id",
                                        max_length=64)
    location_type: str | None = Field(default="physical", max_length=30)
    name: str | None = Field(default=None, max_length=300)
    alternate_name: str | None = Field(default=None, max_length=300)
    description: str | None = Field(default=None, sa_column=_text())
    transportation: str | None = Field(default=None, sa_column=_text())
    latitude: float | None = None
    longitude: float | None = None


class Address(SQLModel, table=True):
    id: str = Field(primary_key=True, max_length=64)
    location_id: str = Field(foreign_key="location.id", index=True, max_length=64)
    attention: str | None = Field(default=None, max_length=300)
    address_1: str = Field(max_length=300)
    address_2: str | None = Field(default=None, max_length=300)
    city: str = Field(max_length=200)
    region: str | None = Field(default=None, max_length=200)
    state_province: str | None = Field(default=None, max_length=200)
    postal_code: str | None = Field(default=None, max_length=20)
    country: str | None = Field(default=None, max_length=2)
    address_type: str | None = Field(default="physical", max_length=20)


class ServiceAtLocation(SQLModel, table=True):
    __tablename__ = "service_at_location"

    id: str = Field(primary_key=True, max_length=64)
    service_id: str = Field(foreign_key="service.id", index=True, max_length=64)
    location_id: str = Field(foreign_key="location.id", index=True, max_length=64)
    description: str | None = Field(default=None, sa_column=_text())


class Contact(SQLModel, table=True):
    """A partner contact for the staff's own calls; never shown on a handout slip."""

    id: str = Field(primary_key=True, max_length=64)
    organization_id: str | None = Field(default=None, foreign_key="organization.id",
                                        max_length=64)
    service_id: str | None = Field(default=None, foreign_key="service.id", index=True,
                                   max_length=64)
    service_at_location_id: str | None = Field(default=None, max_length=64)
    location_id: str | None = Field(default=None, max_length=64)
    name: str | None = Field(default=None, max_length=300)
    title: str | None = Field(default=None, max_length=300)
    department: str | None = Field(default=None, max_length=300)
    email: str | None = Field(default=None, max_length=300)


class Phone(SQLModel, table=True):
    id: str = Field(primary_key=True, max_length=64)
    location_id: str | None = Field(default=None, max_length=64)
    service_id: str | None = Field(default=None, foreign_key="service.id", index=True,
                                   max_length=64)
    organization_id: str | None = Field(default=None, max_length=64)
    contact_id: str | None = Field(default=None, foreign_key="contact.id", max_length=64)
    service_at_location_id: str | None = Field(default=None, max_length=64)
    number: str = Field(max_length=100)
    extension: str | None = Field(default=None, max_length=20)
    type: str | None = Field(default=None, max_length=20)
    description: str | None = Field(default=None, sa_column=_text())


class Schedule(SQLModel, table=True):
    id: str = Field(primary_key=True, max_length=64)
    service_id: str | None = Field(default=None, foreign_key="service.id", index=True,
                                   max_length=64)
    location_id: str | None = Field(default=None, max_length=64)
    service_at_location_id: str | None = Field(default=None, max_length=64)
    valid_from: date | None = None
    valid_to: date | None = None
    dtstart: date | None = None
    timezone: str | None = Field(default=None, max_length=20)
    until: date | None = None
    count: int | None = None
    wkst: str | None = Field(default=None, max_length=2)
    freq: str | None = Field(default=None, max_length=10)
    interval: int | None = None
    byday: str | None = Field(default=None, max_length=100)
    byweekno: str | None = Field(default=None, max_length=100)
    bymonthday: str | None = Field(default=None, max_length=100)
    byyearday: str | None = Field(default=None, max_length=100)
    description: str | None = Field(default=None, sa_column=_text())
    opens_at: time | None = None
    closes_at: time | None = None
    schedule_link: str | None = Field(default=None, max_length=500)
    attending_type: str | None = Field(default=None, max_length=100)
    notes: str | None = Field(default=None, sa_column=_text())
    closed_on_holidays: bool = Field(default=False)


class Taxonomy(SQLModel, table=True):
    id: str = Field(primary_key=True, max_length=64)
    name: str = Field(max_length=300)
    description: str | None = Field(default=None, sa_column=_text())
    uri: str | None = Field(default=None, max_length=500)
    version: str | None = Field(default=None, max_length=50)


class TaxonomyTerm(SQLModel, table=True):
    __tablename__ = "taxonomy_term"

    id: str = Field(primary_key=True, max_length=64)
    code: str | None = Field(default=None, max_length=100)
    name: str = Field(max_length=300)
    description: str | None = Field(default=None, sa_column=_text())
    parent_id: str | None = Field(default=None, max_length=64)
    taxonomy: str | None = Field(default=None, max_length=300)
    language: str | None = Field(default=None, max_length=10)
    taxonomy_id: str | None = Field(default=None, max_length=64)
    term_uri: str | None = Field(default=None, max_length=500)


class Attribute(SQLModel, table=True):
    id: str = Field(primary_key=True, max_length=64)
    link_id: str = Field(max_length=64, index=True)
    taxonomy_term_id: str = Field(foreign_key="taxonomy_term.id", max_length=64)
    link_type: str | None = Field(default=None, max_length=50)
    link_entity: str = Field(max_length=50)
    value: str | None = Field(default=None, sa_column=_text())


class Language(SQLModel, table=True):
    id: str = Field(primary_key=True, max_length=64)
    service_id: str | None = Field(default=None, foreign_key="service.id", index=True,
                                   max_length=64)
    location_id: str | None = Field(default=None, max_length=64)
    phone_id: str | None = Field(default=None, max_length=64)
    name: str | None = Field(default=None, max_length=100)
    code: str | None = Field(default=None, max_length=20)
    note: str | None = Field(default=None, sa_column=_text())


class RequiredDocument(SQLModel, table=True):
    __tablename__ = "required_document"

    id: str = Field(primary_key=True, max_length=64)
    service_id: str | None = Field(default=None, foreign_key="service.id", index=True,
                                   max_length=64)
    document: str | None = Field(default=None, sa_column=_text())
    uri: str | None = Field(default=None, max_length=500)


class CostOption(SQLModel, table=True):
    __tablename__ = "cost_option"

    id: str = Field(primary_key=True, max_length=64)
    service_id: str = Field(foreign_key="service.id", index=True, max_length=64)
    valid_from: date | None = None
    valid_to: date | None = None
    option: str | None = Field(default=None, sa_column=_text())
    currency: str | None = Field(default=None, max_length=3)
    amount: float | None = None
    amount_description: str | None = Field(default=None, sa_column=_text())


class Referral(SQLModel, table=True):
    """An anonymous referral: counted for evaluation, never tied to a person."""

    id: int | None = Field(default=None, primary_key=True)
    at: datetime = Field(default_factory=utcnow, index=True)
    branch_id: int | None = Field(default=None, foreign_key="branch.id", index=True)
    desk_id: int | None = Field(default=None, foreign_key="desk.id")
    staff_id: int | None = Field(default=None, foreign_key="staff.id")
    service_id: str | None = Field(default=None, max_length=64, index=True)
    service_name: str = Field(max_length=300)
    need: str | None = Field(default=None, max_length=50, index=True)
    method: str = Field(max_length=20)
    language: str | None = Field(default=None, max_length=20)


class OutreachContact(SQLModel, table=True):
    """An anonymous contact without a referral (the social worker's outreach tally)."""

    __tablename__ = "outreach_contact"

    id: int | None = Field(default=None, primary_key=True)
    at: datetime = Field(default_factory=utcnow, index=True)
    branch_id: int | None = Field(default=None, foreign_key="branch.id", index=True)
    desk_id: int | None = Field(default=None, foreign_key="desk.id")
    staff_id: int | None = Field(default=None, foreign_key="staff.id")
    kind: str = Field(max_length=20)
