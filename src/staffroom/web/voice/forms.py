"""Forms of the voice app. Choices are limited to what the user may touch."""

from __future__ import annotations

import datetime as dt
from typing import Any

from django import forms
from django.core.exceptions import ValidationError
from django.db.models import Q, QuerySet
from django.utils.translation import gettext_lazy as _

from staffroom.web.accounts.models import RosterEntry, User
from staffroom.web.core.equity import EQUITY_PAUSE_QUESTIONS
from staffroom.web.orgs.models import School
from staffroom.web.voice.access import can_manage_district_items, managed_schools
from staffroom.web.voice.models import (
    Decision,
    Meeting,
    Membership,
    Post,
    Practice,
    Visit,
    WorkingGroup,
)
from staffroom.web.voice.services import MAX_PLANNED_MEETINGS

__all__ = [
    "DecisionForm",
    "GroupForm",
    "MeetingForm",
    "MemberAddForm",
    "PlanForm",
    "PostForm",
    "PracticeFilterForm",
    "PracticeForm",
    "RespondForm",
    "VisitForm",
    "default_first_meeting",
]

_DATE = forms.DateInput(attrs={"type": "date"})


class _ScopedSchoolMixin:
    """A ``school`` field limited to the schools the user manages, with "the district"
    (empty) offered only to those who manage district-wide items."""

    fields: dict[str, Any]

    def _limit_school(self, user: User) -> None:
        field = self.fields["school"]
        field.queryset = managed_schools(user)
        district_ok = can_manage_district_items(user)
        field.required = not district_ok
        field.empty_label = _("The whole district") if district_ok else None


class GroupForm(_ScopedSchoolMixin, forms.ModelForm):
    class Meta:
        model = WorkingGroup
        fields = ["name", "kind", "initiative", "school", "purpose", "active"]

    def __init__(self, *args: Any, user: User, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self._limit_school(user)


class MemberAddForm(forms.Form):
    """Add someone from the roster (of the group's school, or the district's), or a
    user who signs in (district office staff are often not on a school's roster)."""

    roster_entry = forms.ModelChoiceField(
        queryset=RosterEntry.objects.none(), label=_("Person on the roster"), required=False
    )
    user = forms.ModelChoiceField(
        queryset=User.objects.none(), label=_("Or someone who signs in"), required=False
    )

    def __init__(self, *args: Any, group: WorkingGroup, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        entries = RosterEntry.objects.filter(district_id=group.district_id).exclude(
            voice_groups__group=group
        )
        users = User.objects.filter(district_id=group.district_id, is_active=True).exclude(
            voice_groups__group=group
        )
        if group.school_id:
            entries = entries.filter(school_id=group.school_id)
            users = users.filter(Q(school_id=group.school_id) | Q(school__isnull=True))
        field = self.fields["roster_entry"]
        field.queryset = entries.order_by("name", "email")
        field.label_from_instance = _roster_label
        self.fields["user"].queryset = users.order_by("last_name", "email")
        self.fields["user"].label_from_instance = _user_label

    def clean(self) -> dict[str, Any]:
        data = super().clean()
        if (data.get("roster_entry") is None) == (data.get("user") is None):
            raise ValidationError(_("Choose one person: from the roster or who signs in."))
        return data


def _user_label(user: User) -> str:
    return f"{user.get_full_name() or user.email} ({user.get_role_display()})"


def _post_label(post: Post) -> str:
    where = post.school.name if post.school else _("District")
    return f"{where}: {post.public_text[:100]}"


def _roster_label(entry: RosterEntry) -> str:
    name = entry.name or entry.email or entry.staff_id
    return f"{name} ({entry.role})" if entry.role else name


class PlanForm(forms.Form):
    first = forms.DateField(label=_("First meeting"), widget=_DATE)
    every_days = forms.IntegerField(
        label=_("Days between meetings"), min_value=1, max_value=120, initial=14
    )
    count = forms.IntegerField(
        label=_("How many meetings"), min_value=1, max_value=MAX_PLANNED_MEETINGS, initial=6
    )


class MeetingForm(forms.ModelForm):
    class Meta:
        model = Meeting
        fields = ["held_on", "agenda", "facilitator", "note_taker", "timekeeper"]
        widgets = {"held_on": _DATE}

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        members: QuerySet[Membership] = self.instance.group.members.select_related(
            "roster_entry", "user"
        )
        for name in ("facilitator", "note_taker", "timekeeper"):
            self.fields[name].queryset = members
            self.fields[name].label_from_instance = lambda m: m.display_name

    def clean(self) -> dict[str, Any]:
        data = super().clean()
        chosen = [data.get(n) for n in ("facilitator", "note_taker", "timekeeper")]
        held = [m for m in chosen if m is not None]
        if len(held) != len(set(held)):
            raise ValidationError(_("One person holds one role at a meeting."))
        return data


class PostForm(forms.Form):
    """What a member of staff writes. Nothing else is asked or kept."""

    kind = forms.ChoiceField(
        label=_("Is this a concern or an idea?"), choices=Post.KINDS, widget=forms.RadioSelect
    )
    to = forms.ChoiceField(label=_("Who should hear it?"), widget=forms.RadioSelect)
    text = forms.CharField(
        label=_("What would you like to say?"),
        max_length=2000,
        widget=forms.Textarea(attrs={"rows": 6}),
        help_text=_(
            "Please describe situations, not people: anything that could identify "
            "someone is taken out before it is shown."
        ),
    )

    def __init__(self, *args: Any, user: User, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        choices = []
        if user.school_id:
            choices.append(
                ("school", _("My school's leaders (%(school)s)") % {"school": user.school})
            )
        choices.append(("district", _("The district team")))
        self.fields["to"].choices = choices
        self.fields["to"].initial = choices[0][0]


class RespondForm(forms.ModelForm):
    class Meta:
        model = Post
        fields = ["moderation", "public_text", "status", "response", "why_not_now"]
        help_texts = {
            "response": _("Shown on the public page under what staff said."),
            "why_not_now": _("Needed when the status is 'not now'; shown on the public page."),
        }
        labels = {
            "moderation": _("Public page"),
            "public_text": _("Wording for the public page"),
            "response": _("Your answer (you said, we did)"),
            "why_not_now": _("Why not now"),
        }
        widgets = {
            "public_text": forms.Textarea(attrs={"rows": 4}),
            "response": forms.Textarea(attrs={"rows": 4}),
            "why_not_now": forms.Textarea(attrs={"rows": 3}),
        }

    def clean(self) -> dict[str, Any]:
        data = super().clean()
        if data.get("status") == Post.NOT_NOW and not data.get("why_not_now", "").strip():
            self.add_error("why_not_now", _("Say why this is not for now."))
        if data.get("moderation") == Post.APPROVED and not data.get("public_text", "").strip():
            self.add_error("public_text", _("Write the wording the public page will show."))
        return data


class DecisionForm(_ScopedSchoolMixin, forms.ModelForm):
    class Meta:
        model = Decision
        fields = [
            "title",
            "school",
            "decided",
            "decided_on",
            "body",
            "group",
            "staff_input",
            "posts",
            "links",
            "who_benefits",
            "who_carries",
            "whose_voice",
        ]
        widgets = {
            "decided_on": _DATE,
            "links": forms.Textarea(attrs={"rows": 3}),
            "posts": forms.CheckboxSelectMultiple,
        }

    def __init__(self, *args: Any, user: User, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self._limit_school(user)
        schools = managed_schools(user)
        groups = WorkingGroup.objects.filter(district_id=user.district_id)
        posts = Post.objects.filter(
            district_id=user.district_id, moderation=Post.APPROVED
        ).select_related("school")
        if not can_manage_district_items(user):
            groups = groups.filter(school__in=schools)
            posts = posts.filter(school__in=schools)
        self.fields["group"].queryset = groups
        self.fields["posts"].queryset = posts
        self.fields["posts"].label_from_instance = _post_label
        self.fields["posts"].label = _("Channel posts it answers")
        for name, question, prompt in EQUITY_PAUSE_QUESTIONS:
            self.fields[name].label = _("Equity pause: %(question)s") % {"question": question}
            self.fields[name].help_text = prompt
            self.fields[name].widget.attrs["rows"] = 3

    def clean_links(self) -> str:
        links = self.cleaned_data["links"]
        for line in links.splitlines():
            line = line.strip()
            if line and not (line.startswith(("https://", "http://", "/"))):
                raise ValidationError(_("Each line must be a link (https://… or /…)."))
        return str(links)


class PracticeForm(forms.ModelForm):
    class Meta:
        model = Practice
        fields = ["title", "school", "kind", "for_whom", "description", "evidence", "contact_role"]

    def __init__(self, *args: Any, user: User, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["school"].queryset = managed_schools(user)


class PracticeFilterForm(forms.Form):
    q = forms.CharField(label=_("Search"), required=False)
    kind = forms.ChoiceField(
        label=_("Kind"), required=False, choices=[("", _("Any kind")), *Practice.KINDS]
    )
    school = forms.ModelChoiceField(
        label=_("School"),
        required=False,
        queryset=School.objects.none(),
        empty_label=_("Any school"),
    )

    def __init__(self, *args: Any, user: User, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["school"].queryset = School.objects.filter(district_id=user.district_id)


class VisitForm(forms.ModelForm):
    class Meta:
        model = Visit
        fields = ["visitor", "host", "practice", "visit_on", "purpose", "status"]
        labels = {"visitor": _("Visiting school"), "host": _("Host school")}
        widgets = {"visit_on": _DATE, "purpose": forms.Textarea(attrs={"rows": 3})}

    def __init__(self, *args: Any, user: User, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self._user = user
        schools = School.objects.filter(district_id=user.district_id)
        self.fields["visitor"].queryset = schools
        self.fields["host"].queryset = schools
        self.fields["practice"].queryset = Practice.objects.filter(district_id=user.district_id)

    def clean(self) -> dict[str, Any]:
        data = super().clean()
        host, visitor = data.get("host"), data.get("visitor")
        if host is not None and host == visitor:
            raise ValidationError(_("A visit is between two different schools."))
        mine = managed_schools(self._user)
        if (
            host is not None
            and visitor is not None
            and not mine.filter(pk__in=[host.pk, visitor.pk]).exists()
        ):
            raise ValidationError(_("One of the two schools must be one you work with."))
        practice = data.get("practice")
        if practice is not None and host is not None and practice.school_id != host.pk:
            self.add_error("practice", _("Choose a practice of the host school."))
        return data


def default_first_meeting(today: dt.date) -> dt.date:
    """The next weekday after ``today`` (a default for planning)."""
    day = today + dt.timedelta(days=1)
    while day.weekday() >= 5:
        day += dt.timedelta(days=1)
    return day
