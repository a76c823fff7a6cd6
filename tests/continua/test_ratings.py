"""A team's private ratings: spread per dimension, no names."""

from __future__ import annotations

import numpy as np
import pandas as pd
import pytest
from hypothesis import given
from hypothesis import strategies as st

from staffroom.continua import ContinuumError, load_builtin_continuum, rating_spread

CONTINUUM = load_builtin_continuum("staff-relationships")
TITLES_EN = {level.id: level.title["en"] for level in CONTINUUM.levels}
TITLES_ES = {level.id: level.title["es"] for level in CONTINUUM.levels}


def _ratings(rows: list[tuple[str, str, object]]) -> pd.DataFrame:
    return pd.DataFrame(rows, columns=["rater", "dimension", "level"])


def test_it_counts_each_level_and_takes_the_median():
    spread = rating_spread(
        CONTINUUM,
        _ratings(
            [
                ("Ana", "agreements", "emerging"),
                ("Ben", "agreements", "developing"),
                ("Cy", "agreements", "developing"),
                ("Di", "agreements", "advanced"),
                ("Ana", "relationships", "advanced"),
            ]
        ),
    )
    by_id = {s.dimension: s for s in spread}

    assert [s.dimension for s in spread] == CONTINUUM.dimension_ids
    assert by_id["agreements"].counts == {"emerging": 1, "developing": 2, "advanced": 1}
    assert by_id["agreements"].n == 4
    assert by_id["agreements"].median == 2.0
    assert by_id["agreements"].median_level == "developing"
    assert by_id["agreements"].median_label(TITLES_EN) == "Developing"
    assert by_id["relationships"].median == 3.0


def test_an_even_split_gives_a_median_between_two_levels():
    spread = rating_spread(
        CONTINUUM,
        _ratings([("a", "shared_influence", "developing"), ("b", "shared_influence", "advanced")]),
    )
    influence = next(s for s in spread if s.dimension == "shared_influence")

    assert influence.median == 2.5
    assert influence.median_level is None
    assert influence.median_label(TITLES_EN) == "between Developing and Advanced"
    assert influence.median_label(TITLES_ES, "es") == "entre En desarrollo y Avanzado"


def test_ranks_and_level_ids_may_be_mixed_and_blanks_are_skipped():
    spread = rating_spread(
        CONTINUUM,
        _ratings(
            [
                ("a", "agreements", 1),
                ("b", "agreements", "3"),
                ("c", "agreements", None),
                ("d", "agreements", np.nan),
                ("e", "agreements", "advanced"),
            ]
        ),
    )
    agreements = next(s for s in spread if s.dimension == "agreements")

    assert agreements.counts == {"emerging": 1, "developing": 0, "advanced": 2}
    assert agreements.n == 3
    assert agreements.median == 3.0


def test_a_dimension_nobody_rated_has_no_median():
    spread = rating_spread(CONTINUUM, _ratings([]))

    assert all(s.n == 0 and s.median is None for s in spread)
    assert spread[0].median_label(TITLES_EN) == "—"
    assert spread[0].counts == {"emerging": 0, "developing": 0, "advanced": 0}


def test_a_small_team_is_shown_and_no_name_appears_anywhere():
    spread = rating_spread(CONTINUUM, _ratings([("Zelda Quinn", "agreements", "advanced")]))

    assert spread[1].n == 1
    assert "Zelda" not in repr(spread)


@pytest.mark.parametrize(
    ("rows", "expected"),
    [
        ([("a", "trust", "advanced")], "ratings: row 1: dimension 'trust' is not one of"),
        (
            [("a", "agreements", 2), ("b", "agreements", "expert")],
            "ratings: row 2: level 'expert' is not one of emerging, developing, advanced",
        ),
        ([("a", "agreements", 4)], "ratings: row 1: level 4 is not one of"),
        ([("a", "agreements", 1.5)], "ratings: row 1: level 1.5 is not one of"),
    ],
)
def test_unknown_dimensions_and_levels_name_the_row(rows, expected):
    with pytest.raises(ContinuumError) as caught:
        rating_spread(CONTINUUM, _ratings(rows))
    assert str(caught.value).startswith(expected)


def test_missing_columns_are_named():
    with pytest.raises(ContinuumError, match="no column 'level'"):
        rating_spread(CONTINUUM, pd.DataFrame({"dimension": []}))


def test_other_column_names_may_be_given():
    frame = pd.DataFrame({"dim": ["agreements"], "rating": ["developing"]})
    spread = rating_spread(CONTINUUM, frame, dimension="dim", level="rating")
    assert spread[1].counts["developing"] == 1


@given(st.lists(st.tuples(st.sampled_from(CONTINUUM.dimension_ids), st.integers(1, 3))))
def test_counts_add_up_and_the_median_matches_numpy(rows):
    frame = pd.DataFrame(rows, columns=["dimension", "level"])
    for spread in rating_spread(CONTINUUM, frame):
        given_ranks = [rank for dim, rank in rows if dim == spread.dimension]
        assert spread.n == len(given_ranks) == sum(spread.counts.values())
        if given_ranks:
            assert spread.median == float(np.median(given_ranks))
        else:
            assert spread.median is None
