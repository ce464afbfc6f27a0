"""Reads the spread's pages share beside the figures: the reader's cluster and the default year."""

from django.utils import timezone

from emulation_cluster.models import Cluster, Unit
from emulation_cluster.permissions import member_unit_ids


def reader_cluster(user):
    """The cluster of ``user``'s first unit (by the unit tree), else the one they administer,
    else the first cluster (a superuser on a fresh portal). One or two queries."""
    unit_ids = member_unit_ids(user)
    if unit_ids:
        chains = Unit.objects.filter(id__in=unit_ids).order_by("pk")
        for ids in chains.values_list(
            "cluster_id", "parent__cluster_id", "parent__parent__cluster_id"
        ):
            cluster_id = next((pk for pk in ids if pk is not None), None)
            if cluster_id is not None:
                return Cluster.objects.get(pk=cluster_id)
    if user.is_authenticated:
        administered = user.administered_clusters.order_by("pk").first()
        if administered is not None:
            return administered
    return Cluster.objects.order_by("pk").first()


def default_year(years: list[int]):
    """This year's term, else the latest earlier one, else every year (None)."""
    this_year = timezone.localdate().year
    return next((year for year in years if year <= this_year), None)
