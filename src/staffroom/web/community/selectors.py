"""Reads for the indicator panel, group patterns and the school profile.

Every statistic comes from the indicator engine (``staffroom.analysis.indicators`` and
``staffroom.analysis.patterns``), called once per district on the frames of
``community.frames`` with the district's minimum group size; the engine suppresses
(any value built from fewer than ``min_n`` people is missing, complementary cells too).
This module only picks values out of the engine's tables and shapes them for pages:
a value the engine hid stays hidden, and nothing is recomputed here.

Results are cached per process on the district, its minimum group size and a
fingerprint of its data (counts and latest ids of every source), so page views do not
recompute.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Sequence
from dataclasses import dataclass, replace
from typing import Any

import numpy as np
import pandas as pd
from django.conf import settings
from django.db.models import Count, Max
from django.utils import formats
from django.utils.translation import gettext as _
from django.utils.translation import gettext_noop

from staffroom.analysis.grouped import NOT_REPORTED
from staffroom.web.accounts.models import RosterEntry
from staffroom.web.community import frames, questions
from staffroom.web.community.models import (
    AbsenceRecord,
    DataImport,
    DistrictRequest,
    LearningAttendance,
    MeetingAttendance,
    PracticeObservation,
    StaffExit,
)
from staffroom.web.core.cells import count_or_none, number_or_none
from staffroom.web.core.memo import BoundedCache
from staffroom.web.orgs.models import District, School

__all__ = [
    "ATTRIBUTE_TITLES",
    "DistrictPanel",
    "DistrictRow",
    "IndicatorInfo",
    "Pattern",
    "PatternReport",
    "PatternRow",
    "Point",
    "Profile",
    "SchoolPanel",
    "Trend",
    "community_min_n",
    "district_panel",
    "group_patterns",
    "indicator_series",
    "indicators_cache_clear",
    "school_panel",
    "school_profile",
]


# --------------------------------------------------------------------------- shapes


@dataclass(frozen=True)
class IndicatorInfo:
    """An indicator as pages name it."""

    id: str
    title: str
    description: str
    percent: bool
    unit_title: str
    digits: int = 1

    def format(self, value: float | None) -> str:
        """The value as pages print it ("" when hidden)."""
        if value is None:
            return ""
        if self.percent:
            return f"{value * 100:.{self.digits}f}%"
        return f"{value:,.{self.digits}f}"


@dataclass(frozen=True)
class Point:
    """One period's value (None: hidden, or no data) and the people behind it."""

    period: dt.date
    value: float | None
    n: int | None
    label: str
    """"October 2026" for a month, "2025-26" for a school year."""
    change: float | None = None
    """The engine's change since the previous period (None: not shown for both)."""


@dataclass(frozen=True)
class Trend:
    """An indicator's school line and district line over the same periods."""

    indicator: IndicatorInfo
    school: tuple[Point, ...]
    district: tuple[Point, ...]

    @property
    def rows(self) -> list[tuple[str, str, str]]:
        """(period, school value, district value) texts for the table under the chart."""
        return [
            (s.label, self.indicator.format(s.value), self.indicator.format(d.value))
            for s, d in zip(self.school, self.district, strict=True)
        ]

    @property
    def latest(self) -> Point | None:
        shown = [p for p in self.school if p.value is not None]
        return shown[-1] if shown else None

    @property
    def latest_text(self) -> str:
        latest = self.latest
        return self.indicator.format(latest.value) if latest else ""

    @property
    def change_text(self) -> str:
        """The latest value's change since the period before ("+1.2 pts"), or ""."""
        latest = self.latest
        if latest is None or latest.change is None:
            return ""
        if self.indicator.percent:
            return f"{round(latest.change * 100, 1) + 0.0:+.1f} pts"
        return f"{round(latest.change, self.indicator.digits) + 0.0:+.{self.indicator.digits}f}"

    @property
    def district_latest_text(self) -> str:
        latest = self.latest
        if latest is None:
            return ""
        match = [d for d in self.district if d.period == latest.period]
        return self.indicator.format(match[0].value) if match else ""


@dataclass(frozen=True)
class DistrictRow:
    school: School
    trends: tuple[Trend, ...]


@dataclass(frozen=True)
class DistrictPanel:
    available: bool
    min_n: int
    indicators: tuple[IndicatorInfo, ...]
    district: tuple[Trend, ...]
    rows: tuple[DistrictRow, ...]


@dataclass(frozen=True)
class SchoolPanel:
    available: bool
    min_n: int
    trends: tuple[Trend, ...]


@dataclass(frozen=True)
class PatternRow:
    group: str
    n: int | None
    value: float | None
    text: str


@dataclass(frozen=True)
class Pattern:
    """One indicator by one attribute, and the question it raises (if any)."""

    indicator: IndicatorInfo
    attribute: str
    attribute_title: str
    overall: str
    rows: tuple[PatternRow, ...]
    question: str

    @property
    def all_hidden(self) -> bool:
        return all(row.value is None for row in self.rows)


@dataclass(frozen=True)
class PatternReport:
    available: bool
    min_n: int
    patterns: tuple[Pattern, ...]

    @property
    def questions(self) -> list[Pattern]:
        return [p for p in self.patterns if p.question]


@dataclass(frozen=True)
class Profile:
    school: School
    panel: SchoolPanel
    patterns: PatternReport
    survey: Any
    network: dict[str, Any] | None
    network_available: bool


ATTRIBUTE_TITLES = {
    "role": gettext_noop("Role"),
    "grade_band": gettext_noop("Grade band"),
    "hire_band": gettext_noop("Years in the district"),
    "race_ethnicity": gettext_noop("Race or ethnicity"),
    "age_band": gettext_noop("Age band"),
}


# --------------------------------------------------------------------------- engine


def community_min_n(district: District) -> int:
    """The strictest of the district's and the installation's minimum group size."""
    return max(district.min_n, settings.STAFFROOM_MIN_N)


@dataclass(frozen=True)
class _Computed:
    values: dict[tuple[Any, str, str], tuple[float | None, int | None, float | None]] | None
    """(school, key, period label) -> (value, n, change), None when hidden; ``school`` -1 for
    the district; ``key`` the indicator id (``practice_uptake:<practice>`` per
    practice)."""
    periods: dict[str, dict[str, tuple[dt.date, str]]]
    """Indicator key -> {engine period label: (first day, label shown)}, in time order."""
    infos: tuple[IndicatorInfo, ...]
    patterns: pd.DataFrame | None = None


_cache: BoundedCache[_Computed] = BoundedCache(8)
MAX_MONTHS = 15
"""The panel shows at most this many months, ending with the latest month with data."""
MAX_QUESTIONS = 6
"""Questions a patterns page asks at most (the groups furthest apart first)."""
_YEARLY = ("turnover_rate", "retention_rate")
"""Indicators read by school year rather than by month."""
_YEAR_START = 7
"""School years run from July (the NCES convention)."""


def indicators_cache_clear() -> None:
    """Forget every cached computation (tests)."""
    _cache.clear()


def _fingerprint(district: District) -> tuple[Any, ...]:
    parts: list[Any] = []
    for model, field in (
        (AbsenceRecord, "district"),
        (StaffExit, "district"),
        (LearningAttendance, "event__district"),
        (PracticeObservation, "practice__district"),
        (DistrictRequest, "district"),
        (MeetingAttendance, "meeting__district"),
        (RosterEntry, "district"),
        (DataImport, "district"),
    ):
        found = model.objects.filter(**{field: district}).aggregate(n=Count("pk"), last=Max("pk"))
        parts.extend([found["n"], found["last"]])
    return tuple(parts)


def _computed(district: District) -> _Computed:
    min_n = community_min_n(district)
    key = (district.pk, min_n, _fingerprint(district))
    return _cache.get_or_compute(key, lambda: _compute(district, min_n))


def _engine() -> Any:
    try:
        from staffroom.analysis import indicators
    except ImportError:  # the engine is built beside this app; pages say so meanwhile
        return None
    return indicators


def _voice_installed() -> bool:
    try:
        import staffroom.analysis.voice  # noqa: F401
    except ImportError:
        return False
    return True


def _span(sources: dict[str, pd.DataFrame]) -> tuple[pd.Timestamp, pd.Timestamp] | None:
    """The first and last day any record falls on (at most ``MAX_MONTHS`` months)."""
    columns = {
        "absences": "period_start",
        "exits": "exit_date",
        "pl_events": "date",
        "practice_observations": "date",
        "district_requests": "sent_at",
        "meetings": "date",
    }
    days = [sources[k][c] for k, c in columns.items() if k in sources and not sources[k].empty]
    if not days:
        return None
    stamps = pd.concat(days, ignore_index=True).dropna()
    if stamps.empty:
        return None
    last = stamps.max()
    first = max(stamps.min(), (last.to_period("M") - (MAX_MONTHS - 1)).start_time)
    return first, last


def _infos(engine: Any, keys: Sequence[str]) -> tuple[IndicatorInfo, ...]:
    infos = []
    for key in keys:
        name, _sep, detail = key.partition(":")
        info = engine.INDICATORS[name]
        title = f"{info.title}: {detail}" if detail else info.title
        units = {
            "share": _("Share"),
            "hours": _("Hours"),
            "count": _("People"),
            "index": _("Index (0 to 1)"),
        }
        # a Gini coefficient is a 0-1 index, not a share of people
        index = info.unit == "index" or name == "voice_gini"
        percent = info.unit == "share" and not index
        digits = 2 if index else (0 if info.unit == "count" else 1)
        unit_title = units["index"] if index else units.get(info.unit, info.unit)
        infos.append(IndicatorInfo(key, title, info.description, percent, unit_title, digits))
    return tuple(infos)


def _compute(district: District, min_n: int) -> _Computed:
    """The engine's panel for the district's records, indexed for the pages."""
    engine = _engine()
    if engine is None:
        return _Computed(None, {}, ())
    sources = {
        "absences": frames.absence_frame(district),
        "exits": frames.exit_frame(district),
        "pl_events": frames.learning_events_frame(district),
        "pl_attendance": frames.learning_frame(district),
        "practice_observations": frames.observation_frame(district),
        "district_requests": frames.request_frame(district),
    }
    if _voice_installed():
        sources["meetings"] = frames.meeting_frame(district)
    roster = frames.roster_frame(district)
    span = _span(sources)
    if span is None or roster.empty:
        return _Computed(None, {}, ())
    periods = engine.months(span[0].date(), span[1].date())
    given: dict[str, Any] = {k: frame for k, frame in sources.items() if not frame.empty}
    if "pl_events" not in given or "pl_attendance" not in given:
        given.pop("pl_events", None)
        given.pop("pl_attendance", None)
    panel = engine.indicator_panel(
        roster=roster, periods=periods, min_n=min_n, as_of=span[1], **given
    )
    shown = {p.label: (p.start, formats.date_format(p.start, "YEAR_MONTH_FORMAT")) for p in periods}
    by_key: dict[str, dict[str, tuple[dt.date, str]]] = {}
    if "exits" in given:
        # most people leave at the end of a school year: turnover is read by school year
        first = span[0].year - (span[0].month < _YEAR_START)
        last = span[1].year - (span[1].month < _YEAR_START)
        years = engine.school_years(first, last, start_month=_YEAR_START)
        last_day = span[1].date()
        yearly = engine.indicator_panel(
            roster=roster, periods=years, exits=given["exits"], min_n=min_n, as_of=span[1]
        )
        panel = pd.concat(
            [panel[~panel["indicator"].isin(_YEARLY)], yearly[yearly["indicator"].isin(_YEARLY)]],
            ignore_index=True,
        )
        for name in _YEARLY:
            by_key[name] = {
                p.label: (
                    p.start,
                    _("%(year)s so far") % {"year": p.label} if p.end > last_day else p.label,
                )
                for p in years
            }
    if panel.empty:
        return _Computed(None, {}, ())
    detail = panel["detail"].fillna("").astype(str)
    panel = panel.assign(
        key=np.where(
            detail != "", panel["indicator"].astype(str) + ":" + detail, panel["indicator"]
        )
    )
    schools = panel[["school", "key", "period", "value", "n", "change"]]
    overall = (
        panel[["key", "period", "district_value", "district_n"]]
        .drop_duplicates(["key", "period"])
        .rename(columns={"district_value": "value", "district_n": "n"})
        .assign(school=-1, change=np.nan)
    )
    both = pd.concat([schools, overall], ignore_index=True)
    values = {
        (school, key, period): (number_or_none(value), count_or_none(n), number_or_none(change))
        for school, key, period, value, n, change in zip(
            both["school"],
            both["key"],
            both["period"],
            both["value"],
            both["n"],
            both["change"],
            strict=True,
        )
    }
    order = list(dict.fromkeys(panel["key"]))
    ranked = sorted(order, key=lambda k: list(engine.INDICATORS).index(k.partition(":")[0]))
    return _Computed(
        values=values,
        periods={key: by_key.get(key, shown) for key in ranked},
        infos=_infos(engine, ranked),
        patterns=_pattern_table(roster, sources, span, min_n),
    )


def _pattern_table(
    roster: pd.DataFrame,
    sources: dict[str, pd.DataFrame],
    span: tuple[pd.Timestamp, pd.Timestamp],
    min_n: int,
) -> pd.DataFrame | None:
    """The engine's group patterns over the whole span (one period), or None."""
    try:
        from staffroom.analysis import indicators, patterns
    except ImportError:  # built beside this app; the pages say so meanwhile
        return None
    whole = indicators.Period("all", span[0].date(), span[1].date())
    given: dict[str, Any] = {
        kind: sources[kind]
        for kind in ("absences", "pl_events", "pl_attendance", "meetings")
        if kind in sources and not sources[kind].empty
    }
    if "pl_events" not in given or "pl_attendance" not in given:
        given.pop("pl_events", None)
        given.pop("pl_attendance", None)
    people = patterns.person_measures(roster=roster, periods=[whole], as_of=span[1], **given)
    measures = [m for m in questions.MEASURES if m in people.columns]
    if not measures:
        return None
    attributes = [a for a in patterns.GROUP_ATTRIBUTES if a in people.columns]
    return patterns.group_patterns(people, measures=measures, attributes=attributes, min_n=min_n)


def _trend(computed: _Computed, info: IndicatorInfo, school: int) -> Trend:
    values = computed.values
    if values is None:
        raise ValueError("the district has no indicator values")

    def line(owner: int) -> tuple[Point, ...]:
        points = []
        for label, (start, shown) in computed.periods[info.id].items():
            value, n, change = values.get((owner, info.id, label), (None, None, None))
            points.append(Point(start, value, n, shown, change))
        return tuple(points)

    return Trend(info, line(school), line(-1))


# --------------------------------------------------------------------------- pages


def district_panel(*, district: District, schools: Sequence[School]) -> DistrictPanel:
    """Each school's trend per indicator, and the district's, for the schools given."""
    computed = _computed(district)
    min_n = community_min_n(district)
    if computed.values is None:
        return DistrictPanel(False, min_n, (), (), ())
    rows = tuple(
        DistrictRow(school, tuple(_trend(computed, info, school.pk) for info in computed.infos))
        for school in sorted(schools, key=lambda s: s.name)
    )
    overall = tuple(_trend(computed, info, -1) for info in computed.infos)
    return DistrictPanel(True, min_n, computed.infos, overall, rows)


def school_panel(*, school: School) -> SchoolPanel:
    """The school's trend per indicator, with the district's line."""
    computed = _computed(school.district)
    min_n = community_min_n(school.district)
    if computed.values is None:
        return SchoolPanel(False, min_n, ())
    trends = tuple(_trend(computed, info, school.pk) for info in computed.infos)
    return SchoolPanel(True, min_n, trends)


def indicator_series(
    *, district: District, school: School | None, indicator: str
) -> list[dict[str, Any]]:
    """An indicator's monthly values for a school (or the district when ``school`` is
    None), for other apps (improvement metrics): dicts with ``label``, ``on``, ``value``
    (None when hidden), ``n`` and ``min_n``."""
    computed = _computed(district)
    info = next((i for i in computed.infos if i.id == indicator), None)
    if computed.values is None or info is None:
        return []
    trend = _trend(computed, info, school.pk if school is not None else -1)
    min_n = community_min_n(district)
    return [
        {"label": p.label, "on": p.period, "value": p.value, "n": p.n, "min_n": min_n}
        for p in trend.school
    ]


def group_patterns(
    *, district: District, schools: Sequence[School], school: School | None = None
) -> PatternReport:
    """Indicators by staff group, within ``school`` or across the district."""
    computed = _computed(district)
    min_n = community_min_n(district)
    table = computed.patterns
    if table is None:
        return PatternReport(False, min_n, ())
    if school is None:
        mine = table[table["level"] == "district"]
    else:
        mine = table[(table["level"] == "school") & (table["school"] == school.pk)]
    found: list[Pattern] = []
    asked: list[tuple[float, Pattern]] = []
    for measure in questions.MEASURES:
        info = questions.measure_info(measure)
        for attribute in ATTRIBUTE_TITLES:
            block = mine[(mine["measure"] == measure) & (mine["attribute"] == attribute)]
            if block.empty:
                continue
            rows = []
            best: tuple[float, str] | None = None
            for row in block.sort_values("group").itertuples(index=False):
                value = number_or_none(row.value)
                not_reported = row.group == NOT_REPORTED
                group = _("(not reported)") if not_reported else str(row.group)
                rows.append(PatternRow(group, count_or_none(row.n), value, info.format(value)))
                asked_here = None if not_reported else questions.question(row, info)
                if asked_here is not None and (best is None or asked_here[0] > best[0]):
                    best = asked_here
            overall = number_or_none(block["overall_value"].iloc[0])
            pattern = Pattern(
                indicator=IndicatorInfo(measure, info.title, "", info.percent, ""),
                attribute=attribute,
                attribute_title=_(ATTRIBUTE_TITLES[attribute]),
                overall=info.format(overall),
                rows=tuple(rows),
                question=best[1] if best else "",
            )
            found.append(pattern)
            if best is not None:
                asked.append((best[0], pattern))
    keep = {id(p) for _apart, p in sorted(asked, key=lambda a: -a[0])[:MAX_QUESTIONS]}
    patterns = tuple(p if id(p) in keep else replace(p, question="") for p in found)
    return PatternReport(True, min_n, patterns)


def school_profile(*, school: School, user: Any) -> Profile:
    """Survey results (latest closed cycle), indicators, connections and group patterns."""
    panel = school_panel(school=school)
    patterns = group_patterns(district=school.district, schools=[school], school=school)
    network: dict[str, Any] | None = None
    network_available = True
    try:
        from staffroom.web.network.selectors import school_network_summary
    except ImportError:
        network_available = False
    else:
        network = school_network_summary(school, user)
    return Profile(
        school=school,
        panel=panel,
        patterns=patterns,
        survey=_survey(school),
        network=network,
        network_available=network_available,
    )


def _survey(school: School) -> Any:
    """The school's report for the district's latest closed survey cycle (or None)."""
    from staffroom.web.results import selectors as results
    from staffroom.web.surveys.models import Cycle

    cycles = Cycle.objects.filter(
        district_id=school.district_id, kind=Cycle.SURVEY, status=Cycle.CLOSED
    ).order_by("-opens_on", "-pk")
    cycle = cycles.first()
    if cycle is None:
        return None
    return results.school_report(cycle=cycle, school=school, cycles=cycles)
