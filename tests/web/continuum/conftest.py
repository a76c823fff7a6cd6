"""Fixtures of the continuum app's tests: a started round and a drafted agreement set
for the cast's school (Alder)."""

from __future__ import annotations

import datetime as dt

import pytest

from staffroom.web.continuum import services
from staffroom.web.continuum.models import AgreementSet, AssessmentRound
from tests.web.conftest import Cast

TODAY = dt.date(2026, 11, 24)
CONTINUUM = "staff-relationships"
PAUSE = {
    "who_benefits": "New staff, who get clear expectations from day one.",
    "who_carries": "Grade-team leads, who run the meetings; we rotate facilitation.",
    "whose_voice": "Paraprofessionals; we will ask them at their own meeting in January.",
}


@pytest.fixture
def alder_round(cast: Cast) -> AssessmentRound:
    return services.round_start(
        district=cast.district,
        school=cast.school,
        continuum_id=CONTINUUM,
        title="Fall 2026",
        started_by=cast.leader,
        today=TODAY,
    )


@pytest.fixture
def alder_set(cast: Cast) -> AgreementSet:
    return services.agreement_set_draft(
        district=cast.district,
        school=cast.school,
        title="How Alder works together",
        agreements=["We start and end meetings on time.", "We assume good intent."],
        drafted_by=cast.leader,
        today=TODAY,
    )
