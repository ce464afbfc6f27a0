"""A unit's nomination of one of its models for a year's emulation award.

Imported by ``seminars/models`` so that Django registers it in the ``seminars`` app. The evidence
(indicators, replications, seminar presentations, questions answered) is not stored here: it is
read from the data each time the nomination is shown, so it can never disagree with the model.
"""

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.urls import reverse
from django.utils.translation import gettext_lazy as _

from emulation_cluster.models import Cluster, TimeStampedModel, Unit
from models_registry.models import ExemplaryModel
from seminars.awards.enums import DECIDED_STATES, EDITABLE_STATES, NominationState

STATEMENT_MAX_LENGTH = 5000
REASON_MAX_LENGTH = 1000

__all__ = ["Nomination"]


class Nomination(TimeStampedModel):
    exemplary_model = models.ForeignKey(
        ExemplaryModel,
        verbose_name=_("exemplary model"),
        on_delete=models.PROTECT,
        related_name="award_nominations",
    )
    # The model's owner unit when it was nominated: the unit that answers for the nomination.
    nominating_unit = models.ForeignKey(
        Unit,
        verbose_name=_("nominating unit"),
        on_delete=models.PROTECT,
        related_name="award_nominations",
    )
    cluster = models.ForeignKey(
        Cluster, verbose_name=_("cluster"), on_delete=models.PROTECT, related_name="+"
    )
    year = models.PositiveSmallIntegerField(_("year"))
    statement = models.TextField(
        _("why this model deserves the award"), max_length=STATEMENT_MAX_LENGTH
    )
    state = models.CharField(
        _("state"),
        max_length=16,
        choices=NominationState.choices,
        default=NominationState.SUBMITTED,
    )
    # The reviewer's reason for the latest return or decline (the history keeps every one).
    reason = models.TextField(_("reason"), max_length=REASON_MAX_LENGTH, blank=True)
    submitted_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("nominated by"),
        null=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    submitted_at = models.DateTimeField(_("sent at"))
    reviewed_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("reviewed by"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    reviewed_at = models.DateTimeField(_("reviewed at"), null=True, blank=True)
    is_demo = models.BooleanField(_("demo data"), default=False)

    class Meta:
        verbose_name = _("award nomination")
        verbose_name_plural = _("award nominations")
        ordering = ["nominating_unit__name_sort_key", "id"]
        constraints = [
            # One nomination per model per year; a unit may nominate several of its models.
            models.UniqueConstraint(
                fields=["exemplary_model", "year"], name="nomination_one_per_model_and_year"
            ),
            models.CheckConstraint(
                condition=Q(year__gte=2000, year__lte=2100), name="nomination_year_range"
            ),
            # Returned or declined: the unit is always told why.
            models.CheckConstraint(
                condition=~Q(state__in=[NominationState.RETURNED, NominationState.DECLINED])
                | ~Q(reason=""),
                name="nomination_reason_when_returned_or_declined",
            ),
        ]
        indexes = [models.Index(fields=["cluster", "year", "state"], name="nomination_year_idx")]

    def __str__(self):
        return f"{self.exemplary_model} ({self.year})"

    def get_absolute_url(self):
        return reverse("nomination_detail", kwargs={"pk": self.pk})

    @property
    def is_decided(self) -> bool:
        return self.state in DECIDED_STATES

    @property
    def is_editable(self) -> bool:
        return self.state in EDITABLE_STATES
