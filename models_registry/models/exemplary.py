"""An exemplary model's write-up, its topics, and the evidence level derived from its spread."""

from django.conf import settings
from django.contrib.postgres.indexes import GinIndex
from django.contrib.postgres.search import SearchVector, SearchVectorField
from django.db import IntegrityError, models, transaction
from django.db.models import Count, F, OuterRef, Q, Subquery
from django.db.models.functions import Coalesce
from django.urls import reverse
from django.utils.text import slugify
from django.utils.translation import get_language
from django.utils.translation import gettext_lazy as _

from emulation_cluster.enums import Visibility
from emulation_cluster.models import Partner, TimeStampedModel, Unit, VietnameseNamedModel
from emulation_cluster.vietnamese import fold, sort_key
from models_registry.enums import (
    EvidenceLevel,
    ModelKind,
    ModelStatus,
    ReplicationState,
)
from models_registry.models.replications import Replication
from models_registry.permissions import visible_models_q

SLUG_ATTEMPTS = 5
# A model counts as replicated once this many other units use it and report results.
REPLICATED_EVIDENCE_MIN_UNITS = 2

WRITE_UP_FIELDS = (
    "summary",
    "problem",
    "objectives",
    "how_it_works",
    "resources_and_cost",
    "results",
    "lessons_learned",
    "replication_conditions",
)


def evidence_level(*, verified: bool, proven_replications: int) -> str:
    """The one place the evidence level is derived; nothing stores it."""
    if proven_replications >= REPLICATED_EVIDENCE_MIN_UNITS:
        return EvidenceLevel.REPLICATED
    if verified:
        return EvidenceLevel.VERIFIED
    return EvidenceLevel.SELF_REPORTED


class Topic(VietnameseNamedModel):
    slug = models.SlugField(_("slug"), max_length=80, unique=True)
    name_en = models.CharField(
        _("name in English"),
        max_length=200,
        blank=True,
        help_text=_("Shown to readers of the English interface (the Vietnamese name if empty)."),
    )

    class Meta(VietnameseNamedModel.Meta):
        verbose_name = _("topic")
        verbose_name_plural = _("topics")

    def __str__(self):
        return self.display_name

    @property
    def display_name(self) -> str:
        """The name in the reader's language."""
        if self.name_en and get_language() == "en":
            return self.name_en
        return self.name


class ExemplaryModelQuerySet(models.QuerySet):
    def published(self):
        return self.filter(published_at__isnull=False)

    def listed_for(self, user):
        """Published models ``user`` may see (the rule of ``permissions.can_view_model``)."""
        return self.filter(visible_models_q(user))

    def with_evidence(self):
        """Annotate how many other units use the model with results (for ``evidence_level``)."""
        proven = (
            Replication.objects.filter(
                exemplary_model=OuterRef("pk"),
                state=ReplicationState.IN_USE,
                indicators__isnull=False,
            )
            .values("exemplary_model")
            .annotate(units=Count("adopting_unit", distinct=True))
            .values("units")
        )
        return self.annotate(proven_replications=Coalesce(Subquery(proven), 0))

    def for_listing(self):
        return self.select_related("owner_unit").prefetch_related("topics").with_evidence()


class ExemplaryModel(TimeStampedModel):
    """A good practice of a unit (mô hình, chuyên đề or sáng kiến), written up to be copied."""

    title = models.CharField(_("title"), max_length=250)
    # Made from the title on first save when left blank.
    slug = models.SlugField(_("slug"), max_length=120, unique=True, blank=True)
    # Vietnamese alphabetical order of titles (see emulation_cluster/vietnamese.py).
    title_sort_key = models.CharField(max_length=800, editable=False, db_collation="C", default="")
    kind = models.CharField(
        _("kind"), max_length=16, choices=ModelKind.choices, default=ModelKind.MODEL
    )
    owner_unit = models.ForeignKey(
        Unit, verbose_name=_("owner unit"), on_delete=models.PROTECT, related_name="models_owned"
    )
    partners = models.ManyToManyField(
        Partner, verbose_name=_("partner organisations"), blank=True, related_name="models"
    )
    topics = models.ManyToManyField(
        Topic, verbose_name=_("topics"), blank=True, related_name="models"
    )
    status = models.CharField(
        _("status"), max_length=16, choices=ModelStatus.choices, default=ModelStatus.OPERATING
    )
    started_on = models.DateField(_("start date"), null=True, blank=True)
    visibility = models.CharField(
        _("visibility"),
        max_length=16,
        choices=Visibility.choices,
        default=Visibility.MEMBERS,
        help_text=_("Who may read the model once it is published."),
    )

    summary = models.TextField(_("summary"), max_length=2000)
    problem = models.TextField(_("problem"), blank=True, max_length=20000)
    objectives = models.TextField(_("objectives"), blank=True, max_length=20000)
    how_it_works = models.TextField(_("how it works"), blank=True, max_length=20000)
    resources_and_cost = models.TextField(_("resources and cost"), blank=True, max_length=20000)
    results = models.TextField(_("results"), blank=True, max_length=20000)
    lessons_learned = models.TextField(_("lessons learned"), blank=True, max_length=20000)
    replication_conditions = models.TextField(
        _("conditions for replication"), blank=True, max_length=20000
    )

    # Readiness checklist: can another unit copy it?
    has_guide = models.BooleanField(_("a guide or manual exists"), default=False)
    training_offered = models.BooleanField(_("training is offered"), default=False)
    cost_known = models.BooleanField(_("the cost is known"), default=False)
    contact_name = models.CharField(_("contact person"), max_length=200, blank=True)
    contact_details = models.CharField(_("contact details"), max_length=200, blank=True)

    published_at = models.DateTimeField(_("published at"), null=True, blank=True, editable=False)
    verified_at = models.DateTimeField(
        _("verified by the cluster at"), null=True, blank=True, editable=False
    )
    verified_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("verified by"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
        editable=False,
    )
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("created by"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
        editable=False,
    )
    is_demo = models.BooleanField(_("demo data"), default=False)

    # Search: diacritic-free copies of the text, indexed with the "simple" configuration.
    search_title = models.TextField(editable=False, default="")
    search_body = models.TextField(editable=False, default="")
    search_vector = models.GeneratedField(
        expression=SearchVector("search_title", weight="A", config="simple")
        + SearchVector("search_body", weight="B", config="simple"),
        output_field=SearchVectorField(),
        db_persist=True,
    )

    objects = ExemplaryModelQuerySet.as_manager()

    class Meta:
        verbose_name = _("exemplary model")
        verbose_name_plural = _("exemplary models")
        ordering = ["-published_at", "-created_at"]
        indexes = [
            GinIndex(fields=["search_vector"], name="model_search_gin"),
            models.Index(fields=["-published_at"], name="model_published_idx"),
            # The visibility filter of every list and its count, read from the index alone.
            models.Index(
                fields=["published_at", "visibility", "owner_unit"], name="model_listed_idx"
            ),
            models.Index(fields=["title_sort_key", "id"], name="model_title_order_idx"),
            models.Index(fields=["started_on"], name="model_started_idx"),
            # The list's sorts as the list orders them (the id breaks ties), so that a page is
            # read from an index, not sorted from the whole table.
            models.Index(fields=["-published_at", "-id"], name="model_newest_order_idx"),
            models.Index(
                F("started_on").desc(nulls_last=True),
                F("id").desc(),
                name="model_started_order_idx",
            ),
            # A unit tree's count of visible models: the units' entries of the index only.
            models.Index(
                fields=["owner_unit", "visibility"],
                condition=Q(published_at__isnull=False),
                name="model_unit_listed_idx",
            ),
            # The spread's figures count published models by unit, visibility and evidence
            # from the index alone (the table's rows carry the long write-ups).
            models.Index(
                fields=["published_at"],
                include=["id", "owner_unit", "visibility", "verified_at"],
                condition=Q(published_at__isnull=False),
                name="model_spread_idx",
            ),
            # Who may read a model (``permissions.visible_models_q``), by its id from the index
            # alone: every Q&A list joins each question to its model for it.
            models.Index(
                fields=["id"],
                include=["published_at", "visibility", "owner_unit"],
                name="model_reader_idx",
            ),
        ]
        constraints = [
            models.CheckConstraint(
                condition=Q(verified_at__isnull=True) | Q(published_at__isnull=False),
                name="model_verified_only_if_published",
            ),
        ]

    def __str__(self):
        return self.title

    def get_absolute_url(self):
        return reverse("model_detail", kwargs={"slug": self.slug})

    def save(self, *args, **kwargs):
        if not self.slug:
            return self._save_with_new_slug(*args, **kwargs)
        self.title_sort_key = sort_key(self.title)
        self.search_title = fold(self.title)
        self.search_body = fold("\n".join(getattr(self, field) or "" for field in WRITE_UP_FIELDS))
        update_fields = kwargs.get("update_fields")
        if update_fields is not None:
            kwargs["update_fields"] = {
                *update_fields,
                "title_sort_key",
                "search_title",
                "search_body",
            }
        super().save(*args, **kwargs)

    def _save_with_new_slug(self, *args, **kwargs):
        """Two models of the same title saved at once would take the same slug: the second
        waits for the first on the unique index, then takes the next free slug."""
        for attempt in range(SLUG_ATTEMPTS):
            self.slug = unique_slug(ExemplaryModel, self.title)
            try:
                with transaction.atomic():
                    return self.save(*args, **kwargs)
            except IntegrityError as error:
                if "slug" not in str(error) or attempt == SLUG_ATTEMPTS - 1:
                    raise
                self.slug = ""

    @property
    def is_published(self) -> bool:
        return self.published_at is not None

    @property
    def is_verified(self) -> bool:
        return self.verified_at is not None

    @property
    def evidence_level(self) -> str:
        proven = getattr(self, "proven_replications", None)
        if proven is None:
            proven = type(self).objects.with_evidence().get(pk=self.pk).proven_replications
        return evidence_level(verified=self.is_verified, proven_replications=proven)

    def get_evidence_level_display(self):
        return EvidenceLevel(self.evidence_level).label

    @property
    def readiness(self) -> list[tuple[str, bool]]:
        return [
            (_("A guide or manual exists"), self.has_guide),
            (_("Training is offered"), self.training_offered),
            (_("The cost is known"), self.cost_known),
            (_("A named contact"), bool(self.contact_name.strip())),
        ]

    @property
    def is_ready_to_replicate(self) -> bool:
        return all(ok for _label, ok in self.readiness)

    def write_up_sections(self):
        """(label, markdown) of each write-up section, in reading order."""
        return [
            (self._meta.get_field(field).verbose_name, getattr(self, field))
            for field in WRITE_UP_FIELDS
            if field != "summary"
        ]


def unique_slug(model_class, text: str, max_length: int = 100) -> str:
    base = slugify(fold(text))[:max_length].strip("-") or "mo-hinh"
    slug, n = base, 2
    while model_class.objects.filter(slug=slug).exists():
        slug = f"{base}-{n}"
        n += 1
    return slug
