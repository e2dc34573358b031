"""Every permission of db.roles, tried by every role, in db/ itself: the roles in the
matrix succeed, the others get PermissionDenied. The README's table says the same."""

from __future__ import annotations

from datetime import date
from pathlib import Path

import pytest

from db.errors import PermissionDenied
from db.models import Role
from db.roles import MATRIX, Permission
from tests.conftest import FIXED_NOW

SHELTER = "aee5c921-a91c-58e7-b17f-a13c3b01848c"
PEOPLE = {Role.DESK: "AL", Role.SOCIALWORKER: "SO", Role.MANAGER: "MH", Role.ADMIN: "IT"}


def _attempt(permission: Permission, database, staff, place, incident: int):  # noqa: ANN001
    """One call that needs ``permission``, as ``staff``."""
    from db import audit, bans
    from db.directory import set_alert
    from db.incidents import IncidentInput, add_follow_up, add_incident, choices
    from db.privacy_guard import Keep
    from db.staff import create_staff

    if permission is Permission.MANAGE_STAFF:
        return create_staff(database, f"Z{staff.initials[0]}", "Zed Test", actor=staff)
    if permission is Permission.VIEW_AUDIT:
        return audit.events(database, staff)
    if permission is Permission.MANAGE_DIRECTORY:
        return set_alert(database, SHELTER, "Stängt i dag", staff)
    if permission is Permission.FOLLOW_UP_INCIDENTS:
        return add_follow_up(database, incident, staff, "Uppföljt", now=FIXED_NOW)
    if permission is Permission.MANAGE_BANS:
        return bans.create_case(database, staff, place.branch_id, bans.CaseInput(
            "Hela huset", "Maria Holm", "010-123 45 67", "Röd mössa", "Hot mot personal",
            "Fiktiv Testperson", date(1990, 5, 17), "Id-kort", (incident,)),
            FIXED_NOW.date())
    if permission is Permission.KEEP_PERSONAL_DATA:
        options = choices(database, place.branch_id)
        return add_incident(database, place, IncidentInput(
            options.types[0].id, options.zones[0].id, description="Ring 070-174 06 12"),
            now=FIXED_NOW, keep=Keep("polisen bad om numret"))
    if permission is Permission.CONFIGURE:
        from db.retention import set_retention

        return set_retention(database, "drafts", 14, staff)
    if permission is Permission.EDIT_ROUTINES:
        from db.routines import edit_routine, routines

        first = routines(database)[0]
        return edit_routine(database, first.id, staff, first.title_sv, first.title_en,
                            first.body_sv + "\n", first.body_en)
    raise AssertionError(f"no attempt written for {permission}")


@pytest.mark.parametrize("permission", list(Permission))
@pytest.mark.parametrize("role", list(Role))
def test_each_permission_is_enforced_in_db(demo_db, permission, role):
    from tests.test_incident_screen import _place, _record

    incident = _record(demo_db)
    place, _context = _place(demo_db, PEOPLE[role])
    from db.staff import find_staff

    staff = find_staff(demo_db, PEOPLE[role])
    if role in MATRIX[permission]:
        _attempt(permission, demo_db, staff, place, incident)
    else:
        with pytest.raises(PermissionDenied):
            _attempt(permission, demo_db, staff, place, incident)


def test_the_readme_table_matches_the_matrix():
    readme = (Path(__file__).resolve().parent.parent / "README.md").read_text(encoding="utf-8")
    for permission, roles in MATRIX.items():
        marker = f"`{permission.value}`"
        line = next((row for row in readme.splitlines() if marker in row), None)
        assert line is not None, f"README has no row for {marker}"
        cells = [cell.strip() for cell in line.strip().strip("|").split("|")]
        ticks = {role for role, cell in zip(PEOPLE, cells[1:5], strict=True) if cell == "✓"}
        assert ticks == set(roles), f"README row for {marker} disagrees with db/roles.py"
