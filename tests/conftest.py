"""Shared fixtures: the demo corpus, a fresh database path, the demo story analysed once."""

from __future__ import annotations

from pathlib import Path

import pytest
from hypothesis import settings

# No per-example deadline: CI machines are shared and a first call may load a model; a slow
# example is not a wrong one. Derandomised so a CI run is reproducible.
settings.register_profile("storylens", deadline=None, derandomize=True, max_examples=100)
settings.load_profile("storylens")

ROOT = Path(__file__).resolve().parent.parent
DEMO = ROOT / "examples" / "iraq-withdrawal"


@pytest.fixture(scope="session")
def demo_dir() -> Path:
    return DEMO


@pytest.fixture
def db_path(tmp_path: Path) -> Path:
    return tmp_path / "story.db"


@pytest.fixture(scope="session")
def demo_db(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """The demo story analysed once per test session (read-only use in tests)."""
    from storylens.analyze import analyze

    path = tmp_path_factory.mktemp("demo") / "demo.db"
    analyze([DEMO], path)
    return path


@pytest.fixture(scope="session")
def demo_story(demo_db: Path):
    from storylens.store import Store

    with Store(demo_db, readonly=True) as store:
        return store.load_story()
