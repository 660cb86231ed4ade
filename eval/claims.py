"""Contradiction recall and precision on the dev gold.

Rows:
  storylens / contradict                      confident contradictions (score at or above
                                              CONTRADICT_THRESHOLD: what `storylens claims
                                              --contradictions` shows) from the full
                                              pipeline's statements
  storylens / contradict+possible             every contradiction, the possible ones too
  storylens / contradict-implied              the confident ones again, a prediction also right
                                              when the gold implies it through its agreements
                                              (`_implied`); recall as in contradict
  storylens / agree                           agreements (where the gold has them)
  storylens-oracle-statements / contradict    resolve_claims over the GOLD statements, so
                                              relation quality is measured apart from
                                              statement detection
  negation-only[-oracle-statements]           baseline over the same k-NN candidate pairs:
                                              contradict when exactly one statement has a
                                              negation
A predicted relation (a, b) matches a gold pair when its statements match the gold statements
(span overlap >= half the shorter and a quarter of the longer span), in either order.

    .venv/bin/python -m eval.claims
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Sequence
from dataclasses import replace

from eval.common import Score, doc_name, load_gold, prf
from storylens.model import Article, ArticleRecords, Relation, Statement, Story
from storylens.resolve.claims import candidate_pairs, resolve_claims
from storylens.resolve.embeddings import embed_texts

__all__ = ["diagnose", "evaluate", "gold_records", "negation_only"]

TASK, METRIC = "claims", "contradict"
_NEGATION = re.compile(r"\b(not|no|never|n't|cannot|nobody|nothing|none)\b|n't\b", re.I)


def _span_match(s1: int, e1: int, s2: int, e2: int) -> bool:
    overlap = min(e1, e2) - max(s1, s2)
    if overlap <= 0:
        return False
    shorter, longer = sorted((e1 - s1, e2 - s2))
    return overlap >= shorter / 2 and overlap >= longer / 4


def gold_records(story: Story, gold: dict) -> list[ArticleRecords]:
    """The story's articles with the gold statements in place of the extracted ones."""
    by_doc = {doc_name(a.path): a for a in story.articles}
    out = []
    for name, article in by_doc.items():
        statements = tuple(
            Statement(
                id=g["id"],
                article=article.id,
                start=g["start"],
                end=g["end"],
                content=article.text[g["start"] : g["end"]],
                kind="indirect" if g["kind"] != "direct" else "direct",
                cue=g["cue"],
                speaker_text=g["speaker_text"],
                speaker_actor=g["speaker"],
            )
            for g in gold["statements"]
            if g["doc"] == name
        )
        out.append(ArticleRecords(article=article, statements=statements))
    return out


def negation_only(records: Sequence[ArticleRecords]) -> list[Relation]:
    """Baseline: contradict whenever exactly one of two k-NN statements has a negation."""
    statements = [s for r in records for s in r.statements]
    if len(statements) < 2:
        return []
    vectors = embed_texts([s.content for s in statements])
    out = []
    for (a, b), (sim, _) in sorted(candidate_pairs(statements, vectors).items()):
        na = bool(_NEGATION.search(statements[a].content))
        nb = bool(_NEGATION.search(statements[b].content))
        if na != nb:
            out.append(Relation(statements[a].id, statements[b].id, "contradict", sim, "negation"))
    return out


def _gold_ids_of(statement: Statement, docs: dict[str, str], gold: dict) -> set[str]:
    name = docs.get(statement.article)
    return {
        g["id"]
        for g in gold["statements"]
        if g["doc"] == name and _span_match(statement.start, statement.end, g["start"], g["end"])
    }


def _implied(gold_pairs: set[frozenset[str]], gold: dict) -> set[frozenset[str]]:
    """The gold contradictions closed over the gold agreements: when a agrees with a' and b
    with b' (the lead and the body repeating one claim, two outlets carrying it) and a
    contradicts b, then a' contradicts b'. The Khashoggi gold lists s0_6-s0_7 ("left" /
    "still inside", in the body) and s0_1-s0_2 (the same in the lead) but not s0_2-s0_6;
    a system that finds it is not wrong."""
    parent: dict[str, str] = {}

    def find(x: str) -> str:
        parent.setdefault(x, x)
        while parent[x] != x:
            x = parent[x]
        return x

    for p in gold.get("agreements", []):
        parent[find(p["a"])] = find(p["b"])
    members: dict[str, set[str]] = {}
    for x in {i for pair in gold_pairs for i in pair} | set(parent):
        members.setdefault(find(x), set()).add(x)
    out = set(gold_pairs)
    for pair in gold_pairs:
        a, b = tuple(pair)
        out |= {
            frozenset((x, y))
            for x in members[find(a)]
            for y in members[find(b)]
            if x != y and find(x) != find(y)
        }
    return out


def _score(
    system: str,
    relations: Iterable[Relation],
    statements: Sequence[Statement],
    articles: Sequence[Article],
    gold: dict,
    kind: str = "contradict",
    implied: bool = False,
) -> Score:
    """P and R of the predicted relations of `kind`. With `implied`, a predicted
    contradiction is also right when the gold implies it through its agreements (see
    `_implied`); recall still counts the listed pairs found."""
    docs = {a.id: doc_name(a.path) for a in articles}
    by_id = {s.id: s for s in statements}
    gold_pairs = {
        frozenset((p["a"], p["b"]))
        for p in gold["contradictions" if kind == "contradict" else "agreements"]
    }
    right_pairs = _implied(gold_pairs, gold) if implied else gold_pairs
    predicted = [r for r in relations if r.type == kind]
    hit_gold: set[frozenset[str]] = set()
    tp_pred = 0
    for rel in predicted:
        ga = _gold_ids_of(by_id[rel.a], docs, gold)
        gb = _gold_ids_of(by_id[rel.b], docs, gold)
        pairs = {frozenset((x, y)) for x in ga for y in gb if x != y}
        if pairs & right_pairs:
            tp_pred += 1
            hit_gold |= pairs & gold_pairs
    p, r, f = prf(tp_pred, len(predicted), len(hit_gold), len(gold_pairs))
    return Score(TASK, system, kind, p, r, f, support=len(gold_pairs))


def evaluate(story: Story, gold: dict) -> list[Score]:
    """storylens and negation-only rows, on extracted and on gold (oracle) statements."""
    rows = []
    oracle = gold_records(story, gold)
    oracle_statements = [s for r in oracle for s in r.statements]
    _, oracle_relations = resolve_claims(oracle, story.actors)
    relations = story.relations
    if not relations and story.statements():
        _, relations = resolve_claims(story.records, story.actors)
    for system, rels, sts in (
        ("storylens", relations, story.statements()),
        ("storylens-oracle-statements", oracle_relations, oracle_statements),
    ):
        confident = [r for r in rels if not r.possible]
        rows.append(_score(system, confident, sts, story.articles, gold))
        rows.append(
            replace(
                _score(system, rels, sts, story.articles, gold),
                metric="contradict+possible",
            )
        )
        if gold.get("agreements"):
            rows.append(
                replace(
                    _score(system, confident, sts, story.articles, gold, implied=True),
                    metric="contradict-implied",
                )
            )
        if gold.get("agreements"):
            rows.append(_score(system, rels, sts, story.articles, gold, kind="agree"))
    for system, rels, sts in (
        ("negation-only", negation_only(story.records), story.statements()),
        ("negation-only-oracle-statements", negation_only(oracle), oracle_statements),
    ):
        rows.append(_score(system, rels, sts, story.articles, gold))
    return rows


def diagnose(story: Story, gold: dict) -> str:
    """Error analysis of the oracle-statements run: for each gold contradiction, whether it
    was a candidate pair, the positions and denial cue of each side, and what was related;
    then every false-positive contradiction with both texts."""
    from storylens.nlp import load_nlp
    from storylens.resolve.claims import denial_in, positions_in

    oracle = gold_records(story, gold)
    statements = [s for r in oracle for s in r.statements]
    by_id = {s.id: s for s in statements}
    index = {s.id: i for i, s in enumerate(statements)}
    vectors = embed_texts([s.content for s in statements])
    pairs = candidate_pairs(statements, vectors)
    _, relations = resolve_claims(oracle, story.actors)
    found = {frozenset((r.a, r.b)): r for r in relations}
    docs = dict(zip(by_id, load_nlp().pipe(s.content for s in statements), strict=True))
    lines = []

    def describe(sid: str) -> str:
        st, doc = by_id[sid], docs[sid]
        pos = ", ".join(f"{p.axis}{p.side:+d}:{p.word}" for p in positions_in(doc)) or "-"
        return (
            f"    {sid} [{st.speaker_actor}] pos={pos} denial={denial_in(st.content, doc)}\n"
            f"      {st.content[:160]}"
        )

    gold_pairs = set()
    for g in gold["contradictions"]:
        key = frozenset((g["a"], g["b"]))
        gold_pairs.add(key)
        i, j = sorted((index[g["a"]], index[g["b"]]))
        cand = pairs.get((i, j))
        rel = found.get(key)
        state = f"{rel.type} {rel.score} {rel.why}" if rel else "NOT RELATED"
        reach = (
            f"candidate cos={cand[0]:.2f}"
            if cand
            else f"no candidate cos={vectors[i] @ vectors[j]:.2f}"
        )
        lines.append(f"GOLD {g['a']}-{g['b']} ({g['why']})\n  {reach}; {state}")
        lines += [describe(g["a"]), describe(g["b"])]
    lines.append("FALSE POSITIVES")
    for r in relations:
        if r.type == "contradict" and frozenset((r.a, r.b)) not in gold_pairs:
            lines.append(f"FP {r.a}-{r.b} {r.score} {r.why}")
            lines += [describe(r.a), describe(r.b)]
    return "\n".join(lines)


if __name__ == "__main__":
    import sys

    from eval.common import dev_story

    if "--diagnose" in sys.argv:
        print(diagnose(dev_story(), load_gold()))
        raise SystemExit
    for row in evaluate(dev_story(with_claims=True), load_gold()):
        print(
            f"{row.key:<52} P {row.precision:.3f}  R {row.recall:.3f}  F1 {row.f1:.3f}  (n={row.support})"
        )
