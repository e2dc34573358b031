"""Maintain the gettext catalogues with Babel.

    python -m scripts.i18n update    # extract strings, merge into sv/en .po files
    python -m scripts.i18n compile   # build the .mo files the app loads
    python -m scripts.i18n check     # list untranslated strings and stale .mo files

English is the source language, so new English entries are filled in with the source text;
Swedish entries must be translated by hand in ``tui/locale/sv/LC_MESSAGES/lotsen.po``.
"""

from __future__ import annotations

import io
import sys
from pathlib import Path

from babel.messages.catalog import Catalog
from babel.messages.extract import extract_from_dir
from babel.messages.mofile import read_mo, write_mo
from babel.messages.pofile import read_po, write_po

ROOT = Path(__file__).resolve().parent.parent
LOCALE = ROOT / "tui" / "locale"
DOMAIN = "lotsen"
LANGUAGES = ("sv", "en")
SOURCES = ("tui", "db")
KEYWORDS = {"_": None, "N_": None, "ngettext": (1, 2), "translate": None, "t": None}


def po_path(lang: str) -> Path:
    return LOCALE / lang / "LC_MESSAGES" / f"{DOMAIN}.po"


def mo_path(lang: str) -> Path:
    return LOCALE / lang / "LC_MESSAGES" / f"{DOMAIN}.mo"


def extract() -> Catalog:
    """Every translatable string in the source, as a template catalogue."""
    template = Catalog(project="Lotsen", domain=DOMAIN)
    for folder in SOURCES:
        for filename, lineno, message, comments, context in extract_from_dir(
            ROOT / folder, method_map=[("**.py", "python")], keywords=KEYWORDS,
        ):
            template.add(message, None, [(f"{folder}/{filename}", lineno)],
                         auto_comments=comments, context=context)
    return template


def read_catalogue(lang: str) -> Catalog:
    path = po_path(lang)
    if not path.exists():
        return Catalog(locale=lang, domain=DOMAIN, project="Lotsen")
    with path.open("rb") as handle:
        return read_po(handle, locale=lang, domain=DOMAIN)


def update() -> None:
    template = extract()
    for lang in LANGUAGES:
        catalogue = read_catalogue(lang)
        catalogue.update(template, no_fuzzy_matching=True)
        catalogue.obsolete.clear()
        if lang == "en":
            for message in catalogue:
                empty = not message.string or (isinstance(message.string, tuple)
                                               and not all(message.string))
                if message.id and empty:
                    message.string = message.id
        path = po_path(lang)
        path.parent.mkdir(parents=True, exist_ok=True)
        with path.open("wb") as handle:
            write_po(handle, catalogue, width=100, omit_header=False, no_location=True,
                     sort_output=True, include_previous=False)


def compiled(lang: str) -> bytes:
    buffer = io.BytesIO()
    write_mo(buffer, read_catalogue(lang), use_fuzzy=False)
    return buffer.getvalue()


def compile_all() -> None:
    for lang in LANGUAGES:
        mo_path(lang).write_bytes(compiled(lang))


def _messages(catalogue: Catalog) -> dict[object, object]:
    """id → string; plural forms as tuples (a .mo file gives them as lists)."""
    def frozen(value: object) -> object:
        return tuple(value) if isinstance(value, list) else value

    return {frozen(m.id): frozen(m.string) for m in catalogue if m.id and not m.fuzzy}


def check() -> list[str]:
    """Problems that make a UI string show untranslated; empty when all is well."""
    problems: list[str] = []
    wanted = {m.id for m in extract() if m.id}
    for lang in LANGUAGES:
        catalogue = read_catalogue(lang)
        strings = _messages(catalogue)
        for msgid in sorted(wanted, key=str):
            value = strings.get(msgid)
            empty = not value or (isinstance(value, tuple) and not all(value))
            if empty:
                problems.append(f"{lang}: no translation for {msgid!r}")
        mo = mo_path(lang)
        if not mo.exists():
            problems.append(f"{lang}: {mo.name} is missing (run compile)")
            continue
        with mo.open("rb") as handle:
            built = _messages(read_mo(handle))
        if built != strings:
            problems.append(f"{lang}: {mo.name} is stale (run compile)")
    return problems


def main(argv: list[str]) -> int:
    command = argv[0] if argv else "check"
    if command == "update":
        update()
    elif command == "compile":
        compile_all()
    elif command == "check":
        problems = check()
        print("\n".join(problems) or "catalogues complete")
        return 1 if problems else 0
    else:
        print(__doc__, file=sys.stderr)
        return 2
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
