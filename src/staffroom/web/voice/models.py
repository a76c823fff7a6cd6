"""Shared leadership and voice: models."""

from __future__ import annotations
