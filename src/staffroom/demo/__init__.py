"""Fictional, reproducible demo data (clearly labelled as such wherever it is shown)."""

from staffroom.demo.district import DEMO_SCHOOLS, DEMO_SEED, demo_survey
from staffroom.demo.synthetic import (
    DEMOGRAPHIC_COLUMNS,
    benchmark_scales,
    school_sizes,
    synthetic_survey,
)

__all__ = [
    "DEMOGRAPHIC_COLUMNS",
    "DEMO_SCHOOLS",
    "DEMO_SEED",
    "benchmark_scales",
    "demo_survey",
    "school_sizes",
    "synthetic_survey",
]
