"""National helplines bundled with every new database (Swedish numbers, real).

Local libraries add their own services; a local entry with the same number supersedes the
bundled one (see :func:`retire_superseded`). Hours are given only where the line is known
to answer round the clock; otherwise the entry says "no hours given" rather than guess.
"""

from __future__ import annotations

import re
import uuid
from dataclasses import dataclass
from datetime import time

from sqlmodel import Session, col, select

from db.models_directory import Organization, Phone, Schedule, Service

_NAMESPACE = uuid.UUID("6f1c1d52-5d0b-4c6e-9a51-1f0c2a7e4b10")
ORGANIZATION = "Nationella hjälplinjer"
ALL_DAYS = "MO,TU,WE,TH,FR,SA,SU"


@dataclass(frozen=True)
class Line:
    key: str
    name: str
    number: str
    description: str
    eligibility: str = "Alla"
    round_the_clock: bool = True
    alert: str | None = None


LINES: tuple[Line, ...] = (
    Line("112", "112 – SOS Alarm", "112",
         "Larmnummer vid akut fara för liv, hälsa, egendom eller miljö: ambulans, polis, "
         "räddningstjänst. Emergency number: ambulance, police, fire."),
    Line("11414", "Polisen (ej akut)", "114 14",
         "Polisens nummer när det inte är akut: anmäla brott, lämna tips, frågor. "
         "Police, non-emergency."),
    Line("1177", "1177 Vårdguiden", "1177",
         "Sjukvårdsrådgivning per telefon, hänvisning till rätt vård. Health care advice."),
    Line("11313", "113 13 – information vid olyckor och kriser", "113 13",
         "Information vid allvarliga olyckor och kriser i samhället. Information in a crisis."),
    Line("90101", "Mind Självmordslinjen", "90101",
         "Stödsamtal för den som har tankar på självmord, och för anhöriga. Suicide helpline "
         "(also chat at mind.se).", eligibility="Alla som har tankar på att ta sitt liv"),
    Line("kvinnofrid", "Kvinnofridslinjen", "020-50 50 50",
         "Nationell stödtelefon för den som utsatts för hot, våld eller sexuellt våld, och "
         "för anhöriga. Violence against women: national helpline, free of charge.",
         eligibility="Den som utsatts för våld, hot eller sexuellt våld, och anhöriga"),
    Line("bris", "BRIS – Barnens rätt i samhället", "116 111",
         "Stöd för barn och unga upp till 18 år: telefon, chatt och mejl. Children's helpline.",
         eligibility="Barn och unga upp till 18 år", round_the_clock=False),
    Line("gift", "Giftinformationscentralen", "010-456 67 00",
         "Råd vid förgiftning eller misstänkt förgiftning. Vid akuta fall: ring 112. "
         "Poison information; in an emergency call 112.", alert="Vid akut förgiftning: ring 112."),
)


def _id(kind: str, key: str) -> str:
    return str(uuid.uuid5(_NAMESPACE, f"{kind}:{key}"))


def digits(number: str) -> str:
    return re.sub(r"\D", "", number or "")


def ensure_national_lines(session: Session) -> int:
    """Add the bundled lines that are missing (never changes or re-adds edited ones)."""
    org_id = _id("organization", "national")
    if session.get(Organization, org_id) is None:
        session.add(Organization(id=org_id, name=ORGANIZATION,
                                 description="Nationella stöd- och larmnummer."))
        session.flush()
    added = 0
    for line in LINES:
        service_id = _id("service", line.key)
        if session.get(Service, service_id) is not None:
            continue
        session.add(Service(id=service_id, organization_id=org_id, name=line.name,
                            description=line.description, eligibility_description=line.eligibility,
                            fees_description="Kostnadsfritt", alert=line.alert, source="national"))
        session.flush()  # the service row first: phones and schedules refer to it
        session.add(Phone(id=_id("phone", line.key), service_id=service_id, number=line.number,
                          type="voice"))
        if line.round_the_clock:
            session.add(Schedule(id=_id("schedule", line.key), service_id=service_id,
                                 freq="WEEKLY", byday=ALL_DAYS, opens_at=time(0, 0),
                                 closes_at=time(23, 59, 59), description="Dygnet runt"))
        added += 1
    session.flush()
    return added


def retire_superseded(session: Session) -> int:
    """Set bundled lines inactive where a local service already has the same number."""
    bundled = {line.key: digits(line.number) for line in LINES}
    local_numbers = set(session.exec(
        select(Phone.number).join(Service, col(Service.id) == col(Phone.service_id))
        .where(Service.source != "national")
    ).all())
    local_digits = {digits(n) for n in local_numbers}
    retired = 0
    for key, number in bundled.items():
        service = session.get(Service, _id("service", key))
        if service is not None and service.status == "active" and number in local_digits:
            service.status = "inactive"
            session.add(service)
            retired += 1
    return retired
