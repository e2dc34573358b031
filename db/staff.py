"""Staff accounts: validation, PIN hashing, sign-in, and the admin operations."""

from __future__ import annotations

import base64
import hashlib
import hmac
import re
import secrets
import unicodedata
from datetime import datetime, timedelta
from functools import cache

from sqlalchemy.exc import IntegrityError
from sqlmodel import Session, col, func, select

from db import audit
from db.clock import utcnow
from db.database import Database
from db.errors import LotsenError, N_, NotFound, ValidationError
from db.models import AuditEvent, Role, Staff
from db.records import StaffInfo
from db.roles import Permission, require
from db.settings import LANGUAGES

INITIALS = re.compile(r"^[A-ZÅÄÖÆØÜÉ][A-ZÅÄÖÆØÜÉ0-9]{1,5}$")
PIN = re.compile(r"^[0-9]{4,8}$")
MAX_FAILED_SIGNINS = 5
LOCKOUT = timedelta(minutes=5)
_SCRYPT = {"n": 2**14, "r": 8, "p": 1}


class SignInError(LotsenError):
    """Sign-in refused. ``reason`` is one of: unknown, disabled, pin_required, wrong_pin,
    locked_out; the UI turns it into a message."""

    def __init__(self, reason: str) -> None:
        super().__init__(reason)
        self.reason = reason


def normalize_initials(raw: str) -> str:
    return unicodedata.normalize("NFC", (raw or "").strip()).upper()


def validate_initials(raw: str) -> str:
    value = normalize_initials(raw)
    if not INITIALS.match(value):
        raise ValidationError(N_("initials are 2–6 letters or digits, starting with a letter"),
                              field="initials")
    return value


def validate_name(raw: str) -> str:
    value = " ".join((raw or "").split())
    if not value:
        raise ValidationError(N_("a name is needed"), field="name")
    if len(value) > 200:
        raise ValidationError(N_("the name is longer than 200 characters"), field="name")
    if any(unicodedata.category(ch).startswith("C") for ch in value):
        raise ValidationError(N_("the name contains control characters"), field="name")
    return value


def validate_role(raw: str) -> Role:
    try:
        return Role((raw or "").strip().lower())
    except ValueError:
        choices = ", ".join(r.value for r in Role)
        raise ValidationError(N_("role must be one of {choices}"), field="role",
                              choices=choices) from None


def validate_pin(raw: str) -> str:
    value = (raw or "").strip()
    if not PIN.match(value):
        raise ValidationError(N_("a PIN is 4–8 digits"), field="pin")
    return value


def hash_pin(pin: str) -> str:
    salt = secrets.token_bytes(16)
    digest = _scrypt(pin.encode(), salt, _SCRYPT["n"])
    b64 = base64.b64encode
    return f"scrypt${_SCRYPT['n']}${b64(salt).decode()}${b64(digest).decode()}"


def _scrypt(pin: bytes, salt: bytes, n: int) -> bytes:
    """scrypt, with its scratch memory (128·r·n bytes: 16 MiB) given back afterwards."""
    _large_blocks_mapped()
    return hashlib.scrypt(pin, salt=salt, n=n, r=_SCRYPT["r"], p=_SCRYPT["p"])


@cache
def _large_blocks_mapped() -> None:
    """OpenSSL takes scrypt's scratch with malloc. glibc serves a block that large from
    its own mapping only until the first such block is freed; after that it raises its
    threshold and keeps freed blocks for reuse, in the arena of the thread that asked, so
    every sign-in with a PIN (each in its own worker thread) left another 16 MiB behind.
    A fixed threshold of 1 MiB keeps large blocks in mappings of their own, returned to
    the system when freed. Nothing is done where glibc is not the C library."""
    try:
        import ctypes

        mallopt = ctypes.CDLL(None).mallopt
    except (OSError, AttributeError):
        return
    m_mmap_threshold = -3
    mallopt(m_mmap_threshold, 1 << 20)


def check_pin(pin: str, stored: str) -> bool:
    try:
        scheme, n, salt, digest = stored.split("$")
        if scheme != "scrypt":
            return False
        actual = _scrypt(pin.encode(), base64.b64decode(salt), int(n))
    except (ValueError, TypeError):
        return False
    return hmac.compare_digest(actual, base64.b64decode(digest))


def info(staff: Staff) -> StaffInfo:
    assert staff.id is not None
    return StaffInfo(id=staff.id, initials=staff.initials, name=staff.name, role=staff.role,
                     lang=staff.lang, has_pin=staff.pin_hash is not None, active=staff.active)


def _get(session: Session, initials: str) -> Staff:
    staff = session.exec(select(Staff).where(Staff.initials == normalize_initials(initials))).first()
    if staff is None:
        raise NotFound(N_("no staff member has the initials {initials}"),
                       initials=normalize_initials(initials))
    return staff


def add_staff(session: Session, initials: str, name: str, role: str = "desk",
              pin: str | None = None, lang: str | None = None, *,
              actor: StaffInfo | None = None) -> StaffInfo:
    """Add a staff member inside ``session``'s transaction."""
    require(actor.role if actor else None, Permission.MANAGE_STAFF)
    if lang is not None and lang not in LANGUAGES:
        raise ValidationError(N_("language must be one of {choices}"), field="lang",
                              choices=", ".join(LANGUAGES))
    values = Staff(initials=validate_initials(initials), name=validate_name(name),
                   role=validate_role(role).value,
                   pin_hash=hash_pin(validate_pin(pin)) if pin else None,
                   lang=lang)
    if session.exec(select(Staff.id).where(Staff.initials == values.initials)).first():
        raise ValidationError(N_("the initials {initials} are taken"), field="initials",
                              initials=values.initials)
    session.add(values)
    session.flush()
    audit.record(session, "staff_added", staff_id=actor.id if actor else None,
                 subject=f"staff:{values.id}", initials=values.initials, role=values.role)
    return info(values)


def create_staff(database: Database, initials: str, name: str, role: str = "desk",
                 pin: str | None = None, lang: str | None = None, *,
                 actor: StaffInfo | None = None) -> StaffInfo:
    try:
        with database.write() as session:
            return add_staff(session, initials, name, role, pin, lang, actor=actor)
    except IntegrityError:
        raise ValidationError(N_("the initials {initials} are taken"), field="initials",
                              initials=normalize_initials(initials)) from None


def list_staff(database: Database, include_disabled: bool = True) -> list[StaffInfo]:
    with database.read() as session:
        query = select(Staff).order_by(Staff.initials)
        if not include_disabled:
            query = query.where(col(Staff.active).is_(True))
        return [info(s) for s in session.exec(query).all()]


def find_staff(database: Database, initials: str) -> StaffInfo | None:
    with database.read() as session:
        try:
            return info(_get(session, initials))
        except NotFound:
            return None


def set_active(database: Database, initials: str, active: bool, *,
               actor: StaffInfo | None = None) -> StaffInfo:
    require(actor.role if actor else None, Permission.MANAGE_STAFF)
    with database.write() as session:
        staff = _get(session, initials)
        if actor is not None and staff.id == actor.id and not active:
            raise ValidationError(N_("you cannot disable your own account"), field="initials")
        staff.active = active
        session.add(staff)
        audit.record(session, "staff_enabled" if active else "staff_disabled",
                     staff_id=actor.id if actor else None, subject=f"staff:{staff.id}")
        session.flush()
        return info(staff)


def set_pin(database: Database, staff_id: int, pin: str | None) -> StaffInfo:
    """Set (or with ``None`` remove) one's own PIN."""
    pin_hash = hash_pin(validate_pin(pin)) if pin else None
    with database.write() as session:
        staff = session.get(Staff, staff_id)
        if staff is None:
            raise NotFound(N_("no such staff member"))
        staff.pin_hash = pin_hash
        session.add(staff)
        audit.record(session, "pin_changed", staff_id=staff_id, subject=f"staff:{staff_id}")
        return info(staff)


def set_language(database: Database, staff_id: int, lang: str) -> None:
    if lang not in LANGUAGES:
        raise ValidationError(N_("language must be one of {choices}"), field="lang",
                              choices=", ".join(LANGUAGES))
    with database.write() as session:
        staff = session.get(Staff, staff_id)
        if staff is None:
            raise NotFound(N_("no such staff member"))
        staff.lang = lang
        session.add(staff)


def _recent_failures(session: Session, staff_id: int) -> int:
    since = utcnow() - LOCKOUT
    last_success = select(func.max(AuditEvent.id)).where(
        AuditEvent.staff_id == staff_id, AuditEvent.action == "signin"
    ).scalar_subquery()
    query = select(func.count()).select_from(AuditEvent).where(
        AuditEvent.staff_id == staff_id, AuditEvent.action == "signin_failed",
        AuditEvent.at >= since, col(AuditEvent.id) > func.coalesce(last_success, 0),
    )
    return session.exec(query).one()


def sign_in(database: Database, initials: str, pin: str | None, desk_id: int | None,
            at: datetime | None = None) -> StaffInfo:
    """Check initials and PIN; record the attempt (at ``at``, default now). Raises
    :class:`SignInError`."""
    with database.write() as session:
        try:
            staff = _get(session, initials)
        except NotFound:
            raise SignInError("unknown") from None
        if not staff.active:
            raise SignInError("disabled")
        assert staff.id is not None
        if staff.pin_hash is not None:
            if _recent_failures(session, staff.id) >= MAX_FAILED_SIGNINS:
                raise SignInError("locked_out")
            if not pin:
                raise SignInError("pin_required")
            if not check_pin(pin, staff.pin_hash):
                audit.record(session, "signin_failed", staff_id=staff.id, desk_id=desk_id)
                # Commit the failure even though we raise: the counter must persist.
                session.commit()
                raise SignInError("wrong_pin")
        audit.record(session, "signin", staff_id=staff.id, desk_id=desk_id, at=at)
        return info(staff)


def sign_out(database: Database, staff_id: int, desk_id: int | None, reason: str,
             at: datetime | None = None) -> None:
    """Record the end of a session (at ``at``, default now)."""
    with database.write() as session:
        audit.record(session, "signout", staff_id=staff_id, desk_id=desk_id, at=at,
                     reason=reason)
