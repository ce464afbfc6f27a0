"""Writing search documents: built by the apps, written here in bulk, rebuilt on every change.

``write_documents`` is the one writer (a multi-row upsert that computes the weighted
``tsvector`` in the database from text folded here); ``refresh`` rebuilds the documents of some
objects of one kind (and deletes those that are gone or must no longer be found); ``follow``
connects a model's saves and deletions to the kinds that depend on it. The bench fills its
tables with the same ``Document`` rows and the same writer.
"""

import re
from collections.abc import Callable, Iterable
from dataclasses import dataclass, field
from datetime import datetime

from django.db import connection
from django.db.models.signals import m2m_changed, post_delete, post_save

from emulation_cluster.search import counts, registry
from emulation_cluster.search.models import SearchDocument
from emulation_cluster.vietnamese import fold

# Text beyond this is neither indexed nor kept for snippets (a long PDF's first pages).
TEXT_LIMIT = 60_000
BATCH = 500
_WORD = re.compile(r"[^\W_]+")


def indexed_words(text: str) -> str:
    """The folded words of ``text`` separated by spaces: what the ``tsvector`` is made of.

    Splitting here (not by PostgreSQL's parser) makes documents and queries agree on what a
    word is: "quy-trình" is the two words "quy" and "trinh" on both sides.
    """
    return " ".join(_WORD.findall(fold(text or "")))


@dataclass
class Document:
    """One row of ``SearchDocument`` before it is written (see its columns)."""

    kind: str
    object_id: int
    title: str
    url: str
    occurred_at: datetime
    summary: str = ""
    body: str = ""
    context: str = ""
    model_id: int | None = None
    seminar_id: int | None = None
    published_at: datetime | None = None
    visibility: str = ""
    owner_unit_id: int | None = None
    host_unit_id: int | None = None
    status: str = ""
    city_id: int | None = None
    topic_ids: list[int] = field(default_factory=list)
    year: int | None = None
    score: int = 0


_COLUMNS = (
    "kind",
    "object_id",
    "model_id",
    "seminar_id",
    "published_at",
    "visibility",
    "owner_unit_id",
    "host_unit_id",
    "status",
    "city_id",
    "topic_ids",
    "year",
    "score",
    "occurred_at",
    "title",
    "context",
    "url",
    "summary",
    "body",
)
_VECTOR = (
    "setweight(to_tsvector('simple', %s), 'A') || setweight(to_tsvector('simple', %s), 'B')"
    " || setweight(to_tsvector('simple', %s), 'C')"
)


def _values(document: Document) -> list:
    document.title = document.title[:1000]
    document.summary = document.summary[:TEXT_LIMIT]
    document.body = document.body[:TEXT_LIMIT]
    return [getattr(document, column) for column in _COLUMNS] + [
        indexed_words(document.title),
        indexed_words(document.summary),
        indexed_words(document.body),
    ]


def write_documents(documents: Iterable[Document]) -> int:
    """Insert or replace ``documents`` (by kind and object), in batches; returns how many."""
    table = SearchDocument._meta.db_table
    columns = ", ".join(_COLUMNS)
    updates = ", ".join(f"{column} = EXCLUDED.{column}" for column in (*_COLUMNS, "search_vector"))
    row = "(" + ", ".join(["%s"] * len(_COLUMNS)) + ", " + _VECTOR + ")"
    written = 0
    batch: list[list] = []

    def flush():
        if not batch:
            return
        sql = (
            f"INSERT INTO {table} ({columns}, search_vector) VALUES "
            + ", ".join([row] * len(batch))
            + f" ON CONFLICT (kind, object_id) DO UPDATE SET {updates}"
        )
        with connection.cursor() as cursor:
            cursor.execute(sql, [value for values in batch for value in values])
        batch.clear()

    for document in documents:
        batch.append(_values(document))
        written += 1
        if len(batch) >= BATCH:
            flush()
    flush()
    return written


def refresh(kind_name: str, ids: Iterable[int]) -> None:
    """Rebuild the documents of these objects of one kind; delete those no longer found."""
    ids = {int(pk) for pk in ids if pk is not None}
    kind = registry.kind(kind_name)
    if not ids or kind is None:
        return
    documents = list(kind.documents(kind.model._default_manager.filter(pk__in=ids)))
    kept = {document.object_id for document in documents}
    write_documents(documents)
    gone = ids - kept
    if gone:
        SearchDocument.objects.filter(kind=kind_name, object_id__in=gone).delete()


def rebuild(kind_name: str) -> int:
    """Every document of one kind from scratch (``manage.py search_reindex``)."""
    kind = registry.kind(kind_name)
    # Kept counts would follow every row deleted and written again: counted afresh instead.
    counts.forget_all()
    SearchDocument.objects.filter(kind=kind_name).delete()
    written = 0
    pks = list(kind.model._default_manager.order_by("pk").values_list("pk", flat=True))
    for start in range(0, len(pks), BATCH * 4):
        chunk = kind.model._default_manager.filter(pk__in=pks[start : start + BATCH * 4])
        written += write_documents(kind.documents(chunk))
    return written


def follow(model, ids_of: Callable[[object], dict[str, Iterable[int]]], *, m2m=None) -> None:
    """When an object of ``model`` is saved or deleted (or its ``m2m`` relation changes),
    refresh the documents ``ids_of(instance)`` names: ``{kind: object ids}``."""

    def changed(sender, instance, **kwargs):
        if kwargs.get("raw"):
            return  # loading fixtures: ``search_reindex`` builds the index afterwards
        action = kwargs.get("action")
        if action is not None and not action.startswith("post_"):
            return
        changed_objects = [instance]
        if kwargs.get("reverse"):
            # Changed from the other side (``topic.models.add(...)``): the objects are named.
            changed_objects = model._default_manager.filter(pk__in=kwargs.get("pk_set") or ())
        for changed_object in changed_objects:
            for kind_name, ids in ids_of(changed_object).items():
                refresh(kind_name, ids)

    uid = f"search-{model._meta.label}-{ids_of.__module__}.{ids_of.__qualname__}"
    post_save.connect(changed, sender=model, weak=False, dispatch_uid=uid)
    post_delete.connect(changed, sender=model, weak=False, dispatch_uid=uid + "-delete")
    if m2m is not None:
        m2m_changed.connect(changed, sender=m2m, weak=False, dispatch_uid=uid + "-m2m")
