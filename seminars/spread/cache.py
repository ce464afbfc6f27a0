"""The dashboards' figures kept a few minutes, per audience: what makes a page of some twenty
aggregate queries over the whole cluster answer at once for the next reader.

Readers who may see the same things share the figures: the cluster administrators (everything),
and each set of units whose restricted models a member may read (every other rule of the
figures is the same for all members: held seminars are open to every member, and a question is
seen with its model). The figures say when they were counted (``counted_at``); a change shows
within ``FRESH_FOR`` seconds. The annual report reads ``figures`` directly, uncached.

Counting the cluster's dashboard afresh takes some twenty aggregate queries over the whole
cluster (hundreds of milliseconds at 20,000 models): a Procrastinate periodic job
(``seminars.tasks.warm_dashboards``, every ``DASHBOARD_WARM_CRON``, more often than
``FRESH_FOR``) counts it again for every audience of every cluster, so that its readers find
it kept (``dashboards_warm``). The units' dashboards are kept as they are read.
"""

from django.contrib.auth import get_user_model
from django.core.cache import cache
from django.utils import timezone

from emulation_cluster.models import Cluster, Membership
from emulation_cluster.permissions import is_cluster_admin, unit_ids_with_role
from seminars.spread import figures
from seminars.spread.selectors import default_year, reader_cluster

FRESH_FOR = 300  # seconds
VERSION = 1  # raise when the figures' shape changes, so that old entries are not read


def audience(reader) -> str:
    if is_cluster_admin(reader):
        return "all"
    return "units-" + "-".join(str(pk) for pk in sorted(unit_ids_with_role(reader)))


def kept(reader, name: str, scope_id, year, compute, *, recount: bool = False):
    """``compute()``'s figures for ``reader``'s audience, counted at most ``FRESH_FOR`` ago
    (counted now when ``recount``)."""
    key = f"spread:{VERSION}:{name}:{scope_id}:{year or 'all'}:{audience(reader)}"
    found = None if recount else cache.get(key)
    if found is None:
        found = compute()
        found.counted_at = timezone.now()
        cache.set(key, found, FRESH_FOR)
    return found


def cluster_board(reader, cluster, year, *, recount: bool = False):
    """The cluster dashboard's figures of ``year`` (None: every year) as ``reader`` sees them."""
    return kept(
        reader,
        "cluster",
        cluster.pk if cluster else None,
        year,
        lambda: figures.cluster_dashboard(reader, cluster, figures.Period(year)),
        recount=recount,
    )


def _readers():
    """One reader per audience: an administrator of each cluster, and one member per set of
    units held (the audience depends on these units only). Two queries."""
    administrators = {
        admin.pk: admin
        for cluster in Cluster.objects.prefetch_related("administrators")
        for admin in cluster.administrators.all()[:1]
    }
    held: dict[int, set[int]] = {}
    plain_members = (
        Membership.objects.active()
        .filter(user__is_active=True, user__is_superuser=False)
        .exclude(user__administered_clusters__isnull=False)  # they read as administrators
    )
    for user_id, unit_id in plain_members.values_list("user_id", "unit_id"):
        held.setdefault(user_id, set()).add(unit_id)
    first_of_each: dict[frozenset, int] = {}
    for user_id, unit_ids in sorted(held.items()):
        first_of_each.setdefault(frozenset(unit_ids), user_id)
    members = get_user_model().objects.filter(pk__in=first_of_each.values())
    return [*administrators.values(), *members]


def dashboards_warm() -> list[str]:
    """Count the cluster dashboard of the default year again for every audience, keeping it
    ``FRESH_FOR``: what the periodic job runs. Returns a line per audience counted."""
    done, lines = set(), []
    for reader in _readers():
        if not reader.is_active:
            continue
        cluster = reader_cluster(reader)
        year = default_year(figures.period_years(cluster))
        key = (cluster.pk if cluster else None, year, audience(reader))
        if key in done:
            continue
        done.add(key)
        cluster_board(reader, cluster, year, recount=True)
        lines.append(f"Dashboard of cluster {key[0]}, {year or 'all years'}, {key[2]}: counted")
    return lines
