"""People who sign in, with one role each, and the staff roster.

Roles (what each may see is enforced in ``staffroom.web.accounts.access``):
district admin (everything in the district), coach (assigned schools), school leader
(their school), staff (answer surveys; their school's published results if allowed).
"""

from __future__ import annotations

from django.contrib.auth.models import AbstractUser
from django.db import models

from staffroom.web.orgs.models import District, School, Team

__all__ = ["LoginFailure", "RosterEntry", "User"]


class User(AbstractUser):
    DISTRICT_ADMIN = "district_admin"
    COACH = "coach"
    SCHOOL_LEADER = "school_leader"
    STAFF = "staff"
    ROLES = [
        (DISTRICT_ADMIN, "District admin"),
        (COACH, "District coach"),
        (SCHOOL_LEADER, "School leader"),
        (STAFF, "Staff"),
    ]

    email = models.EmailField(unique=True)
    district = models.ForeignKey(
        District, on_delete=models.CASCADE, null=True, blank=True, related_name="users"
    )
    role = models.CharField(max_length=20, choices=ROLES, default=STAFF)
    school = models.ForeignKey(
        School, on_delete=models.SET_NULL, null=True, blank=True, related_name="users"
    )
    coached_schools = models.ManyToManyField(School, blank=True, related_name="coaches")


class RosterEntry(models.Model):
    """A staff member on a school's roster (for invitations and response rates).

    Demographics are optional and self-described; only coarse bands are kept.
    """

    district = models.ForeignKey(District, on_delete=models.CASCADE, related_name="roster")
    school = models.ForeignKey(
        School, on_delete=models.CASCADE, null=True, blank=True, related_name="roster"
    )
    staff_id = models.CharField(max_length=64, blank=True)
    email = models.EmailField(blank=True)
    name = models.CharField(
        max_length=200,
        blank=True,
        help_text="Shown on connection maps only to the roles the district allows.",
    )
    role = models.CharField(max_length=40, blank=True)
    grade_band = models.CharField(max_length=20, blank=True)
    hire_date = models.DateField(null=True, blank=True)
    race_ethnicity = models.CharField(max_length=60, blank=True)
    age_band = models.CharField(max_length=20, blank=True)
    teams = models.ManyToManyField(Team, blank=True, related_name="roster")

    class Meta:
        constraints = [
            models.UniqueConstraint(
                fields=["district", "staff_id"],
                condition=~models.Q(staff_id=""),
                name="roster_staff_id_per_district",
            ),
            models.UniqueConstraint(
                fields=["district", "email"],
                condition=~models.Q(email=""),
                name="roster_email_per_district",
            ),
        ]


class LoginFailure(models.Model):
    """A failed sign-in, kept briefly to throttle guessing (shared by every web host).

    ``key`` is a hash of the lower-cased username, so the table holds no addresses.
    """

    key = models.CharField(max_length=64, db_index=True)
    at = models.DateTimeField(db_index=True)
