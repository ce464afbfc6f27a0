"""The dashboards' and the evidence map's filters (GET forms: a wrong value is said, not a 500)."""

from django import forms
from django.utils.translation import gettext_lazy as _

from emulation_cluster.models import Unit
from models_registry.models import Topic

EVERY_YEAR = "all"


class PeriodForm(forms.Form):
    """The year of one of the cluster's terms, or every year."""

    year = forms.ChoiceField(label=_("Year"), required=False)

    def __init__(self, data, *, years: list[int], default):
        if not data.get("year"):  # nothing chosen: the select shows the default
            data = data.copy()
            data["year"] = EVERY_YEAR if default is None else str(default)
        super().__init__(data)
        self.default = default
        self.fields["year"].choices = [(str(year), str(year)) for year in years] + [
            (EVERY_YEAR, _("All years"))
        ]
        self.fields["year"].error_messages["invalid_choice"] = _(
            "There is no term of the cluster for “%(value)s”: choose a year from the list."
        )

    def chosen_year(self):
        """The year asked for (None: every year); the default when nothing or garbage was sent."""
        if not self.is_valid() or not self.cleaned_data["year"]:
            return self.default
        value = self.cleaned_data["year"]
        return None if value == EVERY_YEAR else int(value)

    @property
    def selected(self) -> str:
        year = self.chosen_year()
        return EVERY_YEAR if year is None else str(year)


class EvidenceMapForm(forms.Form):
    topic = forms.ModelChoiceField(
        label=_("Topic"),
        queryset=Topic.objects.all(),
        to_field_name="slug",
        required=False,
        empty_label=_("All topics"),
    )
    unit = forms.ModelChoiceField(
        label=_("Unit"),
        queryset=Unit.objects.all(),
        to_field_name="slug",
        required=False,
        empty_label=_("All units"),
        help_text=_("With its sub-units."),
    )

    def __init__(self, data, *, topics, units):
        super().__init__(data)
        self.fields["topic"].queryset = topics
        self.fields["unit"].queryset = units
        self.fields["topic"].error_messages["invalid_choice"] = _(
            "There is no such topic: choose one from the list."
        )
        self.fields["unit"].error_messages["invalid_choice"] = _(
            "There is no such unit in the cluster: choose one from the list."
        )

    def filters(self) -> dict:
        """What was chosen; a wrong value leaves its filter off (the form says why)."""
        self.is_valid()
        return {"topic": self.cleaned_data.get("topic"), "unit": self.cleaned_data.get("unit")}
