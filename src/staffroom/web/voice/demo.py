"""Shared leadership and voice: the demo district's data (fictional, seeded)."""

from __future__ import annotations

import datetime as dt

import numpy as np

from staffroom.web.orgs.models import District


def seed_demo(district: District, *, rng: np.random.Generator, today: dt.date) -> None:
    """Add this app's part of the demo district (called by ``core.demo.demo_seed``)."""
