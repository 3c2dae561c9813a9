"""Shared fixtures: the bundled corpus, and one store built from it once per test session."""

from __future__ import annotations

import shutil
from collections.abc import Iterator
from importlib import resources
from pathlib import Path

import pytest
from budgetkg.kg.build import build
from budgetkg.kg.store import EmbeddedStore


@pytest.fixture(scope="session")
def corpus_dir() -> Path:
    """The folder of the bundled documents."""
    return Path(str(resources.files("budgetkg.corpus")))


@pytest.fixture(scope="session")
def built_store_dir(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """A store folder built once from the bundled corpus, then closed (copy it to write)."""
    folder = tmp_path_factory.mktemp("built") / "store"
    store = EmbeddedStore(str(folder))
    build(store)
    store.close()
    return folder


@pytest.fixture(scope="session")
def built_store(built_store_dir: Path) -> Iterator[EmbeddedStore]:
    """The built store, opened read-only: share it, never write to it."""
    store = EmbeddedStore(str(built_store_dir), read_only=True)
    yield store
    store.close()


@pytest.fixture
def store_copy(built_store_dir: Path, tmp_path: Path) -> Path:
    """A private, writable copy of the built store's folder."""
    return Path(shutil.copytree(built_store_dir, tmp_path / "store"))
