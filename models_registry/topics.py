"""Topics (chủ đề) that models are filed under, written by the cluster's administrators."""

from emulation_cluster.administration.common import entry_delete, entry_save
from models_registry.models import Topic

AUDITED_FIELDS = ["name", "name_en"]


def topic_save(*, topic=None, name, name_en="", actor) -> Topic:
    """Create (``topic`` None) or change a topic."""
    fields = {"name": name, "name_en": name_en}
    return entry_save(Topic, instance=topic, fields=fields, fallback_slug="chu-de", actor=actor)


def topic_delete(*, topic, actor) -> None:
    """Only a topic no model is filed under is deleted."""
    entry_delete(topic, audited=AUDITED_FIELDS, actor=actor)
