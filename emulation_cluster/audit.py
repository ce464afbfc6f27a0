"""The audit log: every write that matters is recorded with who, when, what, before and after."""

import datetime

from django.contrib.contenttypes.models import ContentType
from django.db import models
from django.utils import timezone

from emulation_cluster.models import AuditEntry


def _plain(value):
    """A JSON-friendly, human-readable form of a field value."""
    if value is None or isinstance(value, bool | int | float | str):
        return value
    if isinstance(value, models.Model):
        return str(value)
    if isinstance(value, datetime.datetime) and timezone.is_aware(value):
        # The reader's time of day, to the minute (not "2026-12-03 13:58:38.008812+00:00").
        return timezone.localtime(value).strftime("%d/%m/%Y %H:%M")
    if isinstance(value, list | tuple | set):
        return [_plain(item) for item in value]
    return str(value)


def snapshot(instance, fields) -> dict:
    """Field values of ``instance`` (many-to-many fields as sorted names)."""
    values = {}
    for name in fields:
        field = instance._meta.get_field(name)
        if field.many_to_many:
            values[name] = sorted(str(item) for item in getattr(instance, name).all())
        elif field.is_relation:
            values[name] = _plain(getattr(instance, name))
        else:
            values[name] = _plain(getattr(instance, name))
    return values


def diff(before: dict, after: dict) -> dict:
    """``{field: [before, after]}`` for the fields whose value changed."""
    return {
        name: [before.get(name), value]
        for name, value in after.items()
        if before.get(name) != value
    }


def record(*, actor, action, target, subject=None, unit=None, changes=None, note=""):
    subject = subject or target
    if actor is not None and not actor.is_authenticated:
        actor = None
    return AuditEntry.objects.create(
        actor=actor,
        action=action,
        target_type=ContentType.objects.get_for_model(target),
        target_id=target.pk,
        target_repr=str(target)[:300],
        subject_type=ContentType.objects.get_for_model(subject),
        subject_id=subject.pk,
        unit=unit,
        changes=changes or {},
        note=note[:500],
    )


def history_of(subject):
    return AuditEntry.objects.filter(
        subject_type=ContentType.objects.get_for_model(subject), subject_id=subject.pk
    ).select_related("actor", "target_type")
