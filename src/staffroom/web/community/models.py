"""Adult community: models."""

from __future__ import annotations
