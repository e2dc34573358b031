"""Errors the data layer raises on purpose. Each carries a message fit for a person.

Messages are English templates marked with :func:`N_` so that Babel extracts them into the
UI's catalogues; the UI translates ``template`` and fills in ``params``. ``str(error)`` is the
English text (used by the command line).
"""

from __future__ import annotations


def N_(message: str) -> str:
    """Mark a message for translation without translating it here."""
    return message


class LotsenError(Exception):
    """Base class: a problem with a clear, one-line explanation."""

    def __init__(self, template: str, **params: object) -> None:
        self.template = template
        self.params = params
        try:
            text = template.format(**params)
        except (KeyError, IndexError, ValueError):
            text = template
        super().__init__(text)


class DatabaseUnavailable(LotsenError):
    """The database URL is malformed or the server cannot be reached."""


class ValidationError(LotsenError):
    """Input that cannot be saved. ``field`` names the offending field, when there is one."""

    def __init__(self, template: str, field: str | None = None, **params: object) -> None:
        super().__init__(template, **params)
        self.field = field


class NotFound(LotsenError):
    """A record that was asked for does not exist."""


class PermissionDenied(LotsenError):
    """The signed-in person's role does not allow this."""
