"""docs/continuum.md documents every key a continuum file may use."""

from __future__ import annotations

from pathlib import Path

import staffroom.continua as continua
from staffroom.continua.loader import ALLOWED_KEYS

DOCS = Path(__file__).resolve().parents[2] / "docs"


def test_every_continuum_key_is_in_docs_continuum():
    documented = (DOCS / "continuum.md").read_text(encoding="utf-8")
    keys = {key for levels in ALLOWED_KEYS.values() for group in levels for key in group}
    missing = sorted(key for key in keys if f"`{key}`" not in documented)
    assert not missing, f"undocumented continuum keys: {missing}"


def test_every_public_continua_name_is_in_docs_continuum():
    documented = (DOCS / "continuum.md").read_text(encoding="utf-8")
    missing = [name for name in continua.__all__ if f"`{name}`" not in documented]
    assert not missing, f"not in docs/continuum.md: {missing}"
