"""Score dated events against the dev gold, beside two baselines computed in the same call.

Metric "date" (the gold README's rule): a gold date mention is found when a predicted event
mention whose evidence sentence contains it carries the gold date at the gold precision
(precision read off the ISO form: `2020-01-03` day, `2021-09` month, `2011` year).
  recall    = gold date mentions found / gold date mentions
  precision = predicted event mentions in gold-annotated sentences (sentences that contain a
              gold date mention) whose date equals a gold date of that sentence / predicted
              event mentions in those sentences (undated ones count as wrong).
Why only annotated sentences: the gold dates the story's main happenings, not every dated
clause ("until November 2020, a serious dialogue is unlikely"), so a prediction elsewhere
cannot be judged. "date-strict" divides by every predicted event mention of the dev
articles instead, a lower bound on the real precision.

Metric "merge": gold events with mentions in two or more sentences. recall = those whose
mentions are all found by predicted mentions of one predicted Event / those events;
precision = predicted Events holding correct mentions of two or more gold-annotated
sentences whose mentions there all belong to one gold event / such Events.

Baselines:
- "publication-date": one event mention per sentence with a trigger word or a spaCy DATE,
  dated with the publication date the article states (not an inferred one); no merging.
- "spacy-dateparser": each spaCy DATE entity parsed by dateparser with default settings
  (RELATIVE_BASE = the stated publication date when there is one), precision from
  dateparser's period; no merging.

Run: `.venv/bin/python -m eval.events`
"""

from __future__ import annotations

import datetime as dt
import re
import warnings
from dataclasses import dataclass

from eval.common import Score, dev_story, doc_name, load_gold, prf, print_scores
from storylens.extract.events import TRIGGER_CLASSES
from storylens.model import Story

__all__ = ["evaluate"]

TASK = "events"
_TRIGGER_RE = re.compile(
    r"\b(" + "|".join(sorted({w for ws in TRIGGER_CLASSES.values() for w in ws})) + r")\w*\b", re.I
)


@dataclass(frozen=True, slots=True)
class _Pred:
    doc: str
    start: int  # evidence sentence
    end: int
    date: str | None
    precision: str | None
    event: str  # predicted event id ("" when the system does not merge)


def _precision_of(iso: str) -> str:
    return {10: "day", 7: "month", 4: "year"}.get(len(iso), "day")


def _storylens_preds(story: Story) -> list[_Pred]:
    names = {r.article.id: doc_name(r.article.path) for r in story.records}
    in_event = {}
    for ev in story.events:
        for m in ev.mentions:
            in_event[(m.article, m.start, m.timex_start)] = ev.id
    return [
        _Pred(
            names[m.article],
            m.start,
            m.end,
            m.date,
            m.date_precision,
            in_event.get((m.article, m.start, m.timex_start), ""),
        )
        for r in story.records
        for m in r.event_mentions
    ]


def _stated_published(article) -> str | None:
    return None if article.published_source == "inferred" else article.published


def _publication_preds(story: Story) -> list[_Pred]:
    out = []
    for r in story.records:
        published = _stated_published(r.article)
        dates = [m for m in r.mentions if m.label == "DATE"]
        for s in r.sentences:
            text = r.article.text[s.start : s.end]
            if _TRIGGER_RE.search(text) or any(s.start <= m.start < s.end for m in dates):
                prec = _precision_of(published) if published else None
                out.append(_Pred(doc_name(r.article.path), s.start, s.end, published, prec, ""))
    return out


def _dateparser_preds(story: Story) -> list[_Pred]:
    from dateparser.date import DateDataParser

    out = []
    for r in story.records:
        published = _stated_published(r.article)
        settings = {}
        if published:
            parts = [*published[:10].split("-"), "01", "01"][:3]
            settings["RELATIVE_BASE"] = dt.datetime(*(int(x) for x in parts))
        parser = DateDataParser(settings=settings or None)
        for m in r.mentions:
            if m.label != "DATE":
                continue
            sent = next((s for s in r.sentences if s.start <= m.start < s.end), None)
            if sent is None:
                continue
            with warnings.catch_warnings():
                warnings.simplefilter("ignore")
                data = parser.get_date_data(m.text)
            if data.date_obj is None:
                out.append(_Pred(doc_name(r.article.path), sent.start, sent.end, None, None, ""))
                continue
            prec = data.period if data.period in ("month", "year") else "day"
            value = {"day": "%Y-%m-%d", "month": "%Y-%m", "year": "%Y"}[prec]
            out.append(
                _Pred(
                    doc_name(r.article.path),
                    sent.start,
                    sent.end,
                    data.date_obj.strftime(value),
                    prec,
                    "",
                )
            )
    return out


def _rows(system: str, preds: list[_Pred], gold: dict) -> list[Score]:
    gold_mentions = [(ev["id"], m) for ev in gold["events"] for m in ev["mentions"]]

    def holders(m: dict) -> list[_Pred]:
        return [p for p in preds if p.doc == m["doc"] and p.start <= m["start"] < p.end]

    def right(p: _Pred, m: dict) -> bool:
        return p.date == m["date"] and p.precision == _precision_of(m["date"])

    found = [any(right(p, m) for p in holders(m)) for _, m in gold_mentions]
    judged = [
        p
        for p in preds
        if any(p.doc == m["doc"] and p.start <= m["start"] < p.end for _, m in gold_mentions)
    ]
    correct = [
        p
        for p in judged
        if any(
            p.doc == m["doc"] and p.start <= m["start"] < p.end and right(p, m)
            for _, m in gold_mentions
        )
    ]
    p_, r_, f_ = prf(len(correct), len(judged), sum(found), len(gold_mentions))
    rows = [Score(TASK, system, "date", p_, r_, f_, len(gold_mentions))]
    p_, r_, f_ = prf(len(correct), len(preds), sum(found), len(gold_mentions))
    rows.append(Score(TASK, system, "date-strict", p_, r_, f_, len(gold_mentions)))

    # merge
    multi = [
        ev
        for ev in gold["events"]
        if len({(m["doc"], _sentence_key(m, preds)) for m in ev["mentions"]}) >= 2
    ]
    merged = 0
    for ev in multi:
        per_mention = [
            {p.event for p in holders(m) if right(p, m) and p.event} for m in ev["mentions"]
        ]
        if per_mention and set.intersection(*per_mention):
            merged += 1
    by_event: dict[str, list[str]] = {}
    for gid, m in gold_mentions:
        for p in holders(m):
            if right(p, m) and p.event:
                by_event.setdefault(p.event, []).append(f"{gid}|{m['doc']}|{p.start}")
    spanning = [v for v in by_event.values() if len({x.split("|", 1)[1] for x in v}) >= 2]
    pure = sum(1 for v in spanning if len({x.split("|")[0] for x in v}) == 1)
    p_, r_, f_ = prf(pure, len(spanning), merged, len(multi))
    rows.append(Score(TASK, system, "merge", p_, r_, f_, len(multi)))
    return rows


def _sentence_key(m: dict, preds: list[_Pred]) -> int:
    """The predicted sentence holding a gold mention (its own start when none does)."""
    for p in preds:
        if p.doc == m["doc"] and p.start <= m["start"] < p.end:
            return p.start
    return m["start"]


def evaluate(story: Story, gold: dict) -> list[Score]:
    """storylens rows and the two baselines' rows for the dev gold events."""
    dev_docs = {d["doc"] for d in gold["documents"]}
    rows: list[Score] = []
    for system, preds in (
        ("storylens", _storylens_preds(story)),
        ("publication-date", _publication_preds(story)),
        ("spacy-dateparser", _dateparser_preds(story)),
    ):
        rows += _rows(system, [p for p in preds if p.doc in dev_docs], gold)
    return rows


if __name__ == "__main__":
    print_scores(evaluate(dev_story(), load_gold()))
