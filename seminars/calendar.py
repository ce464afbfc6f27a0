"""iCalendar (RFC 5545) files of seminars, built with the ``icalendar`` package.

Each seminar is one VEVENT whose UID never changes (the seminar's UUID) and whose SEQUENCE is the
seminar's revision, raised on every change of time or venue: a calendar application that imported
the file before updates its event rather than adding a second one. DTSTART and DTEND carry
TZID=Asia/Ho_Chi_Minh, and the VTIMEZONE that describes it is included.
"""

from zoneinfo import ZoneInfo

import icalendar
from django.conf import settings
from django.utils import timezone
from django.utils.translation import gettext as _

from emulation_cluster.dates import local_time
from seminars.enums import SeminarStatus

PRODID = "-//Cum thi dua so 1 Bo Cong an//Cong thong tin//VI"
EVENT_STATUS = {
    SeminarStatus.DRAFT: "TENTATIVE",
    SeminarStatus.CANCELLED: "CANCELLED",
}


def seminar_uid(seminar) -> str:
    # RFC 7986 recommends a UUID: globally unique without a domain.
    return str(seminar.uid)


def _agenda_lines(seminar) -> list[str]:
    lines = []
    for item in seminar.agenda_items.all():
        line = f"{local_time(item.starts_at)} {item.title}"
        who = ", ".join(part for part in (item.speaker, str(item.presenting_unit or "")) if part)
        if who:
            line += f" ({who})"
        lines.append(line)
    return lines


def seminar_event(seminar, *, base_url: str) -> icalendar.Event:
    zone = ZoneInfo(settings.TIME_ZONE)
    event = icalendar.Event()
    event.add("uid", seminar_uid(seminar))
    event.add("sequence", seminar.sequence)
    event.add("dtstamp", timezone.now())
    event.add("last-modified", seminar.updated_at)
    event.add("dtstart", seminar.starts_at.astimezone(zone))
    event.add("dtend", seminar.ends_at.astimezone(zone))
    event.add("summary", seminar.title)
    if seminar.where:
        event.add("location", seminar.where)
    event.add("status", EVENT_STATUS.get(seminar.status, "CONFIRMED"))
    page = f"{base_url}{seminar.get_absolute_url()}"
    event.add("url", page)
    description = [
        _("Host unit: %(unit)s") % {"unit": seminar.host_unit},
    ]
    if seminar.chair_name:
        description.append(_("Chair: %(chair)s") % {"chair": seminar.chair_name})
    if seminar.online_url:
        description.append(_("Online meeting: %(url)s") % {"url": seminar.online_url})
    agenda = _agenda_lines(seminar)
    if agenda:
        description += ["", _("Agenda:"), *agenda]
    description += ["", page]
    event.add("description", "\n".join(description))
    return event


def _calendar(name: str) -> icalendar.Calendar:
    cal = icalendar.Calendar()
    cal.add("prodid", PRODID)
    cal.add("version", "2.0")
    cal.add("calscale", "GREGORIAN")
    cal.add("method", "PUBLISH")
    cal.add("x-wr-calname", name)
    cal.add("x-wr-timezone", settings.TIME_ZONE)
    return cal


def _finish(cal: icalendar.Calendar) -> bytes:
    # The VTIMEZONE of every TZID used (icalendar ≥ 6.1); optional for clients that know the zone.
    add_timezones = getattr(cal, "add_missing_timezones", None)
    if add_timezones is not None:
        add_timezones()
    return cal.to_ical()


def seminar_ics(seminar, *, base_url: str) -> bytes:
    cal = _calendar(seminar.title)
    cal.add_component(seminar_event(seminar, base_url=base_url))
    return _finish(cal)


def feed_ics(seminars, *, base_url: str, name: str) -> bytes:
    cal = _calendar(name)
    for seminar in seminars:
        cal.add_component(seminar_event(seminar, base_url=base_url))
    return _finish(cal)


def ics_filename(seminar) -> str:
    return f"hoi-nghi-{seminar.pk}.ics"
