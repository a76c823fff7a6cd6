"""PDSA cycles move Plan, Do, Study, Act in order, each stage closed by an equity pause."""

from __future__ import annotations

import datetime as dt

import pytest

from staffroom.web.improvement.models import PdsaCycle
from staffroom.web.improvement.services import (
    PdsaStageError,
    pdsa_advance,
    pdsa_create,
    pdsa_stage_save,
)

pytestmark = pytest.mark.django_db

TODAY = dt.date(2026, 11, 24)
PAUSE = {
    "who_benefits": "New staff.",
    "who_carries": "Team leads, so the role rotates.",
    "whose_voice": "Paraprofessionals; asked this week.",
}


@pytest.fixture
def cycle(cast) -> PdsaCycle:
    return pdsa_create(
        district=cast.district,
        school=cast.school,
        title="Huddles",
        change_idea="Weekly huddles",
        prediction="Trust rises by a quarter point",
        started_on=TODAY,
        user=cast.leader,
    )


def _finish_stage(cycle, stage, cast):
    pdsa_stage_save(
        cycle=cycle, stage=stage, notes=f"{stage} notes", pause=PAUSE, user=cast.leader, today=TODAY
    )


def test_a_new_cycle_starts_at_plan_with_a_record_for_each_stage(cycle):
    assert cycle.stage == PdsaCycle.PLAN
    assert sorted(cycle.stages.values_list("stage", flat=True)) == ["act", "do", "plan", "study"]
    assert list(cycle.events.values_list("text", flat=True)) == ["Started the cycle at Plan."]


def test_it_moves_through_the_stages_in_order_and_finishes_with_a_decision(cycle, cast):
    seen = []
    for stage in ("plan", "do", "study"):
        _finish_stage(cycle, stage, cast)
        pdsa_advance(cycle=cycle, user=cast.leader, today=TODAY)
        seen.append(cycle.stage)
    assert seen == ["do", "study", "act"]
    _finish_stage(cycle, "act", cast)
    with pytest.raises(PdsaStageError, match="adopt, adapt or abandon"):
        pdsa_advance(cycle=cycle, user=cast.leader, today=TODAY)
    pdsa_advance(cycle=cycle, user=cast.leader, today=TODAY, decision=PdsaCycle.ADAPT)
    cycle.refresh_from_db()
    assert (cycle.stage, cycle.decision, cycle.finished_on) == ("done", "adapt", TODAY)
    with pytest.raises(PdsaStageError, match="finished"):
        pdsa_advance(cycle=cycle, user=cast.leader, today=TODAY)
    history = list(cycle.events.values_list("text", flat=True))
    assert "Moved from Plan to Do." in history
    assert history[-1] == "Finished the cycle: Adapt: change it and test again."


def test_it_does_not_move_on_without_notes(cycle, cast):
    with pytest.raises(PdsaStageError, match="notes"):
        pdsa_advance(cycle=cycle, user=cast.leader, today=TODAY)


def test_it_does_not_move_on_without_the_whole_equity_pause(cycle, cast):
    pdsa_stage_save(
        cycle=cycle,
        stage="plan",
        notes="notes",
        pause={**PAUSE, "whose_voice": "  "},
        user=cast.leader,
        today=TODAY,
    )
    with pytest.raises(PdsaStageError, match="equity pause"):
        pdsa_advance(cycle=cycle, user=cast.leader, today=TODAY)
    assert PdsaCycle.objects.get(pk=cycle.pk).stage == "plan"


def test_a_stage_ahead_cannot_be_written(cycle, cast):
    with pytest.raises(PdsaStageError, match="not started"):
        _finish_stage(cycle, "study", cast)


def test_an_earlier_stage_can_be_amended_and_the_pause_is_dated(cycle, cast):
    _finish_stage(cycle, "plan", cast)
    pdsa_advance(cycle=cycle, user=cast.leader, today=TODAY)
    record = pdsa_stage_save(
        cycle=cycle, stage="plan", notes="amended", pause=PAUSE, user=cast.leader, today=TODAY
    )
    assert record.notes == "amended"
    assert record.paused_on == TODAY
    assert record.equity_pause_done


def test_it_refuses_a_school_of_another_district(cast):
    with pytest.raises(ValueError, match="district"):
        pdsa_create(
            district=cast.outsider.district,
            school=cast.school,
            title="x",
            change_idea="x",
            prediction="x",
            started_on=TODAY,
            user=None,
        )
