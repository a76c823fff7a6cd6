"""The parts of a printed report. Each domain contributes a ``Section`` built from the same
selectors its own pages use, so a report never shows a number its page would hide.

A report is a list of sections in a fixed order (survey results first, then indicators,
the connection map, the continuum, readiness, agreements and improvement). A provider
returns ``None`` when it has nothing for the school or district (no data yet, or the
domain is not installed), and the report says so rather than leaving a gap.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping
from dataclasses import dataclass, field
from typing import Any

from django.db.models import QuerySet
from django.utils.translation import gettext

from staffroom.web.accounts.models import User
from staffroom.web.orgs.models import District, School
from staffroom.web.results import figures, selectors
from staffroom.web.surveys.models import Cycle

__all__ = [
    "DISTRICT_SECTIONS",
    "SCHOOL_SECTIONS",
    "Section",
    "district_sections",
    "school_sections",
]


@dataclass(frozen=True)
class Section:
    """One part of a report: a heading, the template that draws it and what it needs."""

    key: str
    title: str
    template: str
    context: Mapping[str, Any] = field(default_factory=dict)


SchoolProvider = Callable[[School, User], Section | None]
DistrictProvider = Callable[[District, User, QuerySet[School]], Section | None]


def _latest_cycle(user: User) -> tuple[Cycle | None, QuerySet[Cycle]]:
    cycles = selectors.result_cycles(user=user)
    return selectors.default_cycle(cycles), cycles


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


SCHOOL_SECTIONS: list[SchoolProvider] = [survey_school_section]
"""School report parts in print order; each domain's provider is added here."""

DISTRICT_SECTIONS: list[DistrictProvider] = [survey_district_section]
"""District report parts in print order."""


def school_sections(school: School, user: User) -> list[Section]:
    """The sections of ``school``'s report as ``user`` may see it."""
    found = (provider(school, user) for provider in SCHOOL_SECTIONS)
    return [section for section in found if section is not None]


def district_sections(district: District, user: User, schools: QuerySet[School]) -> list[Section]:
    """The sections of the district report, limited to ``schools`` (what the user may see)."""
    found = (provider(district, user, schools) for provider in DISTRICT_SECTIONS)
    return [section for section in found if section is not None]
