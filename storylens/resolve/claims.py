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
from dataclasses import replace
from typing import TYPE_CHECKING

import numpy as np

from storylens.extract.statement_parses import statement_docs
from storylens.model import Actor, Article, ArticleRecords, Claim, Relation, Statement
from storylens.nlp import load_nlp
from storylens.resolve.embeddings import embed_texts
from storylens.resolve.participants import ParticipantIndex
from storylens.resolve.polarity import (
    GENERIC_PREFIX,
    Position,
    compatible,
    denial_in,
    mentioned_axes,
    positions_in,
    predicate_positions_in,
    same_participant,
)
from storylens.resolve.propositions import (
    argument_keys,
    asserts,
    denied_proposition,
    same_story,
    story_keys,
)

if TYPE_CHECKING:
    from spacy.tokens import Doc

__all__ = [
    "AGREE_SIMILARITY",
    "CLAIM_SIMILARITY",
    "CONTRADICT_SIMILARITY",
    "CONTRADICT_THRESHOLD",
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
# Calibrated scores. Every contradiction is kept with its score; `storylens claims
# --contradictions` shows only those at or above CONTRADICT_THRESHOLD (a "possible"
# contradiction below it is kept in the store and the export, for the UI to show as
# possible). The threshold is the lowest score at which precision stays >= 0.8 on the dev
# data (demo dev gold and the Khashoggi story, on extracted and on gold statements); see
# docs/decisions.md for the sweep.
CONTRADICT_THRESHOLD = 0.8
# A claim's text is its most central statement, centrality compared at this many decimals.
MEDOID_DECIMALS = 6
# A denial that names what it denies ("the reports of Khashoggi's murder") contradicts the
# statements, in any article of the story, whose content (or a clause of it) is this close to
# the named proposition and shares an argument with it; at most DENIAL_TARGETS of them.
DENIAL_MATCH = 0.65
# Highest score of a denial that names nothing ("denied this", "a mistake") and answers the
# statement before it: below CONTRADICT_THRESHOLD, so it is only ever "possible".
ANAPHORIC_DENIAL_MAX = 0.79
# Highest score of an opposition one side of which is inferred, not stated ("was killed
# inside" read as "did not leave"): a reading, shown as possible only.
INFERRED_POSITION_MAX = 0.79
# Added to a contradiction's score when both sides' participant is one resolved actor, on the
# axes in ACTOR_AXES (a lexical match of the participant adds 0.1).
ACTOR_BONUS = 0.2
ACTOR_AXES = frozenset(["leave/stay", "dead/alive"])
# A verb on no axis (`polarity.predicate_positions_in`) makes a confident contradiction only
# between near-paraphrases that differ in polarity ("the plane was not hit by a missile" /
# "... was hit by a missile": cosine 0.93; "no missile hit the plane" / "a missile hit the
# Ukrainian plane shortly after take-off": 0.72); below, possible only. Neither dev story has
# such a pair to tune on, so the bar is set by hand high: the one PolNeAR dev pair it flagged
# ("did not require witnesses to cooperate" / "required the recipients to cooperate with
# other entities", cosine 0.51) is a rebuttal on different objects.
GENERIC_CONFIDENT_SIMILARITY = 0.7
DENIAL_TARGETS = 3


def _phrase(pos: Position) -> str:
    return pos.text or (f"not {pos.word}" if pos.negated else pos.word)


def contradiction_between(
    a_pos: Sequence[Position],
    b_pos: Sequence[Position],
    similarity: float,
    shared: int = 1,
) -> tuple[float, str] | None:
    """(score, why) when two statements take opposite sides of one proposition: the same
    axis, mode and participant (see `polarity.compatible`), else None.

    The score is calibrated against the dev data (see CONTRADICT_THRESHOLD): it grows with
    how close the rest of the two statements is, with the arguments they share (`shared`:
    entities and nouns in common), and when both name the participant and it is the same.
    Two statements that share no argument and name no common participant are about the same
    thing only if a pronoun says so: they stay below the threshold."""
    if similarity < CONTRADICT_SIMILARITY:
        return None
    best: tuple[float, str] | None = None
    for pa in a_pos:
        for pb in b_pos:
            if pa.side == pb.side or not compatible(pa, pb):
                continue
            if pa.axis.startswith(GENERIC_PREFIX) and not (
                same_participant(pa, pb) and pa.what == pb.what
            ):
                # a verb on no axis is a proposition only with its arguments: the same
                # subject, and the same object or none on both
                continue
            kind = "negation" if pa.negated != pb.negated else "opposite predicates"
            why = f"{kind} ({pa.axis}): '{_phrase(pa)}' vs '{_phrase(pb)}'"
            named = same_participant(pa, pb)
            # one resolved actor on both sides ("the writer" / "Khashoggi") of an axis
            # whose proposition is about its participant (who left, who died): the actor
            # stage vouches that it is one person, stronger than shared wording. On the
            # other axes the object matters as much ("did not support Mr. Trump" / "Trump
            # has accepted"; PolNeAR dev), and a shared subject is the lexical 0.1.
            one_actor = named and pa.actor is not None and pa.axis in ACTOR_AXES
            score = (
                0.45
                + 0.35 * max(similarity, 0.0)
                + 0.1 * min(shared, 2)
                + (ACTOR_BONUS if one_actor else 0.1 if named else 0.0)
            )
            if (pa.inferred or pb.inferred) and not one_actor:
                score = min(score, INFERRED_POSITION_MAX)
            if pa.axis.startswith(GENERIC_PREFIX) and similarity < GENERIC_CONFIDENT_SIMILARITY:
                score = min(score, INFERRED_POSITION_MAX)
            if best is None or score > best[0]:
                best = (min(0.99, score), why)
    return best


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


def _clusters(
    n: int,
    pairs: dict[tuple[int, int], tuple[float, bool]],
    cannot: set[frozenset[int]] | None = None,
) -> list[list[int]]:
    """Groups of statements joined by similarity >= CLAIM_SIMILARITY, most similar first.

    `cannot` holds pairs the story itself says contradict each other: two groups that
    would bring such a pair together stay apart (a claim never holds both sides; issue 14).
    Joining in descending similarity order (ties by index) keeps the result deterministic.
    """
    parent = list(range(n))
    members: dict[int, list[int]] = {i: [i] for i in range(n)}
    apart: dict[int, set[int]] = {}
    for pair in cannot or ():
        x, y = tuple(pair)
        apart.setdefault(x, set()).add(y)
        apart.setdefault(y, set()).add(x)

    def find(x: int) -> int:
        while parent[x] != x:
            parent[x] = parent[parent[x]]
            x = parent[x]
        return x

    joinable = sorted(
        ((sim, a, b) for (a, b), (sim, _) in pairs.items() if sim >= CLAIM_SIMILARITY),
        key=lambda t: (-t[0], t[1], t[2]),
    )
    for _sim, a, b in joinable:
        ra, rb = find(a), find(b)
        if ra == rb:
            continue
        small, big = sorted((ra, rb), key=lambda r: (len(members[r]), r))
        if apart and any(apart.get(i, set()) & set(members[big]) for i in members[small]):
            continue
        parent[small] = big
        members[big].extend(members.pop(small))
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


def _one_voice(a: Statement, b: Statement) -> bool:
    """One speaker, or one sentence of one unnamed speaker (a statement nested in another,
    "the official denounced these allegations and expressed his doubt that ..."): what it
    says is one position, never a contradiction."""
    if _same_speaker(a, b):
        return True
    if a.article != b.article or a.speaker_actor is not None or b.speaker_actor is not None:
        return False
    same_words = (a.speaker_text or "").lower() == (b.speaker_text or "").lower() != ""
    return same_words and abs(a.start - b.start) < 300


def _in_headline(statement: Statement, article: Article) -> bool:
    """The statement sits in a line that is the article's title (or its repeated copy:
    "Saudi Arabia admits journalist Khashoggi killed in consulate", printed twice). A
    headline restates the lead in fewer words; it joins claims like any statement, but
    its relations are left to the lead's own statement, which says who said it and
    where (on the Khashoggi story the two copies doubled every contradiction of the
    lead)."""
    if not article.title:
        return False
    text = article.text
    line_start = text.rfind("\n", 0, statement.start) + 1
    line_end = text.find("\n", statement.start)
    line = text[line_start : line_end if line_end >= 0 else len(text)]
    return line.strip() == article.title.strip()


def _clauses(doc) -> list[str]:
    """The statement and each "that"-clause in it ("recordings that prove [that the journalist
    was killed inside]"): what a named denial is matched against."""
    out = [doc.text]
    for tok in doc:
        if tok.dep_ in ("ccomp", "relcl", "acl") and tok.i - tok.left_edge.i < 40:
            span = doc[tok.left_edge.i : tok.right_edge.i + 1]
            if len(span) >= 4 and span.text != doc.text:
                out.append(span.text)
    return out


def resolve_claims(
    records: Sequence[ArticleRecords], actors: Sequence[Actor] = ()
) -> tuple[list[Claim], list[Relation]]:
    """Claims clustered across articles, and agree / contradict relations between statements.

    Relations are only looked for between statements of one story: the same article, or
    articles that share named entities (`propositions.same_story`); statements of unrelated
    stories never contradict each other. With the story's `actors`, the participants and
    arguments of statements are compared as actors (`participants.ParticipantIndex`): "he"
    and "the writer" meet "Khashoggi"."""
    statements = [s for r in records for s in r.statements if s.content.strip()]
    if not statements:
        return [], []
    headline = {st.id for r in records for st in r.statements if _in_headline(st, r.article)}
    texts = [s.content for s in statements]
    vectors = embed_texts(texts)
    pairs = candidate_pairs(statements, vectors)

    similar = dict(pairs)  # the claim clustering uses the k-NN pairs only

    story_of = {r.article.id: story_keys(r) for r in records}

    def one_story(a: int, b: int) -> bool:
        x, y = statements[a].article, statements[b].article
        return x == y or same_story(story_of.get(x, frozenset()), story_of.get(y, frozenset()))

    docs, cues = statement_docs(records, statements)
    keys = [argument_keys(d) for d in docs]
    denials = [denial_in(t, d, c) for t, d, c in zip(texts, docs, cues, strict=True)]
    props = _named_propositions(docs, cues, denials)
    positions, predicates, arguments = _sides(
        records, statements, docs, props, denials, keys, actors
    )
    denied = [
        mentioned_axes(d, skip=cue) if cue is not None else set()
        for d, cue in zip(docs, denials, strict=True)
    ]
    # contradictions read every side; agreements and denials the axis positions only
    opposable = [p + q for p, q in zip(positions, predicates, strict=True)]
    for key, sim in frame_pairs(opposable, vectors).items():
        pairs.setdefault(key, (sim, False))
    relations = []
    contradicted: set[int] = set()
    for (a, b), (sim, _adjacent) in sorted(pairs.items()):
        if _one_voice(statements[a], statements[b]) or not one_story(a, b):
            continue
        shared = len(arguments[a] & arguments[b])
        found = None
        if shared or statements[a].article == statements[b].article:
            # across articles, two statements that name nothing in common are not about one
            # proposition ("remains under investigation" / "left the area")
            found = contradiction_between(opposable[a], opposable[b], sim, shared)
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
    named, naming = _named_denials(statements, docs, props, denials, keys, one_story)
    done = {frozenset((r.a, r.b)) for r in relations if r.type == "contradict"}
    for rel in named:
        if frozenset((rel.a, rel.b)) not in done:
            relations.append(rel)
            done.add(frozenset((rel.a, rel.b)))
    # a denial that names what it denies is matched by what it names; when nothing in the
    # story asserts it, it may still answer the statement just before it, if that one shares
    # an argument with what it names (see `_denials`)
    answered = {i for i in naming if statements[i].id in {r.b for r in named}}
    relations.extend(
        _denials(
            statements,
            vectors,
            denials,
            denied,
            positions,
            contradicted | answered,
            {i: naming[i] for i in naming if i not in answered},
            keys,
            docs,
        )
    )
    relations = [r for r in relations if r.a not in headline and r.b not in headline]
    index_of = {st.id: i for i, st in enumerate(statements)}
    cannot = {
        frozenset((index_of[r.a], index_of[r.b]))
        for r in relations
        if r.type == "contradict" and r.a in index_of and r.b in index_of
    }
    claims = []
    for group in _clusters(len(statements), similar, cannot):
        members = sorted(group, key=lambda i: (statements[i].article, statements[i].start))
        sub = vectors[members]
        # rounded: a two-statement claim is a tie that float noise would otherwise break
        # (vectors from a worker and from this process differ in the last bits), so the
        # claim's text would depend on where its statements were embedded
        centrality = np.round((sub @ sub.T).sum(axis=1), MEDOID_DECIMALS)
        medoid = members[int(np.argmax(centrality))]
        ids = tuple(statements[i].id for i in members)
        arts = tuple(dict.fromkeys(statements[i].article for i in members))
        claims.append(Claim(_claim_id(ids), statements[medoid].content, ids, arts))
    claims.sort(key=lambda c: (-len(c.articles), -len(c.statements), c.id))
    return claims, relations


def _sides(
    records: Sequence[ArticleRecords],
    statements: Sequence[Statement],
    docs: Sequence,
    props: dict[int, Doc],
    denials: Sequence[str | None],
    keys: Sequence[frozenset[str]],
    actors: Sequence[Actor],
) -> tuple[list[list[Position]], list[list[Position]], list[frozenset[str]]]:
    """Per statement: its axis positions; the further sides only a contradiction reads
    (verbs on no axis, and what a named denial turns over); and the arguments an
    opposition counts as shared. With the story's actors, participants and arguments are
    resolved in the article (`participants.ParticipantIndex`)."""
    positions = [positions_in(d, nominal=cue is None) for d, cue in zip(docs, denials, strict=True)]
    predicates = [predicate_positions_in(d) for d in docs]
    for i, pos in _denied_positions(docs, props, denials).items():
        predicates[i] = predicates[i] + pos
    if not actors:
        return positions, predicates, list(keys)
    text_of = {r.article.id: r.article.text for r in records}
    index = ParticipantIndex(actors, text_of)
    positions = [
        index.resolve(st, text_of[st.article], pos)
        for st, pos in zip(statements, positions, strict=True)
    ]
    predicates = [
        index.resolve(st, text_of[st.article], pos)
        for st, pos in zip(statements, predicates, strict=True)
    ]
    arguments = [
        index.keys(st, text_of[st.article], k)
        | {f"@{p.actor}" for p in pos if p.actor and p.axis in ACTOR_AXES}
        for st, k, pos in zip(statements, keys, positions, strict=True)
    ]
    return positions, predicates, arguments


def _named_propositions(
    docs: Sequence, cues: Sequence, denials: Sequence[str | None]
) -> dict[int, Doc]:
    """Statement index -> the parsed proposition its denial names ("denied [the reports of
    Khashoggi's murder]"), for denials naming two words or more; parsed once for both
    readers (`_denied_positions`, `_named_denials`)."""
    named: dict[int, str] = {}
    for i, (doc, cue) in enumerate(zip(docs, cues, strict=True)):
        if denials[i] is None:
            continue
        prop = denied_proposition(doc, cue)
        if prop and len(prop.split()) >= 2:
            named[i] = prop
    order = sorted(named)
    return dict(zip(order, load_nlp().pipe(named[i] for i in order), strict=True))


def _denied_positions(
    docs: Sequence, props: dict[int, Doc], denials: Sequence[str | None]
) -> dict[int, list[Position]]:
    """Statement index -> the sides its denial takes: the positions of what it names, turned
    over. "denied [the reports of Khashoggi's murder]" says he was not murdered, as
    surely as "he was not murdered" would: the opposite side of dead/alive about Khashoggi,
    so it meets every statement of the story that asserts the killing on the same footing
    as any opposition (one participant, one axis), not only those worded like it. Each
    position keeps its place in the statement (`who_at`), so the article resolves its
    participant. Anaphoric denials ("denied this") name nothing and take no side."""
    out: dict[int, list[Position]] = {}
    for i, prop_doc in props.items():
        offset = docs[i].text.find(prop_doc.text)
        turned = [
            replace(
                p,
                side=-p.side,
                negated=not p.negated,
                text=f"{denials[i]}: {p.text or p.word}",
                who_at=p.who_at + offset if p.who_at is not None and offset >= 0 else None,
            )
            for p in positions_in(prop_doc, nominal=True)
            # denying "he was killed inside" is no claim that he left: a side inferred from
            # another predicate does not turn over with it
            if not p.inferred
        ]
        if turned:
            out[i] = turned
    return out


def _named_denials(
    statements: Sequence[Statement],
    docs: Sequence,
    props: dict[int, Doc],
    denials: Sequence[str | None],
    keys: Sequence[frozenset[str]],
    one_story,
) -> tuple[list[Relation], dict[int, frozenset[str]]]:
    """A denial that names what it denies ("denied the reports of Khashoggi's murder",
    "there was no evidence that he had left") contradicts the statements of other speakers,
    in any article of the story, that assert *that*: their content or one of its clauses is
    at least DENIAL_MATCH close to the named proposition and they share an argument with it.
    Statements that are themselves denials or negated agree with the denial rather than
    contradict it, and are skipped. Relations are (target, denial); and the indices of the
    denials that name a proposition (matched or not), with the argument keys of what they
    name."""
    order = [i for i in sorted(props) if keys[i]]
    if not order:
        return [], {}
    named = {i: props[i].text for i in order}
    prop_docs = [props[i] for i in order]
    prop_keys = [argument_keys(d) for d in prop_docs]
    entities = {t.lemma_.lower() for d in prop_docs for t in d if t.pos_ == "PROPN" or t.ent_type_}
    # only statements sharing an argument with some named proposition are embedded clause by
    # clause (the cost of this step stays with the few statements that could match)
    wanted = frozenset().union(*prop_keys)
    targets = [
        j
        for j in range(len(statements))
        if denials[j] is None
        and keys[j] & wanted
        and asserts(docs[j])
        and not any(t.dep_ == "neg" for t in docs[j])
    ]
    if not targets:
        return [], {i: prop_keys[k] - entities for k, i in enumerate(order)}
    clause_texts: list[str] = []
    owner: list[int] = []
    for j in targets:
        for text in _clauses(docs[j]):
            clause_texts.append(text)
            owner.append(j)
    clause_vecs = embed_texts(clause_texts)
    # nouns and verbs of each statement: "the reports of [murder]" names what "was
    # [murdered]" asserts
    predicates = {
        j: frozenset(t.lemma_.lower() for t in docs[j] if t.pos_ in ("NOUN", "VERB"))
        for j in targets
    }
    prop_vecs = embed_texts([named[i] for i in order])
    out = []
    for i, pv, pk in zip(order, prop_vecs, prop_keys, strict=True):
        sims = clause_vecs @ pv
        best: dict[int, float] = {}
        for sim, j in zip(sims.tolist(), owner, strict=True):
            if j == i or sim < DENIAL_MATCH:
                continue
            if _one_voice(statements[i], statements[j]) or not one_story(i, j):
                continue
            if not (pk & keys[j]):
                continue
            best[j] = max(best.get(j, -1.0), sim)
        ranked = sorted(best.items(), key=lambda kv: (-kv[1], kv[0]))[:DENIAL_TARGETS]
        for j, sim in ranked:
            common = pk & (keys[j] | predicates[j])
            # an entity in common says "same participant"; a noun in common ("murder"),
            # "same predicate": a named denial needs both to be sure
            score = min(
                0.99,
                0.2 + 0.6 * sim + 0.1 * bool(common & entities) + 0.1 * bool(common - entities),
            )
            why = f"denial of '{_short(named[i])}': '{denials[i]}' answers '{_short(statements[j].content)}'"
            out.append(
                Relation(statements[j].id, statements[i].id, "contradict", round(score, 3), why)
            )
    return out, {i: prop_keys[k] - entities for k, i in enumerate(order)}


def _denials(
    statements: Sequence[Statement],
    vectors: np.ndarray,
    denials: Sequence[str | None],
    denied: Sequence[set[tuple[str, int]]],
    positions: Sequence[Sequence[Position]],
    contradicted: set[int],
    unmatched: dict[int, frozenset[str]] | None = None,
    keys: Sequence[frozenset[str]] = (),
    docs: Sequence = (),
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
            and not _one_voice(statements[i], statements[j])
            and denials[j] is None  # a denial answering a denial agrees with it
            and (not docs or asserts(docs[j]))
        ]
        best, best_score, best_frame = None, -1.0, None
        if unmatched and i in unmatched:
            # a denial naming what it denies answers only a statement that asserts what it
            # names: one sharing a noun with it ("murder"; a shared name is not enough), or
            # taking a side on an axis it names
            window = [
                j
                for j in window
                if unmatched[i] & keys[j]
                or any((p.axis, p.side) in denied[i] and not p.negated for p in positions[j])
            ]
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
            score = min(1.0, 0.5 + max(best_score, 0.0) / 2)
            if best_frame is None:
                # a denial word alone never makes a contradiction: answering the statement
                # before it is a guess (PolNeAR dev: 1 in 4 right at 0.8 and above), shown as
                # possible; naming what it denies ("the revival ... unsound") makes it sure
                score = min(score, ANAPHORIC_DENIAL_MAX)
            score = round(score, 3)
            out.append(Relation(statements[best].id, statements[i].id, "contradict", score, why))
    return out
