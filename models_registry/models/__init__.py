"""The registry of exemplary models: write-ups, results as figures, attachments, replications."""

from models_registry.models.counts import UnitModelCount
from models_registry.models.exemplary import (
    REPLICATED_EVIDENCE_MIN_UNITS,
    WRITE_UP_FIELDS,
    ExemplaryModel,
    ExemplaryModelQuerySet,
    Topic,
    evidence_level,
    unique_slug,
)
from models_registry.models.files import (
    Attachment,
    StoredFile,
    attachment_path,
    random_upload_name,
)
from models_registry.models.replications import Indicator, Replication

__all__ = [
    "REPLICATED_EVIDENCE_MIN_UNITS",
    "WRITE_UP_FIELDS",
    "Attachment",
    "ExemplaryModel",
    "ExemplaryModelQuerySet",
    "Indicator",
    "Replication",
    "StoredFile",
    "Topic",
    "UnitModelCount",
    "attachment_path",
    "evidence_level",
    "random_upload_name",
    "unique_slug",
]
