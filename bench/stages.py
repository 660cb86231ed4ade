"""Timed replicas of analyze's steps, for the benchmarks that report where the time goes.

Each function calls the same public functions, in the same order, as `storylens.analyze`
and `storylens.resolve.story.resolve_story`; only the stopwatch is added.
"""

from __future__ import annotations

import os
import resource
import time
from collections.abc import Iterator, Sequence
from contextlib import contextmanager
from pathlib import Path

from storylens.model import ArticleRecords, Story
from storylens.resolve.actors import resolve_actors
from storylens.resolve.claims import resolve_claims
from storylens.resolve.events import date_statements, infer_publication_dates, resolve_events
from storylens.resolve.story import assign_speakers

__all__ = ["peak_rss_mb", "reset_peak_rss", "resolve_steps", "rss_mb", "stopwatch"]


@contextmanager
def stopwatch(timings: dict[str, float], key: str) -> Iterator[None]:
    """Add the wall-clock seconds of the block to timings[key]."""
    start = time.perf_counter()
    try:
        yield
    finally:
        timings[key] = timings.get(key, 0.0) + time.perf_counter() - start


def _status_mb(field: str) -> float | None:
    status = Path(f"/proc/{os.getpid()}/status")
    if status.exists():
        for line in status.read_text().splitlines():
            if line.startswith(f"{field}:"):
                return int(line.split()[1]) / 1024
    return None


def peak_rss_mb() -> float:
    """This process's peak resident set size (VmHWM) since start or reset_peak_rss, in MB."""
    peak = _status_mb("VmHWM")
    if peak is None:  # not Linux: the lifetime peak (kB on Linux, bytes on macOS)
        return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
    return peak


def rss_mb() -> float:
    """This process's resident set size now, in MB (0 where /proc is absent)."""
    return _status_mb("VmRSS") or 0.0


def reset_peak_rss() -> bool:
    """Reset VmHWM to the current RSS (Linux >= 4.0); False where that is not possible.

    Why: the peak of one stage is wanted, not that of the warm-up before it.
    """
    try:
        Path(f"/proc/{os.getpid()}/clear_refs").write_text("5")
    except OSError:
        return False
    return True


def resolve_steps(
    records: Sequence[ArticleRecords], *, with_claims: bool = True
) -> tuple[Story, dict[str, float]]:
    """resolve_story's Story, and the seconds each of its cross-article steps took."""
    t: dict[str, float] = {}
    with stopwatch(t, "sort"):
        records = sorted(records, key=lambda r: r.article.id)
    with stopwatch(t, "resolve_actors"):
        actors = resolve_actors(records, corrections=())
    with stopwatch(t, "assign_speakers"):
        records = assign_speakers(records, actors)
    with stopwatch(t, "publication_dates"):
        records = date_statements(infer_publication_dates(records))
    with stopwatch(t, "resolve_events"):
        events = resolve_events(records, actors)
    claims, relations = [], []
    if with_claims:
        with stopwatch(t, "resolve_claims"):
            claims, relations = resolve_claims(records)
    story = Story(
        records=list(records),
        actors=list(actors),
        events=list(events),
        claims=list(claims),
        relations=list(relations),
    )
    return story, t
