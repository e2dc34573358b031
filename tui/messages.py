"""Typed messages that workers send back to the UI. They carry plain records only.

Textual's ``Message`` supports dataclasses: its ``__post_init__`` does the set-up."""

from __future__ import annotations

from dataclasses import dataclass
from typing import TYPE_CHECKING, Any

from textual.message import Message

if TYPE_CHECKING:
    from db.records import DeskContext, StaffInfo


@dataclass
class DatabaseOpened(Message):
    database: Any  # db.database.Database (typed loosely: db is imported lazily)
    context: DeskContext | None


@dataclass
class DatabaseFailed(Message):
    error: str


@dataclass
class SignedIn(Message):
    staff: StaffInfo
    desk_id: int | None
    unread: int = 0  # handover notes new to this person since their last shift
    incident_news: int = 0  # their incidents with follow-up news they have not seen
    drafts: int = 0  # forms they left unsaved (a closed terminal, a dropped connection)


@dataclass
class LibraryCreated(Message):
    context: DeskContext
    admin: StaffInfo
