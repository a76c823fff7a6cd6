"""Writes for the continuum self-assessment and shared agreements.

Keyword-only, named ``<entity>_<action>``. Views check who may call them (see
``staffroom.web.continuum.access``); these check the state of the objects.
"""

from __future__ import annotations

import calendar
import datetime as dt
from collections.abc import Sequence

from django.db import transaction

from staffroom.web.accounts.models import User
from staffroom.web.continuum.models import (
    AgreedLevel,
    Agreement,
    AgreementCheck,
    AgreementComment,
    AgreementReview,
    AgreementSet,
    AssessmentRound,
    Rating,
)
from staffroom.web.continuum.rubric import rubric_get
from staffroom.web.core.equity import EQUITY_PAUSE_QUESTIONS
from staffroom.web.orgs.models import District, School
from staffroom.web.surveys.models import Cycle
from staffroom.web.surveys.services import (
    FEEDBACK_CLOSES_ON,
    MAX_LOCAL_ITEMS,
    cycle_close,
    local_items_build,
    min_n_floor,
    open_link_create,
)

__all__ = [
    "CHECK_INSTRUMENT_ID",
    "CHECK_ITEM_WORDING",
    "EquityPauseMissingError",
    "StateError",
    "add_months",
    "agreed_level_record",
    "agreement_check_start",
    "agreement_comment_add",
    "agreement_review_record",
    "agreement_set_adopt",
    "agreement_set_draft",
    "agreement_set_edit",
    "rating_save",
    "round_reveal",
    "round_start",
]


class StateError(Exception):
    """The object is not in a state that allows this (rating a revealed round, say)."""


class EquityPauseMissingError(StateError):
    """An agreement set is adopted only after all three equity pause questions are answered."""


def add_months(day: dt.date, months: int) -> dt.date:
    """``day`` plus ``months`` calendar months (the 31st becomes the month's last day)."""
    index = day.year * 12 + day.month - 1 + months
    year, month = divmod(index, 12)
    last = calendar.monthrange(year, month + 1)[1]
    return dt.date(year, month + 1, min(day.day, last))


# --------------------------------------------------------------------------- continuum


def round_start(
    *,
    district: District,
    school: School | None,
    continuum_id: str,
    title: str,
    started_by: User | None,
    today: dt.date,
) -> AssessmentRound:
    """A new round for the team, open for rating. ``LookupError`` for an unknown rubric."""
    rubric = rubric_get(continuum_id)
    if school is not None and school.district_id != district.pk:
        raise ValueError("the school must belong to the district")
    return AssessmentRound.objects.create(
        district=district,
        school=school,
        continuum_id=rubric.id,
        title=title.strip() or f"{rubric.title} {today:%B %Y}",
        started_on=today,
        started_by=started_by,
    )


def rating_save(
    *, round: AssessmentRound, rater: User, dimension_id: str, level: int, evidence: str
) -> Rating:
    """Save (or change) the rater's own rating of a dimension while the round is open."""
    if round.revealed:
        raise StateError("ratings are closed once the round is revealed")
    _check_level(round, dimension_id, level)
    rating, _ = Rating.objects.update_or_create(
        round=round,
        rater=rater,
        dimension_id=dimension_id,
        defaults={"level": level, "evidence": evidence.strip()},
    )
    return rating


def _check_level(round: AssessmentRound, dimension_id: str, level: int) -> None:
    dimension = rubric_get(round.continuum_id).dimension(dimension_id)
    if dimension is None or not 1 <= level <= len(dimension.levels):
        raise ValueError("unknown dimension or level")


def round_reveal(*, round: AssessmentRound, today: dt.date) -> None:
    """Show the team the spread of ratings (counts per level, no names); rating stops."""
    updated = AssessmentRound.objects.filter(pk=round.pk, status=AssessmentRound.RATING).update(
        status=AssessmentRound.REVEALED, revealed_on=today
    )
    if not updated:
        raise StateError("the round is already revealed")
    round.status, round.revealed_on = AssessmentRound.REVEALED, today


def agreed_level_record(
    *, round: AssessmentRound, dimension_id: str, level: int, next_steps: str
) -> AgreedLevel:
    """Record (or correct) the level the team agreed on, after the reveal."""
    if not round.revealed:
        raise StateError("the team agrees a level after seeing the spread")
    _check_level(round, dimension_id, level)
    agreed, _ = AgreedLevel.objects.update_or_create(
        round=round,
        dimension_id=dimension_id,
        defaults={"level": level, "next_steps": next_steps.strip()},
    )
    return agreed


# --------------------------------------------------------------------------- agreements


def _clean(texts: Sequence[str]) -> list[str]:
    cleaned = [" ".join(t.split()) for t in texts if t.strip()]
    if not cleaned:
        raise ValueError("an agreement set needs at least one agreement")
    if len(cleaned) > MAX_LOCAL_ITEMS:
        raise ValueError(f"at most {MAX_LOCAL_ITEMS} agreements (the monthly check asks each)")
    if len(set(cleaned)) != len(cleaned):
        raise ValueError("an agreement is listed twice")
    return cleaned


def agreement_set_draft(
    *,
    district: District,
    school: School | None,
    title: str,
    agreements: Sequence[str],
    drafted_by: User | None,
    today: dt.date,
) -> AgreementSet:
    """A draft set for the team, open for comments."""
    texts = _clean(agreements)
    if school is not None and school.district_id != district.pk:
        raise ValueError("the school must belong to the district")
    with transaction.atomic():
        agreement_set = AgreementSet.objects.create(
            district=district,
            school=school,
            title=title.strip(),
            drafted_by=drafted_by,
            drafted_on=today,
        )
        Agreement.objects.bulk_create(
            Agreement(agreement_set=agreement_set, text=text, position=i)
            for i, text in enumerate(texts, start=1)
        )
    return agreement_set


def agreement_set_edit(
    *, agreement_set: AgreementSet, title: str, agreements: Sequence[str]
) -> None:
    """Rewrite a draft's title and agreements (adopted sets change through a review)."""
    if agreement_set.status != AgreementSet.DRAFT:
        raise StateError("an adopted set changes through a review")
    texts = _clean(agreements)
    with transaction.atomic():
        agreement_set.title = title.strip() or agreement_set.title
        agreement_set.save(update_fields=["title"])
        agreement_set.agreements.all().delete()
        Agreement.objects.bulk_create(
            Agreement(agreement_set=agreement_set, text=text, position=i)
            for i, text in enumerate(texts, start=1)
        )


def agreement_comment_add(
    *, agreement_set: AgreementSet, author: User, text: str, today: dt.date
) -> AgreementComment:
    """A named comment on the set, visible to everyone who sees the set."""
    if not text.strip():
        raise ValueError("a comment needs some text")
    return AgreementComment.objects.create(
        agreement_set=agreement_set, author=author, text=text.strip(), written_on=today
    )


CHECK_INSTRUMENT_ID = "agreements-check"
"""The built-in instrument of every monthly check: one statement about the agreements as a
whole; the team's agreements are added as local items."""


CHECK_ITEM_WORDING = {
    "en": "This month, we lived this agreement: {text}",
    "es": "Este mes, cumplimos este acuerdo: {text}",
}
"""How the monthly check asks about each agreement (the agreement keeps its own wording)."""


def agreement_check_start(*, agreement_set: AgreementSet, today: dt.date) -> AgreementCheck:
    """The monthly check of the set's current wording: a standing, always-open survey
    cycle (``CHECK_INSTRUMENT_ID`` plus one item per agreement) with one anonymous
    link for the school (or one without a school for the district team).

    Answers go through the surveys app's ballot box and are read by month with the
    district's minimum group size, like every other survey.
    """
    current = list(agreement_set.agreements.filter(retired_on__isnull=True))
    local = local_items_build(
        [{lang: w.format(text=a.text) for lang, w in CHECK_ITEM_WORDING.items()} for a in current]
    )
    district = agreement_set.district
    team_name = agreement_set.school.name if agreement_set.school else district.name
    with transaction.atomic():
        cycle = Cycle.objects.create(
            district=district,
            title=f"Agreements check: {team_name}",
            instrument_id=CHECK_INSTRUMENT_ID,
            local_items=local,
            opens_on=today,
            closes_on=FEEDBACK_CLOSES_ON,
            min_n=min_n_floor(district),
            status=Cycle.OPEN,
            kind=Cycle.CHECK,
        )
        if agreement_set.school is not None:
            cycle.schools.set([agreement_set.school])
        open_link_create(cycle=cycle, school=agreement_set.school)
        return AgreementCheck.objects.create(
            agreement_set=agreement_set,
            cycle=cycle,
            items={str(item["id"]): a.pk for item, a in zip(local, current, strict=True)},
            started_on=today,
        )


def _pause_answers(answers: dict[str, str]) -> dict[str, str]:
    cleaned = {name: answers.get(name, "").strip() for name, _, _ in EQUITY_PAUSE_QUESTIONS}
    if not all(cleaned.values()):
        raise EquityPauseMissingError("answer all three equity pause questions before adopting")
    return cleaned


def agreement_set_adopt(
    *,
    agreement_set: AgreementSet,
    equity_pause: dict[str, str],
    review_every_months: int,
    today: dt.date,
) -> AgreementCheck:
    """Adopt a draft after the equity pause; schedule its first review and start the
    monthly check. ``EquityPauseMissingError`` if a question is unanswered."""
    if agreement_set.status != AgreementSet.DRAFT:
        raise StateError("only a draft is adopted")
    if not 1 <= review_every_months <= 24:
        raise ValueError("review every 1 to 24 months")
    answers = _pause_answers(equity_pause)
    with transaction.atomic():
        for name, value in answers.items():
            setattr(agreement_set, name, value)
        agreement_set.paused_on = today
        agreement_set.status = AgreementSet.ADOPTED
        agreement_set.adopted_on = today
        agreement_set.review_every_months = review_every_months
        agreement_set.next_review_on = add_months(today, review_every_months)
        agreement_set.save()
        return agreement_check_start(agreement_set=agreement_set, today=today)


def agreement_review_record(
    *,
    agreement_set: AgreementSet,
    agreements: Sequence[str],
    notes: str,
    reviewed_by: User | None,
    today: dt.date,
) -> AgreementReview:
    """Record a review: the new wording (agreements no longer listed are retired, new
    ones added), what the team said, and the next review date. When the wording changed,
    the old monthly check closes and a new one starts (so a month's answers always refer
    to one wording)."""
    if agreement_set.status != AgreementSet.ADOPTED:
        raise StateError("only an adopted set is reviewed")
    if not notes.strip():
        raise ValueError("say what the team discussed or changed")
    texts = _clean(agreements)
    with transaction.atomic():
        current = {a.text: a for a in agreement_set.agreements.filter(retired_on__isnull=True)}
        retired = [text for text in current if text not in texts]
        added = [text for text in texts if text not in current]
        agreement_set.agreements.filter(text__in=retired, retired_on__isnull=True).update(
            retired_on=today
        )
        for position, text in enumerate(texts, start=1):
            if text in current:
                Agreement.objects.filter(pk=current[text].pk).update(position=position)
            else:
                Agreement.objects.create(agreement_set=agreement_set, text=text, position=position)
        review = AgreementReview.objects.create(
            agreement_set=agreement_set,
            reviewed_on=today,
            reviewed_by=reviewed_by,
            notes=notes.strip(),
            added=added,
            retired=retired,
        )
        agreement_set.next_review_on = add_months(today, agreement_set.review_every_months)
        agreement_set.save(update_fields=["next_review_on"])
        if added or retired:
            for check in agreement_set.checks.select_related("cycle"):
                if check.cycle.status != Cycle.CLOSED:
                    cycle_close(cycle=check.cycle)
            agreement_check_start(agreement_set=agreement_set, today=today)
    return review
