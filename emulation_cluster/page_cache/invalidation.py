"""Every write an anonymous visitor could see bumps the kept pages' version after its commit.

Saves, deletions and many-to-many changes of the portal's own tables (and of accounts: names
are shown on pages) bump it, except the tables listed in ``UNSEEN_BY_VISITORS``: what visitors
never read (the Q&A, notices, mail, the audit log), written far more often than what they read.
A new table bumps until it is listed, so forgetting it costs a little speed, never a stale page.

The bump waits for the commit: a visitor who read the new version before the write committed
would keep the old page under it. It is registered once a transaction (and again after a
rolled-back savepoint had taken it away). Writes that bypass signals (``QuerySet.update()``,
``bulk_create``, raw SQL) are seen only after ``PAGE_CACHE_SECONDS``; none of the portal's
writes to what visitors read takes that path (the tree of a unit moved saves the unit too).
"""

from django.db import DEFAULT_DB_ALIAS, connections, transaction
from django.db.models.signals import m2m_changed, post_delete, post_save

from emulation_cluster.page_cache import store

WATCHED_APPS = frozenset({"emulation_cluster", "models_registry", "seminars", "auth"})
UNSEEN_BY_VISITORS = frozenset(
    {
        # emulation_cluster: the audit log, one-submission tokens, the outbox, invitations
        "emulation_cluster.AuditEntry",
        "emulation_cluster.FormSubmission",
        "emulation_cluster.OutgoingMessage",
        "emulation_cluster.Invitation",
        # seminars: the Q&A is for members only (seminars.qa.permissions), and so are notices
        "seminars.Question",
        "seminars.QuestionAttachment",
        "seminars.Answer",
        "seminars.Comment",
        "seminars.Vote",
        "seminars.Follow",
        "seminars.QuestionReminder",
        "seminars.UnitQuestionFigures",
        "seminars.Notice",
        "seminars.NotificationPreference",
        "seminars.DigestSent",
        "seminars.SeminarReminder",
        "seminars.CalendarFeedKey",
    }
)
# A sign-in writes ``last_login``, which no page shows.
_UNSEEN_FIELDS = frozenset({"last_login"})


def _seen_by_visitors(sender) -> bool:
    meta = sender._meta
    return meta.app_label in WATCHED_APPS and meta.label not in UNSEEN_BY_VISITORS


def bump_after_commit(using=DEFAULT_DB_ALIAS) -> None:
    connection = connections[using]
    if connection.in_atomic_block and any(
        func is store.bump_version for _sids, func, _robust in connection.run_on_commit
    ):
        return
    # Robust: the write is committed whatever the cache says; the TTL bounds the damage.
    transaction.on_commit(store.bump_version, using=using, robust=True)


def _saved(sender, update_fields=None, using=DEFAULT_DB_ALIAS, **kwargs):
    if not _seen_by_visitors(sender):
        return
    if update_fields is not None and set(update_fields) <= _UNSEEN_FIELDS:
        return
    bump_after_commit(using)


def _deleted(sender, using=DEFAULT_DB_ALIAS, **kwargs):
    if _seen_by_visitors(sender):
        bump_after_commit(using)


def _relation_changed(sender, action, using=DEFAULT_DB_ALIAS, **kwargs):
    if action.startswith("post_") and _seen_by_visitors(sender):
        bump_after_commit(using)


def connect() -> None:
    post_save.connect(_saved, dispatch_uid="page_cache_saved")
    post_delete.connect(_deleted, dispatch_uid="page_cache_deleted")
    m2m_changed.connect(_relation_changed, dispatch_uid="page_cache_relation_changed")
