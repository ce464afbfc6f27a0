"""The dashboards' figures kept a few minutes, per audience: what makes a page of some twenty
aggregate queries over the whole cluster answer at once for the next reader.

Readers who may see the same things share the figures: the cluster administrators (everything),
and each set of units whose restricted models a member may read (every other rule of the
figures is the same for all members: held seminars are open to every member, and a question is
seen with its model). The figures say when they were counted (``counted_at``); a change shows
within ``FRESH_FOR`` seconds. The annual report reads ``figures`` directly, uncached.
"""

from django.core.cache import cache
from django.utils import timezone

from emulation_cluster.permissions import is_cluster_admin, unit_ids_with_role

FRESH_FOR = 300  # seconds
VERSION = 1  # raise when the figures' shape changes, so that old entries are not read


def audience(reader) -> str:
    if is_cluster_admin(reader):
        return "all"
    return "units-" + "-".join(str(pk) for pk in sorted(unit_ids_with_role(reader)))


def kept(reader, name: str, scope_id, year, compute):
    """``compute()``'s figures for ``reader``'s audience, counted at most ``FRESH_FOR`` ago."""
    key = f"spread:{VERSION}:{name}:{scope_id}:{year or 'all'}:{audience(reader)}"
    found = cache.get(key)
    if found is None:
        found = compute()
        found.counted_at = timezone.now()
        cache.set(key, found, FRESH_FOR)
    return found
