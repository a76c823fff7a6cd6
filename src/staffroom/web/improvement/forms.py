"""Forms for metrics, PDSA cycles, stages, the pulse schedule and readiness settings.

Choices of schools, teams and metrics are limited to what the signed-in user may reach
(``staffroom.web.improvement.access``); the services check the district again.
"""

from __future__ import annotations

from typing import Any

from django import forms
from django.utils.translation import gettext_lazy as _

from staffroom.instruments import load_builtin
from staffroom.web.core.equity import EQUITY_PAUSE_QUESTIONS
from staffroom.web.improvement import access
from staffroom.web.improvement.models import Metric, PdsaCycle
from staffroom.web.improvement.selectors import indicator_info
from staffroom.web.orgs.models import School, Team

__all__ = [
    "MetricForm",
    "PdsaAdvanceForm",
    "PdsaForm",
    "PdsaStageForm",
    "PulseScheduleForm",
    "ReadinessSettingsForm",
]

_DATE = forms.DateInput(attrs={"type": "date"})
_TEXT = forms.Textarea(attrs={"rows": 3})


def _scale_choices() -> list[tuple[str, list[tuple[str, str]]]]:
    groups = []
    for instrument_id, label in (("staff-climate", _("Staff survey")), ("pulse", _("Pulse"))):
        instrument = load_builtin(instrument_id)
        groups.append(
            (
                str(label),
                [(f"{instrument_id}:{s.id}", s.title.get("en", s.id)) for s in instrument.scales],
            )
        )
    return groups


def _indicator_choices() -> list[tuple[str, str]]:
    try:
        from staffroom.analysis.indicators import INDICATORS
    except ImportError:
        return []
    return [(name, info.title) for name, info in INDICATORS.items() if info.better is not None]


class MetricForm(forms.Form):
    title = forms.CharField(label=_("Name of the metric"), max_length=200)
    school = forms.ModelChoiceField(
        label=_("School"),
        queryset=School.objects.none(),
        required=False,
        empty_label=_("The whole district"),
    )
    source = forms.ChoiceField(label=_("Where the numbers come from"), choices=())
    scale = forms.ChoiceField(
        label=_("Scale or question"),
        choices=(),
        required=False,
        help_text=_("For a survey scale or a pulse question."),
    )
    indicator = forms.ChoiceField(
        label=_("Indicator"),
        choices=(),
        required=False,
        help_text=_("For a staff indicator; shares are entered as percentages."),
    )
    baseline = forms.FloatField(
        label=_("Baseline"), help_text=_("Where you start (survey means run from 1 to 5).")
    )
    baseline_note = forms.CharField(
        label=_("Baseline from"), max_length=200, required=False, help_text=_("e.g. Fall survey")
    )
    target = forms.FloatField(label=_("Target"))
    target_date = forms.DateField(label=_("Target date"), widget=_DATE)
    why = forms.CharField(label=_("Why this shows success"), widget=_TEXT, required=False)

    def __init__(self, *args: Any, user: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        field = self.fields["school"]
        assert isinstance(field, forms.ModelChoiceField)
        field.queryset = access.improvement_schools(user)
        if not access.can_manage_district(user, user.district):
            field.required = True
            field.empty_label = None
        sources = [(Metric.SURVEY, _("Staff survey scale")), (Metric.PULSE, _("Pulse question"))]
        indicators = _indicator_choices()
        if indicators:
            sources.append((Metric.INDICATOR, _("Staff indicator")))
        for name, choices in (
            ("source", sources),
            ("scale", [("", "---------"), *_scale_choices()]),
            ("indicator", [("", "---------"), *indicators]),
        ):
            choice = self.fields[name]
            assert isinstance(choice, forms.ChoiceField)
            choice.choices = choices
        if not indicators:
            del self.fields["indicator"]

    def clean(self) -> dict[str, Any]:
        data = super().clean() or {}
        scale = str(data.get("scale", ""))
        instrument_id, _sep, scale_id = scale.partition(":")
        source = data.get("source")
        if scale and (source == Metric.PULSE) != (instrument_id == "pulse"):
            self.add_error("scale", _("Choose a scale from the source you picked."))
        data["instrument_id"], data["scale_id"] = instrument_id, scale_id
        data["higher_is_better"] = True
        if source == Metric.INDICATOR:
            info = indicator_info(str(data.get("indicator", "")))
            if info is None:
                self.add_error("indicator", _("Choose an indicator."))
            else:
                data["higher_is_better"] = info.better != "lower"
                low, high = (0.0, 100.0) if info.unit == "share" else (0.0, float("inf"))
                self._check_range(data, low, high, _("A share runs from 0% to 100%."))
            data["scale_id"] = ""
            return data
        data["indicator"] = ""
        if not scale:
            self.add_error("scale", _("Choose a scale or a question."))
        self._check_range(data, 1.0, 5.0, _("Survey means run from 1 to 5."))
        return data

    def _check_range(self, data: dict[str, Any], low: float, high: float, message: Any) -> None:
        for name in ("baseline", "target"):
            value = data.get(name)
            if value is not None and not low <= value <= high:
                self.add_error(name, message)


class PdsaForm(forms.Form):
    title = forms.CharField(label=_("Title"), max_length=200)
    school = forms.ModelChoiceField(
        label=_("School"), queryset=School.objects.none(), required=False
    )
    team = forms.ModelChoiceField(label=_("Team"), queryset=Team.objects.none(), required=False)
    metrics = forms.ModelMultipleChoiceField(
        label=_("Metrics this cycle should move"),
        queryset=Metric.objects.none(),
        required=False,
        widget=forms.CheckboxSelectMultiple,
    )
    change_idea = forms.CharField(label=_("The change to try"), widget=_TEXT)
    prediction = forms.CharField(
        label=_("Prediction"),
        widget=_TEXT,
        help_text=_("What do you expect to happen, and why? Study will compare."),
    )
    started_on = forms.DateField(label=_("Start date"), widget=_DATE)

    def __init__(self, *args: Any, user: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        for name, queryset in (
            ("school", access.improvement_schools(user)),
            ("team", access.visible_teams(user)),
            ("metrics", access.visible_metrics(user)),
        ):
            field = self.fields[name]
            assert isinstance(field, forms.ModelChoiceField)
            field.queryset = queryset
        self._user = user

    def clean(self) -> dict[str, Any]:
        data = super().clean() or {}
        school, team = data.get("school"), data.get("team")
        district_wide = access.can_manage_district(self._user, self._user.district)
        if school is None and team is None and not district_wide:
            self.add_error("school", _("Choose a school or a team."))
        if school is not None and team is not None and team.school_id not in {None, school.pk}:
            self.add_error("team", _("This team belongs to another school."))
        return data


class PdsaStageForm(forms.Form):
    notes = forms.CharField(label=_("Notes"), widget=forms.Textarea(attrs={"rows": 4}))

    def __init__(self, *args: Any, stage: str = "", **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        for name, question, prompt in EQUITY_PAUSE_QUESTIONS:
            self.fields[name] = forms.CharField(
                label=question, help_text=prompt, widget=_TEXT, required=False
            )
        if stage:
            self.prefix = stage


class PdsaAdvanceForm(forms.Form):
    decision = forms.ChoiceField(
        label=_("Decision"),
        choices=PdsaCycle.DECISIONS,
        widget=forms.RadioSelect,
        required=False,
    )


class PulseScheduleForm(forms.Form):
    school = forms.ModelChoiceField(
        label=_("For"),
        queryset=School.objects.none(),
        required=False,
        empty_label=_("Every school (one district pulse)"),
    )
    starts_on = forms.DateField(
        label=_("First opening day"),
        widget=_DATE,
        help_text=_("Later pulses open on the same day of the month."),
    )
    every_months = forms.IntegerField(label=_("Every how many months"), min_value=1, max_value=12)
    open_days = forms.IntegerField(label=_("Days open"), min_value=1, max_value=27)
    active = forms.BooleanField(label=_("Active"), required=False, initial=True)

    def __init__(self, *args: Any, district: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        field = self.fields["school"]
        assert isinstance(field, forms.ModelChoiceField)
        field.queryset = School.objects.filter(district=district)


class ReadinessSettingsForm(forms.Form):
    """The district's readiness thresholds and weights: the overall bars, then one
    threshold, weight and "required" per rule. Shares are entered as percentages."""

    min_response_rate = forms.FloatField(
        label=_("Response rate needed to judge (%)"), min_value=0, max_value=100
    )
    ready_score = forms.FloatField(
        label=_("Score needed for ready (0 to 1)"),
        min_value=0,
        max_value=1,
        help_text=_("The weighted share of conditions met."),
    )

    def __init__(self, *args: Any, settings: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self._rules = settings.rules
        self.initial.setdefault("min_response_rate", round(settings.min_response_rate * 100, 4))
        self.initial.setdefault("ready_score", settings.ready_score)
        self.groups: list[tuple[str, list[str]]] = []
        defaults = {rule.column: rule for rule in type(settings)().rules}
        for rule in self._rules:
            default = defaults.get(rule.column, rule)
            percent = rule.unit == "share"
            side = _("at least") if rule.higher_is_better else _("at most")
            unit = " (%)" if percent else ""
            names = [
                f"{rule.column}__threshold",
                f"{rule.column}__weight",
                f"{rule.column}__required",
            ]
            shown = default.threshold * 100 if percent else default.threshold
            self.fields[names[0]] = forms.FloatField(
                label=f"{_('Threshold')}: {side}{unit}",
                min_value=0,
                max_value=100 if percent else None,
                help_text=_("Default %(value)s") % {"value": f"{shown:g}"},
            )
            self.fields[names[1]] = forms.FloatField(
                label=_("Weight"),
                min_value=0,
                help_text=_("Default %(value)s") % {"value": f"{default.weight:g}"},
            )
            self.fields[names[2]] = forms.BooleanField(
                label=_("Required"),
                required=False,
                help_text=_("Default: required")
                if default.required
                else _("Default: not required"),
            )
            self.initial.setdefault(
                names[0], round(rule.threshold * 100, 4) if percent else rule.threshold
            )
            self.initial.setdefault(names[1], rule.weight)
            self.initial.setdefault(names[2], rule.required)
            self.groups.append((rule.label, names))

    def grouped(self) -> list[tuple[str, list[Any]]]:
        """(rule label, its bound fields) for the template's fieldsets."""
        return [(label, [self[name] for name in names]) for label, names in self.groups]

    def values(self) -> dict[str, Any]:
        """The cleaned data as ``readiness.settings_build`` takes it."""
        data = self.cleaned_data
        rules = {}
        for rule in self._rules:
            threshold = data[f"{rule.column}__threshold"]
            rules[rule.column] = {
                "threshold": threshold / 100 if rule.unit == "share" else threshold,
                "weight": data[f"{rule.column}__weight"],
                "required": bool(data[f"{rule.column}__required"]),
            }
        return {
            "min_response_rate": data["min_response_rate"] / 100,
            "ready_score": data["ready_score"],
            "rules": rules,
        }
