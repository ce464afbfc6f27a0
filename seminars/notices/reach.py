"""Who receives what is meant for a unit, and who stands in when the unit has nobody to receive it.

A seminar's invitation (its changes, its reminder) is for the unit's administrators and organizers;
a question, its notices and its reminder are for the unit's editors and administrators. A unit may
have none of them (a ward whose only organizer moved on): then the administrators of the unit
above receive it — a role held in a unit applies to its sub-units, so they may reply or answer for
it (``emulation_cluster.permissions``) — walking up to the city police department; with nobody
there either, the administrators of the cluster. Administrators, not the editors or organizers of
the unit above: staffing the unit below is theirs to put right, and they are who may do both.

Seminars and Q&A both ask here (``reach``); the seminar page and the invitation form say which
invited units are reached through someone else. Three queries whatever the number of units.
"""

from dataclasses import dataclass

from emulation_cluster.enums import Role
from emulation_cluster.models import Cluster, Membership, Unit

OWN = "own"  # the unit's own people
PARENT = "parent"  # the administrators of a unit above (``Reach.through``)
CLUSTER = "cluster"  # the administrators of the cluster
NOBODY = "nobody"  # nobody at all: nothing can be sent


@dataclass(frozen=True)
class Reach:
    """Who receives what is meant for ``unit``, and why them (``reason``, one of the above)."""

    unit: object
    users: tuple
    reason: str
    through: object = None  # with PARENT: the unit whose administrators stand in

    @property
    def stand_in(self) -> bool:
        """Nobody of the unit itself receives it."""
        return self.reason != OWN


def _ancestors(unit) -> list:
    """The units above ``unit``, nearest first (loaded with it: the tree is three deep)."""
    above, parent = [], unit.parent
    while parent is not None:
        above.append(parent)
        parent = parent.parent
    return above


def _cluster_id(unit):
    for candidate in [unit, *_ancestors(unit)]:
        if candidate.cluster_id is not None:
            return candidate.cluster_id
    return None


def _holders(unit_ids, roles) -> dict[tuple[int, str], list]:
    """(unit id, role) → active users holding it there, by user id (one query)."""
    holders: dict[tuple[int, str], list] = {}
    memberships = (
        Membership.objects.active()
        .filter(unit_id__in=unit_ids, role__in=roles, user__is_active=True)
        .select_related("user")
        .order_by("user_id")
    )
    for membership in memberships:
        holders.setdefault((membership.unit_id, membership.role), []).append(membership.user)
    return holders


def _cluster_admins(cluster_ids) -> dict[int, list]:
    rows = (
        Cluster.administrators.through.objects.filter(
            cluster_id__in=cluster_ids, user__is_active=True
        )
        .select_related("user")
        .order_by("user_id")
    )
    admins: dict[int, list] = {}
    for row in rows:
        admins.setdefault(row.cluster_id, []).append(row.user)
    return admins


def _users(holders, unit_id, roles) -> tuple:
    users = {user.pk: user for role in roles for user in holders.get((unit_id, role), [])}
    return tuple(users[pk] for pk in sorted(users))


def reach(unit_ids, roles) -> dict[int, Reach]:
    """For each unit: its active holders of ``roles``, else the administrators of the nearest
    unit above that has some, else the cluster's administrators (``Reach.reason`` says which)."""
    units = list(
        Unit.objects.filter(pk__in=list(unit_ids)).select_related("parent__parent", "parent")
    )
    tree_ids = {u.pk for unit in units for u in [unit, *_ancestors(unit)]}
    holders = _holders(tree_ids, set(roles) | {Role.ADMIN})
    reaches, orphans = {}, []
    for unit in units:
        if users := _users(holders, unit.pk, roles):
            reaches[unit.pk] = Reach(unit, users, OWN)
            continue
        for above in _ancestors(unit):
            if users := _users(holders, above.pk, {Role.ADMIN}):
                reaches[unit.pk] = Reach(unit, users, PARENT, above)
                break
        else:
            orphans.append(unit)
    if orphans:
        admins = _cluster_admins({_cluster_id(unit) for unit in orphans} - {None})
        for unit in orphans:
            users = tuple(admins.get(_cluster_id(unit), ()))
            reaches[unit.pk] = Reach(unit, users, CLUSTER if users else NOBODY)
    return reaches


def stand_ins(reaches) -> list[Reach]:
    """The reaches where someone stands in (or nobody is there), in the units' order."""
    return sorted((r for r in reaches.values() if r.stand_in), key=lambda r: r.unit.name_sort_key)
