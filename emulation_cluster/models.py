"""The cluster itself: member units (a tree), the yearly terms, partners and memberships."""

from django.conf import settings
from django.db import models
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from emulation_cluster.enums import Role, UnitKind
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
    administrators = models.ManyToManyField(
        settings.AUTH_USER_MODEL,
        blank=True,
        related_name="administered_clusters",
        verbose_name=_("cluster administrators"),
    )

    class Meta(VietnameseNamedModel.Meta):
        verbose_name = _("cluster")
        verbose_name_plural = _("clusters")

    def current_term(self):
        """The term of this year, or the latest earlier one (terms are yearly)."""
        return (
            self.terms.filter(year__lte=timezone.localdate().year)
            .select_related("head_unit", "deputy_unit")
            .order_by("-year")
            .first()
        )


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
        from django.core.exceptions import ValidationError

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

    class Meta:
        verbose_name = _("membership")
        verbose_name_plural = _("memberships")
        ordering = ["unit__name_sort_key"]
        constraints = [
            models.UniqueConstraint(fields=["user", "unit"], name="membership_one_per_unit"),
        ]

    def __str__(self):
        return f"{self.user} · {self.unit} · {self.get_role_display()}"
