"""Actors: B-cubed precision / recall / F1 over the gold PERSON mentions.

Run: `.venv/bin/python -m eval.actors` (storylens beside the exact-string baseline).

Each gold PERSON mention is assigned to the predicted actor owning a mention that overlaps
it (the largest overlap wins). A gold mention no predicted actor covers is its own singleton
cluster: it costs recall (its gold cluster is scattered) but never precision of others.
Gold mentions may nest ("Qassem Soleimani" and "Soleimani" inside it); both go to the actor
of the overlapping predicted mention, which is what a reader of the actor would see.
Predicted mentions may nest too ("the journalist" inside "the journalist's fiancee", two
people): on equal overlap the tighter predicted mention wins, so the gold "the journalist"
goes to the journalist, and the gold "the journalist's fiancee" (larger overlap) to her.

`found` is the share of gold person mentions that some predicted actor covers at all (the
issue's "person mentions found"), reported as a Score row whose P/R/F1 all hold it.

Besides B-cubed, `mixed` counts predicted actors that hold gold mentions of two or more gold
persons (the issue's "no actor mixes two gold persons"), reported as a Score row whose
precision/recall/f1 all hold the count.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Sequence

from eval.common import Score, doc_name, load_gold
from storylens.model import Actor, Mention, Story

TASK = "actors"

# (doc name, start, end) -> cluster id
_Assign = dict[tuple[str, int, int], str]


def gold_person_mentions(gold: dict) -> _Assign:
    """Every gold PERSON mention with the id of its gold entity."""
    out: _Assign = {}
    for ent in gold["entities"]:
        if ent["type"] != "PERSON":
            continue
        for m in ent["mentions"]:
            out[(m["doc"], m["start"], m["end"])] = ent["id"]
    return out


def assign_predicted(
    gold_mentions: _Assign,
    clusters: Sequence[tuple[str, Sequence[Mention]]],
    doc_of: dict[str, str],
) -> _Assign:
    """Gold mention -> predicted cluster id (largest overlap); unmatched -> own singleton."""
    spans: dict[str, list[tuple[int, int, str]]] = defaultdict(list)
    for cid, mentions in clusters:
        for m in mentions:
            spans[doc_of.get(m.article, m.article)].append((m.start, m.end, cid))
    out: _Assign = {}
    for key in gold_mentions:
        doc, start, end = key
        best, best_key = None, (0, 0)
        for s, e, cid in spans.get(doc, ()):
            overlap = min(e, end) - max(s, start)
            rank = (overlap, -(e - s))  # ties: the tighter predicted mention
            if overlap > 0 and rank > best_key:
                best, best_key = cid, rank
        out[key] = best if best is not None else f"unmatched:{doc}:{start}:{end}"
    return out


def b_cubed(gold: _Assign, pred: _Assign) -> tuple[float, float, float]:
    """B-cubed P/R/F1 over the items both assignments share (the gold mentions)."""
    by_gold: dict[str, set] = defaultdict(set)
    by_pred: dict[str, set] = defaultdict(set)
    for item, g in gold.items():
        by_gold[g].add(item)
        by_pred[pred[item]].add(item)
    p = r = 0.0
    for item, g in gold.items():
        same = by_gold[g] & by_pred[pred[item]]
        p += len(same) / len(by_pred[pred[item]])
        r += len(same) / len(by_gold[g])
    n = len(gold) or 1
    p, r = p / n, r / n
    f = 2 * p * r / (p + r) if p + r else 0.0
    return p, r, f


def mixed_clusters(gold: _Assign, pred: _Assign) -> int:
    """Predicted clusters holding gold mentions of two or more gold persons."""
    persons: dict[str, set[str]] = defaultdict(set)
    for item, g in gold.items():
        persons[pred[item]].add(g)
    return sum(1 for ps in persons.values() if len(ps) > 1)


def exact_string_clusters(story: Story) -> list[tuple[str, list[Mention]]]:
    """The baseline: spaCy PERSON mentions grouped by their exact text."""
    groups: dict[str, list[Mention]] = defaultdict(list)
    for rec in story.records:
        for m in rec.mentions:
            if m.label == "PERSON":
                groups[m.text].append(m)
    return sorted(groups.items())


def actor_clusters(actors: Sequence[Actor]) -> list[tuple[str, tuple[Mention, ...]]]:
    return [(a.id, a.mentions) for a in actors]


def evaluate(story: Story, gold: dict) -> list[Score]:
    """B-cubed and mixed-actor count for storylens and the exact-string baseline."""
    gold_m = gold_person_mentions(gold)
    doc_of = {a.id: doc_name(a.path) for a in story.articles}
    gold_m = {k: v for k, v in gold_m.items() if k[0] in set(doc_of.values())}
    rows = []
    for system, clusters in (
        ("storylens", actor_clusters(story.actors)),
        ("exact-string", exact_string_clusters(story)),
    ):
        pred = assign_predicted(gold_m, clusters, doc_of)
        p, r, f = b_cubed(gold_m, pred)
        mixed = mixed_clusters(gold_m, pred)
        rows.append(Score(TASK, system, "b-cubed", p, r, f, support=len(gold_m)))
        rows.append(Score(TASK, system, "mixed", mixed, mixed, mixed, support=len(gold_m)))
        found = sum(1 for k in gold_m if not pred[k].startswith("unmatched:"))
        share = found / len(gold_m) if gold_m else 0.0
        rows.append(Score(TASK, system, "found", share, share, share, support=len(gold_m)))
    return rows


def main() -> None:
    from eval.common import dev_story, print_scores

    story = dev_story()
    print_scores(evaluate(story, load_gold()))


if __name__ == "__main__":
    main()
