"""A unit's figures on the questions to it, computed by a periodic job (``qa.unit_figures``)."""

from django.db import models
from django.utils.translation import gettext_lazy as _

from emulation_cluster.models import Unit


class FiguresAudience(models.TextChoices):
    """Whose view of the questions a row counts: questions are filtered by the models' visibility,
    and a unit's restricted models are seen by its own people and the administrators only."""

    MEMBERS = "members", _("every member of the cluster")
    ALL = "all", _("everyone who sees the restricted models")


class UnitQuestionFigures(models.Model):
    """Over the visible questions addressed to the unit and its sub-units: how many are open,
    how many had an official answer, and the median time to the first one."""

    unit = models.ForeignKey(
        Unit, verbose_name=_("unit"), on_delete=models.CASCADE, related_name="+"
    )
    audience = models.CharField(_("audience"), max_length=16, choices=FiguresAudience.choices)
    open_count = models.PositiveIntegerField(_("open questions"), default=0)
    answered_count = models.PositiveIntegerField(_("answered questions"), default=0)
    median_wait = models.DurationField(_("median time to a first official answer"), null=True)
    computed_at = models.DateTimeField(_("computed at"))

    class Meta:
        verbose_name = _("unit question figures")
        verbose_name_plural = _("unit question figures")
        constraints = [
            models.UniqueConstraint(
                fields=["unit", "audience"], name="unit_question_figures_one_per_audience"
            )
        ]

    def __str__(self):
        return f"{self.unit_id} · {self.audience}"
