"""factory_boy factories for the voice app's models."""

from __future__ import annotations

import datetime as dt

import factory

from staffroom.web.voice.models import (
    Decision,
    Meeting,
    Membership,
    Post,
    Practice,
    Visit,
    WorkingGroup,
)
from tests.web.factories import DistrictFactory, RosterEntryFactory, SchoolFactory


class WorkingGroupFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = WorkingGroup

    district = factory.SubFactory(DistrictFactory)
    school = None
    name = factory.Sequence(lambda n: f"Working group {n}")
    initiative = "Staff community"


class MembershipFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Membership

    group = factory.SubFactory(WorkingGroupFactory)
    roster_entry = factory.SubFactory(
        RosterEntryFactory,
        district=factory.SelfAttribute("..group.district"),
        school=factory.LazyAttribute(
            lambda e: (
                e.factory_parent.group.school
                or SchoolFactory(district=e.factory_parent.group.district)
            )
        ),
    )
    position = factory.Sequence(lambda n: n)


class MeetingFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Meeting

    group = factory.SubFactory(WorkingGroupFactory)
    held_on = dt.date(2026, 12, 1)


class PostFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Post

    district = factory.SubFactory(DistrictFactory)
    school = None
    kind = Post.IDEA
    text = "More time to plan together."
    posted_on = dt.date(2026, 11, 2)


class DecisionFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Decision

    district = factory.SubFactory(DistrictFactory)
    school = None
    title = factory.Sequence(lambda n: f"Decision {n}")
    decided = "Meetings end on time."
    decided_on = dt.date(2026, 11, 1)
    body = "Leadership team"


class PracticeFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Practice

    district = factory.LazyAttribute(lambda p: p.school.district)
    school = factory.SubFactory(SchoolFactory)
    title = factory.Sequence(lambda n: f"Practice {n}")
    kind = "meetings"
    for_whom = "All staff"
    description = "How it works, step by step."
    evidence = "Meetings end on time."
    contact_role = "Assistant principal"
    recorded_on = dt.date(2026, 10, 1)


class VisitFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Visit

    district = factory.LazyAttribute(lambda v: v.host.district)
    host = factory.SubFactory(SchoolFactory)
    visitor = factory.SubFactory(SchoolFactory, district=factory.SelfAttribute("..host.district"))
    visit_on = dt.date(2026, 12, 10)
    purpose = "See rotating roles at work."
