"""The audit page's filters: unit (with its sub-units), person, kind, action and dates.

A value that cannot be read (``?unit=abc``, ``?from=32/13/2026``, a name of 5,000 characters)
is reported beside its field and left out: the page still shows the log, never an error page.
"""

import datetime
from dataclasses import dataclass

from django import forms
from django.contrib.contenttypes.models import ContentType
from django.core.exceptions import ValidationError
from django.db.models import Q
from django.utils import timezone
from django.utils.text import capfirst
from django.utils.translation import gettext_lazy as _

from emulation_cluster.enums import AuditAction
from emulation_cluster.models import AuditEntry, Unit
from emulation_cluster.unit_choices import UnitChoiceField
from emulation_cluster.vietnamese import sort_key

PERSON_MAX_LENGTH = 200
# Dates outside these years are typing mistakes (and 0001 or 9999 would overflow a time zone).
FIRST_YEAR, LAST_YEAR = 2000, 2100


@dataclass(frozen=True)
class AuditFilters:
    unit: Unit | None = None
    person: str = ""
    kind: ContentType | None = None
    action: str = ""
    since: datetime.datetime | None = None  # the first moment of the "from" day, local time
    until: datetime.datetime | None = None  # the first moment after the "to" day

    @property
    def active(self) -> bool:
        return any((self.unit, self.person, self.kind, self.action, self.since, self.until))


def _kind_value(content_type) -> str:
    return f"{content_type.app_label}.{content_type.model}"


def logged_kinds() -> list[ContentType]:
    """The kinds of things the log has entries about (one query), by their names."""
    used = Q(pk__in=AuditEntry.objects.values("target_type")) | Q(
        pk__in=AuditEntry.objects.values("subject_type")
    )
    kinds = [kind for kind in ContentType.objects.filter(used) if kind.model_class()]
    return sorted(kinds, key=lambda kind: sort_key(str(kind.model_class()._meta.verbose_name)))


def _kind_label(content_type) -> str:
    return capfirst(content_type.model_class()._meta.verbose_name)


class DayField(forms.DateField):
    """A day typed as 25/12/2026 (the locale's input formats) or 2026-12-25."""

    widget = forms.TextInput(attrs={"inputmode": "numeric", "placeholder": "dd/mm/yyyy"})

    def validate(self, value):
        super().validate(value)
        if value and not FIRST_YEAR <= value.year <= LAST_YEAR:
            raise ValidationError(
                _("Enter a date between the years %(first)d and %(last)d."),
                params={"first": FIRST_YEAR, "last": LAST_YEAR},
            )


def _start_of(day) -> datetime.datetime:
    return timezone.make_aware(datetime.datetime.combine(day, datetime.time.min))


class AuditFilterForm(forms.Form):
    unit = UnitChoiceField(
        label=_("Unit"),
        required=False,
        queryset=Unit.objects.all(),
        help_text=_("Its sub-units are included."),
    )
    person = forms.CharField(
        label=_("Person"),
        required=False,
        max_length=PERSON_MAX_LENGTH,
        help_text=_("Part of a name or an email address."),
    )
    kind = forms.ChoiceField(label=_("About"), required=False)
    action = forms.ChoiceField(label=_("Action"), required=False)
    date_from = DayField(label=_("From"), required=False)
    date_to = DayField(label=_("To"), required=False)

    def __init__(self, *args, kinds, **kwargs):
        super().__init__(*args, **kwargs)
        self.kinds = {_kind_value(kind): kind for kind in kinds}
        self.fields["unit"].empty_label = _("All units")
        everything = [("", _("Everything"))]
        self.fields["kind"].choices = everything + [
            (value, _kind_label(kind)) for value, kind in self.kinds.items()
        ]
        self.fields["action"].choices = [("", _("Every action")), *AuditAction.choices]

    def clean(self):
        data = super().clean()
        start, end = data.get("date_from"), data.get("date_to")
        if start and end and start > end:
            # Both days are left out: which one is the mistake is the reader's to say.
            data.pop("date_from"), data.pop("date_to")
            raise ValidationError(
                _("The start date %(start)s is after the end date %(end)s."),
                params={"start": self["date_from"].value(), "end": self["date_to"].value()},
            )
        return data

    def filters(self) -> AuditFilters:
        """The values that could be read; the others stay on the form as errors."""
        if not self.is_bound:
            return AuditFilters()
        self.is_valid()
        data = self.cleaned_data
        start, end = data.get("date_from"), data.get("date_to")
        return AuditFilters(
            unit=data.get("unit"),
            person=(data.get("person") or "").strip(),
            kind=self.kinds.get(data.get("kind") or ""),
            action=data.get("action") or "",
            since=_start_of(start) if start else None,
            until=_start_of(end + datetime.timedelta(days=1)) if end else None,
        )
