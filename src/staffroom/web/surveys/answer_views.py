"""Answering a survey, one screen at a time, with plain HTML forms.

The screens: start (what anonymity means here, language, Start) → one screen per
scale → "About you" (optional demographics) → comments → review → thank you.

* Open links (``s/<token>/``) keep unsent answers in the session, keyed by the link.
* Invitations (``i/<token>/``) keep them in ``Invitation.draft`` on every Next, so the
  same link resumes later on any device; ``services.response_submit`` erases the
  draft when the answers are sent and only records that the invitation was used.
* Sending is idempotent: the review page carries a ``submission_key`` kept in the
  session; a double click or a retry stores one response and shows the thank-you.

The question block of a screen (the wording and the radio groups) is rendered once per
instrument, version, language and section and cached; a request only marks the chosen
answers (see ``_section_block``).
"""

from __future__ import annotations

import json
import re
import secrets
import time
from collections.abc import Callable, Mapping
from dataclasses import dataclass, field, replace
from functools import lru_cache, wraps
from typing import Any

from django.conf import settings
from django.http import HttpRequest, HttpResponse, HttpResponseRedirect, JsonResponse
from django.shortcuts import render
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils import timezone, translation
from django.utils.safestring import SafeString, mark_safe
from django.utils.translation import gettext as _
from django.views.decorators.cache import never_cache
from django.views.decorators.csrf import csrf_exempt

from staffroom.instruments import Instrument, Question, Scale
from staffroom.instruments.model import Text
from staffroom.web.orgs.models import School, Team
from staffroom.web.surveys.forms import (
    COMMENT_MAX_LENGTH,
    PREFER_NOT,
    AboutForm,
    CommentsForm,
    SectionForm,
    SubmitForm,
    text_questions,
)
from staffroom.web.surveys.models import Cycle, Invitation, OpenLink
from staffroom.web.surveys.selectors import DEMOGRAPHIC_FIELDS, cycle_instrument
from staffroom.web.surveys.services import (
    AlreadyRespondedError,
    CycleNotOpenError,
    Submission,
    response_submit,
    token_hash,
)

__all__ = ["about", "comments", "responses", "review", "section", "start", "submit"]

LANGUAGE_SESSION_KEY = "answer_language"
"""Session key of the language a respondent chose (``?lang=es``)."""

_TOKEN = re.compile(r"^[A-Za-z0-9_-]{8,64}$")
_ABOUT, _COMMENTS, _REVIEW = "about", "comments", "review"
_SLOT = re.compile("\x00([^\x00]*)\x00")


# --- Which survey, which link ---------------------------------------------------------


@dataclass
class _Flow:
    """One respondent's way through one survey: the link, the cycle and the language."""

    kind: str  # "open" or "invite"
    token: str
    cycle: Cycle
    instrument: Instrument
    school: School | None
    team: Team | None
    invitation: Invitation | None = None
    lang: str = "en"
    languages: list[tuple[str, str]] = field(default_factory=list)

    @property
    def state_key(self) -> str:
        """Session key for this link's state (a hash, so the session holds no token)."""
        return f"answer:{self.kind}:{token_hash(self.token)[:32]}"

    @property
    def questions(self) -> tuple[Question, ...]:
        return text_questions(self.instrument)

    @property
    def steps(self) -> list[str]:
        """Screen ids in order: ``"1"``… for the scales, then about, comments, review."""
        steps = [str(n) for n in range(1, len(self.instrument.scales) + 1)]
        steps.append(_ABOUT)
        if self.questions:
            steps.append(_COMMENTS)
        steps.append(_REVIEW)
        return steps

    def url(self, step: str | None = None) -> str:
        if step is None:
            return reverse(f"surveys:answer_{self.kind}_start", args=[self.token])
        if step.isdigit():
            return reverse(f"surveys:answer_{self.kind}_section", args=[self.token, int(step)])
        return reverse(f"surveys:answer_{self.kind}_{step}", args=[self.token])

    def neighbour(self, step: str, offset: int) -> str | None:
        """The step before (``-1``) or after (``+1``); ``None`` is the start page."""
        steps = self.steps
        position = steps.index(step) + offset
        return steps[position] if 0 <= position < len(steps) else None

    @property
    def min_n(self) -> int:
        return self.cycle.min_n

    @property
    def comment_min_n(self) -> int:
        return self.cycle.district.comment_min_n


OPEN_LINK_CACHE_SECONDS = 10.0
"""How long a process reuses an open link (with its cycle, school and team) it has read.
The JSON submission endpoint trusts it outright, safe because storing an answer checks,
in the same SQL statement, that the cycle is still open. Pages re-read the link's state
(active, and its cycle's status) on every request and reuse the rest only when that is
unchanged, so a closed or switched-off survey says so at once."""

_open_links: dict[str, tuple[float, OpenLink]] = {}


def _open_link(token: str, *, cached: bool) -> OpenLink | None:
    """The open link of ``token`` with its cycle, district, school and team; with
    ``cached``, as read by this process in the last few seconds; without, as read in
    the last few seconds only if its state has not changed since."""
    now = time.monotonic()
    seen = _open_links.get(token)
    if seen is not None and now - seen[0] < OPEN_LINK_CACHE_SECONDS:
        link = seen[1]
        if cached:
            return link
        state = OpenLink.objects.filter(token=token).values_list("active", "cycle__status")
        if state.first() == (link.active, link.cycle.status):
            return link
    link = (
        OpenLink.objects.select_related("cycle", "cycle__district", "school", "team")
        .filter(token=token)
        .first()
    )
    if link is not None:
        if len(_open_links) > 10_000:  # bounded: drop everything rather than grow
            _open_links.clear()
        _open_links[token] = (now, link)
    return link


def _find(kind: str, token: str, *, cached: bool = False) -> tuple[_Flow | None, bool]:
    """The flow for a token, and whether its link still works (active, not used up)."""
    if not _TOKEN.match(token):
        return None, False
    related = ("cycle", "cycle__district", "school", "team")
    if kind == "open":
        link = _open_link(token, cached=cached)
        if link is None:
            return None, False
        flow = _Flow(
            kind=kind,
            token=token,
            cycle=link.cycle,
            instrument=cycle_instrument(link.cycle),
            school=link.school,
            team=link.team,
        )
        return flow, link.active
    try:
        invitation = Invitation.objects.select_related(*related).get(token_hash=token_hash(token))
    except Invitation.DoesNotExist:
        return None, False
    flow = _Flow(
        kind=kind,
        token=token,
        cycle=invitation.cycle,
        instrument=cycle_instrument(invitation.cycle),
        school=invitation.school,
        team=invitation.team,
        invitation=invitation,
    )
    return flow, True


def _choose_language(request: HttpRequest, flow: _Flow | None) -> tuple[str, list[tuple[str, str]]]:
    """The page language: ``lang`` in the query or form (remembered in the session),
    then the session, the invitation's saved draft or language, the browser's."""
    offered = [
        (code, name)
        for code, name in settings.LANGUAGES
        if flow is None or code in flow.instrument.languages
    ] or [("en", "English")]
    codes = [code for code, _name in offered]
    requested = request.POST.get("lang") or request.GET.get("lang")
    if requested in codes:
        request.session[LANGUAGE_SESSION_KEY] = requested
        return str(requested), offered
    candidates: list[object] = [request.session.get(LANGUAGE_SESSION_KEY)]
    if flow is not None and flow.invitation is not None:
        candidates += [flow.invitation.draft.get("lang"), flow.invitation.language]
    candidates.append(getattr(request, "LANGUAGE_CODE", None))
    for candidate in candidates:
        if candidate in codes:
            return str(candidate), offered
    return codes[0], offered


def _page(
    request: HttpRequest,
    template: str,
    context: Mapping[str, Any],
    *,
    lang: str,
    languages: list[tuple[str, str]],
    status: int = 200,
) -> HttpResponse:
    with translation.override(lang):
        response = render(
            request,
            template,
            {"lang": lang, "languages": languages, **context},
            status=status,
        )
    response.headers["Content-Language"] = lang
    response.headers["X-Robots-Tag"] = "noindex"
    return response


def _flow_page(
    request: HttpRequest, flow: _Flow, template: str, context: Mapping[str, Any], status: int = 200
) -> HttpResponse:
    base = {
        "flow": flow,
        "survey_title": _text(flow.instrument.title, flow.lang),
        "place": flow.school or flow.team,
        "min_n": flow.min_n,
        "comment_min_n": flow.comment_min_n,
    }
    return _page(
        request,
        template,
        {**base, **context},
        lang=flow.lang,
        languages=flow.languages,
        status=status,
    )


def _see_other(url: str) -> HttpResponseRedirect:
    response = HttpResponseRedirect(url)
    response.status_code = 303
    return response


def _flow_view(
    *, allow_used: bool = False
) -> Callable[[Callable[..., HttpResponse]], Callable[..., HttpResponse]]:
    """Find the link, choose the language, and turn away links that do not work:
    unknown or inactive (404), a survey that is not open (410 once closed), an
    invitation already used ("already answered", unless ``allow_used``)."""

    def decorate(view: Callable[..., HttpResponse]) -> Callable[..., HttpResponse]:
        @wraps(view)
        def wrapper(request: HttpRequest, token: str, kind: str, **kwargs: Any) -> HttpResponse:
            flow, works = _find(kind, token)
            lang, languages = _choose_language(request, flow)
            if flow is None or (not works and flow.cycle.status != Cycle.CLOSED):
                return _page(
                    request,
                    "surveys/answer/not_found.html",
                    {},
                    lang=lang,
                    languages=languages,
                    status=404,
                )
            flow.lang, flow.languages = lang, languages
            if flow.cycle.status != Cycle.OPEN:
                return _closed(request, flow)
            if flow.invitation is not None and flow.invitation.responded and not allow_used:
                return _flow_page(request, flow, "surveys/answer/already.html", {})
            return view(request, flow, **kwargs)

        return never_cache(wrapper)

    return decorate


def _closed(request: HttpRequest, flow: _Flow) -> HttpResponse:
    closed = flow.cycle.status == Cycle.CLOSED
    return _flow_page(
        request,
        flow,
        "surveys/answer/closed.html",
        {"not_yet": not closed},
        status=410 if closed else 404,
    )


# --- Unsent answers: the session (open links) or the invitation's draft ------------------


def _state(request: HttpRequest, flow: _Flow) -> dict[str, Any]:
    return dict(request.session.get(flow.state_key) or {})


def _draft(request: HttpRequest, flow: _Flow) -> dict[str, Any]:
    if flow.invitation is not None:
        raw = flow.invitation.draft
    else:
        raw = _state(request, flow).get("draft")
    return dict(raw) if isinstance(raw, Mapping) else {}


def _draft_save(request: HttpRequest, flow: _Flow, draft: dict[str, Any]) -> None:
    """Keep unsent answers. An invitation's draft is written only while it is unused,
    so nothing is ever saved against an invitation after its answers were sent."""
    draft["lang"] = flow.lang
    state = _state(request, flow)
    state.pop("done", None)
    if flow.invitation is not None:
        Invitation.objects.filter(pk=flow.invitation.pk, responded=False).update(draft=draft)
        flow.invitation.draft = draft
    else:
        state["draft"] = draft
        if not request.user.is_authenticated:
            # Unsent answers on a shared computer go when the browser closes.
            request.session.set_expiry(0)
    request.session[flow.state_key] = state


def _has_answers(draft: Mapping[str, Any]) -> bool:
    return any(draft.get(part) for part in ("answers", "demographics", "comments"))


# --- Instrument wording and the cached question blocks ----------------------------------


def _text(text: Text, lang: str) -> str:
    """Instrument wording in ``lang``, else English, else any language it has."""
    return text.get(lang) or text.get("en") or next(iter(text.values()), "")


@dataclass(frozen=True)
class _Choice:
    value: str
    label: str
    html_id: str
    slot: SafeString


@dataclass(frozen=True)
class _ItemView:
    id: str
    text: str
    choices: tuple[_Choice, ...]
    error: str = ""


def _scale_choices(scale: Scale, lang: str) -> list[tuple[str, str]]:
    answers = scale.answers
    labels = answers.labels.get(lang) or answers.labels.get("en") or ()
    values = range(answers.low, answers.high + 1)
    choices = [(str(v), labels[i] if i < len(labels) else str(v)) for i, v in enumerate(values)]
    choices.append((PREFER_NOT, _text(answers.prefer_not_to_answer, lang)))
    return choices


def _section_items(scale: Scale, lang: str) -> tuple[_ItemView, ...]:
    choices = _scale_choices(scale, lang)
    items = []
    for item in scale.items:
        views = []
        for value, label in choices:
            views.append(
                _Choice(
                    value=value,
                    label=label or _("Prefer not to answer"),
                    html_id=f"q-{item.id}-{value}",
                    slot=mark_safe(f"\x00{item.id}\x1f{value}\x00"),  # noqa: S308
                )
            )
        items.append(_ItemView(id=item.id, text=_text(item.text, lang), choices=tuple(views)))
    return tuple(items)


class _InstrumentKey:
    """Hashes an instrument by id and version, so it can key an ``lru_cache``."""

    __slots__ = ("instrument", "key")

    def __init__(self, instrument: Instrument) -> None:
        self.instrument = instrument
        self.key = (instrument.id, instrument.version)

    def __hash__(self) -> int:
        return hash(self.key)

    def __eq__(self, other: object) -> bool:
        return isinstance(other, _InstrumentKey) and other.key == self.key


def _render_block(scale: Scale, lang: str, errors: Mapping[str, str]) -> tuple[str, ...]:
    """The section's question HTML split around the places where ``checked`` may go:
    ``(html, "item\\x1fvalue", html, "item\\x1fvalue", …, html)``."""
    items = _section_items(scale, lang)
    if errors:
        items = tuple(replace(item, error=errors.get(item.id, "")) for item in items)
    with translation.override(lang):
        html = render_to_string("surveys/answer/_section_fields.html", {"items": items})
    return tuple(_SLOT.split(html))


@lru_cache(maxsize=512)
def _section_block(key: _InstrumentKey, lang: str, index: int) -> tuple[str, ...]:
    """Rendered once per (instrument id, version, language, section)."""
    return _render_block(key.instrument.scales[index], lang, {})


def _fill_block(parts: tuple[str, ...], selected: Mapping[str, str]) -> SafeString:
    """Mark the chosen answers in a rendered block (a join, no template work)."""
    out = [parts[0]]
    for position in range(1, len(parts), 2):
        item, _sep, value = parts[position].partition("\x1f")
        if selected.get(item) == value:
            out.append(" checked")
        out.append(parts[position + 1])
    return mark_safe("".join(out))  # noqa: S308 - rendered by the template engine, escaped


def _field_errors(form: Any, labels: Mapping[str, object]) -> list[tuple[str, object, str]]:
    """``(anchor, question, message)`` for the error summary at the top of a screen."""
    if not form.is_bound:
        return []
    return [
        (f"id_{name}", labels.get(name, ""), " ".join(messages))
        for name, messages in form.errors.items()
        if name in labels
    ]


def _progress(flow: _Flow, step: str) -> dict[str, int]:
    counted = [s for s in flow.steps if s != _REVIEW]
    return {"position": counted.index(step) + 1, "total": len(counted)}


# --- Screens ----------------------------------------------------------------------------


@_flow_view()
def start(request: HttpRequest, flow: _Flow) -> HttpResponse:
    """What anonymity means here, the language switch and Start (or Continue).

    POST ``action=clear`` erases unsent answers (someone else's, on a shared device)."""
    if request.method == "POST" and request.POST.get("action") == "clear":
        _draft_save(request, flow, {})
        return _see_other(flow.url())
    draft = _draft(request, flow)
    resume = draft.get("step") if draft.get("step") in flow.steps else None
    return _flow_page(
        request,
        flow,
        "surveys/answer/start.html",
        {
            "description": _text(flow.instrument.description, flow.lang),
            "welcome_back": _has_answers(draft),
            "first_url": flow.url("1" if flow.instrument.scales else _ABOUT),
            "resume_url": flow.url(resume) if resume and _has_answers(draft) else None,
            "section_count": len(flow.steps) - 1,
        },
    )


def _go(request: HttpRequest, flow: _Flow, step: str, draft: dict[str, Any]) -> HttpResponse:
    """Save the screen's answers and move Back or Next (303, so a reload is harmless)."""
    target = flow.neighbour(step, -1 if request.POST.get("action") == "back" else 1)
    if target is not None:
        draft["step"] = target
    _draft_save(request, flow, draft)
    return _see_other(flow.url(target))


@_flow_view()
def section(request: HttpRequest, flow: _Flow, number: int) -> HttpResponse:
    """One scale: each item a radio group; nothing is required."""
    scales = flow.instrument.scales
    if not 1 <= number <= len(scales):
        return _see_other(flow.url())
    scale, step = scales[number - 1], str(number)
    draft = _draft(request, flow)
    errors: dict[str, str] = {}
    form_errors: list[str] = []
    if request.method == "POST":
        form = SectionForm(request.POST, scale=scale)
        if form.is_valid():
            answers = {
                k: v for k, v in (draft.get("answers") or {}).items() if k not in form.fields
            }
            answers.update(form.answers())
            draft["answers"] = answers
            return _go(request, flow, step, draft)
        errors = {name: " ".join(messages) for name, messages in form.errors.items()}
        form_errors = list(form.non_field_errors())
        selected = {item.id: str(request.POST.get(item.id, "")) for item in scale.items}
        parts = _render_block(scale, flow.lang, errors)
    else:
        saved = draft.get("answers") or {}
        selected = {item: str(value) for item, value in saved.items()}
        parts = _section_block(_InstrumentKey(flow.instrument), flow.lang, number - 1)
    items = {item.id: _text(item.text, flow.lang) for item in scale.items}
    return _flow_page(
        request,
        flow,
        "surveys/answer/section.html",
        {
            "step": step,
            "section_title": _text(scale.title, flow.lang),
            "questions": _fill_block(parts, selected),
            "progress": _progress(flow, step),
            "errors": [
                (f"q-{k}-{scale.answers.low}", items.get(k, ""), v) for k, v in errors.items()
            ],
            "form_errors": form_errors,
        },
    )


@_flow_view()
def about(request: HttpRequest, flow: _Flow) -> HttpResponse:
    """Optional, self-described coarse demographics."""
    draft = _draft(request, flow)
    if request.method == "POST":
        form = AboutForm(request.POST)
        if form.is_valid():
            draft["demographics"] = form.demographics()
            return _go(request, flow, _ABOUT, draft)
    else:
        saved = draft.get("demographics") or {}
        form = AboutForm(initial={name: saved.get(name, "") for name in DEMOGRAPHIC_FIELDS})
    fields = [form[name] for name in DEMOGRAPHIC_FIELDS]
    return _flow_page(
        request,
        flow,
        "surveys/answer/about.html",
        {
            "form": form,
            "fields": fields,
            "errors": _field_errors(form, {f.name: f.label for f in fields}),
            "form_errors": list(form.non_field_errors()),
            "progress": _progress(flow, _ABOUT),
            "step": _ABOUT,
        },
    )


@_flow_view()
def comments(request: HttpRequest, flow: _Flow) -> HttpResponse:
    """The instrument's open-text questions, with the reminder not to name anyone."""
    questions = flow.questions
    if not questions:
        return _see_other(flow.url(_REVIEW))
    draft = _draft(request, flow)
    if request.method == "POST":
        form = CommentsForm(request.POST, questions=questions)
        if form.is_valid():
            draft["comments"] = form.comments()
            return _go(request, flow, _COMMENTS, draft)
    else:
        saved = draft.get("comments") or {}
        form = CommentsForm(questions=questions)
        form.initial = {q.id: saved.get(q.id, "") for q in questions}
    rows = [
        {
            "field": form[q.id],
            "text": _text(q.text, flow.lang),
            "help": _text(q.help, flow.lang),
        }
        for q in questions
    ]
    return _flow_page(
        request,
        flow,
        "surveys/answer/comments.html",
        {
            "form": form,
            "rows": rows,
            "max_length": COMMENT_MAX_LENGTH,
            "errors": _field_errors(form, {q.id: _text(q.text, flow.lang) for q in questions}),
            "form_errors": list(form.non_field_errors()),
            "progress": _progress(flow, _COMMENTS),
            "step": _COMMENTS,
        },
    )


def _summary(flow: _Flow, draft: Mapping[str, Any]) -> dict[str, Any]:
    """What the review page lists: each section's answers, about you, comments."""
    answers = draft.get("answers") or {}
    sections = []
    for number, scale in enumerate(flow.instrument.scales, start=1):
        labels = dict(_scale_choices(scale, flow.lang))
        rows = []
        for item in scale.items:
            value = answers.get(item.id)
            rows.append(
                {
                    "text": _text(item.text, flow.lang),
                    "answer": labels.get(str(value)) if value is not None else None,
                }
            )
        sections.append(
            {
                "title": _text(scale.title, flow.lang),
                "url": flow.url(str(number)),
                "rows": rows,
                "answered": sum(1 for row in rows if row["answer"] is not None),
            }
        )
    about_form = AboutForm(initial=draft.get("demographics") or {})
    demographics = draft.get("demographics") or {}
    about_rows = []
    for name in DEMOGRAPHIC_FIELDS:
        field_ = about_form.fields[name]
        chosen = demographics.get(name, "")
        label = dict(field_.choices).get(chosen) if chosen else None
        about_rows.append({"label": field_.label, "answer": label})
    saved_comments = draft.get("comments") or {}
    comment_rows = [
        {"text": _text(q.text, flow.lang), "answer": saved_comments.get(q.id, "")}
        for q in flow.questions
    ]
    return {"sections": sections, "about_rows": about_rows, "comment_rows": comment_rows}


def _review_page(
    request: HttpRequest, flow: _Flow, draft: Mapping[str, Any], errors: list[str]
) -> HttpResponse:
    state = _state(request, flow)
    if not state.get("submission_key") or state.get("done"):
        state.pop("done", None)
        state["submission_key"] = secrets.token_urlsafe(24)
        request.session[flow.state_key] = state
    with translation.override(flow.lang):
        summary = _summary(flow, draft)
    return _flow_page(
        request,
        flow,
        "surveys/answer/review.html",
        {
            **summary,
            "submission_key": state["submission_key"],
            "submit_url": reverse(f"surveys:answer_{flow.kind}_submit", args=[flow.token]),
            "form_errors": errors,
            "about_url": flow.url(_ABOUT),
            "comments_url": flow.url(_COMMENTS) if flow.questions else None,
            "back_url": flow.url(flow.neighbour(_REVIEW, -1)),
        },
        status=400 if errors else 200,
    )


@_flow_view()
def review(request: HttpRequest, flow: _Flow) -> HttpResponse:
    """Everything in one list, with links to change it, and the Send button."""
    return _review_page(request, flow, _draft(request, flow), [])


@_flow_view(allow_used=True)
def submit(request: HttpRequest, flow: _Flow) -> HttpResponse:
    """Store the answers once; a repeat of the same key is acknowledged the same way."""
    if request.method != "POST":
        return _see_other(flow.url(_REVIEW))
    state = _state(request, flow)
    posted_key = str(request.POST.get("submission_key", ""))
    if posted_key and _done_digest(posted_key) == state.get("done"):
        return _flow_page(request, flow, "surveys/answer/thanks.html", {})
    if flow.invitation is not None and flow.invitation.responded:
        return _used_invitation(request, flow, posted_key)
    draft = _draft(request, flow)
    form = SubmitForm(
        request.POST,
        instrument=flow.instrument,
        draft=draft,
        expected_key=state.get("submission_key") or "",
    )
    if not form.is_valid() or form.submission is None:
        messages = [str(m) for errors in form.errors.values() for m in errors]
        return _review_page(request, flow, draft, messages)
    try:
        response_submit(
            cycle=flow.cycle,
            submission=form.submission,
            submission_key=form.cleaned_data["submission_key"],
            school=flow.school,
            team=flow.team,
            invitation=flow.invitation,
            today=timezone.localdate(),
        )
    except CycleNotOpenError:
        flow.cycle.refresh_from_db(fields=["status"])
        return _closed(request, flow)
    except AlreadyRespondedError:
        return _flow_page(request, flow, "surveys/answer/already.html", {})
    request.session[flow.state_key] = {"done": _done_digest(form.cleaned_data["submission_key"])}
    return _flow_page(request, flow, "surveys/answer/thanks.html", {})


def _done_digest(submission_key: str) -> str:
    """What the session keeps of a sent submission's key: a digest that cannot be turned
    into the stored receipt's hash, so a session (which may later belong to a signed-in
    user) never points at a receipt, and through it at a ballot entry."""
    return token_hash(f"session-done:{submission_key}")


def _used_invitation(request: HttpRequest, flow: _Flow, posted_key: str) -> HttpResponse:
    """A used invitation: the same key again (a retry whose session was lost) is the
    thank-you; anything else is "you have already answered". Stores nothing either way."""
    if posted_key:
        try:
            response_submit(
                cycle=flow.cycle,
                submission=Submission(answers={}),
                submission_key=posted_key[:64],
                school=flow.school,
                team=flow.team,
                invitation=flow.invitation,
                today=timezone.localdate(),
            )
        except AlreadyRespondedError:
            pass
        except CycleNotOpenError:
            flow.cycle.refresh_from_db(fields=["status"])
            return _closed(request, flow)
        else:
            return _flow_page(request, flow, "surveys/answer/thanks.html", {})
    return _flow_page(request, flow, "surveys/answer/already.html", {})


# --- JSON: one request per submission (for scripts and the load benchmark) -----------


@csrf_exempt  # anonymous, no session and no ambient credentials: nothing to forge
@never_cache
def responses(request: HttpRequest, token: str) -> HttpResponse:
    """``POST s/<token>/responses``: ``{"submission_key", "answers", "demographics",
    "comments"}`` as JSON; 201 ``stored`` or 200 ``repeat``, each echoing the key.

    The same checks as the HTML flow (``SubmitForm``); answers are whole numbers within
    the scale or ``null``. Open links only: invitations answer through their pages.
    """
    if request.method != "POST":
        return JsonResponse({"error": "POST a JSON submission"}, status=405)
    flow, works = _find("open", token, cached=True)
    if flow is None or not works:
        status = 410 if flow is not None and flow.cycle.status == Cycle.CLOSED else 404
        return JsonResponse({"error": "this link is not valid"}, status=status)
    if flow.cycle.status != Cycle.OPEN:
        return JsonResponse({"error": "this survey is not open"}, status=410)
    try:
        payload = json.loads(request.body)
    except (ValueError, UnicodeDecodeError):
        return JsonResponse({"error": "the body is not JSON"}, status=400)
    if not isinstance(payload, dict):
        return JsonResponse({"error": "the body must be a JSON object"}, status=400)
    form = SubmitForm(
        {"submission_key": payload.get("submission_key")},
        instrument=flow.instrument,
        draft=payload,
    )
    if not form.is_valid() or form.submission is None:
        return JsonResponse({"errors": form.errors.get_json_data()}, status=400)
    key = form.cleaned_data["submission_key"]
    try:
        outcome = response_submit(
            cycle=flow.cycle,
            submission=form.submission,
            submission_key=key,
            school=flow.school,
            team=flow.team,
            today=timezone.localdate(),
        )
    except CycleNotOpenError:
        return JsonResponse({"error": "this survey is not open"}, status=410)
    return JsonResponse(
        {"status": outcome, "submission_key": key}, status=201 if outcome == "stored" else 200
    )
