"""Writes for surveys: tokens, submissions, the ballot box, closing a cycle.

Named ``<entity>_<action>`` and keyword-only (HackSoft style), so they are easy to
find. Views stay thin and call these.
"""

from __future__ import annotations

import datetime as dt
import hashlib
import secrets
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass, field
from datetime import date
from typing import Any, Literal

import orjson
from django.conf import settings
from django.db import connection, transaction
from django.db.models import Count

from staffroom.instruments import load_builtin
from staffroom.web.orgs.models import District, School, Team
from staffroom.web.surveys.models import (
    BallotEntry,
    Comment,
    Cycle,
    Invitation,
    OpenLink,
    Response,
    SubmissionReceipt,
)
from staffroom.web.surveys.selectors import feedback_cycle_get

__all__ = [
    "FEEDBACK_INSTRUMENT_ID",
    "MAX_LOCAL_ITEMS",
    "AlreadyRespondedError",
    "CycleNotOpenError",
    "CycleStateError",
    "Submission",
    "ballot_flush",
    "cycle_close",
    "cycle_create",
    "cycle_open",
    "feedback_cycle_ensure",
    "invitation_create",
    "min_n_floor",
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


def _receipt_insert(*, cycle_id: int, key_hash: str) -> bool:
    """Insert the receipt if the key is new and the cycle is open, in one statement
    (one round trip on the hot path); False when nothing was inserted."""
    receipts = SubmissionReceipt._meta.db_table
    cycles = Cycle._meta.db_table
    with connection.cursor() as cursor:
        cursor.execute(
            f"INSERT INTO {receipts} (cycle_id, key_hash) "  # noqa: S608 - table names, not input
            f"SELECT %s, %s WHERE EXISTS (SELECT 1 FROM {cycles} WHERE id = %s AND status = %s) "
            "ON CONFLICT (key_hash) DO NOTHING",
            [cycle_id, key_hash, cycle_id, Cycle.OPEN],
        )
        return cursor.rowcount == 1


def _group_filter(school_id: int | None, team_id: int | None) -> str:
    """SQL matching a ballot entry's school and team. A missing school or team is written
    as ``IS NULL`` in the text rather than tested at run time, so each shape of group is
    its own prepared statement and PostgreSQL can keep one generic plan that uses the
    (cycle, school, team) index instead of planning the statement on every request."""
    school = "school_id IS NULL" if school_id is None else "school_id = %(school)s::bigint"
    team = "team_id IS NULL" if team_id is None else "team_id = %(team)s::bigint"
    return f"{school} AND {team}"


def _postgres_prepared(sql: str, params: Mapping[str, object]) -> tuple[Any, ...]:
    """Run one hot-path statement as a prepared statement on Django's PostgreSQL
    connection and return its single row. Django binds parameters on the client, so
    PostgreSQL would parse and plan these multi-part statements afresh on every request; a
    server-bound cursor with ``prepare=True`` plans once per connection. (psycopg honours
    ``prepare=True`` only on a connection with a ``prepare_threshold``, which the settings
    give unless ``STAFFROOM_PREPARED_STATEMENTS=0``.) Parameters are cast in the SQL
    (``::bigint``, ``::jsonb``) because the server types them.

    Errors pass through Django's wrapper, so they arrive as Django's database errors and
    a connection that broke is marked for closing at the end of the request, as with any
    other query."""
    import psycopg

    connection.ensure_connection()
    with connection.wrap_database_errors, psycopg.Cursor(connection.connection) as cursor:
        cursor.execute(sql, params, prepare=True)
        row = cursor.fetchone()
    assert row is not None
    return tuple(row)


def _open_submit_postgres(
    *,
    cycle: Cycle,
    key_hash: str,
    submission: Submission,
    school_id: int | None,
    team_id: int | None,
    today: date,
) -> tuple[bool, int]:
    """PostgreSQL: the receipt (only for an open cycle and a new key), the ballot entry and
    the group's waiting count in one statement, so one round trip and atomic on its own.
    Returns (stored, entries now waiting for the group)."""
    receipts = SubmissionReceipt._meta.db_table
    cycles = Cycle._meta.db_table
    ballot = BallotEntry._meta.db_table
    sql = (
        f"WITH receipt AS (INSERT INTO {receipts} (cycle_id, key_hash) "  # noqa: S608 - names
        f"SELECT %(cycle)s::bigint, %(key)s::text WHERE EXISTS (SELECT 1 FROM {cycles} "
        "WHERE id = %(cycle)s::bigint AND status = %(open)s::text) "
        "ON CONFLICT (key_hash) DO NOTHING RETURNING 1), "
        f"entry AS (INSERT INTO {ballot} "
        "(cycle_id, school_id, team_id, answers, demographics, comments, submitted_on) "
        "SELECT %(cycle)s::bigint, %(school)s::bigint, %(team)s::bigint, %(answers)s::jsonb, "
        "%(demographics)s::jsonb, %(comments)s::jsonb, %(day)s::date FROM receipt RETURNING 1) "
        f"SELECT (SELECT count(*) FROM entry), (SELECT count(*) FROM {ballot} "
        f"WHERE cycle_id = %(cycle)s::bigint AND {_group_filter(school_id, team_id)})"
    )
    comments = {k: v for k, v in submission.comments.items() if v.strip()}
    stored, waiting_before = _postgres_prepared(
        sql,
        {
            "cycle": cycle.pk,
            "key": key_hash,
            "open": Cycle.OPEN,
            "school": school_id,
            "team": team_id,
            "answers": orjson.dumps(submission.answers).decode(),
            "demographics": orjson.dumps(submission.demographics).decode(),
            "comments": orjson.dumps(comments).decode(),
            "day": today,
        },
    )
    return bool(stored), int(waiting_before) + int(stored)


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
    transaction (on PostgreSQL, for open links, in one statement): once this returns,
    the answers are committed. A repeated key returns ``"repeat"`` without storing
    anything. Nothing written links the answers to the invitation; the invitation only
    records that it was used.
    """
    key_hash = token_hash(f"{cycle.pk}:{submission_key}")
    if invitation is None and connection.vendor == "postgresql":
        stored, waiting = _open_submit_postgres(
            cycle=cycle,
            key_hash=key_hash,
            submission=submission,
            school_id=school.pk if school else None,
            team_id=team.pk if team else None,
            today=today,
        )
        if not stored:
            if SubmissionReceipt.objects.filter(key_hash=key_hash).exists():
                return "repeat"
            raise CycleNotOpenError
        if waiting >= cycle.min_n:
            _flush_group_postgres(
                cycle=cycle,
                school_id=school.pk if school else None,
                team_id=team.pk if team else None,
            )
        return "stored"
    with transaction.atomic():
        if not _receipt_insert(cycle_id=cycle.pk, key_hash=key_hash):
            if SubmissionReceipt.objects.filter(key_hash=key_hash).exists():
                return "repeat"  # already stored: acknowledge again, store nothing
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
    waiting = BallotEntry.objects.filter(cycle=cycle, school=school, team=team).count()
    if waiting >= cycle.min_n:
        ballot_flush(cycle=cycle)
    return "stored"


def _flush_group_postgres(*, cycle: Cycle, school_id: int | None, team_id: int | None) -> int:
    """PostgreSQL: move one group's waiting entries in one statement, if at least
    ``min_n`` of them can be taken together. Rows another flush holds are skipped, so two
    flushes never block each other or move an entry twice. Responses and comments are
    written in an order keyed on a secret made for this flush and then forgotten
    (``md5(id || salt)``), so their storage order says nothing about who answered when."""
    ballot = BallotEntry._meta.db_table
    responses = Response._meta.db_table
    comments = Comment._meta.db_table
    sql = (
        f"WITH picked AS (SELECT id FROM {ballot} WHERE cycle_id = %(cycle)s::bigint "  # noqa: S608
        f"AND {_group_filter(school_id, team_id)} FOR UPDATE SKIP LOCKED), "
        f"moved AS (DELETE FROM {ballot} b USING picked WHERE b.id = picked.id "
        "AND (SELECT count(*) FROM picked) >= %(min_n)s::int RETURNING b.*), "
        f"answers AS (INSERT INTO {responses} "
        "(id, cycle_id, school_id, team_id, answers, demographics, submitted_on) "
        "SELECT gen_random_uuid(), cycle_id, school_id, team_id, answers, demographics, "
        "submitted_on FROM moved ORDER BY md5(moved.id::text || %(salt)s::text) RETURNING 1), "
        f"notes AS (INSERT INTO {comments} (id, cycle_id, school_id, team_id, question_id, text) "
        "SELECT gen_random_uuid(), m.cycle_id, m.school_id, m.team_id, c.key, c.value "
        "FROM moved m CROSS JOIN LATERAL jsonb_each_text(m.comments) c "
        "WHERE btrim(c.value) <> '' "
        "ORDER BY md5(m.id::text || c.key || %(salt)s::text) RETURNING 1) "
        "SELECT (SELECT count(*) FROM answers), (SELECT count(*) FROM notes)"
    )
    moved, _notes = _postgres_prepared(
        sql,
        {
            "cycle": cycle.pk,
            "school": school_id,
            "team": team_id,
            "min_n": cycle.min_n,
            "salt": secrets.token_hex(16),
        },
    )
    return int(moved)


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


FEEDBACK_INSTRUMENT_ID = "pulse"
"""The standing feedback link uses the pulse survey until it has its own instrument."""

FEEDBACK_CLOSES_ON = dt.date(9999, 12, 31)
"""A standing feedback cycle never closes by date (a district admin may still close it)."""


class CycleStateError(Exception):
    """The cycle is not in a state that allows this (for example opening a closed one)."""


def min_n_floor(district: District) -> int:
    """The smallest minimum group size a cycle of this district may have: the
    district's own setting, never below the installation's (``STAFFROOM_MIN_N``)."""
    return max(int(district.min_n), int(settings.STAFFROOM_MIN_N))


def cycle_create(
    *,
    district: District,
    title: str,
    instrument_id: str,
    opens_on: dt.date,
    closes_on: dt.date,
    min_n: int,
    schools: Iterable[School] = (),
    teams: Iterable[Team] = (),
    local_items: Sequence[str | Mapping[str, str]] = (),
) -> Cycle:
    """A draft cycle with one anonymous link per school and per team asked.

    Raises ``ValueError`` for a minimum group size below the floor, dates in the wrong
    order, or schools and teams of another district (forms check these first; this is
    the last line).
    """
    floor = min_n_floor(district)
    if min_n < floor:
        raise ValueError(f"min_n {min_n} is below the floor of {floor}")
    if closes_on <= opens_on:
        raise ValueError("a cycle must close after it opens")
    schools, teams = list(schools), list(teams)
    if any(s.district_id != district.pk for s in schools) or any(
        t.district_id != district.pk for t in teams
    ):
        raise ValueError("schools and teams must belong to the cycle's district")
    instrument = load_builtin(instrument_id)
    extra = local_items_build(local_items)
    with transaction.atomic():
        cycle = Cycle.objects.create(
            district=district,
            local_items=extra,
            title=title,
            instrument_id=instrument.id,
            instrument_version=instrument.version,
            opens_on=opens_on,
            closes_on=closes_on,
            min_n=min_n,
            status=Cycle.DRAFT,
            kind=Cycle.SURVEY,
        )
        cycle.schools.set(schools)
        cycle.teams.set(teams)
        for school in schools:
            open_link_create(cycle=cycle, school=school)
        for team in teams:
            open_link_create(cycle=cycle, team=team)
    return cycle


MAX_LOCAL_ITEMS = 10


def local_items_build(items: Sequence[str | Mapping[str, str]]) -> list[dict[str, object]]:
    """A cycle's local items as stored: ids LOCAL01, LOCAL02 ... and wording by language.

    Each item is English text, or a mapping of language to text (English required).
    Raises ``ValueError`` for more than ``MAX_LOCAL_ITEMS`` items or an empty text.
    """
    if len(items) > MAX_LOCAL_ITEMS:
        raise ValueError(f"at most {MAX_LOCAL_ITEMS} local items")
    built: list[dict[str, object]] = []
    for number, item in enumerate(items, start=1):
        text = {"en": item} if isinstance(item, str) else dict(item)
        if not str(text.get("en", "")).strip():
            raise ValueError(f"local item {number} has no English wording")
        built.append(
            {
                "id": f"LOCAL{number:02d}",
                "text": {lang: str(t).strip() for lang, t in text.items() if str(t).strip()},
            }
        )
    return built


def cycle_open(*, cycle: Cycle) -> None:
    """Start taking answers. Only a draft cycle opens; a closed one has destroyed its
    tokens and stays closed."""
    updated = Cycle.objects.filter(pk=cycle.pk, status=Cycle.DRAFT).update(status=Cycle.OPEN)
    if not updated:
        raise CycleStateError("only a draft cycle can be opened")
    cycle.status = Cycle.OPEN


def feedback_cycle_ensure(*, district: District, title: str, today: dt.date) -> Cycle:
    """The district team's standing feedback link: an always-open cycle with one
    anonymous link (no school). Created once; later calls return the same cycle."""
    with transaction.atomic():
        # Lock the district row so two admins clicking at once create one cycle.
        District.objects.select_for_update().filter(pk=district.pk).first()
        existing = feedback_cycle_get(district)
        if existing is not None:
            return existing
        instrument = load_builtin(FEEDBACK_INSTRUMENT_ID)
        cycle = Cycle.objects.create(
            district=district,
            title=title,
            instrument_id=instrument.id,
            instrument_version=instrument.version,
            opens_on=today,
            closes_on=FEEDBACK_CLOSES_ON,
            min_n=min_n_floor(district),
            status=Cycle.OPEN,
            kind=Cycle.FEEDBACK,
        )
        open_link_create(cycle=cycle)
    return cycle
