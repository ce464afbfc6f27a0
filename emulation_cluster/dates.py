"""Dates and times written for the reader: Asia/Ho_Chi_Minh, in the active language's formats.

Templates use the ``date`` and ``time`` filters with the format names (``SHORT_DATETIME_FORMAT``,
``TIME_FORMAT``); code that writes a sentence, an email or a document uses these.
"""

from django.utils import formats, timezone
from django.utils.translation import gettext, ngettext


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


def duration_words(delta) -> str:
    """A length of time in words, in the active language: “2 ngày, 3 giờ”, “22 phút”.

    Written here rather than with Django's ``timesince``, whose Vietnamese catalogue lacks these
    words (the page would read “đã chờ 22 minutes”).
    """
    if delta is None:
        return ""
    minutes = int(delta.total_seconds() // 60)
    if minutes < 1:
        return gettext("less than a minute")
    days, rest = divmod(minutes, 24 * 60)
    hours, minutes = divmod(rest, 60)
    parts = [
        ngettext("%(count)d day", "%(count)d days", days) % {"count": days} if days else "",
        ngettext("%(count)d hour", "%(count)d hours", hours) % {"count": hours} if hours else "",
        ngettext("%(count)d minute", "%(count)d minutes", minutes) % {"count": minutes}
        if minutes and not days
        else "",
    ]
    return ", ".join([part for part in parts if part][:2])


def time_since(value) -> str:
    """How long ago ``value`` was, in words (for “waiting for …”)."""
    return duration_words(timezone.now() - value) if value else ""
