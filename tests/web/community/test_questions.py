"""How group patterns are worded: about structures, only for shown groups that stand apart."""

from __future__ import annotations

from types import SimpleNamespace

import pytest

from staffroom.web.community.questions import group_label, measure_info, question


@pytest.mark.parametrize(
    ("attribute", "group", "label"),
    [
        ("role", "paraprofessional", "Staff in the role “paraprofessional”"),
        ("grade_band", "3-5", "Staff working with grades 3-5"),
        ("grade_band", "all grades", "Staff working with all grades"),
        ("hire_band", "hired in the last 2 years", "Staff hired in the last 2 years"),
        ("hire_band", "2 to 5 years", "Staff in the district 2 to 5 years"),
        ("race_ethnicity", "Multiracial", "Staff who describe themselves as Multiracial"),
        ("age_band", "30-39", "Staff aged 30-39"),
    ],
)
def test_group_labels(attribute, group, label):
    assert group_label(attribute, group) == label


def _row(value, overall, attribute="hire_band", group="hired in the last 2 years"):
    return SimpleNamespace(value=value, overall_value=overall, attribute=attribute, group=group)


def test_a_group_far_below_on_voluntary_learning_gets_a_question_about_structures():
    asked = question(_row(1.0, 2.0), measure_info("pl_voluntary_sessions"))
    assert asked is not None
    apart, text = asked
    assert apart == pytest.approx(0.5)
    assert text.startswith("Staff hired in the last 2 years attended fewer voluntary sessions")
    assert "(1.0 on average, against 2.0)" in text
    assert text.endswith("?")


@pytest.mark.parametrize(
    ("value", "overall"),
    [
        (None, 2.0),  # hidden group
        (float("nan"), 2.0),
        (1.0, None),  # hidden overall value
        (1.9, 2.0),  # not far enough apart
    ],
)
def test_no_question_for_hidden_or_close_values(value, overall):
    assert question(_row(value, overall), measure_info("pl_voluntary_sessions")) is None


def test_a_tiny_absolute_difference_in_a_rate_asks_nothing():
    # 0.2% against 0.1% is twice as much, but too small to mean anything
    assert question(_row(0.002, 0.001), measure_info("absence_rate")) is None


def test_lower_absence_is_not_questioned():
    assert question(_row(0.01, 0.05), measure_info("absence_rate")) is None
