"""Fixtures of the voice app's tests: the demo district with only this app's part seeded."""

from __future__ import annotations

import datetime as dt

import pytest

import staffroom.web.core.demo as core_demo
import staffroom.web.voice.demo

TODAY = dt.date(2026, 11, 24)


def seed_voice_demo(monkeypatch: pytest.MonkeyPatch) -> core_demo.DemoDistrict:
    """The demo district (schools, roster, users) plus this app's seeder only, so these
    tests do not depend on other apps' demo data."""
    monkeypatch.setattr(core_demo, "_APP_SEEDERS", (staffroom.web.voice.demo.seed_demo,))
    return core_demo.demo_seed(today=TODAY)


@pytest.fixture
def voice_demo(db, monkeypatch: pytest.MonkeyPatch) -> core_demo.DemoDistrict:
    return seed_voice_demo(monkeypatch)
