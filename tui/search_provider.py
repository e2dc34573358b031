"""One search over everything in the command palette (Ctrl+P): services, handover notes,
incidents of the branch and routines, each hit opening its screen. What the data layer would not show the
person's role is not searched (the access-ban cases are the manager's, and only their
recognition text is searched, never an identity)."""

from __future__ import annotations

import asyncio
from functools import partial

from textual.command import Hit, Hits, Provider

from tui.i18n import _

MAX_PER_KIND = 5


class EverythingProvider(Provider):
    async def search(self, query: str) -> Hits:
        app = self.app
        text = query.strip()
        if len(text) < 3 or app.locked or app.database is None or app.context is None:  # type: ignore[attr-defined]
            return
        matcher = self.matcher(text)
        for label, help_text, command in await asyncio.to_thread(self._find, text):
            score = matcher.match(label) or 0.5
            yield Hit(score, matcher.highlight(label) if matcher.match(label) else label,
                      command, help=help_text)

    def _find(self, text: str) -> list[tuple[str, str, object]]:
        """Runs in a thread: the database and the directory index are searched here."""
        from db.clock import to_local
        from db.errors import LotsenError
        from db.handover import find_notes
        from db.incidents import IncidentFilter, list_incidents
        from tui.i18n import format_datetime, language

        app = self.app
        found: list[tuple[str, str, object]] = []
        if app.directory is not None:  # type: ignore[attr-defined]
            result = app.directory.search(text, now=app.now(), limit=MAX_PER_KIND)  # type: ignore[attr-defined]
            for hit in result.hits[:MAX_PER_KIND]:
                found.append((f"{_('Service')}: {hit.service.name}", hit.service.organization,
                              partial(app.open_search_hit, "referrals", hit.service.name)))  # type: ignore[attr-defined]
        branch = app.context.branch_id  # type: ignore[attr-defined]
        try:
            for note in find_notes(app.database, branch, text=text, limit=MAX_PER_KIND):  # type: ignore[attr-defined]
                found.append((f"{_('Note')}: {note.text[:70]}",
                              f"{note.author} · {format_datetime(to_local(note.created_at))}",
                              partial(app.open_search_hit, "handover", text)))  # type: ignore[attr-defined]
            rows = list_incidents(app.database, IncidentFilter(branch_id=branch, text=text),  # type: ignore[attr-defined]
                                  limit=MAX_PER_KIND)
        except LotsenError:
            return found
        from db.roles import Permission, can
        from db.routines import routines

        lang = language()
        folded = text.casefold()
        staff = app.staff  # type: ignore[attr-defined]
        try:
            for routine in routines(app.database):  # type: ignore[attr-defined]
                if folded in (routine.title(lang) + " " + routine.body(lang)).casefold():
                    found.append((f"{_('Routine')}: {routine.title(lang)}",
                                  _("what to do, step by step"),
                                  partial(app.open_search_hit, "routine", str(routine.id))))  # type: ignore[attr-defined]
            if staff is not None and can(staff.role, Permission.MANAGE_BANS):
                from db.bans import case_list

                # The manager's cases, by what desk staff may see too: never by identity.
                for case in case_list(app.database, staff, branch):  # type: ignore[attr-defined]
                    if folded in f"{case.recognition} {case.area}".casefold():
                        found.append((f"{_('Access-ban case')} {case.id}: {case.recognition}",
                                      case.area, partial(app.open_search_hit, "bans", "")))  # type: ignore[attr-defined]
        except LotsenError:
            pass  # what was found so far is still shown
        english = lang == "en"
        for row in rows:
            kind = row.type_en if english else row.type_sv
            found.append((f"{_('Incident')} {row.id}: {kind} · {row.description[:60]}",
                          format_datetime(to_local(row.occurred_at)),
                          partial(app.open_search_hit, "incident", str(row.id))))  # type: ignore[attr-defined]
        return found
