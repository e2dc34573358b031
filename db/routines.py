"""Routines: short checklists for situations at the desk (overdose, threat, fire alarm…).

Lotsen ships a default set in Swedish and English — a *template* for each library to adapt.
The manager and the social worker edit them (Markdown); every edit keeps the old text as a
revision. A routine may name the incident type to record afterwards.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime

from sqlmodel import Session, col, select

from db import audit
from db.clock import utcnow
from db.database import Database
from db.errors import N_, NotFound, ValidationError
from db.models_incidents import Routine, RoutineRevision
from db.records import StaffInfo
from db.roles import Permission, require

MAX_BODY = 8000
_TEMPLATE_SV = "*Mall från Lotsen: anpassa till ert bibliotek (chef eller socionom, `e`).*\n\n"
_TEMPLATE_EN = "*A Lotsen template: adapt it to your library (manager or social worker, `e`).*\n\n"

# (code, incident type to record, Swedish title, Swedish body, English title, English body)
DEFAULTS: tuple[tuple[str, str | None, str, str, str, str], ...] = (
    ("overdose", "medical", "Misstänkt överdos",
     "1. Ring **112** direkt. Säg: misstänkt överdos, adressen, ingången.\n"
     "2. Är personen vaken? Tilltala, skaka lätt i axeln.\n"
     "3. Andas personen inte normalt: hjärt-lungräddning, be en kollega hämta hjärtstartaren.\n"
     "4. Andas personen: stabilt sidoläge. Lämna inte personen ensam.\n"
     "5. Be en kollega möta ambulansen vid entrén (F9: larma kollegor).\n"
     "6. Rör inte sprutor med händerna.\n\n"
     "**Vem ringer vi:** 112 · Giftinformation 010-456 67 00 (inte akut)\n\n"
     "**Efteråt:** registrera händelsen (`r`), skriv till nästa pass (F3).",
     "Suspected overdose",
     "1. Call **112** at once. Say: suspected overdose, the address, the entrance.\n"
     "2. Is the person awake? Speak to them, shake the shoulder gently.\n"
     "3. Not breathing normally: CPR; ask a colleague to fetch the defibrillator.\n"
     "4. Breathing: recovery position. Do not leave the person alone.\n"
     "5. Ask a colleague to meet the ambulance at the entrance (F9: alert colleagues).\n"
     "6. Do not touch syringes with your hands.\n\n"
     "**Who to call:** 112 · Poisons Information 010-456 67 00 (not urgent)\n\n"
     "**Afterwards:** record the incident (`r`), write to the next shift (F3)."),
    ("threat", "threat", "Hot eller våld",
     "1. Din säkerhet först: håll avstånd, ha en väg ut, gå inte ensam fram.\n"
     "2. Larma kollegor (**F9**) — *kom nu*, eller *ring 112 nu* vid våld.\n"
     "3. Tala lugnt och kort. Säg vad du ska göra. Bråka inte om regler.\n"
     "4. Vid våld eller allvarligt hot: ring **112**. Annars väktare.\n"
     "5. Ta hand om den som drabbats. Ingen behöver fortsätta passet ensam.\n\n"
     "**Vem ringer vi:** 112 · polisen 114 14 (anmälan i efterhand) · väktarbolaget\n\n"
     "**Efteråt:** registrera händelsen (`r`); drabbades personal: arbetsmiljörapport.",
     "Threat or violence",
     "1. Your safety first: keep your distance, keep a way out, do not go alone.\n"
     "2. Alert colleagues (**F9**) — *come now*, or *call 112 now* for violence.\n"
     "3. Speak calmly and briefly. Say what you are going to do. Do not argue rules.\n"
     "4. Violence or a serious threat: call **112**. Otherwise the guards.\n"
     "5. Look after whoever was affected. Nobody finishes the shift alone.\n\n"
     "**Who to call:** 112 · police 114 14 (report afterwards) · the guard company\n\n"
     "**Afterwards:** record the incident (`r`); staff affected: work-environment report."),
    ("fire_alarm", "fire_alarm", "Brandlarm",
     "1. Utrym: be alla gå ut genom närmaste nödutgång. Hissen används inte.\n"
     "2. Kontrollera toaletter, grupprum och barnavdelningen på vägen.\n"
     "3. Samlingsplatsen: räkna kollegor. Hjälp den som behöver hjälp.\n"
     "4. Ingen går in igen förrän räddningstjänsten säger det.\n\n"
     "**Vem ringer vi:** 112 om det brinner eller om någon saknas\n\n"
     "**Efteråt:** registrera händelsen (`r`).",
     "Fire alarm",
     "1. Evacuate: ask everyone to leave by the nearest emergency exit. No lifts.\n"
     "2. Check the toilets, group rooms and the children's area on the way.\n"
     "3. At the assembly point: count colleagues. Help those who need help.\n"
     "4. Nobody goes back in until the rescue service says so.\n\n"
     "**Who to call:** 112 if there is a fire or someone is missing\n\n"
     "**Afterwards:** record the incident (`r`)."),
    ("will_not_leave", "disturbance", "Någon vill inte gå vid stängning",
     "1. Säg i god tid att biblioteket stänger, och när.\n"
     "2. Var två. Förklara lugnt, erbjud hjälp med vart personen kan gå (F2: *sova*).\n"
     "3. Vägrar personen: ring väktare. Vid hot: F9 och 112.\n\n"
     "**Efteråt:** registrera händelsen (`r`) om det blev en incident.",
     "Someone will not leave at closing",
     "1. Say in good time that the library is closing, and when.\n"
     "2. Be two. Explain calmly, offer help with where to go (F2: *shelter*).\n"
     "3. If they refuse: call the guards. If threatened: F9 and 112.\n\n"
     "**Afterwards:** record the incident (`r`) if there was one."),
    ("child_alone", "other", "Ett barn ensamt vid stängning",
     "1. Stanna hos barnet, två vuxna. Fråga efter förälder och telefonnummer.\n"
     "2. Försök nå vårdnadshavare. Lämna inte barnet ensamt, inte heller utanför.\n"
     "3. Når ni ingen: ring polisen 114 14 (akut 112). Socialjouren via 112 efter kontorstid.\n\n"
     "**Efteråt:** registrera händelsen (`r`) — utan barnets namn.",
     "A child alone at closing",
     "1. Stay with the child, two adults. Ask for a parent and a phone number.\n"
     "2. Try to reach a guardian. Do not leave the child alone, not outside either.\n"
     "3. If you reach nobody: call the police 114 14 (urgent 112); social services on call "
     "through 112 after office hours.\n\n"
     "**Afterwards:** record the incident (`r`) — without the child's name."),
    ("toilets", "toilet_stay", "Någon har varit länge på toaletten",
     "1. Knacka och fråga om allt är bra. Vänta på svar.\n"
     "2. Inget svar: två personal öppnar med nyckeln. Misstänkt överdos: se den rutinen.\n"
     "3. Sover personen: väck vänligt, erbjud hjälp att hitta en sovplats (F2).\n\n"
     "**Efteråt:** registrera händelsen (`r`).",
     "Someone sleeping in the toilets",
     "1. Knock and ask whether all is well. Wait for an answer.\n"
     "2. No answer: two staff open with the key. Suspected overdose: see that routine.\n"
     "3. Asleep: wake them kindly, offer help finding somewhere to sleep (F2).\n\n"
     "**Afterwards:** record the incident (`r`)."),
    ("acute_crisis", "other", "En besökare i akut kris",
     "1. Ta det lugnt, lyssna, ta personen till en lugnare plats om det går.\n"
     "2. Självmordstankar: fråga rakt. Akut fara: ring **112** och stanna kvar.\n"
     "3. Annars: Mind Självmordslinjen 90101, 1177, socialjouren (F2: *kris*).\n"
     "4. Hänvisa gärna tillsammans (F2, `r`: ringde tillsammans).\n\n"
     "**Efteråt:** skriv till nästa pass om det behövs (F3) — utan namn.",
     "A visitor in acute crisis",
     "1. Stay calm, listen, take them somewhere quieter if you can.\n"
     "2. Suicidal thoughts: ask directly. Acute danger: call **112** and stay.\n"
     "3. Otherwise: Mind's suicide line 90101, 1177, social services on call (F2: *crisis*).\n"
     "4. Refer together if you can (F2, `r`: called together).\n\n"
     "**Afterwards:** write to the next shift if needed (F3) — without names."),
)


@dataclass(frozen=True)
class RoutineView:
    id: int
    code: str
    title_sv: str
    title_en: str
    body_sv: str
    body_en: str
    incident_type: str | None
    revision: int
    updated_at: datetime

    def title(self, lang: str) -> str:
        return self.title_en if lang == "en" else self.title_sv

    def body(self, lang: str) -> str:
        return self.body_en if lang == "en" else self.body_sv


def ensure_routines(session: Session) -> None:
    """A new database gets the template set."""
    if session.exec(select(Routine.id).limit(1)).first() is not None:
        return
    for position, (code, kind, title_sv, body_sv, title_en, body_en) in enumerate(DEFAULTS):
        routine = Routine(code=code, position=position, title_sv=title_sv, title_en=title_en,
                          body_sv=_TEMPLATE_SV + body_sv, body_en=_TEMPLATE_EN + body_en,
                          incident_type=kind)
        session.add(routine)
        session.flush()
        session.add(RoutineRevision(routine_id=routine.id, revision=1, title_sv=title_sv,
                                    title_en=title_en, body_sv=routine.body_sv,
                                    body_en=routine.body_en))


def _view(row: Routine) -> RoutineView:
    return RoutineView(row.id or 0, row.code, row.title_sv, row.title_en, row.body_sv,
                       row.body_en, row.incident_type, row.revision, row.updated_at)


def routines(database: Database) -> list[RoutineView]:
    with database.read() as session:
        return [_view(r) for r in session.exec(select(Routine)
                                              .order_by(col(Routine.position))).all()]


def edit_routine(database: Database, routine_id: int, editor: StaffInfo, title_sv: str,
                 title_en: str, body_sv: str, body_en: str,
                 now: datetime | None = None, expected_revision: int | None = None) -> int:
    """A new revision (the old one is kept); returns its number. ``expected_revision``: the
    revision the editor started from — refused when someone saved another meanwhile."""
    require(editor.role, Permission.EDIT_ROUTINES)
    now = now or utcnow()
    texts = []
    for value, field, limit in ((title_sv, "title_sv", 100), (title_en, "title_en", 100),
                                (body_sv, "body_sv", MAX_BODY), (body_en, "body_en", MAX_BODY)):
        clean = (value or "").strip()
        if not clean:
            raise ValidationError(N_("this field is needed"), field=field)
        if len(clean) > limit:
            raise ValidationError(N_("at most {limit} characters"), field=field, limit=limit)
        texts.append(clean)
    with database.write() as session:
        row = session.get(Routine, routine_id, with_for_update=True)
        if row is None:
            raise NotFound(N_("the routine is gone"))
        if expected_revision is not None and row.revision != expected_revision:
            raise ValidationError(N_("someone else changed this routine meanwhile; close it "
                                     "and open it again"), field="body")
        row.title_sv, row.title_en, row.body_sv, row.body_en = texts
        row.revision += 1
        row.updated_at = now
        session.add(row)
        session.add(RoutineRevision(routine_id=routine_id, revision=row.revision,
                                    title_sv=texts[0], title_en=texts[1], body_sv=texts[2],
                                    body_en=texts[3], edited_by_id=editor.id, at=now))
        audit.record(session, "routine_edited", staff_id=editor.id,
                     subject=f"routine:{routine_id}", at=now, revision=row.revision)
        return row.revision


def revisions(database: Database, routine_id: int) -> list[RoutineRevision]:
    with database.read() as session:
        return list(session.exec(select(RoutineRevision)
                                 .where(RoutineRevision.routine_id == routine_id)
                                 .order_by(col(RoutineRevision.revision))).all())
