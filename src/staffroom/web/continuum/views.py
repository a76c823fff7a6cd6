"""Continuum and agreements pages. Thin: check access, call services and selectors, render.

Access is decided here on every request with ``staffroom.web.continuum.access``; a
round, a team or an agreement set the user may not see answers 404, so its existence is
not revealed. Changes are POST only.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

import numpy as np
from django import forms
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext
from django.views.decorators.http import require_GET, require_POST

from staffroom.web.accounts.models import User
from staffroom.web.continuum import figures, selectors, services
from staffroom.web.continuum.access import (
    can_draft,
    can_facilitate,
    can_see_team,
    is_member,
    visible_teams,
)
from staffroom.web.continuum.forms import (
    DISTRICT_TEAM,
    AdoptForm,
    AgreementSetForm,
    CommentForm,
    EditForm,
    ReviewForm,
    RoundStartForm,
    agreement_lines,
)
from staffroom.web.continuum.models import AgreementSet, AssessmentRound, Rating
from staffroom.web.continuum.rubric import continuum_choices, rubric_get
from staffroom.web.orgs.models import School
from staffroom.web.surveys.participation import open_link_url

__all__ = [
    "agreement_adopt",
    "agreement_check",
    "agreement_comment",
    "agreement_edit",
    "agreement_review",
    "agreement_set",
    "agreement_set_create",
    "agreements",
    "index",
    "round_agree",
    "round_detail",
    "round_rate",
    "round_reveal",
    "round_start",
    "team",
]


def _user(request: HttpRequest) -> User:
    user = request.user
    if not isinstance(user, User) or user.district is None:
        raise Http404
    return user


def _team_choices(user: User, allowed: Any) -> list[tuple[str, str]]:
    """(value, label) of the teams for which ``allowed(user, district_id, school)``."""
    district_team, schools = visible_teams(user)
    choices = []
    if district_team and allowed(user, user.district_id, None):
        choices.append((DISTRICT_TEAM, selectors.team_label(None)))
    choices += [(str(s.pk), s.name) for s in schools if allowed(user, user.district_id, s)]
    return choices


def _team_from_choice(user: User, value: str) -> School | None:
    if value == DISTRICT_TEAM:
        return None
    return School.objects.get(pk=int(value), district_id=user.district_id)


def _round(user: User, pk: int) -> AssessmentRound:
    found = AssessmentRound.objects.select_related("school", "district").filter(pk=pk).first()
    if found is None or not can_see_team(user, found.district_id, found.school):
        raise Http404
    return found


def _set(user: User, pk: int) -> AgreementSet:
    found = AgreementSet.objects.select_related("school", "district").filter(pk=pk).first()
    if found is None or not can_see_team(user, found.district_id, found.school):
        raise Http404
    return found


# --------------------------------------------------------------------------- continuum


@require_GET
@login_required
def index(request: HttpRequest) -> HttpResponse:
    """The teams the user can see, each with its latest round, and the way to agreements."""
    user = _user(request)
    district_team, schools = visible_teams(user)
    if not district_team and not schools:
        raise Http404
    rounds = AssessmentRound.objects.filter(district_id=user.district_id).select_related("school")
    latest: dict[int | None, AssessmentRound] = {}
    for r in rounds.order_by("started_on", "pk"):
        latest[r.school_id] = r
    teams = ([(None, latest.get(None))] if district_team else []) + [
        (s, latest.get(s.pk)) for s in schools
    ]
    rated = set(
        Rating.objects.filter(rater=user, round__in=[r for _, r in teams if r]).values_list(
            "round_id", flat=True
        )
    )
    context = {
        "teams": [
            {
                "school": s,
                "label": selectors.team_label(s),
                "latest": r,
                "waiting": r is not None
                and not r.revealed
                and r.pk not in rated
                and is_member(user, user.district_id, s),
            }
            for s, r in teams
        ],
    }
    return render(request, "continuum/index.html", context)


@require_GET
@login_required
def team(request: HttpRequest, school_id: int | None = None) -> HttpResponse:
    """A team's rounds, its agreed levels over time, and (for facilitators) a new round."""
    user = _user(request)
    school = None
    if school_id is not None:
        school = School.objects.filter(pk=school_id, district_id=user.district_id).first()
        if school is None:
            raise Http404
    if not can_see_team(user, user.district_id, school):
        raise Http404
    rounds = list(
        AssessmentRound.objects.filter(district_id=user.district_id, school=school).order_by(
            "-started_on", "-pk"
        )
    )
    continuum_ids = list(dict.fromkeys(r.continuum_id for r in reversed(rounds)))
    histories = []
    for continuum_id in continuum_ids:
        history = selectors.team_history(
            district_id=user.district_id, school=school, continuum_id=continuum_id
        )
        histories.append(
            {
                "rubric": rubric_get(continuum_id),
                "history": history,
                "chart": figures.history_chart(history),
            }
        )
    facilitator = can_facilitate(user, user.district_id, school)
    value = DISTRICT_TEAM if school is None else str(school.pk)
    form = (
        RoundStartForm(
            initial={"team": value},
            teams=[(value, selectors.team_label(school))],
            continua=continuum_choices(),
        )
        if facilitator
        else None
    )
    context = {
        "school": school,
        "label": selectors.team_label(school),
        "rounds": rounds,
        "histories": histories,
        "form": form,
        "member": is_member(user, user.district_id, school),
    }
    return render(request, "continuum/team.html", context)


@require_POST
@login_required
def round_start(request: HttpRequest) -> HttpResponse:
    """Start a round for a team the user facilitates."""
    user = _user(request)
    teams = _team_choices(user, can_facilitate)
    if not teams:
        raise Http404
    form = RoundStartForm(request.POST, teams=teams, continua=continuum_choices())
    if not form.is_valid():
        messages.error(request, gettext("Choose a team and a continuum to start a round."))
        return redirect("continuum:index")
    started = services.round_start(
        district=user.district,
        school=_team_from_choice(user, form.cleaned_data["team"]),
        continuum_id=form.cleaned_data["continuum"],
        title=form.cleaned_data["title"],
        started_by=user,
        today=timezone.localdate(),
    )
    messages.success(request, gettext("The round has started: members can now rate."))
    return redirect("continuum:round", pk=started.pk)


@require_GET
@login_required
def round_detail(request: HttpRequest, pk: int) -> HttpResponse:
    """Before the reveal: the member's own ratings. After: the spread and agreed levels."""
    user = _user(request)
    found = _round(user, pk)
    rubric = rubric_get(found.continuum_id)
    member = is_member(user, found.district_id, found.school)
    mine = selectors.own_ratings(round=found, user=user) if member else {}
    spread = selectors.round_spread(found, rng=np.random.default_rng()) if found.revealed else None
    context = {
        "round": found,
        "rubric": rubric,
        "label": selectors.team_label(found.school),
        "member": member,
        "facilitator": can_facilitate(user, found.district_id, found.school),
        "mine": [(d, mine.get(d.id)) for d in rubric.dimensions],
        "rated": sum(1 for d in rubric.dimensions if d.id in mine),
        "raters": selectors.raters_count(found),
        "spread": spread,
        "team_url": _team_url(found.school),
    }
    return render(request, "continuum/round.html", context)


def _team_url(school: School | None) -> str:
    if school is None:
        return reverse("continuum:district_team")
    return reverse("continuum:school_team", args=[school.pk])


def _level(value: str, levels: int) -> int | None:
    return int(value) if value.isdigit() and 1 <= int(value) <= levels else None


@require_POST
@login_required
def round_rate(request: HttpRequest, pk: int) -> HttpResponse:
    """Save the member's own ratings (every dimension given a level)."""
    user = _user(request)
    found = _round(user, pk)
    if not is_member(user, found.district_id, found.school):
        raise Http404
    if found.revealed:
        messages.error(request, gettext("This round has been revealed: ratings are closed."))
        return redirect("continuum:round", pk=pk)
    saved = 0
    for dimension in rubric_get(found.continuum_id).dimensions:
        level = _level(request.POST.get(f"level_{dimension.id}", ""), len(dimension.levels))
        if level is None:
            continue
        evidence = request.POST.get(f"evidence_{dimension.id}", "")[:4000]
        services.rating_save(
            round=found, rater=user, dimension_id=dimension.id, level=level, evidence=evidence
        )
        saved += 1
    messages.success(
        request,
        gettext("Saved %(n)s ratings. Only you can see them until the round is revealed.")
        % {"n": saved},
    )
    return redirect("continuum:round", pk=pk)


@require_POST
@login_required
def round_reveal(request: HttpRequest, pk: int) -> HttpResponse:
    """Close rating and show the team the spread."""
    user = _user(request)
    found = _round(user, pk)
    if not can_facilitate(user, found.district_id, found.school):
        raise Http404
    try:
        services.round_reveal(round=found, today=timezone.localdate())
    except services.StateError:
        messages.error(request, gettext("This round was already revealed."))
    return redirect("continuum:round", pk=pk)


@require_POST
@login_required
def round_agree(request: HttpRequest, pk: int) -> HttpResponse:
    """Record the levels the team agreed on and its next steps."""
    user = _user(request)
    found = _round(user, pk)
    if not can_facilitate(user, found.district_id, found.school):
        raise Http404
    if not found.revealed:
        messages.error(request, gettext("Reveal the ratings before recording agreed levels."))
        return redirect("continuum:round", pk=pk)
    saved = 0
    for dimension in rubric_get(found.continuum_id).dimensions:
        level = _level(request.POST.get(f"agreed_{dimension.id}", ""), len(dimension.levels))
        if level is None:
            continue
        services.agreed_level_record(
            round=found,
            dimension_id=dimension.id,
            level=level,
            next_steps=request.POST.get(f"steps_{dimension.id}", "")[:4000],
        )
        saved += 1
    messages.success(request, gettext("Recorded %(n)s agreed levels.") % {"n": saved})
    return redirect("continuum:round", pk=pk)


# --------------------------------------------------------------------------- agreements


@require_GET
@login_required
def agreements(request: HttpRequest) -> HttpResponse:
    """Every agreement set of the user's teams, and a form to draft one."""
    user = _user(request)
    district_team, schools = visible_teams(user)
    if not district_team and not schools:
        raise Http404
    today = timezone.localdate()
    sets = list(selectors.agreement_sets_visible(user))
    teams = _team_choices(user, can_draft)
    context = {
        "sets": sets,
        "today": today,
        "form": AgreementSetForm(teams=teams) if teams else None,
    }
    return render(request, "continuum/agreements.html", context)


@require_POST
@login_required
def agreement_set_create(request: HttpRequest) -> HttpResponse:
    """Draft a set for a team the user may draft for."""
    user = _user(request)
    teams = _team_choices(user, can_draft)
    if not teams:
        raise Http404
    form = AgreementSetForm(request.POST, teams=teams)
    if not form.is_valid():
        context = {
            "sets": list(selectors.agreement_sets_visible(user)),
            "today": timezone.localdate(),
            "form": form,
        }
        return render(request, "continuum/agreements.html", context, status=400)
    drafted = services.agreement_set_draft(
        district=user.district,
        school=_team_from_choice(user, form.cleaned_data["team"]),
        title=form.cleaned_data["title"],
        agreements=agreement_lines(form.cleaned_data["agreements"]),
        drafted_by=user,
        today=timezone.localdate(),
    )
    messages.success(request, gettext("Draft saved: the team can now comment on it."))
    return redirect("continuum:agreement_set", pk=drafted.pk)


def _set_page(
    request: HttpRequest, user: User, found: AgreementSet, status: int = 200, **forms: Any
) -> HttpResponse:
    drafter = can_draft(user, found.district_id, found.school)
    current = list(found.agreements.filter(retired_on__isnull=True))
    text = "\n".join(a.text for a in current)
    check = found.checks.select_related("cycle").order_by("-started_on", "-pk").first()
    link = check.cycle.open_links.filter(active=True).first() if check else None
    today = timezone.localdate()
    context: dict[str, Any] = {
        "set": found,
        "label": selectors.team_label(found.school),
        "agreements": current,
        "comments": found.comments.select_related("author"),
        "reviews": found.reviews.all(),
        "drafter": drafter,
        "today": today,
        "overdue": bool(found.next_review_on and found.next_review_on < today),
        "check_url": open_link_url(link.token) if link else "",
        "comment_form": forms.get("comment_form") or CommentForm(),
    }
    if drafter and found.status == AgreementSet.DRAFT:
        context["edit_form"] = forms.get("edit_form") or EditForm(
            initial={"title": found.title, "agreements": text}
        )
        context["adopt_form"] = forms.get("adopt_form") or AdoptForm()
    if drafter and found.status == AgreementSet.ADOPTED:
        context["review_form"] = forms.get("review_form") or ReviewForm(
            initial={"agreements": text}
        )
    return render(request, "continuum/agreement_set.html", context, status=status)


@require_GET
@login_required
def agreement_set(request: HttpRequest, pk: int) -> HttpResponse:
    """A set: its agreements, comments, equity pause and adoption, reviews, the check."""
    user = _user(request)
    return _set_page(request, user, _set(user, pk))


def _change_set(
    request: HttpRequest,
    pk: int,
    *,
    needs: str,
    refusal: str,
    form_class: type[forms.Form],
    form_name: str,
    apply: Callable[[User, AgreementSet, dict[str, Any]], object],
    done: str,
    anchor: str = "",
) -> HttpResponse:
    """The drafter's changes to a set: in the right state (else back, with ``refusal``),
    a valid form (else the page again with its errors), then ``apply``."""
    user = _user(request)
    found = _set(user, pk)
    if not can_draft(user, found.district_id, found.school):
        raise Http404
    if found.status != needs:
        messages.error(request, refusal)
        return redirect("continuum:agreement_set", pk=pk)
    form = form_class(request.POST)
    if not form.is_valid():
        return _set_page(request, user, found, status=400, **{form_name: form})
    apply(user, found, form.cleaned_data)
    messages.success(request, done)
    return redirect(reverse("continuum:agreement_set", args=[pk]) + anchor)


@require_POST
@login_required
def agreement_edit(request: HttpRequest, pk: int) -> HttpResponse:
    """Rewrite a draft."""
    return _change_set(
        request,
        pk,
        needs=AgreementSet.DRAFT,
        refusal=gettext("An adopted set changes through a review."),
        form_class=EditForm,
        form_name="edit_form",
        apply=lambda user, found, data: services.agreement_set_edit(
            agreement_set=found, title=data["title"], agreements=agreement_lines(data["agreements"])
        ),
        done=gettext("Draft updated."),
    )


@require_POST
@login_required
def agreement_comment(request: HttpRequest, pk: int) -> HttpResponse:
    """Add a named comment to a set the user can see."""
    user = _user(request)
    found = _set(user, pk)
    form = CommentForm(request.POST)
    if not form.is_valid():
        return _set_page(request, user, found, status=400, comment_form=form)
    services.agreement_comment_add(
        agreement_set=found, author=user, text=form.cleaned_data["text"], today=timezone.localdate()
    )
    messages.success(request, gettext("Comment added."))
    return redirect(reverse("continuum:agreement_set", args=[pk]) + "#comments")


@require_POST
@login_required
def agreement_adopt(request: HttpRequest, pk: int) -> HttpResponse:
    """Adopt a draft after the equity pause; this starts its monthly check."""
    return _change_set(
        request,
        pk,
        needs=AgreementSet.DRAFT,
        refusal=gettext("This set is already adopted."),
        form_class=AdoptForm,
        form_name="adopt_form",
        apply=lambda user, found, data: services.agreement_set_adopt(
            agreement_set=found,
            equity_pause={k: str(v) for k, v in data.items()},
            review_every_months=data["review_every_months"],
            today=timezone.localdate(),
        ),
        done=gettext("Adopted. The monthly check link is ready to share."),
    )


@require_POST
@login_required
def agreement_review(request: HttpRequest, pk: int) -> HttpResponse:
    """Record a review of an adopted set, with any changes to its wording."""
    return _change_set(
        request,
        pk,
        needs=AgreementSet.ADOPTED,
        refusal=gettext("Only an adopted set is reviewed."),
        form_class=ReviewForm,
        form_name="review_form",
        apply=lambda user, found, data: services.agreement_review_record(
            agreement_set=found,
            agreements=agreement_lines(data["agreements"]),
            notes=data["notes"],
            reviewed_by=user,
            today=timezone.localdate(),
        ),
        done=gettext("Review recorded."),
        anchor="#reviews",
    )


@require_GET
@login_required
def agreement_check(request: HttpRequest, pk: int) -> HttpResponse:
    """The monthly check's results: mean per month per agreement, suppressed."""
    user = _user(request)
    found = _set(user, pk)
    results = selectors.agreement_check_results(found)
    context = {
        "set": found,
        "label": selectors.team_label(found.school),
        "results": results,
        "chart": figures.check_chart(results),
    }
    return render(request, "continuum/agreement_check.html", context)
