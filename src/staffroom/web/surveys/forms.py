"""Forms for answering a survey: one screen at a time, then the whole answer set.

Every value a respondent sends is checked here, on the server: an answer is a whole
number within its scale's points or "prefer not to answer"; a demographic is one of
the allowed bands or blank; a comment is plain text, stripped, at most
``COMMENT_MAX_LENGTH`` characters. ``SubmitForm`` checks the saved answers once more
and builds the ``services.Submission`` that ``services.response_submit`` stores.
"""

from __future__ import annotations

import re
from collections.abc import Mapping
from typing import Any

from django import forms
from django.utils.translation import gettext_lazy as _

from staffroom.demo.synthetic import DEMOGRAPHIC_COLUMNS
from staffroom.instruments import Instrument, Question, Scale
from staffroom.web.surveys.selectors import DEMOGRAPHIC_FIELDS
from staffroom.web.surveys.services import Submission

__all__ = [
    "COMMENT_MAX_LENGTH",
    "DEMOGRAPHIC_CHOICES",
    "DEMOGRAPHIC_LABELS",
    "PREFER_NOT",
    "AboutForm",
    "CommentsForm",
    "SectionForm",
    "SubmitForm",
    "clean_comment",
    "text_questions",
]

PREFER_NOT = "prefer_not"
"""The form value of "Prefer not to answer" (stored as ``None`` in a response)."""

COMMENT_MAX_LENGTH = 2000

DEMOGRAPHIC_LABELS: dict[str, Any] = {
    "role": _("Your role"),
    "grade_band": _("Grades you mostly work with"),
    "hire_band": _("Years at this school"),
    "race_ethnicity": _("Race or ethnicity"),
    "age_band": _("Age"),
}
"""The question asked for each demographic field (keys of ``DEMOGRAPHIC_FIELDS``)."""

_BAND_LABELS: dict[str, Any] = {
    "teacher": _("Teacher"),
    "paraprofessional": _("Paraprofessional"),
    "specialist": _("Specialist (for example counselor, coach, therapist)"),
    "administrator": _("Administrator"),
    "support staff": _("Support staff"),
    "PK-2": _("Pre-K to grade 2"),
    "3-5": _("Grades 3 to 5"),
    "6-8": _("Grades 6 to 8"),
    "9-12": _("Grades 9 to 12"),
    "all grades": _("All grades"),
    "under 2 years": _("Less than 2 years"),
    "2-5 years": _("2 to 5 years"),
    "6-10 years": _("6 to 10 years"),
    "over 10 years": _("More than 10 years"),
    "Asian": _("Asian"),
    "Black or African American": _("Black or African American"),
    "Hispanic or Latino": _("Hispanic or Latino"),
    "Multiracial": _("Multiracial"),
    "White": _("White"),
    "Another identity": _("Another identity"),
    "under 30": _("Under 30"),
    "30-39": _("30 to 39"),
    "40-49": _("40 to 49"),
    "50-59": _("50 to 59"),
    "60 and over": _("60 and over"),
}

DEMOGRAPHIC_CHOICES: dict[str, tuple[str, ...]] = {
    name: tuple(value for value in DEMOGRAPHIC_COLUMNS[name][0] if value)
    for name in DEMOGRAPHIC_FIELDS
}
"""The stored values each demographic field may take (blank means "prefer not to say")."""

_CONTROL_CHARACTERS = re.compile(r"[\x00-\x08\x0b\x0c\x0e-\x1f\x7f]")
_SUBMISSION_KEY = re.compile(r"^[A-Za-z0-9_-]{8,64}$")


def text_questions(instrument: Instrument) -> tuple[Question, ...]:
    """The instrument's open-text questions (choice questions are not asked on the web)."""
    return tuple(q for q in instrument.questions if q.type == "text")


def clean_comment(value: object) -> str:
    """A comment as plain text: line endings normalised, control characters dropped,
    surrounding space stripped. HTML is kept as the characters typed (it is escaped
    when shown), never interpreted."""
    if not isinstance(value, str):
        raise forms.ValidationError(_("A comment must be text."), code="invalid")
    text = _CONTROL_CHARACTERS.sub("", value.replace("\r\n", "\n").replace("\r", "\n"))
    text = text.strip()
    if len(text) > COMMENT_MAX_LENGTH:
        raise forms.ValidationError(
            _("Please keep each comment to %(max)d characters or fewer."),
            code="max_length",
            params={"max": COMMENT_MAX_LENGTH},
        )
    return text


def _item_value(value: object, scale: Scale) -> int | None:
    """A saved answer: an int within the scale's points, or ``None`` (prefer not)."""
    if value is None or value == PREFER_NOT:
        return None
    if isinstance(value, bool) or not isinstance(value, int):
        raise forms.ValidationError(_("An answer is not one of the choices."), code="invalid")
    if not scale.answers.low <= value <= scale.answers.high:
        raise forms.ValidationError(_("An answer is not one of the choices."), code="invalid")
    return value


class SectionForm(forms.Form):
    """The items of one scale: each a whole number within the scale's points, "prefer
    not to answer", or left empty. Fields not on this screen are refused."""

    def __init__(self, data: Mapping[str, Any] | None = None, *, scale: Scale) -> None:
        super().__init__(data)
        self.scale = scale
        values = [str(v) for v in range(scale.answers.low, scale.answers.high + 1)]
        choices = [("", ""), *[(v, v) for v in values], (PREFER_NOT, PREFER_NOT)]
        for item in scale.items:
            self.fields[item.id] = forms.ChoiceField(
                choices=choices,
                required=False,
                error_messages={
                    "invalid_choice": _(
                        "Choose one of the answers shown, or “Prefer not to answer”."
                    )
                },
            )

    def clean(self) -> dict[str, Any]:
        cleaned = super().clean() or {}
        if self.data:
            known = {*self.fields, "csrfmiddlewaretoken", "action", "lang"}
            unknown = sorted(k for k in self.data if k not in known)
            if unknown:
                raise forms.ValidationError(
                    _("This page received answers to questions it does not ask."),
                    code="unknown_item",
                )
        return cleaned

    def answers(self) -> dict[str, int | str]:
        """The answers given on this screen: ``{item: int or PREFER_NOT}``."""
        out: dict[str, int | str] = {}
        for item in self.scale.items:
            value = self.cleaned_data.get(item.id, "")
            if value == PREFER_NOT:
                out[item.id] = PREFER_NOT
            elif value:
                out[item.id] = int(value)
        return out


class AboutForm(forms.Form):
    """Optional, self-described coarse demographics; blank means "prefer not to say"."""

    def __init__(self, data: Mapping[str, Any] | None = None, **kwargs: Any) -> None:
        super().__init__(data, **kwargs)
        for name in DEMOGRAPHIC_FIELDS:
            self.fields[name] = forms.ChoiceField(
                label=DEMOGRAPHIC_LABELS[name],
                choices=[
                    ("", _("Prefer not to say")),
                    *[(v, _BAND_LABELS.get(v, v)) for v in DEMOGRAPHIC_CHOICES[name]],
                ],
                required=False,
                error_messages={"invalid_choice": _("Choose one of the options in the list.")},
            )

    def demographics(self) -> dict[str, str]:
        return {
            name: self.cleaned_data[name]
            for name in DEMOGRAPHIC_FIELDS
            if self.cleaned_data.get(name)
        }


class _CommentField(forms.CharField):
    def to_python(self, value: Any) -> str:
        if value in self.empty_values:
            return ""
        return clean_comment(value)


class CommentsForm(forms.Form):
    """The instrument's open-text questions: plain text, at most 2,000 characters."""

    def __init__(
        self, data: Mapping[str, Any] | None = None, *, questions: tuple[Question, ...]
    ) -> None:
        super().__init__(data)
        self.questions = questions
        for question in questions:
            self.fields[question.id] = _CommentField(
                required=False,
                strip=False,
                max_length=COMMENT_MAX_LENGTH,
                widget=forms.Textarea(attrs={"maxlength": COMMENT_MAX_LENGTH}),
            )

    def comments(self) -> dict[str, str]:
        return {
            q.id: self.cleaned_data[q.id] for q in self.questions if self.cleaned_data.get(q.id)
        }


class SubmitForm(forms.Form):
    """The final check: the submission key, and every saved answer, demographic and
    comment validated again before anything is stored.

    ``draft`` holds ``answers`` (item → int, ``None`` or ``PREFER_NOT``),
    ``demographics`` and ``comments``. ``expected_key`` is the key the review page
    carried (kept in the session); ``None`` accepts any well-formed key chosen by the
    client (the JSON endpoint)."""

    submission_key = forms.CharField(max_length=64)

    def __init__(
        self,
        data: Mapping[str, Any] | None = None,
        *,
        instrument: Instrument,
        draft: Mapping[str, Any],
        expected_key: str | None = None,
    ) -> None:
        super().__init__(data)
        self.instrument = instrument
        self.draft = draft
        self.expected_key = expected_key
        self.submission: Submission | None = None

    def clean_submission_key(self) -> str:
        key = str(self.cleaned_data["submission_key"])
        if self.expected_key is not None and key != self.expected_key:
            raise forms.ValidationError(
                _("This page was out of date. Please check your answers and send them again."),
                code="stale",
            )
        if not _SUBMISSION_KEY.match(key):
            raise forms.ValidationError(_("The submission key is not valid."), code="invalid")
        return key

    def clean(self) -> dict[str, Any]:
        cleaned = super().clean() or {}
        self.submission = Submission(
            answers=self._answers(), demographics=self._demographics(), comments=self._comments()
        )
        return cleaned

    def _answers(self) -> dict[str, int | None]:
        raw = self.draft.get("answers") or {}
        if not isinstance(raw, Mapping):
            raise forms.ValidationError(_("The saved answers could not be read."), code="invalid")
        scales = {item.id: scale for scale in self.instrument.scales for item in scale.items}
        unknown = sorted(k for k in raw if k not in scales)
        if unknown:
            raise forms.ValidationError(
                _("Some saved answers are for questions this survey does not ask."),
                code="unknown_item",
            )
        return {item: _item_value(value, scales[item]) for item, value in raw.items()}

    def _demographics(self) -> dict[str, str]:
        raw = self.draft.get("demographics") or {}
        if not isinstance(raw, Mapping):
            raise forms.ValidationError(_("The saved answers could not be read."), code="invalid")
        out: dict[str, str] = {}
        for name, value in raw.items():
            if name not in DEMOGRAPHIC_CHOICES:
                raise forms.ValidationError(_("An unknown question about you."), code="invalid")
            if value in ("", None):
                continue
            if value not in DEMOGRAPHIC_CHOICES[name]:
                raise forms.ValidationError(
                    _("An answer about you is not one of the options."), code="invalid"
                )
            out[name] = str(value)
        return out

    def _comments(self) -> dict[str, str]:
        raw = self.draft.get("comments") or {}
        if not isinstance(raw, Mapping):
            raise forms.ValidationError(_("The saved answers could not be read."), code="invalid")
        known = {q.id for q in text_questions(self.instrument)}
        out: dict[str, str] = {}
        for question_id, value in raw.items():
            if question_id not in known:
                raise forms.ValidationError(
                    _("A saved comment is for a question this survey does not ask."),
                    code="unknown_item",
                )
            text = clean_comment(value)
            if text:
                out[question_id] = text
        return out
