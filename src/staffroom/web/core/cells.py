"""Reading one cell of an engine table for a page: hidden values come back as None.

The engine marks a suppressed number as NaN or ``pd.NA``; every page shows those as
"hidden", so the conversion lives here once for the results, indicator and improvement
selectors.
"""

from __future__ import annotations

import math
from typing import Any

import pandas as pd

__all__ = ["count_or_none", "number_or_none"]


def number_or_none(value: Any) -> float | None:
    """A float from an engine table cell; None for a hidden (NaN or NA) value."""
    if value is None or value is pd.NA:
        return None
    number = float(value)
    return None if math.isnan(number) else number


def count_or_none(value: Any) -> int | None:
    """A whole count from an engine table cell; None for a hidden (NaN or NA) value."""
    number = number_or_none(value)
    return None if number is None else int(number)
