"""Continuum and agreements: models."""

from __future__ import annotations
