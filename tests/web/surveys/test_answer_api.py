"""The JSON submission endpoint: ``POST s/<token>/responses`` (scripts, load tests)."""

from __future__ import annotations

import json

import pytest
from django.urls import reverse

from staffroom.instruments import load_builtin
from staffroom.web.surveys.models import BallotEntry, Cycle, Response
from staffroom.web.surveys.services import open_link_create
from tests.web.factories import CycleFactory, SchoolFactory

ITEMS = load_builtin("staff-climate").item_ids


@pytest.fixture
def link(db):
    cycle = CycleFactory(instrument_id="staff-climate")
    return open_link_create(cycle=cycle, school=SchoolFactory(district=cycle.district))


def _post(client, token, body):
    return client.post(
        reverse("surveys:answer_open_responses", args=[token]),
        data=json.dumps(body),
        content_type="application/json",
    )


def _stored():
    return BallotEntry.objects.count() + Response.objects.count()


def test_a_json_submission_is_stored_once_and_acknowledged_with_its_key(client, link):
    body = {
        "submission_key": "t1-1-0000abcd",
        "answers": {ITEMS[0]: 4, ITEMS[1]: None},
        "demographics": {"role": "teacher"},
        "comments": {},
    }
    first = _post(client, link.token, body)
    again = _post(client, link.token, body)
    assert (first.status_code, again.status_code) == (201, 200)
    assert first.json() == {"status": "stored", "submission_key": "t1-1-0000abcd"}
    assert again.json()["status"] == "repeat"
    assert _stored() == 1
    assert BallotEntry.objects.get().answers == {ITEMS[0]: 4, ITEMS[1]: None}


def test_a_json_submission_needs_no_csrf_token(link):
    from django.test import Client

    strict = Client(enforce_csrf_checks=True)
    response = _post(strict, link.token, {"submission_key": "abcdefgh12", "answers": {}})
    assert response.status_code == 201


@pytest.mark.parametrize(
    "body",
    [
        {"submission_key": "abcdefgh12", "answers": {ITEMS[0]: 6}},
        {"submission_key": "abcdefgh12", "answers": {"ZZ99": 3}},
        {"submission_key": "abcdefgh12", "demographics": {"role": "wizard"}},
        {"submission_key": "bad key!", "answers": {}},
        {"answers": {ITEMS[0]: 3}},
        ["not", "an", "object"],
    ],
)
def test_a_json_submission_outside_the_instrument_is_refused(client, link, body):
    response = _post(client, link.token, body)
    assert response.status_code == 400
    assert _stored() == 0


def test_a_body_that_is_not_json_is_refused(client, link):
    response = client.post(
        reverse("surveys:answer_open_responses", args=[link.token]),
        data="answers=1",
        content_type="text/plain",
    )
    assert response.status_code == 400


def test_json_submissions_to_unknown_or_closed_links_are_refused(client, link):
    assert _post(client, "unknown-token-123", {"submission_key": "abcdefgh12"}).status_code == 404
    Cycle.objects.filter(pk=link.cycle_id).update(status=Cycle.CLOSED)
    assert _post(client, link.token, {"submission_key": "abcdefgh12"}).status_code == 410
    assert _stored() == 0


def test_the_json_endpoint_only_takes_post(client, link):
    response = client.get(reverse("surveys:answer_open_responses", args=[link.token]))
    assert response.status_code == 405


def test_a_link_read_moments_before_its_cycle_closed_still_stores_nothing(client, link):
    first = _post(client, link.token, {"submission_key": "before-close-1", "answers": {}})
    assert first.status_code == 201  # the link is now cached in this process
    Cycle.objects.filter(pk=link.cycle_id).update(status=Cycle.CLOSED)
    after = _post(client, link.token, {"submission_key": "after-close-2", "answers": {}})
    assert after.status_code == 410
    assert BallotEntry.objects.count() + Response.objects.count() == 1
