"""Connection map: models."""

from __future__ import annotations
