"""The test run's own set-up: scripts/test.sh runs the tests with ``pytest -n auto --dist
loadgroup``, and each file's tests must run in one worker (its module fixtures made once),
the files of the shared services all in one (tests/conftest.py)."""

from __future__ import annotations

import os

import pytest


def test_loadgroup_puts_this_file_in_its_group(request: pytest.FixtureRequest) -> None:
    """xdist marks a grouped test's ID with its group; pytest 9.2 with xdist 3.8 does not
    (pytest-dev/pytest-xdist#1386), and every test went to any worker."""
    if not os.environ.get("PYTEST_XDIST_WORKER") or not request.config.getoption("loadgroup"):
        pytest.skip("not run by pytest -n N --dist loadgroup (scripts/test.sh)")
    assert request.node.nodeid.endswith("@tests/test_grouping.py"), request.node.nodeid
