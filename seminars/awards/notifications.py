"""Telling people about nominations: a notice in the portal and, unless off, an email.

Through the one notice mechanism (``seminars.notices.delivery``) and the outbox, like seminars and
Q&A: a nomination sent (or sent again) reaches its reviewers — the administrators of the year's
head unit and the cluster's administrators, each only if they may review it; a decision reaches
the nominating unit's administrators (else those who stand in for them, ``notices.reach``) and the
person who nominated. Written in the portal's language (Vietnamese), like the other emails.
"""

from functools import partial

from django.conf import settings
from django.core.mail import EmailMessage
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils import translation
from django.utils.translation import gettext as _

from emulation_cluster.models import Membership
from emulation_cluster.outbox.models import MessageKind
from seminars.awards.enums import NominationAction
from seminars.awards.permissions import (
    ADMIN_ROLES,
    can_review_nomination,
    can_view_nomination,
    head_unit_id,
)
from seminars.enums import NoticeKind
from seminars.notices import delivery, reach
from seminars.notices.delivery import Recipient
from seminars.notices.messages import Message

DECISION_MESSAGES = {
    NominationAction.ACCEPT: "award_accepted",
    NominationAction.RETURN: "award_returned",
    NominationAction.DECLINE: "award_declined",
}


def _values(nomination) -> dict:
    unit = nomination.nominating_unit
    return {
        "unit": unit.short_name or unit.name,
        "model": nomination.exemplary_model.title,
        "year": nomination.year,
        "reason": nomination.reason,
    }


def _email(recipient, *, nomination, page, preferences_page) -> EmailMessage:
    body = render_to_string(
        "seminars/awards/email/notification.txt",
        {
            "user": recipient.user,
            "text": recipient.text,
            "nomination": nomination,
            "page": page,
            "preferences_page": preferences_page,
        },
    )
    subject = _("Award nomination: %(model)s (%(year)s)") % {
        "model": " ".join(nomination.exemplary_model.title.split()),
        "year": nomination.year,
    }
    return EmailMessage(
        subject=subject,
        body=body,
        from_email=settings.DEFAULT_FROM_EMAIL,
        to=[recipient.user.email],
    )


def _deliver(nomination, users, message, *, actor, may_see, base_url) -> list:
    url = nomination.get_absolute_url()
    with translation.override(settings.LANGUAGE_CODE):
        told = delivery.deliver(
            [Recipient(user, NoticeKind.AWARD, message) for user in users],
            url=url,
            actor=actor,
            may_see=may_see,
            email_for=partial(
                _email,
                nomination=nomination,
                page=f"{base_url}{url}",
                preferences_page=f"{base_url}{reverse('notification_preferences')}",
            ),
            outbox_kind=MessageKind.AWARD,
        )
    return [recipient.user for recipient in told]


def reviewers(nomination) -> list:
    """The year's head unit's administrators, then the cluster's administrators (two queries)."""
    head = [
        membership.user
        for membership in Membership.objects.active()
        .filter(unit_id=head_unit_id(nomination), role__in=ADMIN_ROLES, user__is_active=True)
        .select_related("user")
        .order_by("user_id")
    ]
    return head + list(nomination.cluster.administrators.filter(is_active=True).order_by("id"))


def nomination_sent(nomination, *, actor, again: bool = False, base_url: str = "") -> list:
    message = Message("award_resubmitted" if again else "award_submitted", _values(nomination))
    return _deliver(
        nomination,
        reviewers(nomination),
        message,
        actor=actor,
        may_see=lambda user: can_review_nomination(user, nomination),
        base_url=base_url,
    )


def nomination_decided(nomination, action, *, actor, base_url: str = "") -> list:
    unit_id = nomination.nominating_unit_id
    users = list(reach.reach([unit_id], ADMIN_ROLES)[unit_id].users)
    if nomination.submitted_by is not None:
        users.append(nomination.submitted_by)
    message = Message(DECISION_MESSAGES[action], _values(nomination))
    return _deliver(
        nomination,
        users,
        message,
        actor=actor,
        may_see=lambda user: can_view_nomination(user, nomination),
        base_url=base_url,
    )
