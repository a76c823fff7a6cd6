"""Charts: Vega-Lite specs rendered once to an accessible inline SVG."""

from __future__ import annotations

import re

from staffroom.web.results import charts
from staffroom.web.results.charts import DistributionBar, MeanPoint

OPTIONS = ("Strongly disagree", "Disagree", "Neither", "Agree", "Strongly agree")


def _comparison() -> dict:
    points = [
        MeanPoint("Trust among colleagues", "Alder", 3.21),
        MeanPoint("Trust among colleagues", "District", 3.4),
        MeanPoint("Collective efficacy", "Alder", 4.05),
    ]
    return charts.scale_comparison_spec(
        points, low=1, high=5, series=("Alder", "District"), x_title="Mean"
    )


def test_an_svg_is_one_image_with_a_title_and_an_aria_label():
    svg = charts.render_svg(_comparison(), label='Means <by> "scale" & more')
    opening = re.match(r"<svg[^>]*>", svg).group(0)
    assert 'role="img"' in opening
    assert 'aria-label="Means &lt;by&gt; &quot;scale&quot; &amp; more"' in opening
    assert svg[len(opening) :].startswith(
        "<title>Means &lt;by&gt; &quot;scale&quot; &amp; more</title>"
    )
    assert opening.count("class=") == 1
    inner = svg[len(opening) :]
    assert " role=" not in inner
    assert "aria-" not in inner


def test_chart_text_is_escaped():
    spec = charts.distribution_spec(
        [DistributionBar("<b>bold</b> & co", (0.2, 0.2, 0.2, 0.2, 0.2))],
        options=OPTIONS,
        x_title="Share",
    )
    svg = charts.render_svg(spec, label="x")
    assert "<b>" not in svg
    assert "&lt;b&gt;bold&lt;/b&gt; &amp; co" in svg


def test_the_same_spec_is_rendered_once():
    spec = _comparison()
    charts.render_svg(spec, label="a")
    before = charts._svg.cache_info().hits
    charts.render_svg(dict(reversed(list(spec.items()))), label="b")
    assert charts._svg.cache_info().hits == before + 1


def test_long_labels_are_shortened_at_a_word_and_kept_apart():
    long = "I can count on my colleagues to do what they say they will do, always"
    assert charts._short(long) == "I can count on my colleagues to do what they…"
    assert charts._unique_short([long + " A", long + " B"]) == [
        "1. I can count on my colleagues to do what…",
        "2. I can count on my colleagues to do what…",
    ]


def test_the_comparison_chart_plots_school_and_district_on_the_answer_range():
    spec = _comparison()
    layer = spec["layer"][1]
    assert layer["encoding"]["x"]["scale"]["domain"] == [1, 5]
    values = next(iter(spec["datasets"].values()))
    assert {(v["label"], v["series"], v["mean"]) for v in values} == {
        ("Trust among colleagues", "Alder", 3.21),
        ("Trust among colleagues", "District", 3.4),
        ("Collective efficacy", "Alder", 4.05),
    }


def test_distribution_bars_stack_to_one_hundred_percent_in_answer_order():
    spec = charts.distribution_spec(
        [DistributionBar("Q", (0.1, 0.2, 0.3, 0.25, 0.15))], options=OPTIONS, x_title="Share"
    )
    assert spec["encoding"]["x"]["stack"] == "normalize"
    assert spec["encoding"]["color"]["scale"]["domain"] == list(OPTIONS)
    values = next(iter(spec["datasets"].values()))
    assert [v["option"] for v in sorted(values, key=lambda v: v["order"])] == list(OPTIONS)


def test_the_cached_page_helpers_return_svg():
    svg = charts.feedback_svg(
        (MeanPoint("March 2026", "Trust", 3.1), MeanPoint("April 2026", "Trust", 3.3)),
        low=1,
        high=5,
        y_title="Mean",
        label="Feedback by month",
    )
    assert svg.startswith("<svg")
    assert "<title>Feedback by month</title>" in svg
