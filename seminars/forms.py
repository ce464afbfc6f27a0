import datetime

from django import forms
from django.contrib.auth import get_user_model
from django.core.exceptions import ValidationError
from django.db.models import Q
from django.forms import inlineformset_factory, modelformset_factory
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from emulation_cluster.dates import local_datetime
from emulation_cluster.models import Unit
from emulation_cluster.submissions import OneSubmissionForm
from models_registry.forms import MARKDOWN_HELP, UploadField
from models_registry.models import ExemplaryModel
from seminars.enums import Attendance, Reply
from seminars.models import AgendaItem, Lesson, Seminar, SeminarInvitation, Solution
from seminars.services import overlapping_seminars

AGENDA_STEP = datetime.timedelta(minutes=15)


class DateTimeInput(forms.DateTimeInput):
    input_type = "datetime-local"

    def __init__(self, **kwargs):
        super().__init__(format="%Y-%m-%dT%H:%M", **kwargs)


class SeminarForm(forms.ModelForm, OneSubmissionForm):
    online_url = forms.URLField(
        label=_("Online meeting link"), max_length=500, required=False, assume_scheme="https"
    )
    chair_email = forms.EmailField(
        label=_("Chair's portal account (optional)"),
        required=False,
        help_text=_("The email the chair logs in with, if the chair uses the portal."),
    )
    confirm_overlap = forms.BooleanField(
        label=_("Save anyway: the host unit holds both seminars"), required=False
    )

    class Meta:
        model = Seminar
        fields = [
            "title",
            "host_unit",
            "starts_at",
            "ends_at",
            "venue",
            "online_url",
            "chair_name",
            "description",
            "reply_deadline",
        ]
        widgets = {
            "starts_at": DateTimeInput(),
            "ends_at": DateTimeInput(),
            "reply_deadline": DateTimeInput(),
            "description": forms.Textarea(attrs={"rows": 6}),
        }

    def __init__(self, *args, host_units, **kwargs):
        super().__init__(*args, **kwargs)
        # An archived unit hosts no new seminar; one it hosted keeps it.
        self.fields["host_unit"].queryset = host_units.filter(
            Q(archived_at__isnull=True) | Q(pk=self.instance.host_unit_id)
        )
        self.fields["host_unit"].empty_label = None
        self.fields["description"].help_text = MARKDOWN_HELP
        self.fields["starts_at"].help_text = _("Vietnam time (UTC+7).")
        self.fields["online_url"].widget.attrs["placeholder"] = "https://"
        if self.instance.chair_user_id:
            self.fields["chair_email"].initial = self.instance.chair_user.email
        self.overlaps = []

    def clean_chair_email(self):
        email = self.cleaned_data["chair_email"].strip()
        if not email:
            self.instance.chair_user = None
            return email
        user = get_user_model().objects.filter(email__iexact=email, is_active=True).first()
        if user is None:
            raise ValidationError(
                _("No portal account uses this email; leave it empty and write the chair's name.")
            )
        self.instance.chair_user = user
        return email

    def clean(self):
        cleaned = super().clean()
        host_unit = cleaned.get("host_unit")
        if host_unit is not None:
            self.instance.cluster_id = host_unit.cluster_id
        starts_at, ends_at = cleaned.get("starts_at"), cleaned.get("ends_at")
        moved = self.instance.pk is None or "starts_at" in self.changed_data
        if starts_at and moved and starts_at <= timezone.now():
            self.add_error(
                "starts_at",
                ValidationError(
                    _("This start (%(when)s) is already past: a seminar is planned ahead.")
                    % {"when": local_datetime(starts_at)},
                    code="past",
                ),
            )
        if host_unit is not None and starts_at and ends_at and ends_at > starts_at:
            probe = Seminar(
                pk=self.instance.pk, host_unit=host_unit, starts_at=starts_at, ends_at=ends_at
            )
            self.overlaps = list(overlapping_seminars(probe)[:5])
            if self.overlaps and not cleaned.get("confirm_overlap"):
                first = self.overlaps[0]
                self.add_error(
                    None,
                    ValidationError(
                        _(
                            "%(unit)s already holds “%(title)s” at an overlapping time "
                            "(%(when)s). Check the time, or tick “Save anyway” to keep both."
                        )
                        % {"unit": host_unit, "title": first.title, "when": first.when},
                        code="overlap",
                    ),
                )
        return cleaned


class AgendaItemForm(forms.ModelForm, OneSubmissionForm):
    class Meta:
        model = AgendaItem
        fields = [
            "starts_at",
            "kind",
            "title",
            "presenting_unit",
            "speaker",
            "exemplary_model",
            "is_guest_presentation",
        ]
        widgets = {"starts_at": DateTimeInput()}

    def __init__(self, *args, seminar, user, **kwargs):
        super().__init__(*args, **kwargs)
        self.instance.seminar = seminar
        self.fields["presenting_unit"].queryset = Unit.objects.filter(
            Q(archived_at__isnull=True, cluster=seminar.cluster_id)
            | Q(pk=self.instance.presenting_unit_id)
        )
        models = ExemplaryModel.objects.listed_for(user)
        if self.instance.exemplary_model_id:
            models = ExemplaryModel.objects.filter(pk=self.instance.exemplary_model_id) | models
        self.fields["exemplary_model"].queryset = models.select_related("owner_unit").order_by(
            "title_sort_key"
        )
        self.fields["exemplary_model"].label_from_instance = lambda model: (
            f"{model.title} ({model.owner_unit.short_name})"
        )
        self.fields["exemplary_model"].help_text = _(
            "For a presentation: the model presented. Its page will list this seminar."
        )
        self.fields["starts_at"].help_text = _("Within the seminar's hours: %(when)s.") % {
            "when": seminar.when
        }
        if self.instance.pk is None and not self.is_bound:
            last = seminar.agenda_items.order_by("-starts_at").first()
            start = last.starts_at + AGENDA_STEP if last else seminar.starts_at
            if start >= seminar.ends_at:
                start = seminar.starts_at
            self.initial.setdefault("starts_at", start)


class InvitationForm(forms.Form):
    units = forms.ModelMultipleChoiceField(
        label=_("Units to invite"),
        queryset=Unit.objects.none(),
        widget=forms.CheckboxSelectMultiple,
        required=False,
    )

    def __init__(self, *args, seminar, term=None, **kwargs):
        super().__init__(*args, **kwargs)
        self.term = term
        # The "invite all member units" button sends ``all``: the term's members, ticked or not.
        self.invite_all = "all" in self.data
        # The host unit organizes: it is not invited to its own seminar.
        self.fields["units"].queryset = (
            Unit.objects.active()
            .filter(cluster=seminar.cluster_id)
            .exclude(id__in=seminar.invitations.values("unit_id"))
            .exclude(id=seminar.host_unit_id)
        )
        self.seminar = seminar

    def clean_units(self):
        units = self.cleaned_data["units"]
        if not units and not self.invite_all:
            raise ValidationError(_("Tick at least one unit, or invite all member units."))
        return units

    def clean(self):
        cleaned = super().clean()
        if self.invite_all:
            if self.term is None:
                raise ValidationError(
                    _("The cluster has no term for this year: tick the units instead.")
                )
            members = self.term.member_units.active()
            cleaned["units"] = list(members.exclude(id=self.seminar.host_unit_id))
        return cleaned


REPLY_FIELDS = ("reply", "delegation_size", "delegation_names")


class ReplyForm(forms.Form):
    unit = forms.ModelChoiceField(label=_("Replying for"), queryset=Unit.objects.none())
    reply = forms.ChoiceField(label=_("Reply"), choices=Reply.choices, widget=forms.RadioSelect)
    delegation_size = forms.IntegerField(
        label=_("Number of delegates"), min_value=1, max_value=200, required=False
    )
    delegation_names = forms.CharField(
        label=_("Delegation"),
        required=False,
        max_length=5000,
        widget=forms.Textarea(attrs={"rows": 4}),
        help_text=_("Rank, name and position of each delegate, one a line."),
    )

    def __init__(self, *args, seminar, units, **kwargs):
        super().__init__(*args, **kwargs)
        self.seminar = seminar
        self.invitation = None
        self.fields["unit"].queryset = units
        self.fields["unit"].empty_label = None

    def clean_unit(self):
        unit = self.cleaned_data["unit"]
        self.invitation = (
            SeminarInvitation.objects.filter(seminar=self.seminar, unit=unit)
            .select_related("seminar", "unit")
            .first()
        )
        if self.invitation is None:
            raise ValidationError(
                _(
                    "%(unit)s was not invited to this seminar: only invited units reply. Ask "
                    "the organizer (%(host)s) if your unit should take part."
                )
                % {"unit": unit, "host": self.seminar.host_unit}
            )
        return unit

    def clean(self):
        cleaned = super().clean()
        if cleaned.get("reply") == Reply.ATTENDING and not cleaned.get("delegation_size"):
            self.add_error("delegation_size", _("Say how many delegates will come."))
        if cleaned.get("reply") == Reply.NOT_ATTENDING:
            cleaned["delegation_size"] = None
            cleaned["delegation_names"] = ""
        return cleaned

    def reply_data(self) -> dict:
        """What ``services.invitation_reply`` takes, from the cleaned form."""
        return {name: self.cleaned_data[name] for name in REPLY_FIELDS}


class AttendanceForm(forms.ModelForm):
    attendance = forms.ChoiceField(
        label=_("Attendance"),
        choices=[("", _("Not marked")), *Attendance.choices],
        required=False,
        widget=forms.RadioSelect,
    )

    class Meta:
        model = SeminarInvitation
        fields = ["attendance"]


AttendanceFormSet = modelformset_factory(
    SeminarInvitation, form=AttendanceForm, extra=0, edit_only=True
)


class OutcomeForm(forms.ModelForm):
    class Meta:
        model = Seminar
        fields = ["minutes", "questions_and_answers"]
        widgets = {
            "minutes": forms.Textarea(attrs={"rows": 10}),
            "questions_and_answers": forms.Textarea(attrs={"rows": 8}),
        }

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["minutes"].help_text = MARKDOWN_HELP
        self.fields["questions_and_answers"].help_text = _(
            "The questions units asked of each other and the answers given. Markdown."
        )


class FindingForm(forms.ModelForm):
    """A lesson or a solution, with the models it concerns (among those presented)."""

    def __init__(self, *args, presented_models, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["exemplary_models"].label_from_instance = lambda model: model.title
        self.fields["exemplary_models"].queryset = presented_models


def _finding_formset(model):
    return inlineformset_factory(
        Seminar,
        model,
        form=FindingForm,
        fields=["text", "exemplary_models"],
        widgets={
            "text": forms.Textarea(attrs={"rows": 3}),
            "exemplary_models": forms.CheckboxSelectMultiple,
        },
        extra=2,
        max_num=50,
        validate_max=True,
        can_delete=True,
    )


LessonFormSet = _finding_formset(Lesson)
SolutionFormSet = _finding_formset(Solution)


class MaterialForm(OneSubmissionForm):
    title = forms.CharField(label=_("Title of the document"), max_length=200)
    file = UploadField(label=_("File"))
    agenda_item = forms.ModelChoiceField(
        label=_("For the agenda item"), queryset=AgendaItem.objects.none(), required=False
    )

    def __init__(self, *args, seminar, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["agenda_item"].queryset = seminar.agenda_items.order_by("position")
        self.fields["agenda_item"].empty_label = _("The seminar as a whole")

    def material_data(self) -> dict:
        """What ``services.material_create`` takes, from the cleaned form."""
        upload = self.cleaned_data["file"]
        return {
            "agenda_item": self.cleaned_data["agenda_item"],
            "title": self.cleaned_data["title"],
            "upload": upload,
            "file_type": upload.file_type,
        }


class SeminarExportForm(forms.Form):
    """What the seminars' export reads from its address: upcoming or past, and a year."""

    PERIODS = {"sap-toi": "upcoming", "da-dien-ra": "past"}

    period = forms.ChoiceField(
        label=_("Period"),
        required=False,
        choices=[("", _("All")), ("sap-toi", _("Upcoming")), ("da-dien-ra", _("Past"))],
    )
    year = forms.IntegerField(label=_("Year"), required=False, min_value=2000, max_value=2100)

    def __init__(self, query):
        super().__init__({"period": query.get("thoi-gian", ""), "year": query.get("nam", "")})

    def filters(self) -> dict:
        """``period`` and ``year`` as ``selectors.seminars_for_export`` takes them."""
        period = self.cleaned_data["period"]
        return {"period": self.PERIODS.get(period, ""), "year": self.cleaned_data["year"]}

    def refusal(self) -> str:
        """Why the address was refused, in a sentence (with what was typed)."""
        return " ".join(
            f"{self.fields[name].label} “{str(self.data[name])[:20]}”: {' '.join(errors)}"
            for name, errors in self.errors.items()
        )
