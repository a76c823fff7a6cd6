"""Continuous improvement: models."""

from __future__ import annotations
