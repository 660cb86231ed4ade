"""Definite descriptions: "the journalist", "his fiancee", "Saudi Arabia's consul-general".

A report names a person once or twice and then refers to them by what they are. This step
links such descriptions to the person they denote, and leaves them alone whenever it cannot
tell (unknown beats wrong). It runs after the name clusters are built, on plain text: no
parse is needed, so it costs one pass over each article's words.

1. Roles are read where a name is introduced (any article of the story):
   - the word right before the name when it is a lower-case noun ("journalist Jamal
     Khashoggi", "dissident journalist Jamal Khashoggi"), or the last title word before it
     ("Crown Prince Mohammed bin Salman" -> prince), skipping a place phrase in between
     ("consul-general in Istanbul Mohammad Al Otaibi");
   - a noun phrase set off before the name ("the journalist's Turkish fiancee, Hatice
     Cengiz,") or after it ("Khashoggi, a Washington Post columnist who ...", "Ahmad
     al-Assiri, the deputy intelligence chief and ..."): its head noun, the last word
     before "of", "for", "and", "who" or the end of the phrase.
   Role nouns come from the story, not from a list; ROLE_CLASSES only says which nouns name
   one trade ("the writer" for someone introduced as a journalist or columnist).
2. A description is a definite noun phrase whose head is a role noun of the story: "the"
   (or a nationality / place possessive: "Saudi Arabia's", "Saudi") + up to MAX_MODIFIERS
   modifiers + the head ("the missing Saudi journalist"), not followed by a name (then it
   introduces that name). It denotes the one person with that role (or a role of its class)
   who is named in the same article; with none named there, the one person of the story
   with that role whose introduction shares a capitalised modifier with the description
   ("Saudi Arabia's consul-general" / "Saudi Arabia's consul-general in Istanbul Mohammad
   Al Otaibi"). Two candidates, or none: not linked.
3. Possessive descriptions ("the journalist's Turkish fiancee", "his fiancee") denote the
   person who holds that relation to the possessor. Relations are learnt from the
   introductions ("the journalist's Turkish fiancee, Hatice Cengiz": Cengiz is the fiancee
   of the person "the journalist" denotes); "his" / "her" / "their" is the nearest person
   mentioned before it in the same sentence. The possessor keeps its own mention ("the
   journalist" inside "the journalist's fiancee" is a mention of the journalist).
Indefinite phrases ("a journalist") introduce someone new and are never linked; plural heads
are not role nouns. A description introducing a name with a comma ("the journalist's
Turkish fiancee, Hatice Cengiz") is itself a mention of that person.
"""

from __future__ import annotations

import bisect
import re
from collections import defaultdict
from collections.abc import Iterable, Sequence
from dataclasses import dataclass

from storylens.model import ArticleRecords, Mention
from storylens.resolve.names import NATIONALITIES, PERSON_TITLES

__all__ = ["OUTLET_DESCRIPTIONS", "ROLE_CLASSES", "describe", "describe_outlets"]

# Nouns that name the same trade: a description with one of them may denote a person
# introduced with another. Small on purpose: roles themselves come from the story.
ROLE_CLASSES: tuple[frozenset[str], ...] = (
    frozenset(
        {
            "journalist",
            "writer",
            "reporter",
            "columnist",
            "correspondent",
            "contributor",
            "commentator",
            "blogger",
        }
    ),
)
# Endings of agent nouns, the nouns that name a person by what they do (journalist, adviser,
# fiancee, spokesman, correspondent): the test a learnt role noun must pass, so a word that
# merely stands before a name ("at the same time Batyuk said", "killing Soleimani") is no role.
AGENT_SUFFIXES = (
    "ist",
    "er",
    "or",
    "ian",
    "ee",
    "eur",
    "man",
    "woman",
    "person",
    "ess",
    "ant",
    "ent",
)
# Kinship and relation nouns: person nouns no ending shows ("his wife", "her fiancee").
RELATION_NOUNS = frozenset(
    {"wife", "husband", "son", "daughter", "brother", "sister", "mother", "father", "fiance"}
    | {"fiancee", "fiancé", "fiancée", "widow", "widower", "cousin", "nephew", "niece"}
    | {"uncle", "aunt", "friend", "partner", "aide", "lawyer", "deputy", "bodyguard", "boss"}
    | {"child", "girlfriend", "boyfriend", "spouse", "colleague", "heir"}
)
# At most this many words between "the" and the role noun ("the missing Saudi journalist").
MAX_MODIFIERS = 3
# Words (and at most characters) read in front of a name for its introduction.
INTRO_WORDS = 8
INTRO_CHARS = 200
# Function words: never a role noun, never a modifier of a description.
FUNCTION_WORDS = frozenset(
    """a an the this that these those his her its their our your my of to in on at by for
    from with about as into over after before since until and or but nor so yet who whom
    whose which what when where why how than then there here is are was were be been being
    has have had do does did will would shall should can could may might must not no also
    said says say told tells according while he she it they we you i him them us me one two
    said""".split()  # noqa: SIM905 (a word list reads better as text)
)
POSSESSIVE_PRONOUNS = frozenset({"his", "her", "their"})
# Words that may follow a description's head: auxiliaries, verbs of saying and common
# irregular verbs (regular past forms end in -ed and need no list). A closed class of English.
PREDICATE_STARTS = frozenset(
    """am isn't wasn't hasn't hadn't doesn't didn't won't can't couldn't wouldn't shouldn't
    says told tells spoke speaks left leaves went goes came comes met meets took takes gave
    gives made makes wrote writes ran runs saw sees got gets fled flees won wins lost loses
    sent sends held holds kept keeps thought thinks knew knows found finds became becomes
    began begins brought brings stood stands sat sits fell falls felt feels heard hears
    paid pays led leads rose rises left lives died dies remains remained stayed insists
    insisted denies denied arrives arrived appears appeared""".split()  # noqa: SIM905
)
# Title words that qualify a role without being one ("former", "Crown" Prince) or address
# a person ("Mr").
_NOT_ROLES = frozenset(
    {"former", "late", "acting", "vice", "deputy", "crown", "prime", "rear", "marine"}
    | {"mr", "mrs", "ms", "miss", "dr", "sir", "dame", "madam", "lord", "lady"}
)
_TOKEN = re.compile(r"[^\W\d_]+(?:[-\u2010\u2011][^\W\d_]+)*(?:['’]s\b|['’](?=\s))?")
_POSSESSIVE = re.compile(r"['’]s?$")
_CLAUSE_BREAK = re.compile(r"[.;:!?()\"“”\n]")
_NATIONALITY_WORDS = frozenset(w for k in NATIONALITIES for w in k.split())


@dataclass(frozen=True, slots=True)
class _Tok:
    start: int
    end: int
    text: str
    joined: bool = True  # only spaces between the previous token and this one

    @property
    def bare(self) -> str:
        """Lower case, possessive cut ("journalist's" -> "journalist")."""
        return _POSSESSIVE.sub("", self.text).lower()

    @property
    def possessive(self) -> bool:
        return bool(_POSSESSIVE.search(self.text))

    @property
    def upper(self) -> bool:
        return self.text[:1].isupper()


def _tokens(text: str, offset: int = 0) -> list[_Tok]:
    out: list[_Tok] = []
    prev_end = 0
    for m in _TOKEN.finditer(text):
        joined = not text[prev_end : m.start()].strip()
        out.append(_Tok(m.start() + offset, m.end() + offset, m.group(), joined))
        prev_end = m.end()
    return out


def is_person_noun(word: str) -> bool:
    """Can this lower-case singular noun name a person? A title word (names.PERSON_TITLES,
    "prince", "general"), a word of ROLE_CLASSES, or an agent noun by its ending
    (AGENT_SUFFIXES: journalist, adviser, fiancee, spokesman); "-ment" words are not
    ("government"). Plurals ("ministers", "journalists") are not: they name groups."""
    w = word.lower().rsplit("-", 1)[-1]
    if len(w) < 3:
        return False
    if w.endswith("s") and not w.endswith("ss"):
        return False  # a plural ("ministers"), or no agent noun at all
    if w in PERSON_TITLES or w in RELATION_NOUNS or any(w in c for c in ROLE_CLASSES):
        return True
    return len(w) > 4 and w.endswith(AGENT_SUFFIXES) and not w.endswith("ment")


def _is_noun_like(tok: _Tok) -> bool:
    return not tok.upper and tok.bare not in FUNCTION_WORDS and len(tok.bare) > 2


@dataclass(slots=True)
class _Intro:
    """A role a person (group) was introduced with, and the capitalised words around it."""

    group: int
    head: str
    modifiers: frozenset[str]
    phrase: tuple[int, int] | None = None  # "the journalist's Turkish fiancee," before a name
    possessor: tuple[int, int] | None = None  # "the journalist" / "his" inside that phrase
    article: str = ""


def _np_before(
    toks: Sequence[_Tok], end: int, *, possessive_head: bool = False
) -> tuple[int, int] | None:
    """Token range [i, end) of a definite noun phrase ending at token end - 1 (its head):
    "the journalist's Turkish fiancee", "his fiancee", "Saudi Arabia's consul-general";
    with possessive_head, also a possessor phrase ("the journalist's")."""
    head = toks[end - 1]
    if not _is_noun_like(head) or (head.possessive and not possessive_head):
        return None
    i = end - 1
    while i > 0 and end - i <= MAX_MODIFIERS + 2 and toks[i].joined:
        prev = toks[i - 1]
        if prev.bare in {"the"} or prev.bare in POSSESSIVE_PRONOUNS:
            return i - 1, end
        if prev.possessive:
            # "the journalist's" / "Saudi Arabia's": extend over the possessor phrase.
            j = i - 1
            while j > 0 and toks[j].joined and toks[j - 1].upper and not toks[j - 1].possessive:
                j -= 1
            if j > 0 and toks[j].joined and toks[j - 1].bare == "the":
                j -= 1
            elif j == i - 1 and not prev.upper:
                return None
            return j, end
        if prev.bare in FUNCTION_WORDS:
            return None
        i -= 1
    return None


def _intros(rec: ArticleRecords, group_of: dict[tuple[int, int], int]) -> list[_Intro]:
    """Roles the article's named persons are introduced with (see the module docstring)."""
    text = rec.article.text
    out: list[_Intro] = []
    for (start, end), g in sorted(group_of.items()):
        window = max(0, start - INTRO_CHARS)
        lo = max(max(text.rfind(c, window, start) for c in ".;!?\n") + 1, window)
        before = _tokens(text[lo:start], lo)[-INTRO_WORDS:]
        gap = text[before[-1].end : start] if before else ""
        out.extend(_intro_before(before, gap, g, rec.article.id))
        out.extend(_intro_after(text, end, g, rec.article.id))
    return out


def _intro_before(before: list[_Tok], gap: str, g: int, article: str) -> Iterable[_Intro]:
    if not before:
        return
    k = len(before)
    caps = _run_caps(before, k)
    if gap.strip() == "," and (np := _np_before(before, k)) is not None:
        # "the journalist's Turkish fiancee, Hatice Cengiz": an appositive introduction.
        i, j = np
        if not is_person_noun(before[j - 1].bare):
            return  # "a spokesman for the Iraqi government, William Warda"
        possessor, _ = _possessor(before, i, j)
        phrase = (before[i].start, before[j - 1].end)
        caps = frozenset(t.bare for t in before[i:j] if t.upper)
        yield _Intro(g, before[j - 1].bare, caps, phrase, possessor, article)
        return
    if gap.strip():
        return
    # Title words straight before the name ("Crown Prince", "Interior Minister").
    if before[-1].upper and before[-1].bare in PERSON_TITLES:
        if before[-1].bare not in _NOT_ROLES:
            yield _Intro(g, before[-1].bare, caps, article=article)
        return
    if k == 1 and is_person_noun(before[0].bare) and before[0].bare not in _NOT_ROLES:
        yield _Intro(g, before[0].bare, frozenset(), article=article)  # "Columnist Tom Reed"
        return
    # A place phrase between the role and the name ("consul-general in Istanbul Mohammad").
    while k > 0 and before[k - 1].upper:
        k -= 1
    if k < len(before) and k > 0 and before[k - 1].bare in {"in", "at"}:
        k -= 1
    elif k < len(before):
        return
    role = before[k - 1] if k > 0 else None
    if role and _is_noun_like(role) and not role.possessive and is_person_noun(role.bare):
        place = frozenset(t.bare for t in before[k:] if t.upper)
        # "his wife Lena Holm": the relation is learnt; the phrase is no mention of its own
        # (as "journalist Jamal Khashoggi" is not).
        np = _np_before(before, k)
        possessor = _possessor(before, np[0], k)[0] if np else None
        yield _Intro(g, role.bare, _run_caps(before, k) | place, None, possessor, article)


def _run_caps(toks: Sequence[_Tok], end: int) -> frozenset[str]:
    """Capitalised words of the modifier run ending at toks[end - 1] ("former US Energy
    Secretary", "prominent Saudi journalist"): back to a function word or punctuation."""
    out = set()
    i = end
    while i > 0 and toks[i - 1].bare not in FUNCTION_WORDS:
        if toks[i - 1].upper:
            out.add(toks[i - 1].bare)
        if not toks[i - 1].joined:
            break
        i -= 1
    return frozenset(out)


_APPOSITIVE_AFTER = re.compile(r"(?:['’]s?)?,\s+(?:a|an|the)\s+([^,.;:()\"“”\n]{2,100})")
_HEAD_END = frozenset({"of", "for", "to", "who", "which", "that", "and", "in", "at", "with"})


def _intro_after(text: str, end: int, g: int, article: str) -> Iterable[_Intro]:
    """ ", a Washington Post columnist who ..." right after the name: the head noun."""
    m = _APPOSITIVE_AFTER.match(text, end)
    if not m:
        return
    words = _tokens(m.group(1))
    head = None
    for t in words:
        if t.bare in _HEAD_END:
            break
        head = t
    if (
        head is not None
        and _is_noun_like(head)
        and not head.possessive
        and is_person_noun(head.bare)
    ):
        caps = frozenset(t.bare for t in words if t.upper)
        yield _Intro(g, head.bare, caps, article=article)


@dataclass(frozen=True, slots=True)
class _Desc:
    start: int
    end: int
    head: str
    modifiers: frozenset[str]
    possessor: tuple[int, int] | None  # the possessor's span ("the journalist", "his")
    pronoun: bool


def _descriptions(text: str, vocab: set[str]) -> list[_Desc]:
    """Definite phrases whose head is a role noun of the story (see the module docstring)."""
    toks = _tokens(text)
    out: list[_Desc] = []
    for end in range(1, len(toks) + 1):
        head = toks[end - 1]
        if head.bare not in vocab or head.upper or not is_person_noun(head.bare):
            continue
        if (
            not head.possessive
            and end < len(toks)
            and toks[end].joined
            and (toks[end].possessive or (not toks[end].upper and is_person_noun(toks[end].bare)))
        ):
            continue  # a modifier inside a longer noun: "the chief prosecutor's office"
        if _introduces_name(text, toks, end):
            continue
        if not head.possessive and not _ends_noun_phrase(text, toks, end):
            continue  # "the general election", "member states", "the minister of economy"
        np = _np_before(toks, end, possessive_head=True)
        if np is None:
            np = _bare_nationality_np(toks, end)
            if np is None:
                continue
        i, _ = np
        possessor, pronoun = _possessor(toks, i, end)
        caps = frozenset(
            t.bare for t in toks[i : end - 1] if t.upper and t.bare not in FUNCTION_WORDS
        )
        # A possessor phrase ("the journalist's") ends before its "'s".
        stop = head.start + len(_POSSESSIVE.sub("", head.text))
        out.append(_Desc(toks[i].start, stop, head.bare, caps, possessor, pronoun))
    return out


def _possessor(toks: Sequence[_Tok], i: int, end: int) -> tuple[tuple[int, int] | None, bool]:
    """The possessor inside the phrase toks[i:end] and whether it is a pronoun: "his" in
    "his fiancee", "the journalist" in "the journalist's Turkish fiancee"."""
    for t in toks[i : end - 1]:
        if t.bare in POSSESSIVE_PRONOUNS:
            return (t.start, t.end), True
        if t.possessive:
            return (toks[i].start, t.start + len(_POSSESSIVE.sub("", t.text))), False
    return None, False


def _bare_nationality_np(toks: Sequence[_Tok], end: int) -> tuple[int, int] | None:
    """ "Saudi crown prince" after a preposition: nationality + modifiers + head, no article."""
    i = end - 1
    while i > 0 and end - i <= MAX_MODIFIERS and not toks[i - 1].upper:
        if toks[i - 1].bare in FUNCTION_WORDS:
            return None
        i -= 1
    if i > 0 and toks[i - 1].bare in _NATIONALITY_WORDS and toks[i - 1].upper:
        before = toks[i - 2].bare if i > 1 else ""
        if before in {"of", "by", "to", "from", "with", "and"}:
            return i - 1, end
    return None


def _ends_noun_phrase(text: str, toks: Sequence[_Tok], end: int) -> bool:
    """The head ends its noun phrase: punctuation or the text's end follows, or a word that
    starts a predicate or a clause (a function word, an auxiliary, a past form in -ed, a
    common irregular verb). Anything else makes the head a modifier ("general election")
    or a noun in a compound ("member states"). A complement with "of" names another role
    ("the minister of the economy"): not a description of the role alone."""
    if end >= len(toks) or not toks[end].joined:
        return True
    nxt = toks[end].bare
    if nxt == "of":
        return False
    return (
        nxt in FUNCTION_WORDS
        or nxt in PREDICATE_STARTS
        or (nxt.endswith("ed") and len(nxt) > 3)
        or (toks[end].upper and text[toks[end - 1].end : toks[end].start].strip() != "")
    )


def _introduces_name(text: str, toks: Sequence[_Tok], end: int) -> bool:
    """The phrase is followed by a name (", Hatice Cengiz" or " Jamal Khashoggi")."""
    if end >= len(toks):
        return False
    nxt = toks[end]
    gap = text[toks[end - 1].end : nxt.start]
    return nxt.upper and gap.strip() in {"", ","} and not toks[end - 1].possessive


def describe(
    records: Sequence[ArticleRecords],
    mentions_of: Sequence[Sequence[Mention]],
    *,
    skip_boilerplate: bool = False,
) -> list[list[Mention]]:
    """New mentions for each person group: the descriptions that denote it.

    `mentions_of[g]` are group g's name mentions (all articles). Returns, per group, the
    description mentions to add (PERSON label, text as in the article).
    """
    by_article: dict[str, dict[tuple[int, int], int]] = defaultdict(dict)
    for g, ms in enumerate(mentions_of):
        for m in ms:
            by_article[m.article][(m.start, m.end)] = g
    intros: list[_Intro] = []
    for rec in records:
        intros.extend(_intros(rec, by_article.get(rec.article.id, {})))
    ix = _RoleIndex.of(intros)
    vocab = set(ix.heads_seen) | {w for c in ROLE_CLASSES if c & ix.heads_seen for w in c}
    added: list[list[Mention]] = [[] for _ in mentions_of]
    pending: list[tuple[ArticleRecords, _Desc]] = []
    named_in: dict[str, set[int]] = {}
    for rec in records:
        names = by_article.get(rec.article.id, {})
        named = named_in[rec.article.id] = set(names.values())
        name_spans = sorted(names)
        for d in _descriptions(rec.article.text, vocab):
            if skip_boilerplate and rec.article.in_boilerplate(d.start, d.end):
                continue
            if _overlaps_name(name_spans, d.start, d.end):
                continue
            if d.possessor is not None:
                pending.append((rec, d))
                continue
            g = _denoted(d, named, ix)
            if g is not None:
                added[g].append(_mention(rec, d.start, d.end))
    # Relations from appositive introductions, then the possessive descriptions.
    texts = {r.article.id: r.article.text for r in records}
    spans = _span_index(mentions_of, added)
    relations: dict[int, dict[str, set[int]]] = defaultdict(lambda: defaultdict(set))
    for it in intros:
        if it.possessor is not None:
            owner = _owner(spans, texts[it.article], it.article, it.possessor)
            if owner is not None and owner != it.group:
                relations[owner][it.head].add(it.group)
    for rec, d in pending:
        if d.possessor is None:
            continue
        owner = _owner(spans, rec.article.text, rec.article.id, d.possessor)
        if owner is None:
            # A possessor that is no person ("Saudi Arabia's consul-general") only
            # qualifies the role, like a nationality.
            g = None if d.pronoun else _denoted(d, named_in[rec.article.id], ix)
            if g is not None:
                added[g].append(_mention(rec, d.start, d.end))
            continue
        held = relations.get(owner, {})
        targets = {t for h in _class_of(d.head) for t in held.get(h, ())}
        if len(targets) == 1:
            added[targets.pop()].append(_mention(rec, d.start, d.end))
    # Appositive introductions are mentions of the person they introduce.
    by_id = {r.article.id: r for r in records}
    for it in intros:
        if it.phrase is not None:
            added[it.group].append(_mention(by_id[it.article], *it.phrase))
    return [_dedupe(ms) for ms in added]


def _mention(rec: ArticleRecords, start: int, end: int) -> Mention:
    return Mention(rec.article.id, start, end, rec.article.text[start:end], "PERSON")


def _dedupe(ms: list[Mention]) -> list[Mention]:
    return sorted(set(ms), key=lambda m: (m.article, m.start, m.end))


def _overlaps_name(spans: Sequence[tuple[int, int]], start: int, end: int) -> bool:
    """Does [start, end) overlap one of the sorted name spans (none longer than 300)?"""
    lo = bisect.bisect_left(spans, (start - 300, 0))
    hi = bisect.bisect_left(spans, (end, end))
    return any(s < end and start < e for s, e in spans[lo:hi])


def _class_of(head: str) -> frozenset[str]:
    """The role nouns a description with this head may stand for (ROLE_CLASSES)."""
    for c in ROLE_CLASSES:
        if head in c:
            return c
    return frozenset({head})


def _nationalities(words: Iterable[str]) -> set[str]:
    return {NATIONALITIES[w] for w in words if w in NATIONALITIES}


@dataclass(slots=True)
class _RoleIndex:
    """Introductions indexed so that a description costs lookups, not a scan of the story:
    role nouns and nationalities per person, persons per (role noun, capitalised word)."""

    heads: dict[int, set[str]]
    nationalities: dict[int, set[str]]
    words: dict[int, set[str]]  # capitalised words of the person's introductions
    by_head_word: dict[tuple[str, str], set[int]]
    heads_seen: set[str]

    @classmethod
    def of(cls, intros: Iterable[_Intro]) -> _RoleIndex:
        ix = cls(defaultdict(set), defaultdict(set), defaultdict(set), defaultdict(set), set())
        for it in intros:
            ix.heads[it.group].add(it.head)
            ix.words[it.group] |= it.modifiers
            ix.nationalities[it.group] |= _nationalities(it.modifiers)
            ix.heads_seen.add(it.head)
            for w in it.modifiers:
                ix.by_head_word[(it.head, w)].add(it.group)
        return ix


def _denoted(d: _Desc, named: set[int], ix: _RoleIndex) -> int | None:
    """The one person the description denotes (module docstring, step 2), else None.
    A nationality in the description must not contradict the holder's introductions
    ("the American leader" is not the one introduced as "Iraqi militia leader")."""
    heads = _class_of(d.head)
    mine = _nationalities(d.modifiers)

    def agrees(g: int) -> bool:
        theirs = ix.nationalities.get(g)
        if mine and theirs and not theirs & mine:
            return False  # "the American leader" / "Iraqi militia leader"
        words = ix.words.get(g)  # "The former New Mexico governor" / "Indiana Governor"
        return not d.modifiers or not words or bool(words & d.modifiers)

    here = {g for g in named if ix.heads.get(g, set()) & heads and agrees(g)}
    if len(here) == 1:
        return next(iter(here))
    if here or not d.modifiers:
        return None
    matching: set[int] = set()
    for h in heads:
        for w in d.modifiers:
            matching |= {g for g in ix.by_head_word.get((h, w), ()) if agrees(g)}
            if len(matching) > 1:
                return None
    return next(iter(matching)) if matching else None


def _span_index(
    mentions_of: Sequence[Sequence[Mention]], added: Sequence[Sequence[Mention]]
) -> dict[str, dict]:
    """Person mentions by article, sorted by start, for possessor look-ups."""
    exact: dict[tuple[str, tuple[int, int]], int] = {}
    ordered: dict[str, list[tuple[int, int, int]]] = defaultdict(list)
    for source in (mentions_of, added):
        for g, ms in enumerate(source):
            for m in ms:
                exact[(m.article, (m.start, m.end))] = g
                ordered[m.article].append((m.start, m.end, g))
    for v in ordered.values():
        v.sort()
    return {"exact": exact, "ordered": ordered}


def _owner(
    spans: dict[str, dict], text: str, article: str, possessor: tuple[int, int]
) -> int | None:
    """The person a possessor denotes: a person mention at its span, or for "his" / "her" /
    "their" the nearest person mentioned before it in the same sentence."""
    exact = spans["exact"].get((article, possessor))
    if exact is not None:
        return exact
    if text[possessor[0] : possessor[1]].lower() not in POSSESSIVE_PRONOUNS:
        return None
    sentence_start = max(text.rfind(c, 0, possessor[0]) for c in ".!?\n")
    ordered = spans["ordered"].get(article, [])
    k = bisect.bisect_left(ordered, (possessor[0], -1, -1))
    for s, e, g in reversed(ordered[:k]):
        if s <= sentence_start:
            return None
        if e <= possessor[0]:
            return g
    return None


# "the agency", "the newspaper": an outlet referred to by its kind (issue 15, for sourcing:
# "the agency wrote" is the agency's statement). Noun -> the actor type it stands for.
OUTLET_DESCRIPTIONS = {"agency": "AGENCY", "newspaper": "MEDIA", "broadcaster": "MEDIA"}
# A MEDIA description reaches back this many characters only: "the newspaper" and "the
# network" are as often generic ("read it in the newspaper"), and MEDIA mixes papers and
# channels (PolNeAR dev: "the network" after The New York Times meant RT). Nouns like
# "network", "channel", "paper" are left out for the same reason.
MEDIA_REACH_CHARS = 200
_OUTLET_PHRASE = re.compile(r"\b[Tt]he (?:news )?(" + "|".join(OUTLET_DESCRIPTIONS) + r")\b")


def describe_outlets(
    records: Sequence[ArticleRecords],
    groups: Sequence[tuple[str, Sequence[Mention]]],
    skip_boilerplate: bool = False,
) -> list[list[Mention]]:
    """New mentions per (type, mentions) organisation group: "the agency" / "the newspaper"
    joins the AGENCY / MEDIA actor named last before it in the same article: an agency in
    the same paragraph or the one before (further back only when the article names one
    agency), an outlet within MEDIA_REACH_CHARS. Otherwise unlinked. One regex pass per
    article."""
    named: dict[str, list[tuple[int, str, int]]] = defaultdict(list)
    for g, (kind, ms) in enumerate(groups):
        if kind in {"AGENCY", "MEDIA"}:
            for m in ms:
                named[m.article].append((m.start, kind, g))
    out: list[list[Mention]] = [[] for _ in groups]
    for rec in records:
        before = sorted(named.get(rec.article.id, ()))
        if not before:
            continue
        text = rec.article.text
        for hit in _OUTLET_PHRASE.finditer(text):
            if skip_boilerplate and rec.article.in_boilerplate(hit.start(), hit.end()):
                continue
            head = _Tok(hit.start(), hit.end(), hit.group(1))
            after = _tokens(text[hit.end() : hit.end() + 40], hit.end())
            possessive = text[hit.end() : hit.end() + 2] in {"'s", "’s"}
            if not possessive and not _ends_noun_phrase(text, [head, *after], 1):
                continue  # "the agency chief", "the paper trail"
            want = OUTLET_DESCRIPTIONS[hit.group(1)]
            k = bisect.bisect_left(before, (hit.start(), "", -1))
            earlier = [(start, g) for start, kind, g in before[:k] if kind == want]
            if not earlier:
                continue
            # The nearest outlet of that kind, when it is named in this paragraph or the one
            # before; further back, only the article's one outlet of that kind.
            start, g = earlier[-1]
            if want == "MEDIA":
                near = hit.start() - start <= MEDIA_REACH_CHARS
            else:
                near = text.count("\n\n", start, hit.start()) <= 1
                near = near or len({x for _, x in earlier}) == 1
            if near:
                out[g].append(_mention(rec, hit.start(), hit.end()))
    return out
