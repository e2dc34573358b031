"""Need concepts (from the thesaurus) as the UI shows them, in the current language."""

from __future__ import annotations

from tui.i18n import language, sort_key


def need_label(key: str) -> str:
    from db.thesaurus import CONCEPTS_BY_KEY

    concept = CONCEPTS_BY_KEY.get(key)
    return concept.label(language()) if concept else key


def need_options(detected: tuple[str, ...]) -> list[tuple[str, str]]:
    """(label, key) for a need picker: the needs the query showed first, then all others."""
    from db.thesaurus import CONCEPTS

    first = [(need_label(key), key) for key in detected]
    rest = sorted(((c.label(language()), c.key) for c in CONCEPTS if c.key not in detected),
                  key=lambda option: sort_key(option[0]))
    return first + rest
