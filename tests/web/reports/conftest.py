"""The results tests' seeded district serves the reports too (same numbers, same hiding)."""

from tests.web.results.conftest import _fresh_results_cache, survey  # noqa: F401
