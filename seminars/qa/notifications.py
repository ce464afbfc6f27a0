"""Telling people about questions and answers: a notice in the portal and, unless off, an email.

Every notice and email goes only to people who may see the question (``can_view_question``): a
question on a restricted model never reaches anyone outside the owner unit and the cluster
administrators. The author of a change is not told of their own change. Each person gets one
notice per event even when several reasons apply (the asker who also follows the model).

Texts are written in the portal's language (Vietnamese), like the seminars' emails: the
recipients' own choice is not known outside their request. Emails leave once the transaction that
caused them commits, except for the reminder command which sends at once and records what it sent
in the same transaction.
"""

from functools import partial

from django.conf import settings
from django.core.mail import EmailMessage
from django.db.models import Q
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils import translation
from django.utils.translation import gettext as _

from emulation_cluster.enums import Role
from emulation_cluster.models import Membership
from emulation_cluster.outbox.models import MessageKind
from emulation_cluster.permissions import EDITOR_ROLES
from seminars.enums import NoticeKind
from seminars.notices import delivery as notices
from seminars.notices import reach
from seminars.notices.delivery import Recipient
from seminars.notices.messages import Message
from seminars.qa.models import Follow
from seminars.qa.permissions import can_view_question


def _subject(kind, question) -> str:
    title = {"title": " ".join(question.title.split())}
    subjects = {
        NoticeKind.QUESTION_NEW: _("New question for your unit: %(title)s"),
        NoticeKind.ANSWER_NEW: _("New answer: %(title)s"),
        NoticeKind.ANSWER_OFFICIAL: _("Official answer: %(title)s"),
        NoticeKind.ANSWER_ACCEPTED: _("Your answer is accepted: %(title)s"),
        NoticeKind.ANSWERED_LIVE: _("Answered at the seminar: %(title)s"),
        NoticeKind.COMMENT: _("New comment: %(title)s"),
        NoticeKind.FOLLOWED: _("Where you follow: %(title)s"),
        NoticeKind.REMINDER: _("Waiting for your unit's answer: %(title)s"),
        NoticeKind.ESCALATION: _("Escalated, still unanswered: %(title)s"),
        NoticeKind.MODERATION: _("Moderation: %(title)s"),
    }
    return subjects.get(kind, "%(title)s") % title


def _members_with_roles(unit_ids, roles):
    return [
        membership.user
        for membership in Membership.objects.active()
        .filter(unit_id__in=unit_ids, role__in=roles, user__is_active=True)
        .select_related("user")
        .order_by("user_id")
    ]


def unit_editors(unit) -> list:
    """Editors and administrators of the unit; if it has none, the administrators of the nearest
    unit above (a role held in a unit applies to its sub-units: they answer for it), else the
    cluster's administrators — the one fallback of seminars and Q&A (``seminars.notices.reach``).
    """
    return list(reach.reach([unit.pk], EDITOR_ROLES)[unit.pk].users)


def _cluster_of(unit):
    while unit.cluster_id is None and unit.parent is not None:
        unit = unit.parent
    return unit.cluster


def cluster_administrators(unit) -> list:
    cluster = _cluster_of(unit)
    if cluster is None:
        return []
    return list(cluster.administrators.filter(is_active=True).order_by("id"))


def head_unit_admins(unit) -> list:
    """Administrators of the cluster head unit of the current term; else the cluster's admins."""
    cluster = _cluster_of(unit)
    if cluster is None:
        return []
    term = cluster.current_term()
    admins = _members_with_roles([term.head_unit_id], {Role.ADMIN}) if term else []
    return admins or cluster_administrators(unit)


def followers(*, question=None, exemplary_model=None, unit=None) -> list:
    """People who follow any of the given targets (one query)."""
    targets = Q(pk__in=[])
    if question is not None:
        targets |= Q(question=question)
    if exemplary_model is not None:
        targets |= Q(exemplary_model=exemplary_model)
    if unit is not None:
        targets |= Q(unit=unit)
    follows = Follow.objects.filter(targets, user__is_active=True).select_related("user")
    return [follow.user for follow in follows.order_by("user_id")]


def _email(recipient, *, question, page, preferences_page) -> EmailMessage:
    body = render_to_string(
        "seminars/qa/email/notification.txt",
        {
            "user": recipient.user,
            "text": recipient.text,
            "question": question,
            "page": page,
            "preferences_page": preferences_page,
        },
    )
    return EmailMessage(
        subject=_subject(recipient.kind, question),
        body=body,
        from_email=settings.DEFAULT_FROM_EMAIL,
        to=[recipient.user.email],
    )


def deliver(
    *, question, recipients, actor=None, base_url: str = "", outbox_kind=MessageKind.QUESTION
) -> list:
    """Notify ``recipients`` — ``(user, kind, message)`` in order of priority — about ``question``.

    Returns the users told (after removing the actor, duplicates and those who may not see it).
    """
    url = question.get_absolute_url()
    with translation.override(settings.LANGUAGE_CODE):
        told = notices.deliver(
            [Recipient(user, kind, message) for user, kind, message in recipients],
            url=url,
            question=question,
            actor=actor,
            may_see=lambda user: can_view_question(user, question),
            email_for=partial(
                _email,
                question=question,
                page=f"{base_url}{url}",
                preferences_page=f"{base_url}{reverse('notification_preferences')}",
            ),
            outbox_kind=outbox_kind,
        )
    return [recipient.user for recipient in told]


def _short(unit) -> str:
    return unit.short_name or unit.name


def _name(user) -> str:
    if user is None:
        return "—"
    return user.get_full_name() or user.email


def question_asked(question, *, base_url="") -> list:
    values = {
        "asking": _short(question.asking_unit),
        "owner": _short(question.owner_unit),
        "model": question.exemplary_model.title,
        "title": question.title,
    }
    to_owner = Message("question_to_owner", values)
    to_followers = Message("question_to_followers", values)
    recipients = [
        (user, NoticeKind.QUESTION_NEW, to_owner) for user in unit_editors(question.owner_unit)
    ]
    recipients += [
        (user, NoticeKind.FOLLOWED, to_followers)
        for user in followers(exemplary_model=question.exemplary_model, unit=question.owner_unit)
    ]
    return deliver(
        question=question, recipients=recipients, actor=question.author, base_url=base_url
    )


def answer_posted(answer, *, base_url="") -> list:
    question = answer.question
    values = {
        "title": question.title,
        "author": _name(answer.author),
        "owner": _short(question.owner_unit),
    }
    to_asker = Message(
        "answer_official_to_asker" if answer.is_official else "answer_to_asker", values
    )
    kind = NoticeKind.ANSWER_OFFICIAL if answer.is_official else NoticeKind.ANSWER_NEW
    recipients = [(question.author, kind, to_asker)] if question.author else []
    recipients += [
        (user, NoticeKind.FOLLOWED, Message("answer_to_followers", values))
        for user in followers(
            question=question, exemplary_model=question.exemplary_model, unit=question.owner_unit
        )
    ]
    return deliver(question=question, recipients=recipients, actor=answer.author, base_url=base_url)


def answer_made_official(answer, *, actor, base_url="") -> list:
    question = answer.question
    message = Message(
        "answer_made_official", {"owner": _short(question.owner_unit), "title": question.title}
    )
    recipients = [(question.author, NoticeKind.ANSWER_OFFICIAL, message)] if question.author else []
    recipients += [(user, NoticeKind.FOLLOWED, message) for user in followers(question=question)]
    return deliver(question=question, recipients=recipients, actor=actor, base_url=base_url)


def answer_accepted(answer, *, actor, base_url="") -> list:
    question = answer.question
    message = Message(
        "answer_accepted", {"asking": _short(question.asking_unit), "title": question.title}
    )
    recipients = [(answer.author, NoticeKind.ANSWER_ACCEPTED, message)] if answer.author else []
    return deliver(question=question, recipients=recipients, actor=actor, base_url=base_url)


def comment_posted(comment, *, base_url="") -> list:
    question = comment.question
    target = comment.answer or question
    message = Message("comment", {"author": _name(comment.author), "title": question.title})
    recipients = [(target.author, NoticeKind.COMMENT, message)] if target.author else []
    return deliver(
        question=question, recipients=recipients, actor=comment.author, base_url=base_url
    )


def answered_live(question, *, actor, base_url="") -> list:
    message = Message(
        "answered_live",
        {
            "title": question.title,
            "seminar": question.seminar.title,
            "note": question.answered_live_note,
        },
    )
    recipients = [(question.author, NoticeKind.ANSWERED_LIVE, message)] if question.author else []
    recipients += [(user, NoticeKind.FOLLOWED, message) for user in followers(question=question)]
    return deliver(question=question, recipients=recipients, actor=actor, base_url=base_url)


def post_hidden(post, question, *, actor, base_url="") -> list:
    message = Message("post_hidden", {"title": question.title, "reason": post.hidden_reason})
    recipients = [(post.author, NoticeKind.MODERATION, message)] if post.author else []
    return deliver(question=question, recipients=recipients, actor=actor, base_url=base_url)


def question_locked(question, *, actor, base_url="") -> list:
    message = Message("question_locked", {"title": question.title})
    recipients = [(question.author, NoticeKind.MODERATION, message)] if question.author else []
    return deliver(question=question, recipients=recipients, actor=actor, base_url=base_url)


def question_merged(duplicate, *, actor, base_url="") -> list:
    into = duplicate.merged_into
    message = Message("question_merged", {"title": duplicate.title, "other": into.title})
    recipients = [(duplicate.author, NoticeKind.MODERATION, message)] if duplicate.author else []
    return deliver(question=into, recipients=recipients, actor=actor, base_url=base_url)


def question_overdue(question, *, kind, days: int, recipients, base_url="") -> list:
    """The reminder (owner unit's editors) or the escalation (head unit's admins)."""
    message = Message(
        "question_reminder" if kind == NoticeKind.REMINDER else "question_escalation",
        {
            "title": question.title,
            "asking": _short(question.asking_unit),
            "owner": _short(question.owner_unit),
            "days": days,
        },
    )
    return deliver(
        question=question,
        recipients=[(user, kind, message) for user in recipients],
        base_url=base_url,
        outbox_kind=(
            MessageKind.QUESTION_REMINDER if kind == NoticeKind.REMINDER else MessageKind.ESCALATION
        ),
    )
