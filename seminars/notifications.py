"""Telling the invited units: an email (Django's mail framework) and a notice in the portal.

Both go to the administrators and organizers of each unit (their ``Membership`` role in that very
unit). They are written in the portal's language (Vietnamese): the recipients' own choice is not
known outside a request. Emails leave only once the transaction that caused them commits.
"""

from email.mime.text import MIMEText

from django.conf import settings
from django.core.mail import EmailMessage, get_connection
from django.db import transaction
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils import formats, timezone, translation
from django.utils.translation import gettext as _

from emulation_cluster.models import Membership
from emulation_cluster.permissions import ORGANIZER_ROLES
from seminars.calendar import ics_filename, seminar_ics
from seminars.enums import NotifyReason
from seminars.models import Notice


def _ics_part(ics: bytes, filename: str) -> MIMEText:
    """The .ics as ``text/calendar; method=PUBLISH`` (what calendar clients look for)."""
    part = MIMEText(ics.decode(), "calendar", "utf-8")
    part.set_param("method", "PUBLISH")
    part.add_header("Content-Disposition", "attachment", filename=filename)
    return part


def unit_contacts(unit_ids):
    """(user, unit) of each administrator and organizer of the units, one per user."""
    memberships = (
        Membership.objects.active()
        .filter(unit_id__in=unit_ids, role__in=ORGANIZER_ROLES, user__is_active=True)
        .select_related("user", "unit")
        .order_by("user_id", "unit__name_sort_key")
    )
    seen, contacts = set(), []
    for membership in memberships:
        if membership.user_id not in seen:
            seen.add(membership.user_id)
            contacts.append((membership.user, membership.unit))
    return contacts


def _when(seminar) -> str:
    start, end = timezone.localtime(seminar.starts_at), timezone.localtime(seminar.ends_at)
    if start.date() == end.date():
        return f"{start:%H:%M}–{end:%H:%M}, {formats.date_format(start, 'SHORT_DATE_FORMAT')}"
    return f"{start:%H:%M %d/%m/%Y} – {end:%H:%M %d/%m/%Y}"


def _notice_text(reason, seminar) -> str:
    values = {"title": seminar.title, "when": _when(seminar), "host": seminar.host_unit}
    if reason == NotifyReason.INVITATION:
        return _("%(host)s invites your unit to “%(title)s”, %(when)s.") % values
    if reason == NotifyReason.CHANGE:
        return _("“%(title)s” has changed: now %(when)s, at %(where)s.") % {
            **values,
            "where": seminar.where,
        }
    if reason == NotifyReason.CANCELLATION:
        return _("“%(title)s” (%(when)s) is cancelled.") % values
    return _("Reminder: “%(title)s” is on %(when)s.") % values


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


def build_messages(*, seminar, contacts, reason, base_url: str) -> list[EmailMessage]:
    """One email per contact, with the seminar's .ics attached."""
    page = f"{base_url}{seminar.get_absolute_url()}"
    ics = seminar_ics(seminar, base_url=base_url)
    agenda = list(seminar.agenda_items.select_related("presenting_unit").order_by("position"))
    messages = []
    for user, unit in contacts:
        body = render_to_string(
            "seminars/email/notification.txt",
            {
                "reason": reason,
                "seminar": seminar,
                "unit": unit,
                "user": user,
                "when": _when(seminar),
                "agenda": agenda,
                "page": page,
                "reply_page": f"{base_url}{reverse('invitation_reply', args=[seminar.pk])}"
                f"?don-vi={unit.slug}",
            },
        )
        message = EmailMessage(
            subject=_subject(reason, seminar),
            body=body,
            from_email=settings.DEFAULT_FROM_EMAIL,
            to=[user.email],
        )
        message.attach(_ics_part(ics, ics_filename(seminar)))
        messages.append(message)
    return messages


def notify_units(*, seminar, unit_ids, reason, base_url: str, now_send=False) -> int:
    """Email and notify the contacts of the units; returns how many people are told.

    The notices are rows of this transaction; the emails leave when it commits (at once with
    ``now_send``, for the reminder command which records what it sent in the same transaction).
    """
    contacts = unit_contacts(unit_ids)
    if not contacts:
        return 0
    with translation.override(settings.LANGUAGE_CODE):
        text = _notice_text(reason, seminar)
        Notice.objects.bulk_create(
            [
                Notice(user=user, text=text[:500], url=seminar.get_absolute_url())
                for user, _u in contacts
            ]
        )
        messages = build_messages(
            seminar=seminar,
            contacts=[(user, unit) for user, unit in contacts if user.email],
            reason=reason,
            base_url=base_url,
        )
    if now_send:
        get_connection().send_messages(messages)
    else:
        # robust: a mail server that fails is logged; the organizer's change is already saved.
        transaction.on_commit(lambda: get_connection().send_messages(messages), robust=True)
    return len(contacts)
