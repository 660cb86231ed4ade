"""Exports of a Story: JSON (contract v1), JSON Lines, CSV, Parquet, GraphML, FollowTheMoney."""

from storylens.export.tables import FORMATS, export_story, story_to_contract

__all__ = ["FORMATS", "export_story", "story_to_contract"]
