"""Roles and what each may do. The same matrix is written out in the README."""

from __future__ import annotations

from enum import StrEnum

from db.errors import N_, PermissionDenied
from db.models import Role


class Permission(StrEnum):
    MANAGE_STAFF = "manage_staff"
    VIEW_AUDIT = "view_audit"
    MANAGE_DIRECTORY = "manage_directory"
    FOLLOW_UP_INCIDENTS = "follow_up_incidents"
    MANAGE_BANS = "manage_bans"
    KEEP_PERSONAL_DATA = "keep_personal_data"
    CONFIGURE = "configure"
    EDIT_ROUTINES = "edit_routines"


MATRIX: dict[Permission, frozenset[Role]] = {
    Permission.MANAGE_STAFF: frozenset({Role.MANAGER, Role.ADMIN}),
    Permission.VIEW_AUDIT: frozenset({Role.MANAGER, Role.ADMIN}),
    Permission.MANAGE_DIRECTORY: frozenset({Role.SOCIALWORKER, Role.MANAGER, Role.ADMIN}),
    Permission.FOLLOW_UP_INCIDENTS: frozenset({Role.SOCIALWORKER, Role.MANAGER}),
    # Access-ban identities: the manager only (not even the technical administrator).
    Permission.MANAGE_BANS: frozenset({Role.MANAGER}),
    # Keep text the personal-data guard flagged (with a reason, logged).
    Permission.KEEP_PERSONAL_DATA: frozenset({Role.SOCIALWORKER, Role.MANAGER}),
    # Library-wide settings such as how long each kind of record is kept.
    Permission.CONFIGURE: frozenset({Role.ADMIN}),
    Permission.EDIT_ROUTINES: frozenset({Role.SOCIALWORKER, Role.MANAGER}),
}


def can(role: str | Role | None, permission: Permission) -> bool:
    """True when ``role`` has ``permission``. ``None`` is a local administrator (the CLI)."""
    if role is None:
        return True
    try:
        return Role(role) in MATRIX[permission]
    except ValueError:
        return False


def require(role: str | Role | None, permission: Permission) -> None:
    if not can(role, permission):
        raise PermissionDenied(N_("your role ({role}) may not do this: {permission}"),
                               role=str(role), permission=permission.value)
