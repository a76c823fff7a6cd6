"""Access-matrix entries for the improvement app's URLs (merged into
tests/web/test_access_matrix.py).
"""

from __future__ import annotations

from tests.web.access import Case

MATRIX: dict[str, tuple[Case, ...]] = {}
