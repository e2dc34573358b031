"""Every UI string has a Swedish and an English translation, and the .mo files are current."""

from __future__ import annotations

from scripts import i18n as catalogues


def test_every_ui_string_is_translated_in_both_languages():
    problems = catalogues.check()
    assert not problems, "\n".join(problems) + "\n(run: python -m scripts.i18n update/compile)"


def test_extraction_finds_strings_of_every_kind():
    ids = {m.id for m in catalogues.extract() if m.id}
    assert "Sign in to Lotsen" in ids  # _() in a screen
    assert "Lock" in ids  # N_() in BINDINGS
    assert "the initials {initials} are taken" in ids  # N_() in db/


def test_a_missing_translation_is_reported(tmp_path, monkeypatch):
    import shutil

    locale = tmp_path / "locale"
    shutil.copytree(catalogues.LOCALE, locale)
    po = locale / "sv" / "LC_MESSAGES" / "lotsen.po"
    text = po.read_text(encoding="utf-8")
    po.write_text(text.replace('msgstr "Logga in i Lotsen"', 'msgstr ""'), encoding="utf-8")
    monkeypatch.setattr(catalogues, "LOCALE", locale)
    problems = catalogues.check()
    assert "sv: no translation for 'Sign in to Lotsen'" in problems
    assert any("stale" in p for p in problems)
