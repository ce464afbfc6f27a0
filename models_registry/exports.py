"""The model list as a table to take away (``emulation_cluster.exports`` writes the file)."""

from django.utils import timezone
from django.utils.translation import gettext as _

from emulation_cluster.exports import CHUNK_ROWS, Link, Table


def model_table(models, *, base_url: str) -> Table:
    """One row per model of ``models`` (``selectors.for_export``), as the list shows it."""

    def rows():
        for model in models.iterator(chunk_size=CHUNK_ROWS):
            yield (
                model.title,
                model.get_kind_display(),
                model.owner_unit.name,
                ", ".join(model.topic_names),
                model.get_status_display(),
                model.get_visibility_display(),
                model.get_evidence_level_display(),
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
