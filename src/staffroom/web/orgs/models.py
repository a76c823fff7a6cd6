"""Districts, schools and teams: the organisations results are reported for."""

from __future__ import annotations

from django.db import models

__all__ = ["District", "School", "Team"]


class District(models.Model):
    """A school district, with its privacy and reporting settings."""

    name = models.CharField(max_length=200)
    slug = models.SlugField(unique=True)
    min_n = models.PositiveSmallIntegerField(
        default=5, help_text="Minimum group size for any statistic (never below the system floor)."
    )
    comment_min_n = models.PositiveSmallIntegerField(
        default=10, help_text="Minimum group size before comments are shown."
    )
    response_rate_flag = models.FloatField(
        default=0.5,
        help_text="Response rates below this mark results as possibly unrepresentative.",
    )
    staff_see_results = models.BooleanField(
        default=False, help_text="Staff may see their own school's published results."
    )

    NAMES_ADMIN = "admin"
    NAMES_ADMIN_COACH = "admin_coach"
    NAMES_ADMIN_COACH_LEADER = "admin_coach_leader"
    NAMES_VISIBLE_CHOICES = [
        (NAMES_ADMIN, "District admins only"),
        (NAMES_ADMIN_COACH, "District admins and each school's assigned coach"),
        (NAMES_ADMIN_COACH_LEADER, "District admins, assigned coaches and the school's leaders"),
    ]
    names_visible_to = models.CharField(
        max_length=20,
        choices=NAMES_VISIBLE_CHOICES,
        default=NAMES_ADMIN_COACH,
        help_text=(
            "Who sees people's names on connection maps and person-level indicators; "
            "everyone else sees anonymous nodes and group figures."
        ),
    )

    class Meta:
        ordering = ["name"]

    def __str__(self) -> str:
        return self.name


class School(models.Model):
    LEVELS = [
        ("elementary", "Elementary"),
        ("middle", "Middle"),
        ("high", "High"),
        ("k8", "K-8"),
        ("other", "Other"),
    ]

    district = models.ForeignKey(District, on_delete=models.CASCADE, related_name="schools")
    name = models.CharField(max_length=200)
    slug = models.SlugField()
    level = models.CharField(max_length=20, choices=LEVELS, default="other")
    staff_count = models.PositiveIntegerField(
        default=0, help_text="Staff on the roster; the denominator of response rates."
    )

    class Meta:
        ordering = ["name"]
        constraints = [
            models.UniqueConstraint(fields=["district", "slug"], name="school_slug_per_district"),
            # results group responses by school name, so names must be unique too
            models.UniqueConstraint(fields=["district", "name"], name="school_name_per_district"),
        ]

    def __str__(self) -> str:
        return self.name


class Team(models.Model):
    """A department, grade team, or a district-office team (no school)."""

    KINDS = [
        ("department", "Department"),
        ("grade", "Grade team"),
        ("district", "District office team"),
        ("other", "Other"),
    ]

    district = models.ForeignKey(District, on_delete=models.CASCADE, related_name="teams")
    school = models.ForeignKey(
        School, on_delete=models.CASCADE, null=True, blank=True, related_name="teams"
    )
    name = models.CharField(max_length=200)
    kind = models.CharField(max_length=20, choices=KINDS, default="other")
    member_count = models.PositiveIntegerField(default=0)
    beyond_contract = models.BooleanField(
        default=False,
        help_text="A team or activity staff join beyond contractual duties (a club, a committee).",
    )

    class Meta:
        ordering = ["name"]

    def __str__(self) -> str:
        return self.name
