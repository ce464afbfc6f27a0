"""Other units adopting a model, and results as figures (of a model or of a replication)."""

from decimal import Decimal

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from emulation_cluster.models import TimeStampedModel, Unit
from models_registry.enums import (
    ReplicationState,
)


class Replication(TimeStampedModel):
    """Another unit adopting a model: when, how far, what it changed, and its own results."""

    exemplary_model = models.ForeignKey(
        "models_registry.ExemplaryModel",
        verbose_name=_("exemplary model"),
        on_delete=models.PROTECT,
        related_name="replications",
    )
    adopting_unit = models.ForeignKey(
        Unit, verbose_name=_("adopting unit"), on_delete=models.PROTECT, related_name="replications"
    )
    started_on = models.DateField(_("start date"), null=True, blank=True)
    state = models.CharField(
        _("state"),
        max_length=16,
        choices=ReplicationState.choices,
        default=ReplicationState.PLANNED,
    )
    adaptations = models.TextField(_("what was adapted"), blank=True, max_length=20000)
    recorded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("recorded by"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
        editable=False,
    )
    is_demo = models.BooleanField(_("demo data"), default=False)

    class Meta:
        verbose_name = _("replication")
        verbose_name_plural = _("replications")
        ordering = ["adopting_unit__name_sort_key"]
        constraints = [
            models.UniqueConstraint(
                fields=["exemplary_model", "adopting_unit"], name="replication_one_per_unit"
            ),
        ]

    def __str__(self):
        return f"{self.exemplary_model} → {self.adopting_unit}"

    def clean(self):
        if (
            self.exemplary_model_id
            and self.adopting_unit_id
            and self.exemplary_model.owner_unit_id == self.adopting_unit_id
        ):
            raise ValidationError(
                {"adopting_unit": _("The owner unit cannot replicate its own model.")}
            )


class Indicator(models.Model):
    """A result given as a figure: before and after, over a period, with its source."""

    exemplary_model = models.ForeignKey(
        "models_registry.ExemplaryModel",
        verbose_name=_("exemplary model"),
        null=True,
        blank=True,
        on_delete=models.CASCADE,
        related_name="indicators",
    )
    replication = models.ForeignKey(
        Replication,
        verbose_name=_("replication"),
        null=True,
        blank=True,
        on_delete=models.CASCADE,
        related_name="indicators",
    )
    name = models.CharField(_("indicator"), max_length=200)
    unit_of_measure = models.CharField(_("unit of measure"), max_length=50, blank=True)
    baseline = models.DecimalField(
        _("baseline"), max_digits=14, decimal_places=2, null=True, blank=True
    )
    result = models.DecimalField(_("result"), max_digits=14, decimal_places=2)
    period = models.CharField(_("period"), max_length=100, blank=True)
    source = models.CharField(_("source"), max_length=200, blank=True)
    position = models.PositiveSmallIntegerField(_("position"), default=0)

    class Meta:
        verbose_name = _("indicator")
        verbose_name_plural = _("indicators")
        ordering = ["position", "id"]
        constraints = [
            models.CheckConstraint(
                condition=Q(exemplary_model__isnull=False, replication__isnull=True)
                | Q(exemplary_model__isnull=True, replication__isnull=False),
                name="indicator_belongs_to_model_or_replication",
            ),
        ]

    def __str__(self):
        return self.name

    @property
    def change(self) -> Decimal | None:
        if self.baseline is None:
            return None
        return self.result - self.baseline

    @property
    def change_percent(self) -> Decimal | None:
        if self.baseline in (None, 0):
            return None
        return (self.result - self.baseline) * 100 / abs(self.baseline)
