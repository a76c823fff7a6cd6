"""This app's rows of the access matrix, walked on their own (the project-wide walk in
tests/web/test_access_matrix.py runs the same cases)."""

from __future__ import annotations

import pytest

from tests.web.access import World, build_world
from tests.web.network.access_cases import MATRIX
from tests.web.test_access_matrix import test_access_matrix as walk


@pytest.fixture
def world(cast) -> World:
    return build_world(cast)


@pytest.mark.parametrize(
    ("name", "index"),
    [(name, i) for name, cases in MATRIX.items() for i in range(len(cases))],
)
def test_network_access(world: World, name: str, index: int):
    walk(world, name, index)
