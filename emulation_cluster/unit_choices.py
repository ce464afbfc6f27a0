"""A unit select that lists every unit of the cluster (400 and more), grouped by city.

Django's ``Select`` builds a dict and renders a template for each option: with 423 units that
was about 115 ms of every model-list page. ``UnitSelect`` writes the same ``<select>`` in one
pass over the units, each city's units under an ``<optgroup>`` (the city police department
first, then its units in Vietnamese order), so that a long list reads by city with the keyboard
and a screen reader alike. The field still checks the value against its queryset.
"""

from itertools import groupby

from django import forms
from django.forms.utils import flatatt
from django.utils.html import format_html, format_html_join

from emulation_cluster.choice_fields import ListedChoiceField
from emulation_cluster.enums import UnitKind
from emulation_cluster.vietnamese import sort_key


class UnitSelect(forms.Select):
    """The options of a ``UnitChoiceField``, grouped by city, written without a widget a row."""

    def render(self, name, value, attrs=None, renderer=None):
        field = self.choices.field
        chosen = {str(v) for v in self.format_value(value)}
        final_attrs = self.build_attrs(self.attrs, attrs)
        options = []
        if field.empty_label is not None:
            options.append(_option("", field.empty_label, "" in chosen))
        units = field.units() if hasattr(field, "units") else list(field.queryset)
        for city, rows in _by_city(units):
            html = format_html_join(
                "",
                "{}",
                (
                    (_option(key, field.label_from_instance(unit), key in chosen),)
                    for unit in rows
                    for key in [str(field.prepare_value(unit))]
                ),
            )
            options.append(format_html('<optgroup label="{}">{}</optgroup>', city, html))
        return format_html(
            '<select name="{}"{}>{}</select>',
            name,
            flatatt(final_attrs),
            format_html_join("", "{}", ((option,) for option in options)),
        )


def _option(value, label, selected):
    if selected:
        return format_html('<option value="{}" selected>{}</option>', value, label)
    return format_html('<option value="{}">{}</option>', value, label)


def _by_city(queryset):
    """(city, its units) in Vietnamese order of the cities; the city police first in each."""
    units = sorted(
        queryset,
        key=lambda unit: (sort_key(unit.city), unit.kind != UnitKind.CITY, unit.name_sort_key),
    )
    return ((city, list(rows)) for city, rows in groupby(units, key=lambda unit: unit.city))


class UnitChoiceField(ListedChoiceField):
    """A unit chosen by its address (slug) from a select grouped by city. The units are read
    once for the form: the check of the value and the options use the same rows."""

    widget = UnitSelect

    def __init__(self, **kwargs):
        kwargs.setdefault("to_field_name", "slug")
        super().__init__(**kwargs)

    def units(self) -> list:
        return self.rows()


def grouped_by_city(field: forms.ModelChoiceField) -> forms.ModelChoiceField:
    """Give a model form's unit field (valued by id) the grouped select."""
    widget = UnitSelect(attrs=field.widget.attrs)
    widget.choices = field.choices
    field.widget = widget
    return field
