"""The footer: Textual's, with the key descriptions translated when they are shown."""

from __future__ import annotations

from textual.app import ComposeResult
from textual.widgets import Footer
from textual.widgets._footer import FooterKey

from tui.i18n import N_, _

# Textual's own description of the command palette key, so that it is extracted too.
PALETTE = N_("palette")


class LotsenFooter(Footer):
    """Compact, so that a screen's own keys and the F-keys fit on 80 columns. The command
    palette (Ctrl+P) is left out of it: the room goes to the screens' keys, and F1 help
    lists Ctrl+P."""

    def __init__(self) -> None:
        super().__init__(compact=True, show_command_palette=False)

    def compose(self) -> ComposeResult:
        for widget in super().compose():
            if isinstance(widget, FooterKey):
                widget.description = _(widget.description)
                # Textual binds each key's ``compact`` to the footer's; the footer keeps that
                # watcher (and so the key) until ``compact`` changes, which it never does
                # here: every recompose (each change of bindings) would leak the old keys
                # for as long as the screen lives (Textualize/textual#6666). The keys are
                # compact by default, like this footer, so the binding is left out.
                widget._reactive_connect = None
            yield widget

    async def recompose(self) -> None:
        """The keys are rebuilt whenever the bindings change (focus moves, a dialog opens or
        closes): the moment to let go of the line caches of widgets that are gone."""
        await super().recompose()
        release_removed_line_caches()


def release_removed_line_caches() -> None:
    """Textual caches ``StylesCache.get_inner_outer`` with ``lru_cache`` on the instance,
    so the cache keeps the last 1024 widgets' rendered lines alive, removed widgets' too
    (Textualize/textual#6665): some 6 MiB here. Emptying it costs a few Style objects."""
    try:
        from textual._styles_cache import StylesCache

        StylesCache.get_inner_outer.cache_clear()  # type: ignore[attr-defined]
    except (ImportError, AttributeError):  # a Textual without the cache: nothing to do
        pass
