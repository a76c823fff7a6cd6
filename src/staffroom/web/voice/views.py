"""Pages of the voice app. Thin: check access (``staffroom.web.voice.access``) on the
server, call services and selectors, render.

Objects outside the user's reach (another district, a school that is not theirs, a
role that may not do this) answer 404, so their existence is not revealed; anonymous
visitors are sent to sign in.
"""

from __future__ import annotations

import datetime as dt
from typing import Any
from uuid import UUID

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.db.models import Count, Q, QuerySet
from django.http import Http404, HttpRequest, HttpResponse, HttpResponseRedirect
from django.shortcuts import render
from django.urls import reverse
from django.utils import timezone
from django.utils.cache import patch_vary_headers
from django.utils.translation import gettext as _
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from staffroom.web.accounts.models import User
from staffroom.web.core.equity import EQUITY_PAUSE_QUESTIONS
from staffroom.web.orgs.models import School
from staffroom.web.voice import access, forms, selectors, services
from staffroom.web.voice.models import (
    MEETING_ROLES,
    Decision,
    Meeting,
    Membership,
    Post,
    Practice,
    Visit,
    WorkingGroup,
)

__all__ = [
    "decision_detail",
    "decision_edit",
    "decision_new",
    "decisions",
    "group_detail",
    "group_edit",
    "group_member_add",
    "group_member_remove",
    "group_new",
    "group_plan",
    "groups",
    "inbox",
    "index",
    "meeting_edit",
    "post_new",
    "post_respond",
    "practice_detail",
    "practice_new",
    "practices",
    "public_district",
    "public_school",
    "spread",
    "visit_edit",
    "visit_new",
    "visits",
]

_GET_POST = require_http_methods(["GET", "HEAD", "POST"])


def _user(request: HttpRequest) -> User:
    """The signed-in user, if active and in a district; else 404."""
    user = request.user
    if not access.in_district(user):
        raise Http404
    return user


def _one(queryset: QuerySet[Any], **lookup: Any) -> Any:
    found = queryset.filter(**lookup).first()
    if found is None:
        raise Http404
    return found


def _can_manage_any(user: User) -> bool:
    return access.can_manage_district_items(user) or access.managed_schools(user).exists()


def _today() -> dt.date:
    return timezone.localdate()


def _saved(request: HttpRequest, message: str, url: str) -> HttpResponseRedirect:
    messages.success(request, message)
    return HttpResponseRedirect(url)


def _fragment_or_page(
    request: HttpRequest, page: str, fragment: str, context: dict[str, Any]
) -> HttpResponse:
    partial = request.headers.get("HX-Request") and not request.headers.get(
        "HX-History-Restore-Request"
    )
    response = render(request, fragment if partial else page, context)
    patch_vary_headers(response, ["HX-Request"])
    return response


# Start page -------------------------------------------------------------------------------


@login_required
@require_GET
def index(request: HttpRequest) -> HttpResponse:
    """Where each part of shared leadership and voice lives, for this user's role."""
    user = _user(request)
    context = {
        "can_read_channel": access.channel_reader(user),
        "can_view_spread": access.can_view_spread(user),
        "can_see_visits": user.role != User.STAFF,
        "school": user.school,
    }
    return render(request, "voice/index.html", context)


# Working groups ---------------------------------------------------------------------------


def _readable_groups(user: User) -> QuerySet[WorkingGroup]:
    return WorkingGroup.objects.filter(access.scope_q(user)).select_related("school")


def _managed_group(request: HttpRequest, pk: int) -> WorkingGroup:
    user = _user(request)
    return _one(WorkingGroup.objects.filter(access.scope_q(user, manage=True)), pk=pk)


@login_required
@require_GET
def groups(request: HttpRequest) -> HttpResponse:
    user = _user(request)
    listed = _readable_groups(user).annotate(
        n_members=Count("members", distinct=True), n_meetings=Count("meetings", distinct=True)
    )
    return render(
        request,
        "voice/groups.html",
        {"groups": listed, "can_manage": _can_manage_any(user), **_nav(user)},
    )


def _nav(user: User) -> dict[str, Any]:
    return {"can_view_spread": access.can_view_spread(user)}


@login_required
@_GET_POST
def group_new(request: HttpRequest) -> HttpResponse:
    user = _user(request)
    if not _can_manage_any(user):
        raise Http404
    form = forms.GroupForm(request.POST or None, user=user)
    if request.method == "POST" and form.is_valid():
        group = form.save(commit=False)
        group.district_id = user.district_id
        group.save()
        return _saved(
            request,
            _("Group created. Add its members, then plan its meetings."),
            reverse("voice:group_detail", args=[group.pk]),
        )
    return render(request, "voice/form.html", {"form": form, "title": _("New working group")})


@login_required
@_GET_POST
def group_edit(request: HttpRequest, pk: int) -> HttpResponse:
    user = _user(request)
    group = _managed_group(request, pk)
    form = forms.GroupForm(request.POST or None, instance=group, user=user)
    if request.method == "POST" and form.is_valid():
        form.save()
        return _saved(request, _("Group saved."), reverse("voice:group_detail", args=[pk]))
    return render(
        request,
        "voice/form.html",
        {
            "form": form,
            "title": _("Edit %(group)s") % {"group": group.name},
            "cancel": reverse("voice:group_detail", args=[pk]),
        },
    )


@login_required
@require_GET
def group_detail(request: HttpRequest, pk: int) -> HttpResponse:
    user = _user(request)
    group = _one(_readable_groups(user), pk=pk)
    can_manage = WorkingGroup.objects.filter(access.scope_q(user, manage=True), pk=pk).exists()
    members = list(group.members.select_related("roster_entry", "user"))
    meetings = list(
        group.meetings.select_related(
            "facilitator__roster_entry",
            "facilitator__user",
            "note_taker__roster_entry",
            "note_taker__user",
            "timekeeper__roster_entry",
            "timekeeper__user",
        )
    )
    fields = [name for name, _ in MEETING_ROLES]
    turns = {m.pk: [0] * len(fields) for m in members}
    for meeting in meetings:
        for index, name in enumerate(fields):
            held = getattr(meeting, f"{name}_id")
            if held in turns:
                turns[held][index] += 1
    today = _today()
    last = meetings[-1].held_on if meetings else None
    context: dict[str, Any] = {
        "group": group,
        "members": [(m, turns[m.pk]) for m in members],
        "meetings": meetings,
        "upcoming": [m for m in meetings if m.held_on >= today],
        "past": [m for m in meetings if m.held_on < today],
        "role_labels": [label for _, label in MEETING_ROLES],
        "can_manage": can_manage,
        "decisions": group.decisions.filter(access.scope_q(user)),
        **_nav(user),
    }
    if can_manage:
        start = forms.default_first_meeting(max(today, last or today))
        context["member_form"] = forms.MemberAddForm(group=group)
        context["plan_form"] = forms.PlanForm(initial={"first": start})
    return render(request, "voice/group_detail.html", context)


@login_required
@require_POST
def group_member_add(request: HttpRequest, pk: int) -> HttpResponse:
    group = _managed_group(request, pk)
    form = forms.MemberAddForm(request.POST, group=group)
    if form.is_valid():
        entry = form.cleaned_data["roster_entry"]
        services.membership_add(
            group=group,
            roster_entry_id=entry.pk if entry else None,
            user=form.cleaned_data["user"],
        )
        messages.success(request, _("Member added at the end of the rotation."))
    else:
        messages.error(
            request, _("Choose one person who is not yet a member: from the roster or a user.")
        )
    return HttpResponseRedirect(reverse("voice:group_detail", args=[pk]) + "#members")


@login_required
@require_POST
def group_member_remove(request: HttpRequest, pk: int, member_pk: int) -> HttpResponse:
    group = _managed_group(request, pk)
    _one(Membership.objects.filter(group=group), pk=member_pk).delete()
    messages.success(request, _("Member removed; their planned roles are now open."))
    return HttpResponseRedirect(reverse("voice:group_detail", args=[pk]) + "#members")


@login_required
@require_POST
def group_plan(request: HttpRequest, pk: int) -> HttpResponse:
    group = _managed_group(request, pk)
    form = forms.PlanForm(request.POST)
    if not form.is_valid() or not group.members.exists():
        messages.error(
            request, _("Give a first date, the days between meetings and how many (1 to 40).")
        )
    else:
        planned = services.meetings_plan(group=group, **form.cleaned_data)
        messages.success(
            request, _("%(n)d meetings planned with rotating roles.") % {"n": len(planned)}
        )
    return HttpResponseRedirect(reverse("voice:group_detail", args=[pk]) + "#schedule")


@login_required
@_GET_POST
def meeting_edit(request: HttpRequest, pk: int) -> HttpResponse:
    user = _user(request)
    meeting = _one(
        Meeting.objects.filter(
            group__in=WorkingGroup.objects.filter(access.scope_q(user, manage=True))
        ).select_related("group"),
        pk=pk,
    )
    back = reverse("voice:group_detail", args=[meeting.group_id]) + "#schedule"
    form = forms.MeetingForm(request.POST or None, instance=meeting)
    if request.method == "POST" and form.is_valid():
        form.save()
        return _saved(request, _("Meeting saved."), back)
    title = _("Meeting of %(group)s") % {"group": meeting.group.name}
    return render(request, "voice/form.html", {"form": form, "title": title, "cancel": back})


@login_required
@require_GET
def spread(request: HttpRequest) -> HttpResponse:
    """How leadership roles are spread across staff groups (suppressed aggregates)."""
    user = _user(request)
    if not access.can_view_spread(user):
        raise Http404
    visible = _readable_groups(user)
    if user.role == User.SCHOOL_LEADER:
        visible = visible.filter(school_id=user.school_id)
    scopes = [("", _("All groups you can see"))]
    if user.role != User.SCHOOL_LEADER:
        scopes.append(("district", _("District-wide groups")))
    schools = School.objects.filter(voice_groups__in=visible).distinct()
    scopes += [(str(s.pk), s.name) for s in schools]
    scope = request.GET.get("scope", "")
    if scope not in dict(scopes):
        raise Http404
    chosen = visible
    if scope == "district":
        chosen = visible.filter(school__isnull=True)
    elif scope:
        chosen = visible.filter(school_id=int(scope))
    dimension = request.GET.get("by", "hire_band")
    role = request.GET.get("role", "facilitator")
    if dimension not in selectors.DIMENSIONS or role not in dict(MEETING_ROLES):
        raise Http404
    result = selectors.leadership_spread(
        groups=chosen, district=user.district, dimension=dimension, role=role, today=_today()
    )
    context = {
        "spread": result,
        "scopes": scopes,
        "scope": scope,
        "dimensions": [(k, str(v[0])) for k, v in selectors.DIMENSIONS.items()],
        "roles": MEETING_ROLES,
    }
    return _fragment_or_page(request, "voice/spread.html", "voice/_spread_body.html", context)


# The anonymous channel --------------------------------------------------------------------


@never_cache
@login_required
@_GET_POST
def post_new(request: HttpRequest) -> HttpResponse:
    """Raise a concern or an idea, anonymously. Nothing of the poster is kept with it."""
    user = _user(request)
    form = forms.PostForm(request.POST or None, user=user)
    if request.method == "POST" and form.is_valid():
        school = user.school if form.cleaned_data["to"] == "school" else None
        try:
            services.post_submit(
                user=user,
                kind=form.cleaned_data["kind"],
                text=form.cleaned_data["text"],
                school=school,
            )
        except services.PostLimitError:
            form.add_error(
                None,
                _("You have sent %(n)d posts today. Please come back tomorrow.")
                % {"n": services.DAILY_POST_LIMIT},
            )
        else:
            return _saved(
                request,
                _(
                    "Thank you. Your post reaches its readers tomorrow, in a batch with "
                    "everyone else's, so it cannot be matched to you."
                ),
                reverse("voice:post_new"),
            )
    return render(
        request,
        "voice/post_new.html",
        {"form": form, "school": user.school, "limit": services.DAILY_POST_LIMIT},
    )


def _channel_posts(user: User) -> QuerySet[Post]:
    return Post.objects.filter(access.channel_scope(user)).select_related("school")


def _channel_places(user: User) -> list[tuple[str, str]]:
    """Where an admin's posts can come from (a leader reads one school: no choice)."""
    if user.role != User.DISTRICT_ADMIN:
        return [("", "")]
    schools = School.objects.filter(district_id=user.district_id)
    return [
        ("", _("Everywhere")),
        ("district", _("To the district")),
        *((str(s.pk), s.name) for s in schools),
    ]


@never_cache
@login_required
@require_GET
def inbox(request: HttpRequest) -> HttpResponse:
    user = _user(request)
    if not access.channel_reader(user):
        raise Http404
    services.posts_release()
    posts = _channel_posts(user)
    show = request.GET.get("show", "open")
    if show not in {"open", "all"}:
        raise Http404
    places = _channel_places(user)
    place = request.GET.get("place", "")
    if place not in dict(places):
        raise Http404
    if place == "district":
        posts = posts.filter(school__isnull=True)
    elif place:
        posts = posts.filter(school_id=int(place))
    if show == "open":
        posts = posts.filter(Q(moderation=Post.PENDING) | Q(status__in=[Post.NEW, Post.HEARD]))
    counts = dict(_channel_posts(user).values_list("status").annotate(n=Count("pk")).order_by())
    context = {
        "posts": posts,
        "show": show,
        "counts": [(label, counts.get(key, 0)) for key, label in Post.STATUSES],
        "pending": _channel_posts(user).filter(moderation=Post.PENDING).count(),
        "places": places,
        "place": place,
    }
    return render(request, "voice/inbox.html", context)


@never_cache
@login_required
@_GET_POST
def post_respond(request: HttpRequest, pk: UUID) -> HttpResponse:
    user = _user(request)
    post = _one(_channel_posts(user), pk=pk)
    if not post.public_text and request.method != "POST":
        post.public_text = post.text
    form = forms.RespondForm(request.POST or None, instance=post)
    if request.method == "POST" and form.is_valid():
        services.post_respond(post=Post.objects.get(pk=post.pk), **form.cleaned_data)
        return _saved(request, _("Saved."), reverse("voice:inbox"))
    return render(request, "voice/post_respond.html", {"form": form, "post": post})


def _public(request: HttpRequest, school: School | None) -> HttpResponse:
    user = _user(request)
    services.posts_release()
    posts = Post.objects.filter(
        district_id=user.district_id, school=school, moderation=Post.APPROVED
    ).exclude(status=Post.NEW)
    status = request.GET.get("status", "")
    if status and status not in dict(Post.STATUSES):
        raise Http404
    if status:
        posts = posts.filter(status=status)
    context: dict[str, Any] = {
        "school": school,
        "posts": posts.order_by("-responded_on", "id"),
        "status": status,
        "statuses": [s for s in Post.STATUSES if s[0] != Post.NEW],
        "schools": School.objects.filter(district_id=user.district_id),
        "district": user.district,
    }
    return render(request, "voice/public.html", context)


@login_required
@require_GET
def public_district(request: HttpRequest) -> HttpResponse:
    """What staff raised with the district, and what the district did (approved only)."""
    return _public(request, None)


@login_required
@require_GET
def public_school(request: HttpRequest, school_id: int) -> HttpResponse:
    user = _user(request)
    school = _one(School.objects.filter(district_id=user.district_id), pk=school_id)
    return _public(request, school)


# Decisions --------------------------------------------------------------------------------


@login_required
@require_GET
def decisions(request: HttpRequest) -> HttpResponse:
    user = _user(request)
    listed = Decision.objects.filter(access.scope_q(user)).select_related("school", "group")
    return render(
        request,
        "voice/decisions.html",
        {"decisions": listed, "can_manage": _can_manage_any(user)},
    )


@login_required
@require_GET
def decision_detail(request: HttpRequest, pk: int) -> HttpResponse:
    user = _user(request)
    decision = _one(Decision.objects.filter(access.scope_q(user)), pk=pk)
    context = {
        "decision": decision,
        "posts": decision.posts.filter(moderation=Post.APPROVED),
        "can_manage": Decision.objects.filter(access.scope_q(user, manage=True), pk=pk).exists(),
        "pause": [(q, getattr(decision, name)) for name, q, _ in EQUITY_PAUSE_QUESTIONS],
    }
    return render(request, "voice/decision_detail.html", context)


def _decision_form(request: HttpRequest, instance: Decision | None) -> HttpResponse:
    user = _user(request)
    form = forms.DecisionForm(request.POST or None, instance=instance, user=user)
    if request.method == "POST" and form.is_valid():
        decision = form.save(commit=False)
        decision.district_id = user.district_id
        if decision.equity_pause_done and decision.paused_on is None:
            decision.paused_on = _today()
        decision.save()
        form.save_m2m()
        return _saved(
            request, _("Decision saved."), reverse("voice:decision_detail", args=[decision.pk])
        )
    title = _("Record a decision") if instance is None else _("Edit the decision")
    cancel = (
        reverse("voice:decisions")
        if instance is None
        else reverse("voice:decision_detail", args=[instance.pk])
    )
    return render(request, "voice/form.html", {"form": form, "title": title, "cancel": cancel})


@login_required
@_GET_POST
def decision_new(request: HttpRequest) -> HttpResponse:
    if not _can_manage_any(_user(request)):
        raise Http404
    return _decision_form(request, None)


@login_required
@_GET_POST
def decision_edit(request: HttpRequest, pk: int) -> HttpResponse:
    user = _user(request)
    decision = _one(Decision.objects.filter(access.scope_q(user, manage=True)), pk=pk)
    return _decision_form(request, decision)


# Practice exchange ------------------------------------------------------------------------


@login_required
@require_GET
def practices(request: HttpRequest) -> HttpResponse:
    """Search the district's practices; the list alone for an htmx request."""
    user = _user(request)
    form = forms.PracticeFilterForm(request.GET or None, user=user)
    listed = Practice.objects.filter(district_id=user.district_id).select_related("school")
    if form.is_valid():
        data = form.cleaned_data
        if data["q"]:
            for word in data["q"].split()[:8]:
                listed = listed.filter(
                    Q(title__icontains=word)
                    | Q(description__icontains=word)
                    | Q(for_whom__icontains=word)
                    | Q(evidence__icontains=word)
                )
        if data["kind"]:
            listed = listed.filter(kind=data["kind"])
        if data["school"]:
            listed = listed.filter(school=data["school"])
    context = {
        "form": form,
        "practices": listed,
        "can_add": access.managed_schools(user).exists(),
        "can_arrange": access.can_arrange_visits(user),
    }
    return _fragment_or_page(request, "voice/practices.html", "voice/_practice_list.html", context)


@login_required
@require_GET
def practice_detail(request: HttpRequest, pk: int) -> HttpResponse:
    user = _user(request)
    practice = _one(Practice.objects.filter(district_id=user.district_id), pk=pk)
    visits = _visible_visits(user).filter(practice=practice)
    return render(
        request,
        "voice/practice_detail.html",
        {
            "practice": practice,
            "visits": visits,
            "can_arrange": access.can_arrange_visits(user),
        },
    )


@login_required
@_GET_POST
def practice_new(request: HttpRequest) -> HttpResponse:
    user = _user(request)
    if not access.managed_schools(user).exists():
        raise Http404
    form = forms.PracticeForm(request.POST or None, user=user)
    if request.method == "POST" and form.is_valid():
        practice = form.save(commit=False)
        practice.district_id = user.district_id
        practice.recorded_on = _today()
        practice.save()
        return _saved(
            request, _("Practice recorded."), reverse("voice:practice_detail", args=[practice.pk])
        )
    return render(
        request,
        "voice/form.html",
        {"form": form, "title": _("Record a practice"), "cancel": reverse("voice:practices")},
    )


def _visible_visits(user: User) -> QuerySet[Visit]:
    visits = Visit.objects.filter(district_id=user.district_id).select_related(
        "host", "visitor", "practice"
    )
    if user.role == User.DISTRICT_ADMIN:
        return visits
    if user.role == User.STAFF:
        return visits.none()
    mine = access.member_schools(user)
    return visits.filter(Q(host__in=mine) | Q(visitor__in=mine))


@login_required
@require_GET
def visits(request: HttpRequest) -> HttpResponse:
    user = _user(request)
    if user.role == User.STAFF:
        raise Http404
    today = _today()
    listed = _visible_visits(user)
    context = {
        "upcoming": listed.filter(visit_on__gte=today),
        "past": listed.filter(visit_on__lt=today).order_by("-visit_on"),
        "can_arrange": access.can_arrange_visits(user),
    }
    return render(request, "voice/visits.html", context)


def _visit_form(request: HttpRequest, instance: Visit | None) -> HttpResponse:
    user = _user(request)
    initial: dict[str, Any] = {}
    wanted = request.GET.get("practice", "")
    if instance is None and wanted.isdigit():
        practice = Practice.objects.filter(district_id=user.district_id, pk=int(wanted)).first()
        if practice is not None:
            initial = {"practice": practice, "host": practice.school}
    form = forms.VisitForm(request.POST or None, instance=instance, user=user, initial=initial)
    if request.method == "POST" and form.is_valid():
        visit = form.save(commit=False)
        visit.district_id = user.district_id
        if instance is None:
            visit.arranged_by = user
        visit.save()
        return _saved(request, _("Visit saved."), reverse("voice:visits"))
    title = _("Arrange a visit") if instance is None else _("Edit the visit")
    return render(
        request,
        "voice/form.html",
        {"form": form, "title": title, "cancel": reverse("voice:visits")},
    )


@login_required
@_GET_POST
def visit_new(request: HttpRequest) -> HttpResponse:
    if not access.can_arrange_visits(_user(request)):
        raise Http404
    return _visit_form(request, None)


@login_required
@_GET_POST
def visit_edit(request: HttpRequest, pk: int) -> HttpResponse:
    user = _user(request)
    if not access.can_arrange_visits(user):
        raise Http404
    return _visit_form(request, _one(_visible_visits(user), pk=pk))
