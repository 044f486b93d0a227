"""Fixtures shared by the whole suite: temporary databases, settings, and the optional ../shared data."""

from __future__ import annotations

from pathlib import Path

import pytest

from complaints.store import open_db
from service.settings import Settings

REPO = Path(__file__).resolve().parents[1]
SHARED = REPO.parent / "shared"
TEST_DATA = Path(__file__).resolve().parent / "data"


@pytest.fixture
def db(tmp_path):
    """A fresh, migrated database in a temporary file."""
    database = open_db(tmp_path / "test.db")
    yield database
    database.close()


@pytest.fixture
def settings(tmp_path) -> Settings:
    """Settings pointing at a temporary database and model folder."""
    return Settings(db=tmp_path / "complaints.db", model_dir=tmp_path / "models")


@pytest.fixture
def shared_data() -> Path:
    """../shared/data, present in CI beside the checkout; tests that need it skip on a user's clone."""
    path = SHARED / "data"
    if not path.is_dir():
        pytest.skip(f"real shared data not found at {path} (present in CI beside the checkout; absent in a user's clone)")
    return path


@pytest.fixture(scope="session")
def demo_council(tmp_path_factory):
    """The demo council built once per test session through the whole pipeline: (settings, summary with keys)."""
    from service.pipeline import rebuild_demo

    folder = tmp_path_factory.mktemp("demo-council")
    demo_settings = Settings(db=folder / "complaints.db", model_dir=folder / "models")
    summary = rebuild_demo(demo_settings)
    return demo_settings, summary
@pytest.fixture
def seed_corpus(tmp_path) -> Path:
    """A folder holding the small hand-written theme seed set as train_seed.jsonl (trains in about a second)."""
    folder = tmp_path / "seed_corpus"
    folder.mkdir()
    (folder / "train_seed.jsonl").write_bytes((TEST_DATA / "themes" / "seed_train.jsonl").read_bytes())
    return folder
