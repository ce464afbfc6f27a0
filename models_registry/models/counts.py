"""How many published models each unit owns, by visibility, kept by the database itself.

The home page, the unit list and a unit's page show every unit's number of models a reader may
see, over the unit and its sub-units. Counted on each view, the largest unit's count read some
32,000 model rows (a bitmap heap scan per unit: 0.2–0.46 s at 100,000 models). These rows hold
the same numbers per owner unit and visibility, a few hundred rows in all: a reader's count of a
unit is the sum of the rows of its tree that the reader's visibility rule allows
(``permissions.visible_counts_q``, the rule of ``visible_models_q`` over the same columns), so
each reader sees exactly what counting the models would give.

Triggers on the models' table (migration 0008) keep them in the transaction of every write that
adds, deletes, publishes, withdraws a model or changes its visibility or owner unit, whoever
writes (services, the admin, ``QuerySet.update()``, COPY). A unit moved in the tree needs nothing:
the tree is read from ``Unit.tree_path`` when counting.
"""

from django.db import models
from django.utils.translation import gettext_lazy as _

from emulation_cluster.enums import Visibility
from emulation_cluster.models import Unit


class UnitModelCount(models.Model):
    owner_unit = models.ForeignKey(
        Unit, verbose_name=_("owner unit"), on_delete=models.CASCADE, related_name="+"
    )
    visibility = models.CharField(_("visibility"), max_length=16, choices=Visibility.choices)
    published = models.IntegerField(_("published models"), default=0)

    class Meta:
        verbose_name = _("unit's model count")
        verbose_name_plural = _("units' model counts")
        constraints = [
            models.UniqueConstraint(
                fields=["owner_unit", "visibility"], name="unit_model_count_one_per_visibility"
            ),
        ]

    def __str__(self):
        return f"{self.owner_unit_id} {self.visibility}: {self.published}"
