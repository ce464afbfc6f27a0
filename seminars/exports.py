"""Seminars and their attendance as tables to take away (``emulation_cluster.exports`` writes
the file). Each cell shows what the seminar's page shows this reader: the number of delegates
only to the host's organizers and to the invited unit itself, attendance once the seminar began.
"""

from django.utils import timezone
from django.utils.translation import gettext as _

from emulation_cluster.exports import CHUNK_ROWS, Link, Table, choice_labels
from seminars import permissions, selectors
from seminars.models import Seminar, SeminarInvitation


def _date(value):
    return timezone.localdate(value)


def _link(seminar, base_url: str) -> Link:
    return Link(base_url + seminar.get_absolute_url())


def attendance_table(seminars, user, *, base_url: str) -> Table:
    """One row per seminar and invited unit: its reply, delegation size and attendance."""

    def rows():
        statuses = choice_labels(Seminar, "status")
        replies = choice_labels(SeminarInvitation, "reply")
        attendances = choice_labels(SeminarInvitation, "attendance")
        not_replied = _("not replied")
        links = {}  # a seminar's link, once for all its invited units' rows
        invitations = selectors.invitations_for_export(seminars)
        for invitation in invitations.iterator(chunk_size=CHUNK_ROWS):
            seminar = invitation.seminar
            show_size = permissions.can_see_delegation_size(user, invitation)
            show_attendance = permissions.can_see_attendance(user, seminar)
            yield (
                seminar.title,
                _date(seminar.starts_at),
                seminar.host_unit.name,
                statuses[seminar.status],
                invitation.unit.name,
                replies[invitation.reply] if invitation.reply else not_replied,
                invitation.replied_at,
                invitation.delegation_size if show_size else None,
                attendances[invitation.attendance] if show_attendance else None,
                links.get(seminar.pk) or links.setdefault(seminar.pk, _link(seminar, base_url)),
            )

    headings = [
        _("Seminar"),
        _("Date"),
        _("Host unit"),
        _("Status"),
        _("Invited unit"),
        _("Reply"),
        _("Replied at"),
        _("Number of delegates"),
        _("Attendance"),
        _("Link"),
    ]
    widths = (60, 12, 32, 14, 32, 16, 16, 10, 14, 40)
    return Table(name=_("Attendance"), headings=headings, rows=rows(), widths=widths)


def seminar_table(seminars, user, *, base_url: str) -> Table:
    """One row per seminar: when, where, who hosts it, how many units came."""

    def rows():
        statuses = choice_labels(Seminar, "status")
        counted = selectors.with_reply_counts(seminars)
        for seminar in counted.iterator(chunk_size=CHUNK_ROWS):
            show_attendance = permissions.can_see_attendance(user, seminar)
            yield (
                seminar.title,
                seminar.starts_at,
                seminar.ends_at,
                seminar.host_unit.name,
                seminar.venue,
                statuses[seminar.status],
                seminar.invited_count,
                seminar.attending_count,
                seminar.present_count if show_attendance else None,
                _link(seminar, base_url),
            )

    headings = [
        _("Seminar"),
        _("Starts at"),
        _("Ends at"),
        _("Host unit"),
        _("Venue"),
        _("Status"),
        _("Invited units"),
        _("Units attending"),
        _("Units present"),
        _("Link"),
    ]
    widths = (60, 16, 16, 32, 40, 14, 10, 10, 10, 40)
    return Table(name=_("Seminars"), headings=headings, rows=rows(), widths=widths)


def seminar_tables(seminars, user, *, base_url: str) -> list:
    """The attendance first (the CSV's one table), then the seminars."""
    return [
        attendance_table(seminars, user, base_url=base_url),
        seminar_table(seminars, user, base_url=base_url),
    ]
