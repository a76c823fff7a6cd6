"""Writes for surveys: tokens, submissions, the ballot box, closing a cycle.

Named ``<entity>_<action>`` and keyword-only (HackSoft style), so they are easy to
find. Views stay thin and call these.
"""

from __future__ import annotations

import hashlib
import secrets
from dataclasses import dataclass, field
from datetime import date
from typing import Literal

from django.db import IntegrityError, transaction
from django.db.models import Count

from staffroom.web.orgs.models import School, Team
from staffroom.web.surveys.models import (
    BallotEntry,
    Comment,
    Cycle,
    Invitation,
    OpenLink,
    Response,
    SubmissionReceipt,
)

__all__ = [
    "AlreadyRespondedError",
    "CycleNotOpenError",
    "Submission",
    "ballot_flush",
    "cycle_close",
    "invitation_create",
    "open_link_create",
    "response_submit",
    "token_hash",
]

_shuffle = secrets.SystemRandom().shuffle


class CycleNotOpenError(Exception):
    """The cycle is not taking answers (draft or closed)."""


class AlreadyRespondedError(Exception):
    """This invitation has been used by a different submission."""


def token_hash(token: str) -> str:
    """Tokens carry 192 random bits, so a plain SHA-256 is enough to store them safely."""
    return hashlib.sha256(token.encode("utf-8")).hexdigest()


def _new_token() -> str:
    return secrets.token_urlsafe(24)


def open_link_create(
    *, cycle: Cycle, school: School | None = None, team: Team | None = None
) -> OpenLink:
    return OpenLink.objects.create(cycle=cycle, school=school, team=team, token=_new_token())


def invitation_create(
    *,
    cycle: Cycle,
    contact: str,
    school: School | None = None,
    team: Team | None = None,
    language: str = "en",
) -> tuple[Invitation, str]:
    """A single-use invitation; returns it and its token (only the hash is stored)."""
    token = _new_token()
    invitation = Invitation.objects.create(
        cycle=cycle,
        school=school,
        team=team,
        contact=contact,
        token_hash=token_hash(token),
        language=language,
    )
    return invitation, token


@dataclass(frozen=True)
class Submission:
    """A validated answer set (see ``staffroom.web.surveys.forms``)."""

    answers: dict[str, int | None]
    demographics: dict[str, str] = field(default_factory=dict)
    comments: dict[str, str] = field(default_factory=dict)


def response_submit(
    *,
    cycle: Cycle,
    submission: Submission,
    submission_key: str,
    school: School | None = None,
    team: Team | None = None,
    invitation: Invitation | None = None,
    today: date,
) -> Literal["stored", "repeat"]:
    """Store one submission exactly once; safe to call again with the same key.

    The receipt (a hash of the key) and the ballot entry are written in one
    transaction: once this returns, the answers are committed. A repeated key returns
    ``"repeat"`` without storing anything. Nothing written links the answers to the
    invitation; the invitation only records that it was used.
    """
    with transaction.atomic():
        try:
            with transaction.atomic():
                SubmissionReceipt.objects.create(
                    cycle=cycle, key_hash=token_hash(f"{cycle.pk}:{submission_key}")
                )
        except IntegrityError:
            return "repeat"  # already stored: acknowledge again, store nothing
        if not Cycle.objects.filter(pk=cycle.pk, status=Cycle.OPEN).exists():
            raise CycleNotOpenError
        if invitation is not None:
            locked = Invitation.objects.select_for_update().get(pk=invitation.pk)
            if locked.responded:
                raise AlreadyRespondedError
            locked.responded = True
            locked.draft = {}
            locked.save(update_fields=["responded", "draft"])
        BallotEntry.objects.create(
            cycle=cycle,
            school=school,
            team=team,
            answers=submission.answers,
            demographics=submission.demographics,
            comments={k: v for k, v in submission.comments.items() if v.strip()},
            submitted_on=today,
        )
    ballot_flush(cycle=cycle)
    return "stored"


def ballot_flush(*, cycle: Cycle, force: bool = False) -> int:
    """Move waiting entries into ``Response``/``Comment``, shuffled, one group at a time.

    A school's (or team's) entries move only once there are at least ``cycle.min_n``
    of them (or when ``force``, at close), all in one transaction and in random order,
    so the results tables never reveal the order in which people answered.
    Returns the number of responses moved.
    """
    groups = (
        BallotEntry.objects.filter(cycle=cycle)
        .values("school_id", "team_id")
        .annotate(waiting=Count("id"))
    )
    moved = 0
    for group in groups:
        if group["waiting"] < cycle.min_n and not force:
            continue
        with transaction.atomic():
            entries = list(
                BallotEntry.objects.select_for_update(skip_locked=True).filter(
                    cycle=cycle, school_id=group["school_id"], team_id=group["team_id"]
                )
            )
            if not entries or (len(entries) < cycle.min_n and not force):
                continue
            _shuffle(entries)
            responses = [
                Response(
                    cycle=cycle,
                    school_id=e.school_id,
                    team_id=e.team_id,
                    answers=e.answers,
                    demographics=e.demographics,
                    submitted_on=e.submitted_on,
                )
                for e in entries
            ]
            comments = [
                Comment(
                    cycle=cycle, school_id=e.school_id, team_id=e.team_id, question_id=q, text=t
                )
                for e in entries
                for q, t in e.comments.items()
            ]
            _shuffle(comments)
            Response.objects.bulk_create(responses)
            Comment.objects.bulk_create(comments)
            BallotEntry.objects.filter(pk__in=[e.pk for e in entries]).delete()
            moved += len(entries)
    return moved


def cycle_close(*, cycle: Cycle) -> None:
    """Close a cycle: flush the ballot box, rewrite its responses in random order,
    and destroy invitation tokens, contacts and saved drafts."""
    with transaction.atomic():
        Cycle.objects.filter(pk=cycle.pk).update(status=Cycle.CLOSED)
        cycle.status = Cycle.CLOSED
        ballot_flush(cycle=cycle, force=True)
        for model in (Response, Comment):
            rows = list(model.objects.filter(cycle=cycle))
            _shuffle(rows)
            model.objects.filter(cycle=cycle).delete()
            model.objects.bulk_create(rows)
        Invitation.objects.filter(cycle=cycle).update(token_hash=None, contact="", draft={})
        OpenLink.objects.filter(cycle=cycle).update(active=False)
