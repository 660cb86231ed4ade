"""Publication date and outlet per article against a story gold's `documents` entries.

Metric "published": an article is right when its publication date (stated, or resolved by
storylens.resolve.events) equals the gold `published` at the precision given, or, where the
gold has none, is the date its `published_note` gives by the content ("2018-10-04 by its
content"); unknown is neither right nor wrong.
  precision = right / articles with a date    recall = right / articles with a gold date
Metric "outlet": the outlet found in the text (outlet_source "text") against the gold outlet
(same name when either contains the other, case-insensitive).
  precision = right / articles with an outlet from the text    recall = right / articles
Why: a wrong date or outlet misleads a reader more than an unknown one, so precision is the
figure to hold (issue 17: wrong inferred dates ~0, outlet precision >= 0.95).
Baseline "header-only": the dates stated in a header line (published_source "text").

Run on the open sets: `.venv/bin/python -m eval.open_sets khashoggi polnear-dev`.
"""

from __future__ import annotations

import re

from eval.common import Score, doc_name, prf
from storylens.model import Story

__all__ = ["evaluate"]

TASK = "metadata"


def _gold_date(doc: dict) -> str | None:
    if doc.get("published"):
        return doc["published"]
    m = re.search(r"(\d{4}-\d{2}-\d{2})", doc.get("published_note") or "")
    return m[1] if m else None


def _same_outlet(got: str, gold: str) -> bool:
    a, b = got.lower(), gold.lower()
    return a in b or b in a


def evaluate(story: Story, gold: dict) -> list[Score]:
    docs = {d["doc"]: d for d in gold["documents"]}
    rows = []
    for system, sources in (("storylens", None), ("header-only", {"text"})):
        right = dated = with_gold = 0
        for r in story.records:
            d = docs.get(doc_name(r.article.path))
            if d is None:
                continue
            want = _gold_date(d)
            with_gold += want is not None
            got = r.article.published
            if got is None or (sources is not None and r.article.published_source not in sources):
                continue
            dated += 1
            right += want is not None and want[: len(got)] == got
        rows.append(
            Score(TASK, system, "published", *prf(right, dated, right, with_gold), with_gold)
        )
    right = found = n = 0
    for r in story.records:
        d = docs.get(doc_name(r.article.path))
        if d is None or not d.get("outlet"):
            continue
        n += 1
        if r.article.outlet and r.article.outlet_source == "text":
            found += 1
            right += _same_outlet(r.article.outlet, d["outlet"])
    rows.append(Score(TASK, "storylens", "outlet", *prf(right, found, right, n), n))
    return rows
