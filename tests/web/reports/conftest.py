"""The results tests' seeded district serves the reports too (same numbers, same hiding);
the demo district (``demo_seed``) fills every section at once.

Every cache keyed on database ids is cleared around each test, since ids repeat between
tests: the results analyses, the improvement metric series and the indicator panel.
"""

from __future__ import annotations

import pytest

from staffroom.web.community.selectors import indicators_cache_clear
from staffroom.web.core.demo import DemoDistrict, demo_seed
from staffroom.web.improvement.selectors import metric_series_cache_clear
from tests.web.results.conftest import _fresh_results_cache, survey  # noqa: F401


@pytest.fixture(autouse=True)
def _fresh_report_caches():
    metric_series_cache_clear()
    indicators_cache_clear()
    yield
    metric_series_cache_clear()
    indicators_cache_clear()


@pytest.fixture
def demo(db) -> DemoDistrict:
    """The fictional demo district: every domain has data for Alder Elementary."""
    return demo_seed()
