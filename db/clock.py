"""Time helpers. Stored times are aware UTC (SQLModel's UTCDateTime); people see
Europe/Stockholm."""

from __future__ import annotations

from datetime import UTC, datetime
from zoneinfo import ZoneInfo

LOCAL_TZ = ZoneInfo("Europe/Stockholm")


def utcnow() -> datetime:
    return datetime.now(UTC)


def to_local(value: datetime) -> datetime:
    """A timestamp (naive values are taken as UTC) in Europe/Stockholm."""
    if value.tzinfo is None:
        value = value.replace(tzinfo=UTC)
    return value.astimezone(LOCAL_TZ)


def local_now() -> datetime:
    return datetime.now(LOCAL_TZ)
