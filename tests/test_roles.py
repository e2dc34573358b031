"""Roles are enforced in db/ itself, not only hidden in the UI."""

from __future__ import annotations

import pytest

from db.directory import mark_verified, set_alert, set_status
from db.directory_edit import ServiceForm, add_contact, save_service
from db.errors import PermissionDenied
from db.staff import create_staff, find_staff, set_active

SHELTER = "aee5c921-a91c-58e7-b17f-a13c3b01848c"


def test_desk_staff_may_not_manage_staff_or_the_directory(demo_db):
    desk = find_staff(demo_db, "AL")
    with pytest.raises(PermissionDenied):
        create_staff(demo_db, "ZZ", "Zed", actor=desk)
    with pytest.raises(PermissionDenied):
        set_active(demo_db, "BK", False, actor=desk)
    for call in (lambda: mark_verified(demo_db, SHELTER, desk),
                 lambda: set_status(demo_db, SHELTER, "inactive", desk),
                 lambda: set_alert(demo_db, SHELTER, "x", desk),
                 lambda: add_contact(demo_db, SHELTER, "A", "", "", "", desk),
                 lambda: save_service(demo_db, ServiceForm("X", "Y"), desk)):
        with pytest.raises(PermissionDenied):
            call()


def test_social_worker_keeps_the_directory_but_not_staff(demo_db):
    social = find_staff(demo_db, "SO")
    set_status(demo_db, SHELTER, "temporarily closed", social)
    with pytest.raises(PermissionDenied):
        create_staff(demo_db, "ZZ", "Zed", actor=social)
    manager = find_staff(demo_db, "MH")
    assert create_staff(demo_db, "ZZ", "Zed", actor=manager).initials == "ZZ"
