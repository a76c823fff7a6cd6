"""Every answer page, in English and Spanish: one h1, headings in order, the page's
language, radio groups in fieldsets with legends, a label for every control."""

from __future__ import annotations

import itertools

import pytest
from django.test import Client

from staffroom.web.surveys.models import Cycle
from staffroom.web.surveys.services import invitation_create, open_link_create
from tests.web.factories import CycleFactory, SchoolFactory
from tests.web.surveys.test_answer_flow import (
    SCALES,
    TEXT_QUESTIONS,
    Html,
    answer_everything,
    section_answers,
    submission_key,
    url,
)


def _pages(lang: str) -> dict[str, str]:
    """Every page a respondent can meet, rendered in ``lang``."""
    cycle = CycleFactory(instrument_id="staff-climate")
    school = SchoolFactory(district=cycle.district)
    token = open_link_create(cycle=cycle, school=school).token
    client = Client()
    pages: dict[str, str] = {}
    pages["start"] = client.get(url("open", "start", token), {"lang": lang}).text
    for number in range(1, len(SCALES) + 1):
        pages[f"section {number}"] = client.get(url("open", str(number), token)).text
    item = SCALES[0].items[0].id
    pages["section with an error"] = client.post(
        url("open", "1", token), {item: "9", "action": "next"}
    ).text
    pages["about"] = client.get(url("open", "about", token)).text
    pages["about with an error"] = client.post(url("open", "about", token), {"role": "x"}).text
    pages["comments"] = client.get(url("open", "comments", token)).text
    pages["comments with an error"] = client.post(
        url("open", "comments", token), {TEXT_QUESTIONS[0]: "x" * 2001}
    ).text
    client.post(url("open", "1", token), {**section_answers(1), "action": "next"})
    client.post(url("open", "comments", token), {TEXT_QUESTIONS[0]: "Ideas", "action": "next"})
    review = client.get(url("open", "review", token)).text
    pages["review"] = review
    pages["review with an error"] = client.post(
        url("open", "submit", token), {"submission_key": "stale-key-000"}
    ).text
    pages["thanks"] = client.post(
        url("open", "submit", token), {"submission_key": submission_key(review)}
    ).text

    _invitation, invite_token = invitation_create(cycle=cycle, contact="a@example.org")
    invited = Client()
    invited.get(url("invite", "start", invite_token), {"lang": lang})
    invited.post(url("invite", "1", invite_token), {**section_answers(1), "action": "next"})
    pages["invitation welcome back"] = invited.get(url("invite", "start", invite_token)).text
    review = answer_everything(invited, "invite", invite_token).text
    invited.post(url("invite", "submit", invite_token), {"submission_key": submission_key(review)})
    pages["already answered"] = invited.get(url("invite", "start", invite_token)).text

    pages["not valid"] = client.get(url("open", "start", "not-a-real-token")).text
    Cycle.objects.filter(pk=cycle.pk).update(status=Cycle.CLOSED)
    pages["closed"] = client.get(url("open", "start", token)).text
    return pages


@pytest.fixture(params=["en", "es"])
def pages(request, db):
    return request.param, {name: Html(html) for name, html in _pages(request.param).items()}


def test_every_page_has_exactly_one_h1(pages):
    _lang, parsed = pages
    assert {name: page.h1 for name, page in parsed.items() if page.h1 != 1} == {}


def test_headings_start_at_h1_and_never_skip_a_level(pages):
    _lang, parsed = pages
    for name, page in parsed.items():
        levels = page.headings
        assert levels[0] == 1, name
        assert all(b <= a + 1 for a, b in itertools.pairwise(levels)), name


def test_every_page_says_its_language(pages):
    lang, parsed = pages
    assert {name: page.lang for name, page in parsed.items() if page.lang != lang} == {}


def test_every_radio_group_is_a_fieldset_with_a_legend(pages):
    _lang, parsed = pages
    radios = sum(
        1 for page in parsed.values() for tag, a, _ in page.controls if a.get("type") == "radio"
    )
    assert radios > 0
    assert {
        name: p.radios_outside_legend for name, p in parsed.items() if p.radios_outside_legend
    } == {}


def test_every_control_has_a_label(pages):
    _lang, parsed = pages
    assert {name: p.unlabelled() for name, p in parsed.items() if p.unlabelled()} == {}


def test_ids_are_unique_on_every_page(pages):
    _lang, parsed = pages
    for name, page in parsed.items():
        assert len(page.ids) == len(set(page.ids)), name


def test_each_section_shows_its_progress_with_a_labelled_progress_bar(pages):
    _lang, parsed = pages
    total = len(SCALES) + 2  # the scales, about you, comments
    for number in range(1, len(SCALES) + 1):
        progress = parsed[f"section {number}"].attrs_by_id["answer-progress"]
        assert progress["value"] == str(number)
        assert progress["max"] == str(total)
        assert "answer-progress" in parsed[f"section {number}"].label_for


def test_every_item_offers_prefer_not_to_answer(pages):
    _lang, parsed = pages
    page = parsed["section 1"]
    for item in SCALES[0].items:
        assert f"q-{item.id}-prefer_not" in page.ids


def test_error_messages_are_tied_to_their_field(pages):
    _lang, parsed = pages
    item = SCALES[0].items[0].id
    assert parsed["section with an error"].attrs_by_id[f"q-{item}-error"] is not None
    assert "id_role-error" in parsed["about with an error"].attrs_by_id
    comment_box = parsed["comments with an error"].attrs_by_id[f"id_{TEXT_QUESTIONS[0]}"]
    assert f"id_{TEXT_QUESTIONS[0]}-error" in str(comment_box["aria-describedby"])
    assert comment_box["maxlength"] == "2000"
