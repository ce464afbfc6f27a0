"""Telling people: a notice in the portal and, unless they turned that kind off, an email.

Seminars and Q&A say what happened and to whom (``Recipient``); this module decides who is told
(once each, never the author of the change, never someone who may not see what it is about),
writes the notices in the current transaction, and sends the emails once it commits (at once for
the reminders, which record what they sent in the same transaction).
"""

from collections.abc import Callable, Iterable
from dataclasses import dataclass

from django.core.mail import get_connection
from django.db import transaction

from seminars.notices.messages import Message
from seminars.notices.models import Notice, NotificationPreference

TEXT_MAX_LENGTH = 500


@dataclass(frozen=True)
class Recipient:
    """One person to tell, why (the kind of notice), what to say, and for which of their units."""

    user: object
    kind: str
    message: Message
    unit: object = None

    @property
    def text(self) -> str:
        """The sentence in the active language (the email's: the portal's)."""
        return self.message.text()


def _chosen(recipients: Iterable[Recipient], actor, may_see) -> list[Recipient]:
    """One per person (the first reason wins), active, not the actor, allowed to see it."""
    seen, chosen = set(), []
    actor_id = actor.pk if actor is not None and actor.is_authenticated else None
    for recipient in recipients:
        user = recipient.user
        if user.pk in seen or user.pk == actor_id or not user.is_active:
            continue
        seen.add(user.pk)
        if may_see(user):
            chosen.append(recipient)
    return chosen


def emails_off(users) -> set[tuple[int, str]]:
    """(user id, kind) of each kind of notice a user asked not to receive by email."""
    return set(
        NotificationPreference.objects.filter(
            user__in=[user.pk for user in users], email=False
        ).values_list("user_id", "kind")
    )


def send_emails(messages, *, now: bool = False) -> None:
    if not messages:
        return
    if now:
        get_connection().send_messages(messages)
    else:
        # robust: a mail server that fails is logged; what the user did is already saved.
        transaction.on_commit(lambda: get_connection().send_messages(messages), robust=True)


def deliver(
    recipients: Iterable[Recipient],
    *,
    url: str,
    email_for: Callable[[Recipient], object],
    may_see: Callable[[object], bool] = lambda user: True,
    question=None,
    actor=None,
    now: bool = False,
) -> list[Recipient]:
    """Notify ``recipients`` (in order of priority); returns those told."""
    chosen = _chosen(recipients, actor, may_see)
    if not chosen:
        return []
    Notice.objects.bulk_create(
        [
            Notice(
                user=r.user,
                kind=r.kind,
                question=question,
                text=r.text[:TEXT_MAX_LENGTH],
                message=r.message.key,
                args=r.message.args,
                url=url,
            )
            for r in chosen
        ]
    )
    off = emails_off([r.user for r in chosen])
    send_emails(
        [email_for(r) for r in chosen if r.user.email and (r.user.pk, r.kind) not in off],
        now=now,
    )
    return chosen
