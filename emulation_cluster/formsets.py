"""From forms to plain data, and plain data to child rows: what keeps services free of forms.

A view turns a valid form into ``form_fields(form)`` and a valid formset into
``formset_rows(formset)``; a service writes them with ``rows_save``. The service can then be
called the same way from a command, an import or a test, with no form at all.
"""

from django.db import transaction

ROW_EXTRA_KEYS = ("id", "DELETE")


def form_fields(form) -> dict:
    """The cleaned values of a model form's own fields (not its extra, non-model fields)."""
    return {
        name: form.cleaned_data[name] for name in form._meta.fields if name in form.cleaned_data
    }


def formset_rows(formset) -> list[dict]:
    """Each row a valid inline formset changes: ``{"pk", "delete", "fields"}``.

    Untouched rows and new rows marked for deletion are left out.
    """
    owner_field = getattr(getattr(formset, "fk", None), "name", None)
    rows = []
    for form in formset.forms:
        delete = bool(formset.can_delete and form.cleaned_data.get("DELETE"))
        pk = form.instance.pk
        if (delete and pk is None) or not (form.has_changed() or delete):
            continue
        fields = {
            name: value
            for name, value in form.cleaned_data.items()
            if name not in ROW_EXTRA_KEYS and name != owner_field
        }
        rows.append({"pk": pk, "delete": delete, "fields": fields})
    return rows


@transaction.atomic
def rows_save(model_class, rows, *, owner_field: str, owner, many_to_many=()) -> None:
    """Create, change or delete the child rows of ``owner`` (only its own: a pk of another's is
    ignored)."""
    mine = model_class.objects.filter(**{owner_field: owner})
    for row in rows:
        if row["delete"]:
            mine.filter(pk=row["pk"]).delete()
            continue
        values = {k: v for k, v in row["fields"].items() if k not in many_to_many}
        if row["pk"] is None:
            child = model_class(**{owner_field: owner}, **values)
        else:
            child = mine.filter(pk=row["pk"]).first()
            if child is None:
                continue
            for name, value in values.items():
                setattr(child, name, value)
        child.save()
        for name in many_to_many:
            if name in row["fields"]:
                getattr(child, name).set(row["fields"][name])
