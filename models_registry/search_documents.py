"""The registry's search documents: models and their attachments (registered in ``ready``).

A model's document is read by ``readable_models_q`` (published by its visibility, drafts by
those who may edit them); an attachment's the same way, with the narrower of the model's and
its own visibility. The documents follow every save and deletion of a model, its topics and its
attachments (``emulation_cluster.search.index.follow``).
"""

from collections.abc import Callable, Iterable

from django.db.models import Prefetch
from django.db.models.signals import post_save, pre_save
from django.utils.translation import gettext_lazy as _

from emulation_cluster.enums import Visibility
from emulation_cluster.models import Unit
from emulation_cluster.search.index import Document, follow, refresh
from emulation_cluster.search.registry import Kind, register
from models_registry.models import Attachment, ExemplaryModel, Topic
from models_registry.models.exemplary import WRITE_UP_FIELDS
from models_registry.permissions import readable_models_q

MODEL_SCORE = 40
DRAFT_SCORE = 0
ATTACHMENT_SCORE = 10
_NARROWNESS = {Visibility.PUBLIC: 0, Visibility.MEMBERS: 1, Visibility.RESTRICTED: 2}


def narrower(first: str, second: str) -> str:
    return max(first, second, key=lambda visibility: _NARROWNESS.get(visibility, 2))


def city_id(unit) -> int | None:
    """The city at the top of ``unit``'s tree (city → district → ward), for the unit facet."""
    while unit is not None and unit.parent_id is not None and unit.parent is not None:
        unit = unit.parent
    return unit.pk if unit is not None else None


def model_columns(model) -> dict:
    """What every document on ``model`` carries: its visibility rule's columns and facets."""
    return {
        "model_id": model.pk,
        "published_at": model.published_at,
        "visibility": model.visibility,
        "owner_unit_id": model.owner_unit_id,
        "city_id": city_id(model.owner_unit),
        "topic_ids": sorted(topic.pk for topic in model.topics.all()),
    }


def _with_owner(models):
    return models.select_related(
        "owner_unit", "owner_unit__parent", "owner_unit__parent__parent"
    ).prefetch_related(Prefetch("topics", queryset=Topic.objects.only("id")))


def model_documents(models):
    """Documents of ``models`` (a queryset), built in three queries whatever their number."""
    for model in _with_owner(models):
        yield Document(
            kind="model",
            object_id=model.pk,
            title=model.title,
            summary=model.summary,
            body="\n".join(getattr(model, name) or "" for name in WRITE_UP_FIELDS[1:]),
            context=model.owner_unit.name,
            url=model.get_absolute_url(),
            occurred_at=model.published_at or model.created_at,
            year=(model.started_on or model.published_at or model.created_at).year,
            # A draft is found by its editors only: after the published models.
            score=MODEL_SCORE if model.published_at else DRAFT_SCORE,
            **model_columns(model),
        )


def attachment_documents(attachments):
    attachments = attachments.select_related(
        "exemplary_model__owner_unit__parent__parent"
    ).prefetch_related(Prefetch("exemplary_model__topics", queryset=Topic.objects.only("id")))
    for attachment in attachments:
        model = attachment.exemplary_model
        columns = model_columns(model)
        columns["visibility"] = narrower(model.visibility, attachment.visibility)
        yield Document(
            kind="attachment",
            object_id=attachment.pk,
            title=attachment.title,
            body=getattr(attachment, "extracted_text", "") or "",
            context=model.title,
            url=attachment.get_absolute_url(),
            occurred_at=attachment.created_at,
            year=attachment.created_at.year,
            score=ATTACHMENT_SCORE,
            **columns,
        )


# Objects refreshed per call of ``refresh`` after a move: a city's tree holds tens of thousands.
MOVE_CHUNK = 1000


def follow_unit_moves(ids_of: Callable[[list[int]], dict[str, Iterable[int]]], name: str) -> None:
    """When a unit is put under another parent (by the service, the admin, any ``save``), its
    tree's documents carry the city of the old parent: refresh the documents that
    ``ids_of(ids of the unit and of every unit below it)`` names, ``{kind: object ids}``.

    The parent as stored is read before the save (one small query per save of a unit; units
    are saved rarely), so a rename or an archive refreshes nothing."""

    def remember_parent(sender, instance, raw=False, **kwargs):
        instance._search_parent_before = (
            Unit.objects.filter(pk=instance.pk).values_list("parent_id", flat=True).first()
            if instance.pk is not None and not raw
            else instance.parent_id
        )

    def refresh_moved(sender, instance, created=False, raw=False, **kwargs):
        before = getattr(instance, "_search_parent_before", instance.parent_id)
        if created or raw or before == instance.parent_id:
            return
        tree = list(
            Unit.objects.filter(tree_path__contains=[instance.pk]).values_list("pk", flat=True)
        )
        for kind_name, ids in ids_of(tree).items():
            ids = list(ids)
            for start in range(0, len(ids), MOVE_CHUNK):
                refresh(kind_name, ids[start : start + MOVE_CHUNK])

    # One reading of the parent for every follower (the same uid connects it once).
    pre_save.connect(remember_parent, sender=Unit, weak=False, dispatch_uid="search-unit-parent")
    post_save.connect(refresh_moved, sender=Unit, weak=False, dispatch_uid=f"{name}-moved")


def _models_below(unit_ids):
    owned = ExemplaryModel.objects.filter(owner_unit_id__in=unit_ids)
    return {
        "model": owned.values_list("pk", flat=True),
        "attachment": Attachment.objects.filter(exemplary_model__in=owned).values_list(
            "pk", flat=True
        ),
    }


def _model_changed(model):
    return {
        "model": [model.pk],
        "attachment": model.attachments.values_list("pk", flat=True),
    }


def _attachment_changed(attachment):
    return {"attachment": [attachment.pk]}


def register_search() -> None:
    register(Kind("model", _("Models"), ExemplaryModel, model_documents, readable_models_q, 10))
    register(
        Kind(
            "attachment",
            _("Attachments"),
            Attachment,
            attachment_documents,
            readable_models_q,
            60,
        )
    )
    follow(ExemplaryModel, _model_changed, m2m=ExemplaryModel.topics.through)
    follow_unit_moves(_models_below, "search-registry-unit-moved")
    follow(Attachment, _attachment_changed)
