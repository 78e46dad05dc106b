"""How a search word finds a session: the matching rules, Slack-free and pure.

A query is whitespace-separated words; a session matches when every word matches. A word
matches by the first rule that applies to it:

1. **Initial consonants (초성).** A word made only of Hangul initial consonants
   (`ㅁㅇㅋㄹㅅㅂㅅ`) matches the 초성 of the session's Hangul text, spaces ignored, so it
   finds 마이크로서비스 and `ㄷㅈㅇㅍㅌ` finds 디자인 패턴.
2. **Short Latin words.** A word of at most three ASCII letters or digits (`AI`, `ML`, `EC2`,
   `5G`) must start and end at a word boundary: `AI` finds `AI`, `AI/ML`, `AI서비스` and
   `GenerativeAI`, `ML` finds `MLOps`, but `AI` does not find `containers`, `email` or
   `Airline`. Boundaries are anything that is not an ASCII letter or digit (spaces,
   punctuation, Hangul), camelCase humps (`Generative|AI`, `ML|Ops`, `Dynamo|DB`) and
   letter/digit changes (`EC|2`, `Graviton|3`).
3. **Everything else** (longer words, Korean) is a case-insensitive substring of any field,
   so `패턴` is found inside `디자인패턴`.

A word that is a product name or one of its spellings in the alias table
(`data/search_aliases.csv`: 그래비톤 → Graviton) matches any spelling in its group, each by
the rules above: `그래비톤` finds talks that write Graviton, and `Graviton` finds talks that
write 그래비톤. A Korean particle after an alias (`세이지메이커로`) is allowed.

Everything a session needs is computed once per agenda snapshot (`SearchText.of`); a query
costs one `in` test per word and session, like a bare substring scan (`SearchIndex` keeps
what a many-spelling word matches, so it too costs one test).
"""

from __future__ import annotations

import csv
import functools
import re
import unicodedata
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Protocol, TypeVar

from hangulpy import get_chosung_string, split_hangul_string
from rapidfuzz import fuzz, process

DEFAULT_ALIASES = Path(__file__).resolve().parents[2] / "data" / "search_aliases.csv"
SHORT_WORD = 3
# The 19 initial consonants as typed on a Korean keyboard (compatibility jamo).
INITIALS = frozenset("ㄱㄲㄴㄷㄸㄹㅁㅂㅃㅅㅆㅇㅈㅉㅊㅋㅌㅍㅎ")
# Particles people attach to a name they search for (그래비톤으로, 람다를); longest first.
PARTICLES = ("으로", "에서", "이랑", "은", "는", "이", "가", "을", "를", "와", "과", "로",
             "의", "에", "도", "만", "랑")  # fmt: skip
ASCII_TOKEN = re.compile(r"[A-Za-z0-9]+")
# Where a word part starts inside an ASCII token: aB (camel hump), ABc (acronym before a
# word: ML|Ops), a1 and 1a (letters and digits).
HUMP = re.compile(
    r"(?<=[a-z])(?=[A-Z])|(?<=[A-Z])(?=[A-Z][a-z])|(?<=[A-Za-z])(?=\d)|(?<=\d)(?=[A-Za-z])"
)

NOT_INITIAL = re.compile(r"[^ㄱ-ㅎ]+")

TEXT, PARTS, CHOSUNG = "text", "parts", "initials"


@dataclass(frozen=True, slots=True)
class SearchText:
    """What the rules look at in one session, computed once per snapshot.

    `text`: every field, NFC and casefolded, one per line. `parts`: every casefolded run of
    at most three characters that starts and ends at a word boundary. `initials`: the 초성
    of the Hangul text, spaces dropped, anything else a `|` (so it separates words)."""

    text: str
    parts: frozenset[str]
    initials: str

    @classmethod
    def of(cls, fields: Iterable[str]) -> SearchText:
        text = unicodedata.normalize("NFC", "\n".join(fields))
        initials = NOT_INITIAL.sub("|", text.translate(_initial_of()).replace(" ", ""))
        return cls(text.casefold(), frozenset(_short_parts(text)), initials)


EMPTY = SearchText("", frozenset(), "")


@functools.cache
def _initial_of() -> list[str]:
    """A `str.translate` table taking every Hangul syllable to its 초성 and leaving the rest
    (past its end, too): the toolkit says what the 초성 is, the table makes a snapshot of
    10,000 sessions quick to build."""
    table = [chr(code) for code in range(0xD7A4)]
    syllables = "".join(table[0xAC00:])
    table[0xAC00:] = get_chosung_string(syllables)
    return table


def _short_parts(text: str) -> set[str]:
    parts = set()
    for word in ASCII_TOKEN.findall(text):
        if len(word) <= SHORT_WORD:
            parts.add(word.lower())
        if word.isdigit() or word.isalpha() and (word[1:].islower() or word.isupper()):
            continue  # no boundary inside: 2023, cloud, Cloud, AWS
        cuts = [0, *(m.start() for m in HUMP.finditer(word)), len(word)]
        for i, start in enumerate(cuts):
            for end in cuts[i + 1 :]:
                if end - start > SHORT_WORD:
                    break
                parts.add(word[start:end].lower())
    return parts


class Searchable(Protocol):
    searchable: SearchText


S = TypeVar("S", bound=Searchable)


# -- the alias table ------------------------------------------------------------------


class AliasError(ValueError):
    """A row of the alias table that cannot be used; the message says FILE:LINE: why."""


@dataclass(frozen=True)
class Aliases:
    """Spellings that mean the same product: each spelling (casefolded) → its whole group."""

    groups: dict[str, tuple[str, ...]]

    def spellings(self, word: str) -> tuple[str, ...]:
        """Every spelling `word` stands for (itself first), or just `word`."""
        group = self.groups.get(word)
        if group is None:
            for particle in PARTICLES:
                stem = word.removesuffix(particle)
                if stem != word and len(stem) >= 2 and stem in self.groups:
                    group = self.groups[stem]
                    break
        if group is None:
            return (word,)
        return (word, *(s for s in group if s != word))


NO_ALIASES = Aliases({})


def read_aliases(path: str | Path) -> Aliases:
    """Read an `alias,term` CSV: each alias is another spelling of term (a product name as
    the agenda writes it). Raises `AliasError` on an unusable row."""
    path = Path(path)
    terms: dict[str, list[str]] = {}
    with path.open(encoding="utf-8", newline="") as f:
        reader = csv.DictReader(f)
        if reader.fieldnames is None or not {"alias", "term"} <= set(reader.fieldnames):
            raise AliasError(f"{path}:1: the header must name the columns alias,term")
        for line, row in enumerate(reader, start=2):
            alias = _fold(row["alias"] or "").strip()
            term = _fold(row["term"] or "").strip()
            if not alias or not term:
                raise AliasError(f"{path}:{line}: both alias and term are needed")
            if any(c.isspace() for c in alias):
                raise AliasError(f"{path}:{line}: alias {alias!r} must be one word")
            terms.setdefault(term, [term]).append(alias)
    groups: dict[str, tuple[str, ...]] = {}
    for spellings in terms.values():
        for spelling in spellings:
            if not any(c.isspace() for c in spelling):  # a query word has no spaces
                groups[spelling] = tuple(dict.fromkeys((*groups.get(spelling, ()), *spellings)))
    return Aliases(groups)


@functools.cache
def shipped_aliases() -> Aliases:
    """The alias table beside the shipped agenda, read once."""
    return read_aliases(DEFAULT_ALIASES) if DEFAULT_ALIASES.exists() else NO_ALIASES


# -- matching -------------------------------------------------------------------------

Needle = tuple[str, str]  # (which SearchText attribute, what to look for)


def _fold(word: str) -> str:
    return unicodedata.normalize("NFC", word).casefold()


def needle(word: str) -> Needle:
    """How one (folded) spelling is looked for: the rule that applies to it."""
    if all(c in INITIALS for c in word):
        return CHOSUNG, word
    if len(word) <= SHORT_WORD and word.isascii() and word.isalnum():
        return PARTS, word
    return TEXT, word


def compile_query(words: Iterable[str], aliases: Aliases | None = None) -> list[list[Needle]]:
    """Per query word, the needles of which any one must match."""
    aliases = shipped_aliases() if aliases is None else aliases
    compiled = []
    for raw in words:
        word = _fold(raw).strip()
        if word:
            compiled.append(list(dict.fromkeys(needle(s) for s in aliases.spellings(word))))
    return compiled


def select(items: Sequence[S], words: Iterable[str], aliases: Aliases | None = None) -> list[S]:
    """The items matching every word, in their order."""
    return SearchIndex(items, aliases).select(words)


class SearchIndex:
    """The items of one snapshot, remembering which of them each alias group matches.

    A word with several spellings would cost one pass per spelling; its matches among all
    items are worked out the first time it is asked and kept with the snapshot, so later it
    costs a single set look-up per item. Pools given to `select` must be drawn from `items`."""

    def __init__(self, items: Sequence[Searchable], aliases: Aliases | None = None):
        self.items = list(items)
        self.aliases = aliases
        self._groups: dict[tuple[Needle, ...], frozenset[int]] = {}

    def select(self, words: Iterable[str], pool: Sequence[S] | None = None) -> list[S]:
        """The items of `pool` (default: all) matching every word, in their order."""
        pool = list(self.items if pool is None else pool)
        for alternatives in compile_query(words, self.aliases):
            if not pool:
                break
            if len(alternatives) == 1:
                pool = _having(pool, *alternatives[0])
            else:
                hits = self._matching(tuple(alternatives))
                pool = [s for s in pool if id(s) in hits]
        return pool

    def _matching(self, alternatives: tuple[Needle, ...]) -> frozenset[int]:
        hits = self._groups.get(alternatives)
        if hits is None:
            found = (_having(self.items, kind, n) for kind, n in alternatives)
            hits = frozenset(id(s) for matched in found for s in matched)
            self._groups[alternatives] = hits
        return hits


def _having(pool: list[S], kind: str, n: str) -> list[S]:
    if kind == TEXT:
        return [s for s in pool if n in s.searchable.text]
    if kind == PARTS:
        return [s for s in pool if n in s.searchable.parts]
    return [s for s in pool if n in s.searchable.initials]


# -- "did you mean" -------------------------------------------------------------------

CLOSE_ENOUGH = 75  # rapidfuzz ratio (0–100) over jamo; a one-letter typo scores 85–95
TITLE_CLOSE_ENOUGH = 80
WORD = re.compile(r"\w+(?:[-/.+&]\w+)*")


def _jamo(text: str) -> str:
    """Casefolded, with Hangul split into jamo so that 그래비턴 is one letter from 그래비톤."""
    return _fold(text).translate(_jamo_of())


@functools.cache
def _jamo_of() -> list[str]:
    """A `str.translate` table taking every Hangul syllable to its jamo, as the toolkit
    splits them, and leaving the rest."""
    table = [chr(code) for code in range(0xD7A4)]
    table[0xAC00:] = ["".join(split_hangul_string(s)) for s in table[0xAC00:]]
    return table


class Vocabulary:
    """The words and titles a "did you mean" offers, from one agenda snapshot.

    `words` are what people type (title words, tags, alias spellings); `titles` are offered
    when no single word is close."""

    def __init__(self, words: Iterable[str], titles: Iterable[str]):
        shown: dict[str, str] = {}
        for word in dict.fromkeys(w.strip() for w in words):
            if len(word) >= 2:
                shown.setdefault(_jamo(word), word)
        self._keys = list(shown)
        self._words = list(shown.values())
        self._titles = list(dict.fromkeys(t for t in titles if t))
        self._title_keys = [_jamo(t) for t in self._titles]

    @classmethod
    def of(cls, titles: Iterable[str], tags: Iterable[str],
           aliases: Aliases | None = None) -> Vocabulary:  # fmt: skip
        titles = list(titles)
        aliases = shipped_aliases() if aliases is None else aliases
        words = [w for title in titles for w in WORD.findall(title)]
        return cls([*words, *tags, *aliases.groups], titles)

    def closest(self, word: str, limit: int = 3) -> list[str]:
        found = process.extract(_jamo(word), self._keys, scorer=fuzz.ratio,
                                score_cutoff=CLOSE_ENOUGH, limit=limit)  # fmt: skip
        return [self._words[index] for _key, _score, index in found]

    def closest_titles(self, text: str, limit: int = 3) -> list[str]:
        found = process.extract(_jamo(text), self._title_keys, scorer=fuzz.partial_ratio,
                                score_cutoff=TITLE_CLOSE_ENOUGH, limit=limit)  # fmt: skip
        return [self._titles[index] for _key, _score, index in found]

    def suggest(self, words: Sequence[str], items: Sequence[Searchable],
                aliases: Aliases | None = None, limit: int = 3) -> list[str]:  # fmt: skip
        """Up to `limit` queries close to `words` that find something among `items`: each
        word that finds nothing on its own replaced by its closest known word, else the
        closest titles. Empty when every word finds something (only their combination or
        the day finds nothing) or nothing is close."""
        words = [w for w in words if w.strip()]
        missing = [i for i, w in enumerate(words) if not select(items, [w], aliases)]
        if not missing:
            return []
        options = {i: self.closest(words[i]) for i in missing}
        first = missing[0]
        proposals = []
        for candidate in options[first]:
            proposal = []
            for i, word in enumerate(words):
                if i == first:
                    proposal.append(candidate)
                elif i not in missing:
                    proposal.append(word)
                elif options[i]:
                    proposal.append(options[i][0])
            proposals.append(" ".join(proposal))
        if not proposals:
            proposals = self.closest_titles(" ".join(words), limit)
        offered: dict[tuple[int, ...], str] = {}  # spellings of one name find the same
        for proposal in dict.fromkeys(proposals):
            result = tuple(id(s) for s in select(items, proposal.split(), aliases))
            if result:
                offered.setdefault(result, proposal)
        return list(offered.values())[:limit]
