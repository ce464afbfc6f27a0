"""Dates and times written for the reader: Asia/Ho_Chi_Minh, in the active language's formats.

Templates use the ``date`` and ``time`` filters with the format names (``SHORT_DATETIME_FORMAT``,
``TIME_FORMAT``); code that writes a sentence, an email or a document uses these.
"""

from django.utils import formats, timezone


def local_time(value) -> str:
    return formats.time_format(timezone.localtime(value), "TIME_FORMAT")


def local_date(value) -> str:
    return formats.date_format(timezone.localtime(value), "SHORT_DATE_FORMAT")


def local_datetime(value) -> str:
    return formats.date_format(timezone.localtime(value), "SHORT_DATETIME_FORMAT")


def time_span(start, end) -> str:
    """“08:00–11:30, 06/09/2025”, or both ends in full when it spans several days."""
    start, end = timezone.localtime(start), timezone.localtime(end)
    if start.date() == end.date():
        return f"{local_time(start)}–{local_time(end)}, {local_date(start)}"
    return f"{local_datetime(start)} – {local_datetime(end)}"
