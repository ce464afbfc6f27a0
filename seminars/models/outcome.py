"""What a seminar learned: its lessons and proposed solutions, each linked to models."""

from django.db import models
from django.utils.translation import gettext_lazy as _

from models_registry.models import ExemplaryModel
from seminars.models.seminar import Seminar


class Lesson(models.Model):
    """A lesson learned at the seminar (bài học kinh nghiệm)."""

    seminar = models.ForeignKey(
        Seminar, verbose_name=_("seminar"), on_delete=models.CASCADE, related_name="lessons"
    )
    text = models.TextField(_("lesson learned"), max_length=5000)
    exemplary_models = models.ManyToManyField(
        ExemplaryModel, verbose_name=_("models concerned"), blank=True, related_name="lessons"
    )

    class Meta:
        verbose_name = _("lesson learned")
        verbose_name_plural = _("lessons learned")
        ordering = ["id"]

    def __str__(self):
        return self.text[:80]


class Solution(models.Model):
    """A solution or measure proposed at the seminar (giải pháp, biện pháp)."""

    seminar = models.ForeignKey(
        Seminar, verbose_name=_("seminar"), on_delete=models.CASCADE, related_name="solutions"
    )
    text = models.TextField(_("proposed solution"), max_length=5000)
    exemplary_models = models.ManyToManyField(
        ExemplaryModel, verbose_name=_("models concerned"), blank=True, related_name="solutions"
    )

    class Meta:
        verbose_name = _("proposed solution")
        verbose_name_plural = _("proposed solutions")
        ordering = ["id"]

    def __str__(self):
        return self.text[:80]
