"""Rows written by COPY exactly as ``Model.save()`` would have written them, and the proof.

``CopyWriter`` turns model instances (or plain dicts, for models whose ``save()`` Django's own)
into COPY rows: each instance first goes through its model's real ``save()`` with ``save_base``
replaced by a no-op, so whatever ``save()`` fills (folded search text, sort keys, anything added
later) is filled by the application's own code, then every concrete column is adapted with the
field's ``get_db_prep_save``. ``assert_rows_as_saved`` then checks a sample of the written rows:
saved again through the ORM in a transaction rolled back, not one column may change.
"""

from contextlib import contextmanager
from unittest import mock

from django.db import connection, models, transaction
from django.utils import timezone


class Rollback(Exception):
    pass


def has_own_save(model_class) -> bool:
    return model_class.save is not models.Model.save


@contextmanager
def saves_without_writing(model_class):
    """``instance.save()`` runs the model's fill logic but writes nothing."""
    with mock.patch.object(model_class, "save_base", lambda self, *args, **kwargs: None):
        yield


class CopyWriter:
    """COPY rows into ``model_class``'s table, ids assigned here (the sequence is set after)."""

    def __init__(self, model_class):
        self.model_class = model_class
        meta = model_class._meta
        self.fields = [field for field in meta.concrete_fields if not field.generated]
        self.table = meta.db_table
        self.next_id = self._max_id() + 1
        self.written = 0

    def _max_id(self) -> int:
        with connection.cursor() as cursor:
            cursor.execute(f'SELECT coalesce(max(id), 0) FROM "{self.table}"')
            return cursor.fetchone()[0]

    def take_id(self) -> int:
        self.next_id += 1
        return self.next_id - 1

    def _defaults(self):
        """Each field's default; now for timestamps Django sets on save (``auto_now(_add)``)."""
        now = timezone.now()
        # get_default() is also "" for text without a default, as the ORM writes it.
        defaults = {field.attname: field.get_default() for field in self.fields}
        for field in self.fields:
            if getattr(field, "auto_now", False) or getattr(field, "auto_now_add", False):
                defaults[field.attname] = now
        return defaults

    def rows_from_instances(self, instances):
        """Instances through the model's own ``save()`` (nothing written), as COPY tuples."""
        fields = self.fields
        prep = [field.get_db_prep_save for field in fields]
        names = [field.attname for field in fields]
        stamps = self._defaults()
        stamped = [
            field.attname
            for field in fields
            if getattr(field, "auto_now", False) or getattr(field, "auto_now_add", False)
        ]
        with saves_without_writing(self.model_class):
            for instance in instances:
                instance.save()
                for name in stamped:
                    if getattr(instance, name) is None:
                        setattr(instance, name, stamps[name])
                yield tuple(
                    p(getattr(instance, name), connection)
                    for p, name in zip(prep, names, strict=True)
                )

    def rows_from_dicts(self, dicts):
        """For models whose ``save()`` is Django's own: dicts of attnames, defaults for the rest."""
        if has_own_save(self.model_class):
            raise TypeError(f"{self.model_class.__name__} has its own save(): use instances")
        defaults = self._defaults()
        fields = [(field.attname, field.get_db_prep_save) for field in self.fields]
        pk = self.model_class._meta.pk.attname
        for values in dicts:
            if pk not in values:
                values[pk] = self.take_id()
            yield tuple(
                p(values[name] if name in values else defaults.get(name), connection)
                for name, p in fields
            )

    def copy(self, rows):
        columns = ", ".join(f'"{field.column}"' for field in self.fields)
        count = 0
        statement = f'COPY "{self.table}" ({columns}) FROM STDIN'
        with connection.cursor() as cursor, cursor.cursor.copy(statement) as copy:
            for row in rows:
                copy.write_row(row)
                count += 1
        self.written += count
        return count

    def write(self, items):
        """COPY instances (or dicts, see ``rows_from_dicts``); returns how many rows."""
        items = list(items)
        if not items:
            return 0
        if isinstance(items[0], dict):
            return self.copy(self.rows_from_dicts(items))
        return self.copy(self.rows_from_instances(items))

    def finish(self):
        """Move the id sequence past the ids given here."""
        with connection.cursor() as cursor:
            cursor.execute(
                f"SELECT setval(pg_get_serial_sequence('\"{self.table}\"', 'id'),"
                f' (SELECT coalesce(max(id), 1) FROM "{self.table}"))'
            )


def sample_ids(model_class, count, seed=1) -> list[int]:
    """``count`` ids spread over the whole table, the same ones for the same ``seed``."""
    with connection.cursor() as cursor:
        cursor.execute(
            f'SELECT id FROM "{model_class._meta.db_table}" ORDER BY md5(id::text || %s) LIMIT %s',
            [str(seed), count],
        )
        return [row[0] for row in cursor.fetchall()]


def _columns(instance, fields):
    return {field.attname: getattr(instance, field.attname) for field in fields}


def assert_rows_as_saved(model_class, sample_size=25, seed=1):
    """A sample of ``model_class``'s rows saved again with ``save()`` changes no column.

    Run in a transaction that is rolled back. ``auto_now`` columns are left out (saving sets
    them to now). Raises ``AssertionError`` naming the model, the row and the columns.
    """
    fields = [
        field
        for field in model_class._meta.concrete_fields
        if not getattr(field, "auto_now", False)
    ]
    picked = sample_ids(model_class, sample_size, seed)
    checked = 0
    try:
        with transaction.atomic():
            for pk in picked:
                instance = model_class._base_manager.get(pk=pk)
                written = _columns(instance, fields)
                instance.save()
                instance.refresh_from_db()
                saved = _columns(instance, fields)
                changed = [name for name in written if written[name] != saved[name]]
                assert not changed, (
                    f"{model_class.__name__} {pk}: save() changes {changed}: the generator"
                    f" must fill them as save() does ({[written[n] for n in changed]!r} →"
                    f" {[saved[n] for n in changed]!r})"
                )
                checked += 1
            raise Rollback
    except Rollback:
        pass
    return checked
