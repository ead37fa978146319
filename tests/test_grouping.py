"""The test run's own set-up: scripts/test.sh runs the tests with ``pytest -n auto --dist
loadgroup``, and each file's tests must run in one worker (its module fixtures made once),
the files of the shared services all in one (tests/conftest.py)."""

from __future__ import annotations

import os

import pytest


def test_loadgroup_puts_this_file_in_its_group(request: pytest.FixtureRequest) -> None:
    """xdist 3.8 marks a grouped test's ID with its group, when its hook sees the group
    (tests/conftest.py's hook must run first) and the ID can be changed (not with pytest
    9.2: pytest-dev/pytest-xdist#1386). Without it, every test went to any worker. (A
    later xdist may pass the groups otherwise: then this test must follow it.)"""
    if not os.environ.get("PYTEST_XDIST_WORKER") or not request.config.getoption("loadgroup"):
        pytest.skip("not run by pytest -n N --dist loadgroup (scripts/test.sh)")
    assert request.node.nodeid.endswith("@tests/test_grouping.py"), request.node.nodeid
