"""The cluster itself: member units (a tree), the yearly terms, partners and memberships."""

from django.conf import settings
from django.contrib.contenttypes.models import ContentType
from django.contrib.postgres.fields import ArrayField
from django.core.exceptions import FieldDoesNotExist, ValidationError
from django.db import models
from django.db.models.functions import Lower
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from emulation_cluster.enums import AuditAction, Role, UnitKind
from emulation_cluster.vietnamese import sort_key


class TimeStampedModel(models.Model):
    created_at = models.DateTimeField(_("created at"), auto_now_add=True)
    updated_at = models.DateTimeField(_("updated at"), auto_now=True)

    class Meta:
        abstract = True


class VietnameseNamedModel(TimeStampedModel):
    """A row with a name that lists in Vietnamese alphabetical order."""

    name = models.CharField(_("name"), max_length=200)
    # Computed from the name on save; ordered with the binary "C" collation (see vietnamese.py).
    name_sort_key = models.CharField(max_length=600, editable=False, db_collation="C", default="")
    is_demo = models.BooleanField(
        _("demo data"), default=False, help_text=_("Loaded by the demo command, not real data.")
    )

    class Meta:
        abstract = True
        ordering = ["name_sort_key"]

    def __str__(self):
        return self.name

    def save(self, *args, **kwargs):
        self.name_sort_key = sort_key(self.name)
        update_fields = kwargs.get("update_fields")
        if update_fields is not None and "name" in update_fields:
            kwargs["update_fields"] = {*update_fields, "name_sort_key"}
        super().save(*args, **kwargs)


class Cluster(VietnameseNamedModel):
    short_name = models.CharField(_("short name"), max_length=80)
    slug = models.SlugField(_("slug"), max_length=80, unique=True)
    description = models.TextField(_("description"), blank=True)
    invitation_domains = models.CharField(
        _("email domains allowed for invitations"),
        max_length=500,
        blank=True,
        help_text=_("Comma-separated, e.g. “congan.hanoi.gov.vn, ca.gov.vn”. Empty: any domain."),
    )
    administrators = models.ManyToManyField(
        settings.AUTH_USER_MODEL,
        blank=True,
        related_name="administered_clusters",
        verbose_name=_("cluster administrators"),
    )

    class Meta(VietnameseNamedModel.Meta):
        verbose_name = _("cluster")
        verbose_name_plural = _("clusters")

    def allows_invitation_to(self, email: str) -> bool:
        domains = [d.strip().lower().lstrip("@") for d in self.invitation_domains.split(",")]
        domains = [d for d in domains if d]
        if not domains:
            return True
        email_domain = email.rpartition("@")[2].lower()
        return any(email_domain == d or email_domain.endswith("." + d) for d in domains)

    def current_term(self):
        """The term of this year, or the latest earlier one (terms are yearly)."""
        return (
            self.terms.filter(year__lte=timezone.localdate().year)
            .select_related("head_unit", "deputy_unit")
            .order_by("-year")
            .first()
        )


class UnitQuerySet(models.QuerySet):
    def active(self):
        """Units still in use: an archived unit keeps its history but takes nothing new."""
        return self.filter(archived_at__isnull=True)


class Unit(VietnameseNamedModel):
    short_name = models.CharField(_("short name"), max_length=80)
    slug = models.SlugField(_("slug"), max_length=80, unique=True)
    kind = models.CharField(_("kind"), max_length=16, choices=UnitKind.choices)
    parent = models.ForeignKey(
        "self",
        verbose_name=_("parent unit"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="sub_units",
    )
    cluster = models.ForeignKey(
        Cluster,
        verbose_name=_("cluster"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="units",
        help_text=_("The cluster a city police department belongs to; sub-units inherit it."),
    )
    city = models.CharField(_("city"), max_length=80)
    # An archived unit (merged, dissolved) keeps its models, questions, people and history; it
    # leaves the unit list and the choice lists for new things, and can be restored.
    archived_at = models.DateTimeField(_("archived at"), null=True, blank=True)
    # The ids from the city down to this unit ([city, district, ward]): a unit's tree is the
    # units whose path contains its id, one lookup that lets the big tables' indexes on
    # ``owner_unit_id`` apply (``selectors.in_unit_tree``). Written by the database (triggers
    # of migration 0008) on every insert and on every change of ``parent``, for the unit and
    # its sub-units, whoever writes: the services, the admin, bulk loads. Read it from the
    # database, never from an instance just saved.
    tree_path = ArrayField(models.BigIntegerField(), editable=False, default=list)

    objects = UnitQuerySet.as_manager()

    class Meta(VietnameseNamedModel.Meta):
        verbose_name = _("unit")
        verbose_name_plural = _("units")
        constraints = [
            models.CheckConstraint(
                condition=~models.Q(parent=models.F("id")), name="unit_not_its_own_parent"
            ),
            models.CheckConstraint(
                condition=models.Q(kind=UnitKind.CITY) | models.Q(parent__isnull=False),
                name="unit_sub_unit_has_parent",
            ),
        ]

    def get_absolute_url(self):
        return reverse("unit_detail", kwargs={"slug": self.slug})

    def clean(self):
        ancestor = self.parent
        while ancestor is not None:
            if ancestor.pk == self.pk and self.pk is not None:
                raise ValidationError({"parent": _("A unit cannot be placed under itself.")})
            ancestor = ancestor.parent


class ClusterTerm(TimeStampedModel):
    """One year of the cluster: who heads it, who is deputy, and which units were members."""

    cluster = models.ForeignKey(
        Cluster, verbose_name=_("cluster"), on_delete=models.PROTECT, related_name="terms"
    )
    year = models.PositiveSmallIntegerField(_("year"))
    head_unit = models.ForeignKey(
        Unit, verbose_name=_("head unit"), on_delete=models.PROTECT, related_name="+"
    )
    deputy_unit = models.ForeignKey(
        Unit,
        verbose_name=_("deputy unit"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
    )
    member_units = models.ManyToManyField(
        Unit, verbose_name=_("member units"), related_name="cluster_terms"
    )
    is_demo = models.BooleanField(_("demo data"), default=False)

    class Meta:
        verbose_name = _("cluster term")
        verbose_name_plural = _("cluster terms")
        ordering = ["-year"]
        constraints = [
            models.UniqueConstraint(fields=["cluster", "year"], name="cluster_term_one_per_year"),
            models.CheckConstraint(
                condition=~models.Q(head_unit=models.F("deputy_unit")),
                name="cluster_term_head_is_not_deputy",
            ),
            models.CheckConstraint(
                condition=models.Q(year__gte=2000, year__lte=2100), name="cluster_term_year_range"
            ),
        ]

    def __str__(self):
        return f"{self.cluster.short_name} {self.year}"


class Partner(VietnameseNamedModel):
    """An organisation outside the police that runs a model with a unit."""

    slug = models.SlugField(_("slug"), max_length=80, unique=True)
    city = models.CharField(_("city"), max_length=80, blank=True)
    description = models.TextField(_("description"), blank=True)

    class Meta(VietnameseNamedModel.Meta):
        verbose_name = _("partner organisation")
        verbose_name_plural = _("partner organisations")


class MembershipQuerySet(models.QuerySet):
    def active(self):
        return self.filter(archived_at__isnull=True)


class Membership(TimeStampedModel):
    user = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("user"),
        on_delete=models.CASCADE,
        related_name="memberships",
    )
    unit = models.ForeignKey(
        Unit, verbose_name=_("unit"), on_delete=models.PROTECT, related_name="memberships"
    )
    role = models.CharField(_("role"), max_length=16, choices=Role.choices, default=Role.MEMBER)
    # Leaving a unit archives the membership: its history stays.
    archived_at = models.DateTimeField(_("archived at"), null=True, blank=True)

    objects = MembershipQuerySet.as_manager()

    class Meta:
        verbose_name = _("membership")
        verbose_name_plural = _("memberships")
        ordering = ["unit__name_sort_key"]
        constraints = [
            models.UniqueConstraint(fields=["user", "unit"], name="membership_one_per_unit"),
        ]

    def __str__(self):
        return f"{self.user} · {self.unit} · {self.get_role_display()}"


class Invitation(TimeStampedModel):
    """A person invited by email to join a unit with a role; the link is single use and expires."""

    unit = models.ForeignKey(
        Unit, verbose_name=_("unit"), on_delete=models.PROTECT, related_name="invitations"
    )
    email = models.EmailField(_("email"))
    role = models.CharField(_("role"), max_length=16, choices=Role.choices, default=Role.MEMBER)
    invited_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("invited by"),
        null=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    expires_at = models.DateTimeField(_("expires at"))
    accepted_at = models.DateTimeField(_("accepted at"), null=True, blank=True)
    accepted_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("accepted by"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    revoked_at = models.DateTimeField(_("revoked at"), null=True, blank=True)

    class Meta:
        verbose_name = _("invitation")
        verbose_name_plural = _("invitations")
        ordering = ["-created_at"]
        constraints = [
            models.UniqueConstraint(
                Lower("email"),
                "unit",
                condition=models.Q(accepted_at__isnull=True, revoked_at__isnull=True),
                name="invitation_one_pending_per_unit_and_email",
            ),
        ]

    def __str__(self):
        return f"{self.email} → {self.unit}"

    @property
    def is_pending(self) -> bool:
        return (
            self.accepted_at is None
            and self.revoked_at is None
            and self.expires_at > timezone.now()
        )


def field_label(model_class, name: str) -> str:
    """What a change of ``name`` is called: a field's name, or the rows of a related table
    (a model's indicators, a seminar's lessons), which have no ``verbose_name`` of their own."""
    try:
        field = model_class._meta.get_field(name)
    except FieldDoesNotExist:
        return name
    if field.auto_created and not field.concrete:
        return field.related_model._meta.verbose_name_plural
    return field.verbose_name


class AuditEntry(models.Model):
    """Who did what, when, to which thing, with the before and after of the changed fields."""

    created_at = models.DateTimeField(_("when"), auto_now_add=True, db_index=True)
    actor = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("who"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    action = models.CharField(_("action"), max_length=16, choices=AuditAction.choices)
    target_type = models.ForeignKey(
        ContentType, on_delete=models.PROTECT, related_name="+", verbose_name=_("kind")
    )
    target_id = models.PositiveBigIntegerField(_("object id"))
    target_repr = models.CharField(_("object"), max_length=300)
    # The thing whose history this belongs to (a model for its attachments and replications).
    subject_type = models.ForeignKey(ContentType, on_delete=models.PROTECT, related_name="+")
    subject_id = models.PositiveBigIntegerField()
    unit = models.ForeignKey(
        Unit,
        verbose_name=_("unit"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
    )
    changes = models.JSONField(_("changes"), default=dict, blank=True)
    note = models.CharField(_("note"), max_length=500, blank=True)

    class Meta:
        verbose_name = _("audit entry")
        verbose_name_plural = _("audit log")
        ordering = ["-created_at", "-id"]
        indexes = [models.Index(fields=["subject_type", "subject_id", "-created_at"])]

    def __str__(self):
        return f"{self.created_at:%Y-%m-%d %H:%M} {self.actor} {self.action} {self.target_repr}"


class FormSubmission(models.Model):
    """A create form sent once: its one-time token and what it made.

    The same form sent twice (a double click, Back and send again, two tabs at once) finds the
    first row's token and gets what the first sending made, instead of making a second one.
    """

    token = models.CharField(_("form token"), max_length=64, unique=True)
    user = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("sent by"),
        on_delete=models.CASCADE,
        related_name="+",
    )
    target_type = models.ForeignKey(
        ContentType, null=True, on_delete=models.CASCADE, related_name="+"
    )
    target_id = models.PositiveBigIntegerField(null=True)
    created_at = models.DateTimeField(_("sent at"), auto_now_add=True)

    class Meta:
        verbose_name = _("form sent")
        verbose_name_plural = _("forms sent")

    def __str__(self):
        return self.token

    @property
    def target(self):
        if self.target_type_id is None:
            return None
        return self.target_type.get_object_for_this_type(pk=self.target_id)


# The outbox keeps its model in its own package; Django finds it here.
from emulation_cluster.outbox.models import OutgoingMessage  # noqa: E402, F401

# The search index keeps its document in its own package; Django finds it here.
from emulation_cluster.search.models import SearchDocument  # noqa: E402, F401
