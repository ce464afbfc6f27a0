"""Topics (chủ đề) that models are filed under, written by the cluster's administrators."""

from django.db import transaction

from emulation_cluster import audit
from emulation_cluster.administration.common import (
    refuse_if_used,
    refuse_taken_name,
    unique_slug,
)
from emulation_cluster.enums import AuditAction
from models_registry.models import Topic

AUDITED_FIELDS = ["name", "name_en"]


@transaction.atomic
def topic_save(*, topic=None, name, name_en="", actor) -> Topic:
    """Create (``topic`` None) or change a topic; its address is made from the name once, so
    that links to a topic's models keep working after a rename."""
    refuse_taken_name(Topic, name, instance=topic)
    creating = topic is None
    if creating:
        topic, before = Topic(slug=unique_slug(Topic, name, fallback="chu-de")), {}
    else:
        topic = Topic.objects.select_for_update().get(pk=topic.pk)
        before = audit.snapshot(topic, AUDITED_FIELDS)
    topic.name, topic.name_en = name, name_en
    topic.save()
    changes = audit.diff(before, audit.snapshot(topic, AUDITED_FIELDS))
    if changes:
        action = AuditAction.CREATE if creating else AuditAction.CHANGE
        audit.record(actor=actor, action=action, target=topic, changes=changes)
    return topic


@transaction.atomic
def topic_delete(*, topic, actor) -> None:
    """Only a topic no model is filed under is deleted (``refuse_if_used`` says which)."""
    topic = Topic.objects.select_for_update().get(pk=topic.pk)
    refuse_if_used(topic)
    before = audit.snapshot(topic, AUDITED_FIELDS)
    audit.record(
        actor=actor,
        action=AuditAction.DELETE,
        target=topic,
        changes={name: [value, None] for name, value in before.items() if value},
    )
    topic.delete()
