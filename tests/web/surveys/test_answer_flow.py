"""Answering a survey through an open link or an invitation, with the test client."""

from __future__ import annotations

import json
import re
from html.parser import HTMLParser

import pytest
from django.urls import reverse

from staffroom.instruments import load_builtin
from staffroom.web.surveys.models import (
    BallotEntry,
    Cycle,
    Invitation,
    Response,
    SubmissionReceipt,
)
from staffroom.web.surveys.services import (
    cycle_close,
    invitation_create,
    open_link_create,
    token_hash,
)
from tests.web.factories import CycleFactory, SchoolFactory

INSTRUMENT = load_builtin("staff-climate")
SCALES = INSTRUMENT.scales
TEXT_QUESTIONS = [q.id for q in INSTRUMENT.questions if q.type == "text"]


# --- helpers (also used by test_answer_pages.py) ------------------------------------------


def url(kind: str, step: str, token: str) -> str:
    """``step``: "start", a section number, "about", "comments", "review" or "submit"."""
    if step.isdigit():
        return reverse(f"surveys:answer_{kind}_section", args=[token, int(step)])
    return reverse(f"surveys:answer_{kind}_{step}", args=[token])


def section_answers(number: int, value: str = "4") -> dict[str, str]:
    return {item.id: value for item in SCALES[number - 1].items}


def submission_key(html: str) -> str:
    match = re.search(r'name="submission_key" value="([^"]+)"', html)
    assert match, "the review page has no submission key"
    return match.group(1)


def answer_everything(client, kind: str, token: str, comment: str = "Shared planning time"):
    """Walk start → every section → about you → comments → review; return the review."""
    assert client.get(url(kind, "start", token)).status_code == 200
    for number in range(1, len(SCALES) + 1):
        assert client.get(url(kind, str(number), token)).status_code == 200
        response = client.post(
            url(kind, str(number), token), {**section_answers(number), "action": "next"}
        )
        assert response.status_code == 303, response.content.decode()
    response = client.post(url(kind, "about", token), {"role": "teacher", "action": "next"})
    assert response.status_code == 303
    assert response["Location"] == url(kind, "comments", token)
    response = client.post(
        url(kind, "comments", token), {TEXT_QUESTIONS[0]: comment, "action": "next"}
    )
    assert response.status_code == 303
    assert response["Location"] == url(kind, "review", token)
    review = client.get(url(kind, "review", token))
    assert review.status_code == 200
    return review


def saved_state(client) -> dict:
    """What the answer flow keeps in this client's session."""
    return {k: v for k, v in client.session.items() if k.startswith("answer:")}


def stored_count() -> int:
    return BallotEntry.objects.count() + Response.objects.count()


class Html(HTMLParser):
    """The parts of a page the accessibility checks look at."""

    def __init__(self, html: str) -> None:
        super().__init__()
        self.lang: str | None = None
        self.h1 = 0
        self.label_for: set[str] = set()
        self.ids: list[str] = []
        self.controls: list[tuple[str, dict[str, str | None], bool]] = []
        self.radios_outside_legend: list[str] = []
        self.fieldsets: list[bool] = []  # per open fieldset: has it a legend?
        self.label_depth = 0
        self.attrs_by_id: dict[str, dict[str, str | None]] = {}
        self.headings: list[int] = []
        self.feed(html)

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        a = dict(attrs)
        if a.get("id"):
            self.ids.append(str(a["id"]))
            self.attrs_by_id[str(a["id"])] = a
        if re.fullmatch(r"h[1-6]", tag):
            self.headings.append(int(tag[1]))
        if tag == "html":
            self.lang = a.get("lang")
        elif tag == "h1":
            self.h1 += 1
        elif tag == "label":
            self.label_depth += 1
            if a.get("for"):
                self.label_for.add(str(a["for"]))
        elif tag == "fieldset":
            self.fieldsets.append(False)
        elif tag == "legend" and self.fieldsets:
            self.fieldsets[-1] = True
        elif tag in {"input", "select", "textarea", "progress"}:
            if tag == "input" and a.get("type") in {"hidden", "submit", "button"}:
                return
            self.controls.append((tag, a, self.label_depth > 0))
            if a.get("type") == "radio" and not (self.fieldsets and self.fieldsets[-1]):
                self.radios_outside_legend.append(str(a.get("name")))

    def handle_endtag(self, tag: str) -> None:
        if tag == "label":
            self.label_depth -= 1
        elif tag == "fieldset" and self.fieldsets:
            self.fieldsets.pop()

    def unlabelled(self) -> list[str]:
        return [
            f"{tag} {a}"
            for tag, a, inside_label in self.controls
            if not inside_label and a.get("id") not in self.label_for
        ]


# --- fixtures -------------------------------------------------------------------------------


@pytest.fixture
def cycle(db):
    return CycleFactory(instrument_id="staff-climate", min_n=5)


@pytest.fixture
def school(cycle):
    return SchoolFactory(district=cycle.district, name="Alder Elementary")


@pytest.fixture
def link(cycle, school):
    return open_link_create(cycle=cycle, school=school)


@pytest.fixture
def invitation(cycle, school):
    return invitation_create(cycle=cycle, contact="ana@example.org", school=school)


# --- open link ------------------------------------------------------------------------------


def test_an_open_link_walks_every_screen_and_stores_exactly_one_response(client, link, school):
    review = answer_everything(client, "open", link.token)
    response = client.post(
        url("open", "submit", link.token), {"submission_key": submission_key(review.text)}
    )
    assert response.status_code == 200
    assert "Thank you" in response.text
    assert stored_count() == 1
    entry = BallotEntry.objects.get()
    expected = {item.id: 4 for scale in SCALES for item in scale.items}
    assert entry.answers == expected
    assert entry.demographics == {"role": "teacher"}
    assert entry.comments == {TEXT_QUESTIONS[0]: "Shared planning time"}
    assert entry.school == school
    assert entry.submitted_on is not None


def test_the_start_page_explains_anonymity_with_the_group_sizes(client, link, cycle):
    cycle.min_n = 7
    cycle.save()
    district = cycle.district
    district.comment_min_n = 12
    district.save()
    page = client.get(url("open", "start", link.token)).text
    assert "No one can see your individual answers" in page
    assert "groups of at least 7 people" in page
    assert "groups of at least 12 people" in page
    assert "do not name anyone" in page
    assert url("open", "1", link.token) in page


def test_a_double_submit_stores_one_response_and_thanks_both_times(client, link):
    review = answer_everything(client, "open", link.token)
    key = submission_key(review.text)
    first = client.post(url("open", "submit", link.token), {"submission_key": key})
    second = client.post(url("open", "submit", link.token), {"submission_key": key})
    assert first.status_code == second.status_code == 200
    assert "Thank you" in first.text
    assert "Thank you" in second.text
    assert stored_count() == 1
    assert SubmissionReceipt.objects.count() == 1


def test_a_retry_before_the_session_records_success_is_a_repeat_not_a_second_response(client, link):
    review = answer_everything(client, "open", link.token)
    key = submission_key(review.text)
    saved = dict(client.session.items())  # the session as it was before sending
    client.post(url("open", "submit", link.token), {"submission_key": key})
    session = client.session
    session.update(saved)  # as if the session write had been lost
    session.save()
    again = client.post(url("open", "submit", link.token), {"submission_key": key})
    assert again.status_code == 200
    assert "Thank you" in again.text
    assert stored_count() == 1


def test_the_session_forgets_the_answers_once_they_are_sent(client, link):
    review = answer_everything(client, "open", link.token)
    client.post(url("open", "submit", link.token), {"submission_key": submission_key(review.text)})
    stored_state = [v for k, v in client.session.items() if k.startswith("answer:")]
    assert stored_state
    assert all("draft" not in state for state in stored_state)
    page = client.get(url("open", "1", link.token)).text
    assert " checked" not in page


def test_the_session_keeps_nothing_that_leads_to_the_stored_receipt(client, link, cycle):
    """A session may later belong to a signed-in user: it must not hold the key whose
    hash is the receipt written in the same transaction as the answers."""
    review = answer_everything(client, "open", link.token)
    key = submission_key(review.text)
    client.post(url("open", "submit", link.token), {"submission_key": key})
    receipt = token_hash(f"{cycle.pk}:{key}")
    assert SubmissionReceipt.objects.filter(key_hash=receipt).exists()
    session_text = json.dumps(dict(client.session.items()))
    assert key not in session_text
    assert receipt not in session_text
    again = client.post(url("open", "submit", link.token), {"submission_key": key})
    assert again.status_code == 200  # a repeat is still recognised and thanked
    assert stored_count() == 1


def test_back_keeps_the_answers_of_the_screen_being_left(client, link):
    response = client.post(
        url("open", "2", link.token), {**section_answers(2, "2"), "action": "back"}
    )
    assert response.status_code == 303
    assert response["Location"] == url("open", "1", link.token)
    page = client.get(url("open", "2", link.token)).text
    first_item = SCALES[1].items[0].id
    assert re.search(rf'id="q-{first_item}-2" value="2" checked', page)


def test_prefer_not_to_answer_is_stored_as_no_answer(client, link):
    item = SCALES[0].items[0].id
    client.post(url("open", "1", link.token), {item: "prefer_not", "action": "next"})
    page = client.get(url("open", "1", link.token)).text
    assert re.search(rf'id="q-{item}-prefer_not" value="prefer_not" checked', page)
    review = client.get(url("open", "review", link.token))
    client.post(url("open", "submit", link.token), {"submission_key": submission_key(review.text)})
    assert BallotEntry.objects.get().answers == {item: None}


def test_nothing_is_required(client, link):
    review = client.get(url("open", "review", link.token))
    response = client.post(
        url("open", "submit", link.token), {"submission_key": submission_key(review.text)}
    )
    assert response.status_code == 200
    entry = BallotEntry.objects.get()
    assert (entry.answers, entry.demographics, entry.comments) == ({}, {}, {})


def test_an_answer_outside_the_scale_is_refused_with_an_error_linked_to_the_question(client, link):
    item = SCALES[0].items[0].id
    response = client.post(
        url("open", "1", link.token), {**section_answers(1), item: "9", "action": "next"}
    )
    assert response.status_code == 200
    page = Html(response.text)
    assert page.attrs_by_id[f"q-{item}-error"] is not None
    assert f'aria-describedby="q-{item}-error"' in response.text
    assert "Choose one of the answers shown" in response.text
    assert response.text.count('class="error-summary"') == 1
    assert f'href="#q-{item}-1"' in response.text
    assert not saved_state(client)
    review = client.get(url("open", "review", link.token))
    client.post(url("open", "submit", link.token), {"submission_key": submission_key(review.text)})
    assert BallotEntry.objects.get().answers == {}


@pytest.mark.parametrize("value", ["0", "6", "4.5", "-1", " 4", "four"])
def test_values_that_are_not_a_point_of_the_scale_are_refused(client, link, value):
    item = SCALES[0].items[0].id
    response = client.post(url("open", "1", link.token), {item: value, "action": "next"})
    assert response.status_code == 200
    assert f"q-{item}-error" in response.text
    assert not saved_state(client)


def test_an_answer_to_a_question_not_on_the_screen_is_refused(client, link):
    other = SCALES[1].items[0].id
    response = client.post(url("open", "1", link.token), {other: "3", "action": "next"})
    assert response.status_code == 200
    assert "does not ask" in response.text
    assert not saved_state(client)


def test_a_demographic_outside_the_list_is_refused(client, link):
    response = client.post(url("open", "about", link.token), {"role": "principal's nephew"})
    assert response.status_code == 200
    assert 'aria-describedby="id_role-error"' in response.text
    assert not saved_state(client)


def test_a_comment_longer_than_the_limit_is_refused(client, link):
    response = client.post(url("open", "comments", link.token), {TEXT_QUESTIONS[0]: "x" * 2001})
    assert response.status_code == 200
    assert f"id_{TEXT_QUESTIONS[0]}-error" in response.text
    assert not saved_state(client)


def test_html_in_a_comment_is_kept_as_text_and_shown_escaped(client, link):
    comment = '<script>alert("hi")</script><b>bold</b>'
    review = answer_everything(client, "open", link.token, comment=comment)
    assert "<script>alert" not in review.text
    assert "<b>bold</b>" not in review.text
    assert (
        "&lt;script&gt;alert(&quot;hi&quot;)&lt;/script&gt;&lt;b&gt;bold&lt;/b&gt;" in review.text
    )
    page = client.get(url("open", "comments", link.token)).text
    assert "<script>alert" not in page
    client.post(url("open", "submit", link.token), {"submission_key": submission_key(review.text)})
    assert BallotEntry.objects.get().comments == {TEXT_QUESTIONS[0]: comment}


def test_a_stale_submission_key_is_refused_and_nothing_is_stored(client, link):
    client.get(url("open", "review", link.token))
    response = client.post(url("open", "submit", link.token), {"submission_key": "x" * 32})
    assert response.status_code == 400
    assert "out of date" in response.text
    assert stored_count() == 0


def test_spanish_wording_comes_from_the_instrument_and_the_page_says_lang_es(client, link):
    start = client.get(url("open", "start", link.token), {"lang": "es"})
    assert Html(start.text).lang == "es"
    assert start["Content-Language"] == "es"
    assert INSTRUMENT.title["es"] in start.text
    section = client.get(url("open", "1", link.token))  # the choice is remembered
    assert Html(section.text).lang == "es"
    assert SCALES[0].title["es"] in section.text
    assert SCALES[0].items[0].text["es"] in section.text
    assert "Totalmente de acuerdo" in section.text
    assert "Prefiero no responder" in section.text
    english = client.get(url("open", "1", link.token), {"lang": "en"})
    assert Html(english.text).lang == "en"
    assert "Strongly agree" in english.text


def test_an_unsupported_language_falls_back_to_english(client, link):
    page = client.get(url("open", "start", link.token), {"lang": "xx"})
    assert Html(page.text).lang == "en"


def test_an_unknown_token_says_the_link_is_not_valid(client, db):
    response = client.get(url("open", "start", "no-such-token-anywhere"))
    assert response.status_code == 404
    assert "This link is not valid" in response.text
    response = client.get(url("invite", "start", "no-such-token-anywhere"))
    assert response.status_code == 404


def test_a_switched_off_link_is_not_valid(client, link):
    link.active = False
    link.save()
    for step in ("start", "1", "review"):
        response = client.get(url("open", step, link.token))
        assert response.status_code == 404
        assert "This link is not valid" in response.text


def test_a_closed_survey_says_so_with_410(client, link, cycle):
    review = answer_everything(client, "open", link.token)
    Cycle.objects.filter(pk=cycle.pk).update(status=Cycle.CLOSED)
    for step in ("start", "1", "about"):
        response = client.get(url("open", step, link.token))
        assert response.status_code == 410
        assert "This survey is closed" in response.text
    response = client.post(
        url("open", "submit", link.token), {"submission_key": submission_key(review.text)}
    )
    assert response.status_code == 410
    assert stored_count() == 0


def test_a_link_switched_off_after_its_pages_were_read_stops_at_once(client, link):
    """Pages reuse a link read moments ago only while its state is unchanged."""
    assert client.get(url("open", "start", link.token)).status_code == 200
    type(link).objects.filter(pk=link.pk).update(active=False)
    response = client.get(url("open", "start", link.token))
    assert response.status_code == 404
    assert "This link is not valid" in response.text


def test_a_survey_closed_between_review_and_send_stores_nothing(client, link, cycle, monkeypatch):
    review = answer_everything(client, "open", link.token)
    real_find = __import__("staffroom.web.surveys.answer_views", fromlist=["_find"])._find

    def find_then_close(kind, token):
        found = real_find(kind, token)
        Cycle.objects.filter(pk=cycle.pk).update(status=Cycle.CLOSED)
        return found

    monkeypatch.setattr("staffroom.web.surveys.answer_views._find", find_then_close)
    response = client.post(
        url("open", "submit", link.token), {"submission_key": submission_key(review.text)}
    )
    assert response.status_code == 410
    assert stored_count() == 0


def test_a_link_of_a_cycle_closed_by_cycle_close_says_closed(client, link, cycle):
    cycle_close(cycle=cycle)
    response = client.get(url("open", "start", link.token))
    assert response.status_code == 410


def test_a_draft_cycle_is_not_open_yet(client, link, cycle):
    Cycle.objects.filter(pk=cycle.pk).update(status=Cycle.DRAFT)
    response = client.get(url("open", "start", link.token))
    assert response.status_code == 404
    assert "not open yet" in response.text


def test_pages_with_answers_are_not_cached(client, link):
    response = client.get(url("open", "1", link.token))
    assert "no-store" in response["Cache-Control"]


def test_a_section_page_takes_few_queries(client, link, django_assert_max_num_queries):
    client.post(url("open", "1", link.token), {**section_answers(1), "action": "next"})
    with django_assert_max_num_queries(2):  # the session, the link with its cycle
        client.get(url("open", "1", link.token))


def test_the_question_block_is_rendered_once_per_language_and_section(client, link):
    from staffroom.web.surveys.answer_views import _section_block

    _section_block.cache_clear()
    for _ in range(3):
        client.get(url("open", "1", link.token))
        client.get(url("open", "1", link.token), {"lang": "es"})
    info = _section_block.cache_info()
    assert (info.misses, info.hits) == (2, 4)
    page = client.get(url("open", "1", link.token), {"lang": "en"}).text
    assert " checked" not in page


# --- invitations ----------------------------------------------------------------------------


def test_an_invitation_saves_every_screen_and_resumes_on_another_device(
    client, invitation, django_user_model
):
    from django.test import Client

    record, token = invitation
    client.get(url("invite", "start", token))
    client.post(url("invite", "1", token), {**section_answers(1, "5"), "action": "next"})
    client.post(url("invite", "2", token), {**section_answers(2, "2"), "action": "next"})
    record.refresh_from_db()
    assert record.draft["answers"] == {
        **{k: 5 for k in section_answers(1)},
        **{k: 2 for k in section_answers(2)},
    }
    assert record.draft["step"] == "3"

    later = Client()  # another day, another device: no session
    start = later.get(url("invite", "start", token))
    assert "Welcome back, your answers so far are saved" in start.text
    assert url("invite", "3", token) in start.text
    first = later.get(url("invite", "1", token)).text
    item = SCALES[0].items[0].id
    assert re.search(rf'id="q-{item}-5" value="5" checked', first)

    for number in range(3, len(SCALES) + 1):
        later.post(url("invite", str(number), token), {**section_answers(number), "action": "next"})
    later.post(url("invite", "about", token), {"age_band": "30-39"})
    later.post(url("invite", "comments", token), {TEXT_QUESTIONS[1]: "More time together"})
    review = later.get(url("invite", "review", token))
    response = later.post(
        url("invite", "submit", token), {"submission_key": submission_key(review.text)}
    )
    assert response.status_code == 200
    assert "Thank you" in response.text
    record.refresh_from_db()
    assert record.responded is True
    assert record.draft == {}
    entry = BallotEntry.objects.get()
    assert entry.answers[item] == 5
    assert entry.answers[SCALES[2].items[0].id] == 4
    assert entry.demographics == {"age_band": "30-39"}
    assert entry.comments == {TEXT_QUESTIONS[1]: "More time together"}


def test_an_invitation_in_progress_answers_never_reach_the_ballot_before_send(client, invitation):
    _record, token = invitation
    client.post(url("invite", "1", token), {**section_answers(1), "action": "next"})
    assert stored_count() == 0


def test_a_used_invitation_says_already_answered_and_a_retry_is_still_thanks(client, invitation):
    from django.test import Client

    _record, token = invitation
    review = answer_everything(client, "invite", token)
    key = submission_key(review.text)
    assert "Thank you" in client.post(url("invite", "submit", token), {"submission_key": key}).text

    for step in ("start", "1", "review"):
        page = client.get(url("invite", step, token))
        assert page.status_code == 200
        assert "You have already answered, thank you" in page.text

    again = client.post(url("invite", "submit", token), {"submission_key": key})
    assert "Thank you" in again.text
    elsewhere = Client().post(url("invite", "submit", token), {"submission_key": key})
    assert "Thank you" in elsewhere.text
    other_key = Client().post(url("invite", "submit", token), {"submission_key": "k" * 32})
    assert "You have already answered" in other_key.text
    assert stored_count() == 1
    assert SubmissionReceipt.objects.count() == 1


def test_a_used_invitation_never_saves_a_draft_again(client, invitation):
    record, token = invitation
    review = answer_everything(client, "invite", token)
    client.post(url("invite", "submit", token), {"submission_key": submission_key(review.text)})
    client.post(url("invite", "1", token), {**section_answers(1), "action": "next"})
    record.refresh_from_db()
    assert record.draft == {}


def test_an_invitation_answers_in_its_saved_language(client, cycle, school):
    record, token = invitation_create(cycle=cycle, contact="b@example.org", language="es")
    page = client.get(url("invite", "start", token))
    assert Html(page.text).lang == "es"
    assert isinstance(record, Invitation)


def test_an_invitation_of_a_closed_cycle_is_no_longer_valid(client, invitation, cycle):
    _record, token = invitation
    cycle_close(cycle=cycle)
    assert client.get(url("invite", "start", token)).status_code == 404


def test_saved_answers_can_be_erased_from_the_start_page(client, link):
    client.post(url("open", "1", link.token), {**section_answers(1), "action": "next"})
    start = client.get(url("open", "start", link.token)).text
    assert "Welcome back" in start
    assert 'value="clear"' in start
    response = client.post(url("open", "start", link.token), {"action": "clear"})
    assert response.status_code == 303
    start = client.get(url("open", "start", link.token)).text
    assert "Welcome back" not in start
    assert " checked" not in client.get(url("open", "1", link.token)).text


def test_an_invitation_draft_can_be_erased(client, invitation):
    record, token = invitation
    client.post(url("invite", "1", token), {**section_answers(1), "action": "next"})
    client.post(url("invite", "start", token), {"action": "clear"})
    record.refresh_from_db()
    assert not record.draft.get("answers")


def test_an_open_link_keeps_unsent_answers_only_until_the_browser_closes(client, link):
    client.post(url("open", "1", link.token), {**section_answers(1), "action": "next"})
    assert client.session.get_expire_at_browser_close()
