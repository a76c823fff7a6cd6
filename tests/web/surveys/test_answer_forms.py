"""The answer forms: what a respondent may send, checked on the server."""

from __future__ import annotations

import pytest

from staffroom.demo.synthetic import DEMOGRAPHIC_COLUMNS
from staffroom.instruments import load_builtin
from staffroom.web.surveys.forms import (
    COMMENT_MAX_LENGTH,
    DEMOGRAPHIC_CHOICES,
    PREFER_NOT,
    AboutForm,
    CommentsForm,
    SectionForm,
    SubmitForm,
    text_questions,
)
from staffroom.web.surveys.selectors import DEMOGRAPHIC_FIELDS
from staffroom.web.surveys.services import Submission

INSTRUMENT = load_builtin("staff-climate")
SCALE = INSTRUMENT.scales[0]
ITEM = SCALE.items[0].id
QUESTION = text_questions(INSTRUMENT)[0].id
KEY = "k" * 32


@pytest.mark.parametrize(
    ("value", "expected"),
    [("1", 1), ("5", 5), (PREFER_NOT, PREFER_NOT), ("", None)],
)
def test_a_section_accepts_points_of_the_scale_prefer_not_or_nothing(value, expected):
    form = SectionForm({ITEM: value}, scale=SCALE)
    assert form.is_valid(), form.errors
    assert form.answers().get(ITEM) == expected


@pytest.mark.parametrize("value", ["0", "6", "9", "3.0", "-1", "x", "prefer not", "None"])
def test_a_section_refuses_anything_else(value):
    form = SectionForm({ITEM: value}, scale=SCALE)
    assert not form.is_valid()
    assert ITEM in form.errors


def test_a_section_refuses_items_of_another_section():
    other = INSTRUMENT.scales[1].items[0].id
    form = SectionForm({other: "3"}, scale=SCALE)
    assert not form.is_valid()
    assert form.non_field_errors()


def test_the_demographic_bands_are_the_synthetic_data_bands():
    for name in DEMOGRAPHIC_FIELDS:
        assert set(DEMOGRAPHIC_CHOICES[name]) == {v for v in DEMOGRAPHIC_COLUMNS[name][0] if v}


def test_about_you_keeps_chosen_bands_and_drops_prefer_not_to_say():
    form = AboutForm({"role": "teacher", "age_band": ""})
    assert form.is_valid(), form.errors
    assert form.demographics() == {"role": "teacher"}


def test_about_you_refuses_a_value_outside_the_list():
    form = AboutForm({"role": "head of science, 3rd floor"})
    assert not form.is_valid()
    assert "role" in form.errors


def test_about_you_defaults_to_prefer_not_to_say():
    form = AboutForm()
    for name in DEMOGRAPHIC_FIELDS:
        assert form.fields[name].choices[0][0] == ""


@pytest.mark.parametrize(
    ("raw", "stored"),
    [
        ("  Planning time \r\n together  ", "Planning time \n together"),
        ("<b>not bold</b>", "<b>not bold</b>"),
        ("bell\x07 ring", "bell ring"),
        ("   ", ""),
    ],
)
def test_a_comment_is_stored_as_plain_stripped_text(raw, stored):
    form = CommentsForm({QUESTION: raw}, questions=text_questions(INSTRUMENT))
    assert form.is_valid(), form.errors
    assert form.comments().get(QUESTION, "") == stored


def test_a_comment_over_the_limit_is_refused():
    questions = text_questions(INSTRUMENT)
    assert CommentsForm({QUESTION: "a" * COMMENT_MAX_LENGTH}, questions=questions).is_valid()
    assert not CommentsForm(
        {QUESTION: "a" * (COMMENT_MAX_LENGTH + 1)}, questions=questions
    ).is_valid()


def test_the_comment_box_says_its_maximum_length():
    form = CommentsForm(questions=text_questions(INSTRUMENT))
    assert f'maxlength="{COMMENT_MAX_LENGTH}"' in str(form[QUESTION])


def _submit(draft, key=KEY, expected=KEY):
    return SubmitForm(
        {"submission_key": key}, instrument=INSTRUMENT, draft=draft, expected_key=expected
    )


def test_submit_builds_the_submission_from_the_saved_answers():
    form = _submit(
        {
            "answers": {ITEM: 4, SCALE.items[1].id: PREFER_NOT},
            "demographics": {"role": "teacher", "age_band": ""},
            "comments": {QUESTION: "  More time  "},
            "step": "review",
            "lang": "es",
        }
    )
    assert form.is_valid(), form.errors
    assert form.submission == Submission(
        answers={ITEM: 4, SCALE.items[1].id: None},
        demographics={"role": "teacher"},
        comments={QUESTION: "More time"},
    )


@pytest.mark.parametrize(
    "draft",
    [
        {"answers": {ITEM: 9}},
        {"answers": {ITEM: 0}},
        {"answers": {ITEM: 4.5}},
        {"answers": {ITEM: True}},
        {"answers": {ITEM: "4"}},
        {"answers": {"NOT_AN_ITEM": 3}},
        {"answers": [3]},
        {"demographics": {"role": "principal"}},
        {"demographics": {"shoe_size": "9"}},
        {"comments": {"NOT_A_QUESTION": "hello"}},
        {"comments": {QUESTION: 12}},
        {"comments": {QUESTION: "x" * (COMMENT_MAX_LENGTH + 1)}},
    ],
)
def test_submit_refuses_anything_outside_the_instrument(draft):
    form = _submit(draft)
    assert not form.is_valid()


def test_submit_refuses_a_key_other_than_the_one_the_review_page_carried():
    assert not _submit({}, key="a" * 32, expected="b" * 32).is_valid()
    assert not _submit({}, key="a" * 32, expected="").is_valid()


@pytest.mark.parametrize("key", ["short", "has space in it", "x" * 65, "semi;colon-key"])
def test_submit_refuses_a_malformed_key_chosen_by_a_client(key):
    assert not _submit({}, key=key, expected=None).is_valid()


def test_submit_accepts_a_well_formed_key_chosen_by_a_client():
    assert _submit({}, key="t1-1-0000abcd", expected=None).is_valid()
