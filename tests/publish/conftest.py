"""Fixtures for publishing: a built publication, and the real CKAN from the environment.

The CKAN tests need ``CKAN_URL`` and ``CKAN_API_KEY`` (``scripts/services/ckan.sh env``).
Without them they are skipped, unless ``NERIMA_REQUIRE_SERVICES=1`` (set by
``scripts/test.sh``), which turns the skip into a failure so that CI cannot go green
without the real catalog.
"""

from __future__ import annotations

import os
import shutil
import uuid
from dataclasses import dataclass
from pathlib import Path

import pytest

from nerima_opendata import build_publication


@dataclass(frozen=True)
class Ckan:
    """The catalog under test."""

    url: str
    api_key: str
    organization: str


@pytest.fixture(scope="session")
def built(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """A publication built once per session from the shipped package (do not modify)."""
    out = tmp_path_factory.mktemp("built") / "out"
    build_publication(out)
    return out


@pytest.fixture
def publication(built: Path, tmp_path: Path) -> Path:
    """A private copy of the built publication, free to change."""
    target = tmp_path / "out"
    shutil.copytree(built, target)
    return target


@pytest.fixture(scope="session")
def ckan() -> Ckan:
    """The real CKAN started by scripts/services/ckan.sh, from the environment."""
    url, key = os.environ.get("CKAN_URL"), os.environ.get("CKAN_API_KEY")
    if not url or not key:
        message = "CKAN_URL / CKAN_API_KEY not set: start scripts/services/ckan.sh"
        if os.environ.get("NERIMA_REQUIRE_SERVICES") == "1":
            pytest.fail(f"{message} (NERIMA_REQUIRE_SERVICES=1)")
        pytest.skip(message)
    return Ckan(url=url, api_key=key, organization=os.environ.get("CKAN_ORG", "t131202"))


@pytest.fixture
def dataset_name(request: pytest.FixtureRequest) -> str:
    """A dataset name no other test uses."""
    stem = "".join(c if c.isalnum() else "-" for c in request.node.name.lower())[:60]
    return f"t-{stem.strip('-')}-{uuid.uuid4().hex[:8]}"
