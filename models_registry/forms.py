from django import forms
from django.conf import settings
from django.core.exceptions import ValidationError
from django.db.models import Q
from django.forms import inlineformset_factory
from django.template.defaultfilters import filesizeformat
from django.utils.functional import lazy
from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _

from emulation_cluster.choice_fields import ListedChoiceField
from emulation_cluster.enums import Visibility
from emulation_cluster.models import Partner, Unit
from emulation_cluster.submissions import OneSubmissionForm
from emulation_cluster.unit_choices import UnitChoiceField, grouped_by_city
from models_registry.enums import ModelKind, ModelStatus
from models_registry.imports.excel import read_rows
from models_registry.imports.word import read_word
from models_registry.models import (
    WRITE_UP_FIELDS,
    ExemplaryModel,
    Indicator,
    Replication,
    Topic,
)
from models_registry.uploads import ALLOWED_EXTENSIONS, inspect_upload

MARKDOWN_HELP = _("Markdown: **bold**, *italic*, lists with “-”, links [text](https://…).")


class DateInput(forms.DateInput):
    input_type = "date"

    def __init__(self, **kwargs):
        super().__init__(format="%Y-%m-%d", **kwargs)


def _upload_help_text() -> str:
    return gettext("Up to %(limit)s. Accepted: %(extensions)s.") % {
        "limit": filesizeformat(settings.ATTACHMENT_MAX_BYTES),
        "extensions": ", ".join(ALLOWED_EXTENSIONS),
    }


# Said before the upload, in the reader's language (written when the page is, not at import).
_upload_help = lazy(_upload_help_text, str)


class UploadField(forms.FileField):
    """A file checked for size and real type before the form is valid."""

    def __init__(self, **kwargs):
        kwargs.setdefault("help_text", _upload_help())
        super().__init__(**kwargs)
        self.widget.attrs.setdefault("accept", ",".join(ALLOWED_EXTENSIONS))

    def clean(self, data, initial=None):
        upload = super().clean(data, initial)
        if upload:
            upload.file_type = inspect_upload(upload)
        return upload


def _visibility_field(**kwargs):
    return forms.ChoiceField(
        label=_("Who may open the document"),
        choices=Visibility.choices,
        initial=Visibility.MEMBERS,
        **kwargs,
    )


class AttachmentForm(OneSubmissionForm):
    title = forms.CharField(label=_("Title of the document"), max_length=200)
    file = UploadField(label=_("File"))
    visibility = _visibility_field()


class ExemplaryModelForm(forms.ModelForm, OneSubmissionForm):
    attachment_title = forms.CharField(
        label=_("Title of the document"), max_length=200, required=False
    )
    attachment_file = UploadField(label=_("Attach a document or photo"), required=False)
    attachment_visibility = _visibility_field(required=False)

    class Meta:
        model = ExemplaryModel
        fields = [
            "title",
            "kind",
            "owner_unit",
            "status",
            "started_on",
            "visibility",
            "topics",
            "partners",
            *WRITE_UP_FIELDS,
            "has_guide",
            "training_offered",
            "cost_known",
            "contact_name",
            "contact_details",
        ]
        widgets = {
            "started_on": DateInput(),
            "topics": forms.CheckboxSelectMultiple,
            "partners": forms.CheckboxSelectMultiple,
            **{field: forms.Textarea(attrs={"rows": 5}) for field in WRITE_UP_FIELDS},
        }

    def __init__(self, *args, owner_units, **kwargs):
        super().__init__(*args, **kwargs)
        # An archived unit writes no new model; a model it owns keeps it as owner.
        self.fields["owner_unit"].queryset = owner_units.filter(
            Q(archived_at__isnull=True) | Q(pk=self.instance.owner_unit_id)
        )
        self.fields["owner_unit"].empty_label = None
        grouped_by_city(self.fields["owner_unit"])
        self.fields["topics"].queryset = Topic.objects.all()
        self.fields["partners"].queryset = Partner.objects.all()
        self.fields["summary"].widget.attrs["rows"] = 3
        for field in WRITE_UP_FIELDS:
            self.fields[field].help_text = MARKDOWN_HELP

    def attachment_data(self) -> dict | None:
        """The document sent with the write-up, as ``services.model_save`` takes it."""
        upload = self.cleaned_data.get("attachment_file")
        if not upload:
            return None
        return {
            "title": self.cleaned_data["attachment_title"],
            "upload": upload,
            "file_type": upload.file_type,
            "visibility": self.cleaned_data["attachment_visibility"],
        }

    def clean(self):
        cleaned = super().clean()
        if cleaned.get("attachment_file") and not cleaned.get("attachment_title"):
            self.add_error("attachment_title", _("Give the document a title."))
        return cleaned


class IndicatorForm(forms.ModelForm):
    class Meta:
        model = Indicator
        fields = ["name", "unit_of_measure", "baseline", "result", "period", "source"]
        widgets = {"baseline": forms.TextInput(), "result": forms.TextInput()}

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        # Figures are typed the Vietnamese way (1.234,5) and shown back the same way.
        for name in ("baseline", "result"):
            self.fields[name].localize = True
            self.fields[name].widget.is_localized = True
            self.fields[name].widget.attrs["inputmode"] = "decimal"


def _indicator_formset(parent_model):
    return inlineformset_factory(
        parent_model,
        Indicator,
        form=IndicatorForm,
        extra=2,
        max_num=30,
        validate_max=True,
        can_delete=True,
    )


ModelIndicatorFormSet = _indicator_formset(ExemplaryModel)
ReplicationIndicatorFormSet = _indicator_formset(Replication)


class ReplicationForm(forms.ModelForm, OneSubmissionForm):
    class Meta:
        model = Replication
        fields = ["adopting_unit", "state", "started_on", "adaptations"]
        widgets = {"started_on": DateInput(), "adaptations": forms.Textarea(attrs={"rows": 5})}

    def __init__(self, *args, exemplary_model, adopting_units, **kwargs):
        super().__init__(*args, **kwargs)
        self.instance.exemplary_model = exemplary_model
        self.fields["adopting_unit"].queryset = adopting_units.filter(
            Q(archived_at__isnull=True) | Q(pk=self.instance.adopting_unit_id)
        )
        self.fields["adopting_unit"].empty_label = None
        self.fields["adaptations"].help_text = MARKDOWN_HELP
        self.existing = None

    def clean_adopting_unit(self):
        unit = self.cleaned_data["adopting_unit"]
        already = Replication.objects.filter(
            exemplary_model=self.instance.exemplary_model, adopting_unit=unit
        ).exclude(pk=self.instance.pk)
        # The page then links to the record that exists, to update it instead.
        self.existing = already.first()
        if self.existing is not None:
            raise ValidationError(
                _("%(unit)s has already recorded that it replicates this model.") % {"unit": unit}
            )
        return unit


class ModelFilterForm(forms.Form):
    """The list's filters; unknown values are ignored rather than failing the page."""

    q = forms.CharField(label=_("Search"), required=False, max_length=200)
    unit = UnitChoiceField(label=_("Unit"), required=False, queryset=None)
    topic = ListedChoiceField(label=_("Topic"), required=False, queryset=None, to_field_name="slug")
    kind = forms.ChoiceField(label=_("Kind"), required=False)
    status = forms.ChoiceField(label=_("Status"), required=False)
    year = forms.TypedChoiceField(label=_("Start year"), required=False, coerce=int)
    sort = forms.ChoiceField(label=_("Sort by"), required=False)

    def __init__(self, *args, sorts, years, **kwargs):
        super().__init__(*args, **kwargs)
        everything = [("", _("All"))]
        self.fields["unit"].queryset = Unit.objects.all()
        self.fields["unit"].empty_label = _("All")
        self.fields["topic"].queryset = Topic.objects.all()
        self.fields["topic"].empty_label = _("All")
        self.fields["kind"].choices = everything + list(ModelKind.choices)
        self.fields["status"].choices = everything + list(ModelStatus.choices)
        self.fields["year"].choices = everything + [(year, str(year)) for year in years]
        self.fields["sort"].choices = sorts

    def filter_values(self) -> dict:
        """The valid values only: a bad one is reported beside its field and then ignored."""
        self.is_valid()
        return {name: value for name, value in self.cleaned_data.items() if value not in ("", None)}


class OneTypeUploadField(UploadField):
    """An upload of one type only, checked like every upload (size, real type) before it is
    read: the imports take a .docx or an .xlsx, nothing else."""

    def __init__(self, *, extension, **kwargs):
        self.extension = extension
        kwargs.setdefault("help_text", lazy(_one_type_help_text, str)(extension))
        super().__init__(**kwargs)
        self.widget.attrs["accept"] = extension

    def clean(self, data, initial=None):
        upload = forms.FileField.clean(self, data, initial)
        if not upload:
            return upload
        if not (upload.name or "").lower().endswith(self.extension):
            raise ValidationError(
                _("Choose a %(extension)s file.") % {"extension": self.extension},
                code="bad_type",
            )
        upload.file_type = inspect_upload(upload)
        return upload


def _one_type_help_text(extension) -> str:
    return gettext("A %(extension)s file, up to %(limit)s.") % {
        "extension": extension,
        "limit": filesizeformat(settings.ATTACHMENT_MAX_BYTES),
    }


class WordImportForm(forms.Form):
    """A write-up in Word: valid once it has been read into a draft (``self.draft``)."""

    file = OneTypeUploadField(extension=".docx", label=_("The write-up as a Word file"))

    def clean_file(self):
        upload = self.cleaned_data["file"]
        self.draft = read_word(upload)
        return upload


class ExcelImportForm(forms.Form):
    """A workbook of models: valid once its rows have been read (``self.rows``)."""

    file = OneTypeUploadField(extension=".xlsx", label=_("The workbook of models"))

    def clean_file(self):
        upload = self.cleaned_data["file"]
        self.rows = read_rows(upload)
        return upload


class TopicForm(OneSubmissionForm):
    name = forms.CharField(label=_("Name"), max_length=200)
    name_en = forms.CharField(
        label=_("Name in English"),
        max_length=200,
        required=False,
        help_text=_("Shown to readers of the English interface (the Vietnamese name if empty)."),
    )

    def topic_data(self) -> dict:
        return {"name": self.cleaned_data["name"], "name_en": self.cleaned_data["name_en"]}
