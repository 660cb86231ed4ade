"""Actors: one canonical actor per real person or organisation, across outlets and spellings.

Which mentions become actors (types: storylens.model.ACTOR_TYPES): PERSON and ORG mentions
only. GPE / NORP (countries, cities, "Iraqi", "Americans") name places and groups of people,
not actors, and are left out. News outlets named in the text ("Al-Hadath", "CNN", "the
Washington Post", "NTV television") are actors of type MEDIA, news agencies ("Reuters", "SPA",
"Reuters news agency") of type AGENCY, whatever label spaCy gave them (names.NEWS_OUTLETS,
names.NEWS_AGENCIES, the story's own outlets, an outlet noun after the name). Organisation
names listed in names.ORG_ALIASES are organisations even when spaCy says PERSON ("al-Hashd
al-Shabi"); an acronym joins the one organisation of the story it abbreviates ("SPA" /
"Saudi Press Agency"). Never actors (issue 15): platforms ("said on Twitter"), places by
their head noun ("the Belgrad Forest"), things owned ("his Apple Watch"), photo credits
("Hasan Jamali/Associated Press").

Before the cascade, one sense per story (name_forms): every occurrence of a known full
name, its surname or a close spelling of it is a PERSON mention, whatever spaCy tagged
there. After it, definite descriptions ("the journalist", "his fiancee") join the person
they denote (descriptions); neither kind of mention ever becomes a name or an alias.

The cascade for persons:
  1. Within an article: longer names first; a shorter mention ("Esper", "Abdul Mahdi",
     "Dan") joins the full name whose tokens it matches in order, anchored on the surname
     (or, for one token, on the first name: "Calais"). Tokens match exactly, by metaphone
     (Dunn / Dan, Bell / Bill) or by rapidfuzz ratio (Batyuk / Batiuk). Several candidates:
     the nearest preceding one wins.
  2. Across articles, full names: per-article groups spelled the same way become one
     distinct name (identical names always match). Candidate pairs come from a sorted
     neighbourhood over the distinct names in two orders, spelling (surname, then name) and
     sound (metaphone of surname and first name): each name meets the NAME_WINDOW names
     after it in each order. A pair merges when the surnames match (equal, same metaphone,
     or rapidfuzz ratio) and the first names agree (equal, same metaphone or close: Qassem /
     Kassem, Adil / Adel); first names that only share their initial (Mike / Mark Milley)
     need role evidence: title and context words around the mentions ("General", "Joint
     Chiefs"). Merging is complete-linkage: two groups join only when no pair across them
     conflicts (checked on each group's LINKAGE_REPS most-mentioned names), so chains
     A~B~C with A conflicting C are cut instead of collapsing into one component.
  3. Surname-only groups ("Trump" in an article that never gives the first name) join the one
     full-name group with that surname; when two people share it, they stay apart.

Why the cost is linear in mentions: step 1 is quadratic only inside one article (bounded by
the article's length); step 2 makes at most 2 * NAME_WINDOW candidate pairs per distinct
name, keeps at most CONTEXT_KEEP context words per name and costs at most LINKAGE_REPS ** 2
comparisons per merge attempt; step 3 looks surnames up in hash maps and compares a
surname-only mention with at most AMBIGUOUS_BUCKET groups' distinct surnames. The only
super-linear step is sorting (n log n). Earlier versions compared per-article groups
inside blocks keyed by the surname's first three letters, with a window of 40: blocks grow
with the corpus while the same name repeated across articles filled the window, so the
pairs per mention grew until the cap (42x the time for 10x the mentions).
`.venv/bin/python -m bench.bench_actors` measures it.
Organisations group by names.org_key (normalised, word order unified: "Ministry of Defense"
and "Defense Ministry" give one key, a nationality word stays and must agree; ORG_ALIASES
applied).

Title phrases (issue #8): inside one article, a definite phrase made only of title words
("The US Secretary of Defense", "the Prime Minister of Iraq"; names.title_key reads them)
becomes a PERSON mention of the one person introduced earlier in that article with a
compatible title (the title words in front of the name or an appositive after it). No such
person, or two ("the President" after two presidents): left alone. Title mentions never
become names or aliases. Cost: one scan of the article's words, at most TITLE_MAX_WORDS
title_key calls per "the", introductions read only in articles that have a title phrase.

Not actors: spans in a cased script with no capitalised word ("inter alia"), and PERSON
spans with a facility noun around them ("the Ain al-Assad base", "bases of Ain al-Assad").

Canonical name: the fullest variant (most name tokens), then the most frequent.
Aliases: every surface form. Role: the title words in front of a mention or an appositive
after it ("Pentagon spokesman Jonathan Hoffman", "Robert Ford, the former ambassador"), the
most frequent one seen.
"""

from __future__ import annotations

import bisect
import hashlib
import heapq
import re
from collections import Counter, defaultdict
from collections.abc import Iterator, Sequence
from dataclasses import dataclass, field, replace
from typing import Literal

from rapidfuzz import fuzz

from storylens.model import Actor, ArticleRecords, Mention
from storylens.resolve.descriptions import describe, describe_outlets
from storylens.resolve.name_forms import NameForms, name_forms, scan_names
from storylens.resolve.names import (
    NATIONALITIES,
    ORG_ALIASES,
    OUTLET_NOUNS,
    PERSON_TITLES,
    PLACE_HEADS,
    PLATFORMS,
    TITLE_HEADS,
    TITLE_MODIFIERS,
    TitleKey,
    acronym,
    is_news_agency,
    is_news_outlet,
    name_tokens,
    normalise_name,
    org_key,
    phonetic_key,
    title_key,
)

__all__ = [
    "ACTORS_VERSION",
    "ACTOR_LABELS",
    "Correction",
    "actor_id_for",
    "apply_corrections",
    "resolve_actors",
]

ACTORS_VERSION = "4"
ACTOR_LABELS = frozenset({"PERSON", "ORG"})

# Two name tokens are the same when rapidfuzz ratio >= this (Batyuk/Batiuk 83,
# Adbul/Abdul 80, Mark/Mike 50). Tuned on the dev gold (000, 003) over 70-90: 80 keeps
# every gold pair and no false pair; checked by eye on 001, 002, 004.
TOKEN_RATIO = 80.0
# First names with the same metaphone must also be this close (Adil/Adel 75 yes,
# John/Jane 50 no). Tuned on the dev gold over 50-80.
FIRST_NAME_PHONETIC_RATIO = 70.0
# Context words two mentions must share for first names that only share an initial
# (Mike/Mark Milley: "General", "Joint", "Chief", "Staff"). Tuned on dev over 1-3.
CONTEXT_OVERLAP = 2
# Characters either side of a mention read for title and context words.
CONTEXT_WINDOW = 90
# A surname-only mention whose sound is shared by more full-name groups than this is
# ambiguous without further checks (keeps step 3 linear; the demo has at most 2).
AMBIGUOUS_BUCKET = 8
# Sorted-neighbourhood window: in each of the two sort orders (spelling, sound) a distinct
# full name is compared with this many following distinct names, which bounds the candidate
# pairs at 2 * NAME_WINDOW per distinct name. On the demo corpus (dev gold 000, 003 and the
# other three) every window from 1 to 20 gives the same actors; 10 leaves room for a surname
# shared by many spellings in a large corpus.
NAME_WINDOW = 10
# Complete-linkage checks use each group's this many most-mentioned names, which bounds a
# check at LINKAGE_REPS ** 2 comparisons. Demo groups hold at most 2 distinct full names and
# 1 to 8 give the same actors there; 8 covers a person with many transliterations.
LINKAGE_REPS = 8
# Context words kept per distinct name (its most frequent ones): a name seen in thousands of
# articles keeps a bounded context, while role words ("General", "Joint Chiefs") recur and stay.
CONTEXT_KEEP = 64
# Title anaphora ("the Secretary of Defense"): the most words a title phrase may have, and
# how far before a name its introducing title ("US Defense Secretary Mark Esper") or after
# it its appositive (", Chairman of the Joint Chiefs of Staff,") is read. Bounds the pass
# at TITLE_MAX_WORDS title_key calls per "the" of the article.
TITLE_MAX_WORDS = 9
TITLE_INTRO_CHARS = 80
# Nouns that make a PERSON-tagged span a place: "the Ain al-Assad base", "bases of Ain
# al-Assad". "camp" only counts in front ("the camp of X"): "the Trump camp" is people.
FACILITY_AFTER = frozenset({"base", "bases", "airbase", "airport", "airfield", "barracks"})
FACILITY_BEFORE = FACILITY_AFTER | {"camp", "camps"}
# Known names are also looked for inside boilerplate (a caption naming the person: "Saudi
# journalist Jamal Khashoggi, shown during ..."), where they join the actor the article text
# established; boilerplate never seeds a name (entities skip it), so a photo credit never
# becomes an actor. The open Khashoggi gold counts caption mentions (5 of its 70 person
# mentions); False keeps the design's rule that later stages skip boilerplate (nothing in a
# caption is extracted, tests/test_store.py checks it): found 0.914, B-cubed F1 0.943 there
# (True: 0.971 / 1.000). The rule wins over five gold mentions.
SCAN_BOILERPLATE = False
# The group keys ORG_ALIASES lead to (org_key of its values).
_ORG_ALIAS_KEYS = frozenset(org_key(v) for v in ORG_ALIASES.values())
_WORD_SPLIT = re.compile(r"[\s-]+")
_FACILITY_OF = re.compile(r"\b([A-Za-z]+)\s+(?:of|at)\s+$")
_THEN_OF = re.compile(r"\s+of\b")
# Step 3's marker for a surname that several full-name groups share.
_SHARED = -1

_WORD = re.compile(r"[A-Za-z][A-Za-z'’-]*")
# Words that say nothing about who someone is; left out of context evidence.
_CONTEXT_STOP = frozenset(
    [
        "the",
        "a",
        "an",
        "of",
        "in",
        "on",
        "at",
        "to",
        "for",
        "and",
        "or",
        "but",
        "that",
        "this",
        "with",
        "from",
        "by",
        "as",
        "is",
        "was",
        "were",
        "are",
        "be",
        "been",
        "has",
        "have",
        "had",
        "he",
        "she",
        "it",
        "its",
        "his",
        "her",
        "their",
        "they",
        "we",
        "our",
        "said",
        "says",
        "told",
        "according",
        "also",
        "not",
        "who",
        "which",
        "would",
        "will",
        "after",
        "before",
        "during",
    ]
)


# Determiners that make the following name a thing owned ("his Apple Watch").
POSSESSIVE_DETERMINERS = frozenset({"his", "her", "its", "their", "my", "your", "our"})
# Forms of address: titles in front of a name, but no role ("Mr Khashoggi").
HONORIFICS = frozenset({"mr", "mrs", "ms", "miss", "madam", "sir", "dame"})
# Sentence-initial words that are not part of a title ("And former National Security Adviser").
_ROLE_LEADERS = frozenset({"and", "but", "so", "as", "then", "while", "when"})


@dataclass(frozen=True, slots=True)
class Correction:
    """A user's correction that survives re-analysis (stored in the DB, applied every run).

    action "merge": all mentions of actor `value` join actor `target`.
    action "split": mentions of `target` whose surface form is `value` leave it as a new actor.
    action "rename": `target`'s canonical name becomes `value`.
    `target` (and `value` for merge) name an actor by id or by any alias, case-insensitive.
    """

    action: Literal["merge", "split", "rename"]
    target: str
    value: str


def actor_id_for(name: str, label: str) -> str:
    """Stable id from the canonical name and type: the same corpus gives the same ids."""
    return "a_" + hashlib.sha1(f"{label}:{name}".encode()).hexdigest()[:10]


# --- working records (local to one resolve_actors call) -------------------------------------


@dataclass(slots=True)
class _Local:
    """Mentions of one person inside one article (step 1), with their evidence."""

    article: str
    tokens: tuple[str, ...]  # the longest name's matching tokens
    mentions: list[Mention] = field(default_factory=list)
    context: set[str] = field(default_factory=set)

    @property
    def surname(self) -> str:
        return self.tokens[-1]

    @property
    def first(self) -> str | None:
        return self.tokens[0] if len(self.tokens) > 1 else None


def _tokens_match(a: str, b: str) -> bool:
    if a == b:
        return True
    if len(a) == 1 or len(b) == 1:  # an initial ("H.") matches its name
        return a[0] == b[0]
    return phonetic_key(a) == phonetic_key(b) or fuzz.ratio(a, b) >= TOKEN_RATIO


def _is_subname(short: tuple[str, ...], full: tuple[str, ...]) -> bool:
    """`short` names the person `full` names: its tokens match in order, anchored on the
    surname; a single token may also be the first name."""
    if not short or len(short) > len(full):
        return False
    if len(short) == 1:
        return _tokens_match(short[0], full[-1]) or _tokens_match(short[0], full[0])
    if not _tokens_match(short[-1], full[-1]):
        return False
    j = 0
    for tok in short[:-1]:
        while j < len(full) - 1 and not _tokens_match(tok, full[j]):
            j += 1
        if j >= len(full) - 1:
            return False
        j += 1
    return True


def _context_words(text: str, start: int, end: int, lo: int, hi: int) -> set[str]:
    """Content words near a mention, inside its sentence [lo, hi), lower case, plural 's' cut."""
    window = (
        text[max(lo, start - CONTEXT_WINDOW) : start]
        + " "
        + text[end : min(hi, end + CONTEXT_WINDOW)]
    )
    out = set()
    for w in _WORD.findall(window):
        low = normalise_name(w)
        if len(low) < 3 or low in _CONTEXT_STOP or " " in low:
            continue
        out.add(low[:-1] if low.endswith("s") and len(low) > 4 else low)
    return out


def _sentence_bounds(rec: ArticleRecords) -> tuple[list[int], list[int]]:
    starts = [s.start for s in rec.sentences]
    ends = [s.end for s in rec.sentences]
    return starts, ends


def _bounds_for(bounds: tuple[list[int], list[int]], pos: int, text_len: int) -> tuple[int, int]:
    starts, ends = bounds
    i = bisect.bisect_right(starts, pos) - 1
    if i >= 0 and pos < ends[i]:
        return starts[i], ends[i]
    return 0, text_len


def _local_persons(rec: ArticleRecords, mentions: list[Mention]) -> list[_Local]:
    """Step 1: group one article's person mentions (longest names first)."""
    text = rec.article.text
    bounds = _sentence_bounds(rec)
    locals_: list[_Local] = []
    ordered = sorted(mentions, key=lambda m: (-len(name_tokens(m.text)), m.start))
    for m in ordered:
        toks = name_tokens(m.text)
        if not toks:
            continue
        candidates = [c for c in locals_ if _is_subname(toks, c.tokens)]
        if candidates:
            # Nearest preceding full mention wins (two people sharing a surname).
            def distance(c: _Local, m: Mention = m) -> tuple[int, int]:
                before = [m.start - x.start for x in c.mentions if x.start <= m.start]
                return (0, min(before)) if before else (1, min(x.start for x in c.mentions))

            target = min(candidates, key=distance)
        else:
            target = _Local(rec.article.id, toks)
            locals_.append(target)
        target.mentions.append(m)
        lo, hi = _bounds_for(bounds, m.start, len(text))
        target.context |= _context_words(text, m.start, m.end, lo, hi)
    return locals_


# --- title anaphora within one article ("the US Secretary of Defense" -> Mark Esper) --------

# Words a title phrase may hold (title_key decides whether a run of them is a title).
_TITLE_VOCAB = (
    TITLE_HEADS
    | {"prime", "vice", "deputy", "of", "the", "affairs", "former", "current", "acting"}
    | {w for k in NATIONALITIES for w in k.split()}
    | {w for v in NATIONALITIES.values() for w in v.split()}
    | TITLE_MODIFIERS
    | {"states"}
)

# ", Chairman of the Joint Chiefs of Staff," right after a name (possessive allowed).
_APPOSITIVE = re.compile(r"['’]?s?,\s+([^,.;:()\"“”]{2,%d})[,.;:]" % TITLE_INTRO_CHARS)  # noqa: UP031


def _best_title(words: Sequence[str]) -> TitleKey | None:
    """The key of the longest suffix of `words` that is a title phrase."""
    for i in range(len(words)):
        if words[i].lower() in {"of", "the"}:
            continue
        key = title_key(" ".join(words[i:]))
        if key is not None:
            return key
    return None


def _intro_titles(text: str, m: Mention) -> list[TitleKey]:
    """Titles a name is introduced with: the title words right in front of it ("US Defense
    Secretary Mark Esper") and an appositive after it ("Mark Milley, Chairman of the Joint
    Chiefs of Staff,")."""
    out = []
    before = re.split(r"[,.;:()\"“”]", text[max(0, m.start - TITLE_INTRO_CHARS) : m.start])[-1]
    words = _WORD.findall(before)
    run: list[str] = []
    for w in reversed(words[-TITLE_MAX_WORDS:]):
        if w.lower() not in _TITLE_VOCAB:
            break
        run.insert(0, w)
    if run and (key := _best_title(run)):
        out.append(key)
    hit = _APPOSITIVE.match(text, m.end)
    if hit and (key := title_key(hit.group(1))):
        out.append(key)
    return out


def _title_phrases(text: str) -> Iterator[tuple[int, int, TitleKey]]:
    """Definite title phrases of an article: "the" + title words that title_key accepts,
    longest first; each "the" costs at most TITLE_MAX_WORDS title_key calls."""
    words = list(_WORD.finditer(text))
    for i, w in enumerate(words):
        if w.group().lower() != "the":
            continue
        k = i + 1
        while (
            k < len(words)
            and k - i <= TITLE_MAX_WORDS
            and words[k].group().lower() in _TITLE_VOCAB
            and not text[words[k - 1].end() : words[k].start()].strip(" .")
        ):
            k += 1
        for j in range(k - 1, i, -1):
            if words[j].group().lower() in {"of", "the"}:
                continue
            key = title_key(text[w.start() : words[j].end()])
            if key is not None:
                yield w.start(), words[j].end(), key
                break


def _title_mentions(rec: ArticleRecords, locals_: Sequence[_Local]) -> None:
    """Add each definite title phrase to the one person of the article introduced earlier
    with that title; with no such person, or two, the phrase is left alone."""
    text = rec.article.text
    phrases = list(_title_phrases(text))
    if not phrases:  # the common case costs one scan for "the"
        return
    intros = sorted(
        (m.start, m.end, idx, key)
        for idx, c in enumerate(locals_)
        for m in c.mentions
        for key in _intro_titles(text, m)
    )
    if not intros:
        return
    persons = sorted((m.start, m.end) for c in locals_ for m in c.mentions)
    for start, end, key in phrases:
        if _THEN_OF.match(text, end):
            continue  # "the President of the Council": a complement title_key cannot read
        k = bisect.bisect_left(persons, (end, -1))
        if k < len(persons) and not text[end : persons[k][0]].strip(" ,"):
            continue  # a role in front of a name ("the Iraqi Prime Minister, Adil ..."): intro
        p = bisect.bisect_left(persons, (start, -1)) - 1
        if p >= 0 and (persons[p][1] > start or not text[persons[p][1] : start].strip(" ,’'s")):
            continue  # inside a name, or its own appositive
        people = {idx for s, e, idx, intro in intros if e <= start and key.names_same_post(intro)}
        if len(people) == 1:
            target = locals_[people.pop()]
            target.mentions.append(Mention(rec.article.id, start, end, text[start:end], "PERSON"))


def is_title_mention(m: Mention) -> bool:
    """A mention that is a title phrase standing for a person, not a name (they all start
    with "the": see _title_phrases)."""
    return m.text[:4].lower() == "the " and title_key(m.text) is not None


def _first_names_match(a: str, b: str) -> bool:
    """First names need more than a shared metaphone (John / Jane are JN both)."""
    if a == b or len(a) == 1 or len(b) == 1:
        return a[0] == b[0]
    ratio = fuzz.ratio(a, b)
    return ratio >= TOKEN_RATIO or (
        ratio >= FIRST_NAME_PHONETIC_RATIO and phonetic_key(a) == phonetic_key(b)
    )


def _first_names_agree(a: str | None, b: str | None, ctx_a: set[str], ctx_b: set[str]) -> bool:
    if a is None or b is None:
        return True
    if _first_names_match(a, b):
        return True
    if a[0] != b[0]:
        return False
    return len(ctx_a & ctx_b) >= CONTEXT_OVERLAP


def _compatible(a: _Name, b: _Name) -> bool:
    """Could two full-name groups be the same person? (surname and first name agree)."""
    if not _tokens_match(a.surname, b.surname):
        return False
    return _first_names_agree(a.first, b.first, a.context, b.context)


class _UnionFind:
    """Union by size with path halving. Plain int lists, no per-element containers: the
    garbage collector scans every container a resolution keeps alive, again and again."""

    def __init__(self, n: int) -> None:
        self.parent = list(range(n))
        self.size = [1] * n

    def find(self, i: int) -> int:
        while self.parent[i] != i:
            self.parent[i] = self.parent[self.parent[i]]
            i = self.parent[i]
        return i

    def union(self, a: int, b: int) -> int:
        """Join the sets of a and b; returns the new root."""
        ra, rb = self.find(a), self.find(b)
        if ra == rb:
            return ra
        if self.size[ra] < self.size[rb]:
            ra, rb = rb, ra
        self.parent[rb] = ra
        self.size[ra] += self.size[rb]
        return ra

    def groups(self) -> list[list[int]]:
        out: dict[int, list[int]] = defaultdict(list)
        for i in range(len(self.parent)):
            out[self.find(i)].append(i)
        return list(out.values())


@dataclass(slots=True)
class _Name:
    """One distinct full name (its tokens) and every per-article group spelled that way.

    Step 2 works on distinct names, not on per-article groups: a person named the same way
    in 1,000 articles is one node, so blocking windows and linkage checks count spellings,
    and identical names (always compatible) never fill a comparison window.
    """

    tokens: tuple[str, ...]
    locals_: list[_Local] = field(default_factory=list)
    context: set[str] = field(default_factory=set)
    n_mentions: int = 0

    @property
    def surname(self) -> str:
        return self.tokens[-1]

    @property
    def first(self) -> str | None:
        return self.tokens[0] if len(self.tokens) > 1 else None


def _names(full: Sequence[_Local]) -> list[_Name]:
    """Distinct full names, each with its most frequent context words (at most CONTEXT_KEEP)."""
    by_tokens: dict[tuple[str, ...], list[_Local]] = defaultdict(list)
    for c in full:
        by_tokens[c.tokens].append(c)
    out = []
    for tokens, group in by_tokens.items():
        if len(group) == 1 and len(group[0].context) <= CONTEXT_KEEP:
            context = group[0].context  # the common case: no counting needed
        else:
            counts = Counter(w for c in group for w in c.context)
            context = {w for w, _ in counts.most_common(CONTEXT_KEEP)}
        out.append(_Name(tokens, group, context, sum(len(c.mentions) for c in group)))
    return out


def _sort_keys(n: _Name) -> tuple[tuple[str, ...], tuple[str, ...]]:
    """The sorted-neighbourhood passes: spelling order (variants sharing a prefix: Batyuk /
    Batiuk) and sound order (transliterations: Seely / Cilly, Qassem / Kassem)."""
    first = n.first or ""
    return (
        (n.surname, *n.tokens),
        (phonetic_key(n.surname), phonetic_key(first), n.surname, *n.tokens),
    )


def _candidate_pairs(names: Sequence[_Name]) -> Iterator[tuple[int, int]]:
    """Multi-pass sorted neighbourhood: each distinct name meets the NAME_WINDOW names that
    follow it in each sort order, so there are at most 2 * NAME_WINDOW pairs per name.

    Pairs are handed out one at a time, and a pair the first order already gave is
    recognised by the two names' positions in it, not kept in a set: a million live pair
    tuples would only feed the garbage collector's full collections."""
    keys = [_sort_keys(x) for x in names]
    first_pos = [0] * len(names)
    for p in range(2):
        ordered = sorted(range(len(names)), key=lambda i, p=p: keys[i][p])
        if p == 0:
            for k, i in enumerate(ordered):
                first_pos[i] = k
        for k, i in enumerate(ordered):
            for j in ordered[k + 1 : k + 1 + NAME_WINDOW]:
                if p == 0 or abs(first_pos[i] - first_pos[j]) > NAME_WINDOW:
                    yield (i, j) if i < j else (j, i)


def _pair_score(a: _Name, b: _Name) -> float:
    """Higher is more alike: full-name similarity plus shared context."""
    return fuzz.token_sort_ratio(" ".join(a.tokens), " ".join(b.tokens)) + 5 * len(
        a.context & b.context
    )


def _merge_names(names: Sequence[_Name]) -> list[list[int]]:
    """Step 2: complete-linkage merging of compatible distinct names, best pairs first.

    Two groups join only when every pair across them is compatible, checked on each group's
    LINKAGE_REPS most-mentioned names (a person's main spellings carry the evidence), so one
    check costs at most LINKAGE_REPS ** 2 comparisons however many spellings a group holds.
    """
    scored = [
        (-_pair_score(names[i], names[j]), i, j)
        for i, j in _candidate_pairs(names)
        if _compatible(names[i], names[j])
    ]
    scored.sort()
    uf = _UnionFind(len(names))
    reps: dict[int, list[int]] = {}  # root -> its most-mentioned names (absent: just root)
    for _, i, j in scored:
        ri, rj = uf.find(i), uf.find(j)
        if ri == rj:
            continue
        left, right = reps.get(ri, [ri]), reps.get(rj, [rj])
        if all(_compatible(names[x], names[y]) for x in left for y in right):
            reps.pop(ri, None)
            reps.pop(rj, None)
            reps[uf.union(ri, rj)] = heapq.nlargest(
                LINKAGE_REPS, left + right, key=lambda x: (names[x].n_mentions, -x)
            )
    return uf.groups()


def _cross_article_persons(locals_: list[_Local]) -> list[list[_Local]]:
    """Steps 2 and 3: merge full names across articles, then attach surname-only groups."""
    names = _names([c for c in locals_ if c.first is not None])
    single = [c for c in locals_ if c.first is None]
    groups = [[c for i in members for c in names[i].locals_] for members in _merge_names(names)]

    # Step 3: surname-only groups join the unique full-name group with that surname. The
    # maps hold ints and (group, surname) pairs, not a set per surname: fewer live containers
    # for the garbage collector to scan.
    exact: dict[str, int] = {}  # surname -> its group, or _SHARED when several groups have it
    sounds: dict[str, list[tuple[int, str]]] = defaultdict(list)  # distinct (group, surname)
    n_groups: Counter[str] = Counter()  # distinct groups per sound key
    for g, members in enumerate(groups):
        for surname in sorted({c.surname for c in members}):
            exact[surname] = g if exact.get(surname, g) == g else _SHARED
            key = phonetic_key(surname)
            bucket = sounds[key]
            if not bucket or bucket[-1][0] != g:
                n_groups[key] += 1
            bucket.append((g, surname))
    leftovers: dict[str, list[_Local]] = defaultdict(list)
    for c in single:
        target = exact.get(c.surname)
        if target is None:
            key = phonetic_key(c.surname)
            target = _SHARED
            if n_groups[key] <= AMBIGUOUS_BUCKET:  # more people share the sound: ambiguous
                roots = {g for g, s in sounds.get(key, ()) if _tokens_match(c.surname, s)}
                if len(roots) == 1:
                    target = roots.pop()
        if target == _SHARED:
            leftovers[c.surname].append(c)
        else:
            groups[target].append(c)
    return groups + list(leftovers.values())


def _role_of(text: str, m: Mention) -> str | None:
    """Title words right in front of the mention, or an appositive after it."""
    before = text[max(0, m.start - 60) : m.start]
    words = _WORD.findall(before.split(",")[-1].split(".")[-1])
    run: list[str] = []
    for w in reversed(words):
        if w[0].isupper() or w.lower() in PERSON_TITLES:
            run.insert(0, w)
        else:
            break
    while run and run[0].lower() in _ROLE_LEADERS:
        run = run[1:]
    if any(w.lower() in PERSON_TITLES and w.lower() not in HONORIFICS for w in run):
        return " ".join(run)
    after = text[m.end : m.end + 80]
    hit = re.match(r",\s+((?:the\s+)?[a-z][^,.;:“”\"]{2,60}?),", after)
    if (
        hit
        and normalise_name(hit.group(1)).split(" ")[-1:]
        and any(
            t in PERSON_TITLES or t in {"researcher", "professor", "head", "leader", "director"}
            for t in normalise_name(hit.group(1)).split()
        )
    ):
        return hit.group(1)
    return None


def _canonical(mentions: Sequence[Mention], label: str) -> str:
    """The fullest well-formed surface form, then the most frequent, then the first A-Z."""
    counts: Counter[str] = Counter()
    for m in mentions:
        surface = _clean_surface(m.text, label)
        if surface:
            counts[surface] += 1
    if not counts:
        return mentions[0].text.strip()

    def rank(s: str) -> tuple[int, int, int, str]:
        well_formed = int(
            all(w[:1].isupper() or w.lower() in {"al", "de", "of", "the", "and"} for w in s.split())
        )
        size = len(name_tokens(s)) if label == "PERSON" else len(s.split())
        return (-well_formed, -size, -counts[s], s)

    return min(counts, key=rank)


def _clean_surface(text: str, label: str) -> str:
    """Surface form without possessive, leading 'the' and (for persons) titles."""
    words = re.sub(r"['’]s$", "", text.strip()).split()
    if words and words[0].lower() == "the":
        words = words[1:]
    if label == "PERSON":
        while len(words) > 1 and normalise_name(words[0]) in PERSON_TITLES:
            words = words[1:]
    return " ".join(words)


def _actors_from_groups(
    groups: Sequence[tuple[str, list[Mention]]],
    texts: dict[str, str],
    descriptions: frozenset[Mention] | set[Mention] = frozenset(),
) -> list[Actor]:
    """Actors with canonical names, aliases, roles and stable (collision-free) ids.
    Title phrases and `descriptions` ("the journalist") are mentions, never names."""
    out: list[Actor] = []
    seen: set[str] = set()
    for label, mentions in groups:
        ms = tuple(sorted(set(mentions), key=lambda m: (m.article, m.start, m.end)))
        named = tuple(m for m in ms if not is_title_mention(m) and m not in descriptions) or ms
        name = _canonical(named, label)
        aid = actor_id_for(name, label)
        if aid in seen:  # two actors with one name (a shared surname): tell them apart
            first = named[0]
            aid = actor_id_for(f"{name}@{first.article}:{first.start}", label)
        seen.add(aid)
        roles = Counter(r for m in named if (r := _role_of(texts.get(m.article, ""), m)))
        out.append(
            Actor(
                id=aid,
                name=name,
                type=label,
                aliases=tuple(sorted({m.text for m in named})),
                mentions=ms,
                role=roles.most_common(1)[0][0] if roles else None,
            )
        )
    return sorted(out, key=lambda a: (a.type, a.name, a.id))


def _is_uncapitalised(text: str) -> bool:
    """A span in a cased script with no word starting in a capital ("inter alia", "council
    of representatives"): spaCy's guess, not a name. Uncased scripts (Arabic) are kept."""
    if text[:1].isupper():  # the common case
        return False
    words = _WORD_SPLIT.split(text.strip())
    cased = any(c.isupper() or c.islower() for c in text)
    return cased and not any(w[:1].isupper() for w in words)


def _is_facility(text: str, m: Mention) -> bool:
    """A PERSON-tagged place: a facility noun right after it ("the Ain al-Assad base") or
    in front of it with "of" / "at" ("the two bases of Ain al-Assad")."""
    after = _WORD.match(text[m.end : m.end + 20].lstrip())
    if after and after.group().lower() in FACILITY_AFTER:
        return True
    before = _FACILITY_OF.search(text, max(0, m.start - 30), m.start)
    return bool(before and before.group(1).lower() in FACILITY_BEFORE)


def _is_credit(text: str) -> bool:
    """A photo credit glued into a name span ("Hasan Jamali/Associated Press", "Jamal
    Khashoggi Image Credit"): never an actor."""
    low = text.lower()
    return "/" in text or "credit" in low or "getty images" in low


def _owned(text: str, m: Mention) -> bool:
    """A name after a possessive determiner is a thing someone has ("his Apple Watch", "her
    iPhone"), not an actor: proper names of people and bodies take no "his"."""
    before = _WORD.findall(text[max(0, m.start - 12) : m.start])
    return (
        bool(before)
        and before[-1].lower() in POSSESSIVE_DETERMINERS
        and (not text[m.start - 1 : m.start].strip())
    )


def _outlet_noun_after(text: str, m: Mention) -> str | None:
    """ "NTV television", "Reuters news agency": the outlet noun right after a name."""
    after = _WORD.findall(text[m.end : m.end + 20])[:2]
    if not after or text[m.end : m.end + 1] not in {" ", "\u00a0"}:
        return None
    words = [w.lower() for w in after]
    if words[0] == "news" and words[1:] == ["agency"]:
        return "agency"
    return words[0] if words[0] in OUTLET_NOUNS else None


def _actor_label(m: Mention, outlets: frozenset[str], text: str = "") -> str | None:
    """The actor type of a mention (storylens.model.ACTOR_TYPES): PERSON / ORG, MEDIA for a
    news outlet, AGENCY for a news agency; None for everything that is no actor: places
    (PLACE_HEADS, facilities), products ("his Apple Watch"), platforms ("Twitter"), photo
    credits, spans with no capital letter, labels other than PERSON and ORG."""
    if m.label not in ACTOR_LABELS:
        return None
    norm = normalise_name(m.text)
    if not norm or _is_uncapitalised(m.text) or _is_credit(m.text) or norm in PLATFORMS:
        return None
    outlet_noun = _outlet_noun_after(text, m) if text else None
    if is_news_outlet(m.text, outlets) or outlet_noun:
        return "AGENCY" if is_news_agency(m.text) or outlet_noun == "agency" else "MEDIA"
    if norm.split()[-1] in PLACE_HEADS or (text and _owned(text, m)):
        return None
    if m.label == "ORG":
        return "ORG"
    if norm in ORG_ALIASES or org_key(m.text) in _ORG_ALIAS_KEYS:
        return "ORG"  # "al-Hashd al-Shabi", "Pentagon" tagged PERSON
    if text and _is_facility(text, m):
        return None
    return m.label


def _join_acronyms(orgs: dict[str, list[Mention]]) -> None:
    """An acronym joins the one organisation of the story it abbreviates ("SPA" -> "Saudi
    Press Agency"); with two such names, or none, it stays apart. In place; linear."""
    expansions: dict[str, list[str]] = defaultdict(list)
    for key in orgs:
        if (short := acronym(key)) and short != key:
            expansions[short].append(key)
    for key in list(orgs):
        ms = orgs[key]
        if " " in key or not all(m.text.strip().isupper() for m in ms):
            continue
        targets = expansions.get(key, [])
        if len(targets) == 1:
            orgs[targets[0]].extend(orgs.pop(key))


def _consistent_labels(
    rec: ArticleRecords, mentions: list[tuple[Mention, str | None]], forms: NameForms
) -> list[tuple[Mention, str | None]]:
    """One sense per story: occurrences of a known person's name forms (name_forms) become
    PERSON mentions; the non-person mentions inside them give way ("Khashoggi" tagged GPE,
    "Jamal" and "Khashoggi" as two GPE words). A form inside a longer non-person name, or
    crossing one, is left to that name."""
    taken = [(m.start, m.end) for m, label in mentions if label == "PERSON"]
    found = scan_names(rec.article, forms, taken)
    if not found:
        return mentions
    if not SCAN_BOILERPLATE:
        found = [f for f in found if not rec.article.in_boilerplate(f.start, f.end)]
    others = sorted((m.start, m.end) for m, label in mentions if label != "PERSON")
    kept_found, replaced = [], set()
    for f in found:
        around = [(s, e) for s, e in others if s < f.end and f.start < e]
        if any(not (f.start <= s and e <= f.end) for s, e in around):
            continue  # part of a longer non-person name, or crossing one
        replaced.update(around)
        kept_found.append(f)
    out = [(m, label) for m, label in mentions if (m.start, m.end) not in replaced]
    return out + [(f, "PERSON") for f in kept_found]


def resolve_actors(
    records: Sequence[ArticleRecords], *, corrections: Sequence[Correction] = ()
) -> list[Actor]:
    """All PERSON and ORG actors of a story, corrections applied (see the module docstring)."""
    outlets = frozenset(normalise_name(r.article.outlet) for r in records if r.article.outlet)
    texts = {r.article.id: r.article.text for r in records}
    records = sorted(records, key=lambda r: r.article.id)
    labelled = [
        [(m, _actor_label(m, outlets, rec.article.text)) for m in rec.mentions] for rec in records
    ]
    forms = name_forms(m.text for ms in labelled for m, label in ms if label == "PERSON")
    locals_: list[_Local] = []
    orgs: dict[str, list[Mention]] = defaultdict(list)
    kind: dict[str, str] = {}  # org key -> MEDIA / AGENCY when any mention says so
    for rec, mentions in zip(records, labelled, strict=True):
        mentions = _consistent_labels(rec, mentions, forms)
        persons = []
        for m, label in mentions:
            if label == "PERSON":
                persons.append(m)
            elif label is not None:
                key = org_key(m.text)
                orgs[key].append(m)
                if label != "ORG" and kind.get(key) != "AGENCY":
                    kind[key] = label
        article_locals = _local_persons(rec, persons)
        _title_mentions(rec, article_locals)
        locals_.extend(article_locals)
    person_groups = [[m for c in g for m in c.mentions] for g in _cross_article_persons(locals_)]
    described = describe(records, person_groups, skip_boilerplate=not SCAN_BOILERPLATE)
    descriptions = {m for ms in described for m in ms}
    groups: list[tuple[str, list[Mention]]] = [
        ("PERSON", ms + extra) for ms, extra in zip(person_groups, described, strict=True)
    ]
    _join_acronyms(orgs)
    org_groups = [(kind.get(key, "ORG"), ms) for key, ms in orgs.items()]
    for (_, ms), extra in zip(
        org_groups, describe_outlets(records, org_groups, not SCAN_BOILERPLATE), strict=True
    ):
        ms.extend(extra)
        descriptions.update(extra)
    groups += org_groups
    actors = _actors_from_groups(groups, texts, descriptions)
    return apply_corrections(actors, corrections, texts) if corrections else actors


def _find(actors: Sequence[Actor], ref: str) -> int | None:
    """Index of the actor named by id or by any alias / its name (case-insensitive)."""
    low = ref.strip().lower()
    for i, a in enumerate(actors):
        if a.id.lower() == low:
            return i
    for i, a in enumerate(actors):
        if a.name.lower() == low or any(x.lower() == low for x in a.aliases):
            return i
    return None


def apply_corrections(
    actors: Sequence[Actor], corrections: Sequence[Correction], texts: dict[str, str] | None = None
) -> list[Actor]:
    """Apply the user's corrections in order; each sees the result of the ones before.

    - merge TARGET OTHER: OTHER's mentions and aliases join TARGET, which keeps its id, name
      and type; OTHER disappears.
    - split TARGET ALIAS: mentions of TARGET whose surface form is ALIAS (case-insensitive)
      leave it and form a new actor of the same type (id from its own canonical name).
    - rename TARGET NEW_NAME: the canonical name becomes NEW_NAME; the id stays, so links to
      the actor survive a rename.
    Actors are named by id or by any alias, case-insensitive. A correction that names no
    actor (its articles were removed, or an earlier correction took the alias away) is
    skipped: corrections are kept for every run, and may apply again when articles return.
    """
    texts = texts or {}
    current = list(actors)
    for c in corrections:
        t = _find(current, c.target)
        if t is None:
            continue
        target = current[t]
        if c.action == "rename":
            current[t] = replace(target, name=c.value.strip() or target.name)
        elif c.action == "merge":
            o = _find(current, c.value)
            if o is None or o == t:
                continue
            other = current[o]
            ms = tuple(
                sorted(set(target.mentions + other.mentions), key=lambda m: (m.article, m.start))
            )
            current[t] = replace(
                target, mentions=ms, aliases=tuple(sorted(set(target.aliases) | set(other.aliases)))
            )
            del current[o]
        elif c.action == "split":
            low = c.value.strip().lower()
            leaving = [m for m in target.mentions if m.text.lower() == low]
            staying = [m for m in target.mentions if m.text.lower() != low]
            if not leaving or not staying:
                continue
            new = _actors_from_groups([(target.type, leaving)], texts)[0]
            taken = {a.id for a in current}
            if new.id in taken:
                new = replace(new, id=actor_id_for(f"{new.name}@split:{target.id}", new.type))
            current[t] = replace(
                target, mentions=tuple(staying), aliases=tuple(sorted({m.text for m in staying}))
            )
            current.append(new)
    return current
