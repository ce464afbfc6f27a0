"""Small related sets read inside their parent's row, and made into instances for the page.

A page that shows a few rows of several relations (a model's topics and files, a seminar's
lessons and the models they concern) paid a query per relation with ``prefetch_related``: six
or seven on one page, each a round trip. ``rows_array`` reads such a set as a JSON array column
of the parent's own query; ``instances`` makes model instances of those rows again, each value
through its field's ``to_python``, so that templates and rules read them as usual. For sets a
page shows whole (tens of rows), never for lists that page.
"""

from django.contrib.postgres.expressions import ArraySubquery
from django.db.models import F
from django.db.models.functions import JSONObject


def rows_array(queryset, *fields, **expressions) -> ArraySubquery:
    """The rows of ``queryset`` (in its order) as an array of JSON objects of ``fields`` (field
    names or attnames, ``owner_unit_id``) and ``expressions`` (e.g. a nested ``rows_array``)."""
    row = JSONObject(**{name: F(name) for name in fields}, **expressions)
    return ArraySubquery(queryset.values(row=row))


def instances(model_class, rows, **attributes) -> list:
    """Instances of ``model_class`` from ``rows_array`` rows (as if read from the database);
    keys that are not fields (a nested array) are set as they are, as are ``attributes``."""
    fields = {field.attname: field for field in model_class._meta.concrete_fields}
    made = []
    for row in rows or ():
        values = {name: fields[name].to_python(v) for name, v in row.items() if name in fields}
        instance = model_class(**values, **attributes)
        instance._state.adding = False
        instance._state.db = "default"
        for name, value in row.items():
            if name not in fields:
                setattr(instance, name, value)
        made.append(instance)
    return made
