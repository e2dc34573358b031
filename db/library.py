"""The library, its branches, desks and shifts: first-run set-up and the desk context."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import time

from sqlmodel import Session, col, select

from db import audit
from db.database import Database
from db.errors import N_, ValidationError
from db.incidents import ensure_zones
from db.models import Branch, Desk, Library, Role, ShiftDefinition
from db.records import DeskContext, DeskInfo, ShiftInfo
from db.staff import add_staff, validate_name


@dataclass(frozen=True)
class ShiftSpec:
    name: str
    starts_at: time
    ends_at: time


@dataclass(frozen=True)
class AdminSpec:
    initials: str
    name: str
    pin: str


def is_set_up(database: Database) -> bool:
    with database.read() as session:
        return session.exec(select(Desk.id).limit(1)).first() is not None


def _clean(raw: str, field: str, limit: int) -> str:
    value = " ".join((raw or "").split())
    if not value:
        raise ValidationError(N_("this field is needed"), field=field)
    if len(value) > limit:
        raise ValidationError(N_("at most {limit} characters"), field=field, limit=limit)
    return value


def add_branch(session: Session, library_id: int, name: str, desk_names: list[str],
               shifts: list[ShiftSpec]) -> Branch:
    branch = Branch(library_id=library_id, name=_clean(name, "branch", 200))
    session.add(branch)
    session.flush()
    assert branch.id is not None
    names = [_clean(d, "desk", 100) for d in desk_names]
    if not names:
        raise ValidationError(N_("at least one desk is needed"), field="desk")
    if len(set(names)) != len(names):
        raise ValidationError(N_("two desks have the same name"), field="desk")
    for desk_name in names:
        session.add(Desk(branch_id=branch.id, name=desk_name))
    seen: set[str] = set()
    for position, spec in enumerate(shifts):
        shift_name = _clean(spec.name, "shifts", 50)
        if shift_name in seen:
            raise ValidationError(N_("two shifts are called {name}"), field="shifts",
                                  name=shift_name)
        seen.add(shift_name)
        session.add(ShiftDefinition(branch_id=branch.id, name=shift_name, starts_at=spec.starts_at,
                                    ends_at=spec.ends_at, position=position))
    ensure_zones(session, branch.id)
    return branch


def set_up_library(database: Database, library_name: str, branch_name: str,
                   desk_names: list[str], shifts: list[ShiftSpec], admin: AdminSpec) -> None:
    """First run: create the library with one branch, its desks and shifts, and an admin."""
    with database.write() as session:
        if session.exec(select(Library.id).limit(1)).first() is not None:
            raise ValidationError(N_("this database already has a library"), field="library")
        library = Library(name=_clean(library_name, "library", 200))
        session.add(library)
        session.flush()
        assert library.id is not None
        add_branch(session, library.id, branch_name, desk_names, shifts)
        if not admin.pin:
            raise ValidationError(N_("the administrator needs a PIN"), field="pin")
        staff = add_staff(session, admin.initials, validate_name(admin.name), Role.ADMIN.value,
                          admin.pin)
        audit.record(session, "library_created", staff_id=staff.id,
                     subject=f"library:{library.id}")


def desk_context(database: Database, desk_hint: str | None = None) -> DeskContext | None:
    """Where this terminal works. ``desk_hint`` is a desk name or id (setting ``desk``).

    Returns ``None`` on a database that has not been set up. ``desk`` is ``None`` when the
    branch has several desks and the hint does not pick one.
    """
    with database.read() as session:
        desks = session.exec(
            select(Desk, Branch, Library)
            .join(Branch, col(Branch.id) == col(Desk.branch_id))
            .join(Library, col(Library.id) == col(Branch.library_id))
            .where(col(Desk.active).is_(True))
            .order_by(col(Branch.id), col(Desk.id))
        ).all()
        if not desks:
            return None
        chosen = None
        if desk_hint:
            hint = desk_hint.strip().casefold()
            for desk, _branch, _library in desks:
                if hint in (desk.name.casefold(), str(desk.id)):
                    chosen = (desk, _branch, _library)
                    break
        if chosen is None and len(desks) == 1:
            chosen = desks[0]
        _desk, branch, library = chosen if chosen else desks[0]
        shifts = session.exec(
            select(ShiftDefinition).where(ShiftDefinition.branch_id == branch.id)
            .order_by(col(ShiftDefinition.position))
        ).all()
        branch_desks = tuple(DeskInfo(d.id, d.name) for d, b, _l in desks if b.id == branch.id)
        return DeskContext(
            library_name=library.name, branch_id=branch.id, branch_name=branch.name,
            desks=branch_desks if chosen else tuple(DeskInfo(d.id, d.name) for d, _b, _l in desks),
            desk=DeskInfo(chosen[0].id, chosen[0].name) if chosen else None,
            shifts=tuple(ShiftInfo(s.id, s.name, s.starts_at, s.ends_at) for s in shifts),
        )
