"""The weekly digest: one email per person, only when there is something to say.

What it says, all of it filtered by what the person may see (the ``visible_*`` rules):

- **new models** published in the past week that concern them: owned by a unit they follow (or
  one of its sub-units), or in a topic they follow, or sharing a topic with a model they follow or
  with a model of their own units. Models of their own units are left out (not news to them).
- **open questions waiting for their unit**: addressed to a unit where they are an editor or an
  administrator (or one of its sub-units), oldest first;
- **seminars ahead**: scheduled, starting within ``DIGEST_SEMINAR_DAYS``.

A person turns it off on the notification settings page (``NoticeKind.DIGEST``). Each digest is
recorded (``DigestSent``, one per person and week under a unique constraint) in the transaction
that queues its email in the outbox: two runs at once, or a run repeated, send one. The text is
in the portal's language (Vietnamese): the recipient's own choice is not known outside a request.
A constant number of queries per person, none per item.
"""

import datetime

from django.conf import settings
from django.contrib.auth import get_user_model
from django.core.mail import EmailMessage
from django.db import IntegrityError, transaction
from django.db.models import Exists, OuterRef, Q
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils import formats, timezone, translation
from django.utils.translation import gettext as _

from emulation_cluster.outbox.models import MessageKind
from emulation_cluster.outbox.sending import enqueue
from emulation_cluster.permissions import EDITOR_ROLES, member_unit_ids, unit_ids_with_role
from emulation_cluster.selectors import in_unit_trees
from models_registry.models import ExemplaryModel, Topic
from models_registry.permissions import visible_models_q
from seminars.enums import NoticeKind, QuestionState, SeminarStatus
from seminars.notices.models import DigestSent, NotificationPreference
from seminars.qa.models import Follow
from seminars.qa.selectors import visible_questions
from seminars.selectors import visible_seminars

ITEMS_PER_PART = 10
NEW_MODELS_DAYS = 7
SEMINAR_DAYS = 14


def week_of(now) -> datetime.date:
    """The Monday of ``now``'s week, in Vietnam time (the week a digest belongs to)."""
    today = timezone.localtime(now).date()
    return today - datetime.timedelta(days=today.weekday())


def _tree(field: str, unit_ids) -> Q:
    """``field`` is one of the units or below one (``emulation_cluster.selectors.in_unit_trees``;
    ``unit_ids`` may be a subquery)."""
    return in_unit_trees(field, unit_ids)


def new_models(user, *, now):
    """Published in the past week, visible, in the units or topics that concern ``user``."""
    follows = Follow.objects.filter(user=user)
    own = member_unit_ids(user)
    topics = Topic.objects.filter(
        Q(followers__user=user) | Q(models__followers__user=user) | Q(models__owner_unit_id__in=own)
    ).values("id")
    concerning = _tree("owner_unit", follows.filter(unit__isnull=False).values("unit_id")) | Q(
        Exists(
            ExemplaryModel.topics.through.objects.filter(
                exemplarymodel_id=OuterRef("pk"), topic_id__in=topics
            )
        )
    )
    return (
        ExemplaryModel.objects.filter(
            visible_models_q(user), concerning, published_at__gte=now - _days(NEW_MODELS_DAYS)
        )
        .exclude(owner_unit_id__in=unit_ids_with_role(user))
        .select_related("owner_unit")
        .order_by("-published_at", "-id")
    )


def waiting_questions(user):
    """Open questions addressed to a unit where ``user`` is an editor or administrator."""
    return (
        visible_questions(user)
        .filter(state=QuestionState.OPEN, owner_unit_id__in=unit_ids_with_role(user, EDITOR_ROLES))
        .select_related("owner_unit", "asking_unit")
        .order_by("created_at", "id")
    )


def seminars_ahead(user, *, now):
    return (
        visible_seminars(user)
        .filter(
            status=SeminarStatus.SCHEDULED,
            starts_at__gte=now,
            starts_at__lte=now + _days(SEMINAR_DAYS),
        )
        .select_related("host_unit")
        .order_by("starts_at", "id")
    )


def _days(days) -> datetime.timedelta:
    return datetime.timedelta(days=days)


def digest_of(user, *, now) -> dict:
    """The three parts of ``user``'s digest (at most ``ITEMS_PER_PART`` each)."""
    return {
        "models": list(new_models(user, now=now)[:ITEMS_PER_PART]),
        "questions": list(waiting_questions(user)[:ITEMS_PER_PART]),
        "seminars": list(seminars_ahead(user, now=now)[:ITEMS_PER_PART]),
    }


def _email(user, parts, *, week, base_url) -> EmailMessage:
    body = render_to_string(
        "seminars/email/digest.txt",
        {
            "user": user,
            "week": week,
            **parts,
            "base_url": base_url,
            "preferences_page": f"{base_url}{reverse('notification_preferences')}",
        },
    )
    return EmailMessage(
        subject=_("Your week in the knowledge portal (week of %(date)s)")
        % {"date": formats.date_format(week, "SHORT_DATE_FORMAT")},
        body=body,
        from_email=settings.DEFAULT_FROM_EMAIL,
        to=[user.email],
    )


def recipients(*, week):
    """Active members (or cluster administrators) with an email, the digest on, none this week."""
    users = get_user_model().objects.filter(is_active=True).exclude(email="")
    member = Q(memberships__archived_at__isnull=True) | Q(administered_clusters__isnull=False)
    off = NotificationPreference.objects.filter(
        user=OuterRef("pk"), kind=NoticeKind.DIGEST, email=False
    )
    sent = DigestSent.objects.filter(user=OuterRef("pk"), week=week)
    return users.filter(member).filter(~Exists(off), ~Exists(sent)).distinct().order_by("pk")


def digest_send(user, *, now, base_url: str) -> DigestSent | None:
    """Queue ``user``'s digest of the week once: None when there is nothing to say, or when it
    is already sent (another run wrote the week's row first)."""
    week = week_of(now)
    parts = digest_of(user, now=now)
    items = sum(len(part) for part in parts.values())
    if not items:
        return None
    try:
        with transaction.atomic():
            sent = DigestSent.objects.create(user=user, week=week, items=items)
            with translation.override(settings.LANGUAGE_CODE):
                email = _email(user, parts, week=week, base_url=base_url)
            enqueue([email], kind=MessageKind.DIGEST)
    except IntegrityError:
        return None
    return sent


def digests_send(*, now, base_url: str) -> list[str]:
    """The week's digests of everyone who has something to read: a line for each sent."""
    lines = []
    for user in recipients(week=week_of(now)):
        if sent := digest_send(user, now=now, base_url=base_url):
            lines.append(f"digest: {user.pk} {user.email} ({sent.items} items)")
    return lines
