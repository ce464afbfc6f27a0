"""A model choice field that reads its rows once for the form.

Django's ``ModelChoiceField`` reads its queryset twice on a page that was sent a value: once to
check the value (``queryset.get``) and once more to write the options (``queryset.iterator()``).
This field lists the rows once and both the check and the options use that list: one query a
filter fewer on every filtered list page.
"""

from django import forms
from django.core.exceptions import ValidationError
from django.forms.models import ModelChoiceIterator


class _ListedChoices(ModelChoiceIterator):
    def __iter__(self):
        if self.field.empty_label is not None:
            yield ("", self.field.empty_label)
        for row in self.field.rows():
            yield self.choice(row)

    def __len__(self):
        return len(self.field.rows()) + (self.field.empty_label is not None)


class ListedChoiceField(forms.ModelChoiceField):
    iterator = _ListedChoices

    def rows(self) -> list:
        """The queryset's rows, read once (again only if the queryset is replaced)."""
        queryset = self.queryset
        if getattr(self, "_rows_of", None) is not queryset:
            self._rows_of, self._rows = queryset, list(queryset)
        return self._rows

    def to_python(self, value):
        if value in self.empty_values:
            return None
        key = self.to_field_name or "pk"
        found = next((row for row in self.rows() if str(getattr(row, key)) == str(value)), None)
        if found is None:
            message = self.error_messages["invalid_choice"]
            raise ValidationError(message, code="invalid_choice", params={"value": value})
        return found
