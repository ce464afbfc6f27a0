"""The search document: one row per searchable object, whatever its app.

The row carries what the search needs and nothing more: the columns of each kind's visibility
rule (named as in the apps, so that their ``visible_*_q`` apply unchanged), the facets (kind,
city, topics, year), a static score that orders very common words from an index, the original
title and text for snippets, and a weighted ``tsvector`` of the folded text (title A, summary B,
body C) on the ``simple`` configuration with a GIN index.
"""

from django.contrib.postgres.fields import ArrayField
from django.contrib.postgres.indexes import GinIndex
from django.contrib.postgres.search import SearchVectorField
from django.db import models
from django.db.models import Case, Q, Value, When
from django.utils.translation import gettext_lazy as _

from emulation_cluster.enums import Visibility

# Who may read a document wholesale, as a reader class (``emulation_cluster.search.readers``):
# 0 every visitor, 1 every member of the cluster, 2 every cluster administrator, 3 none of
# them (what only some units see: a model's draft, a question on a draft). Read by the kept
# counts (``counts.py``): the documents of an audience up to the reader's are counted once for
# all such readers; the few above it that a reader sees through their own units are counted
# for them. ``tests/emulation_cluster/test_search_audience.py`` holds it to every kind's rule.
EVERYONE, MEMBERS, ADMINISTRATORS, SOME_UNITS = 0, 1, 2, 3
_PUBLISHED = Q(published_at__isnull=False)
_OPEN = Q(visibility__in=[Visibility.PUBLIC, Visibility.MEMBERS])
AUDIENCE = Case(
    When(
        Q(kind__in=["model", "attachment"]) & _PUBLISHED & Q(visibility=Visibility.PUBLIC),
        then=Value(EVERYONE),
    ),
    When(Q(kind__in=["model", "attachment"]) & _PUBLISHED & _OPEN, then=Value(MEMBERS)),
    When(Q(kind__in=["model", "attachment"]), then=Value(ADMINISTRATORS)),
    # "draft" is SeminarStatus.DRAFT (seminars depend on this app, not the other way).
    When(Q(kind__in=["seminar", "material"]) & ~Q(status="draft"), then=Value(MEMBERS)),
    When(Q(kind__in=["seminar", "material"]), then=Value(ADMINISTRATORS)),
    When(_PUBLISHED & _OPEN, then=Value(MEMBERS)),
    When(_PUBLISHED, then=Value(ADMINISTRATORS)),
    default=Value(SOME_UNITS),
)


class SearchDocument(models.Model):
    kind = models.CharField(_("kind"), max_length=24)
    object_id = models.BigIntegerField()
    # The objects a document depends on: their changes rebuild it (no foreign keys: the
    # document is a copy, rebuilt or deleted by the apps' hooks).
    model_id = models.BigIntegerField(null=True)
    seminar_id = models.BigIntegerField(null=True)

    # Columns of the visibility rules. Models and everything on them (attachments, questions,
    # answers) read by ``visible_models_q``: the model's ``published_at`` and ``owner_unit_id``,
    # and its ``visibility`` (for an attachment, the narrower of the model's and its own).
    # Seminars and their materials read by ``visible_seminars_q``: ``host_unit_id``, ``status``.
    published_at = models.DateTimeField(null=True)
    visibility = models.CharField(max_length=16, choices=Visibility.choices, blank=True)
    owner_unit_id = models.IntegerField(null=True)
    host_unit_id = models.IntegerField(null=True)
    status = models.CharField(max_length=16, blank=True)

    # Facets.
    city_id = models.IntegerField(null=True)
    topic_ids = ArrayField(models.IntegerField(), default=list)
    year = models.SmallIntegerField(null=True)

    # The order of very common words: higher first (kind, official answers...), then newer.
    score = models.SmallIntegerField(default=0)
    occurred_at = models.DateTimeField()

    title = models.TextField()
    # What the result is found in or belongs to ("Trả lời câu hỏi ...", the model of a file).
    context = models.TextField(blank=True)
    url = models.TextField()
    summary = models.TextField(blank=True)
    body = models.TextField(blank=True)
    search_vector = SearchVectorField()
    audience = models.GeneratedField(
        expression=AUDIENCE, output_field=models.SmallIntegerField(), db_persist=True
    )

    class Meta:
        verbose_name = _("search document")
        verbose_name_plural = _("search documents")
        constraints = [
            models.UniqueConstraint(fields=["kind", "object_id"], name="search_document_object"),
        ]
        indexes = [
            # fastupdate off: a search never pays for a pending list left by the writers.
            GinIndex(fields=["search_vector"], name="search_document_gin", fastupdate=False),
            # Very common words are read in this order, the GIN index left aside.
            models.Index(fields=["-score", "-occurred_at", "-id"], name="search_document_order"),
            # A kind filter walks the same order from the first document of that kind, not
            # through every document of a higher score first.
            models.Index(
                fields=["kind", "-score", "-occurred_at", "-id"], name="search_document_kind_order"
            ),
            # Answers are a third of the documents and come last in the order: the planner, which
            # does not know that, walks the general order through every model and question
            # first (20,000 rows for 20 answers at 5 % of the bench) unless this one is there.
            models.Index(
                fields=["-score", "-occurred_at", "-id"],
                name="search_document_answer_order",
                condition=Q(kind="answer"),
            ),
            # The same order for a visitor, who reads public models and files only (a few per
            # cent of the documents): walked without stepping over everything else.
            models.Index(
                fields=["-score", "-occurred_at", "-id"],
                name="search_document_public_order",
                condition=Q(
                    kind__in=["model", "attachment"],
                    visibility=Visibility.PUBLIC,
                    published_at__isnull=False,
                ),
            ),
            # What a member reads above their audience: their units' own documents.
            models.Index(
                fields=["owner_unit_id"],
                name="search_document_unit_owned",
                condition=Q(audience__gt=MEMBERS),
            ),
            models.Index(
                fields=["host_unit_id"],
                name="search_document_unit_hosted",
                condition=Q(audience__gt=MEMBERS),
            ),
            models.Index(fields=["model_id"], name="search_document_model"),
            models.Index(fields=["seminar_id"], name="search_document_seminar"),
        ]

    def __str__(self):
        return self.title


class StoredCount(models.Model):
    """A search whose matches are counted once, then kept exact by the documents' trigger
    (``counts.py``): the common words, whose fresh count reads hundreds of thousands of rows."""

    text = models.TextField(unique=True)
    query = models.TextField()  # a ``tsquery``, cast by the trigger
    last_used = models.DateTimeField()
    # Whether its periods are kept too (``periods.keep_periods``, on its first deep page).
    periods_kept = models.BooleanField(db_default=False)

    class Meta:
        verbose_name = _("stored search count")
        verbose_name_plural = _("stored search counts")

    def __str__(self):
        return self.text


class StoredCountCell(models.Model):
    """The matches of a stored search in one (audience, kind, city, year, topic): ``n_topic``
    documents have that topic, ``n_doc`` are counted there once (their first topic, or their
    only row when they have none). Every facet, under any filters, is a sum of cells."""

    stored = models.ForeignKey(StoredCount, on_delete=models.CASCADE, related_name="cells")
    audience = models.SmallIntegerField()
    kind = models.CharField(max_length=24)
    city_id = models.IntegerField(null=True)
    year = models.SmallIntegerField(null=True)
    topic = models.IntegerField(null=True)
    n_topic = models.IntegerField()
    n_doc = models.IntegerField()

    class Meta:
        verbose_name = _("stored search count cell")
        verbose_name_plural = _("stored search count cells")
        constraints = [
            models.UniqueConstraint(
                fields=["stored", "audience", "kind", "city_id", "year", "topic"],
                name="stored_count_cell",
                nulls_distinct=False,
            ),
        ]

    def __str__(self):
        return f"{self.stored_id}: {self.kind} {self.n_doc}"


class StoredCountPeriod(models.Model):
    """The matches of a stored search of one audience in one stretch of the proxy order: one
    score and one ``PERIOD_SECONDS`` of ``occurred_at`` (``periods.PERIOD_SQL``). Kept exact by
    the documents' trigger, as the cells are, once counted for the search's first deep page
    (``StoredCount.periods_kept``): a deep page starts its walk at the stretch holding its
    first row, not at the top of the order (``periods.period_walk``)."""

    stored = models.ForeignKey(StoredCount, on_delete=models.CASCADE, related_name="periods")
    audience = models.SmallIntegerField()
    score = models.SmallIntegerField()
    period = models.IntegerField()
    n = models.IntegerField()

    class Meta:
        verbose_name = _("stored search count period")
        verbose_name_plural = _("stored search count periods")
        constraints = [
            models.UniqueConstraint(
                fields=["stored", "audience", "score", "period"], name="stored_count_period"
            ),
        ]

    def __str__(self):
        return f"{self.stored_id}: {self.score} {self.period} {self.n}"
