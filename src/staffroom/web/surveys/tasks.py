"""Invitation and reminder emails, sent in the background with django-tasks.

An invitation's token exists only when it is made: the database keeps its hash. So
the invitation email is sent with the token ``invitation_create`` returned, passed to
the task. A reminder cannot recover that token: it makes a fresh one
(``invitation_reissue``), stores its hash in place of the old one, and says in the
email that the new link replaces the earlier one (old links stop working).

Tasks run after the transaction that queued them commits (the database backend cannot
see the rows before); in tests the immediate backend runs them at once.
"""

from __future__ import annotations

import secrets

from django.conf import settings
from django.core.mail import send_mail
from django.db import transaction
from django.db.models import F
from django.template.loader import render_to_string
from django.utils import translation
from django.utils.translation import gettext as _
from django_tasks import task

from staffroom.web.surveys.models import Cycle, Invitation
from staffroom.web.surveys.services import CycleStateError, token_hash

__all__ = [
    "cycle_reminders_queue",
    "invitation_email_send",
    "invitation_reissue",
    "invitation_url",
    "reminder_email_send",
]


def invitation_url(token: str) -> str:
    """The full address of a personal invitation link."""
    return f"{settings.STAFFROOM_BASE_URL.rstrip('/')}/i/{token}/"


def invitation_reissue(*, invitation: Invitation, count_reminder: bool = False) -> str | None:
    """Give an unused invitation a fresh token and return it; the old token stops
    working at once. Returns ``None`` (and changes nothing) if the invitation has been
    used or its cycle has closed (tokens destroyed).

    ``count_reminder`` also adds one to ``reminders_sent``, in the same update.
    """
    token = secrets.token_urlsafe(24)
    changes: dict[str, object] = {"token_hash": token_hash(token)}
    if count_reminder:
        changes["reminders_sent"] = F("reminders_sent") + 1
    updated = Invitation.objects.filter(
        pk=invitation.pk, responded=False, token_hash__isnull=False
    ).update(**changes)
    if not updated:
        return None
    invitation.token_hash = token_hash(token)
    return token


def _deliverable(invitation: Invitation) -> bool:
    """An email address to write to (a staff id alone cannot be emailed) and a cycle
    that has not closed (closing erases contacts and tokens)."""
    return "@" in invitation.contact and invitation.token_hash is not None


def _send(invitation: Invitation, cycle: Cycle, token: str, *, reminder: bool) -> None:
    language = invitation.language if invitation.language in dict(settings.LANGUAGES) else "en"
    with translation.override(language):
        context = {
            "cycle": cycle,
            "district": cycle.district,
            "url": invitation_url(token),
            "reminder": reminder,
        }
        if reminder:
            subject = _("Reminder: %(title)s") % {"title": cycle.title}
        else:
            subject = _("Your invitation: %(title)s") % {"title": cycle.title}
        body = render_to_string("surveys/manage/email/invitation.txt", context)
    send_mail(subject, body, None, [invitation.contact])


@task()
def invitation_email_send(*, invitation_id: int) -> bool:
    """Email one invitation's personal link. Does nothing (returns False) when the
    invitation is gone, has no email address, was used, or its cycle has closed.

    The link's token is minted here, in the worker, and only its hash is stored: a
    token never sits in plain text in the task queue. Minting and sending are one
    transaction, so if the email cannot be handed over no link changes.
    """
    invitation = Invitation.objects.filter(pk=invitation_id).first()
    if invitation is None or invitation.responded or not _deliverable(invitation):
        return False
    cycle = Cycle.objects.select_related("district").get(pk=invitation.cycle_id)
    with transaction.atomic():
        token = invitation_reissue(invitation=invitation)
        if token is None:
            return False
        _send(invitation, cycle, token, reminder=False)
    return True


@task()
def reminder_email_send(*, invitation_id: int) -> bool:
    """Remind one person who has not answered, with a fresh link replacing the old one.

    The new token and the email are one transaction: if the email cannot be handed to
    the mail server, the old link keeps working.
    """
    invitation = Invitation.objects.filter(pk=invitation_id).first()
    if invitation is None or invitation.responded or not _deliverable(invitation):
        return False
    cycle = Cycle.objects.select_related("district").get(pk=invitation.cycle_id)
    if cycle.status != Cycle.OPEN:
        return False
    with transaction.atomic():
        token = invitation_reissue(invitation=invitation, count_reminder=True)
        if token is None:
            return False
        _send(invitation, cycle, token, reminder=True)
    return True


def cycle_reminders_queue(*, cycle: Cycle) -> int:
    """Queue a reminder for every invitation of an open cycle not yet used (and with an
    email address). Returns how many were queued; never says to whom."""
    if cycle.status != Cycle.OPEN:
        raise CycleStateError("reminders are sent only while a cycle is open")
    ids = list(
        Invitation.objects.filter(
            cycle=cycle, responded=False, token_hash__isnull=False, contact__contains="@"
        )
        .order_by("pk")
        .values_list("pk", flat=True)
    )
    with transaction.atomic():
        for invitation_id in ids:
            reminder_email_send.enqueue(invitation_id=invitation_id)
    return len(ids)
