"""Forms for running cycles: creating a cycle and uploading a roster.

Forms only check input; what happens with it is in ``participation.py`` (cycles) and
``roster.py`` (rosters).
"""

from __future__ import annotations

from functools import lru_cache
from typing import Any

from django import forms
from django.utils.translation import get_language
from django.utils.translation import gettext_lazy as _

from staffroom.instruments import builtin_ids, load_builtin
from staffroom.web.orgs.models import District, School, Team
from staffroom.web.surveys.roster import MAX_FILE_BYTES
from staffroom.web.surveys.services import MAX_LOCAL_ITEMS, min_n_floor

__all__ = ["DEFAULT_INSTRUMENT_ID", "CycleCreateForm", "RosterUploadForm", "instrument_choices"]

DEFAULT_INSTRUMENT_ID = "staff-climate"


@lru_cache(maxsize=8)
def _instrument_titles() -> dict[str, dict[str, str]]:
    return {i: dict(load_builtin(i).title) for i in builtin_ids()}


def instrument_choices() -> list[tuple[str, str]]:
    """Built-in instruments, titled in the current language (English if missing)."""
    language = (get_language() or "en").split("-")[0]
    return [
        (instrument_id, title.get(language) or title.get("en") or instrument_id)
        for instrument_id, title in _instrument_titles().items()
    ]


def _team_label(team: Team) -> str:
    return f"{team.name} ({team.school.name})" if team.school else team.name


class CycleCreateForm(forms.Form):
    title = forms.CharField(label=_("Title"), max_length=200)
    instrument_id = forms.ChoiceField(label=_("Survey"))
    schools = forms.ModelMultipleChoiceField(
        label=_("Schools"),
        queryset=School.objects.none(),
        required=False,
        widget=forms.CheckboxSelectMultiple,
        help_text=_("Each school gets its own anonymous link."),
    )
    teams = forms.ModelMultipleChoiceField(
        label=_("Teams"),
        queryset=Team.objects.none(),
        required=False,
        widget=forms.CheckboxSelectMultiple,
        help_text=_("Each team gets its own anonymous link."),
    )
    opens_on = forms.DateField(label=_("Opens on"), widget=forms.DateInput(attrs={"type": "date"}))
    closes_on = forms.DateField(
        label=_("Closes on"), widget=forms.DateInput(attrs={"type": "date"})
    )
    min_n = forms.IntegerField(
        label=_("Minimum group size"),
        help_text=_("No result is ever shown for fewer people than this."),
    )
    local_items = forms.CharField(
        label=_("Your own questions (optional)"),
        required=False,
        widget=forms.Textarea(attrs={"rows": 4}),
        help_text=_(
            "One statement per line, answered on the survey's agreement scale, at most 10. "
            "Add the Spanish wording after a vertical bar: English | Español."
        ),
    )

    def __init__(self, *args: Any, district: District, **kwargs: Any) -> None:
        self.district = district
        self.floor = min_n_floor(district)
        schools = School.objects.filter(district=district).order_by("name")
        kwargs.setdefault("initial", {})
        kwargs["initial"].setdefault("schools", list(schools))
        kwargs["initial"].setdefault("min_n", self.floor)
        kwargs["initial"].setdefault("instrument_id", DEFAULT_INSTRUMENT_ID)
        kwargs.setdefault("label_suffix", "")
        super().__init__(*args, **kwargs)
        self.fields["instrument_id"].choices = instrument_choices()
        self.fields["schools"].queryset = schools
        self.fields["teams"].queryset = (
            Team.objects.filter(district=district).select_related("school").order_by("name")
        )
        self.fields["teams"].label_from_instance = _team_label
        self.fields["min_n"].help_text = _(
            "No result is ever shown for fewer people than this. "
            "It is never below the system floor of %(floor)s."
        ) % {"floor": self.floor}

    def clean_local_items(self) -> list[dict[str, str]]:
        """Lines of "English | Español" as wording by language (empty lines skipped)."""
        lines = [line.strip() for line in self.cleaned_data["local_items"].splitlines()]
        items = []
        for line in filter(None, lines):
            english, _bar, spanish = (part.strip() for part in line.partition("|"))
            if not english:
                raise forms.ValidationError(_("Each line needs the English wording first."))
            items.append({"en": english, **({"es": spanish} if spanish else {})})
        if len(items) > MAX_LOCAL_ITEMS:
            raise forms.ValidationError(
                _("At most %(max)d questions of your own."), params={"max": MAX_LOCAL_ITEMS}
            )
        return items

    def clean_min_n(self) -> int:
        value = self.cleaned_data["min_n"]
        if value < self.floor:
            raise forms.ValidationError(
                _(
                    "The minimum group size is never below the system floor of %(floor)s "
                    "(you asked for %(value)s)."
                ),
                code="below_floor",
                params={"floor": self.floor, "value": value},
            )
        return value

    def clean(self) -> dict[str, Any]:
        cleaned = super().clean() or {}
        opens_on, closes_on = cleaned.get("opens_on"), cleaned.get("closes_on")
        if opens_on and closes_on and closes_on <= opens_on:
            self.add_error(
                "closes_on",
                forms.ValidationError(
                    _("The closing date must be after the opening date."), code="dates"
                ),
            )
        asked = [cleaned.get("schools"), cleaned.get("teams")]
        if all(group is not None and not group for group in asked):
            self.add_error(
                "schools",
                forms.ValidationError(
                    _("Choose at least one school or team to ask."), code="nobody"
                ),
            )
        return cleaned


class RosterUploadForm(forms.Form):
    file = forms.FileField(
        label=_("Roster file (CSV or XLSX)"),
        widget=forms.ClearableFileInput(attrs={"accept": ".csv,.xlsx"}),
    )

    def clean_file(self) -> Any:
        upload = self.cleaned_data["file"]
        if upload.size > MAX_FILE_BYTES:
            raise forms.ValidationError(
                _("%(name)s is larger than %(mb)s MB."),
                params={"name": upload.name, "mb": MAX_FILE_BYTES // (1024 * 1024)},
            )
        return upload
