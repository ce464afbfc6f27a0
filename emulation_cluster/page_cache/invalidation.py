"""Every write a kept page could show bumps the kept pages' versions after its commit.

Saves, deletions and many-to-many changes of the portal's own tables (and of accounts: names
are shown on pages) bump them. Two versions (``store``: the visitors' and the members'), two
rules:

- **Signed-in people's pages** are dropped by every such write but those of
  ``UNSEEN_BY_MEMBERS``: what no kept page shows (the audit log, mail, one-submission tokens,
  invitations to join, reminders' records, calendar keys) and the notices, which a kept page
  never carries (the bell is filled in for each request, ``personal``). The Q&A, seminars,
  memberships, units and roles all bump it.
- **Visitors' pages** also keep through the tables visitors never read
  (``UNSEEN_BY_VISITORS``: the Q&A and the seminars' engagement, written far more often than
  what visitors read).

A new table bumps both until it is listed, so forgetting it costs a little speed, never a
stale page.

The bump waits for the commit: a reader who read the new version before the write committed
would keep the old page under it. It is registered once a transaction (and again after a
rolled-back savepoint had taken it away); a later write of the same transaction that visitors
see widens it to both versions. Writes that bypass signals (``QuerySet.update()``,
``bulk_create``, ``bulk_update``, raw SQL and the database's triggers) are seen only after
``PAGE_CACHE_SECONDS``, unless their service calls ``announce_write()``: the portal's writes
to what kept pages show take that path only beside a save of the same transaction (a vote's
count beside the vote, an answer's count beside the answer, the tree of a unit moved beside
the unit) or call it (the agenda's order, the invitations of a seminar). Bounded by time
alone: the unit pages' question figures, recounted by a periodic job
(``seminars.qa.unit_figures``), what the passing time changes ("the next seminar", whether a
seminar has begun, relative dates) and the kept counts' totals are exact by their triggers.
"""

from django.db import DEFAULT_DB_ALIAS, connections, transaction
from django.db.models.signals import m2m_changed, post_delete, post_save

from emulation_cluster.page_cache import store

WATCHED_APPS = frozenset({"emulation_cluster", "models_registry", "seminars", "auth"})
UNSEEN_BY_MEMBERS = frozenset(
    {
        # emulation_cluster: the audit log, one-submission tokens, the outbox, invitations
        "emulation_cluster.AuditEntry",
        "emulation_cluster.FormSubmission",
        "emulation_cluster.OutgoingMessage",
        "emulation_cluster.Invitation",
        # the search's kept counts: storing one changes no number (they are exact)
        "emulation_cluster.StoredCount",
        "emulation_cluster.StoredCountCell",
        # seminars: notices are filled in per request; the rest is on no kept page
        "seminars.Notice",
        "seminars.NotificationPreference",
        "seminars.DigestSent",
        "seminars.SeminarReminder",
        "seminars.QuestionReminder",
        "seminars.CalendarFeedKey",
    }
)
UNSEEN_BY_VISITORS = UNSEEN_BY_MEMBERS | frozenset(
    {
        # seminars: the Q&A is for members only (seminars.qa.permissions)
        "seminars.Question",
        "seminars.QuestionAttachment",
        "seminars.Answer",
        "seminars.Comment",
        "seminars.Vote",
        "seminars.Follow",
        "seminars.UnitQuestionFigures",
    }
)
# A sign-in writes ``last_login``, which no page shows.
_UNSEEN_FIELDS = frozenset({"last_login"})


class _Bump:
    """The callback waiting for a transaction's commit; ``visitors`` widens it to both."""

    def __init__(self, visitors: bool):
        self.visitors = visitors

    def __call__(self):
        store.bump_versions(visitors=self.visitors)


def _pending(connection) -> _Bump | None:
    for _sids, func, _robust in connection.run_on_commit:
        if isinstance(func, _Bump):
            return func
    return None


def bump_after_commit(using=DEFAULT_DB_ALIAS, *, visitors: bool = True) -> None:
    connection = connections[using]
    if connection.in_atomic_block and (pending := _pending(connection)) is not None:
        pending.visitors = pending.visitors or visitors
        return
    # Robust: the write is committed whatever the cache says; the TTL bounds the damage.
    transaction.on_commit(_Bump(visitors), using=using, robust=True)


def announce_write(using=DEFAULT_DB_ALIAS, *, visitors: bool = True) -> None:
    """For a service whose write sends no signal (``bulk_update``, ``QuerySet.update()``) and
    changes what a kept page shows: the same bump as a save's."""
    bump_after_commit(using, visitors=visitors)


def _watched(sender) -> bool:
    meta = sender._meta
    return meta.app_label in WATCHED_APPS and meta.label not in UNSEEN_BY_MEMBERS


def _bump_for(sender, using) -> None:
    if _watched(sender):
        bump_after_commit(using, visitors=sender._meta.label not in UNSEEN_BY_VISITORS)


def _saved(sender, update_fields=None, using=DEFAULT_DB_ALIAS, **kwargs):
    if update_fields is not None and set(update_fields) <= _UNSEEN_FIELDS:
        return
    _bump_for(sender, using)


def _deleted(sender, using=DEFAULT_DB_ALIAS, **kwargs):
    _bump_for(sender, using)


def _relation_changed(sender, action, using=DEFAULT_DB_ALIAS, **kwargs):
    if action.startswith("post_"):
        _bump_for(sender, using)


def connect() -> None:
    post_save.connect(_saved, dispatch_uid="page_cache_saved")
    post_delete.connect(_deleted, dispatch_uid="page_cache_deleted")
    m2m_changed.connect(_relation_changed, dispatch_uid="page_cache_relation_changed")
