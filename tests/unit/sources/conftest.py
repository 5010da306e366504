"""A content repository, a version store and a git source following it, in a tmp folder."""

from __future__ import annotations

from pathlib import Path

import pytest

from kiosk.sources.git import GitSource
from kiosk.sources.store import VersionStore
from tests.helpers.git_repo import ContentRepo


@pytest.fixture
def repo(tmp_path: Path) -> ContentRepo:
    return ContentRepo(tmp_path / "repo")


@pytest.fixture
def store(tmp_path: Path) -> VersionStore:
    return VersionStore(tmp_path / "versions", keep=3)


@pytest.fixture
def source(repo: ContentRepo, store: VersionStore) -> GitSource:
    return GitSource(repo.url, "main", store.root / "git")
