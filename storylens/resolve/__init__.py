"""Cross-article resolution: actors, events, claims, relations.

Every step uses blocking or nearest-neighbour search so its cost grows about linearly with
the number of records, never all pairs.
"""

from storylens.resolve.story import resolve_story

__all__ = ["resolve_story"]
