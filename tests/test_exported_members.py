"""The public names are the ones we mean: a rename or a leak shows up here first."""

from __future__ import annotations

import importlib

import pytest

PUBLIC = {
    "storylens": {"ExtractError", "IngestError", "StoreError", "StorylensError", "__version__"},
    "storylens.model": {
        "ARTICLE_ID_LENGTH", "Actor", "Article", "ArticleRecords", "Claim", "Event", "EventMention",
        "Mention", "Relation", "Sentence", "Skipped", "Span", "Statement", "Story", "Timex",
        "article_id_for",
    },
    "storylens.export": {"FORMATS", "export_story", "story_to_contract"},
    "storylens.resolve": {"resolve_story"},
    "storylens.ingest": {"read_inputs"},
}  # fmt: skip


@pytest.mark.parametrize("module", sorted(PUBLIC))
def test_public_names(module: str) -> None:
    mod = importlib.import_module(module)
    assert set(mod.__all__) == PUBLIC[module]
    for name in mod.__all__:
        assert hasattr(mod, name), f"{module}.{name} is in __all__ but missing"
