"""Sample incidents and referrals for the demo (``lotsen demo``), so that the incident list
and the statistics have something to show. Everything is invented; nothing describes a real
person. Added once: a database that already has incidents gets none.
"""

from __future__ import annotations

import random
from datetime import datetime, timedelta

from sqlmodel import select

from db.clock import LOCAL_TZ
from db.database import Database
from db.directory import Place, record_referral
from db.incidents import IncidentInput, add_follow_up, add_incident, choices
from db.library import desk_context
from db.models import Desk
from db.models_directory import Service
from db.models_incidents import Incident
from db.staff import find_staff

# (type code, zone code, description, actions, weight): a plausible spread for a city library.
_SAMPLES: tuple[tuple[str, str, str, tuple[str, ...], int], ...] = (
    ("disturbance", "reading_room", "Högljudd diskussion, lugnade sig efter samtal",
     ("talked",), 9),
    ("toilet_stay", "toilets", "Person på toaletten i över en timme, svarade vid knackning",
     ("talked",), 7),
    ("intoxication", "entrance", "Påverkad besökare ville in, ombedd att komma tillbaka senare",
     ("talked", "asked_to_leave"), 6),
    ("alcohol", "outside", "Grupp drack öl vid entrén", ("asked_to_leave",), 5),
    ("threat", "desk", "Besökare hotade personal efter avstängd dator",
     ("talked", "guard"), 3),
    ("drug_dealing", "toilets", "Misstänkt langning vid toaletterna", ("guard", "police_11414"), 2),
    ("theft", "computers", "Laddare stulen från datorplats", (), 3),
    ("vandalism", "children", "Klotter i barnavdelningen", (), 2),
    ("staff_harassment", "desk", "Upprepade kränkande kommentarer till personal",
     ("talked", "asked_to_leave"), 2),
    ("medical", "cafe", "Besökare svimmade, ambulans kom", ("ambulance",), 1),
    ("violence", "entrance", "Slagsmål mellan två besökare", ("guard", "police_112"), 1),
    ("fire_alarm", "elsewhere", "Brandlarm utlöst, byggnaden utrymd", ("rescue", "area_closed"),
     1),
)
_EVENING_HOURS = (10, 11, 13, 14, 15, 16, 16, 17, 17, 18, 18, 19, 19, 20)


def add_demo_records(database: Database, now: datetime, count: int = 140,
                     seed: int = 2026) -> int:
    """Add ``count`` sample incidents over the last 120 days (and some referrals); returns
    how many incidents were added (0 when the database already has some)."""
    with database.read() as session:
        if session.exec(select(Incident.id).limit(1)).first() is not None:
            return 0
        desks = session.exec(select(Desk)).all()
        # Sorted here, not by the database: the same services on SQLite and PostgreSQL
        # (ORDER BY on text would follow the server's collation).
        services = sorted(session.exec(select(Service.id)
                                       .where(Service.status == "active")).all())[:20]
    context = desk_context(database, None)
    if context is None:
        return 0
    rng = random.Random(seed)
    people = [find_staff(database, i) for i in ("AL", "BK", "JE", "SO")]
    staff = [p for p in people if p is not None]
    social, manager = find_staff(database, "SO"), find_staff(database, "MH")
    options = choices(database, context.branch_id)
    kinds = {c.code: c.id for c in options.types}
    zones = {c.code: c.id for c in options.zones}
    weights = [sample[4] for sample in _SAMPLES]
    desk_ids = [d.id for d in desks if d.branch_id == context.branch_id]
    added = 0
    for _index in range(count):
        code, zone, text, actions, _weight = rng.choices(_SAMPLES, weights)[0]
        day = (now - timedelta(days=rng.randint(0, 120))).astimezone(LOCAL_TZ).date()
        at = datetime.combine(day, datetime.min.time(), tzinfo=LOCAL_TZ) + timedelta(
            hours=rng.choice(_EVENING_HOURS), minutes=rng.randint(0, 59))
        if at > now:
            at -= timedelta(days=1)
        reporter = rng.choice(staff)
        serious = code in ("threat", "violence", "staff_harassment", "drug_dealing")
        follow = ("manager" if code in ("threat", "violence") else "socialworker") \
            if serious else ""
        affected = code in ("threat", "staff_harassment")
        police = f"5000-K{rng.randint(10000, 999999)}-{at:%y}" if "police_112" in actions \
            or "police_11414" in actions else ""
        incident = add_incident(database, Place(reporter.id, rng.choice(desk_ids),
                                                context.branch_id),
                                IncidentInput(kinds[code], zones[zone], occurred_at=at,
                                              severity=3 if serious else rng.choice((1, 2, 2)),
                                              description=text, actions=actions,
                                              police_report=police, staff_affected=affected,
                                              follow_up_by=follow), now=at)
        added += 1
        if follow and at < now - timedelta(days=7) and social is not None \
                and manager is not None:
            who = manager if follow == "manager" else social
            add_follow_up(database, incident, who, "Samtal med berörd personal; rutinen "
                          "gicks igenom på arbetsplatsträffen.", close=True,
                          now=at + timedelta(days=2))
    for _index in range(min(60, len(services) * 3)):
        reporter = rng.choice(staff)
        record_referral(database, Place(reporter.id, rng.choice(desk_ids), context.branch_id),
                        rng.choice(services), rng.choice(("information", "called", "booked")),
                        need=rng.choice(("shelter", "food", "debts", "addiction", None)),
                        at=now - timedelta(days=rng.randint(0, 60), hours=rng.randint(0, 6)))
    return added
