"""Local items: a district adds its own questions to a cycle; staff answer them as a last
section; results analyse them like any scale, with the same suppression."""

from __future__ import annotations

import datetime as dt
import re

import pytest
from django.urls import reverse

from staffroom.analysis import analyze_survey
from staffroom.web.surveys.models import Cycle, Response
from staffroom.web.surveys.selectors import (
    LOCAL_SCALE_ID,
    cycle_instrument,
    cycle_responses_frame,
)
from staffroom.web.surveys.services import (
    MAX_LOCAL_ITEMS,
    Submission,
    cycle_create,
    local_items_build,
    open_link_create,
    response_submit,
)
from tests.web.factories import PASSWORD


def _cycle(cast, items):
    cycle = cycle_create(
        district=cast.district,
        title="Spring",
        instrument_id="staff-climate",
        opens_on=dt.date(2026, 3, 1),
        closes_on=dt.date(2026, 3, 31),
        min_n=5,
        schools=[cast.school],
        local_items=items,
    )
    Cycle.objects.filter(pk=cycle.pk).update(status=Cycle.OPEN)
    cycle.refresh_from_db()
    return cycle


def test_local_items_get_ids_and_wording_by_language():
    built = local_items_build(["We have time to plan together.", {"en": "A", "es": "B"}])
    assert built == [
        {"id": "LOCAL01", "text": {"en": "We have time to plan together."}},
        {"id": "LOCAL02", "text": {"en": "A", "es": "B"}},
    ]
    with pytest.raises(ValueError, match="at most"):
        local_items_build(["x"] * (MAX_LOCAL_ITEMS + 1))
    with pytest.raises(ValueError, match="English"):
        local_items_build([{"es": "solo español"}])


def test_the_cycle_form_reads_one_question_per_line(client, cast):
    client.login(username=cast.admin.username, password=PASSWORD)
    response = client.post(
        reverse("surveys:manage_cycle_new"),
        {
            "title": "Spring",
            "instrument_id": "staff-climate",
            "schools": [cast.school.pk],
            "opens_on": "2026-03-01",
            "closes_on": "2026-03-31",
            "min_n": "5",
            "local_items": "We have time to plan together. | Tenemos tiempo para planear juntos.\n\n"
            "Our new schedule works.",
        },
    )
    assert response.status_code in (302, 303), response.content.decode()[:2000]
    cycle = Cycle.objects.get(title="Spring")
    assert cycle.local_items == [
        {
            "id": "LOCAL01",
            "text": {
                "en": "We have time to plan together.",
                "es": "Tenemos tiempo para planear juntos.",
            },
        },
        {"id": "LOCAL02", "text": {"en": "Our new schedule works."}},
    ]


def test_too_many_local_questions_are_refused(client, cast):
    client.login(username=cast.admin.username, password=PASSWORD)
    response = client.post(
        reverse("surveys:manage_cycle_new"),
        {
            "title": "Spring",
            "instrument_id": "staff-climate",
            "schools": [cast.school.pk],
            "opens_on": "2026-03-01",
            "closes_on": "2026-03-31",
            "min_n": "5",
            "local_items": "\n".join(f"Question {i}" for i in range(11)),
        },
    )
    assert response.status_code == 200
    assert "At most 10" in response.content.decode()
    assert not Cycle.objects.exists()


def test_staff_answer_local_items_as_the_last_section_in_their_language(client, cast):
    cycle = _cycle(
        cast, [{"en": "Our new schedule works.", "es": "Nuestro nuevo horario funciona."}]
    )
    instrument = cycle_instrument(cycle)
    assert instrument.scales[-1].id == LOCAL_SCALE_ID
    assert instrument.id != "staff-climate"  # its own cache key
    link = open_link_create(cycle=cycle, school=cast.school)
    last = len(instrument.scales)
    page = client.get(f"/s/{link.token}/{last}/?lang=es").content.decode()
    assert "Nuestro nuevo horario funciona." in page
    assert re.search(r'name="LOCAL01"', page)


def test_local_items_are_stored_and_analysed_with_the_same_suppression(cast):
    cycle = _cycle(cast, ["Our new schedule works."])
    for number in range(10):  # two batches of 5 leave the ballot box
        response_submit(
            cycle=cycle,
            submission=Submission(answers={"LOCAL01": 1 + number % 5, "CT01": 3}),
            submission_key=f"key-{number}",
            school=cast.school,
            today=dt.date(2026, 3, 5),
        )
    assert Response.objects.filter(cycle=cycle).count() == 10
    frame = cycle_responses_frame(cycle)
    assert frame["LOCAL01"].notna().sum() == 10
    results = analyze_survey(
        frame, cycle_instrument(cycle).scale_specs(), group="school", min_n=cycle.min_n
    )
    shown = results.group_scales.loc[(cast.school.name, LOCAL_SCALE_ID)]
    assert not shown["suppressed"]
    assert shown["mean"] == pytest.approx(sum(1 + n % 5 for n in range(10)) / 10)
