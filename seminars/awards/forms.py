"""Forms of the award pages; the services check the same limits again."""

from django import forms
from django.utils.translation import gettext_lazy as _

from emulation_cluster.submissions import OneSubmissionForm
from models_registry.models import ExemplaryModel
from seminars.awards.enums import REVIEW_ACTIONS
from seminars.awards.models import REASON_MAX_LENGTH, STATEMENT_MAX_LENGTH

STATEMENT_HELP = _(
    "What the model achieved this year and why it deserves the award. The evidence (figures, "
    "replications, seminar presentations, questions answered) is added from the portal's data."
)


class ModelChoiceField(forms.ModelChoiceField):
    def label_from_instance(self, exemplary_model):
        return f"{exemplary_model.title} · {exemplary_model.owner_unit.short_name}"


def _statement_field():
    return forms.CharField(
        label=_("Why this model deserves the award"),
        max_length=STATEMENT_MAX_LENGTH,
        widget=forms.Textarea(attrs={"rows": 8}),
        help_text=STATEMENT_HELP,
    )


class NominationForm(OneSubmissionForm):
    exemplary_model = ModelChoiceField(
        label=_("Model"),
        queryset=ExemplaryModel.objects.none(),
        error_messages={
            "invalid_choice": _(
                "Choose one of your unit's published models not yet nominated for this year."
            )
        },
    )
    statement = _statement_field()

    def __init__(self, *args, models=None, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["exemplary_model"].queryset = models

    def nomination_data(self) -> dict:
        data = self.cleaned_data
        return {"exemplary_model": data["exemplary_model"], "statement": data["statement"]}


class StatementForm(forms.Form):
    statement = _statement_field()


class ReviewForm(forms.Form):
    action = forms.ChoiceField(
        label=_("Decision"),
        choices=[(action.value, action.label) for action in REVIEW_ACTIONS],
        widget=forms.RadioSelect,
    )
    reason = forms.CharField(
        label=_("Reason"),
        required=False,
        max_length=REASON_MAX_LENGTH,
        widget=forms.Textarea(attrs={"rows": 3}),
        help_text=_("Required to return or decline: the unit reads it with the decision."),
    )
