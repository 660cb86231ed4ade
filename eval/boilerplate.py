"""Boilerplate: how much of the gold page clutter is marked, and how much marked text is clutter.

Run: `.venv/bin/python -m eval.boilerplate` (demo dev gold; the open Khashoggi story is scored
by `python -m eval.open_sets khashoggi`).

The gold lists each document's boilerplate as exact strings (`documents[].boilerplate`); each
string is located at its first occurrence in the article text. Scores count characters, not
spans, because a span that is half right is half useful:
  - only non-whitespace characters count (a gold string that starts with a space or holds a
    line break is not worth more or less than its words);
  - precision = marked characters that lie inside a gold string / all marked characters;
  - recall    = gold characters that are marked / all gold characters;
both summed over every document of the set (micro average), F1 their harmonic mean.
A document the gold lists with no boilerplate still counts: whatever is marked in it costs
precision.

The baseline marks every line of at most SHORT_LINE_WORDS words that does not end like a
sentence, the simplest signal of a caption, credit or widget.
"""

from __future__ import annotations

from collections.abc import Iterable

from eval.common import Score, doc_name, load_gold, prf
from storylens.model import Article, Story

__all__ = ["evaluate", "gold_spans", "marked_strings", "short_line_spans"]

TASK = "boilerplate"
SHORT_LINE_WORDS = 8


def _chars(text: str, spans: Iterable[tuple[int, int]]) -> set[int]:
    """Offsets of the non-whitespace characters inside the spans."""
    return {i for s, e in spans for i in range(s, e) if not text[i].isspace()}


def gold_spans(text: str, strings: Iterable[str]) -> list[tuple[int, int]]:
    """Each gold string at its first occurrence (a string not found is reported, not skipped)."""
    out = []
    for s in strings:
        i = text.find(s)
        if i < 0:
            raise ValueError(f"gold boilerplate string not in its article: {s[:60]!r}")
        out.append((i, i + len(s)))
    return out


def short_line_spans(text: str) -> list[tuple[int, int]]:
    """The baseline: short lines that do not end like a sentence."""
    out, pos = [], 0
    for line in text.split("\n"):
        words = line.split()
        if words and len(words) <= SHORT_LINE_WORDS and not line.rstrip().endswith((".", '"', "”")):
            out.append((pos, pos + len(line)))
        pos += len(line) + 1
    return out


def _score(
    articles: Iterable[Article], gold_docs: dict[str, list[str]], system: str
) -> tuple[int, int, int]:
    hit = n_pred = n_gold = 0
    for a in articles:
        name = doc_name(a.path)
        if name not in gold_docs:
            continue
        gold = _chars(a.text, gold_spans(a.text, gold_docs[name]))
        spans = (
            [(b.start, b.end) for b in a.boilerplate]
            if system == "storylens"
            else short_line_spans(a.text)
        )
        pred = _chars(a.text, spans)
        hit += len(pred & gold)
        n_pred += len(pred)
        n_gold += len(gold)
    return hit, n_pred, n_gold


def evaluate(story: Story, gold: dict) -> list[Score]:
    """Character precision / recall of the marked boilerplate, storylens beside the baseline."""
    gold_docs = {d["doc"]: list(d.get("boilerplate") or ()) for d in gold["documents"]}
    rows = []
    for system in ("storylens", "short-lines"):
        hit, n_pred, n_gold = _score(story.articles, gold_docs, system)
        p, r, f = prf(hit, n_pred, hit, n_gold)
        rows.append(Score(TASK, system, "chars", p, r, f, support=n_gold))
    return rows


def marked_strings(article: Article) -> list[str]:
    """The marked text of an article, one string per span (for reading a diff by eye)."""
    return [article.text[b.start : b.end] for b in article.boilerplate]


def _ingest_only(paths: list) -> Story:
    """Boilerplate needs only ingest: no parsing, so the scorer runs in a second."""
    from storylens.ingest import read_inputs
    from storylens.model import ArticleRecords

    arts = [a for a in read_inputs(paths) if isinstance(a, Article)]
    return Story(records=[ArticleRecords(article=a) for a in arts])


def main() -> None:
    import sys

    from eval.common import dev_paths, print_scores

    story = _ingest_only(dev_paths())
    gold = load_gold()
    rows = evaluate(story, gold)
    if "--open" in sys.argv:
        from dataclasses import replace

        from eval.open_sets import _paths, open_gold

        paths = _paths("khashoggi")
        if paths is not None:
            kg = open_gold("khashoggi")
            ks = _ingest_only([paths[0] / d["doc"] for d in kg["documents"]])
            rows += [replace(r, task=f"{r.task}@khashoggi") for r in evaluate(ks, kg)]
            if "-v" in sys.argv:
                for a in ks.articles:
                    print(doc_name(a.path), marked_strings(a))
    print_scores(rows)


if __name__ == "__main__":
    main()
