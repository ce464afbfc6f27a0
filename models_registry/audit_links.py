"""How the cluster's audit page links to a model's entries (registered in ``apps.ready``)."""

from django.urls import reverse

from emulation_cluster.audit_log.links import register
from models_registry.models import Attachment, ExemplaryModel, Replication
from models_registry.permissions import visible_models_q


def _model_page(slug, _pk):
    return reverse("model_detail", kwargs={"slug": slug})


def register_links() -> None:
    register(ExemplaryModel, "slug", _model_page, visible_models_q)
    # An attachment or a replication is read on its model's page.
    for model in (Attachment, Replication):
        register(
            model,
            "exemplary_model__slug",
            _model_page,
            lambda user: visible_models_q(user, "exemplary_model__"),
        )
