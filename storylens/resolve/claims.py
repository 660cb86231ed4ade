"""Claims (statements that assert the same thing, across outlets) and the relations between
statements: agree and contradict, each with a score and the reason in words.

The steps, each growing about linearly with the number of statements:

  1. embed every statement's content (all-MiniLM-L6-v2, each distinct text once);
  2. k nearest neighbours of every statement (usearch, cosine): the only pairs ever compared,
     together with the next statement or two in the same article (a reply or a denial
     follows what it answers: "Trump stated ...; Esper said he saw no concrete evidence");
  3. claims: statements joined when their cosine reaches CLAIM_SIMILARITY (union-find over the
     k-NN edges); every statement belongs to exactly one claim;
  4. relations: for every candidate pair, read each statement's *positions*: on which side of
     an opposition (leave/stay, support/oppose, defeat/revive, confirm/deny) its predicates
     fall once negation ("will not leave", "no one ... would like") and non-commitment
     ("does not plan to") are applied; hypothetical clauses ("if", "in the event of") take
     no side. Opposite sides on the same axis, or a denial cue ("denied", "a mistake",
     "no concrete evidence", "unsound") answering a statement, are a contradiction; the same
     side on the same axis with close wording is an agreement.
"""

from __future__ import annotations

import hashlib
from collections.abc import Sequence
from dataclasses import dataclass
from typing import TYPE_CHECKING

import numpy as np

from storylens.model import ArticleRecords, Claim, Relation, Statement
from storylens.nlp import load_nlp
from storylens.resolve.embeddings import embed_texts

if TYPE_CHECKING:
    from spacy.tokens import Doc, Token

__all__ = [
    "AGREE_SIMILARITY",
    "CLAIM_SIMILARITY",
    "CONTRADICT_SIMILARITY",
    "NEIGHBOURS",
    "Position",
    "candidate_pairs",
    "contradiction_between",
    "positions_in",
    "resolve_claims",
]

NEIGHBOURS = 15  # k of the k-NN search; swept 8-20 on the dev gold: below 12 misses
# cross-outlet contradictions whose wording differs (cosine 0.4-0.5 among many withdrawal quotes)
# Cosine at which two statements state the same claim. Tuned on the dev gold (oracle
# statements), swept 0.55-0.80: paraphrases across outlets sit at 0.65-0.85, statements
# that merely share the topic (US troops in Iraq) at 0.35-0.60.
CLAIM_SIMILARITY = 0.68
# Cosine below which two statements are not about the same thing, so opposite sides cannot
# contradict. Swept 0.20-0.50 on the dev gold: contradiction pairs are topically related but
# not paraphrases (0.25-0.55).
CONTRADICT_SIMILARITY = 0.25
# A denial answers one earlier statement of its article: the most similar one among the last
# DENIAL_WINDOW statements, the one just before it counting DENIAL_ADJACENT_BONUS more.
DENIAL_WINDOW = 6
DENIAL_ADJACENT_BONUS = 0.15
# Same side on one axis and at least this close: an agreement (swept 0.50-0.75).
AGREE_SIMILARITY = 0.60
ADJACENT_WINDOW = 1  # next statements in the same article paired with each statement

# Oppositions: lemma -> (axis, side). A predicate's side flips when it is negated.
AXES: dict[str, tuple[str, int]] = {}
for _axis, _plus, _minus in (
    (
        "leave/stay",
        "withdraw withdrawal leave depart departure reposition exit evacuate pullout expel expulsion remove",
        "stay remain keep maintain presence station",
    ),
    (
        "support/oppose",
        "support implement fulfill fulfil approve accept ready welcome like endorse",
        "oppose reject refuse resist prevent block veto condemn",
    ),
    (
        "defeat/revive",
        "defeat defeated destroy eliminate crush",
        "revive resume resumption resurgence return reactivate regroup",
    ),
    ("confirm/deny", "confirm prove evidence true", "deny false unfounded"),
):
    for _lemma in _plus.split():
        AXES[_lemma] = (_axis, 1)
    for _lemma in _minus.split():
        AXES[_lemma] = (_axis, -1)

NEGATORS = frozenset(
    ["not", "no", "never", "n't", "nobody", "none", "nothing", "neither", "nor", "without"]
)
# Verbs that, when negated, negate what they govern: "does not plan to leave" = will not leave.
COMMITMENT_VERBS = frozenset(
    ["plan", "intend", "want", "wish", "seek", "aim", "expect", "mean", "decide"]
)
# Words that make a clause hypothetical: it takes no side ("if X passes a resolution ...").
HYPOTHETICAL = frozenset(["if", "unless", "whether", "event", "case"])
# Dependency links that keep a predicate asserted on the way up to the root.
ASSERTED_LINKS = frozenset(["xcomp", "ccomp", "conj", "acomp", "advcl", "attr"])
# Denial cues: a statement built on one of these answers and denies a nearby statement.
DENIAL_LEMMAS = frozenset(
    [
        "deny",
        "disown",
        "refute",
        "retract",
        "dismiss",
        "debunk",
        "reject",
        "mistake",
        "unsound",
        "baseless",
        "false",
        "untrue",
        "illegal",
        "groundless",
    ]
)
DENIAL_PHRASES = ("not happening", "no evidence", "concrete evidence", "cannot serve", "not true")


@dataclass(frozen=True, slots=True)
class Position:
    """A side a statement takes: `word` (the predicate) on `axis`, `side` +1 or -1."""

    axis: str
    side: int
    word: str
    negated: bool


def _negated(tok: Token) -> bool:
    """True when tok, or a commitment verb governing it, is negated ("does not plan to leave")."""
    node, hops = tok, 0
    while True:
        if any(c.dep_ == "neg" or c.lower_ in NEGATORS for c in node.children):
            return True
        # "no one ... would like": a negative subject negates its verb.
        for c in node.children:
            if c.dep_ in ("nsubj", "nsubjpass") and (
                c.lower_ in NEGATORS or any(d.lower_ in NEGATORS for d in c.children)
            ):
                return True
        if hops >= 3 or node.head.i == node.i:
            return False
        if node.dep_ in ("xcomp", "acomp", "dobj", "pobj", "prep", "compound", "amod", "acl"):
            node, hops = node.head, hops + 1
            if node.pos_ in ("VERB", "AUX", "ADJ") and node.lemma_ not in COMMITMENT_VERBS:
                # negation of an ordinary governing verb still covers its object ("not see
                # evidence"), but stop climbing past it.
                return any(c.dep_ == "neg" or c.lower_ in NEGATORS for c in node.children)
            continue
        return False


def _hypothetical(tok: Token) -> bool:
    """True when tok sits in a conditional clause ("if ...", "in the event of ...")."""
    for anc in [tok, *tok.ancestors]:
        if any(c.dep_ == "mark" and c.lower_ in ("if", "unless") for c in anc.children):
            return True
        # the consequence of a condition is hypothetical too: "if X, the troops will withdraw"
        for c in anc.children:
            if c.dep_ == "advcl" and any(
                m.dep_ == "mark" and m.lower_ in ("if", "unless") for m in c.children
            ):
                return True
        if anc.lower_ in ("event", "case") and anc.head.lower_ == "in":
            return True
    return False


def _asserted(tok: Token) -> bool:
    """True when tok is a predicate the statement asserts: a verb or adjective reached from
    the root through complement and coordination links only ("does not plan to leave",
    "the bottom line is that forces will not leave"), not one inside a noun phrase or a
    relative clause ("the decision to withdraw", "the withdrawal of troops")."""
    if tok.pos_ not in ("VERB", "ADJ"):
        return False
    node = tok
    while node.head.i != node.i:
        if node.dep_ not in ASSERTED_LINKS:
            return False
        node = node.head
    return True


def positions_in(doc: Doc | Sequence[Token]) -> list[Position]:
    """The sides a parsed statement takes on each opposition axis (asserted predicates only)."""
    out = []
    for tok in doc:
        entry = AXES.get(tok.lemma_.lower()) or AXES.get(tok.lower_)
        if entry is None or not _asserted(tok) or _hypothetical(tok):
            continue
        neg = _negated(tok)
        axis, side = entry
        out.append(Position(axis, -side if neg else side, tok.text, neg))
    return out


def denial_in(text: str, doc: Doc | Sequence[Token]) -> str | None:
    """The denial cue a statement is built on, or None."""
    low = text.lower()
    for phrase in DENIAL_PHRASES:
        if phrase in low:
            return phrase
    for tok in doc:
        if tok.lemma_.lower() in DENIAL_LEMMAS:
            return tok.text
    return None


def _phrase(pos: Position) -> str:
    return f"not {pos.word}" if pos.negated else pos.word


def contradiction_between(
    a_pos: Sequence[Position],
    b_pos: Sequence[Position],
    similarity: float,
) -> tuple[float, str] | None:
    """(score, why) when two statements take opposite sides of one axis, else None."""
    for pa in a_pos:
        for pb in b_pos:
            if pa.axis == pb.axis and pa.side != pb.side and similarity >= CONTRADICT_SIMILARITY:
                kind = "negation" if pa.negated != pb.negated else "opposite predicates"
                why = f"{kind} ({pa.axis}): '{_phrase(pa)}' vs '{_phrase(pb)}'"
                return min(1.0, 0.5 + similarity), why
    return None


def _short(text: str, words: int = 8) -> str:
    parts = text.split()
    return " ".join(parts[:words]) + (" ..." if len(parts) > words else "")


def _agreement(a_pos, b_pos, similarity: float) -> tuple[float, str] | None:
    if similarity < AGREE_SIMILARITY:
        return None
    for pa in a_pos:
        for pb in b_pos:
            if pa.axis == pb.axis and pa.side == pb.side:
                return similarity, f"same side ({pa.axis}): '{_phrase(pa)}' and '{_phrase(pb)}'"
    if similarity >= CLAIM_SIMILARITY and not a_pos and not b_pos:
        return similarity, f"same claim in other words (similarity {similarity:.2f})"
    return None


def candidate_pairs(
    statements: Sequence[Statement], vectors: np.ndarray
) -> dict[tuple[int, int], tuple[float, bool]]:
    """(i, j) with i < j -> (cosine, adjacent in article): k-NN pairs and article neighbours."""
    from usearch.index import Index

    n = len(statements)
    pairs: dict[tuple[int, int], tuple[float, bool]] = {}
    if n < 2:
        return pairs
    index = Index(ndim=vectors.shape[1], metric="cos", dtype="f32")
    index.add(np.arange(n, dtype=np.uint64), vectors)
    k = min(NEIGHBOURS + 1, n)
    found = index.search(vectors, k)
    keys = np.asarray(found.keys).reshape(n, -1)
    for i in range(n):
        for j in keys[i]:
            j = int(j)
            if j != i and 0 <= j < n:
                a, b = min(i, j), max(i, j)
                pairs[(a, b)] = (float(vectors[a] @ vectors[b]), False)
    order = sorted(range(n), key=lambda i: (statements[i].article, statements[i].start))
    for pos, i in enumerate(order):
        for j in order[pos + 1 : pos + 1 + ADJACENT_WINDOW]:
            if statements[j].article == statements[i].article:
                a, b = min(i, j), max(i, j)
                pairs[(a, b)] = (float(vectors[a] @ vectors[b]), True)
    return pairs


def _same_speaker(a: Statement, b: Statement) -> bool:
    """One speaker twice: what they say is read as one position, never a contradiction."""
    return a.speaker_actor is not None and a.speaker_actor == b.speaker_actor


def _claim_id(statement_ids: Sequence[str]) -> str:
    digest = hashlib.sha256("\n".join(sorted(statement_ids)).encode("utf-8")).hexdigest()
    return "c" + digest[:12]


def _clusters(n: int, pairs: dict[tuple[int, int], tuple[float, bool]]) -> list[list[int]]:
    parent = list(range(n))

    def find(x: int) -> int:
        while parent[x] != x:
            parent[x] = parent[parent[x]]
            x = parent[x]
        return x

    for (a, b), (sim, _) in pairs.items():
        if sim >= CLAIM_SIMILARITY:
            parent[find(a)] = find(b)
    groups: dict[int, list[int]] = {}
    for i in range(n):
        groups.setdefault(find(i), []).append(i)
    return list(groups.values())


def resolve_claims(records: Sequence[ArticleRecords]) -> tuple[list[Claim], list[Relation]]:
    """Claims clustered across articles, and agree / contradict relations between statements."""
    statements = [s for r in records for s in r.statements if s.content.strip()]
    if not statements:
        return [], []
    texts = [s.content for s in statements]
    vectors = embed_texts(texts)
    pairs = candidate_pairs(statements, vectors)

    claims = []
    for group in _clusters(len(statements), pairs):
        members = sorted(group, key=lambda i: (statements[i].article, statements[i].start))
        sub = vectors[members]
        medoid = members[int(np.argmax((sub @ sub.T).sum(axis=1)))]
        ids = tuple(statements[i].id for i in members)
        arts = tuple(dict.fromkeys(statements[i].article for i in members))
        claims.append(Claim(_claim_id(ids), statements[medoid].content, ids, arts))
    claims.sort(key=lambda c: (-len(c.articles), -len(c.statements), c.id))

    docs = list(load_nlp().pipe(texts))
    positions = [positions_in(d) for d in docs]
    denials = [denial_in(t, d) for t, d in zip(texts, docs, strict=True)]
    relations = []
    contradicted: set[int] = set()
    for (a, b), (sim, _adjacent) in sorted(pairs.items()):
        found = None
        if not _same_speaker(statements[a], statements[b]):
            found = contradiction_between(positions[a], positions[b], sim)
        if found is not None:
            score, why = found
            relations.append(
                Relation(statements[a].id, statements[b].id, "contradict", round(score, 3), why)
            )
            contradicted |= {a, b}
            continue
        agreed = _agreement(positions[a], positions[b], sim)
        if agreed is not None:
            score, why = agreed
            relations.append(
                Relation(statements[a].id, statements[b].id, "agree", round(score, 3), why)
            )
    relations.extend(_denials(statements, vectors, denials, contradicted))
    return claims, relations


def _denials(
    statements: Sequence[Statement],
    vectors: np.ndarray,
    denials: Sequence[str | None],
    contradicted: set[int],
) -> list[Relation]:
    """A denial ("denied this", "it was a mistake", "no concrete evidence") contradicts the
    earlier statement of its article that it answers: the most similar of the last few, the
    one just before it favoured (an anaphoric "this" points there). Statements already in an
    axis contradiction are left alone: that reading is more specific."""
    order = sorted(
        range(len(statements)), key=lambda i: (statements[i].article, statements[i].start)
    )
    out = []
    for pos, i in enumerate(order):
        if denials[i] is None or i in contradicted:
            continue
        best, best_score = None, -1.0
        for back, j in enumerate(reversed(order[max(0, pos - DENIAL_WINDOW) : pos])):
            if statements[j].article != statements[i].article or _same_speaker(
                statements[i], statements[j]
            ):
                continue
            score = float(vectors[i] @ vectors[j]) + (DENIAL_ADJACENT_BONUS if back == 0 else 0.0)
            if score > best_score:
                best, best_score = j, score
        if best is not None:
            why = f"denial: '{denials[i]}' answers '{_short(statements[best].content)}'"
            score = round(min(1.0, 0.5 + max(best_score, 0.0)), 3)
            out.append(Relation(statements[best].id, statements[i].id, "contradict", score, why))
    return out
