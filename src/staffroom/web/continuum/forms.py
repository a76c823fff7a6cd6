"""Forms of the continuum and agreements pages (ratings are read field by field in the
view, since their fields follow the rubric)."""

from __future__ import annotations

from typing import Any

from django import forms
from django.utils.translation import gettext_lazy as _

from staffroom.web.core.equity import EQUITY_PAUSE_QUESTIONS
from staffroom.web.surveys.services import MAX_LOCAL_ITEMS

__all__ = [
    "AdoptForm",
    "AgreementSetForm",
    "CommentForm",
    "ReviewForm",
    "RoundStartForm",
    "agreement_lines",
]

DISTRICT_TEAM = "district"
"""The ``team`` choice that stands for the district team."""


def agreement_lines(text: str) -> list[str]:
    """One agreement per non-empty line."""
    return [line.strip() for line in text.splitlines() if line.strip()]


def _agreements_field() -> forms.CharField:
    return forms.CharField(
        label=_("Agreements"),
        widget=forms.Textarea(attrs={"rows": 6}),
        help_text=_("One agreement per line, at most %(n)s.") % {"n": MAX_LOCAL_ITEMS},
    )


def _check_lines(text: str) -> str:
    lines = agreement_lines(text)
    if not lines:
        raise forms.ValidationError(_("Write at least one agreement."))
    if len(lines) > MAX_LOCAL_ITEMS:
        raise forms.ValidationError(_("At most %(n)s agreements.") % {"n": MAX_LOCAL_ITEMS})
    if len(set(lines)) != len(lines):
        raise forms.ValidationError(_("An agreement is listed twice."))
    if any(len(line) > 300 for line in lines):
        raise forms.ValidationError(_("Keep each agreement under 300 characters."))
    return text


class _TeamForm(forms.Form):
    team = forms.ChoiceField(label=_("Team"))

    def __init__(self, *args: Any, teams: list[tuple[str, str]], **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["team"].choices = teams


class RoundStartForm(_TeamForm):
    continuum = forms.ChoiceField(label=_("Continuum"))
    title = forms.CharField(
        label=_("Name of the round"),
        max_length=200,
        required=False,
        help_text=_("For example Fall 2026. Left empty, the month is used."),
    )

    def __init__(self, *args: Any, continua: list[tuple[str, str]], **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["continuum"].choices = continua


class AgreementSetForm(_TeamForm):
    title = forms.CharField(label=_("Title"), max_length=200)
    agreements = _agreements_field()

    def clean_agreements(self) -> str:
        return _check_lines(self.cleaned_data["agreements"])


class EditForm(forms.Form):
    title = forms.CharField(label=_("Title"), max_length=200)
    agreements = _agreements_field()

    def clean_agreements(self) -> str:
        return _check_lines(self.cleaned_data["agreements"])


class CommentForm(forms.Form):
    text = forms.CharField(
        label=_("Your comment"),
        max_length=2000,
        widget=forms.Textarea(attrs={"rows": 3}),
        help_text=_("Your name is shown with your comment to everyone who sees this set."),
    )


class AdoptForm(forms.Form):
    review_every_months = forms.IntegerField(
        label=_("Review every (months)"), min_value=1, max_value=24, initial=6
    )

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        for name, question, prompt in EQUITY_PAUSE_QUESTIONS:
            self.fields[name] = forms.CharField(
                label=question, help_text=prompt, widget=forms.Textarea(attrs={"rows": 3})
            )
        self.order_fields([name for name, _, _ in EQUITY_PAUSE_QUESTIONS])


class ReviewForm(forms.Form):
    agreements = _agreements_field()
    notes = forms.CharField(
        label=_("What the team discussed and changed"),
        widget=forms.Textarea(attrs={"rows": 4}),
        max_length=4000,
    )

    def clean_agreements(self) -> str:
        return _check_lines(self.cleaned_data["agreements"])
