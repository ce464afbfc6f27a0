"""The programme of a seminar: its agenda items, and the documents and slides shown."""

from django.core.exceptions import ValidationError
from django.db import models
from django.db.models import Deferrable, Q
from django.urls import reverse
from django.utils.translation import gettext_lazy as _

from emulation_cluster.dates import local_time
from emulation_cluster.models import Unit
from models_registry.models import ExemplaryModel, StoredFile, random_upload_name
from seminars.enums import (
    AgendaItemKind,
)
from seminars.models.seminar import Seminar


class AgendaItem(models.Model):
    """One item of the programme, in time order; a presentation may present an exemplary model."""

    seminar = models.ForeignKey(
        Seminar, verbose_name=_("seminar"), on_delete=models.CASCADE, related_name="agenda_items"
    )
    position = models.PositiveSmallIntegerField(_("position"), default=0)
    starts_at = models.DateTimeField(_("starts at"))
    kind = models.CharField(
        _("kind"),
        max_length=16,
        choices=AgendaItemKind.choices,
        default=AgendaItemKind.PRESENTATION,
    )
    title = models.CharField(_("title"), max_length=250)
    presenting_unit = models.ForeignKey(
        Unit,
        verbose_name=_("presenting unit"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="agenda_items",
    )
    speaker = models.CharField(
        _("speaker"),
        max_length=250,
        blank=True,
        help_text=_("Rank, name and position."),
    )
    exemplary_model = models.ForeignKey(
        ExemplaryModel,
        verbose_name=_("model presented"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="seminar_presentations",
    )
    is_guest_presentation = models.BooleanField(
        _("guest presentation"),
        default=False,
        help_text=_("The presenting unit presents a model that another unit owns."),
    )

    class Meta:
        verbose_name = _("agenda item")
        verbose_name_plural = _("agenda items")
        ordering = ["position", "starts_at", "id"]
        constraints = [
            # Deferred so that two items can swap places in one transaction.
            models.UniqueConstraint(
                fields=["seminar", "position"],
                name="agenda_item_one_per_position",
                deferrable=Deferrable.DEFERRED,
            ),
            models.CheckConstraint(
                condition=Q(exemplary_model__isnull=True) | Q(kind=AgendaItemKind.PRESENTATION),
                name="agenda_item_model_only_in_presentation",
            ),
        ]

    def __str__(self):
        return self.title

    def presenter_owns_model(self) -> bool:
        """The owner unit, or a unit above it (a city presents its ward's model), owns it."""
        if self.exemplary_model_id is None or self.presenting_unit_id is None:
            return True
        owner = self.exemplary_model.owner_unit
        ancestors = {owner.pk}
        parent = owner.parent
        while parent is not None:
            ancestors.add(parent.pk)
            parent = parent.parent
        return self.presenting_unit_id in ancestors

    def clean(self):
        errors = {}
        seminar = self.seminar
        if self.starts_at and not (seminar.starts_at <= self.starts_at < seminar.ends_at):
            errors["starts_at"] = _(
                "The item starts at %(time)s, outside the seminar's hours (%(start)s–%(end)s)."
            ) % {
                "time": local_time(self.starts_at),
                "start": local_time(seminar.starts_at),
                "end": local_time(seminar.ends_at),
            }
        if self.exemplary_model_id and self.kind != AgendaItemKind.PRESENTATION:
            errors["exemplary_model"] = _("Only a presentation presents a model.")
        if self.kind == AgendaItemKind.PRESENTATION and self.exemplary_model_id:
            if self.presenting_unit_id is None:
                errors["presenting_unit"] = _("Say which unit presents the model.")
            elif self.presenter_owns_model():
                self.is_guest_presentation = False
            elif not self.is_guest_presentation:
                errors["is_guest_presentation"] = _(
                    "%(unit)s does not own “%(model)s” (%(owner)s does): tick “guest "
                    "presentation” to let it present the model as a guest."
                ) % {
                    "unit": self.presenting_unit,
                    "model": self.exemplary_model,
                    "owner": self.exemplary_model.owner_unit,
                }
        else:
            self.is_guest_presentation = False
        if errors:
            raise ValidationError(errors)


def material_path(material, filename: str) -> str:
    return random_upload_name("seminar-materials", filename)


class SeminarMaterial(StoredFile):
    """Slides or a document for the seminar as a whole or for one agenda item."""

    seminar = models.ForeignKey(
        Seminar, verbose_name=_("seminar"), on_delete=models.CASCADE, related_name="materials"
    )
    agenda_item = models.ForeignKey(
        AgendaItem,
        verbose_name=_("agenda item"),
        null=True,
        blank=True,
        on_delete=models.CASCADE,
        related_name="materials",
    )
    file = models.FileField(_("file"), upload_to=material_path, max_length=200)

    class Meta(StoredFile.Meta):
        verbose_name = _("seminar material")
        verbose_name_plural = _("seminar materials")

    def get_absolute_url(self):
        return reverse("material_download", kwargs={"pk": self.seminar_id, "material_pk": self.pk})
