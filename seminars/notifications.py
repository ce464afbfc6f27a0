"""Telling the invited units: an email (Django's mail framework) and a notice in the portal.

Both go to the administrators and organizers of each unit (their ``Membership`` role in that very
unit); a unit with none of them is reached through the administrators of the unit above, or of the
cluster (``seminars.notices.reach``). Editors do not count: they write models and answer
questions, and may not reply to an invitation (``permissions.can_reply_to_invitation``), so an
invitation reaching only them would reach nobody who can act on it.

They are written in the portal's language (Vietnamese): the recipients' own choice is not known
outside a request. The notices and emails go through ``seminars.notices.delivery``, like
those of the Q&A.
"""

from email.mime.text import MIMEText
from functools import partial

from django.conf import settings
from django.core.mail import EmailMessage
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils import translation
from django.utils.translation import gettext as _

from emulation_cluster.outbox.models import MessageKind
from emulation_cluster.permissions import ORGANIZER_ROLES
from seminars.calendar import ics_filename, seminar_ics
from seminars.enums import NoticeKind, NotifyReason
from seminars.notices import reach
from seminars.notices.delivery import Recipient, deliver
from seminars.notices.messages import Message


def _ics_part(ics: bytes, filename: str) -> MIMEText:
    """The .ics as ``text/calendar; method=PUBLISH`` (what calendar clients look for)."""
    part = MIMEText(ics.decode(), "calendar", "utf-8")
    part.set_param("method", "PUBLISH")
    part.add_header("Content-Disposition", "attachment", filename=filename)
    return part


def unit_reaches(unit_ids) -> dict:
    """Who receives the seminar's messages for each unit (``seminars.notices.reach``)."""
    return reach.reach(unit_ids, ORGANIZER_ROLES)


def unit_contacts(unit_ids, reaches=None):
    """(user, unit) of each person told for the units, one per user: a person of the unit itself
    before one standing in for it, then the first unit in name order."""
    reaches = unit_reaches(unit_ids) if reaches is None else reaches
    pairs = sorted(
        ((user, r.unit, r.stand_in) for r in reaches.values() for user in r.users),
        key=lambda pair: (pair[0].pk, pair[2], pair[1].name_sort_key),
    )
    seen, contacts = set(), []
    for user, unit, _stand_in in pairs:
        if user.pk not in seen:
            seen.add(user.pk)
            contacts.append((user, unit))
    return contacts


def _notice(reason, seminar) -> Message:
    """What the notice says (written again in each reader's language when they read it)."""
    return Message(
        f"seminar_{reason}",
        {
            "title": seminar.title,
            "host": str(seminar.host_unit),
            "where": seminar.where,
            "starts": seminar.starts_at.isoformat(),
            "ends": seminar.ends_at.isoformat(),
        },
    )


def _subject(reason, seminar) -> str:
    # One line whatever was typed: a line break in a header is refused by the mail framework.
    title = {"title": " ".join(seminar.title.split())}
    if reason == NotifyReason.INVITATION:
        return _("Invitation: %(title)s") % title
    if reason == NotifyReason.CHANGE:
        return _("Changed time or venue: %(title)s") % title
    if reason == NotifyReason.CANCELLATION:
        return _("Cancelled: %(title)s") % title
    return _("Reminder: %(title)s") % title


def _email(recipient, *, seminar, reason, base_url, ics, agenda, reaches) -> EmailMessage:
    """The email to one contact, for their unit, with the seminar's .ics attached."""
    unit = recipient.unit
    reply_page = f"{base_url}{reverse('invitation_reply', args=[seminar.pk])}?don-vi={unit.slug}"
    body = render_to_string(
        "seminars/email/notification.txt",
        {
            "reason": reason,
            "seminar": seminar,
            "unit": unit,
            "user": recipient.user,
            "when": seminar.when,
            "agenda": agenda,
            "reach": reaches[unit.pk],
            "page": f"{base_url}{seminar.get_absolute_url()}",
            "reply_page": reply_page,
        },
    )
    message = EmailMessage(
        subject=_subject(reason, seminar),
        body=body,
        from_email=settings.DEFAULT_FROM_EMAIL,
        to=[recipient.user.email],
    )
    message.attach(_ics_part(ics, ics_filename(seminar)))
    return message


def notify_units(*, seminar, unit_ids, reason, base_url: str) -> list:
    """Tell the contacts of the units (a notice and an email); returns the users told.

    The notices and the emails (in the outbox) are rows of this transaction."""
    reaches = unit_reaches(unit_ids)
    contacts = unit_contacts(unit_ids, reaches)
    if not contacts:
        return []
    with translation.override(settings.LANGUAGE_CODE):
        notice = _notice(reason, seminar)
        ics = seminar_ics(seminar, base_url=base_url)
        agenda = list(seminar.agenda_items.select_related("presenting_unit").order_by("position"))
        told = deliver(
            [Recipient(user, NoticeKind.SEMINAR, notice, unit) for user, unit in contacts],
            url=seminar.get_absolute_url(),
            email_for=partial(
                _email,
                seminar=seminar,
                reason=reason,
                base_url=base_url,
                ics=ics,
                agenda=agenda,
                reaches=reaches,
            ),
            outbox_kind=(
                MessageKind.SEMINAR_REMINDER
                if reason == NotifyReason.REMINDER
                else MessageKind.SEMINAR
            ),
        )
    return [recipient.user for recipient in told]
