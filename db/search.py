"""Search the directory of help services, the way desk staff type mid-conversation.

``DirectoryIndex.build(docs)`` makes an in-memory inverted index over the folded words of
each service (name weighs most, then alternate name, taxonomy, description, eligibility,
languages, organization, fees) and precomputes, for every need concept of
:mod:`db.thesaurus`, how strongly each service answers it (its texts use the concept's
words, or it is tagged with one of the concept's taxonomy terms).

``index.search(query, now=…)`` then scores each query word (or thesaurus phrase) against
the services directly (exact, inflected, compound part, still being typed, typo) and
through the need concepts the word names, adds the words up (a service that matches more
of the words ranks higher; a word that matches nothing just adds nothing), and orders the
best candidates by opening status: strongly when the query asks about a time ("inatt",
"nu", "kl 23", or ``open_at``), as a tie-breaker otherwise.

Pure Python; it runs on every keystroke, so per-word results are cached.
"""

from __future__ import annotations

import heapq
import re
import threading
from collections import OrderedDict
from collections.abc import Callable, Iterable, Mapping, Sequence
from dataclasses import dataclass
from datetime import datetime, time, timedelta
from functools import lru_cache
from types import MappingProxyType

from db import thesaurus as th
from db.clock import LOCAL_TZ
from db.records import OpenStatus, SearchHit, ServiceDoc, WeeklyHours
from db.textmatch import W_INFLECTED, Vocabulary, fold, strip_marks, tokenize, words

# db.hours.status_at, or a stand-in with the same signature
StatusFn = Callable[[Sequence[WeeklyHours], datetime], OpenStatus]

# How much a word found in each field counts.
FIELD_WEIGHTS: dict[str, float] = {
    "name": 1.0,
    "alternate_name": 0.9,
    "taxonomy": 0.8,
    "description": 0.6,
    "eligibility": 0.5,
    "languages": 0.5,
    "organization": 0.4,
    "fees": 0.2,
}
EXCLUDED_STATUSES = frozenset({"inactive", "defunct"})
TEMPORARILY_CLOSED = "temporarily closed"

W_CONCEPT = 0.75  # a service found through the need concept, relative to a direct match
W_RELATED = 0.4  # … through a related concept
W_BOTH = 0.4  # extra when a service matches a word both directly and through its concept
W_PHRASE_WORDS = 0.7  # the words of a thesaurus phrase, matched one by one
W_TAXONOMY_EXACT = 0.9  # concept evidence: tagged with one of the concept's taxonomy terms
W_TAXONOMY_PART = 0.7  # … with a more specific term ending in one ("Homeless Shelter")
W_MORE_EVIDENCE = 0.5  # further pieces of concept evidence close this share of the gap
COVERAGE_BONUS = 0.25  # per extra query word a service matches
NATIONAL_WEAK = 0.6  # national helplines that only match weakly (generic queries)
NATIONAL = 0.95  # … and even when they match well, a local service that does goes first
STRONG_MATCH = 0.75
TEMP_CLOSED_FACTOR = 0.3
OPEN_TIEBREAK = 0.02
RELEVANT_SHARE = 0.5  # with a time asked: services this close to the best get the boost
KEEP_SHARE = 0.12  # hits weaker than this share of the best are dropped
NIGHT_ONLY_STRENGTH = 0.6  # "inatt" alone: the visitor needs a bed
NIGHT_FAVOUR = 1.5  # "boende inatt": the night's needs go first among the detected
CANDIDATE_MIN = 40
UNIT_CACHE_SIZE = 512

NIGHT_HOUR, EVENING_HOUR, DAY_HOUR = 22, 19, 12
EARLY_MORNING_HOUR = 5  # before this, "tonight" and "this evening" mean now


@dataclass(frozen=True)
class SearchResult:
    hits: list[SearchHit]
    concepts: tuple[str, ...]  # detected need concepts, best first
    at: datetime  # the moment the statuses refer to
    time_asked: bool  # the query (or open_at) asked about a time


# --- time in the query ---------------------------------------------------------------------

_EXPLICIT_TIME = re.compile(
    r"(?<![\w:.])(?:(kl|klockan|at)\.?\s*)?(\d{1,2})(?:[:.](\d{2}))?\s*(am|pm)?(?![\w:])")


@dataclass(frozen=True)
class TimeRequest:
    """What a query says about time, and the query without it."""

    kinds: frozenset[str]  # now, today, evening, night, tomorrow
    clock: time | None  # an explicit time of day
    weekday: int | None
    rest: str  # the query text with the explicit times taken out
    words: tuple[str, ...]  # the folded words left (time words removed)
    typing_last: bool  # the last word left is still being typed

    @property
    def asked(self) -> bool:
        return bool(self.kinds) or self.clock is not None or self.weekday is not None

    @property
    def only_night(self) -> bool:
        return "night" in self.kinds and not self.words


def parse_time(query: str) -> TimeRequest:
    """Split time words ("inatt", "tonight", "kl 23", "23:00", "9pm") from need words."""
    text = strip_marks(query)
    clock: time | None = None
    spans: list[tuple[int, int]] = []
    for m in _EXPLICIT_TIME.finditer(text):
        marker, hh, mm, ampm = m.group(1), int(m.group(2)), m.group(3), m.group(4)
        if not (marker or mm or ampm):
            continue
        minute = int(mm) if mm else 0
        if ampm == "pm" and hh < 12:
            hh += 12
        elif ampm == "am" and hh == 12:
            hh = 0
        if hh == 24 and minute == 0:
            hh = 0
        if hh > 23 or minute > 59:
            continue
        clock = time(hh, minute)
        spans.append(m.span())
    rest = text
    for start, end in reversed(spans):
        rest = rest[:start] + " " + rest[end:]
    typing_last = bool(query) and not query[-1].isspace() and not (
        spans and spans[-1][1] >= len(text.rstrip()))

    tokens = words(rest)
    kinds: set[str] = set()
    weekday: int | None = None
    keep: list[str] = []
    i = 0
    last_kept_is_last = False
    while i < len(tokens):
        pair = tuple(tokens[i:i + 2])
        if len(pair) == 2 and pair in th.TIME_PHRASES:
            kinds.add(th.TIME_PHRASES[pair])
            i += 2
            last_kept_is_last = False
            continue
        tok = tokens[i]
        if tok in th.TIME_WORDS:
            kinds.add(th.TIME_WORDS[tok])
            last_kept_is_last = False
        elif tok in th.WEEKDAYS:
            weekday = th.WEEKDAYS[tok]
            last_kept_is_last = False
        elif tok in th.TIME_MARKERS and (clock is not None or i == len(tokens) - 1):
            last_kept_is_last = False
        else:
            keep.append(tok)
            last_kept_is_last = True
        i += 1
    return TimeRequest(frozenset(kinds), clock, weekday, rest, tuple(keep),
                       typing_last and last_kept_is_last)


def moment_for(request: TimeRequest, now: datetime) -> datetime | None:
    """The "open at" moment a time request means, or None when it asks no time."""
    if not request.asked:
        return None
    if now.tzinfo is not None:
        now = now.astimezone(LOCAL_TZ)
    kinds = request.kinds
    offset: int | None = None
    if "tomorrow" in kinds:
        offset = 1
    elif request.weekday is not None:
        offset = (request.weekday - now.weekday()) % 7
    if request.clock is not None:
        day = now + timedelta(days=offset or 0)
        at = day.replace(hour=request.clock.hour, minute=request.clock.minute, second=0,
                         microsecond=0)
        if offset is None and at < now.replace(second=0, microsecond=0):
            at += timedelta(days=1)
        return at
    if offset:
        hour = (NIGHT_HOUR if "night" in kinds else EVENING_HOUR if "evening" in kinds
                else DAY_HOUR)
        return (now + timedelta(days=offset)).replace(hour=hour, minute=0, second=0,
                                                      microsecond=0)
    for kind, hour in (("night", NIGHT_HOUR), ("evening", EVENING_HOUR)):
        if kind in kinds:
            if now.hour < EARLY_MORNING_HOUR or now.hour >= hour:
                return now
            return now.replace(hour=hour, minute=0, second=0, microsecond=0)
    return now


# --- the thesaurus, indexed once -----------------------------------------------------------


class _Thesaurus:
    def __init__(self) -> None:
        self.word_concepts: dict[str, set[str]] = {}
        self.phrases: dict[tuple[str, ...], set[str]] = {}
        # terms to look for in the services' texts: (concept, folded term)
        self.doc_terms: list[tuple[str, str]] = []
        swedish: set[str] = set()  # single Swedish words: compounds are Swedish
        for c in th.CONCEPTS:
            sv = set(c.terms_sv)
            for term in c.terms:
                folded = fold(th.bare_term(term))
                if not folded:
                    continue
                parts = tuple(folded.split())
                if len(parts) == 1:
                    self.word_concepts.setdefault(folded, set()).add(c.key)
                    if term in sv:
                        swedish.add(folded)
                else:
                    self.phrases.setdefault(parts, set()).add(c.key)
                if not th.term_is_query_only(term):
                    self.doc_terms.append((c.key, folded))
        self.max_phrase = max((len(p) for p in self.phrases), default=1)
        self.vocab = Vocabulary(self.word_concepts)
        self.swedish = frozenset(swedish)
        self.vocab_sv = Vocabulary(swedish)
        self.related = {c.key: c.related for c in th.CONCEPTS}
        self.taxonomy = {c.key: tuple(fold(t) for t in c.taxonomy) for c in th.CONCEPTS}


@lru_cache(maxsize=1)
def _thesaurus() -> _Thesaurus:
    return _Thesaurus()


def concepts_for_word(word: str, typing: bool = False) -> Mapping[str, float]:
    """The need concepts a folded query word names, with a strength in (0, 1]."""
    return _concepts_for_word(word, typing)


@lru_cache(maxsize=4096)
def _concepts_for_word(word: str, typing: bool) -> Mapping[str, float]:
    t = _thesaurus()
    out: dict[str, float] = {}

    def add(term: str, weight: float) -> None:
        for key in t.word_concepts.get(term, ()):
            if out.get(key, 0.0) < weight:
                out[key] = weight

    for term, weight in t.vocab.inflected(word).items():
        add(term, weight)
    if out:
        return MappingProxyType(out)
    if typing and len(word) >= 3:
        for term, weight in t.vocab.prefixed(word).items():
            add(term, weight)
    if len(word) >= 5 and word.isalpha():
        # the word is a compound with a Swedish term as its last part (natt|härbärget)
        for i in range(2, len(word) - 2):
            for term, weight in t.vocab_sv.inflected(word[i:]).items():
                if weight >= W_INFLECTED:
                    add(term, 0.85)
        # … or as its first part (skuld|problem), perhaps with a linking s
        for i in range(4, len(word) - 2):
            head = word[:i]
            for part in (head, head[:-1] if head.endswith("s") else ""):
                if part in t.swedish:
                    add(part, 0.6)
    # the word is part of a compound Swedish term (härbärge → natthärbärge)
    if len(word) >= 4:
        for term, weight in t.vocab_sv.compounds(word).items():
            add(term, weight)
    if not out:
        for term, weight in t.vocab.typos(word).items():
            add(term, weight)
    if out:
        best = max(out.values())
        out = {k: v for k, v in out.items() if v >= 0.75 * best}
    return MappingProxyType(out)


def is_thesaurus_word(word: str) -> bool:
    return word in _thesaurus().word_concepts


# --- the index -----------------------------------------------------------------------------


@dataclass(frozen=True)
class _Unit:
    """One query word, or a thesaurus phrase of several words."""

    tokens: tuple[str, ...]  # content words used for direct matching
    concepts: tuple[tuple[str, float], ...]
    typing: bool
    phrase: bool = False


class DirectoryIndex:
    """An in-memory search index over the active services of a directory."""

    def __init__(self, docs: list[ServiceDoc], postings: dict[str, dict[int, float]],
                 taxonomy_postings: dict[str, dict[int, float]]) -> None:
        self.docs = docs
        self._postings = postings  # words of the texts (all fields but taxonomy)
        self._tax_postings = taxonomy_postings  # words of the taxonomy terms
        self._vocab = Vocabulary(postings.keys() | taxonomy_postings.keys(), th.STOPWORDS)
        self._evidence: dict[str, dict[int, float]] = {}
        self._national = [i for i, d in enumerate(docs) if d.source == "national"]
        self._temp_closed = [i for i, d in enumerate(docs)
                             if d.status.strip().casefold() == TEMPORARILY_CLOSED]
        self._temp_closed_set = frozenset(self._temp_closed)
        self._units: OrderedDict[_Unit, dict[int, float]] = OrderedDict()
        self._status_key: tuple | None = None
        self._status_cache: dict[int, OpenStatus] = {}
        self._by_id = {d.id: d for d in docs}
        self._lock = threading.Lock()

    def __len__(self) -> int:
        return len(self.docs)

    def get(self, service_id: str) -> ServiceDoc | None:
        return self._by_id.get(service_id)

    # building

    @classmethod
    def build(cls, docs: Iterable[ServiceDoc]) -> DirectoryIndex:
        kept = [d for d in docs
                if (d.status or "active").strip().casefold() not in EXCLUDED_STATUSES]
        postings: dict[str, dict[int, float]] = {}
        tax_postings: dict[str, dict[int, float]] = {}
        taxonomy: dict[str, list[int]] = {}
        for i, doc in enumerate(kept):
            fields = (
                ("name", (doc.name,)),
                ("alternate_name", (doc.alternate_name,)),
                ("taxonomy", doc.taxonomy),
                ("description", (doc.description,)),
                ("eligibility", (doc.eligibility,)),
                ("languages", doc.languages + doc.language_codes),
                ("organization", (doc.organization,)),
                ("fees", (doc.fees,)),
            )
            for field, texts in fields:
                weight = FIELD_WEIGHTS[field]
                target = tax_postings if field == "taxonomy" else postings
                for text in texts:
                    if not text:
                        continue
                    for tok in tokenize(text):
                        post = target.get(tok)
                        if post is None:
                            target[tok] = {i: weight}
                        elif post.get(i, 0.0) < weight:
                            post[i] = weight
            for term in doc.taxonomy:
                folded = fold(term)
                if folded:
                    taxonomy.setdefault(folded, []).append(i)
        index = cls(kept, postings, tax_postings)
        index._evidence = index._concept_evidence(taxonomy)
        return index

    def _concept_evidence(self, taxonomy: dict[str, list[int]]) -> dict[str, dict[int, float]]:
        """For every concept: service → how strongly it answers the need (0–1)."""
        t = _thesaurus()
        pieces: dict[str, dict[int, list[float]]] = {c.key: {} for c in th.CONCEPTS}
        term_cache: dict[str, dict[int, float]] = {}
        for key, term in t.doc_terms:
            found = term_cache.get(term)
            if found is None:
                found = term_cache[term] = self._term_docs(term)
            bucket = pieces[key]
            for d, v in found.items():
                bucket.setdefault(d, []).append(v)
        padded = {f" {tax} ": docs for tax, docs in taxonomy.items()}
        for key, hints in t.taxonomy.items():
            bucket = pieces[key]
            best: dict[int, float] = {}
            for hint in hints:
                needle = f" {hint} "
                for tax, docs in padded.items():
                    if tax == needle:
                        v = W_TAXONOMY_EXACT
                    elif tax.endswith(needle):  # "Homeless Shelter" is a Shelter
                        v = W_TAXONOMY_PART
                    else:
                        continue
                    for d in docs:
                        if best.get(d, 0.0) < v:
                            best[d] = v
            for d, v in best.items():
                bucket.setdefault(d, []).append(v)
        evidence: dict[str, dict[int, float]] = {}
        for key, bucket in pieces.items():
            scores: dict[int, float] = {}
            for d, values in bucket.items():
                if len(values) == 1:
                    scores[d] = values[0]
                else:
                    values.sort(reverse=True)
                    rest = 1.0
                    for v in values[1:]:
                        rest *= 1.0 - W_MORE_EVIDENCE * v
                    scores[d] = values[0] + (1.0 - values[0]) * (1.0 - rest)
            evidence[key] = scores
        return evidence

    def _term_docs(self, term: str) -> dict[int, float]:
        """Services whose texts (not taxonomy: see the hints) contain a thesaurus term: a
        word (inflected, or as part of a compound), or every word of a phrase."""
        parts = term.split()
        result: dict[int, float] | None = None
        for part in parts:
            matches = {w: v for w, v in self._vocab.inflected(part).items()
                       if w in self._postings}
            if len(parts) == 1:
                compounds = self._vocab.compounds(part, min_head=4, min_modifier=5)
                for w, weight in compounds.items():
                    if w in self._postings and matches.get(w, 0.0) < weight:
                        matches[w] = weight
            found: dict[int, float] = {}
            for w, weight in matches.items():
                for d, fw in self._postings[w].items():
                    v = weight * fw
                    if found.get(d, 0.0) < v:
                        found[d] = v
            if result is None:
                result = found
            else:
                result = {d: min(v, found[d]) for d, v in result.items() if d in found}
            if not result:
                return {}
        return result or {}

    # searching

    def _units_of(self, tokens: tuple[str, ...], typing_last: bool) -> list[_Unit]:
        """The query's units in order: thesaurus phrases (longest first), then single
        words without the stopwords (unless there is nothing else)."""
        t = _thesaurus()
        n = len(tokens)
        found: list[_Unit | tuple[str, bool]] = []
        i = 0
        while i < n:
            phrase = None
            for size in range(min(t.max_phrase, n - i), 1, -1):
                window = tokens[i:i + size]
                keys = t.phrases.get(window)
                typing = typing_last and i + size == n
                if keys is None and typing and len(window[-1]) >= 3:
                    keys = self._phrase_prefix(window)
                if keys:
                    content = tuple(w for w in window if w not in th.STOPWORDS) or window
                    phrase = _Unit(content, tuple((k, 1.0) for k in sorted(keys)), typing,
                                   phrase=True)
                    break
            if phrase is not None:
                found.append(phrase)
                i += len(window)
            else:
                found.append((tokens[i], typing_last and i == n - 1))
                i += 1
        has_content = any(isinstance(f, _Unit) or f[0] not in th.STOPWORDS for f in found)
        units: list[_Unit] = []
        for f in found:
            if isinstance(f, _Unit):
                units.append(f)
                continue
            word, typing = f
            if has_content and word in th.STOPWORDS:
                continue
            concepts = concepts_for_word(word, typing)
            units.append(_Unit((word,), tuple(sorted(concepts.items())), typing))
        return units

    @staticmethod
    def _phrase_prefix(window: tuple[str, ...]) -> set[str] | None:
        t = _thesaurus()
        keys: set[str] = set()
        for phrase, pkeys in t.phrases.items():
            if (len(phrase) == len(window) and phrase[:-1] == window[:-1]
                    and phrase[-1].startswith(window[-1])):
                keys |= pkeys
        return keys or None

    def _unit_scores(self, unit: _Unit) -> dict[int, float]:
        cached = self._units.get(unit)
        if cached is not None:
            self._units.move_to_end(unit)
            return cached
        direct: dict[int, float] = {}
        factor = W_PHRASE_WORDS if unit.phrase else 1.0
        for tok in unit.tokens:
            matches = self._vocab.match(tok, typing=unit.typing,
                                        fuzzy=not is_thesaurus_word(tok))
            for w, mw in matches.items():
                mw *= factor
                for postings in (self._postings, self._tax_postings):
                    post = postings.get(w)
                    if post is None:
                        continue
                    for d, fw in post.items():
                        v = mw * fw
                        if direct.get(d, 0.0) < v:
                            direct[d] = v
        via: dict[int, float] = {}
        t = _thesaurus()
        for key, strength in unit.concepts:
            for k, factor in ((key, W_CONCEPT), *((r, W_RELATED) for r in t.related[key])):
                w = strength * factor
                for d, e in self._evidence.get(k, {}).items():
                    v = w * e
                    if via.get(d, 0.0) < v:
                        via[d] = v
        scores = direct
        for d, c in via.items():
            a = scores.get(d)
            if a is None:
                scores[d] = c
            else:
                scores[d] = max(a, c) + W_BOTH * min(a, c)
        self._units[unit] = scores
        if len(self._units) > UNIT_CACHE_SIZE:
            self._units.popitem(last=False)
        return scores

    def search(self, query: str, *, now: datetime, limit: int = 50,
               open_at: datetime | None = None,
               status_fn: StatusFn | None = None) -> SearchResult:
        """Services for ``query``, best first (see the module docstring).

        ``now``: the current local time (aware, or naive Stockholm wall-clock time).
        ``open_at``: rank what is open then (overrides time words in the query).
        ``status_fn(hours, moment)``: opening status; by default ``db.hours.status_at``.
        Called only for the best candidates (at most ``max(40, 2 * limit)``), and reused
        for keystrokes within the same minute. Safe to call from several threads.
        """
        if status_fn is None:
            from db.hours import status_at

            status_fn = status_at
        with self._lock:
            return self._search(query, now, limit, open_at, status_fn)

    def _search(self, query: str, now: datetime, limit: int, open_at: datetime | None,
                status_fn: StatusFn) -> SearchResult:
        request = parse_time(query)
        asked = moment_for(request, now)
        if open_at is not None:
            asked = open_at
        time_asked = asked is not None
        at = asked if asked is not None else now
        units = self._units_of(request.words, request.typing_last)
        if not units and request.only_night:
            units = [_Unit((), ((th.NIGHT_IMPLIES, NIGHT_ONLY_STRENGTH),), False)]
        if not units or not self.docs or limit <= 0:
            return SearchResult([], self._concept_order(units, []), at, time_asked)

        n_docs = len(self.docs)
        unit_scores = [(scores, 1.0 - 0.6 * len(scores) / n_docs)
                       for scores in map(self._unit_scores, units) if scores]
        if not unit_scores:
            return SearchResult([], self._concept_order(units, []), at, time_asked)
        scale = 1.0
        if len(unit_scores) == 1:
            # one word: its scores times a constant (applied to the hits at the end)
            scores, scale = unit_scores[0]
            total = dict(scores)
        else:
            total = {}
            count: dict[int, int] = {}
            for scores, weight in unit_scores:
                for d, v in scores.items():
                    total[d] = total.get(d, 0.0) + weight * v
                    count[d] = count.get(d, 0) + 1
            for d, c in count.items():
                if c > 1:
                    total[d] += COVERAGE_BONUS * (c - 1)
        for d in self._national:
            if d in total:
                best = max(scores.get(d, 0.0) for scores, _ in unit_scores)
                total[d] *= NATIONAL if best >= STRONG_MATCH else NATIONAL_WEAK
        for d in self._temp_closed:
            if d in total:
                total[d] *= TEMP_CLOSED_FACTOR

        pool = max(CANDIDATE_MIN, 2 * limit)
        if len(total) > pool:
            candidates = heapq.nlargest(pool, total, key=total.__getitem__)
        else:
            candidates = sorted(total, key=total.__getitem__, reverse=True)
        top = total[candidates[0]]
        candidates = [d for d in candidates if total[d] >= KEEP_SHARE * top]
        if not time_asked:
            # the opening status only breaks ties: the best few are enough
            candidates = candidates[:limit + 10]
        statuses = self._statuses(candidates, at, status_fn)
        temp_closed = self._temp_closed_set

        ranked: list[tuple[tuple, int, OpenStatus]] = []
        for d in candidates:
            status = statuses[d]
            score = total[d]
            if time_asked:
                relevant = score >= RELEVANT_SHARE * top
                if d in temp_closed:
                    group = 3
                elif relevant and status.open:
                    group = 0
                elif relevant and status.open is None:
                    group = 1
                else:
                    group = 2
                key = (group, -score)
            else:
                key = (3 if d in temp_closed else 0,
                       -(score + (OPEN_TIEBREAK if status.open else 0.0)))
            ranked.append((key, d, status))
        ranked.sort(key=lambda r: (r[0], r[1]))
        ranked = ranked[:limit]
        hit_docs = [d for _, d, _ in ranked]
        concepts = self._concept_order(units, hit_docs,
                                       night=bool(request.kinds & {"night", "evening"}))
        hits = [SearchHit(self.docs[d], round(scale * total[d], 4), status,
                          self._hit_concept(units, d))
                for _, d, status in ranked]
        return SearchResult(hits, concepts, at, time_asked)

    def _statuses(self, candidates: list[int], at: datetime,
                  status_fn: StatusFn) -> dict[int, OpenStatus]:
        """Opening statuses at ``at``, kept while the minute and status_fn stay the same
        (opening hours change on whole minutes, so keystrokes within a minute share them)."""
        minute = at.replace(second=0, microsecond=0)
        key = (minute, status_fn)
        if key != self._status_key:
            self._status_key, self._status_cache = key, {}
        cache = self._status_cache
        out = {}
        for d in candidates:
            status = cache.get(d)
            if status is None:
                status = cache[d] = status_fn(self.docs[d].hours, minute)
            out[d] = status
        return out

    def _detected(self, units: list[_Unit]) -> dict[str, tuple[float, int]]:
        found: dict[str, tuple[float, int]] = {}
        for pos, unit in enumerate(units):
            for key, strength in unit.concepts:
                old = found.get(key)
                if old is None or old[0] < strength:
                    found[key] = (strength, pos if old is None else old[1])
        return found

    def _concept_order(self, units: list[_Unit], hit_docs: list[int],
                       night: bool = False) -> tuple[str, ...]:
        """Detected concepts: the strongest named, best supported by the hits, first (and
        at night, the needs of the night, e.g. a bed)."""
        found = self._detected(units)
        if not found:
            return ()
        top = hit_docs[:10]

        def rank(key: str) -> float:
            ev = self._evidence.get(key, {})
            support = sum(ev.get(d, 0.0) for d in top) / len(top) if top else 0.0
            favour = NIGHT_FAVOUR if night and key in th.NIGHT_CONCEPTS else 1.0
            return round(found[key][0] * (1.0 + support) * favour, 6)

        return tuple(sorted(found, key=lambda k: (-rank(k), found[k][1], k)))

    def _hit_concept(self, units: list[_Unit], d: int) -> str | None:
        best_key, best_value = None, 0.2
        for key, (strength, _) in self._detected(units).items():
            v = strength * self._evidence.get(key, {}).get(d, 0.0)
            if v > best_value:
                best_key, best_value = key, v
        return best_key


def search(docs: Iterable[ServiceDoc], query: str, *, now: datetime,
           **kwargs) -> SearchResult:
    """One-off search (builds an index; keep a :class:`DirectoryIndex` for repeated use)."""
    return DirectoryIndex.build(docs).search(query, now=now, **kwargs)
