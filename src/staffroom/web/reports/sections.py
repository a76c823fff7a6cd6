"""The parts of a printed report. Each domain contributes a ``Section`` built from the same
selectors its own pages use, so a report never shows a number its page would hide.

A report is a list of sections in a fixed order (survey results first, then indicators,
the connection map, the continuum, readiness, agreements and improvement). A provider
returns ``None`` when it has nothing for the school or district (no data yet, or the
domain is not installed), and the report says so rather than leaving a gap.

Each provider checks the domain's own access rule as well as the report's: a section is
printed only for a reader who could open the page it summarises. Nothing is computed
here: values, hiding and charts are the domain selectors' and pages' own (the charts are
the very SVGs the pages draw).
"""

from __future__ import annotations

from collections.abc import Callable, Iterable, Mapping
from dataclasses import dataclass, field
from typing import Any

from django.db.models import Count, F, QuerySet
from django.utils import timezone
from django.utils.translation import gettext

from staffroom.web.accounts.models import User
from staffroom.web.community import access as community_access
from staffroom.web.community import selectors as community
from staffroom.web.continuum import access as continuum_access
from staffroom.web.continuum import selectors as continuum
from staffroom.web.continuum.models import (
    Agreement,
    AgreementReview,
    AgreementSet,
    AssessmentRound,
)
from staffroom.web.continuum.rubric import DimensionView, RubricView, rubric_get
from staffroom.web.improvement.sections import (
    improvement_district_section,
    improvement_school_section,
    readiness_district_section,
    readiness_school_section,
)
from staffroom.web.network.selectors import school_network_summary
from staffroom.web.orgs.models import District, School
from staffroom.web.results import figures, selectors
from staffroom.web.surveys.models import Cycle

__all__ = [
    "DISTRICT_SECTIONS",
    "SCHOOL_SECTIONS",
    "SURVEY_INSTRUMENT",
    "Section",
    "agreements_district_section",
    "agreements_school_section",
    "continuum_district_section",
    "continuum_school_section",
    "district_sections",
    "indicators_district_section",
    "indicators_school_section",
    "network_district_section",
    "network_school_section",
    "school_sections",
    "survey_district_section",
    "survey_school_section",
]

SURVEY_INSTRUMENT = "staff-climate"
"""The full staff survey a report summarises (not the monthly pulse)."""
INDICATORS_PER_TABLE = 4
"""Indicator columns per table of the district report, so a table fits a printed page."""


@dataclass(frozen=True)
class Section:
    """One part of a report: a heading, the template that draws it and what it needs."""

    key: str
    title: str
    template: str
    context: Mapping[str, Any] = field(default_factory=dict)


SchoolProvider = Callable[[School, User], Section | None]
DistrictProvider = Callable[[District, User, QuerySet[School]], Section | None]


# --------------------------------------------------------------------------- survey


def _latest_cycle(user: User) -> tuple[Cycle | None, QuerySet[Cycle]]:
    """The newest closed staff-survey cycle with results to show (a report hands final
    numbers to a team, and readiness reads the same cycle); else the newest open one with
    results; else the results pages' default (a district that has run only other
    instruments still gets its latest results)."""
    cycles = selectors.result_cycles(user=user)
    with_results = (
        cycles.filter(instrument_id=SURVEY_INSTRUMENT)
        .annotate(answered=Count("responses"))
        .filter(answered__gte=F("min_n"))
    )
    survey = with_results.filter(status=Cycle.CLOSED).first() or with_results.first()
    return survey or selectors.default_cycle(cycles), cycles


def survey_school_section(school: School, user: User) -> Section | None:
    """The school's latest survey results beside the district's (the results page's numbers)."""
    cycle, cycles = _latest_cycle(user)
    if cycle is None:
        return None
    report = selectors.school_report(cycle=cycle, school=school, cycles=cycles)
    return Section(
        "survey",
        gettext("Staff survey: %(cycle)s") % {"cycle": cycle.title},
        "reports/sections/_survey_school.html",
        {"report": report, "comparison_svg": figures.comparison_chart(report)},
    )


def survey_district_section(
    district: District, user: User, schools: QuerySet[School]
) -> Section | None:
    """Every school's scale means for the latest cycle (the district results table)."""
    cycle, cycles = _latest_cycle(user)
    if cycle is None:
        return None
    table = selectors.district_table(cycle=cycle, schools=schools, cycles=cycles)
    return Section(
        "survey",
        gettext("Staff survey: %(cycle)s") % {"cycle": cycle.title},
        "reports/sections/_survey_district.html",
        {"table": table},
    )


# --------------------------------------------------------------------------- indicators


@dataclass(frozen=True)
class IndicatorRow:
    """One indicator of a school: its trend (latest value, the district's for the same
    period, the change since the period before) and the profile page's small chart."""

    trend: community.Trend
    spark: str | None

    @property
    def direction(self) -> str:
        """The latest change in words ("" when the engine shows no change)."""
        latest = self.trend.latest
        if latest is None or latest.change is None:
            return ""
        if latest.change > 0:
            return gettext("up")
        if latest.change < 0:
            return gettext("down")
        return gettext("no change")


def indicators_school_section(school: School, user: User) -> Section | None:
    """Each indicator's latest value beside the district's, its trend, and the questions the
    group patterns raise (the school's indicator and profile pages)."""
    if not community_access.can_view_community_school(user, school):
        return None
    panel = community.school_panel(school=school)
    if not panel.available or not panel.trends:
        return None
    from staffroom.web.community.figures import trend_chart  # the profile page's sparkline

    rows = [IndicatorRow(t, trend_chart(t, school.name, small=True)) for t in panel.trends]
    patterns = community.group_patterns(district=school.district, schools=[school], school=school)
    return Section(
        "indicators",
        gettext("Staff indicators"),
        "reports/sections/_indicators_school.html",
        {"rows": rows, "min_n": panel.min_n, "questions": patterns.questions},
    )


@dataclass(frozen=True)
class IndicatorTable:
    """A few indicators side by side: the district's latest value and each school's."""

    indicators: tuple[community.IndicatorInfo, ...]
    district: tuple[community.Trend, ...]
    rows: tuple[tuple[School, tuple[tuple[community.Trend, bool], ...]], ...]
    """(school, (trend, whether its latest period differs from the district's), ...)."""


def _other_period(trend: community.Trend, overall: community.Trend) -> bool:
    mine, theirs = trend.latest, overall.latest
    return mine is not None and (theirs is None or mine.period != theirs.period)


def indicators_district_section(
    district: District, user: User, schools: QuerySet[School]
) -> Section | None:
    """Each school's latest value of every indicator and the district's (the district
    indicator panel), a few indicators per table."""
    if not community_access.can_view_community_district(user, district):
        return None
    shown = community_access.community_schools(user).filter(pk__in=schools)
    panel = community.district_panel(district=district, schools=list(shown))
    if not panel.available or not panel.rows:
        return None
    tables = []
    for start in range(0, len(panel.indicators), INDICATORS_PER_TABLE):
        part = slice(start, start + INDICATORS_PER_TABLE)
        overall = panel.district[part]
        rows = tuple(
            (
                row.school,
                tuple(
                    (trend, _other_period(trend, o))
                    for trend, o in zip(row.trends[part], overall, strict=True)
                ),
            )
            for row in panel.rows
        )
        tables.append(IndicatorTable(panel.indicators[part], overall, rows))
    return Section(
        "indicators",
        gettext("Staff indicators"),
        "reports/sections/_indicators_district.html",
        {"tables": tables, "min_n": panel.min_n, "indicators": panel.indicators},
    )


# --------------------------------------------------------------------------- connection map


def network_school_section(school: School, user: User) -> Section | None:
    """The whole-map figures of the school's connection map (the profile page's; never a
    person's measure and never a name)."""
    summary = school_network_summary(school, user)
    if summary is None:
        return None
    return Section(
        "network",
        gettext("Connection map"),
        "reports/sections/_network_school.html",
        {"net": summary},
    )


def network_district_section(
    district: District, user: User, schools: QuerySet[School]
) -> Section | None:
    """One row of whole-map figures per school the reader may see."""
    rows = [(s, school_network_summary(s, user)) for s in schools.order_by("name")]
    shown = [summary for _school, summary in rows if summary is not None]
    if not shown:
        return None
    return Section(
        "network",
        gettext("Connection map"),
        "reports/sections/_network_district.html",
        {"rows": rows, "min_n": shown[0]["min_n"]},
    )


# --------------------------------------------------------------------------- continuum


@dataclass(frozen=True)
class AgreedRow:
    """A dimension's latest agreed level, the round it was agreed in and its next steps."""

    dimension: DimensionView
    title: str
    number: int
    levels: int
    round: AssessmentRound
    next_steps: str


@dataclass(frozen=True)
class TeamContinuum:
    """A team's latest agreed levels on one rubric, and its history chart."""

    rubric: RubricView
    rows: tuple[AgreedRow | None, ...]
    """One per dimension of the rubric (None: never agreed)."""
    chart: str | None = None

    @property
    def pairs(self) -> list[tuple[DimensionView, AgreedRow | None]]:
        """(dimension, its latest agreed level) in the rubric's order."""
        return list(zip(self.rubric.dimensions, self.rows, strict=True))

    @property
    def latest_round(self) -> AssessmentRound | None:
        rounds = [row.round for row in self.rows if row is not None]
        return max(rounds, key=lambda r: (r.started_on, r.pk)) if rounds else None


def _latest_agreed(history: continuum.TeamHistory) -> tuple[AgreedRow | None, ...]:
    """For each dimension, the level agreed in the newest round that agreed one."""
    found: list[AgreedRow | None] = []
    for index, dimension in enumerate(history.dimensions):
        latest = next(
            (
                AgreedRow(
                    dimension,
                    row.titles[index] or "",
                    level.level,
                    len(dimension.levels),
                    row.round,
                    level.next_steps,
                )
                for row in reversed(history.rows)
                if (level := row.levels[index]) is not None
            ),
            None,
        )
        found.append(latest)
    return tuple(found)


def _team_continua(district_id: int, school: School | None, *, chart: bool) -> list[TeamContinuum]:
    """The team's latest agreed levels on each rubric it has used (the team page's
    history, newest rubric last)."""
    from staffroom.web.continuum.figures import history_chart  # the team page's chart

    used = (
        AssessmentRound.objects.filter(district_id=district_id, school=school)
        .order_by("started_on", "pk")
        .values_list("continuum_id", flat=True)
    )
    found = []
    for continuum_id in dict.fromkeys(used):
        history = continuum.team_history(
            district_id=district_id, school=school, continuum_id=continuum_id
        )
        if history.rows:
            found.append(
                TeamContinuum(
                    rubric_get(continuum_id),
                    _latest_agreed(history),
                    history_chart(history) if chart else None,
                )
            )
    return found


def continuum_school_section(school: School, user: User) -> Section | None:
    """The level the school's team last agreed on for each dimension, when and in which
    round, with its next steps (the continuum team page)."""
    if not continuum_access.can_see_team(user, school.district_id, school):
        return None
    found = _team_continua(school.district_id, school, chart=True)
    if not found:
        return None
    under_way = AssessmentRound.objects.filter(
        district_id=school.district_id, school=school, status=AssessmentRound.RATING
    ).first()
    return Section(
        "continuum",
        gettext("Continuum self-assessment"),
        "reports/sections/_continuum_school.html",
        {"continua": found, "under_way": under_way},
    )


def continuum_district_section(
    district: District, user: User, schools: QuerySet[School]
) -> Section | None:
    """The latest agreed levels of the district team and of each school's team the reader
    may see, one table per rubric."""
    district_team, teams = continuum_access.visible_teams(user)
    allowed = set(schools.values_list("pk", flat=True))
    shown = sorted((s for s in teams if s.pk in allowed), key=lambda s: s.name)
    owners: list[School | None] = [None, *shown] if district_team else [*shown]
    by_rubric: dict[str, tuple[RubricView, list[tuple[str, TeamContinuum]]]] = {}
    for owner in owners:
        for found in _team_continua(district.pk, owner, chart=False):
            entry = by_rubric.setdefault(found.rubric.id, (found.rubric, []))
            entry[1].append((continuum.team_label(owner), found))
    if not by_rubric:
        return None
    return Section(
        "continuum",
        gettext("Continuum self-assessment"),
        "reports/sections/_continuum_district.html",
        {"rubrics": list(by_rubric.values())},
    )


# --------------------------------------------------------------------------- agreements


@dataclass(frozen=True)
class AdoptedSet:
    """An adopted agreement set as its page and its monthly check page show it."""

    set: AgreementSet
    label: str
    agreements: tuple[Agreement, ...]
    overdue: bool
    review: AgreementReview | None
    """The latest review (None: not reviewed yet)."""
    results: continuum.CheckResults
    chart: str | None

    @property
    def latest_month(self) -> continuum.CheckMonth | None:
        """The newest month whose answers are shown."""
        shown = [m for m in self.results.months if m.respondents is not None]
        return shown[-1] if shown else None


def _adopted_sets(sets: Iterable[AgreementSet], *, chart: bool) -> list[AdoptedSet]:
    from staffroom.web.continuum.figures import check_chart  # the check page's chart

    today = timezone.localdate()
    found = []
    for item in sets:
        results = continuum.agreement_check_results(item)
        found.append(
            AdoptedSet(
                set=item,
                label=continuum.team_label(item.school),
                agreements=tuple(item.agreements.filter(retired_on__isnull=True)),
                overdue=bool(item.next_review_on and item.next_review_on < today),
                review=item.reviews.first(),
                results=results,
                chart=check_chart(results) if chart else None,
            )
        )
    return found


def _adopted(user: User) -> QuerySet[AgreementSet]:
    return continuum.agreement_sets_visible(user).filter(status=AgreementSet.ADOPTED)


def agreements_school_section(school: School, user: User) -> Section | None:
    """The school's adopted agreements: the wording, the review schedule, the latest
    review's changes and the monthly check over time (the set's and check's pages)."""
    sets = _adopted(user).filter(school=school).order_by("-adopted_on", "-pk")
    found = _adopted_sets(sets, chart=True)
    if not found:
        return None
    return Section(
        "agreements",
        gettext("Shared agreements"),
        "reports/sections/_agreements_school.html",
        {"sets": found},
    )


def agreements_district_section(
    district: District, user: User, schools: QuerySet[School]
) -> Section | None:
    """The district team's and each visible school's adopted sets: review dates and the
    latest month of the monthly check."""
    sets = _adopted(user)
    sets = sets.filter(school__isnull=True) | sets.filter(school__in=schools)
    found = _adopted_sets(sets.order_by("school__name", "-adopted_on", "-pk"), chart=False)
    if not found:
        return None
    return Section(
        "agreements",
        gettext("Shared agreements"),
        "reports/sections/_agreements_district.html",
        {"sets": found},
    )


# --------------------------------------------------------------------------- the reports


SCHOOL_SECTIONS: list[SchoolProvider] = [
    survey_school_section,
    indicators_school_section,
    network_school_section,
    continuum_school_section,
    readiness_school_section,
    agreements_school_section,
    improvement_school_section,
]
"""School report parts in print order."""

DISTRICT_SECTIONS: list[DistrictProvider] = [
    survey_district_section,
    indicators_district_section,
    network_district_section,
    continuum_district_section,
    readiness_district_section,
    agreements_district_section,
    improvement_district_section,
]
"""District report parts in print order."""


def school_sections(school: School, user: User) -> list[Section]:
    """The sections of ``school``'s report as ``user`` may see it."""
    found = (provider(school, user) for provider in SCHOOL_SECTIONS)
    return [section for section in found if section is not None]


def district_sections(district: District, user: User, schools: QuerySet[School]) -> list[Section]:
    """The sections of the district report, limited to ``schools`` (what the user may see)."""
    found = (provider(district, user, schools) for provider in DISTRICT_SECTIONS)
    return [section for section in found if section is not None]
