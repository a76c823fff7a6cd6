"""factory_boy factories for the web app's models."""

from __future__ import annotations

import datetime as dt

import factory

from staffroom.web.accounts.models import RosterEntry, User
from staffroom.web.orgs.models import District, School, Team
from staffroom.web.surveys.models import Cycle, Response

PASSWORD = "correct horse battery staple"


class DistrictFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = District

    name = factory.Sequence(lambda n: f"District {n}")
    slug = factory.Sequence(lambda n: f"district-{n}")


class SchoolFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = School

    district = factory.SubFactory(DistrictFactory)
    name = factory.Sequence(lambda n: f"School {n}")
    slug = factory.Sequence(lambda n: f"school-{n}")
    level = "elementary"
    staff_count = 40


class TeamFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Team

    district = factory.SubFactory(DistrictFactory)
    name = factory.Sequence(lambda n: f"Team {n}")
    kind = "department"


class UserFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = User
        skip_postgeneration_save = True

    username = factory.Sequence(lambda n: f"user{n}@example.org")
    email = factory.LazyAttribute(lambda u: u.username)
    district = factory.SubFactory(DistrictFactory)
    role = User.STAFF
    password = factory.PostGenerationMethodCall("set_password", PASSWORD)

    @factory.post_generation
    def saved(self, create: bool, extracted: object, **kwargs: object) -> None:
        if create:
            self.save()


class RosterEntryFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = RosterEntry

    district = factory.SubFactory(DistrictFactory)
    school = factory.SubFactory(SchoolFactory, district=factory.SelfAttribute("..district"))
    email = factory.Sequence(lambda n: f"staff{n}@example.org")


class CycleFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Cycle

    district = factory.SubFactory(DistrictFactory)
    title = factory.Sequence(lambda n: f"Spring survey {n}")
    instrument_id = "staff-climate"
    opens_on = dt.date(2026, 3, 1)
    closes_on = dt.date(2026, 3, 31)
    status = Cycle.OPEN
    min_n = 5


class ResponseFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Response

    cycle = factory.SubFactory(CycleFactory)
    submitted_on = dt.date(2026, 3, 10)
    answers = factory.Dict({})
    demographics = factory.Dict({})
