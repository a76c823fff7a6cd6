"""The built-in instruments: complete, bilingual, referenced and combinable."""

from __future__ import annotations

from collections import Counter
from collections.abc import Iterator

import pytest

from staffroom.instruments import Instrument, builtin_ids, load_builtin
from staffroom.instruments.model import Text

BUILTINS = ["agreements-check", "collective-leadership", "exit", "pulse", "staff-climate"]

CLIMATE_SCALES = [
    "colleague_trust",
    "leader_trust",
    "district_trust",
    "community",
    "collective_efficacy",
    "shared_influence",
    "voice_safety",
]


@pytest.fixture(scope="module")
def instruments() -> dict[str, Instrument]:
    return {instrument_id: load_builtin(instrument_id) for instrument_id in builtin_ids()}


def _texts(instrument: Instrument) -> Iterator[tuple[str, Text]]:
    """Every piece of wording in an instrument, with where it is."""
    yield "title", instrument.title
    yield "description", instrument.description
    for scale in instrument.scales:
        yield f"scale {scale.id} title", scale.title
        yield f"scale {scale.id} description", scale.description
        for item in scale.items:
            yield f"item {item.id}", item.text
    for question in instrument.questions:
        yield f"question {question.id}", question.text
        if question.help:
            yield f"question {question.id} help", question.help
        for option in question.options:
            yield f"question {question.id} option {option.id}", option.label


def test_the_builtins_are_the_four_documented_ones():
    assert builtin_ids() == BUILTINS


@pytest.mark.parametrize("instrument_id", BUILTINS)
def test_each_builtin_loads_under_its_own_id(instrument_id):
    instrument = load_builtin(instrument_id)

    assert instrument.id == instrument_id
    assert instrument.scales
    assert instrument.languages == ("en", "es")


def test_staff_climate_has_the_seven_scales_in_order(instruments):
    assert [s.id for s in instruments["staff-climate"].scales] == CLIMATE_SCALES


def test_staff_climate_has_between_35_and_45_scored_items(instruments):
    assert 35 <= len(instruments["staff-climate"].item_ids) <= 45


def test_staff_climate_has_two_open_text_questions(instruments):
    questions = instruments["staff-climate"].questions

    assert [q.type for q in questions] == ["text", "text"]


def test_staff_climate_has_reverse_keyed_items(instruments):
    climate = instruments["staff-climate"]
    reverse = [item.id for scale in climate.scales for item in scale.items if item.reverse]

    assert reverse
    assert all(spec.reverse for spec in climate.scale_specs()), "each scale has a reverse item"


def test_every_staff_climate_scale_has_several_items(instruments):
    for scale in instruments["staff-climate"].scales:
        assert len(scale.items) >= 4, scale.id


def test_pulse_has_one_item_per_staff_climate_scale(instruments):
    pulse = instruments["pulse"]

    assert [s.id for s in pulse.scales] == CLIMATE_SCALES
    assert all(len(scale.items) == 1 for scale in pulse.scales)


def test_pulse_scales_use_the_same_answer_points_as_staff_climate(instruments):
    climate, pulse = instruments["staff-climate"], instruments["pulse"]

    for scale in pulse.scales:
        full = climate.scale(scale.id)
        assert (scale.answers.low, scale.answers.high) == (full.answers.low, full.answers.high)


@pytest.mark.parametrize("instrument_id", BUILTINS)
def test_every_text_is_given_in_english_and_spanish(instruments, instrument_id):
    for where, text in _texts(instruments[instrument_id]):
        assert set(text) == {"en", "es"}, f"{instrument_id}: {where}"
        assert all(value.strip() for value in text.values()), f"{instrument_id}: {where}"


@pytest.mark.parametrize("instrument_id", BUILTINS)
def test_spanish_wording_is_a_translation_not_a_copy(instruments, instrument_id):
    for where, text in _texts(instruments[instrument_id]):
        assert text["en"] != text["es"], f"{instrument_id}: {where}"


@pytest.mark.parametrize("instrument_id", BUILTINS)
def test_every_answer_set_offers_prefer_not_to_answer_in_both_languages(instruments, instrument_id):
    for scale in instruments[instrument_id].scales:
        answers = scale.answers
        assert set(answers.prefer_not_to_answer) == {"en", "es"}, scale.id
        assert all(answers.prefer_not_to_answer.values()), scale.id
        assert set(answers.labels) == {"en", "es"}, scale.id
        points = answers.high - answers.low + 1
        assert all(len(labels) == points for labels in answers.labels.values()), scale.id


@pytest.mark.parametrize("instrument_id", BUILTINS)
def test_every_scale_names_its_construct_and_a_reference_that_resolves(instruments, instrument_id):
    instrument = instruments[instrument_id]
    for scale in instrument.scales:
        assert scale.construct.strip(), scale.id
        assert scale.references, scale.id
        for ref in scale.references:
            assert instrument.references[ref].strip(), f"{scale.id}: {ref}"


@pytest.mark.parametrize("instrument_id", BUILTINS)
def test_every_reference_is_cited_by_some_scale(instruments, instrument_id):
    instrument = instruments[instrument_id]
    cited = {ref for scale in instrument.scales for ref in scale.references}

    assert set(instrument.references) == cited


def test_every_item_id_is_unique_across_all_builtins(instruments):
    counts = Counter(
        item_id for instrument in instruments.values() for item_id in instrument.item_ids
    )

    assert [item_id for item_id, n in counts.items() if n > 1] == []


def test_no_question_id_clashes_with_an_item_id_of_another_builtin(instruments):
    items = {item_id for instrument in instruments.values() for item_id in instrument.item_ids}
    questions = [q.id for instrument in instruments.values() for q in instrument.questions]

    assert items.isdisjoint(questions)
    assert len(questions) == len(set(questions))


@pytest.mark.parametrize("instrument_id", BUILTINS)
def test_every_builtin_gives_the_engine_valid_scale_specs(instruments, instrument_id):
    specs = instruments[instrument_id].scale_specs()

    assert [spec.id for spec in specs] == [s.id for s in instruments[instrument_id].scales]
    assert all(spec.high > spec.low for spec in specs)
