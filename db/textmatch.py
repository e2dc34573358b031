"""Text matching for the directory search: folding, tokens, Swedish compounds, typos.

Everything works on *folded* words (:func:`fold`): case-folded, diacritics removed
(å/ä → a, ö → o, é → e), punctuation gone. Staff on a foreign keyboard, or in a hurry,
type "nattharbarge" for "natthärbärge"; both fold to the same word.

:class:`Vocabulary` answers "which words of the documents does this query word match, and
how well": exact, inflected (skuld ~ skulder), as part of a compound (härbärge ~
natthärbärget, skuld ~ skuldrådgivning), as the start of a word still being typed, or with
a typo (Damerau–Levenshtein ≤ 1 for 4–7 letters, ≤ 2 for 8+).
"""

from __future__ import annotations

import re
import unicodedata
from bisect import bisect_left
from collections.abc import Iterable

# --- folding ---------------------------------------------------------------------------

_SPECIAL = {"ø": "o", "æ": "ae", "œ": "oe", "đ": "d", "ł": "l", "ı": "i", "ß": "ss",
            "þ": "th", "ð": "d", "ŀ": "l", "ħ": "h", "ŧ": "t"}


def _build_table() -> dict[int, str]:
    table: dict[int, str] = {}
    for cp in range(0xC0, 0x250):
        ch = chr(cp)
        if ch in _SPECIAL:
            table[cp] = _SPECIAL[ch]
            continue
        base = "".join(c for c in unicodedata.normalize("NFKD", ch)
                       if not unicodedata.combining(c))
        if base != ch:
            table[cp] = base
    for ch, rep in _SPECIAL.items():
        table[ord(ch)] = rep
    return table


_TABLE = _build_table()
_NON_WORD = re.compile(r"[\W_]+")
_CHUNK = re.compile(r"[^\W_]+(?:-[^\W_]+)*")


def strip_marks(text: str) -> str:
    text = text.casefold().translate(_TABLE)
    if not text.isascii():
        text = "".join(c for c in unicodedata.normalize("NFKD", text)
                       if not unicodedata.combining(c))
    return text


def fold(text: str) -> str:
    """Case-fold, drop diacritics and punctuation, collapse spaces: "Natthärbärget!" →
    "nattharbarget", "EU-medborgare" → "eu medborgare"."""
    return " ".join(_NON_WORD.sub(" ", strip_marks(text)).split())


def words(text: str) -> list[str]:
    """The folded words of a query, in order ("id-kort" → ["id", "kort"])."""
    return fold(text).split()


def tokenize(text: str) -> list[str]:
    """The folded words of a document text. A hyphenated word also gives the joined word:
    "Id-kort" → ["id", "kort", "idkort"]."""
    out: list[str] = []
    for chunk in _CHUNK.findall(strip_marks(text)):
        if "-" in chunk:
            parts = [p for p in chunk.split("-") if p]
            out.extend(parts)
            out.append("".join(parts))
        else:
            out.append(chunk)
    return out


# --- Swedish inflection ------------------------------------------------------------------

# Endings (folded) stripped to find a stem: plural, definite, genitive, -het.
ENDINGS: tuple[str, ...] = (
    "arnas", "ernas", "ornas", "arna", "erna", "orna", "heten", "heter", "ande", "ende",
    "ens", "ets", "het", "ar", "er", "or", "en", "et", "na", "as", "es", "a", "e", "n",
    "s", "t",
)
_ENDINGS_SET = frozenset(ENDINGS) | {""}
MIN_STEM = 3


_ENDINGS_BY_LAST: dict[str, tuple[str, ...]] = {}
for _e in ENDINGS:
    _ENDINGS_BY_LAST[_e[-1]] = (*_ENDINGS_BY_LAST.get(_e[-1], ()), _e)


def stems(word: str) -> tuple[str, ...]:
    """The word and the stems left after taking off one inflection ending (≥ 3 letters)."""
    endings = _ENDINGS_BY_LAST.get(word[-1:], ())
    if not endings or not word.isalpha():
        return (word,)
    out = [word]
    n = len(word)
    for e in endings:
        if n - len(e) >= MIN_STEM and word.endswith(e):
            out.append(word[: -len(e)])
    return tuple(out)


def max_typos(word: str) -> int:
    """Typos tolerated in a word: none below 4 letters, 1 for 4–7, 2 for 8 or more."""
    n = len(word)
    if n < 4 or not word.isalpha():
        return 0
    return 1 if n < 8 else 2


def damerau_levenshtein(a: str, b: str, limit: int = 2) -> int:
    """Optimal-string-alignment distance between a and b, or limit + 1 when larger."""
    la, lb = len(a), len(b)
    if abs(la - lb) > limit:
        return limit + 1
    if a == b:
        return 0
    big = limit + 1
    prev2: list[int] | None = None
    prev = list(range(lb + 1))
    for i in range(1, la + 1):
        ai = a[i - 1]
        lo = max(1, i - limit)
        hi = min(lb, i + limit)
        cur = [big] * (lb + 1)
        cur[0] = i
        row_min = i if lo == 1 else big
        for j in range(lo, hi + 1):
            cost = 0 if ai == b[j - 1] else 1
            v = prev[j - 1] + cost
            d = prev[j] + 1
            if d < v:
                v = d
            d = cur[j - 1] + 1
            if d < v:
                v = d
            if (prev2 is not None and j > 1 and ai == b[j - 2] and a[i - 2] == b[j - 1]):
                d = prev2[j - 2] + 1
                if d < v:
                    v = d
            cur[j] = v
            if v < row_min:
                row_min = v
        if row_min > limit:
            return big
        prev2, prev = prev, cur
    return prev[lb] if prev[lb] <= limit else big


_MASK64 = (1 << 64) - 1


def _bigram_mask(word: str) -> int:
    """The word's bigrams (with start and end marks) hashed into 64 bits. A bigram of one
    word that is missing from the other's mask is certainly missing from the other word."""
    padded = f"^{word}$"
    mask = 0
    for i in range(len(padded) - 1):
        mask |= 1 << (hash(padded[i:i + 2]) & 63)
    return mask


def _letter_mask(word: str) -> int:
    """The word's letters as bits (a letter's code point modulo 64): the number of bits
    set in the XOR of two masks is at most the number of letters in one word and not the
    other (the same for a–z, which do not collide), a small int instead of a frozenset."""
    mask = 0
    for char in word:
        mask |= 1 << (ord(char) & 63)
    return mask


def is_fuzzy_match(query_word: str, word: str) -> bool:
    k = max_typos(query_word)
    return k > 0 and damerau_levenshtein(query_word, word, k) <= k


def compound_part(part: str, word: str) -> str | None:
    """How ``part`` occurs in the compound ``word``: "head" (natt|härbärge|t),
    "modifier" (skuld|rådgivning), or None. Both folded."""
    if len(part) < MIN_STEM or len(word) <= len(part):
        return None
    for s in stems(part):
        if len(s) < MIN_STEM:
            continue
        if word.startswith(s) and len(word) - len(s) >= 3:
            return "modifier"
        pos = word.rfind(s)
        if pos >= 2 and word[pos + len(s):] in _ENDINGS_SET:
            return "head"
    return None


# --- match weights -------------------------------------------------------------------------

W_EXACT = 1.0
W_INFLECTED = 0.9
W_HEAD = 0.75
W_HEAD_SHORT = 0.6  # a three-letter last part ("kvälls|mat", but also "auto|mat")
W_MODIFIER = 0.7
W_MODIFIER_SHORT = 0.6  # a three-letter first part ("mat|banken") is less certain
W_PREFIX = 0.85  # the word being typed, minus a little per missing letter
W_PREFIX_MIN = 0.5
W_TYPO1 = 0.7
W_TYPO2 = 0.55
W_SPLIT_HEAD = 0.55  # the query word is a compound whose last part the document has
W_SPLIT_MODIFIER = 0.45

MAX_PREFIX_EXPANSIONS = 40


class Vocabulary:
    """The distinct folded words of a collection, indexed for the match kinds above."""

    def __init__(self, vocabulary: Iterable[str], stopwords: Iterable[str] = ()) -> None:
        self.words: frozenset[str] = frozenset(w for w in vocabulary if w)
        # function words are only ever matched by themselves ("meds" must not find "med")
        self._stop = frozenset(stopwords)
        self._fwd: list[str] = sorted(self.words)
        self._rev: list[str] = sorted(w[::-1] for w in self.words)
        self._by_stem: dict[str, list[str]] = {}
        # typo candidates: (word, bigrams it lacks, its letters) by (length, first/last two
        # letters): one typo leaves the first two or the last two letters as they were
        self._by_len_first: dict[tuple[int, str], list[tuple[str, int, int]]] = {}
        self._by_len_last: dict[tuple[int, str], list[tuple[str, int, int]]] = {}
        for w in self._fwd:
            for s in stems(w):
                self._by_stem.setdefault(s, []).append(w)
            if w.isalpha() and len(w) >= 3:
                item = (w, ~_bigram_mask(w) & _MASK64, _letter_mask(w))
                self._by_len_first.setdefault((len(w), w[:2]), []).append(item)
                self._by_len_last.setdefault((len(w), w[-2:]), []).append(item)

    def __contains__(self, word: str) -> bool:
        return word in self.words

    def __len__(self) -> int:
        return len(self.words)

    # sorted-list helpers
    @staticmethod
    def _starting(sorted_words: list[str], prefix: str) -> Iterable[str]:
        i = bisect_left(sorted_words, prefix)
        n = len(sorted_words)
        while i < n and sorted_words[i].startswith(prefix):
            yield sorted_words[i]
            i += 1

    def starting_with(self, prefix: str) -> Iterable[str]:
        return self._starting(self._fwd, prefix)

    def inflected(self, word: str) -> dict[str, float]:
        """Words sharing a stem with ``word`` (itself included, at 1.0)."""
        out: dict[str, float] = {}
        for s in stems(word):
            short = len(s) < 4 and s != word
            for w in self._by_stem.get(s, ()):
                if short and w != s:
                    continue  # "kase" and "kast" share only "kas"
                if w in self._stop and w != word:
                    continue
                weight = W_EXACT if w == word else W_INFLECTED
                if out.get(w, 0.0) < weight:
                    out[w] = weight
        return out

    def compounds(self, word: str, *, modifiers: bool = True, min_modifier: int = MIN_STEM,
                  min_head: int = MIN_STEM) -> dict[str, float]:
        """Compounds that contain ``word`` (or its stem) as last part or as first part.

        A stem (``word`` minus an ending) must have four letters to be a first part:
        "polen" must not find "polisen" through "pol".
        """
        out: dict[str, float] = {}
        for s in stems(word):
            if len(s) < MIN_STEM:
                continue
            # head: X + s + ending, X at least two letters
            head_weight = W_HEAD if len(s) >= 4 else W_HEAD_SHORT
            for ending in (_ENDINGS_SET if len(s) >= min_head else ()):
                key = (s + ending)[::-1]
                for r in self._starting(self._rev, key):
                    if len(r) - len(key) >= 2:
                        w = r[::-1]
                        if out.get(w, 0.0) < head_weight:
                            out[w] = head_weight
            # modifier: s + at least three more letters
            if modifiers and len(s) >= min_modifier and (s == word or len(s) >= 4):
                weight = W_MODIFIER if len(s) >= 4 else W_MODIFIER_SHORT
                for w in self._starting(self._fwd, s):
                    if len(w) - len(s) >= 3 and out.get(w, 0.0) < weight:
                        out[w] = weight
        return out

    def prefixed(self, prefix: str) -> dict[str, float]:
        """Completions of a word still being typed (the nearest ones first)."""
        if len(prefix) < 2:
            return {prefix: W_EXACT} if prefix in self.words else {}
        found = list(self._starting(self._fwd, prefix))
        if len(found) > MAX_PREFIX_EXPANSIONS:
            found.sort(key=len)
            found = found[:MAX_PREFIX_EXPANSIONS]
        out = {}
        for w in found:
            out[w] = (W_EXACT if w == prefix
                      else max(W_PREFIX_MIN, W_PREFIX - 0.03 * (len(w) - len(prefix))))
        return out

    def typos(self, word: str) -> dict[str, float]:
        """Words within the tolerated edit distance whose first two or last two letters
        are right (two typos, one at each end, are not found)."""
        k = max_typos(word)
        if not k:
            return {}
        out: dict[str, float] = {}
        n = len(word)
        first, last = word[:2], word[-2:]
        letters = _letter_mask(word)
        mask = _bigram_mask(word)
        most_letters = 2 * k  # an edit changes the set of letters by at most two …
        most_bigrams = 3 * k  # … and removes at most three bigrams (a transposition)
        found: set[str] = set()
        for length in range(max(3, n - k), n + k + 1):
            for bucket in (self._by_len_first.get((length, first), ()),
                           self._by_len_last.get((length, last), ())):
                found.update([w for w, w_missing, w_letters in bucket
                              if (mask & w_missing).bit_count() <= most_bigrams
                              and (letters ^ w_letters).bit_count() <= most_letters])
        found.discard(word)
        for w in found:
            d = damerau_levenshtein(word, w, k)
            if d <= k:
                out[w] = W_TYPO1 if d == 1 else W_TYPO2
        return out

    def splits(self, word: str) -> dict[str, float]:
        """A query compound the documents only have in parts: tandvärk → värk (and the
        compounds that start with tand). Both parts must occur."""
        out: dict[str, float] = {}
        if not word.isalpha() or len(word) < 7:
            return out
        for i in range(3, len(word) - 3):
            head, mod = word[i:], word[:i]
            head_hits = self.inflected(head)
            if not head_hits:
                continue
            mods = self.inflected(mod)
            if not mods and mod.endswith("s") and len(mod) > 4:
                mod = mod[:-1]  # linking s: "skulds|anering"
                mods = self.inflected(mod)
            if len(mod) >= 4:
                for w, weight in self.compounds(mod, min_head=len(mod) + 1).items():
                    mods.setdefault(w, weight)
            if not mods:
                continue
            for w in head_hits:
                out[w] = max(out.get(w, 0.0), W_SPLIT_HEAD)
            for w in mods:
                out[w] = max(out.get(w, 0.0), W_SPLIT_MODIFIER)
        return out

    def match(self, word: str, *, typing: bool = False, fuzzy: bool = True,
              split: bool = True) -> dict[str, float]:
        """Vocabulary words that ``word`` (folded) matches, with a weight in (0, 1].

        ``typing``: the word is the last of the query and may be incomplete.
        Typos and compound splitting are only tried when the word itself, inflected (or,
        while typing, completed), is not in the vocabulary (and ``fuzzy``/``split`` allow
        it).
        """
        out = self.inflected(word)
        if len(word) >= MIN_STEM:
            for w, weight in self.compounds(word).items():
                if out.get(w, 0.0) < weight:
                    out[w] = weight
        completed = False
        if typing:
            for w, weight in self.prefixed(word).items():
                completed = True
                if out.get(w, 0.0) < weight:
                    out[w] = weight
        # a word found as such, inflected, completed or as part of a compound is no typo
        direct = completed or any(v >= W_MODIFIER for v in out.values())
        if not direct and fuzzy:
            for w, weight in self.typos(word).items():
                if out.get(w, 0.0) < weight:
                    out[w] = weight
        if not direct and split:
            for w, weight in self.splits(word).items():
                if out.get(w, 0.0) < weight:
                    out[w] = weight
        return out
