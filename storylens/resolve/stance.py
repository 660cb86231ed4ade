"""Stance of an article body toward a claim: agree, disagree, discuss or unrelated.

The model is trained on the FNC-1 training data (see `stance_train.py` and
`models/PROVENANCE.md`). It is two gradient-boosted stages over a few dozen features:

  1. related vs unrelated, from how close the claim is to the body (embedding cosines of the
     claim with each body sentence, TF-IDF cosine, word and bigram overlap);
  2. agree / disagree / discuss for related pairs, from what the best-matching sentences say
     (refutation and denial cues, negation, hedging such as "reportedly", polarity agreement
     between claim and sentence), plus a *lexical model*: a logistic regression over the
     words and word pairs of the TOP_K body sentences nearest the claim, trained on FNC-1's
     related pairs, whose three class probabilities are features of this stage (stacked
     out of fold in training, so the stage never sees probabilities of pairs the lexical
     model was fitted on).

Why a learned lexicon and no embedding products: the element-wise products of the claim's and
the sentences' embeddings (768 features, the model until 2026-12-07) describe the *topic*;
on a dev split that holds out whole topics they gave nothing (disagree: 0 of 82 found), and
the words that refute ("hoax", "fake", "debunked", "not true", "denied") are learned better
from the related pairs themselves than listed by hand (topic split: FNC 77.6 % -> 79.1 %,
macro-F1 0.563 -> 0.623; models/PROVENANCE.md holds the figures).

Why sentences: a body agrees or refutes a claim in one or two sentences; those sentences are
also the evidence we show (their character spans in the body).
"""

from __future__ import annotations

import csv
import itertools
import re
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path
from typing import TYPE_CHECKING, Literal

import numpy as np

from storylens.errors import StorylensError
from storylens.extract.pipeline import masked_text
from storylens.model import Article
from storylens.resolve.embeddings import embed_texts

if TYPE_CHECKING:
    from sklearn.feature_extraction.text import TfidfVectorizer

__all__ = [
    "LABELS",
    "MODEL_PATH",
    "PairFeatures",
    "StanceResult",
    "fnc_batch",
    "load_stance_model",
    "predict_stances",
    "stance_of_articles",
]

StanceLabel = Literal["agree", "disagree", "discuss", "unrelated"]
LABELS: tuple[StanceLabel, ...] = ("agree", "disagree", "discuss", "unrelated")
STANCE_LABELS: tuple[StanceLabel, ...] = ("agree", "disagree", "discuss")
MODEL_PATH = Path(__file__).resolve().parent / "models" / "stance-fnc1.joblib"
ARTEFACT_FORMAT = 2  # 2: scalar features + the lexical model (1 had embedding products)

# Bodies longer than this many sentences are cut: the stance is nearly always stated early,
# and it bounds the cost of a 25,000-pair batch (FNC-1 bodies: median 17 sentences).
MAX_BODY_SENTENCES = 60
TOP_K = 3  # best-matching body sentences whose cues and embeddings are used
EVIDENCE_SENTENCES = 2  # sentence spans returned as evidence

_SENT_RE = re.compile(r"[^\n]+?(?:[.!?]+[\"'”’)\]]*(?=\s|$)|$)", re.M)
_TOKEN_RE = re.compile(r"[a-z0-9]+(?:'[a-z]+)?")
_STOP = frozenset(
    [
        "a",
        "an",
        "the",
        "and",
        "or",
        "but",
        "of",
        "to",
        "in",
        "on",
        "at",
        "for",
        "from",
        "by",
        "with",
        "as",
        "is",
        "are",
        "was",
        "were",
        "be",
        "been",
        "being",
        "it",
        "its",
        "this",
        "that",
        "these",
        "those",
        "he",
        "she",
        "they",
        "we",
        "you",
        "i",
        "his",
        "her",
        "their",
        "our",
        "your",
        "him",
        "them",
        "us",
        "me",
        "my",
    ]
)
# Cue lexicons (FNC-1 baseline's refuting words, widened with denial and hedging verbs).
REFUTE_CUES = frozenset(
    [
        "fake",
        "fraud",
        "hoax",
        "false",
        "deny",
        "denies",
        "denied",
        "denying",
        "refute",
        "refutes",
        "refuted",
        "debunk",
        "debunked",
        "debunks",
        "bogus",
        "doubt",
        "doubts",
        "retract",
        "retracted",
        "retraction",
        "untrue",
        "myth",
        "fabricated",
        "satire",
        "satirical",
        "prank",
        "pranks",
        "nope",
        "dismissed",
        "dismisses",
        "incorrect",
        "misleading",
        "baseless",
    ]
)
NEGATION_CUES = frozenset(
    [
        "not",
        "no",
        "never",
        "none",
        "nobody",
        "nothing",
        "neither",
        "nor",
        "cannot",
        "can't",
        "don't",
        "doesn't",
        "didn't",
        "isn't",
        "wasn't",
        "aren't",
        "weren't",
        "won't",
        "wouldn't",
        "hasn't",
        "haven't",
        "hadn't",
        "without",
    ]
)
HEDGE_CUES = frozenset(
    [
        "reportedly",
        "allegedly",
        "alleged",
        "claims",
        "claimed",
        "claim",
        "rumor",
        "rumors",
        "rumour",
        "rumours",
        "unconfirmed",
        "unverified",
        "apparently",
        "purportedly",
        "supposedly",
        "may",
        "might",
        "could",
        "possibly",
        "appears",
        "appear",
        "suggests",
        "speculation",
        "speculated",
        "according",
    ]
)
AGREE_CUES = frozenset(
    [
        "confirmed",
        "confirms",
        "confirm",
        "official",
        "officially",
        "announced",
        "revealed",
        "indeed",
        "true",
        "verified",
        "proven",
        "proof",
        "shows",
        "showed",
        "footage",
        "video",
        "photos",
    ]
)
N_SCALAR_FEATURES = 39


@dataclass(frozen=True, slots=True)
class StanceResult:
    """The stance of one body toward one claim, its probability, and the evidence sentences.

    `evidence` holds (start, end) character spans in the body text as given.
    """

    label: StanceLabel
    score: float
    evidence: tuple[tuple[int, int], ...] = ()


@dataclass(frozen=True, slots=True)
class PairFeatures:
    """What pair_features computes for (claim, body) pairs, row for row."""

    scalars: np.ndarray  # (n, N_SCALAR_FEATURES)
    evidence: list[tuple[tuple[int, int], ...]]  # sentence spans shown as evidence
    nearest: list[str]  # the TOP_K body sentences nearest the claim, joined: the lexical input


@dataclass(frozen=True, slots=True)
class _Body:
    """One body cut into sentences, with what every pair with this body reuses."""

    spans: tuple[tuple[int, int], ...]
    sentences: tuple[str, ...]
    tokens: frozenset[str]
    lead_tokens: frozenset[str]
    bigrams: frozenset[tuple[str, str]]
    sent_tokens: tuple[frozenset[str], ...]
    cues: np.ndarray  # (n_sentences, 4): refute, negation, hedge, agree counts
    text: str


def sentence_spans(text: str) -> list[tuple[int, int]]:
    """(start, end) of each sentence: split at . ! ? followed by space, and at line breaks.

    A regex, not spaCy: stance runs over tens of thousands of bodies, and a parse per body
    would cost more than the whole model.
    """
    spans = []
    for m in _SENT_RE.finditer(text):
        start, end = m.start(), m.end()
        while start < end and text[start].isspace():
            start += 1
        while end > start and text[end - 1].isspace():
            end -= 1
        if end - start >= 3:
            spans.append((start, end))
    return spans


def _stem(token: str) -> str:
    """A crude suffix stripper: enough to match denies/denied/deny across claim and body."""
    for suffix in ("ing", "ied", "ies", "ed", "es", "s"):
        if token.endswith(suffix) and len(token) - len(suffix) >= 3:
            return token[: -len(suffix)]
    return token


def content_tokens(text: str) -> list[str]:
    """Lower-cased, stemmed tokens without stop words."""
    return [_stem(t) for t in _TOKEN_RE.findall(text.lower()) if t not in _STOP]


def _cue_counts(text: str) -> tuple[int, int, int, int]:
    words = _TOKEN_RE.findall(text.lower())
    refute = sum(w in REFUTE_CUES for w in words)
    refute += text.lower().count("no evidence")
    negation = sum(w in NEGATION_CUES or w.endswith("n't") for w in words)
    hedge = sum(w in HEDGE_CUES for w in words)
    agree = sum(w in AGREE_CUES for w in words)
    return refute, negation, hedge, agree


def _body(text: str) -> _Body:
    spans = sentence_spans(text)[:MAX_BODY_SENTENCES] or [(0, len(text))]
    sentences = tuple(text[s:e] for s, e in spans)
    sent_tokens = tuple(frozenset(content_tokens(s)) for s in sentences)
    toks = content_tokens(" ".join(sentences))
    lead = frozenset(t for st in sent_tokens[:3] for t in st)
    return _Body(
        spans=tuple(spans),
        sentences=sentences,
        tokens=frozenset(toks),
        lead_tokens=lead,
        bigrams=frozenset(itertools.pairwise(toks)),
        sent_tokens=sent_tokens,
        cues=np.array([_cue_counts(s) for s in sentences], dtype=np.float32).reshape(-1, 4),
        text=text,
    )


Embed = Callable[[Sequence[str]], np.ndarray]


def pair_features(
    pairs: Sequence[tuple[str, str]],
    tfidf: TfidfVectorizer,
    *,
    embed: Embed | None = None,
) -> PairFeatures:
    """Scalar features of (headline, body) pairs, their evidence spans and nearest sentences.

    Every distinct body is split and tokenised once, every distinct sentence and headline is
    embedded once (`embed`, default `embed_texts`), so cost grows with distinct texts.
    """
    embed = embed or embed_texts
    body_texts = list(dict.fromkeys(b for _, b in pairs))
    heads = list(dict.fromkeys(h for h, _ in pairs))
    bodies = {b: _body(b) for b in body_texts}
    all_sents = [s for b in body_texts for s in bodies[b].sentences]
    vectors = embed([*heads, *all_sents])
    head_vec = {h: vectors[i] for i, h in enumerate(heads)}
    body_vecs: dict[str, np.ndarray] = {}
    pos = len(heads)
    for b in body_texts:
        n = len(bodies[b].sentences)
        body_vecs[b] = vectors[pos : pos + n]
        pos += n
    head_info = {h: (content_tokens(h), _cue_counts(h)) for h in heads}
    tf_heads = tfidf.transform(heads)
    tf_bodies = tfidf.transform(body_texts)
    tf_h = {h: tf_heads[i] for i, h in enumerate(heads)}
    tf_b = {b: tf_bodies[i] for i, b in enumerate(body_texts)}

    rows = np.zeros((len(pairs), N_SCALAR_FEATURES), dtype=np.float32)
    evidence: list[tuple[tuple[int, int], ...]] = []
    nearest: list[str] = []
    for i, (head, text) in enumerate(pairs):
        body, sv, hv = bodies[text], body_vecs[text], head_vec[head]
        h_toks, h_cues = head_info[head]
        sims = sv @ hv
        order = np.argsort(-sims)
        top = order[:TOP_K]
        mean_vec = sv.mean(axis=0)
        mean_vec /= np.linalg.norm(mean_vec) or 1.0
        h_set = frozenset(h_toks)
        n_h = max(len(h_set), 1)
        best_toks = body.sent_tokens[order[0]]
        h_bi = set(itertools.pairwise(h_toks))
        top_cues = body.cues[top].sum(axis=0)
        best_cues = body.cues[order[0]]
        all_cues = body.cues.sum(axis=0) / len(body.sentences)
        tf_cos = float(tf_h[head].multiply(tf_b[text]).sum())
        h_neg = float(h_cues[1] > 0)
        scalars = [
            float(sims.max()),
            float(sims[top].mean()),
            float(sims.mean()),
            float(sims[0]),
            float(mean_vec @ hv),
            float(order[0] / len(sims)),
            float((sims > 0.5).mean()),
            float((sims > 0.6).sum()),
            float(np.sort(sims)[-2] if len(sims) > 1 else sims[0]),
            tf_cos,
            len(h_set & body.tokens) / n_h,
            len(h_set & body.lead_tokens) / n_h,
            len(h_set & best_toks) / n_h,
            len(h_set & body.tokens) / max(len(h_set | body.tokens), 1),
            len(h_bi & body.bigrams) / max(len(h_bi), 1),
            float(len(h_bi & body.bigrams)),
            *top_cues.tolist(),
            *best_cues.tolist(),
            *all_cues.tolist(),
            *map(float, h_cues),
            h_neg,
            float(h_neg != float(best_cues[1] > 0)),
            float("?" in head),
            float(len(h_toks)),
            float(len(body.sentences)),
            float(top_cues[0] > 0) * float(sims.max()),
            float(top_cues[2] > 0) * float(sims.max()),
        ]
        rows[i] = scalars
        evidence.append(tuple(sorted(body.spans[j] for j in order[:EVIDENCE_SENTENCES])))
        nearest.append(" ".join(body.sentences[j] for j in top))
    return PairFeatures(rows, evidence, nearest)


def lexical_probabilities(lexical: dict, texts: Sequence[str]) -> np.ndarray:
    """(n, 3) agree / disagree / discuss probabilities of the lexical model for each text."""
    if not texts:
        return np.zeros((0, len(STANCE_LABELS)), dtype=np.float32)
    matrix = lexical["vectorizer"].transform(texts)
    return lexical["classifier"].predict_proba(matrix).astype(np.float32)


def feature_matrix(model: dict, features: PairFeatures) -> np.ndarray:
    """The matrix `decide` reads: the scalars, then the lexical model's probabilities."""
    return np.hstack([features.scalars, lexical_probabilities(model["lexical"], features.nearest)])


def stance_features(
    model: dict, pairs: Sequence[tuple[str, str]], *, embed: Embed | None = None
) -> tuple[np.ndarray, list[tuple[tuple[int, int], ...]]]:
    """`feature_matrix` of the pairs, and each pair's evidence spans."""
    pf = pair_features(pairs, model["tfidf"], embed=embed)
    return feature_matrix(model, pf), pf.evidence


@lru_cache(maxsize=1)
def load_stance_model() -> dict:
    """The trained artefact (loaded once per process): tfidf, the two stages, provenance.

    joblib (a pickle) because scikit-learn has no other built-in format for its estimators;
    it is read only from this package's own `models/` folder, never from user input.
    """
    import joblib
    import sklearn

    if not MODEL_PATH.exists():
        raise StorylensError(
            f"the stance model {MODEL_PATH.name} is missing; run 'make train-stance FNC1=DIR'"
        )
    model = joblib.load(MODEL_PATH)
    if model.get("format") != ARTEFACT_FORMAT:
        raise StorylensError("the stance model is from another storylens; run 'make train-stance'")
    if model.get("sklearn") != sklearn.__version__:
        raise StorylensError(
            f"the stance model was saved with scikit-learn {model.get('sklearn')}, this is "
            f"{sklearn.__version__}; run 'make install' or 'make train-stance'"
        )
    return model


def decide(model: dict, features: np.ndarray) -> list[tuple[StanceLabel, float]]:
    """Labels and probabilities from the two stages (unrelated first, then the stance).

    The related stage reads the scalar features only: the lexical model is fitted on related
    pairs and says nothing about whether a body is on the claim's topic."""
    if not len(features):
        return []
    p_related = model["related"].predict_proba(features[:, :N_SCALAR_FEATURES])[:, 1]
    p_stance = model["stance"].predict_proba(features)
    out: list[tuple[StanceLabel, float]] = []
    for pr, ps in zip(p_related, p_stance, strict=True):
        if pr < model.get("related_threshold", 0.5):
            out.append(("unrelated", float(1.0 - pr)))
        else:
            j = int(np.argmax(ps))
            out.append((STANCE_LABELS[j], float(pr * ps[j])))
    return out


def predict_stances(pairs: Sequence[tuple[str, str]]) -> list[StanceResult]:
    """Stance of each (headline, body) pair, in order; evidence spans index the body."""
    if not pairs:
        return []
    model = load_stance_model()
    features, evidence = stance_features(model, pairs)
    return [
        StanceResult(label, round(score, 4), ev if label != "unrelated" else ())
        for (label, score), ev in zip(decide(model, features), evidence, strict=True)
    ]


def stance_of_articles(
    claim: str, articles: Sequence[Article]
) -> list[tuple[Article, StanceResult]]:
    """Stance of every article toward `claim`; boilerplate is blanked so it is never evidence.

    Offsets of the evidence spans index `article.text` (masking keeps the length).
    """
    texts = [masked_text(a) for a in articles]
    results = predict_stances([(claim, t) for t in texts])
    return list(zip(articles, results, strict=True))


def fnc_batch(claims_csv: Path, bodies_csv: Path, out_csv: Path) -> int:
    """Label every (Headline, Body ID) row of an FNC-1 stances CSV; returns the row count.

    Reads the FNC-1 layout (Headline, Body ID[, Stance]; Body ID, articleBody) and writes
    Headline, Body ID, Stance, so any labelled set can be scored with the FNC-1 scorer.
    """
    with Path(bodies_csv).open(encoding="utf-8", newline="") as fh:
        bodies = {row["Body ID"]: row["articleBody"] for row in csv.DictReader(fh)}
    with Path(claims_csv).open(encoding="utf-8", newline="") as fh:
        rows = [(row["Headline"], row["Body ID"]) for row in csv.DictReader(fh)]
    missing = sorted({bid for _, bid in rows if bid not in bodies})
    if missing:
        raise StorylensError(f"{len(missing)} Body IDs are not in {bodies_csv}: {missing[:5]}")
    results = predict_stances([(h, bodies[bid]) for h, bid in rows])
    with Path(out_csv).open("w", encoding="utf-8", newline="") as fh:
        writer = csv.writer(fh)
        writer.writerow(["Headline", "Body ID", "Stance"])
        for (head, bid), res in zip(rows, results, strict=True):
            writer.writerow([head, bid, res.label])
    return len(rows)
