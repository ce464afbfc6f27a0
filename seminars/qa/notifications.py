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
from emulation_cluster.permissions import EDITOR_ROLES
from seminars.enums import NoticeKind
from seminars.notices import delivery as notices
from seminars.notices.delivery import Recipient
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
    """Editors and administrators of the unit; if it has none, those of the nearest unit above.

    A ward's question reaches the district or city editors who answer for it (a role held in a
    unit applies to its sub-units).
    """
    while unit is not None:
        editors = _members_with_roles([unit.pk], EDITOR_ROLES)
        if editors:
            return editors
        unit = unit.parent
    return []


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


def deliver(*, question, recipients, actor=None, base_url: str = "", now_send=False) -> list:
    """Notify ``recipients`` — ``(user, kind, text)`` in order of priority — about ``question``.

    Returns the users told (after removing the actor, duplicates and those who may not see it).
    """
    url = question.get_absolute_url()
    with translation.override(settings.LANGUAGE_CODE):
        told = notices.deliver(
            [Recipient(user, kind, text) for user, kind, text in recipients],
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
            now=now_send,
        )
    return [recipient.user for recipient in told]


def question_asked(question, *, base_url="") -> list:
    with translation.override(settings.LANGUAGE_CODE):
        values = {
            "asking": question.asking_unit.short_name or question.asking_unit.name,
            "owner": question.owner_unit.short_name or question.owner_unit.name,
            "model": question.exemplary_model.title,
            "title": question.title,
        }
        to_owner = _("%(asking)s asks %(owner)s about “%(model)s”: %(title)s") % values
        to_followers = _("New question about “%(model)s”: %(title)s") % values
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


def _name(user) -> str:
    if user is None:
        return "—"
    return user.get_full_name() or user.email


def answer_posted(answer, *, base_url="") -> list:
    question = answer.question
    with translation.override(settings.LANGUAGE_CODE):
        values = {
            "title": question.title,
            "author": _name(answer.author),
            "owner": question.owner_unit.short_name or question.owner_unit.name,
        }
        if answer.is_official:
            to_asker = _("%(owner)s answered “%(title)s” officially.") % values
        else:
            to_asker = _("%(author)s answered “%(title)s”.") % values
        to_followers = _("New answer to “%(title)s” by %(author)s.") % values
    kind = NoticeKind.ANSWER_OFFICIAL if answer.is_official else NoticeKind.ANSWER_NEW
    recipients = [(question.author, kind, to_asker)] if question.author else []
    recipients += [
        (user, NoticeKind.FOLLOWED, to_followers)
        for user in followers(
            question=question, exemplary_model=question.exemplary_model, unit=question.owner_unit
        )
    ]
    return deliver(question=question, recipients=recipients, actor=answer.author, base_url=base_url)


def answer_made_official(answer, *, actor, base_url="") -> list:
    question = answer.question
    with translation.override(settings.LANGUAGE_CODE):
        text = _("%(owner)s made an answer to “%(title)s” its official answer.") % {
            "owner": question.owner_unit.short_name or question.owner_unit.name,
            "title": question.title,
        }
    recipients = [(question.author, NoticeKind.ANSWER_OFFICIAL, text)] if question.author else []
    recipients += [(user, NoticeKind.FOLLOWED, text) for user in followers(question=question)]
    return deliver(question=question, recipients=recipients, actor=actor, base_url=base_url)


def answer_accepted(answer, *, actor, base_url="") -> list:
    question = answer.question
    with translation.override(settings.LANGUAGE_CODE):
        text = _("%(asking)s accepted your answer to “%(title)s”.") % {
            "asking": question.asking_unit.short_name or question.asking_unit.name,
            "title": question.title,
        }
    recipients = [(answer.author, NoticeKind.ANSWER_ACCEPTED, text)] if answer.author else []
    return deliver(question=question, recipients=recipients, actor=actor, base_url=base_url)


def comment_posted(comment, *, base_url="") -> list:
    question = comment.question
    target = comment.answer or question
    with translation.override(settings.LANGUAGE_CODE):
        text = _("%(author)s commented on “%(title)s”.") % {
            "author": _name(comment.author),
            "title": question.title,
        }
    recipients = [(target.author, NoticeKind.COMMENT, text)] if target.author else []
    return deliver(
        question=question, recipients=recipients, actor=comment.author, base_url=base_url
    )


def answered_live(question, *, actor, base_url="") -> list:
    with translation.override(settings.LANGUAGE_CODE):
        text = _("“%(title)s” was answered live at “%(seminar)s”: %(note)s") % {
            "title": question.title,
            "seminar": question.seminar.title,
            "note": question.answered_live_note,
        }
    recipients = [(question.author, NoticeKind.ANSWERED_LIVE, text)] if question.author else []
    recipients += [(user, NoticeKind.FOLLOWED, text) for user in followers(question=question)]
    return deliver(question=question, recipients=recipients, actor=actor, base_url=base_url)


def post_hidden(post, question, *, actor, base_url="") -> list:
    with translation.override(settings.LANGUAGE_CODE):
        text = _("A moderator hid what you wrote in “%(title)s”: %(reason)s") % {
            "title": question.title,
            "reason": post.hidden_reason,
        }
    recipients = [(post.author, NoticeKind.MODERATION, text)] if post.author else []
    return deliver(question=question, recipients=recipients, actor=actor, base_url=base_url)


def question_locked(question, *, actor, base_url="") -> list:
    with translation.override(settings.LANGUAGE_CODE):
        text = _("A moderator locked the thread “%(title)s”: it takes no more answers.") % {
            "title": question.title
        }
    recipients = [(question.author, NoticeKind.MODERATION, text)] if question.author else []
    return deliver(question=question, recipients=recipients, actor=actor, base_url=base_url)


def question_merged(duplicate, *, actor, base_url="") -> list:
    into = duplicate.merged_into
    with translation.override(settings.LANGUAGE_CODE):
        text = _("Your question “%(title)s” was merged into “%(other)s”: follow it there.") % {
            "title": duplicate.title,
            "other": into.title,
        }
    recipients = [(duplicate.author, NoticeKind.MODERATION, text)] if duplicate.author else []
    return deliver(question=into, recipients=recipients, actor=actor, base_url=base_url)


def question_overdue(question, *, kind, days: int, recipients, base_url="") -> list:
    """The reminder (owner unit's editors) or the escalation (head unit's admins), sent at once."""
    with translation.override(settings.LANGUAGE_CODE):
        values = {
            "title": question.title,
            "asking": question.asking_unit.short_name or question.asking_unit.name,
            "owner": question.owner_unit.short_name or question.owner_unit.name,
            "days": days,
        }
        if kind == NoticeKind.REMINDER:
            text = (
                _(
                    "“%(title)s” from %(asking)s has waited more than %(days)d days for your "
                    "unit's official answer."
                )
                % values
            )
        else:
            text = (
                _(
                    "“%(title)s”, from %(asking)s to %(owner)s, has waited more than %(days)d days "
                    "without an official answer."
                )
                % values
            )
    return deliver(
        question=question,
        recipients=[(user, kind, text) for user in recipients],
        base_url=base_url,
        now_send=True,
    )
