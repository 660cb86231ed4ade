"""Label consistency: every occurrence of a known person's name is a mention of that person.

spaCy's small model labels the same name differently from sentence to sentence ("Khashoggi"
is PERSON, then GPE, then nothing; "Jamal Khashoggi" comes out as two GPE words). Once the
story holds a full name tagged PERSON ("Jamal Khashoggi"), its forms are known:
  - the full name, word for word ("Jamal Khashoggi");
  - its surname: the last word, with a particle in front kept as a second form ("Mohammad
    Al Otaibi" -> "Al Otaibi" and "Otaibi"), never for patronymic chains ("Mohammed bin
    Salman": "Salman" is his father's name, and King Salman is another man);
  - close spellings of the surname ("Kashoggi"): one deletion apart on either side (so one
    insertion, deletion or substitution) and rapidfuzz ratio >= SURNAME_RATIO. (Sound keys
    are left to the cross-article step: a metaphone bucket grows with the story.)
This module scans each article's words for those forms (token-aligned, capitalised, longest
form first) and returns PERSON mentions for the occurrences no PERSON mention covers yet,
whatever label spaCy gave the words (an honorific in front, "Mr Khashoggi", stays outside
the mention, as titles do everywhere). A form inside a longer non-person name ("the
Khashoggi Foundation" tagged ORG) is left to that name.

Seeds are full names only (two words or more): a one-word PERSON tag is the model's least
reliable guess ("Twitter") and never spreads.

Cost: one pass over each article's words; a capitalised word costs a few dictionary
look-ups for exact forms (keyed by two words) and at most len(word) + 1 for close spellings,
each bucket read at most MAX_CLOSE_CANDIDATES deep. Linear in the text.
"""

from __future__ import annotations

import bisect
import re
from collections import defaultdict
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from functools import lru_cache

from rapidfuzz import fuzz

from storylens.model import Article, Mention
from storylens.resolve.names import (
    COUNTRY_KEYS,
    NAME_PARTICLES,
    NATIONALITIES,
    PERSON_TITLES,
    SUFFIXES,
    normalise_name,
)

__all__ = ["NameForms", "name_forms", "scan_names"]

# A close spelling of a surname must be at least this similar (Khashoggi / Kashoggi 94,
# Assiri / Asiri 91). Swept 80-95 on the open Khashoggi story and the demo: 85 keeps both
# variants there and rejects sound-alike words of other names (Salih / Saleh 80).
SURNAME_RATIO = 85.0
# A close spelling standing alone (no first name in front) must be closer still, and not
# open a sentence: "Joining" is 86 from "Jinping". Assiri / Asiri 91 pass.
LONE_SURNAME_RATIO = 90.0
# A surname shorter than this is not looked for alone.
MIN_SURNAME_CHARS = 3
# A word whose one-deletion keys reach more known surnames than this is not matched: too
# many look alike to choose, and it bounds the cost of a look-up in a large story.
MAX_CLOSE_CANDIDATES = 8
# Close spellings are only looked for in words this long: short surnames have too many
# neighbours one letter away (Ali / Al / All).
MIN_FUZZY_CHARS = 5
# No mention span is longer than this (the overlap check looks this far back).
MAX_NAME_CHARS = 300
# Words that link a patronymic chain: the word after them names the father, not the family.
PATRONYMIC = frozenset({"bin", "ibn", "bint", "ben", "abu", "abd", "ould"})

_WORD = re.compile(r"[^\W\d_]+")


@dataclass(slots=True)
class NameForms:
    """Known name forms of a story: normalised word tuples, looked up by their first two
    words (one for one-word forms), so a common first name ("Mohammed") does not make every
    occurrence try every full name that starts with it."""

    by_key: dict[tuple[str, ...], list[tuple[str, ...]]] = field(
        default_factory=lambda: defaultdict(list)
    )
    first_words: set[str] = field(default_factory=set)
    surnames: set[str] = field(default_factory=set)
    close: dict[str, set[str]] = field(default_factory=lambda: defaultdict(set))

    def add(self, form: tuple[str, ...]) -> None:
        bucket = self.by_key[form[:2]]
        if form not in bucket:
            bucket.append(form)
            bucket.sort(key=len, reverse=True)
            self.first_words.add(form[0])

    def add_surname(self, surname: str) -> None:
        self.add((surname,))
        if surname in self.surnames or len(surname) < MIN_FUZZY_CHARS:
            self.surnames.add(surname)
            return
        self.surnames.add(surname)
        for key in _close_keys(surname):
            self.close[key].add(surname)

    def close_surname(self, word: str, ratio: float = SURNAME_RATIO) -> str | None:
        """The one known surname `word` is a close spelling of, else None (also when more
        than MAX_CLOSE_CANDIDATES known surnames share its keys: ambiguous, and bounded)."""
        if len(word) < MIN_FUZZY_CHARS:
            return None
        hits: set[str] = set()
        for key in _close_keys(word):
            hits |= self.close.get(key, set())
            if len(hits) > MAX_CLOSE_CANDIDATES:
                return None
        hits = {s for s in hits if fuzz.ratio(s, word) >= ratio}
        return hits.pop() if len(hits) == 1 else None

    def starting_at(self, first: str, second: str | None) -> list[tuple[str, ...]]:
        """Forms that may start with these two words, longest first ("jamal kashoggi" finds
        "jamal khashoggi" through the close spelling of its second word)."""
        out: list[tuple[str, ...]] = []
        if second is not None:
            out += self.by_key.get((first, second), [])
            if second not in self.surnames and (near := self.close_surname(second)):
                out += self.by_key.get((first, near), [])
        return sorted(out, key=len, reverse=True) + self.by_key.get((first,), [])


def _close_keys(word: str) -> Iterable[str]:
    """Blocking keys for close spellings: the word and every one-letter deletion, so two
    spellings one insertion, deletion or substitution apart share a key."""
    yield word
    for i in range(len(word)):
        yield word[:i] + word[i + 1 :]


def _norm_words(text: str) -> list[str]:
    return [w for w in normalise_name(text).split() if w]


def name_forms(names: Iterable[str]) -> NameForms:
    """The forms of the given person names (surface strings of PERSON mentions)."""
    forms = NameForms()
    for name in names:
        words = _norm_words(name)
        while words and words[-1] in SUFFIXES:
            words = words[:-1]
        content = [w for w in words if w not in NAME_PARTICLES and len(w) > 1]
        if len(content) < 2:
            continue
        forms.add(tuple(words))
        last = words[-1]
        if len(words) >= 2 and words[-2] in PATRONYMIC:
            continue
        if len(last) < MIN_SURNAME_CHARS:
            continue  # "Kim Jong Un": "Un" alone would be every "UN"
        if last in COUNTRY_KEYS or last in NATIONALITIES:
            continue  # "Michael Jordan": "Jordan" alone is the country as often
        forms.add_surname(last)
        if len(words) >= 3 and words[-2] in NAME_PARTICLES:
            forms.add((words[-2], last))
    return forms


# A cache of a pure function, not state: articles repeat the same words.
@lru_cache(maxsize=1 << 16)
def _norm_word(word: str) -> str:
    return normalise_name(word).replace(" ", "")


def _is_capitalised(word: str) -> bool:
    return word[:1].isupper()


@dataclass(slots=True)
class _Words:
    """An article's words with offsets and normalised forms."""

    text: str
    spans: list[tuple[int, int]]
    surface: list[str]
    norm: list[str]
    lower_words: set[str]  # words the text also writes in lower case ("rice", "bush")

    @classmethod
    def of(cls, text: str) -> _Words:
        found = list(_WORD.finditer(text))
        return cls(
            text,
            [(m.start(), m.end()) for m in found],
            [m.group() for m in found],
            [_norm_word(m.group()) for m in found],
            {m.group() for m in found if m.group().islower()},
        )

    def gap(self, j: int) -> str:
        """The characters between word j - 1 and word j."""
        return self.text[self.spans[j - 1][1] : self.spans[j][0]]

    def starts_sentence(self, j: int) -> bool:
        before = self.text[max(0, self.spans[j][0] - 3) : self.spans[j][0]].rstrip(" ")
        return j == 0 or not before or before[-1] in ".!?\n\"“”'‘:;"


def scan_names(
    article: Article, forms: NameForms, taken: Sequence[tuple[int, int]]
) -> list[Mention]:
    """PERSON mentions for every occurrence of a known form that overlaps no `taken` span
    (the article's PERSON mentions and the non-person names that hold the words)."""
    words = _Words.of(article.text)
    blocked = sorted(taken)
    out: list[Mention] = []
    i = 0
    while i < len(words.spans):
        length = (
            _match_at(words, i, forms)
            if _is_capitalised(words.surface[i]) or (words.norm[i] in NAME_PARTICLES)
            else 0
        )
        if not length:
            i += 1
            continue
        s, e = words.spans[i][0], words.spans[i + length - 1][1]
        if not _overlaps(blocked, s, e):
            out.append(Mention(article.id, s, e, article.text[s:e], "PERSON"))
        i += length
    return out


def _match_at(words: _Words, i: int, forms: NameForms) -> int:
    """Words matched by the longest known form starting at word i (0 when none)."""
    word = words.norm[i]
    second = words.norm[i + 1] if i + 1 < len(words.norm) else None
    for form in forms.starting_at(word, second) if word in forms.first_words else ():
        if _form_fits(words, i, form, forms):
            return len(form)
    if (
        word not in forms.first_words
        and _is_capitalised(words.surface[i])
        and not words.starts_sentence(i)
        and forms.close_surname(word, LONE_SURNAME_RATIO) is not None
        and _alone(words, i, forms)
    ):
        return 1
    return 0


def _form_fits(words: _Words, i: int, form: tuple[str, ...], forms: NameForms) -> bool:
    """The form's words follow word i, each capitalised (particles aside), joined by spaces
    or hyphens only; the surname of a full name may be a close spelling ("Jamal Kashoggi")."""
    if i + len(form) > len(words.spans):
        return False
    for k, f in enumerate(form):
        j = i + k
        if k and (words.gap(j).strip(" -\u2010\u2011") or "\n" in words.gap(j)):
            return False
        w = words.norm[j]
        if w != f and not (k == len(form) - 1 > 0 and forms.close_surname(w) == f):
            return False
        if f not in NAME_PARTICLES and not _is_capitalised(words.surface[j]):
            return False
    return len(form) > 1 or _alone(words, i, forms)


def _alone(words: _Words, i: int, forms: NameForms) -> bool:
    """A lone surname must not be the tail of an unknown longer name ("Ali Khashoggi" is
    not Jamal): a capitalised word right before it is allowed only when it is a title
    ("Mr", "President"), starts its sentence ("Meanwhile Khashoggi") or is a known form.
    Nor a common word capitalised by its sentence: at a sentence start, a surname the same
    text also writes in lower case ("Rice" / "rice") is left alone."""
    if words.starts_sentence(i) and words.surface[i].lower() in words.lower_words:
        return False  # "Rice prices rose" where the text also writes "rice": a common word
    if i == 0 or words.gap(i) not in {" ", "-"}:
        return True
    prev = words.norm[i - 1]
    return (
        not _is_capitalised(words.surface[i - 1])
        or prev in PERSON_TITLES
        or prev in forms.first_words
        or words.starts_sentence(i - 1)
    )


def _overlaps(spans: Sequence[tuple[int, int]], s: int, e: int) -> bool:
    """Does [s, e) overlap any of the sorted spans (none longer than MAX_NAME_CHARS)?"""
    lo = bisect.bisect_left(spans, (s - MAX_NAME_CHARS, 0))
    hi = bisect.bisect_left(spans, (e, e))
    return any(a < e and s < b for a, b in spans[lo:hi])
