"""Invitation and reminder emails (django-tasks; the immediate backend in tests)."""

from __future__ import annotations

import re

import pytest
from django.core import mail
from django.test import override_settings
from django.urls import reverse

from staffroom.web.surveys.models import Cycle, Invitation
from staffroom.web.surveys.services import (
    CycleStateError,
    cycle_close,
    invitation_create,
    token_hash,
)
from staffroom.web.surveys.tasks import (
    cycle_reminders_queue,
    invitation_email_send,
    invitation_reissue,
    reminder_email_send,
)
from tests.web.factories import CycleFactory

LINK = re.compile(r"http://127\.0\.0\.1:8000/i/([A-Za-z0-9_-]+)/")


@pytest.fixture
def cycle(cast):
    cycle = CycleFactory(district=cast.district, status=Cycle.OPEN, title="Spring climate")
    cycle.schools.set([cast.school])
    return cycle


def _invite(cycle, school, contact, **kwargs):
    return invitation_create(cycle=cycle, contact=contact, school=school, **kwargs)


def _token_in(message) -> str:
    tokens = LINK.findall(message.body)
    assert len(tokens) == 1, message.body
    return tokens[0]


def test_the_invitation_email_carries_the_personal_link(cast, cycle):
    invitation, _ = _invite(cycle, cast.school, "ana@example.org")
    result = invitation_email_send.enqueue(invitation_id=invitation.pk)
    assert result.return_value is True
    [message] = mail.outbox
    assert message.to == ["ana@example.org"]
    assert "Spring climate" in message.subject
    token = _token_in(message)
    invitation.refresh_from_db()
    assert invitation.token_hash == token_hash(token)
    assert "Riverbend Unified" in message.body
    assert "anonymous" in message.body
    assert "replaces" not in message.body


def test_the_token_never_travels_through_the_task_queue(cast, cycle):
    invitation, _ = _invite(cycle, cast.school, "ana@example.org")
    result = invitation_email_send.enqueue(invitation_id=invitation.pk)
    assert result.args == [] or all("token" not in str(a) for a in result.args)
    assert result.kwargs == {"invitation_id": invitation.pk}


@override_settings(STAFFROOM_BASE_URL="https://survey.example.org/")
def test_the_link_uses_the_configured_address(cast, cycle):
    invitation, _ = _invite(cycle, cast.school, "ana@example.org")
    invitation_email_send.enqueue(invitation_id=invitation.pk)
    assert re.search(r"https://survey\.example\.org/i/[A-Za-z0-9_-]{32}/", mail.outbox[0].body)


def test_the_invitation_email_is_in_the_persons_language(cast, cycle):
    invitation, _ = _invite(cycle, cast.school, "ana@example.org", language="es")
    invitation_email_send.enqueue(invitation_id=invitation.pk)
    english, _ = _invite(cycle, cast.school, "ben@example.org", language="en")
    invitation_email_send.enqueue(invitation_id=english.pk)
    spanish_mail, english_mail = mail.outbox
    # Staffroom's own catalogue need not be compiled yet; Django's is, so the dates
    # show which language the email was written in.
    assert "1 de marzo de 2026" in spanish_mail.body
    assert "March 1, 2026" in english_mail.body


@pytest.mark.parametrize("why", ["staff id only", "used", "closed"])
def test_no_invitation_email_when_it_could_not_work(cast, cycle, why):
    contact = "10234" if why == "staff id only" else "ana@example.org"
    invitation, _ = _invite(cycle, cast.school, contact)
    if why == "used":
        Invitation.objects.filter(pk=invitation.pk).update(responded=True)
    if why == "closed":
        cycle_close(cycle=cycle)
    result = invitation_email_send.enqueue(invitation_id=invitation.pk)
    assert result.return_value is False
    assert mail.outbox == []


def test_reminders_go_only_to_those_who_have_not_answered(cast, cycle):
    waiting, old_token = _invite(cycle, cast.school, "ana@example.org")
    answered, _ = _invite(cycle, cast.school, "ben@example.org")
    Invitation.objects.filter(pk=answered.pk).update(responded=True)
    _invite(cycle, cast.school, "10377")  # no email address: cannot be reminded
    assert cycle_reminders_queue(cycle=cycle) == 1
    [message] = mail.outbox
    assert message.to == ["ana@example.org"]
    assert "This link replaces the earlier one" in message.body
    waiting.refresh_from_db()
    answered.refresh_from_db()
    new_token = _token_in(message)
    assert new_token != old_token
    assert waiting.token_hash == token_hash(new_token)  # the old link no longer works
    assert waiting.reminders_sent == 1
    assert answered.reminders_sent == 0


def test_each_reminder_replaces_the_previous_link(cast, cycle):
    invitation, _ = _invite(cycle, cast.school, "ana@example.org")
    cycle_reminders_queue(cycle=cycle)
    cycle_reminders_queue(cycle=cycle)
    first, second = (_token_in(m) for m in mail.outbox)
    invitation.refresh_from_db()
    assert first != second
    assert invitation.token_hash == token_hash(second)
    assert invitation.reminders_sent == 2


def test_someone_who_answered_after_the_reminder_was_queued_is_not_reminded(cast, cycle):
    invitation, _ = _invite(cycle, cast.school, "ana@example.org")
    Invitation.objects.filter(pk=invitation.pk).update(responded=True)
    assert reminder_email_send.enqueue(invitation_id=invitation.pk).return_value is False
    assert mail.outbox == []
    invitation.refresh_from_db()
    assert invitation.reminders_sent == 0


def test_a_failed_email_keeps_the_old_link_working(cast, cycle, monkeypatch):
    invitation, token = _invite(cycle, cast.school, "ana@example.org")

    def refuse(*args, **kwargs):
        raise OSError("mail server down")

    monkeypatch.setattr("staffroom.web.surveys.tasks.send_mail", refuse)
    result = reminder_email_send.enqueue(invitation_id=invitation.pk)
    assert result.status == "FAILED"
    invitation.refresh_from_db()
    assert invitation.token_hash == token_hash(token)
    assert invitation.reminders_sent == 0


@pytest.mark.parametrize("status", [Cycle.DRAFT, Cycle.CLOSED])
def test_reminders_are_refused_unless_the_cycle_is_open(cast, cycle, status):
    _invite(cycle, cast.school, "ana@example.org")
    Cycle.objects.filter(pk=cycle.pk).update(status=status)
    cycle.refresh_from_db()
    with pytest.raises(CycleStateError):
        cycle_reminders_queue(cycle=cycle)
    assert mail.outbox == []


def test_reissuing_a_used_invitation_changes_nothing(cast, cycle):
    invitation, token = _invite(cycle, cast.school, "ana@example.org")
    Invitation.objects.filter(pk=invitation.pk).update(responded=True)
    assert invitation_reissue(invitation=invitation) is None
    invitation.refresh_from_db()
    assert invitation.token_hash == token_hash(token)


def _remind(client, cast, cycle) -> str:
    client.force_login(cast.admin)
    response = client.post(reverse("surveys:manage_reminders", args=[cycle.pk]), follow=True)
    return response.content.decode()


def test_the_reminder_button_reports_how_many_never_who(client, cast, cycle):
    """With the invitations used shown (at least the minimum), the number queued is too."""
    contacts = [f"person{i}@example.org" for i in range(8)]
    invitations = [_invite(cycle, cast.school, contact)[0] for contact in contacts]
    Invitation.objects.filter(pk__in=[i.pk for i in invitations[:5]]).update(responded=True)
    mail.outbox.clear()
    page = _remind(client, cast, cycle)
    assert "3 reminders queued." in page
    assert not any(contact in page for contact in contacts)
    assert len(mail.outbox) == 3


def test_the_reminder_count_never_gives_away_a_hidden_used_count(client, cast, cycle):
    """3 of 20 used is shown as "fewer than 5"; "17 reminders queued" (or 17 reminder
    emails sent) would give the 3 back by subtraction."""
    invitations = [_invite(cycle, cast.school, f"p{i}@example.org")[0] for i in range(20)]
    Invitation.objects.filter(pk__in=[i.pk for i in invitations[:3]]).update(responded=True)
    mail.outbox.clear()
    for _round in range(2):
        page = _remind(client, cast, cycle)
        assert "Reminders queued for everyone who has not answered." in page
        assert "17 reminder" not in page
    assert len(mail.outbox) == 34
    assert "fewer than 5" in page
    assert "Reminder rounds sent</dt><dd>2</dd>" in page
