"""The administration's forms: they check what was typed and hand plain data to the services
(which check the rules of the tree and of the terms, and say why on the field)."""

from django import forms
from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from emulation_cluster.administration.terms import FIRST_YEAR, LAST_YEAR
from emulation_cluster.enums import UnitKind
from emulation_cluster.models import Unit
from emulation_cluster.submissions import OneSubmissionForm


class UnitChoiceField(forms.ModelChoiceField):
    """A unit chosen by its address, shown with its kind's place in the tree."""

    def __init__(self, **kwargs):
        kwargs.setdefault("to_field_name", "slug")
        super().__init__(**kwargs)

    def label_from_instance(self, unit):
        return f"— {unit.name}" if unit.parent_id else unit.name


def parent_choices(*, exclude=None):
    """Units that may hold others (cities and districts) and are not archived."""
    units = Unit.objects.active().filter(kind__in=[UnitKind.CITY, UnitKind.DISTRICT])
    if exclude is not None:
        units = units.exclude(pk=exclude.pk)
    return units.order_by("city", "kind", "name_sort_key")


def member_choices(term=None):
    """The units a term may name: cities not archived, and those the term already names."""
    keep = Q(archived_at__isnull=True)
    if term is not None and term.pk:
        keep |= Q(cluster_terms=term) | Q(pk=term.head_unit_id) | Q(pk=term.deputy_unit_id)
    return Unit.objects.filter(keep, parent__isnull=True).distinct()


class TermForm(OneSubmissionForm):
    cluster = forms.ModelChoiceField(label=_("Cluster"), queryset=None, empty_label=None)
    year = forms.IntegerField(
        label=_("Year"),
        min_value=FIRST_YEAR,
        max_value=LAST_YEAR,
        # Text, not a number input: a browser empties a number input it cannot read, and the
        # page must show back what was typed.
        widget=forms.TextInput(attrs={"inputmode": "numeric", "maxlength": 4, "size": 6}),
    )
    head_unit = UnitChoiceField(label=_("Cluster head"), queryset=None)
    deputy_unit = UnitChoiceField(
        label=_("Cluster deputy"), queryset=None, required=False, empty_label=_("(none)")
    )
    member_units = forms.ModelMultipleChoiceField(
        label=_("Member units"),
        queryset=None,
        to_field_name="slug",
        widget=forms.CheckboxSelectMultiple,
    )

    def __init__(self, *args, clusters, term=None, **kwargs):
        if term is not None:
            kwargs["initial"] = {
                "cluster": term.cluster_id,
                "year": term.year,
                "head_unit": term.head_unit.slug,
                "deputy_unit": term.deputy_unit.slug if term.deputy_unit else None,
                "member_units": [unit.slug for unit in term.member_units.all()],
            }
        super().__init__(*args, **kwargs)
        self.fields["cluster"].queryset = clusters
        if clusters.count() == 1:
            self.fields["cluster"].widget = forms.HiddenInput()
        units = member_choices(term)
        for name in ("head_unit", "deputy_unit", "member_units"):
            self.fields[name].queryset = units
        self.fields["year"].help_text = _("From %(first)s to %(last)s.") % {
            "first": FIRST_YEAR,
            "last": LAST_YEAR,
        }

    def term_data(self) -> dict:
        return {
            name: self.cleaned_data[name]
            for name in ("cluster", "year", "head_unit", "deputy_unit", "member_units")
        }


class UnitNameForm(forms.Form):
    name = forms.CharField(label=_("Full name"), max_length=200)
    short_name = forms.CharField(
        label=_("Short name"), max_length=80, help_text=_("E.g. “CAP Xuân Hà”.")
    )
    city = forms.CharField(label=_("City"), max_length=80)

    def unit_data(self) -> dict:
        return dict(self.cleaned_data)


class UnitCreateForm(UnitNameForm, OneSubmissionForm):
    parent = UnitChoiceField(label=_("Under the unit"), queryset=None, required=False)
    kind = forms.ChoiceField(label=_("Kind"), choices=UnitKind.choices, initial=UnitKind.WARD)
    slug = forms.SlugField(
        label=_("Address in the portal"),
        max_length=80,
        required=False,
        help_text=_("Letters without accents, digits and “-”. Empty: made from the short name."),
    )
    field_order = ["parent", "kind", "name", "short_name", "city", "slug"]

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["parent"].queryset = parent_choices()
        self.fields["parent"].empty_label = _("(none: a city police department)")
        self.fields["city"].required = False
        self.fields["city"].help_text = _("Empty: the city of the unit above.")

    def unit_data(self) -> dict:
        return {
            name: self.cleaned_data[name]
            for name in ("parent", "kind", "name", "short_name", "city", "slug")
        }


class UnitMoveForm(forms.Form):
    parent = UnitChoiceField(label=_("New unit above"), queryset=None, empty_label=None)

    def __init__(self, *args, unit, **kwargs):
        super().__init__(*args, **kwargs)
        # Every unit that may hold others: the service says why one of them is refused.
        self.fields["parent"].queryset = parent_choices()
        if unit.parent_id and not self.is_bound:
            self.initial["parent"] = unit.parent.slug


class PartnerForm(OneSubmissionForm):
    name = forms.CharField(label=_("Name"), max_length=200)
    city = forms.CharField(label=_("City"), max_length=80, required=False)
    description = forms.CharField(
        label=_("Description"),
        max_length=5000,
        required=False,
        widget=forms.Textarea(attrs={"rows": 4}),
    )

    def partner_data(self) -> dict:
        return {name: self.cleaned_data[name] for name in ("name", "city", "description")}
