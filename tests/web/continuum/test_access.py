"""This app's access matrix (``access_cases.MATRIX``), walked against the app's own URLs
so it runs even while other apps are half-built (test_access_matrix walks it too)."""

from __future__ import annotations

import pytest

from tests.web.access import World, build_world
from tests.web.continuum.access_cases import MATRIX

pytestmark = [pytest.mark.django_db, pytest.mark.urls("tests.web.continuum.urls")]


@pytest.fixture
def world(cast) -> World:
    return build_world(cast)


@pytest.mark.parametrize(
    ("name", "index"),
    [
        pytest.param(name, i, id=f"{name}[{case.method} {case.org}]")
        for name, cases in MATRIX.items()
        for i, case in enumerate(cases)
    ],
)
def test_access(world: World, name: str, index: int) -> None:
    from tests.web.test_access_matrix import MATRIX as ALL
    from tests.web.test_access_matrix import test_access_matrix

    assert ALL[name] == MATRIX[name]
    test_access_matrix(world, name, index)
