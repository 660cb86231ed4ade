"""What a statement is about: its arguments, the story its article tells, and the proposition a
denial names.

A contradiction needs two statements about the same proposition. Before any opposition is
looked for, three cheap checks say whether two statements can be about the same thing:

  * `argument_keys`: the entities and content nouns of a statement ("Khashoggi", "consulate",
    "troops"); two statements that share none are about the same thing only through a pronoun
    ("he exited the premises"), which the article's story has to vouch for;
  * `story_keys` / `same_story`: the named entities of a whole article; two articles that
    share fewer than STORY_MIN_SHARED of them tell different stories (a BP share buy-back and
    Marine Corps weapons), and nothing in one contradicts the other;
  * `denied_proposition`: the words a denial names ("denied *the reports of Khashoggi's
    murder*", "dismissed *claims that Khashoggi had been kidnapped*", "there was *no
    evidence that he had left*"), so that the denial is matched to the statements asserting
    *that*, not to whatever came before it. An anaphoric denial ("denied this", "these
    baseless allegations") names nothing and answers the statement it follows.

Pure functions of parsed `Doc`s and records; no state.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from typing import TYPE_CHECKING

from storylens.resolve.polarity import DENIAL_LEMMAS

if TYPE_CHECKING:
    from spacy.tokens import Doc, Span, Token

    from storylens.model import ArticleRecords

__all__ = [
    "STORY_MIN_SHARED",
    "argument_keys",
    "asserts",
    "denied_proposition",
    "same_story",
    "story_keys",
]

# Named entities two articles must share to be read as one story. Measured: articles of one
# story (demo, Khashoggi) share 4-12; bodies of unrelated FNC-1 topics rarely more than one
# (a country, "US"), which is why one is not enough.
STORY_MIN_SHARED = 3
STORY_LABELS = frozenset(["PERSON", "ORG", "GPE", "NORP", "EVENT", "FAC", "LOC", "LAW"])
# Nouns that name speech or say nothing about what a statement is about.
GENERIC_NOUNS = frozenset(
    "report reports statement claim allegation accusation word story account assertion "  # noqa: SIM905
    "argument explanation charge rumor rumour talk comment remark news information medium "
    "official source people person time year day week month way thing part lot number "
    "point side case fact issue matter question kind sort".split()
)
# Heads of what a denial denies when they carry the proposition in a clause or an "of"
# phrase: "the reports of X", "claims that X", "talk of X", "allegations regarding X".
SPEECH_NOUNS = frozenset(
    "report claim allegation accusation rumor rumour talk suggestion speculation story "  # noqa: SIM905
    "statement account assertion notion idea theory charge evidence proof sign indication "
    "reporting".split()
)
REPORTING_VERBS = frozenset(["say", "tell", "report", "state", "announce", "add"])
# An embedded question asserts nothing: "[how they believed the killing was carried out]".
QUESTION_WORDS = frozenset(["how", "whether", "why", "if"])
ANAPHORS = frozenset(["this", "that", "these", "those", "it", "such", "they", "them"])


def _key(tok: Token) -> str:
    return tok.lemma_.lower().strip(".'’")


def argument_keys(doc: Doc | Span) -> frozenset[str]:
    """Lemmas of the entities and content nouns a statement names."""
    keys = set()
    for tok in doc:
        if tok.is_stop or not tok.is_alpha or len(tok) < 3:
            continue
        if (
            tok.pos_ == "PROPN"
            or tok.ent_type_ in STORY_LABELS
            or (tok.pos_ == "NOUN" and _key(tok) not in GENERIC_NOUNS)
        ):
            keys.add(_key(tok))
    return frozenset(keys)


def _entity_key(text: str, label: str) -> str:
    words = [w for w in text.lower().replace("’s", "").replace("'s", "").split() if w != "the"]
    if not words:
        return ""
    return words[-1] if label == "PERSON" else " ".join(words)


def story_keys(record: ArticleRecords) -> frozenset[str]:
    """The named entities of an article (persons by surname), as lower-case keys."""
    return frozenset(
        k
        for m in record.mentions
        if m.label in STORY_LABELS
        for k in [_entity_key(m.text, m.label)]
        if k
    )


def same_story(a: frozenset[str], b: frozenset[str]) -> bool:
    """Two articles tell one story when they share STORY_MIN_SHARED named entities."""
    return len(a & b) >= STORY_MIN_SHARED


def _subtree_text(tok: Token) -> Span:
    toks = sorted(tok.subtree, key=lambda t: t.i)
    return tok.doc[toks[0].i : toks[-1].i + 1]


# What names speech rather than a proposition: "a confirmation of [the words of the head of
# the White House]" denies what someone said, an anaphor in effect.
SPEECH_REFERENCES = SPEECH_NOUNS | frozenset(["word", "statement", "comment", "remark"])


def _innermost_that(tok: Token) -> Token:
    """The deepest "that"-clause under tok ("quoting officials as saying [that X]"), else tok."""
    found = tok
    for d in tok.subtree:
        if d.dep_ in ("ccomp", "acl", "advcl") and any(
            g.dep_ == "mark" and g.lower_ == "that" for g in d.children
        ):
            found = d
    return found


def _proposition_of(noun: Token) -> Span | None:
    """The clause or phrase a speech noun carries: "claims [that X]", "reports [of X]",
    "the report quoting officials as saying [that X]"."""
    for c in noun.children:
        if c.dep_ in ("acl", "ccomp", "relcl"):
            inner = _innermost_that(c)
            if inner is not c:
                return _subtree_text(inner)
    for c in noun.children:
        if c.dep_ in ("acl", "ccomp", "relcl") and any(
            g.dep_ == "mark" and g.lower_ == "that" for g in c.children
        ):
            return _subtree_text(c)
    for c in noun.children:
        if c.dep_ == "prep" and c.lower_ in ("of", "regarding", "about", "over", "on", "that"):
            objs = [g for g in c.children if g.dep_ in ("pobj", "pcomp")]
            if objs:
                return _subtree_text(objs[0])
    for c in noun.children:
        if c.dep_ in ("acl", "ccomp", "relcl"):
            return _subtree_text(c)
    return None


def denied_proposition(doc: Doc, cue: Iterable[Token] = ()) -> str | None:
    """The proposition a denial names, as words of the statement, or None when it names none
    (an anaphor: "this", "these baseless allegations").

    The statement is the content of a denial ("[the reports of Khashoggi's murder]" reported
    with "denied"), or a statement built on one ("there was no evidence [that he had
    left]")."""
    for tok in doc:
        # "claims" and "reports" are often tagged as verbs at the start of a fragment
        if tok.lemma_.lower() in SPEECH_NOUNS and (tok.pos_ == "NOUN" or tok.i == doc[0].i):
            found = _proposition_of(tok)
            if found is not None and len(found):
                if any(t.lemma_.lower() in SPEECH_REFERENCES for t in found):
                    return None  # "evidence that could confirm the words of X": anaphoric
                if found[0].lower_ == "that" and len(found) > 1:
                    found = found[1:]
                return found.text
    if any(t.lemma_.lower() in DENIAL_LEMMAS for t in cue):
        if any(t.lemma_.lower() in REPORTING_VERBS and t.pos_ == "VERB" for t in doc[:3]):
            return None  # "[said Thursday that ...]": a report, not what is denied
        # the whole content is what is denied ("denied [that he was held]"), unless it is an
        # anaphor or a bare speech noun ("denied [this]", "dismissed [these allegations]")
        content = [t for t in doc if not t.is_punct]
        if not content:
            return None
        if all(
            t.lower_ in ANAPHORS
            or t.is_stop
            or t.pos_ in ("ADJ", "ADV", "DET")
            or t.lemma_.lower() in SPEECH_NOUNS
            for t in content
        ):
            return None
        return doc.text
    return None


def asserts(doc: Doc | Span) -> bool:
    """False for an embedded question ("how they believed the killing was carried out"),
    which a denial cannot answer: it asserts nothing."""
    first = next((t for t in doc if not t.is_punct), None)
    return first is None or first.lower_ not in QUESTION_WORDS


def shared(a: Sequence[str] | frozenset[str], b: Sequence[str] | frozenset[str]) -> int:
    """How many argument keys two statements share."""
    return len(set(a) & set(b))
