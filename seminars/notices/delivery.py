"""Telling people: a notice in the portal and, unless they turned that kind off, an email.

Seminars and Q&A say what happened and to whom (``Recipient``); this module decides who is told
(once each, never the author of the change, never someone who may not see what it is about),
writes the notices and queues the emails in the outbox, both in the current transaction: what is
saved is what will be sent (``emulation_cluster.outbox``).
"""

from collections.abc import Callable, Iterable
from dataclasses import dataclass

from emulation_cluster.outbox.models import MessageKind
from emulation_cluster.outbox.sending import enqueue
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


def deliver(
    recipients: Iterable[Recipient],
    *,
    url: str,
    email_for: Callable[[Recipient], object],
    outbox_kind: MessageKind,
    may_see: Callable[[object], bool] = lambda user: True,
    question=None,
    actor=None,
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
    enqueue(
        [email_for(r) for r in chosen if r.user.email and (r.user.pk, r.kind) not in off],
        kind=outbox_kind,
    )
    return chosen
