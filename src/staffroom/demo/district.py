"""The fictional demo district: schools, sizes and a survey of their staff.

Everything here is invented. Names are generic place names; any resemblance to a
real school is accidental.
"""

from __future__ import annotations

import numpy as np
import pandas as pd

from staffroom.demo.synthetic import synthetic_survey
from staffroom.instruments import load_builtin

__all__ = ["DEMO_SCHOOLS", "DEMO_SEED", "demo_survey"]

DEMO_SEED = 20261124

DEMO_SCHOOLS: list[tuple[str, int]] = [
    ("Alder Elementary", 38),
    ("Birch Creek Elementary", 45),
    ("Cedar Hill Elementary", 29),
    ("Dogwood Elementary", 52),
    ("Elm Street Elementary", 33),
    ("Fir Grove K-8", 61),
    ("Hawthorn Middle", 68),
    ("Juniper Middle", 47),
    ("Linden High", 96),
    ("Maple Ridge High", 84),
    ("Oakwood Alternative High", 14),
    ("Willow Early Learning Center", 4),
]
"""(school, staff who answered) for the demo survey; the last is under the minimum."""


def demo_survey(seed: int = DEMO_SEED) -> pd.DataFrame:
    """The demo district's answers to the Staff Trust, Community and Collective Efficacy survey."""
    rng = np.random.default_rng(seed)
    instrument = load_builtin("staff-climate")
    names = [name for name, _ in DEMO_SCHOOLS]
    sizes = [size for _, size in DEMO_SCHOOLS]
    return synthetic_survey(
        instrument.scale_specs(), sizes, rng, missing=0.04, school_labels=names, school_spread=0.3
    )
