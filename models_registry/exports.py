"""The model list as a table to take away (``emulation_cluster.exports`` writes the file)."""

from django.utils import timezone
from django.utils.translation import gettext as _

from emulation_cluster.exports import CHUNK_ROWS, ChoiceLabels, Link, Table, choice_labels
from models_registry.enums import EvidenceLevel
from models_registry.models import ExemplaryModel


def model_table(models, *, base_url: str) -> Table:
    """One row per model of ``models`` (``selectors.for_export``), as the list shows it."""

    def rows():
        kinds, statuses = (
            choice_labels(ExemplaryModel, "kind"),
            choice_labels(ExemplaryModel, "status"),
        )
        visibilities = choice_labels(ExemplaryModel, "visibility")
        evidence_levels = ChoiceLabels(EvidenceLevel.choices)
        for model in models.iterator(chunk_size=CHUNK_ROWS):
            yield (
                model.title,
                kinds[model.kind],
                model.owner_unit.name,
                ", ".join(model.topic_names),
                statuses[model.status],
                visibilities[model.visibility],
                evidence_levels[model.evidence_level],
                model.replication_count,
                model.started_on,
                timezone.localdate(model.published_at),
                Link(base_url + model.get_absolute_url()),
            )

    headings = [
        _("Title"),
        _("Kind"),
        _("Owner unit"),
        _("Topics"),
        _("Status"),
        _("Visibility"),
        _("Evidence level"),
        _("Replicated by (units)"),
        _("Start date"),
        _("Published at"),
        _("Link"),
    ]
    widths = (60, 18, 36, 40, 14, 22, 26, 12, 12, 16, 60)
    return Table(name=_("Exemplary models"), headings=headings, rows=rows(), widths=widths)
