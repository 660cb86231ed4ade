"""The learned part of statement extraction: a cue lexicon and a candidate classifier.

Trained on PolNeAR `train` (834 US political news articles, 12,803 attributions) by
`statement_train.py` (`make train-statements`); the artefact ships in `models/`:

- `cue_rate`: for each verb lemma seen as the cue of a gold attribution in train, how often a
  candidate built on that verb was one (e.g. say 0.8, tell 0.6, call 0.3, endorse 0.4). Lemmas
  above MIN_CUE_RATE with at least MIN_CUE_COUNT hits are cues, beside the hand-written
  `statements.SPEECH_VERBS`.
- a logistic regression over each (cue, speaker, content) candidate that `statements.py` builds
  from the parse: cue lemma, how the content was found (quote beside the cue, clausal
  complement, fronted clause, object ...), the cue's tag and dependency, the speaker's kind,
  content length, quote marks in the content. Stored as plain feature weights (JSON, no pickle):
  scoring is a dot product, so the per-article cost is a few dictionary lookups per verb.
- `first_name_gender`: first names whose bearers PolNeAR train refers to as "he" / "she" when
  they speak (at least 2 times, at least 90% one way): the gender check of "he said" / "she
  said" resolution in speakers.py.

`load_model()` returns None when the artefact is absent; statements.py then keeps its rules.
"""

from __future__ import annotations

import json
import math
from dataclasses import dataclass, field
from functools import lru_cache
from pathlib import Path

__all__ = [
    "ARTEFACT_FORMAT",
    "MODEL_PATH",
    "PROVENANCE_PATH",
    "StatementModel",
    "load_model",
]

MODEL_DIR = Path(__file__).resolve().parent / "models"
MODEL_PATH = MODEL_DIR / "statements-polnear.json"
PROVENANCE_PATH = MODEL_DIR / "statements-polnear.provenance.json"
ARTEFACT_FORMAT = 1


@dataclass(frozen=True, slots=True)
class StatementModel:
    """Cue lexicon, feature weights and the two decision thresholds (rule / learned cues)."""

    cue_rate: dict[str, float]
    weights: dict[str, float]
    intercept: float
    threshold_rule: float
    threshold_learned: float
    first_name_gender: dict[str, str] = field(default_factory=dict)

    @property
    def cue_lemmas(self) -> frozenset[str]:
        return frozenset(self.cue_rate)

    def score(self, features: dict[str, str | float]) -> float:
        """Probability that the candidate is an attribution (DictVectorizer's encoding:
        a string value v of feature f is the indicator `f=v`, a number is its own value)."""
        z = self.intercept
        w = self.weights
        for name, value in features.items():
            if isinstance(value, str):
                z += w.get(f"{name}={value}", 0.0)
            else:
                z += w.get(name, 0.0) * value
        return 1.0 / (1.0 + math.exp(-z)) if z > -500 else 0.0

    def to_json(self) -> dict:
        return {
            "format": ARTEFACT_FORMAT,
            "cue_rate": self.cue_rate,
            "intercept": self.intercept,
            "threshold_rule": self.threshold_rule,
            "threshold_learned": self.threshold_learned,
            "weights": self.weights,
            "first_name_gender": self.first_name_gender,
        }

    @classmethod
    def from_json(cls, data: dict) -> StatementModel:
        if data.get("format") != ARTEFACT_FORMAT:
            raise ValueError(f"statement model format {data.get('format')!r} unsupported")
        return cls(
            cue_rate=dict(data["cue_rate"]),
            weights=dict(data["weights"]),
            intercept=float(data["intercept"]),
            threshold_rule=float(data["threshold_rule"]),
            threshold_learned=float(data["threshold_learned"]),
            first_name_gender=dict(data.get("first_name_gender", {})),
        )


@lru_cache(maxsize=1)
def load_model(path: Path = MODEL_PATH) -> StatementModel | None:
    """The shipped model, read once per process; None when the file is not there."""
    if not path.is_file():
        return None
    return StatementModel.from_json(json.loads(path.read_text(encoding="utf-8")))
