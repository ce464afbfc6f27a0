"""An audit entry's changes as people read them, the same on every history page.

The log stores what ``audit.snapshot`` made of each value: plain JSON, with datetimes as
``str(datetime)`` in UTC (``2026-12-02 21:06:00.909822+00:00``) and choices as their stored
value. Here they become the reader's words: local times in the locale's format, choice labels,
Có/Không, “–” for nothing, long texts cut.
"""

import datetime
import re
from dataclasses import dataclass

from django.core.exceptions import FieldDoesNotExist
from django.utils import formats, timezone
from django.utils.text import Truncator
from django.utils.translation import gettext as _

from emulation_cluster import dates
from emulation_cluster.models import field_label

NOTHING = "–"
# What ``str()`` and ``isoformat()`` write for a date or a datetime, and nothing else.
DATE_TEXT = re.compile(r"^\d{4}-\d{2}-\d{2}$")
DATETIME_TEXT = re.compile(
    r"^\d{4}-\d{2}-\d{2}[ T]\d{2}:\d{2}(:\d{2}(\.\d+)?)?(Z|[+-]\d{2}:?\d{2})?$"
)


@dataclass(frozen=True)
class ChangeRow:
    label: str
    before: str
    after: str
    # Bodies of posts and descriptions: the page keeps their line breaks.
    long: bool


def _datetime_text(text: str) -> str | None:
    if DATE_TEXT.match(text):
        try:
            day = datetime.date.fromisoformat(text)
        except ValueError:
            return None
        return formats.date_format(day, "SHORT_DATE_FORMAT")
    if DATETIME_TEXT.match(text):
        try:
            moment = datetime.datetime.fromisoformat(text)
        except ValueError:
            return None
        if timezone.is_naive(moment):
            # Naive values were never written by the log; read them as the cluster's clock.
            return formats.date_format(moment, "SHORT_DATETIME_FORMAT")
        return dates.local_datetime(moment)
    return None


def _choice_label(field, value):
    if field is None or not getattr(field, "choices", None) or isinstance(value, list):
        return value
    return dict(field.flatchoices).get(value, value)


def value_text(value, *, field=None, limit: int | None = None) -> str:
    """One recorded value as text: what the reader sees in “before → after”."""
    value = _choice_label(field, value)
    if value is None or value == "" or value == []:
        text = NOTHING
    elif isinstance(value, bool):
        text = _("Yes") if value else _("No")
    elif isinstance(value, int | float):
        text = formats.localize(value)
    elif isinstance(value, list | tuple):
        text = "; ".join(value_text(item, field=None) for item in value)
    elif isinstance(value, dict):
        text = "; ".join(f"{key}: {value_text(item)}" for key, item in value.items())
    else:
        text = str(value)
        text = _datetime_text(text.strip()) or text
    return Truncator(text).chars(limit) if limit else text


def _field(model_class, name):
    if model_class is None:
        return None
    try:
        return model_class._meta.get_field(name)
    except FieldDoesNotExist:
        return None


def change_rows(entry, *, limit: int | None = None) -> list[ChangeRow]:
    """The entry's ``{field: [before, after]}`` as rows with the field's translated name."""
    model_class = entry.target_type.model_class()
    rows = []
    for name, pair in (entry.changes or {}).items():
        before, after = pair if isinstance(pair, list | tuple) and len(pair) == 2 else (None, pair)
        field = _field(model_class, name)
        label = str(field_label(model_class, name)) if field else name.replace("_", " ")
        before_text = value_text(before, field=field, limit=limit)
        after_text = value_text(after, field=field, limit=limit)
        long = max(len(before_text), len(after_text)) > 80 or "\n" in before_text + after_text
        rows.append(ChangeRow(label, before_text, after_text, long))
    return rows
