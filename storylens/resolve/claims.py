"""Claims (statements that assert the same thing, across outlets) and the relations between
statements: agree and contradict, each with a score and the reason in words.

The steps, each growing about linearly with the number of statements:

  1. embed every statement's content (all-MiniLM-L6-v2, each distinct text once);
  2. k nearest neighbours of every statement (usearch, cosine): the only pairs ever compared,
     together with the next statement or two in the same article (a reply or a denial
     follows what it answers: "Trump stated ...; Esper said he saw no concrete evidence");
  3. claims: statements joined when their cosine reaches CLAIM_SIMILARITY (union-find over the
     k-NN edges); every statement belongs to exactly one claim;
  4. frame candidates: an inverted index from (opposition axis, side) to the statements
     asserting it, each statement meeting its nearest statements of the opposite side
     (`frame_pairs`): contradictions are topically related but rarely paraphrases;
  5. relations: for every candidate pair, each statement's *positions* (storylens.resolve.
     polarity: axis, side after negation, mode fact / will / must, participant, object).
     Opposite sides of one compatible proposition, between different speakers, are a
     contradiction; the same side with close wording is an agreement. A denial ("denied",
     "a mistake", "no concrete evidence", "unsound") contradicts the earlier statement of its
     article it answers: the one asserting what it names, else the nearest, else the most
     similar.
"""

from __future__ import annotations

import hashlib
from collections.abc import Sequence

import numpy as np

from storylens.model import ArticleRecords, Claim, Relation, Statement
from storylens.nlp import load_nlp
from storylens.resolve.embeddings import embed_texts
from storylens.resolve.polarity import (
    Position,
    compatible,
    denial_in,
    mentioned_axes,
    positions_in,
)

__all__ = [
    "AGREE_SIMILARITY",
    "CLAIM_SIMILARITY",
    "CONTRADICT_SIMILARITY",
    "NEIGHBOURS",
    "Position",
    "candidate_pairs",
    "contradiction_between",
    "frame_pairs",
    "positions_in",
    "resolve_claims",
]

NEIGHBOURS = 15  # k of the k-NN search; swept 8-20 on the dev gold: below 12 misses
# cross-outlet contradictions whose wording differs (cosine 0.4-0.5 among many withdrawal quotes)
# Cosine at which two statements state the same claim. Tuned on the dev gold (oracle
# statements), swept 0.55-0.80: paraphrases across outlets sit at 0.65-0.85, statements
# that merely share the topic (US troops in Iraq) at 0.35-0.60.
CLAIM_SIMILARITY = 0.68
# Cosine below which two statements with opposite, compatible positions are still not about
# the same thing. Compatibility (axis, mode, participant) does most of the work, so this is
# low: dev-gold contradictions sit at 0.05-0.66 ("could lead to the resumption of the IG" vs
# "this organization is defeated": 0.08). Swept -0.1-0.30 on the dev gold (oracle statements).
CONTRADICT_SIMILARITY = 0.0
# Opposite-side statements of one axis each statement is checked against (k-NN inside the
# axis, so the cost stays linear); 5-20 gave the same dev-gold pairs.
FRAME_NEIGHBOURS = 10
# A denial answers one earlier statement of its article, among the last DENIAL_WINDOW
# statements of other speakers: the one asserting what the denial names (DENIAL_FRAME_BONUS:
# "the potential revival of IS ... unsound" answers "could lead to the resumption of the
# IG"), else the nearest (DENIAL_ADJACENT_BONUS: an anaphoric "this" points there), else the
# most similar. Swept on the dev gold: window 4-8, adjacency bonus 0.15-0.5 (below 0.25 the
# cosine of a topical neighbour wins over the statement just answered), frame bonus 0.5-1.0.
DENIAL_WINDOW = 6
DENIAL_ADJACENT_BONUS = 0.35
DENIAL_FRAME_BONUS = 1.0
# Same side on one axis and at least this close: an agreement (swept 0.50-0.75).
AGREE_SIMILARITY = 0.60
ADJACENT_WINDOW = 1  # next statements in the same article paired with each statement


def _phrase(pos: Position) -> str:
    return pos.text or (f"not {pos.word}" if pos.negated else pos.word)


def contradiction_between(
    a_pos: Sequence[Position],
    b_pos: Sequence[Position],
    similarity: float,
) -> tuple[float, str] | None:
    """(score, why) when two statements take opposite sides of one proposition: the same
    axis, mode and participant (see `polarity.compatible`), else None. The score grows with
    how close the rest of the two statements is."""
    if similarity < CONTRADICT_SIMILARITY:
        return None
    for pa in a_pos:
        for pb in b_pos:
            if pa.side != pb.side and compatible(pa, pb):
                kind = "negation" if pa.negated != pb.negated else "opposite predicates"
                why = f"{kind} ({pa.axis}): '{_phrase(pa)}' vs '{_phrase(pb)}'"
                return min(1.0, 0.5 + max(similarity, 0.0) / 2), why
    return None


def _short(text: str, words: int = 8) -> str:
    parts = text.split()
    return " ".join(parts[:words]) + (" ..." if len(parts) > words else "")


def _agreement(a_pos, b_pos, similarity: float) -> tuple[float, str] | None:
    if similarity < AGREE_SIMILARITY:
        return None
    for pa in a_pos:
        for pb in b_pos:
            if pa.side == pb.side and compatible(pa, pb):
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
    # One thread builds the graph: a multi-threaded HNSW build links nodes in a different
    # order each run, so the approximate neighbours (and the claims) would vary (issue 18).
    index.add(np.arange(n, dtype=np.uint64), vectors, threads=1)
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


def frame_pairs(
    positions: Sequence[Sequence[Position]], vectors: np.ndarray
) -> dict[tuple[int, int], float]:
    """(i, j) with i < j -> cosine, for statements taking opposite sides of one axis.

    Contradictions are topically related but rarely paraphrases ("his forces would
    reposition outside Iraq" vs "American forces will not leave": cosine 0.39), so the
    whole-statement k-NN misses them. An inverted index from (axis, side) to statements
    blocks them by the predicate frame they assert; inside a block each statement meets
    its FRAME_NEIGHBOURS nearest statements of the opposite side (brute force while the
    block is small, usearch beyond), so the cost stays linear in the number of statements.
    """
    from usearch.index import Index

    blocks: dict[tuple[str, int], list[int]] = {}
    for i, pos in enumerate(positions):
        for key in {(p.axis, p.side) for p in pos}:
            blocks.setdefault(key, []).append(i)
    pairs: dict[tuple[int, int], float] = {}
    for (axis, side), members in blocks.items():
        if side != 1:
            continue
        others = blocks.get((axis, -1), [])
        if not others:
            continue
        for query, base in ((members, others), (others, members)):
            if len(base) <= FRAME_NEIGHBOURS:
                near = [list(base)] * len(query)
            else:
                index = Index(ndim=vectors.shape[1], metric="cos", dtype="f32")
                index.add(np.asarray(base, dtype=np.uint64), vectors[base], threads=1)
                found = index.search(vectors[query], FRAME_NEIGHBOURS)
                near = [
                    [int(k) for k in row] for row in np.asarray(found.keys).reshape(len(query), -1)
                ]
            for i, row in zip(query, near, strict=True):
                for j in row:
                    if j != i:
                        a, b = min(i, j), max(i, j)
                        pairs[(a, b)] = float(vectors[a] @ vectors[b])
    return pairs


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

    nlp = load_nlp()
    docs = list(nlp.pipe(texts))
    cues = list(nlp.pipe(s.cue or "" for s in statements))
    positions = [positions_in(d) for d in docs]
    denials = [denial_in(t, d, c) for t, d, c in zip(texts, docs, cues, strict=True)]
    denied = [
        mentioned_axes(d, skip=cue) if cue is not None else set()
        for d, cue in zip(docs, denials, strict=True)
    ]
    for key, sim in frame_pairs(positions, vectors).items():
        pairs.setdefault(key, (sim, False))
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
    relations.extend(_denials(statements, vectors, denials, denied, positions, contradicted))
    return claims, relations


def _denials(
    statements: Sequence[Statement],
    vectors: np.ndarray,
    denials: Sequence[str | None],
    denied: Sequence[set[tuple[str, int]]],
    positions: Sequence[Sequence[Position]],
    contradicted: set[int],
) -> list[Relation]:
    """A denial ("denied this", "it was a mistake", "no concrete evidence") contradicts the
    earlier statement of its article that it answers, among the last few statements of
    other speakers: one that asserts what the denial names ("the potential revival of IS
    ... unsound" answers "could lead to the resumption of the IG"), else the nearest one (an
    anaphoric "this" points there), else the most similar. Statements already in an axis
    contradiction are left alone: that reading is more specific."""
    order = sorted(
        range(len(statements)), key=lambda i: (statements[i].article, statements[i].start)
    )
    out = []
    for pos, i in enumerate(order):
        if denials[i] is None or i in contradicted:
            continue
        window = [
            j
            for j in reversed(order[max(0, pos - DENIAL_WINDOW) : pos])
            if statements[j].article == statements[i].article
            and not _same_speaker(statements[i], statements[j])
        ]
        best, best_score, best_frame = None, -1.0, None
        for rank, j in enumerate(window):
            score = float(vectors[i] @ vectors[j])
            if rank == 0:
                score += DENIAL_ADJACENT_BONUS
            frame = next(
                (p for p in positions[j] if (p.axis, p.side) in denied[i] and not p.negated),
                None,
            )
            if frame is not None:
                score += DENIAL_FRAME_BONUS
            if score > best_score:
                best, best_score, best_frame = j, score, frame
        if best is not None:
            target = (
                f"'{best_frame.text}'" if best_frame else f"'{_short(statements[best].content)}'"
            )
            why = f"denial: '{denials[i]}' answers {target}"
            score = round(min(1.0, 0.5 + max(best_score, 0.0) / 2), 3)
            out.append(Relation(statements[best].id, statements[i].id, "contradict", score, why))
    return out
